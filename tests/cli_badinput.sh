#!/bin/sh
# The bad-input suite (issue 12): hostile and broken inputs to mctsne.
# Each gives one line naming the file (and the line where there is one)
# and a non-zero exit, or a correct result: never a crash, a hang, a
# non-finite map with exit 0, a lost user file or a silent loss.
# docs/robustness.md lists the cases.
. tests/lib.sh
C=corpora/microcredentials
J=$C/microcredentials.jsonl

# expect_ok NAME CMD...: exit 0 and nothing on stderr but notes.
expect_ok() {
  name=$1; shift
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  ok "$rc" "$name${rc:+ (rc=$rc$(head -c 200 "$T/err" | tr '\n' ' '))}"
}
# finite_map FILE: a map TSV whose every coordinate is a finite number.
finite_map() {
  awk -F'\t' 'NR > 1 { for (i = 1; i <= 2; i++)
                         if ($i !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/) bad = 1 }
              END { exit bad || NR < 2 }' "$1"
}

# ---- files that are not records ----------------------------------------
: > "$T/empty.txt"
expect_fail "empty file" "empty.txt" $MCTSNE prisma "$T/empty.txt" -q
printf '\n\n  \n' > "$T/blank.txt"
expect_fail "blank lines only" "blank.txt" $MCTSNE prisma "$T/blank.txt" -q
head -c 20000 "$MCTSNE" > "$T/binary.bin"
expect_fail "binary file" "binary.bin" $MCTSNE prisma "$T/binary.bin" -q
printf 'a title\nbad \377\376 bytes\n' > "$T/badutf8.txt"
expect_fail "invalid UTF-8 names its line" "badutf8.txt:2" $MCTSNE prisma "$T/badutf8.txt" -q
printf '{"title":"a"}\n{"title":"b\000c"}\n' > "$T/nul.jsonl"
expect_fail "NUL byte names its line" "nul.jsonl:2" $MCTSNE prisma "$T/nul.jsonl" -q
# A 100 MB line, made here (fast: no shell loop).
head -c 100000000 /dev/zero | tr '\0' 'a' > "$T/long.txt"
expect_fail "a 100 MB single line" "long.txt" $MCTSNE prisma "$T/long.txt" -q
expect_fail "a 100 MB single line (embed)" "long.txt" $MCTSNE embed "$T/long.txt" -q -o "$T/long.map"
rm -f "$T/long.txt"

# ---- encodings and line ends -------------------------------------------
printf '\357\273\277TY  - JOUR\r\nTI  - One\r\nPY  - 2020\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Two\r\nER  - \r\n' > "$T/crlf.ris"
$MCTSNE prisma "$T/crlf.ris" -q --json > "$T/j" 2>"$T/err" && grep -q '"identified":	2' "$T/j"
ok $? "BOM and CRLF: both RIS records read"
# UTF-16LE with a BOM (Web of Science tab-delimited): read.
printf 'PT\tAU\tTI\tPY\tUT\nJ\tLee, A\tA title\t2020\tWOS:1\n' |
  iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } > "$T/u16.txt"
$MCTSNE prisma "$T/u16.txt" -q --json > "$T/j" 2>"$T/err" && grep -q '"identified":	1' "$T/j"
ok $? "UTF-16LE with a BOM: read"
printf 'PT\tAU\tTI\tPY\tUT\nJ\tLee, A\tA title\t2020\tWOS:1\n' |
  iconv -f UTF-8 -t UTF-16LE > "$T/u16nobom.txt"
expect_fail "UTF-16 without a BOM" "u16nobom.txt" $MCTSNE prisma "$T/u16nobom.txt" -q

# ---- broken records ------------------------------------------------------
printf 'Authors,Title,Year,EID\n"Lee A.","An open quote,2020,2-s2.0-1\n"Doe J.",Two,2021,2-s2.0-2\n' > "$T/quote.csv"
# libcsv notices on line 3, where the quote opened on line 2 closes.
expect_fail "unterminated quote (Scopus CSV)" "quote.csv:3: CSV: text after a closing quote in the record from line 2" $MCTSNE prisma "$T/quote.csv" -q
printf 'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A title\nPY 2020\n' > "$T/cut.txt"
expect_fail "WoS record cut before ER" "cut.txt:3" $MCTSNE prisma "$T/cut.txt" -q
printf 'TY  - JOUR\nTI  - One\nER  - \n\nTY  - JOUR\nTI  - Two\n' > "$T/cut.ris"
expect_fail "RIS record cut before ER" "cut.ris:5" $MCTSNE prisma "$T/cut.ris" -q
printf '{"title":"one"}\n{"title":"tw' > "$T/cut.jsonl"
expect_fail "JSON Lines cut inside a record" "cut.jsonl:2" $MCTSNE prisma "$T/cut.jsonl" -q
awk 'BEGIN { printf "{\"title\":"; for (i = 0; i < 2000; i++) printf "[";
             for (i = 0; i < 2000; i++) printf "]"; print "}" }' > "$T/deep.jsonl"
expect_fail "JSON nested 2000 deep" "deep.jsonl:1: JSON nested deeper than 1000" $MCTSNE prisma "$T/deep.jsonl" -q
# Content decides the format, not the name: JSON Lines called .ris.
cp $J "$T/really-jsonl.ris"
$MCTSNE prisma "$T/really-jsonl.ris" -q --json > "$T/j" 2>"$T/err" && grep -q '"identified":	113' "$T/j"
ok $? "a file named .ris holding JSON Lines is read as what it is"
expect_fail "--format ris on JSON Lines" "really-jsonl.ris:1" $MCTSNE prisma "$T/really-jsonl.ris" --format ris -q

# ---- queries -------------------------------------------------------------
# (an argument is at most 128 KB)
q=$(awk 'BEGIN { printf "TITLE("; for (i = 0; i < 50000; i++) printf "(";
                 printf "a"; for (i = 0; i < 50000; i++) printf ")"; printf ")" }')
expect_fail "a query nested 50000 deep" "nested deeper than 100" $MCTSNE prisma $J --query "$q" -q

# ---- dense numbers ---------------------------------------------------------
printf '1\t2\n3\tnan\n' > "$T/nan.tsv"
expect_fail "NaN in dense input" "nan.tsv:2: column 2" $MCTSNE embed --dense "$T/nan.tsv" -q
printf '1\t2\n3\t4\ninf\t1\n' > "$T/inf.tsv"
expect_fail "Inf in dense input" "inf.tsv:3: column 1" $MCTSNE embed --dense "$T/inf.tsv" -q
printf '1\t2\n3\t4\t5\n' > "$T/ragged.tsv"
expect_fail "ragged dense rows" "ragged.tsv:2: 3 columns" $MCTSNE embed --dense "$T/ragged.tsv" -q
printf '1\t2\n3\t1e999\n' > "$T/over.tsv"
expect_fail "a number that overflows" "over.tsv:2: column 2" $MCTSNE embed --dense "$T/over.tsv" -q
awk 'BEGIN { srand(3); for (i = 0; i < 30; i++)
             printf "%.6e\t%.6e\t%.6e\n", (rand() - .5) * 1e160, rand() * 1e161, -rand() * 1e159 }' > "$T/huge.tsv"
$MCTSNE embed --dense "$T/huge.tsv" -q -o "$T/huge.map" 2>"$T/err" && finite_map "$T/huge.map"
ok $? "values about 1e160: a finite map"
printf '1\t2\n' > "$T/one.tsv"
$MCTSNE embed --dense "$T/one.tsv" -q -o "$T/one.map" 2>"$T/err" && [ "$(sed -n 2p "$T/one.map" | cut -f1,2)" = "0	0" ]
ok $? "N = 1: the origin"
printf '1\t2\n5\t7\n' > "$T/two.tsv"
$MCTSNE embed --dense "$T/two.tsv" -q -o "$T/two.map" 2>"$T/err" && finite_map "$T/two.map" && [ "$(sed -n 2p "$T/two.map" | cut -f1,2)" != "$(sed -n 3p "$T/two.map" | cut -f1,2)" ]
ok $? "N = 2: two distinct places"
for k in 2 3 40; do
  awk -v k=$k 'BEGIN { for (i = 0; i < k; i++) print "1\t2\t3" }' > "$T/same$k.tsv"
  $MCTSNE embed --dense "$T/same$k.tsv" -q -o "$T/same$k.map" 2>"$T/err" &&
    [ "$(tail -n +2 "$T/same$k.map" | cut -f1,2 | sort -u)" = "0	0" ]
  ok $? "$k identical points: all on one place"
done
awk 'BEGIN { for (i = 0; i < 8; i++) print i "\t" i * i }' > "$T/eight.tsv"
$MCTSNE embed --dense "$T/eight.tsv" --perplexity 50 -q -o "$T/eight.map" 2>"$T/err" && finite_map "$T/eight.map"
ok $? "perplexity 50 > N = 8: lowered, a finite map"

# ---- numbers on the command line ---------------------------------------
for t in -1 abc 1e3 99999999999 ''; do
  expect_fail "--threads '$t'" "threads" $MCTSNE embed --dense "$T/eight.tsv" --threads "$t" -q
done
expect_ok "--threads 4096 is capped and runs" $MCTSNE embed --dense "$T/eight.tsv" --threads 4096 -q -o "$T/t4096.map"
for s in -5 abc 1e99 99999999999999999999; do
  expect_fail "--seed '$s'" "seed" $MCTSNE embed --dense "$T/eight.tsv" --seed "$s" -q
done
expect_fail "--k larger than the records" "500 themes for 113 records" $MCTSNE themes $J --k 500 -o "$T/th" -q

# ---- output paths ----------------------------------------------------------
: > "$T/afile"
expect_fail "-o DIR that is a file" "afile" $MCTSNE prisma $J -o "$T/afile" -q
mkdir -p "$T/adir"
expect_fail "-o FILE that is a directory (embed)" "adir: it is a directory" $MCTSNE embed --dense "$T/eight.tsv" -o "$T/adir" -q
expect_fail "-o FILE that is a directory (tfidf)" "adir: it is a directory" $MCTSNE tfidf $C/titles.txt -o "$T/adir" -q
expect_fail "-o in a missing directory" "nodir" $MCTSNE tfidf $C/titles.txt -o "$T/nodir/x.mtx" -q
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$T/ro" && chmod 555 "$T/ro"
  expect_fail "-o in a read-only directory" "ro" $MCTSNE embed --dense "$T/eight.tsv" -o "$T/ro/x.map" -q
  chmod 755 "$T/ro"
else
  ok 0 "# SKIP read-only directories do not stop root"
fi
echo keep > "$T/target.txt"; ln -s "$T/target.txt" "$T/link.map"
$MCTSNE embed --dense "$T/eight.tsv" -o "$T/link.map" -q 2>"$T/err" && [ "$(cat "$T/target.txt")" = keep ] && finite_map "$T/link.map"
ok $? "-o a symlink: the link is replaced, its target kept"
mkdir -p "$T/real"; ln -s "$T/real" "$T/dirlink"
expect_fail "-o a symlink to a foreign directory" "dirlink" sh -c "echo x > '$T/real/mine'; $MCTSNE prisma $J -o '$T/dirlink' -q"

# ---- option files inside the output directory --------------------------
$MCTSNE prisma $J -o "$T/od" -q >/dev/null 2>&1
printf 'label\treplace by\nbadges\tbadge\n' > "$T/od/thes.txt"
expect_fail "network --thesaurus inside -o" "inside the output directory" $MCTSNE network $J --thesaurus "$T/od/thes.txt" -o "$T/od" -q
[ -f "$T/od/thes.txt" ]; ok $? "the thesaurus is still there"
printf 'study\n' > "$T/od/stop.txt"
expect_fail "concepts --stopwords inside -o" "inside the output directory" $MCTSNE concepts $J --stopwords "$T/od/stop.txt" -o "$T/od" -q
printf 'badge\n' > "$T/od/seeds.txt"
expect_fail "concepts --seeds inside -o" "inside the output directory" $MCTSNE concepts $J --seeds "$T/od/seeds.txt" -o "$T/od" -q
cp corpora/themes-microcredentials.json "$T/od/themes.json"
expect_fail "themes --themes inside -o" "inside the output directory" $MCTSNE themes $J --themes "$T/od/themes.json" -o "$T/od" -q
printf 'x\ty\tlabel\n' > "$T/od/map.tsv"
expect_fail "themes --embedding inside -o" "inside the output directory" $MCTSNE themes $J --embedding "$T/od/map.tsv" -o "$T/od" -q
printf 'mc005\tnot relevant\n' > "$T/od/excl.tsv"
expect_fail "prisma --exclude inside -o" "inside the output directory" $MCTSNE prisma $J --exclude "$T/od/excl.tsv" -o "$T/od" -q
cp $J "$T/od/in.jsonl"
expect_fail "trends INPUT inside -o" "inside the output directory" $MCTSNE trends "$T/od/in.jsonl" -o "$T/od" -q
for f in thes.txt stop.txt seeds.txt themes.json map.tsv excl.tsv in.jsonl; do
  [ -f "$T/od/$f" ] || lost="$lost $f"
done
[ -z "${lost:-}" ]; ok $? "no option file was lost${lost:+ (lost:$lost)}"

done_testing

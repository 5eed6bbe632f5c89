#!/bin/sh
# mctsne review end to end: the bundled corpus with every output checked,
# byte-identical across thread counts, the manifest's hashes against
# sha256sum, real Scopus + WoS exports, errors and atomic output.
. tests/lib.sh
C=corpora/microcredentials
E=${MCT_SHARED:-../shared}/corpora/exports/absorptive-capacity

$MCTSNE review -o "$T/r1" --threads 1 > "$T/out" 2> "$T/err"; ok $? "review of the bundled corpus (no INPUT)"
grep -q "^report: $T/r1/index.html\$" "$T/out"; ok $? "says where index.html is"
grep -q '\[1/7\] import' "$T/err" && grep -q '\[7/7\] writing' "$T/err"; ok $? "progress for every stage on stderr"
missing=""
for f in index.html results.json manifest.json prisma.svg PRISMA.csv included.csv included.jsonl \
         duplicates.tsv excluded.tsv trends.tsv trends.svg map.tsv map.svg network.svg network.graphml \
         network.gexf network-vosviewer-map.txt network-vosviewer-network.txt network.json \
         network-nodes.tsv concepts.svg concepts.tsv concept-paths.tsv concept-network.graphml \
         themes.tsv seed-coverage.tsv theme-titles.tsv theme-years.tsv records.tsv triangulation.tsv \
         map-regions.tsv; do
  [ -s "$T/r1/$f" ] || missing="$missing $f"
done
[ -z "$missing" ]; ok $? "every table and figure written${missing:+ (missing:$missing)}"
[ "$(ls "$T" | grep -c tmp)" -eq 0 ]; ok $? "no temporary directory left behind"

# Contents.
[ "$(wc -l < "$T/r1/included.jsonl")" -eq 113 ]; ok $? "113 records included"
[ "$(($(wc -l < "$T/r1/map.tsv") - 1))" -eq 113 ] && head -1 "$T/r1/map.tsv" | grep -q '^x	y	theme	year	id	title$'; ok $? "map.tsv: 113 points with theme, year, id, title"
awk -F'\t' 'NR > 1 && ($1 + 0 != $1 || $2 + 0 != $2 || ($3 != "" && ($3 < 1 || $3 > 5))) { bad = 1 } END { exit bad }' "$T/r1/map.tsv"; ok $? "map coordinates are numbers, themes 1..5 or none"
[ "$(grep -c '<circle' "$T/r1/map.svg")" -ge 113 ] && [ "$(grep -c '<title>' "$T/r1/map.svg")" -eq 113 ]; ok $? "map.svg: a point with hover text per record"
grep -q '^2021	21$' "$T/r1/trends.tsv"; ok $? "21 publications in 2021"
[ "$(($(wc -l < "$T/r1/map-regions.tsv") - 1))" -eq 5 ] && awk -F'\t' 'NR > 1 && $5 == "" { bad = 1 } END { exit bad }' "$T/r1/map-regions.tsv" &&
  [ "$(grep -c '<text' "$T/r1/map.svg")" -ge 5 ] && grep -q 'class="regions"' "$T/r1/map.svg"; ok $? "the map's five regions are named, in map-regions.tsv and on map.svg"
! cut -f9 "$T/r1/themes.tsv" | grep -qi 'micro' && ! cut -f1,2 "$T/r1/concept-paths.tsv" | grep -qi 'micro'; ok $? "bundled: the paper's search terms stay out of themes and concept paths"
cut -f2 "$T/r1/themes.tsv" | grep -q '^Sector-specific upskilling and reskilling$' && [ "$(($(wc -l < "$T/r1/themes.tsv") - 1))" -eq 5 ]; ok $? "the paper's five themes, from the bundled themes file"
none=$(awk -F'\t' 'NR > 1 && $5 == ""' "$T/r1/records.tsv" | wc -l)
awk -F'\t' -v none="$none" 'NR > 1 { s += $3 } END { exit s + none != 113 }' "$T/r1/themes.tsv"; ok $? "theme sizes and records without a theme add up to 113"
[ "$(($(wc -l < "$T/r1/records.tsv") - 1))" -eq 113 ]; ok $? "records.tsv: a theme and similarities per record"
grep -q '^abstract themes ~ keyword communities	' "$T/r1/triangulation.tsv" && grep -q '^abstract themes ~ title map	' "$T/r1/triangulation.tsv"; ok $? "triangulation: themes against keyword communities and the title map"
grep -q '"included":	113' "$T/r1/results.json" && grep -q '"kl_divergence":' "$T/r1/results.json" && grep -q '"triangulation":' "$T/r1/results.json"; ok $? "results.json carries the figures"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$T/r1/index.html" && [ "$(grep -c '<svg' "$T/r1/index.html")" -eq 5 ]; ok $? "index.html: five inline figures under a no-request policy"

# Manifest: inputs and outputs with SHA-256, checked by coreutils.
want=$(sha256sum < $C/microcredentials.jsonl | cut -d' ' -f1)
grep -q "\"sha256\":	\"$want\"" "$T/r1/manifest.json"; ok $? "manifest: SHA-256 of the bundled corpus matches sha256sum"
want=$(sha256sum < corpora/themes-microcredentials.json | cut -d' ' -f1)
grep -q "\"sha256\":	\"$want\"" "$T/r1/manifest.json"; ok $? "manifest: SHA-256 of the themes file"
sed -n 's/.*"file":	"\([^"]*\)".*/\1/p' "$T/r1/manifest.json" > "$T/files"
sed -n 's/.*"sha256":	"\([0-9a-f]*\)".*/\1/p' "$T/r1/manifest.json" | tail -n "$(wc -l < "$T/files")" > "$T/sums"
paste -d' ' "$T/sums" "$T/files" | sed 's/ /  /' > "$T/check"
[ "$(wc -l < "$T/check")" -ge 30 ] && (cd "$T/r1" && sha256sum -c --quiet "$T/check"); ok $? "manifest: $(wc -l < "$T/check") output hashes verify with sha256sum"
for k in seed perplexity min_count window themes_file OpenBLAS LAPACK cJSON utf8proc igraph libcsv; do
  grep -q "\"$k\"" "$T/r1/manifest.json" || grep -q "\"name\":	\"$k\"" "$T/r1/manifest.json" || echo "# manifest lacks $k" >&2
done
grep -q '"name":	"igraph"' "$T/r1/manifest.json" && grep -q '"seed":	42' "$T/r1/manifest.json" && grep -q '"libmctext":	"' "$T/r1/manifest.json"; ok $? "manifest: parameters, seed, library versions"

# Determinism: another thread count, the same bytes.
$MCTSNE review -q -o "$T/r2" --threads 2 > /dev/null; ok $? "second run with 2 threads"
diff -r "$T/r1" "$T/r2" > "$T/diff"; ok $? "byte-identical outputs with 1 and 2 threads ($(ls "$T/r1" | wc -l) files)"
head -8 $C/microcredentials.jsonl > "$T/small8.jsonl"
OPENBLAS_NUM_THREADS=1 $MCTSNE review "$T/small8.jsonl" --k 2 -q -o "$T/b1" > /dev/null &&
  OPENBLAS_NUM_THREADS=2 $MCTSNE review "$T/small8.jsonl" --k 2 -q -o "$T/b2" > /dev/null &&
  diff -r "$T/b1" "$T/b2" > /dev/null; ok $? "byte-identical whatever OpenBLAS's own thread count (8 records, where it matters)"
$MCTSNE review -q -o "$T/r3" --seed 7 > /dev/null && ! cmp -s "$T/r1/map.tsv" "$T/r3/map.tsv"; ok $? "another seed, another map"

# Options.
$MCTSNE review $C/microcredentials.jsonl -q -o "$T/r4" --years 2020-2024 --k 3 --json > "$T/j"; ok $? "INPUT, --years, --k, --json"
grep -q '"ineligible_by_automation":	' "$T/j" && [ "$(($(wc -l < "$T/r4/themes.tsv") - 1))" -eq 3 ] && grep -q '^2020	' "$T/r4/trends.tsv" && ! grep -q '^2019	' "$T/r4/trends.tsv"; ok $? "years screened out, three unguided themes"
$MCTSNE review $C/microcredentials.jsonl -q -o "$T/r5" --query 'TITLE(badge*)' > "$T/o5"; ok $? "--query"
n5=$(wc -l < "$T/r5/included.jsonl"); [ "$n5" -ge 5 ] && [ "$n5" -lt 30 ]; ok $? "--query TITLE(badge*) keeps $n5 records"
printf 'mc001\tnot about micro-credentials\n' > "$T/excl.tsv"
$MCTSNE review $C/microcredentials.jsonl -q -o "$T/r6" --exclude "$T/excl.tsv" > /dev/null && [ "$(wc -l < "$T/r6/included.jsonl")" -eq 112 ] && grep -q 'not about micro-credentials' "$T/r6/index.html"; ok $? "--exclude: 112 included, the reason in the report"
printf 'Digital badges and blockchain micro-credentials for nurses\n' > "$T/new.txt"
$MCTSNE embed "$T/new.txt" --add-to "$T/r1/map.tsv" -o "$T/added.tsv" -q && [ "$(wc -l < "$T/added.tsv")" -eq 115 ] &&
  tail -1 "$T/added.tsv" | grep -q '	Digital badges and blockchain micro-credentials for nurses$' &&
  sed -n 2p "$T/added.tsv" | grep -q '	Micro-credentials in higher education institutions: An exploratory study of its place in Tanzania$'; ok $? "embed --add-to the review's map.tsv: titles as labels, the new title placed"
$MCTSNE review --help | grep -q 'usage: mctsne review'; ok $? "--help"
nohelp=""
for sub in concepts embed network prisma review tfidf themes trends; do
  $MCTSNE $sub --help 2>/dev/null | grep -q "^usage: mctsne $sub" || nohelp="$nohelp $sub"
done
[ -z "$nohelp" ]; ok $? "every subcommand has --help${nohelp:+ (not:$nohelp)}"
$MCTSNE --version | grep -q '^  igraph [0-9]' ; ok $? "--version names the libraries and their versions"

if [ -d "$E" ]; then
  $MCTSNE review "$E/scopus.csv" "$E/wos.txt" -q -o "$T/ac" > "$T/aco"; ok $? "Scopus CSV + WoS text exports"
  grep -q '748 records identified, 59 duplicates removed, 689 screened, 689 included' "$T/aco"; ok $? "748 identified, 59 duplicates, 689 included"
  grep -q '^abstract themes ~ WoS categories	' "$T/ac/triangulation.tsv"; ok $? "themes against Web of Science subject categories"
  printf '[{"name": "Knowledge transfer", "terms": ["knowledge transfer", "spillovers"]},\n {"name": "Innovation performance", "terms": ["innovation performance", "R&D"]},\n {"name": "Learning organisations", "terms": ["organizational learning"]}]\n' > "$T/ac-themes.json"
  $MCTSNE review "$E/scopus.csv" "$E/wos.txt" --themes "$T/ac-themes.json" --query 'TITLE("absorptive capacity")' -q -o "$T/ac2" > /dev/null &&
    [ "$(cut -f2 "$T/ac2/themes.tsv" | sed 1d | sort | tr '\n' '|')" = "Innovation performance|Knowledge transfer|Learning organisations|" ] &&
    grep -q '"themes_file":	".*ac-themes.json"' "$T/ac2/manifest.json"; ok $? "review of the user's exports applies their --themes file"
  ! cut -f9 "$T/ac2/themes.tsv" | grep -qi 'absorptive'; ok $? "the query's terms stay out of the themes"
  [ "$(grep -c '"records":' "$T/ac/manifest.json")" -ge 2 ] && grep -q '"path":	".*scopus.csv"' "$T/ac/manifest.json"; ok $? "manifest lists both exports"
else
  ok 0 "# SKIP ../shared is absent (real exports)"
fi

# Errors: one line, non-zero exit, the earlier report untouched.
cp "$T/r1/index.html" "$T/index.before"
expect_fail "missing input" "nosuch.csv: cannot open" $MCTSNE review "$T/nosuch.csv" -q -o "$T/r1"
printf 'hello\n' > "$T/x.bib"
expect_fail "unknown format" "--format: unknown format" $MCTSNE review "$T/x.bib" --format endnote -q -o "$T/r1"
expect_fail "a BibTeX file without entries" "x.bib: no records in the file" $MCTSNE review "$T/x.bib" --format bibtex -q -o "$T/r1"
expect_fail "bad option value" "--k" $MCTSNE review -q -o "$T/r1" --k 0
expect_fail "bad perplexity" "--perplexity" $MCTSNE review -q -o "$T/r1" --perplexity abc
expect_fail "unwritable OUTDIR" "cannot write the output directory" $MCTSNE review -q -o /nonexistent/dir/out
expect_fail "no OUTDIR" "-o OUTDIR is required" $MCTSNE review -q
printf '[{"name": "x"}]\n' > "$T/badthemes.json"
expect_fail "bad themes file" "badthemes.json:1: theme 1 (\"x\"): no seed terms" $MCTSNE review -q -o "$T/r1" --themes "$T/badthemes.json"
printf '{"id": "a", "title": "A title", "year": 2020}\n{"id": "b", "title": \n' > "$T/broken.jsonl"
expect_fail "broken record" "broken.jsonl:2:" $MCTSNE review "$T/broken.jsonl" -q -o "$T/r1"
cmp -s "$T/r1/index.html" "$T/index.before" && [ "$(ls "$T" | grep -c tmp)" -eq 0 ]; ok $? "failed runs left the earlier report as it was"
printf 'keep me\n' > "$T/notes.txt"
expect_fail "-o names a file" "notes.txt exists and is not a directory" $MCTSNE review -q -o "$T/notes.txt"
mkdir "$T/mine" && printf 'keep me\n' > "$T/mine/thesis.tex"
expect_fail "-o names someone else's directory" "holds files mctsne did not write" $MCTSNE review -q -o "$T/mine"
cp $C/microcredentials.jsonl "$T/r1/in.jsonl"
expect_fail "an input inside OUTDIR" "in.jsonl is inside the output directory" $MCTSNE review "$T/r1/in.jsonl" -q -o "$T/r1"
[ -s "$T/notes.txt" ] && [ -s "$T/mine/thesis.tex" ] && [ -s "$T/r1/in.jsonl" ]; ok $? "nothing of the user's was replaced"
cat $C/microcredentials.jsonl | $MCTSNE review - -q -o "$T/stdin" > /dev/null && grep -q "\"sha256\":	\"$(sha256sum < $C/microcredentials.jsonl | cut -d' ' -f1)\"" "$T/stdin/manifest.json"; ok $? "input from a pipe (-): hashed as read"
done_testing

#!/bin/sh
# mctsne embed: maps of titles and numbers, placing new titles, bad input.
. tests/lib.sh
C=corpora/microcredentials

$MCTSNE $C/titles.txt -o "$T/map.tsv" --svg "$T/map.svg" -q; ok $? "mctsne titles.txt"
[ "$(wc -l < "$T/map.tsv")" -eq 114 ] && head -1 "$T/map.tsv" | grep -q "^x	y	label$"; ok $? "a header and one row per title"
sed -n 2p "$T/map.tsv" | grep -q "	Micro-credentials in higher education institutions: An exploratory study"; ok $? "rows in input order with their titles"
[ "$(grep -c '<circle' "$T/map.svg")" -eq 113 ] && grep -q '<title>Micro-Credentials and Digital Badges</title>' "$T/map.svg"; ok $? "SVG: 113 points with titles on hover"
$MCTSNE embed $C/titles.txt --threads 1 -o "$T/a.tsv" -q && $MCTSNE embed $C/titles.txt --threads 2 -o "$T/b.tsv" -q && cmp -s "$T/a.tsv" "$T/b.tsv"; ok $? "1 and 2 threads: byte-identical maps"
$MCTSNE embed $C/titles.txt --seed 7 -o "$T/c.tsv" -q && $MCTSNE embed $C/titles.txt --seed 7 -o "$T/c2.tsv" -q && cmp -s "$T/c.tsv" "$T/c2.tsv"; ok $? "the same seed twice: the same bytes"
$MCTSNE embed $C/titles.txt --init random --seed 7 -o "$T/d.tsv" -q && ! cmp -s "$T/a.tsv" "$T/d.tsv"; ok $? "--init random: the seed matters"
$MCTSNE embed $C/microcredentials.jsonl --field all --exact --dims 3 --metric cosine -o "$T/e.tsv" -q && head -1 "$T/e.tsv" | grep -q "^x	y	z	label$"; ok $? "records, --exact --dims 3 --metric cosine"
$MCTSNE embed --dense tests/data/digits150.tsv --labels tests/data/digits150.labels --perplexity 10 --svg "$T/d.svg" -o "$T/d.tsv" -q && grep -q "row 150$" "$T/d.tsv" && grep -c 'class="legend"' "$T/d.svg" >/dev/null; ok $? "--dense numbers with --labels"
$MCTSNE embed --dense tests/data/digits150.tsv --perplexity 10 --knn approx --threads 1 -o "$T/ka.tsv" -q && $MCTSNE embed --dense tests/data/digits150.tsv --perplexity 10 --knn approx --threads 2 -o "$T/kb.tsv" -q && cmp -s "$T/ka.tsv" "$T/kb.tsv" && [ "$(wc -l < "$T/ka.tsv")" -eq 151 ]; ok $? "--knn approx: 1 and 2 threads byte-identical"
$MCTSNE embed --dense tests/data/digits150.tsv --perplexity 10 --knn exact -o "$T/ke.tsv" -q && cmp -s "$T/ke.tsv" "$T/d.tsv"; ok $? "--knn exact is the default below 20,000 points"
printf 'Digital badges and blockchain micro-credentials for nurses\n' > "$T/new.txt"
$MCTSNE embed "$T/new.txt" --add-to "$T/map.tsv" -o "$T/map2.tsv" -q && [ "$(wc -l < "$T/map2.tsv")" -eq 115 ] && head -114 "$T/map2.tsv" | cmp -s - "$T/map.tsv"; ok $? "--add-to keeps the map and appends the new title"
$MCTSNE embed --help | grep -q -- "--add-to"; ok $? "--help"

expect_fail "bad perplexity" "perplexity: expected a number" $MCTSNE embed $C/titles.txt --perplexity abc -q
expect_fail "bad knn" "expected one of auto, exact, approx" $MCTSNE embed $C/titles.txt --knn fast -q
expect_fail "bad init" "expected one of pca, random" $MCTSNE embed $C/titles.txt --init spectral -q
printf '1\t2\n3\n' > "$T/ragged.tsv"
expect_fail "ragged numbers" "ragged.tsv:2: 1 columns, but the first row has 2" $MCTSNE embed --dense "$T/ragged.tsv" -q
printf '1\t2\n3\tabc\n' > "$T/nan.tsv"
expect_fail "not a number" "nan.tsv:2: column 2 is not a finite number" $MCTSNE embed --dense "$T/nan.tsv" -q
expect_fail "missing input" "cannot open" $MCTSNE embed "$T/none.txt" -q
printf 'a\nb\n' > "$T/few.labels"
expect_fail "too few labels" "2 labels for 113 points" $MCTSNE embed $C/titles.txt --labels "$T/few.labels" -o "$T/x.tsv" -q
expect_fail "unknown subcommand" "unknown subcommand" $MCTSNE frobnicate
done_testing

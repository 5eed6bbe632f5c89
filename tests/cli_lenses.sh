#!/bin/sh
# mctsne network, concepts and themes: files, figures, options, errors.
. tests/lib.sh
C=corpora/microcredentials
J=$C/microcredentials.jsonl
E=${MCT_SHARED:-../shared}/corpora/exports/absorptive-capacity

# network
$MCTSNE network $J -o "$T/n" -q > "$T/out"; ok $? "network of the bundled corpus's author keywords"
grep -q '^23 nodes, 65 edges' "$T/out"; ok $? "23 keywords in 2+ records, 65 links"
missing=""
for f in network.svg network.graphml network.gexf network-vosviewer-map.txt network-vosviewer-network.txt network.json network-nodes.tsv; do
  [ -s "$T/n/$f" ] || missing="$missing $f"
done
[ -z "$missing" ]; ok $? "seven exports${missing:+ (missing:$missing)}"
[ "$(grep -c '<node ' "$T/n/network.graphml")" -eq 23 ] && [ "$(grep -c '<edge ' "$T/n/network.graphml")" -eq 65 ]; ok $? "GraphML: 23 nodes, 65 edges"
[ "$(grep -c '<node ' "$T/n/network.gexf")" -eq 23 ]; ok $? "GEXF: 23 nodes"
head -1 "$T/n/network-vosviewer-map.txt" | grep -q '^id	label	x	y	cluster	weight<Links>'; ok $? "VOSviewer map file header"
[ "$(wc -l < "$T/n/network-vosviewer-network.txt")" -eq 65 ]; ok $? "VOSviewer network file: 65 links"
awk -F'\t' 'NR == 2 { exit !($1 == "micro-credentials" && $3 == 33) }' "$T/n/network-nodes.tsv"; ok $? "micro-credentials leads with 33 records (hyphen and plural variants merged)"
[ "$(grep -c '<circle' "$T/n/network.svg")" -ge 23 ]; ok $? "network.svg draws every node"
$MCTSNE network $J -o "$T/n2" --field terms --min-count 5 --top 30 --norm cosine -q | grep -q '^30 nodes'; ok $? "--field terms --top 30 --norm cosine"
printf 'label\treplace by\nmicro-credentials\tmicrocredentials\ndigital badges\tbadges\n' > "$T/thes.txt"
$MCTSNE network $J -o "$T/n3" --thesaurus "$T/thes.txt" -q > /dev/null && awk -F'\t' '$2 == "badg" { found = ($3 == 8) } END { exit !found }' "$T/n3/network-nodes.tsv" && ! grep -q '^badges	' "$T/n3/network-nodes.tsv"; ok $? "--thesaurus merges digital badges (6) and badges (2) into one node of 8"
$MCTSNE network $J -o "$T/n4" -q --json | grep -q '"modularity_louvain":	0.52'; ok $? "--json"
$MCTSNE network $J -o "$T/n6" --query 'TITLE(badge*) OR KEY(badge*)' --years 2016-2024 --min-count 1 -q --json | grep -q '"nodes":	'; ok $? "network takes the screening options (--query, --years)"
expect_fail "network: bad --years" "--years" $MCTSNE network $J -o "$T/n7" --years 2024-2014 -q
expect_fail "network: bad --norm" "--norm: expected association" $MCTSNE network $J -o "$T/n5" --norm pearson -q
expect_fail "network: no keyword often enough" "no keyword occurs in 1000 or more records" $MCTSNE network $J -o "$T/n5" --min-count 1000 -q
expect_fail "network: missing -o" "-o DIR is required" $MCTSNE network $J -q

# concepts
$MCTSNE concepts $J -o "$T/c" -q > "$T/cout"; ok $? "concept map of the bundled corpus"
grep -q '^40 concepts in 115 blocks' "$T/cout"; ok $? "40 concepts in 115 two-sentence blocks"
for f in concepts.svg concepts.tsv concept-paths.tsv concept-network.graphml concept-network-nodes.tsv; do [ -s "$T/c/$f" ] || missing="$missing $f"; done
[ -z "$missing" ]; ok $? "concept map files${missing:+ (missing:$missing)}"
[ "$(($(wc -l < "$T/c/concept-paths.tsv") - 1))" -eq 39 ]; ok $? "strongest paths connect 40 concepts with 39 links"
b1=$($MCTSNE concepts $J -o "$T/c2" --window 1 --concepts 15 -q | sed -n 's/^15 concepts in \([0-9]*\) blocks.*/\1/p')
[ -n "$b1" ] && [ "$b1" -gt 115 ]; ok $? "--window 1 makes more, smaller blocks ($b1); --concepts 15"
printf 'digital badges\nblockchain\nemployability\nhigher education\n' > "$T/seeds.txt"
$MCTSNE concepts $J -o "$T/c3" --seeds "$T/seeds.txt" -q | grep -q '^4 concepts'; ok $? "--seeds: the four seed concepts"
Q='TITLE(micro-creden*) OR TITLE(microcreden*)'
$MCTSNE concepts $J -o "$T/cq" --query "$Q" -q > /dev/null && ! cut -f1,2 "$T/cq/concept-paths.tsv" | grep -qi 'micro'; ok $? "concepts: no path touches the query's term"
$MCTSNE concepts $J -o "$T/ck" --query "$Q" --keep-query-terms -q > /dev/null && cut -f1,2 "$T/ck/concept-paths.tsv" | grep -qi 'micro-credentials'; ok $? "concepts --keep-query-terms: it is back"
! cut -f1 "$T/cq/concepts.tsv" | grep -qx 'higher' && cut -f1 "$T/cq/concepts.tsv" | grep -qx 'higher education'; ok $? "concepts: \"higher education\" stands for \"higher\""
expect_fail "concepts: bad --window" "--window" $MCTSNE concepts $J -o "$T/c4" --window 0 -q
expect_fail "concepts: missing seeds file" "nosuch.txt" $MCTSNE concepts $J -o "$T/c4" --seeds "$T/nosuch.txt" -q

# themes
$MCTSNE themes $J -o "$T/t" -q > "$T/tout"; ok $? "themes of the bundled corpus"
[ "$(grep -c '^theme [1-5] (' "$T/tout")" -eq 5 ]; ok $? "five themes"
for f in themes.tsv theme-titles.tsv theme-years.tsv records.tsv triangulation.tsv; do [ -s "$T/t/$f" ] || missing="$missing $f"; done
[ -z "$missing" ]; ok $? "theme files${missing:+ (missing:$missing)}"
$MCTSNE themes $J -o "$T/t2" --themes corpora/themes-microcredentials.json -q | grep -q '^theme 3 ([0-9]* records): Digital proof of competency'; ok $? "--themes: the paper's themes by name"
$MCTSNE embed $C/titles.txt -o "$T/map.tsv" -q && $MCTSNE themes $J -o "$T/t3" --embedding "$T/map.tsv" -q | grep -q 'themes ~ title map clusters:  NMI'; ok $? "--embedding: agreement with clusters of the title map"
$MCTSNE themes $J -o "$T/t4" --threads 1 -q > /dev/null && $MCTSNE themes $J -o "$T/t5" --threads 2 -q > /dev/null && diff -r "$T/t4" "$T/t5" > /dev/null; ok $? "themes: identical with 1 and 2 threads"
$MCTSNE themes $J -o "$T/ts" --themes corpora/themes-microcredentials.json --query "$Q" -q > "$T/tsout"; ok $? "seeded themes with the query"
head -1 "$T/ts/themes.tsv" | grep -q '^theme	name	records	seed_cosine	closest_other_seed	other_cosine	flag	seed_share	top_terms$'; ok $? "themes.tsv: the evidence for each name"
! cut -f9 "$T/ts/themes.tsv" | grep -qi 'micro'; ok $? "the query's term is no top term"
grep -q '	research	left out	' "$T/ts/seed-coverage.tsv" && grep -q '	blockchain	found	[1-9]' "$T/ts/seed-coverage.tsv"; ok $? "seed-coverage.tsv: found, left out, with counts"
$MCTSNE themes $J -o "$T/ts2" --themes corpora/themes-microcredentials.json --query "$Q" --seed-weight 0 --weights 1,0,0 -q > /dev/null && ! diff -q "$T/ts/records.tsv" "$T/ts2/records.tsv" > /dev/null; ok $? "--seed-weight and --weights change the themes"
printf '[{"name": "A", "terms": ["badges"]},\n {"name": "B", "terms": ["x"], "colour": "red"}]\n' > "$T/unk.json"
expect_fail "themes: unknown field" "unk.json:2: theme 2 (\"B\"): unknown field \"colour\"" $MCTSNE themes $J -o "$T/t7" --themes "$T/unk.json" -q
expect_fail "themes: bad --weights" "--weights" $MCTSNE themes $J -o "$T/t7" --weights 1,x,1 -q
{ head -3 $J; printf '{"id": "ny", "title": "Digital badges for teachers without a year", "keywords": ["digital badges"]}\n'; } > "$T/noyear.jsonl"
$MCTSNE themes "$T/noyear.jsonl" -o "$T/ny" --k 2 -q > /dev/null && awk -F'\t' '$2 == "ny" { found = ($3 == "") } END { exit !found }' "$T/ny/records.tsv" && grep -q '^no year	' "$T/ny/theme-years.tsv" && ! grep -q '	0	Digital badges for teachers' "$T/ny/theme-titles.tsv"; ok $? "a record without a year: empty cells, a 'no year' row, never 0"
expect_fail "themes: --k too large" "themes: 500 themes for 113 records" $MCTSNE themes $J -o "$T/t6" --k 500 -q
printf '[{"name": "nothing", "terms": ["zzzzqqq"]}]\n' > "$T/none.json"
expect_fail "themes: seed terms absent from the texts" 'theme 1 ("nothing"): none of its seed terms occurs in the records' $MCTSNE themes $J -o "$T/t6" --themes "$T/none.json" -q
printf '1\t2\tx\n' > "$T/short.tsv"
expect_fail "themes: embedding of other records" "1 rows for 113 records" $MCTSNE themes $J -o "$T/t6" --embedding "$T/short.tsv" -q

if [ -d "$E" ]; then
  $MCTSNE themes "$E/wos.txt" -o "$T/w" -q > "$T/wout"; ok $? "themes of the WoS export"
  grep -q 'themes ~ WoS subject categories: NMI 0\.[0-9]' "$T/wout"; ok $? "NMI against the WoS subject categories (WC): $(grep -o 'categories: NMI [0-9.]*' "$T/wout")"
else
  ok 0 "# SKIP ../shared is absent (real exports)"
fi
done_testing

#!/bin/sh
# mctsne prisma and trends: counts, files, exclusions, errors, atomic output.
. tests/lib.sh
C=corpora/microcredentials
E=${MCT_SHARED:-../shared}/corpora/exports/absorptive-capacity

$MCTSNE prisma $C/microcredentials.jsonl -o "$T/p" -q > "$T/out"; ok $? "prisma of the bundled corpus"
grep -q "studies included in the review      113" "$T/out"; ok $? "113 included, no duplicates"
for f in prisma.svg PRISMA.csv included.csv included.jsonl duplicates.tsv excluded.tsv; do [ -s "$T/p/$f" ] || exit_code=1; done
[ -z "${exit_code:-}" ]; ok $? "all six files written"
head -1 "$T/p/PRISMA.csv" | grep -q '^data,node,box,description,boxtext,tooltips,url,n$'; ok $? "PRISMA2020 template columns"
[ "$(wc -l < "$T/p/included.jsonl")" -eq 113 ]; ok $? "included.jsonl: 113 records"
$MCTSNE prisma "$T/p/included.jsonl" -q --json > "$T/j" && grep -q '"included":	113' "$T/j"; ok $? "included.jsonl reads back (--json)"
printf '# excluded at screening\n10.19173/irrodl.v20i5.4345\tnot about micro-credentials\nmc005\tnot about micro-credentials\n' > "$T/excl.tsv"
$MCTSNE prisma $C/microcredentials.jsonl --exclude "$T/excl.tsv" --years 2019-2024 -q --json > "$T/j2" && grep -q '"not about micro-credentials":	2' "$T/j2" && grep -q '"included":	' "$T/j2"; ok $? "--exclude by DOI and by id, with reasons; --years"
$MCTSNE trends $C/microcredentials.jsonl -o "$T/t" -q > "$T/tr" && grep -q "^2021	21$" "$T/tr" && [ -s "$T/t/trends.svg" ] && grep -q "^year	publications$" "$T/t/trends.tsv"; ok $? "trends: per year, TSV and SVG"
$MCTSNE trends $C/microcredentials.jsonl --years 2010-2025 -q | grep -q "^2012	0$"; ok $? "years without publications are listed with 0"
$MCTSNE trends $C/microcredentials.jsonl --years 2015-2025 -q | grep -q "annual growth rate: 30.20%"; ok $? "growth rate as bibliometrix: (14/1)^(1/10) - 1 = 30.20%"

if [ -d "$E" ]; then
  $MCTSNE prisma "$E/scopus.csv" "$E/wos.txt" -o "$T/ac" -q --json > "$T/acj"; ok $? "Scopus CSV + WoS text merged"
  grep -q '"identified":	748' "$T/acj" && grep -q '"duplicates_removed":	59' "$T/acj"; ok $? "748 identified, 59 duplicates"
  [ "$(tail -n +2 "$T/ac/duplicates.tsv" | wc -l)" -eq 59 ] && cut -f6 "$T/ac/duplicates.tsv" | grep -q '^doi$'; ok $? "duplicates.tsv lists the 59 with their rule"
  $MCTSNE prisma "$E/scopus.ris" "$E/wos.ris" -q --json | grep -q '"identified":	177'; ok $? "the RIS exports: 127 + 50"
  $MCTSNE prisma "$E/scopus.csv" --query 'TITLE("absorptive capacity")' -q --json | grep -q '"ineligible_by_automation":	'; ok $? "--query marks records ineligible"
  grep -q '^2-s2.0-85100329355	WOS:000596039600006	undecided	same title and year, different DOIs	' "$T/ac/possible-duplicates.tsv"; ok $? "possible-duplicates.tsv lists the 2020 MIS Quarterly paper with its two DOIs"
  grep -q '"possible_duplicates_undecided":	4' "$T/acj" && grep -q '"duplicates_removed_by_automation":	59' "$T/acj"; ok $? "counts: 4 possible duplicates undecided, 59 removed by automation"
  # The reviewer fills in the decision column and passes the file back.
  awk -F'\t' 'BEGIN { OFS = "\t" } /13991/ { $3 = "merge" } { print }' "$T/ac/possible-duplicates.tsv" > "$T/decided.tsv"
  printf '2-s2.0-85126271708\tWOS:000779383300004\tkeep\n' >> "$T/decided.tsv"
  $MCTSNE prisma "$E/scopus.csv" "$E/wos.txt" --decisions "$T/decided.tsv" -o "$T/ac2" -q --json > "$T/acj2"; ok $? "--decisions applied"
  grep -q '"duplicates_removed_by_reviewer":	1' "$T/acj2" && grep -q '"duplicates_removed_by_automation":	58' "$T/acj2" && grep -q '"duplicates_removed":	59' "$T/acj2"; ok $? "one merged by the reviewer, one automatic merge undone (58 + 1)"
  awk -F'\t' '$4 == "WOS:000596039600006" && $6 == "reviewer" && $12 == "reviewer"' "$T/ac2/duplicates.tsv" | grep -q .; ok $? "duplicates.tsv: the MIS Quarterly copy removed by the reviewer"
  grep -q '^2-s2.0-85126271708	WOS:000779383300004	keep	paired by the reviewer' "$T/ac2/possible-duplicates.tsv"; ok $? "the keep decision is listed"
  printf 'ref_a\tref_b\tdecision\nnosuch\tWOS:000596039600006\tmerge\n' > "$T/baddec.tsv"
  expect_fail "decision on an unknown id" "baddec.tsv:2: no record has the id" $MCTSNE prisma "$E/scopus.csv" "$E/wos.txt" --decisions "$T/baddec.tsv" -q
  printf '2-s2.0-85100329355\tWOS:000596039600006\tperhaps\n' > "$T/baddec2.tsv"
  expect_fail "a bad decision word" "baddec2.tsv:1: the decision must be merge or keep" $MCTSNE prisma "$E/scopus.csv" "$E/wos.txt" --decisions "$T/baddec2.tsv" -q
  expect_fail "decisions inside the output directory" "inside the output directory" $MCTSNE prisma "$E/scopus.csv" "$E/wos.txt" --decisions "$T/ac2/possible-duplicates.tsv" -o "$T/ac2" -q
else
  ok 0 "# SKIP ../shared is absent (real exports)"
fi

S=${MCT_SHARED:-../shared}/corpora/exports/samples
if [ -d "$S" ]; then
  $MCTSNE prisma "$S/openalex/openalexpro-works-page.json" "$S/pubmed/revtools-restoration.nbib" "$S/pubmed/pybibx-mcda.txt" "$S/bibtex/pybibx-scopus.bib" "$S/bibtex/pybibx-wos.bib" "$S/bibtex/jabref-authors.bib" "$S/csl-json/latin-greek-terminology.json" "$S/csl-json/obsidian-citation-library.json" -q --json > "$T/sj"; ok $? "every shared sample read, formats detected"
  grep -q '"identified":	619' "$T/sj" && grep -q '"OpenAlex":	25' "$T/sj" && grep -q '"PubMed":	114' "$T/sj" && grep -q '"Web of Science":	29' "$T/sj" && grep -q '"Scopus":	24' "$T/sj" && grep -q '"Other sources":	427' "$T/sj"; ok $? "619 records: OpenAlex 25, PubMed 114, Scopus 24, WoS 29, other (JabRef, CSL) 427"
else
  ok 0 "# SKIP ../shared is absent (samples)"
fi

printf 'Key,Item Type,Publication Year,Author,Title\nABC,journalArticle,2020,"Doe, J",A title\n' > "$T/zotero.csv"
expect_fail "an unknown CSV is refused" "zotero.csv:1: not a recognised export (a CSV file with 5 columns" $MCTSNE prisma "$T/zotero.csv" -q
$MCTSNE prisma "$T/zotero.csv" --format lines -q --json | grep -q '"identified":	2'; ok $? "--format lines reads it as titles when asked"
printf '@article{a,\n  title = {One},\n  year = 2020\n@article{b, title = {Two}}\n' > "$T/open.bib"
expect_fail "a BibTeX entry left open" "open.bib:1: entry a is not closed before the entry on line 4" $MCTSNE prisma "$T/open.bib" -q
printf 'PMID- 1\nTI  - a\nno tag here\n' > "$T/bad.nbib"
expect_fail "a malformed PubMed file" "bad.nbib:3: expected a PubMed tag line" $MCTSNE prisma "$T/bad.nbib" -q

expect_fail "bad query" "character 23" $MCTSNE prisma $C/microcredentials.jsonl --query 'TITLE(micro-creden* OR' -q
expect_fail "bad years" "--years: expected a range" $MCTSNE prisma $C/microcredentials.jsonl --years 2024-2014 -q
printf 'nosuchid\treason\n' > "$T/bad.tsv"
expect_fail "unknown excluded id" "bad.tsv:1: no record has the id" $MCTSNE prisma $C/microcredentials.jsonl --exclude "$T/bad.tsv" -q
printf 'mc001 no tab\n' > "$T/bad2.tsv"
expect_fail "exclusion line without a tab" 'bad2.tsv:1: expected "id<TAB>reason"' $MCTSNE prisma $C/microcredentials.jsonl --exclude "$T/bad2.tsv" -q
expect_fail "unwritable output directory" "cannot write the output directory" $MCTSNE prisma $C/microcredentials.jsonl -o /nonexistent/dir/out -q
printf 'TY  - JOUR\nTI  - a\n' > "$T/trunc.ris"
expect_fail "truncated RIS" "trunc.ris:1: the file ends inside a record" $MCTSNE prisma "$T/trunc.ris" -o "$T/p" -q
[ -s "$T/p/prisma.svg" ] && [ ! -e "$T/p.tmp-"* ] 2>/dev/null; ok $? "a failed run leaves the earlier output in place"
expect_fail "unknown format" "--format: unknown format" $MCTSNE prisma $C/microcredentials.jsonl --format endnote -q
done_testing

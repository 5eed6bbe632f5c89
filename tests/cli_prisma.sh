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
else
  ok 0 "# SKIP ../shared is absent (real exports)"
fi

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

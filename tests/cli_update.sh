#!/bin/sh
# mctsne review --update: a living review. The bundled corpus in two
# halves (the earlier review, then the new records), an update with no new
# record, Scopus then Web of Science, and the errors.
. tests/lib.sh
C=corpora/microcredentials/microcredentials.jsonl
E=${MCT_SHARED:-../shared}/corpora/exports/absorptive-capacity
Q='TITLE(micro-creden*) OR TITLE(microcreden*)'
TH=corpora/themes-microcredentials.json

head -80 "$C" > "$T/a.jsonl"
tail -n +81 "$C" > "$T/b.jsonl"
$MCTSNE review "$T/a.jsonl" --query "$Q" --themes "$TH" -o "$T/prev" -q > /dev/null; ok $? "the earlier review (80 records)"
[ -s "$T/prev/review-records.jsonl" ] && cmp -s "$T/prev/themes-used.json" "$TH"; ok $? "a review leaves its state and its themes file for an update"
[ "$(grep -c '"fate":"included"' "$T/prev/review-records.jsonl")" -eq 80 ] && [ "$(grep -c '"theme_fit":true' "$T/prev/review-records.jsonl")" -eq 80 ]; ok $? "state: 80 records included, all fitted the themes"

$MCTSNE review "$T/b.jsonl" --update "$T/prev" -o "$T/next" --threads 1 > "$T/out" 2> "$T/err"; ok $? "update with the 33 new records"
grep -q "^update of $T/prev: 33 new records identified, 0 duplicates removed, 33 screened, 33 newly included; 113 included in all (80 before)" "$T/out"; ok $? "summary: 33 new, 113 in all, 80 before"
head -81 "$T/prev/map.tsv" > "$T/m0"; head -81 "$T/next/map.tsv" > "$T/m1"
cmp -s "$T/m0" "$T/m1" && [ "$(wc -l < "$T/next/map.tsv")" -eq 114 ]; ok $? "the earlier 80 points keep their places byte for byte; 33 placed on the map"
head -81 "$T/prev/records.tsv" | cut -f1-10 > "$T/r0"; head -81 "$T/next/records.tsv" | cut -f1-10 > "$T/r1"
cmp -s "$T/r0" "$T/r1"; ok $? "the earlier records keep their themes and similarities"
grep -q '^records	included	80	113$' "$T/next/changes.tsv" && grep -q '^year	2024	9	20$' "$T/next/changes.tsv"; ok $? "changes.tsv: included and per-year growth"
awk -F'\t' '$1 == "theme" { b += $3; a += $4 } END { exit !(a > b && b > 0) }' "$T/next/changes.tsv"; ok $? "changes.tsv: themes before and after"
grep -q '^keyword	' "$T/next/changes.tsv"; ok $? "changes.tsv: keywords that entered the network"
grep -q '^previous_studies,.*,80$' "$T/next/PRISMA.csv" && grep -q '^new_studies,.*,33$' "$T/next/PRISMA.csv" && grep -q '^total_studies,.*,113$' "$T/next/PRISMA.csv"; ok $? "PRISMA.csv: previous, new and total studies"
grep -q 'Studies included in previous version' "$T/next/prisma.svg" && grep -q 'Total studies included in review' "$T/next/prisma.svg"; ok $? "prisma.svg: the flow of an updated review"
grep -q 'id="changes"' "$T/next/index.html"; ok $? "index.html: what changed"
sha=$(sha256sum < "$T/prev/review-records.jsonl" | cut -c1-64)
grep -q "\"sha256\":	\"$sha\"" "$T/next/manifest.json" && grep -q '"previous":' "$T/next/manifest.json"; ok $? "manifest.json: the earlier state with its SHA-256"
grep -q '"query":	"TITLE(micro-creden\*) OR TITLE(microcreden\*)"' "$T/next/manifest.json"; ok $? "the earlier review's query is the update's default"

# Same update, other thread count: same bytes.
$MCTSNE review "$T/b.jsonl" --update "$T/prev" -o "$T/next2" --threads 2 -q > /dev/null
same=1; for f in "$T/next"/*; do b=$(basename "$f"); [ "$b" = manifest.json ] && continue; cmp -s "$f" "$T/next2/$b" || same=0; done
[ $same -eq 1 ]; ok $? "an update is byte-identical across thread counts"

# An update with no new record reproduces every table of the review.
$MCTSNE review --update "$T/next" -o "$T/again" -q > "$T/out"; ok $? "update with no new record"
diffs=""
for f in "$T/next"/*; do
  b=$(basename "$f")
  case $b in PRISMA.csv|prisma.svg|changes.tsv|index.html|manifest.json|results.json) continue ;; esac
  cmp -s "$f" "$T/again/$b" || diffs="$diffs $b"
done
[ -z "$diffs" ]; ok $? "no new record: the same map, themes, networks and tables${diffs:+ (differ:$diffs)}"
grep -q '^total_studies,.*,113$' "$T/again/PRISMA.csv" && grep -q '^new_studies,.*,0$' "$T/again/PRISMA.csv"; ok $? "no new record: 113 in all, none new"

# A record already in the earlier review is a duplicate, not a new record.
$MCTSNE review "$T/a.jsonl" "$T/b.jsonl" --update "$T/prev" -o "$T/dup" -q > "$T/out"; ok $? "update with records already reviewed"
grep -q '80 duplicates removed' "$T/out" && grep -q '113 included in all' "$T/out"; ok $? "the 80 earlier records are removed as duplicates"

# Errors: one line, non-zero, nothing written.
$MCTSNE review "$T/b.jsonl" --update "$T/none" -o "$T/e1" 2> "$T/err"; st=$?
[ $st -ne 0 ] && [ "$(wc -l < "$T/err")" -eq 1 ] && grep -q "$T/none/manifest.json" "$T/err" && [ ! -e "$T/e1" ]; ok $? "--update without a review there: one line naming the file"
cp -r "$T/prev" "$T/bad"
sed '3s/"fate":"included"/"fate":"maybe"/' "$T/prev/review-records.jsonl" > "$T/bad/review-records.jsonl"
$MCTSNE review "$T/b.jsonl" --update "$T/bad" -o "$T/e2" 2> "$T/err"; st=$?
[ $st -ne 0 ] && grep -q "review-records.jsonl:3: .*fate" "$T/err" && [ ! -e "$T/e2" ]; ok $? "a bad fate: file, line and problem"
$MCTSNE review "$T/b.jsonl" --update "$T/prev" -o "$T/prev" 2> "$T/err"; st=$?
[ $st -ne 0 ] && grep -q 'another directory' "$T/err" && head -81 "$T/prev/map.tsv" | cmp -s - "$T/m0"; ok $? "an update does not replace the earlier review"

# Scopus first, then Web of Science.
if [ -f "$E/scopus.csv" ]; then
  $MCTSNE review -o "$T/b0" -q > /dev/null
  $MCTSNE review "$E/scopus.csv" "$E/wos.txt" --update "$T/b0" -o "$T/b1" -q > "$T/out"; ok $? "the bundled review updated with the shared exports"
  cmp -s "$T/b0/map.tsv" "$T/b1/map.tsv" && grep -q '748 new records identified.*0 newly included; 113 included in all' "$T/out"; ok $? "none matches the paper query: the 113 points as they were, byte for byte"
  AQ='TS=("absorptive capacity")'
  $MCTSNE review "$E/scopus.csv" --query "$AQ" -o "$T/ac1" -q > /dev/null; ok $? "absorptive capacity: the Scopus review"
  $MCTSNE review "$E/wos.txt" --update "$T/ac1" -o "$T/ac2" -q > "$T/out"; ok $? "updated with the Web of Science export"
  grep -q '621 new records identified, 59 duplicates removed' "$T/out"; ok $? "59 WoS records already reviewed from Scopus are duplicates"
  n1=$(($(wc -l < "$T/ac1/map.tsv")))
  head -$n1 "$T/ac1/map.tsv" | cmp -s - "$(head -$n1 "$T/ac2/map.tsv" > "$T/acm"; echo "$T/acm")"; ok $? "the Scopus records keep their map places"
  grep -q 'ac1/review-records.jsonl	' "$T/ac2/duplicates.tsv"; ok $? "duplicates.tsv names the earlier record each duplicate matched"
else
  echo "# skip: absorptive-capacity exports not found"
fi
done_testing

#!/bin/sh
# mctsne tfidf: outputs, options and bad input.
. tests/lib.sh
C=corpora/microcredentials

$MCTSNE tfidf $C/titles.txt -o "$T/t.mtx" -q; ok $? "tfidf of the bundled titles"
head -1 "$T/t.mtx" | grep -q '^%%MatrixMarket matrix coordinate real general$'; ok $? "Matrix Market banner"
awk '/^%/ {next} {print; exit}' "$T/t.mtx" | grep -q '^113 [0-9]* [0-9]*$'; ok $? "113 rows, one per title"
head -1 "$T/t.vocab.tsv" | grep -q "^term	display	df	idf$"; ok $? "vocabulary header"
grep -q "^microcredenti	micro-credentials	" "$T/t.vocab.tsv"; ok $? "stems keep their most frequent surface form"
$MCTSNE tfidf $C/microcredentials.jsonl --field all --ngram 2 --min-df 2 --sublinear-tf --norm l1 -o "$T/r.mtx" -q; ok $? "records, --field all --ngram 2 --min-df 2 --sublinear-tf --norm l1"
grep -q "^open badg	open badges	" "$T/r.vocab.tsv"; ok $? "bigrams in the vocabulary"
$MCTSNE tfidf $C/titles.txt --sklearn-compat -o "$T/s.mtx" -q && grep -q "^credentials	credentials	" "$T/s.vocab.tsv"; ok $? "--sklearn-compat: no stemming"
printf 'label\treplace by\nmicro-credentials\tzzmerged\ndigital badges\tzzmerged\n' > "$T/thes.txt"
want=$(grep -ciE 'micro-?credentials|digital badges' $C/titles.txt)
$MCTSNE tfidf $C/titles.txt --thesaurus "$T/thes.txt" -o "$T/h.mtx" -q && grep -q "^zzmerg	zzmerged	$want	" "$T/h.vocab.tsv"; ok $? "--thesaurus merges phrases ($want titles)"
printf 'zzmerged\n' > "$T/stop.txt"
$MCTSNE tfidf $C/titles.txt --thesaurus "$T/thes.txt" --stopwords "$T/stop.txt" -o "$T/h.mtx" -q && ! grep -q "^zzmerg" "$T/h.vocab.tsv"; ok $? "--stopwords removes the merged term"
$MCTSNE tfidf $C/titles.txt --max-features 10 --no-stem -o "$T/m.mtx" -q && [ "$(wc -l < "$T/m.vocab.tsv")" -eq 11 ]; ok $? "--max-features 10"
$MCTSNE tfidf $C/titles.txt --threads 1 -o "$T/a.mtx" -q && $MCTSNE tfidf $C/titles.txt --threads 2 -o "$T/b.mtx" -q && sed 1,2d "$T/a.mtx" > "$T/a2" && sed 1,2d "$T/b.mtx" > "$T/b2" && cmp -s "$T/a2" "$T/b2"; ok $? "1 and 2 threads write the same matrix"
$MCTSNE tfidf --help | grep -q -- "--min-df"; ok $? "--help"

: > "$T/empty.txt"
expect_fail "empty file" "no documents" $MCTSNE tfidf "$T/empty.txt" -o "$T/x.mtx" -q
printf 'fine\nbad \377 byte\n' > "$T/bad.txt"
expect_fail "invalid UTF-8" "bad.txt:2: invalid UTF-8" $MCTSNE tfidf "$T/bad.txt" -o "$T/x.mtx" -q
printf 'fine\nnul\000byte\n' > "$T/nul.txt"
expect_fail "NUL byte" "nul.txt:2: NUL byte" $MCTSNE tfidf "$T/nul.txt" -o "$T/x.mtx" -q
head -c 10485760 /dev/zero | tr '\0' 'a' > "$T/long.txt"
expect_fail "10 MB line" "long.txt:1: line is 10485760 bytes long" $MCTSNE tfidf "$T/long.txt" -o "$T/x.mtx" -q
expect_fail "missing file" "cannot open" $MCTSNE tfidf "$T/none.txt" -o "$T/x.mtx" -q
printf 'x\n' > "$T/unreadable.txt"; chmod 000 "$T/unreadable.txt"
if [ "$(id -u)" = 0 ]; then ok 0 "# SKIP unreadable file (root reads everything)"; else
expect_fail "unreadable file" "Permission denied" $MCTSNE tfidf "$T/unreadable.txt" -o "$T/x.mtx" -q; fi
expect_fail "a directory" "is a directory" $MCTSNE tfidf "$T" -o "$T/x.mtx" -q
expect_fail "bad --norm" "expected one of none, l1, l2" $MCTSNE tfidf $C/titles.txt --norm l3 -o "$T/x.mtx" -q
expect_fail "bad --min-df" "expected a number" $MCTSNE tfidf $C/titles.txt --min-df 1.5x -o "$T/x.mtx" -q
expect_fail "missing -o" "-o OUT.mtx is required" $MCTSNE tfidf $C/titles.txt -q
printf 'the and\nof it\n' > "$T/stop2.txt"
expect_fail "only stop words" "empty vocabulary" $MCTSNE tfidf "$T/stop2.txt" -o "$T/x.mtx" -q
expect_fail "unknown stemmer" "unknown Snowball language" $MCTSNE tfidf $C/titles.txt --stem-lang klingon -o "$T/x.mtx" -q
printf '{"title": "ok"}\n{"title": 5}\n' > "$T/bad.jsonl"
expect_fail "bad JSON Lines field" 'bad.jsonl:2: "title" must be a string' $MCTSNE tfidf "$T/bad.jsonl" -o "$T/x.mtx"
printf '{"title": "ok"}\n{"title": "x",\n' > "$T/bad2.jsonl"
expect_fail "broken JSON" 'bad2.jsonl:2: not valid JSON' $MCTSNE tfidf "$T/bad2.jsonl" -o "$T/x.mtx"
expect_fail "unwritable output" "cannot write" $MCTSNE tfidf $C/titles.txt -o /nonexistent/dir/x.mtx -q
done_testing

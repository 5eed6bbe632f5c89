#!/bin/sh
# mctsne embed --method: exact, Barnes-Hut, FFT and auto; bad choices.
. tests/lib.sh
D=tests/data/digits150.tsv

$MCTSNE embed --dense $D --perplexity 10 --method fft --iters 300 --threads 1 -o "$T/f1.tsv" 2>"$T/msg" && grep -q "(FFT)" "$T/msg"; ok $? "--method fft says so: $(tail -1 "$T/msg")"
$MCTSNE embed --dense $D --perplexity 10 --method fft --iters 300 --threads 2 -o "$T/f2.tsv" -q && cmp -s "$T/f1.tsv" "$T/f2.tsv"; ok $? "--method fft: 1 and 2 threads byte-identical"
$MCTSNE embed --dense $D --perplexity 10 --method fft --dims 1 --iters 200 -o "$T/f3.tsv" -q && head -1 "$T/f3.tsv" | grep -q "^x	label$"; ok $? "--method fft --dims 1"
$MCTSNE embed --dense $D --perplexity 10 --iters 100 -o "$T/a.tsv" 2>"$T/msg" && grep -q "(Barnes-Hut)" "$T/msg"; ok $? "auto on 150 points: Barnes-Hut"
$MCTSNE embed --dense $D --perplexity 10 --iters 100 --method bh -o "$T/b.tsv" -q && cmp -s "$T/a.tsv" "$T/b.tsv"; ok $? "--method bh: the same map as auto below the crossover"
$MCTSNE embed --dense $D --perplexity 10 --iters 100 --method exact -o "$T/e.tsv" -q && $MCTSNE embed --dense $D --perplexity 10 --iters 100 --exact -o "$T/e2.tsv" -q && cmp -s "$T/e.tsv" "$T/e2.tsv"; ok $? "--exact is --method exact"
expect_fail "unknown method" "--method: expected one of auto, exact, bh, fft" $MCTSNE embed --dense $D --method fast -q
expect_fail "fft in 3-D" "fft maps to 1 or 2 dimensions" $MCTSNE embed --dense $D --method fft --dims 3 -q
done_testing

#!/bin/sh
# run.sh BUILD_DIR [tfidf] [tsne] - the benchmarks, each against its peer
# on the same machine in the same run. Results go to bench/out/ as CSV
# and the summary to stdout. Rounds alternate between libmctext and the
# peer so that a noisy neighbour hurts both alike; medians are quoted.
set -eu
build=$1; shift
what=${*:-tfidf tsne}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
out=$here/out
mkdir -p "$out"
"$here/fetch.sh" "$data"

cc=${CC:-cc}
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -fopenmp -I$here/../include"
libs="$build/libmctext.a -lstemmer -lcjson -lutf8proc -llapacke -lopenblas -lm"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

for w in $what; do
case $w in
tfidf)
  $cc $flags "$here/bench_tfidf.c" -o "$build/bench_tfidf" $libs
  # Each round: every tool fits REPEATS times in one process (the median
  # of those is one CSV line); the summary is the median over rounds.
  rounds=${ROUNDS:-3} reps=${REPEATS:-5}
  csv=$out/tfidf.csv
  echo "tool,threads,docs,mbytes,seconds,mb_per_s,terms,nnz" > "$csv"
  echo "== tokenise + stem + TF-IDF, WordNet 3.1 glosses ($rounds rounds x $reps repeats)"
  i=0
  while [ $i -lt "$rounds" ]; do
    "$build/bench_tfidf" "$data/glosses.txt" "$reps" 1 >> "$csv"
    /usr/bin/python3 "$here/peer_tfidf.py" "$data/glosses.txt" "$reps" >> "$csv"
    "$build/bench_tfidf" "$data/glosses.txt" "$reps" 2 >> "$csv"
    i=$((i + 1))
  done
  m1=$(grep '^libmctext,1,' "$csv" | cut -d, -f5 | median)
  m2=$(grep '^libmctext,2,' "$csv" | cut -d, -f5 | median)
  ms=$(grep '^sklearn' "$csv" | cut -d, -f5 | median)
  mb=$(grep '^libmctext,1,' "$csv" | head -1 | cut -d, -f4)
  awk -v m1="$m1" -v m2="$m2" -v ms="$ms" -v mb="$mb" 'BEGIN {
    printf "libmctext 1 thread : %.4f s  %6.1f MB/s\n", m1, mb / m1
    printf "libmctext 2 threads: %.4f s  %6.1f MB/s\n", m2, mb / m2
    printf "sklearn+PyStemmer  : %.4f s  %6.1f MB/s\n", ms, mb / ms
    printf "ratio sklearn/libmctext: %.1fx on 1 thread, %.1fx on 2 threads\n", ms / m1, ms / m2
  }' | tee "$out/tfidf-summary.txt"
  ;;
*) echo "run.sh: unknown benchmark '$w'" >&2; exit 2 ;;
esac
done

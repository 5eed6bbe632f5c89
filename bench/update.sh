#!/bin/sh
# update.sh BUILD_DIR [EXPORTS_DIR] - a living review's update against a
# full rerun, on the same machine in the same run: the absorptive-capacity
# Scopus export reviewed first (not timed), then, alternating round by
# round, (a) the update with the Web of Science export and (b) the review
# of both exports from scratch. Medians of ROUNDS (default 5) rounds;
# CSV in bench/out/update.csv.
set -eu
build=$1
exports=${2:-$(dirname "$0")/../../shared/corpora/exports/absorptive-capacity}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
# Same allocator settings for every run (page faults are expensive here).
export MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824
m=$build/mctsne q='TS=("absorptive capacity")'
rounds=${ROUNDS:-5}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
secs() { # command... -> wall seconds
  s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'
}
"$m" review "$exports/scopus.csv" --query "$q" -o "$tmp/prev" -q > /dev/null
csv=$out/update.csv
echo "run,round,seconds" > "$csv"
i=0
while [ $i -lt "$rounds" ]; do
  echo "update,$i,$(secs "$m" review "$exports/wos.txt" --update "$tmp/prev" -o "$tmp/u" -q)" >> "$csv"
  echo "full,$i,$(secs "$m" review "$exports/scopus.csv" "$exports/wos.txt" --query "$q" -o "$tmp/f" -q)" >> "$csv"
  i=$((i + 1))
done
mu=$(grep '^update,' "$csv" | cut -d, -f3 | median)
mf=$(grep '^full,' "$csv" | cut -d, -f3 | median)
awk -v u="$mu" -v f="$mf" -v r="$rounds" 'BEGIN {
  printf "== living review: absorptive capacity, Scopus reviewed, WoS added (%d rounds)\n", r
  printf "update (--update, 621 new records): %.3f s\n", u
  printf "full rerun (748 records)          : %.3f s\n", f
  printf "ratio full/update: %.1fx\n", f / u
}' | tee "$out/update-summary.txt"

#!/bin/sh
# memory.sh BUILD_DIR [gen] [wos] [dup] [bundled] - peak memory (maximum
# resident set size, /usr/bin/time -v) of mctsne on large generated
# imports, against the size of the input. Inputs are generated into
# $MEMDIR (default /tmp/mct-mem) from the shared Web of Science export and
# never committed:
#   wos-1g.txt  copies of the absorptive-capacity Web of Science export
#               (about 1 GB; TI, DI and UT changed per copy so that the
#               copies are not duplicates of each other)
#   dup-1m.jsonl  1,000,000 JSON Lines records, all duplicates of one
#               record by DOI (about 115 MB)
# Every run uses the allocator settings of bench/run.sh, so that glibc
# gives memory back as the peers' runs would.
set -eu
build=$1; shift
what=${*:-gen wos dup}
here=$(cd "$(dirname "$0")" && pwd)
dir=${MEMDIR:-/tmp/mct-mem}
wos_src=${WOS_SRC:-$here/../../shared/corpora/exports/absorptive-capacity/wos.txt}
copies=${COPIES:-620}
ndup=${NDUP:-1000000}
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736
export OPENBLAS_NUM_THREADS=1
mkdir -p "$dir"

gen_wos() {
  [ -s "$dir/wos-1g.txt" ] && return 0
  # Copy c of every record: its title starts with a word of 12 letters
  # drawn at random for the copy (two copies' words differ in about 11
  # letters, so their titles are never near-identical), its DOI and UT
  # end with c.
  awk -v copies="$copies" '
    { sub(/\r$/, ""); line[NR] = $0 }
    END {
      srand(12)
      for (c = 1; c <= copies; c++) {
        w = ""
        for (k = 0; k < 12; k++) w = w substr("bcdfghjklmnpqrstvwxz", int(rand() * 20) + 1, 1)
        for (i = 1; i <= NR; i++) {
          s = line[i]
          if (c > 1 && (s ~ /^\xef\xbb\xbfFN / || s ~ /^FN / || s ~ /^VR /)) continue
          if (c < copies && s ~ /^EF/) continue
          if (s ~ /^TI /) s = "TI " toupper(substr(w, 1, 1)) substr(w, 2) " " substr(s, 4)
          else if (s ~ /^DI /) s = s "." c
          else if (s ~ /^UT /) s = s "-" c
          print s
        }
      }
    }' "$wos_src" > "$dir/wos-1g.txt.tmp"
  mv "$dir/wos-1g.txt.tmp" "$dir/wos-1g.txt"
}

gen_dup() {
  [ -s "$dir/dup-1m.jsonl" ] && return 0
  awk -v n="$ndup" 'BEGIN {
    for (i = 1; i <= n; i++)
      printf "{\"id\": \"d%07d\", \"title\": \"Micro-credentials and digital badges in education\", \"year\": 2019, \"doi\": \"10.1000/mc.%d\"}\n", i, 1
  }' > "$dir/dup-1m.jsonl.tmp"
  mv "$dir/dup-1m.jsonl.tmp" "$dir/dup-1m.jsonl"
}

# peak LABEL FILE TARGET_MB CMD...: runs CMD, prints its peak RSS and the
# ratio to the size of FILE.
peak() {
  label=$1 file=$2 target=$3; shift 3
  t0=$(date +%s.%N)
  /usr/bin/time -v -o "$dir/time.txt" "$@" > "$dir/out.txt" 2>&1 || {
    echo "$label: failed"; cat "$dir/out.txt"; return 1; }
  t1=$(date +%s.%N)
  kb=$(awk -F': ' '/Maximum resident/ {print $2}' "$dir/time.txt")
  sz=$(stat -L -c %s "$file")
  awk -v l="$label" -v kb="$kb" -v sz="$sz" -v t0="$t0" -v t1="$t1" -v tg="$target" 'BEGIN {
    mb = kb / 1024; fmb = sz / 1048576
    if (tg == "wos") tg = 0.6 * sz / 1e6 + 100
    printf "%-28s input %7.1f MB  peak %7.1f MB  peak/input %.2f  (target %.0f MB)  %.1f s\n",
      l, fmb, mb, mb / fmb, tg, t1 - t0 }'
}

for w in $what; do
case $w in
gen) gen_wos; gen_dup ;;
wos)
  gen_wos
  peak "prisma --no-dedup wos" "$dir/wos-1g.txt" wos \
    "$build/mctsne" prisma -q --no-dedup "$dir/wos-1g.txt"
  peak "prisma wos-1g.txt" "$dir/wos-1g.txt" wos \
    "$build/mctsne" prisma -q "$dir/wos-1g.txt" ;;
dup)
  gen_dup
  peak "prisma dup-1m.jsonl" "$dir/dup-1m.jsonl" 300 \
    "$build/mctsne" prisma -q "$dir/dup-1m.jsonl" ;;
esac
done

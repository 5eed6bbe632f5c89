#!/bin/sh
# fuzz.sh - runs libFuzzer harnesses built by `make fuzz-build`.
#
#   sh scripts/fuzz.sh FUZZDIR SECONDS NAME...
#
# For each NAME, the corpus FUZZDIR/corpus/NAME is seeded (once) from
# fuzz/seeds/NAME, tests/fuzz-regress/NAME and, for the record readers,
# the first 8 KB of the real exports in ../shared/corpora when they are
# there; then FUZZDIR/NAME runs for SECONDS seconds (FUZZ_JOBS harnesses
# at once, default 1, each niced). Crashes, leaks, timeouts and
# sanitizer reports land in FUZZDIR/findings/NAME/; copy each into
# tests/fuzz-regress/NAME/ once it is fixed. Each run's executions are
# appended to FUZZDIR/summary.tsv (name, seconds, executions, findings).
# FUZZ_RUNS=N stops a harness after N executions when that comes before
# SECONDS (the seconds recorded are then the time it took).
# Exits 1 when any harness found something.
set -u
dir=$1; secs=$2; shift 2
jobs=${FUZZ_JOBS:-1}
# The readers that take a path get their bytes through a file: keep it in
# memory when we can.
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
  export TMPDIR=/dev/shm
shared=${SHARED:-../shared}
[ -d "$shared/corpora" ] || shared=/work/shared

# Real inputs for a harness, one path a line.
real_inputs() {
  e=$shared/corpora/exports
  case $1 in
    records-scopus) ls "$e"/absorptive-capacity/scopus.csv ;;
    records-wos-text) ls "$e"/absorptive-capacity/wos.txt ;;
    records-ris) ls "$e"/absorptive-capacity/*.ris ;;
    records-pubmed) ls "$e"/samples/pubmed/* ;;
    records-bibtex) ls "$e"/samples/bibtex/* ;;
    records-csl) ls "$e"/samples/csl-json/* ;;
    records-openalex-json) ls "$e"/samples/openalex/* ;;
    records-jsonl|prior) ls "$shared"/corpora/*.jsonl ;;
    records-auto) ls "$e"/absorptive-capacity/* "$e"/samples/*/* ;;
    *) ;;
  esac 2>/dev/null | grep -v SOURCES.md
}

seed() {
  c=$dir/corpus/$1
  [ -d "$c" ] && return 0
  mkdir -p "$c"
  for s in fuzz/seeds/"$1"/* tests/fuzz-regress/"$1"/*; do
    [ -f "$s" ] && cp "$s" "$c/seed-$(basename "$s")"
  done
  if [ "$1" = records-auto ]; then
    for s in fuzz/seeds/records-*/*; do
      [ -f "$s" ] && cp "$s" "$c/seed-$(basename "$(dirname "$s")")-$(basename "$s")"
    done
  fi
  real_inputs "$1" | while read -r f; do
    head -c 8192 "$f" > "$c/real-$(basename "$f")"
  done
}

run_one() {
  name=$1
  out=$dir/findings/$name
  mkdir -p "$out"
  seed "$name"
  log=$dir/log/$name.$(date +%s).log
  mkdir -p "$dir/log"
  # Records may be long; text for the analyzer and friends is cut
  # shorter, which keeps those (slower) harnesses at useful speeds.
  case $name in
    records-*|prior|themes|exclusions|lines) maxlen=65536 ;;
    *) maxlen=4096 ;;
  esac
  start=$(date +%s)
  nice "$dir/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} \
      -max_len=$maxlen -print_final_stats=1 -artifact_prefix="$out/" \
      "$dir/corpus/$name" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$out" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\n' "$name" "$took" "${execs:-0}" "$found" \
      >>"$dir/summary.tsv"
  echo "fuzz.sh: $name: ${execs:-0} executions in $took s, exit $rc," \
       "$found findings ($log)"
  [ "$rc" -eq 0 ] && [ "$found" -eq 0 ]
}

status=0
for name in "$@"; do
  [ -x "$dir/$name" ] || { echo "fuzz.sh: no $dir/$name" >&2; exit 2; }
done
if [ "$jobs" -le 1 ]; then
  for name in "$@"; do run_one "$name" || status=1; done
else
  # FUZZ_JOBS lanes, each running its share of the harnesses in turn.
  lane=0
  while [ "$lane" -lt "$jobs" ]; do
    (
      i=0
      for name in "$@"; do
        [ $((i % jobs)) -eq "$lane" ] && run_one "$name"
        i=$((i + 1))
      done
    ) &
    lane=$((lane + 1))
  done
  wait
fi
# With parallel jobs the statuses are lost: look at the findings instead.
if [ "$(find "$dir/findings" -type f 2>/dev/null | wc -l)" -gt 0 ]; then
  status=1
fi
awk -F'\t' '{ e[$1] += $3; s[$1] += $2 }
            END { for (n in e) printf "  %-24s %8d s %12d executions\n",
                                        n, s[n], e[n] }' \
    "$dir/summary.tsv" | sort
exit $status

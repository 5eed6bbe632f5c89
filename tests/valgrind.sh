#!/bin/sh
# valgrind.sh - runs test programs under valgrind (make valgrind):
# memory errors or definite and indirect leaks fail the run. Threads
# that OpenMP and OpenBLAS keep in their pools are "possibly lost" by
# design and are not counted.
#
#   sh tests/valgrind.sh build/tests/test_...
#
# Skipped as too slow under valgrind (each takes 5-60 s natively, so
# 3-30 minutes there), unless VALGRIND_ALL=1: test_tsne, test_tsne_fft,
# test_review, test_text, test_update. Their code paths are covered by the other
# programs here and by `make sanitize`; docs/robustness.md says more.
VG="valgrind -q --error-exitcode=1 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --track-origins=yes"
pass=0; fail=0; skipped=""
for t in "$@"; do
  case $(basename "$t") in
    test_tsne|test_tsne_fft|test_review|test_text|test_update)
      if [ -z "${VALGRIND_ALL:-}" ]; then
        skipped="$skipped $(basename "$t")"; continue
      fi ;;
  esac
  log=${TMPDIR:-/tmp}/mct-vg.$$.log
  start=$(date +%s)
  if $VG "$t" >"$log" 2>&1; then
    pass=$((pass + 1))
    echo "== $(basename "$t"): clean ($(( $(date +%s) - start )) s)"
  else
    fail=$((fail + 1))
    echo "== $(basename "$t"): valgrind found errors or the test failed"
    grep -v '^ok ' "$log" | head -60 | sed 's/^/   /'
  fi
  rm -f "$log"
done
[ -n "$skipped" ] && echo "skipped (too slow; VALGRIND_ALL=1 runs them):$skipped"
echo "valgrind: $pass clean, $fail with errors"
[ "$fail" -eq 0 ]

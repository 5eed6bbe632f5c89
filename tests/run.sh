#!/bin/sh
# run.sh - runs test binaries and scripts that print TAP, shows their
# output, and ends with one line "N passed, N failed". Exits 1 when a test
# failed or a program crashed or printed no plan.
pass=0; fail=0; log=${TMPDIR:-/tmp}/mct-test.$$
for t in "$@"; do
  case $t in
    *.sh) sh "$t" >"$log" 2>&1; rc=$? ;;
    *) "$t" >"$log" 2>&1; rc=$? ;;
  esac
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "not ok - $t exited with status $rc" >>"$log"
  fi
  if ! grep -q '^1\.\.[0-9]' "$log"; then
    f=$((f + 1)); echo "not ok - $t printed no plan (crashed?)" >>"$log"
  fi
  echo "== $(basename "$t"): $p passed, $f failed"
  if [ "$f" -gt 0 ] || [ -n "${VERBOSE:-}" ]; then
    sed 's/^/   /' "$log"
  else
    grep '# SKIP' "$log" | sed 's/^/   /'
  fi
  pass=$((pass + p)); fail=$((fail + f))
done
rm -f "$log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

# lib.sh - helpers for the shell tests of mctsne (sourced). Each test
# prints TAP lines; tests/run.sh adds them up.
MCTSNE=${MCTSNE:-build/mctsne}
T=$(mktemp -d "${TMPDIR:-/tmp}/mct-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0; failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
# expect_fail NAME PATTERN CMD...: non-zero exit and one stderr line
# matching PATTERN.
expect_fail() {
  name=$1; pat=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; rc=$?
  lines=$(wc -l <"$T/err")
  if [ "$rc" -ne 0 ] && [ "$lines" -eq 1 ] && grep -q -- "$pat" "$T/err"; then
    ok 0 "$name: $(cat "$T/err")"
  else
    ok 1 "$name (rc=$rc, stderr: $(head -3 "$T/err"))"
  fi
}
done_testing() { echo "1..$n"; echo "# tests $n pass $((n - failed)) fail $failed"; [ "$failed" -eq 0 ]; }

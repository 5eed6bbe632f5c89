#!/bin/sh
# The library's public face: every public declaration documented (with
# the errors of every function that can fail), one version everywhere.
. tests/lib.sh

out=$(awk -f tests/api_comments.awk include/*.h)
[ -z "$out" ]; ok $? "every public declaration has a comment naming its errors${out:+: $out}"
untested=""
for fn in $(grep -ho 'MCT_API[^(]*\bmct_[a-z0-9_]*(' include/*.h | grep -o 'mct_[a-z0-9_]*($' | tr -d '(' | sort -u); do
  grep -qw "$fn" tests/*.c tests/*.sh docs/examples/*.c || untested="$untested $fn"
done
[ -z "$untested" ]; ok $? "every public function is called by a test${untested:+ (not:$untested)}"
v=$($MCTSNE --version | sed -n '1s/^mctsne \([0-9.]*\) .*/\1/p')
[ -n "$v" ] && head -1 docs/mctsne.1 | grep -q "\"mctsne $v\"" && $MCTSNE --version | grep -q "(libmctext $v)"; ok $? "tool, library and manual page say version $v"
[ -f "$BUILD/libmctext.so.$v" ]; ok $? "the shared library is libmctext.so.$v"
done_testing

#!/bin/sh
# The library's public face: every public declaration documented (with
# the errors of every function that can fail), one version everywhere.
. tests/lib.sh

out=$(awk -f tests/api_comments.awk include/*.h)
[ -z "$out" ]; ok $? "every public declaration has a comment naming its errors${out:+: $out}"
v=$($MCTSNE --version | sed -n '1s/^mctsne \([0-9.]*\) .*/\1/p')
[ -n "$v" ] && head -1 docs/mctsne.1 | grep -q "\"mctsne $v\"" && $MCTSNE --version | grep -q "(libmctext $v)"; ok $? "tool, library and manual page say version $v"
[ -f "$BUILD/libmctext.so.$v" ]; ok $? "the shared library is libmctext.so.$v"
done_testing

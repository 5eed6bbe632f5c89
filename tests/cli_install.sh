#!/bin/sh
# make install into a temporary prefix, then build the API guide's
# example against the installed library through pkg-config (shared and
# static) and run it; also check the man page renders.
. tests/lib.sh
P="$T/prefix"
${MAKE:-make} -s install PREFIX="$P" B="${BUILD:-build}" >"$T/log" 2>&1; ok $? "make install PREFIX=..."
[ -f "$P/include/mctext/mctext.h" ] && [ -f "$P/lib/libmctext.a" ] && [ -L "$P/lib/libmctext.so.0" ] && [ -f "$P/lib/pkgconfig/libmctext.pc" ] && [ -f "$P/lib/pkgconfig/libmctext-static.pc" ] && [ -x "$P/bin/mctsne" ] && [ -f "$P/share/man/man1/mctsne.1" ]; ok $? "headers, both libraries, soname link, pkg-config file, tool, man page"
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
v=$($MCTSNE --version | sed -n '1s/^mctsne \([0-9.]*\) .*/\1/p'); [ "$(pkg-config --modversion libmctext)" = "$v" ]; ok $? "pkg-config --modversion libmctext is $v"
# Under make sanitize the library carries ASan: the example needs it too.
XFLAGS=${SANFLAGS:-}
cc -std=c11 -Wall -Wextra $XFLAGS -o "$T/ex" docs/examples/titles_map.c $(pkg-config --cflags --libs libmctext) -Wl,-rpath,"$P/lib" 2>"$T/cc.log"; ok $? "example compiles against the shared library"
"$T/ex" corpora/microcredentials/titles.txt > "$T/map.tsv" && [ "$(wc -l < "$T/map.tsv")" -eq 113 ]; ok $? "and runs: 113 rows"
ldd "$T/ex" | grep -q "$P/lib/libmctext.so.0"; ok $? "linked to the installed libmctext.so.0"
cc -std=c11 $XFLAGS -o "$T/ex_static" docs/examples/titles_map.c $(pkg-config --cflags libmctext) "$P/lib/libmctext.a" $(pkg-config --libs-only-l --static libmctext | sed 's/-lmctext//') -fopenmp 2>>"$T/cc.log" && "$T/ex_static" corpora/microcredentials/titles.txt | cmp -s - "$T/map.tsv"; ok $? "static build gives the same map"
cc -std=c11 -Wall -Wextra -Werror $XFLAGS -o "$T/rv" docs/examples/review.c $(pkg-config --cflags --libs libmctext) -Wl,-rpath,"$(pkg-config --variable=libdir libmctext)" 2>>"$T/cc.log" &&
  env -u LD_LIBRARY_PATH "$T/rv" 'TITLE(micro-creden*) OR TITLE(microcreden*)' corpora/microcredentials/microcredentials.jsonl > "$T/rv.out" &&
  grep -q '^identified 113, duplicates 0, ineligible 0, included 113$' "$T/rv.out" && [ "$(grep -c '^theme [1-5] (' "$T/rv.out")" -eq 5 ]; ok $? "the API guide's whole review in C: compiles, runs without LD_LIBRARY_PATH"
cc -std=c11 $XFLAGS -o "$T/rv_static" docs/examples/review.c $(pkg-config --cflags --libs libmctext-static) 2>>"$T/cc.log" && ! ldd "$T/rv_static" | grep -q libmctext &&
  "$T/rv_static" 'TITLE(micro-creden*) OR TITLE(microcreden*)' corpora/microcredentials/microcredentials.jsonl | cmp -s - "$T/rv.out"; ok $? "linked statically with libmctext-static: no libmctext.so needed, the same output"
man -l docs/mctsne.1 >/dev/null 2>&1 || groff -man -Tutf8 docs/mctsne.1 >/dev/null 2>&1 || [ ! -x /usr/bin/man ]; ok $? "man page renders"
done_testing

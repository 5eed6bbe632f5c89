# libmctext and mctsne. Plain GNU make.
#
#   make             static and shared library, and build/mctsne
#   make check       build and run every test
#   make check-slow  the longer checks (10^7 doubles formatted and read back)
#   make sanitize    the tests under AddressSanitizer and UBSan
#   make valgrind    the test programs under valgrind (docs/robustness.md)
#   make fuzz        libFuzzer harnesses (clang), each run FUZZ_SECONDS
#   make bench       the benchmarks (installs the peers they compare with)
#   make install     PREFIX=/usr/local DESTDIR=
#   make uninstall / make clean
#
# Debian packages are checked (and installed when root) by
# scripts/install-deps.sh before anything is compiled.

# The version has one source: include/mct_common.h.
VERSION := $(shell awk '/^\#define MCT_VERSION_(MAJOR|MINOR|PATCH) / \
                 { v = v (v == "" ? "" : ".") $$3 } END { print v }' \
                 include/mct_common.h)
MAJOR   := $(firstword $(subst ., ,$(VERSION)))
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
B       ?= build

CC      ?= cc
OPT     ?= -O2
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes \
           -Wmissing-prototypes -Wdouble-promotion
ifeq ($(WERROR),1)
WARN    += -Werror
endif
# -ffp-contract=off: no fused multiply-adds that could differ between the
# vectorised and scalar copies of a loop, so results stay bit-identical.
BASEFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -g $(OPT) -fopenmp \
             -ffp-contract=off $(WARN) -Iinclude -MMD -MP
# lib/ has one folder per module (core, text, tfidf, tsne, records, net,
# themes, review), mirroring include/; internal headers are found in any.
LIBINC    := $(patsubst %/,-I%,$(sort $(dir $(wildcard lib/*/*.c))))
LIBFLAGS  := $(BASEFLAGS) $(LIBINC) -fPIC -fvisibility=hidden -DMCT_BUILDING
DEPLIBS   := -lpthread -lstemmer -lcjson -lutf8proc -lcsv -ligraph -llapacke -lfftw3 \
             -lopenblas -lm
SAN       := -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined

LIB_SRC  := $(sort $(wildcard lib/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
TLIB_OBJ := $(LIB_SRC:%.c=$(B)/tobj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/bundled.o
BUNDLED  := corpora/microcredentials/microcredentials.jsonl \
            corpora/themes-microcredentials.json
TESTS    := $(TEST_SRC:tests/%.c=$(B)/tests/%)
STAMP    := $(B)/.deps-ok

.PHONY: all check test check-slow sanitize valgrind fuzz fuzz-build bench \
        install uninstall clean deps
all: $(B)/libmctext.a $(B)/libmctext.so.$(VERSION) $(B)/mctsne

deps: $(STAMP)
$(STAMP): scripts/install-deps.sh
	@mkdir -p $(B)
	scripts/install-deps.sh build test
	@touch $@

$(B)/obj/lib/%.o: lib/%.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAGS) $(CFLAGS) -c $< -o $@
# The test copy of the library can make allocations fail on request.
$(B)/tobj/lib/%.o: lib/%.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAGS) -DMCT_TESTING $(CFLAGS) -c $< -o $@
$(B)/obj/cli/%.o: cli/%.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(CFLAGS) -c $< -o $@

# The bundled corpus and themes, compiled into mctsne.
$(B)/gen/bundled.c: scripts/embed.sh $(BUNDLED)
	@mkdir -p $(dir $@)
	sh scripts/embed.sh bundled_records $(word 1,$(BUNDLED)) \
	    bundled_themes $(word 2,$(BUNDLED)) > $@.tmp && mv $@.tmp $@
$(B)/obj/gen/bundled.o: $(B)/gen/bundled.c cli/bundled.h
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) -Icli $(CFLAGS) -c $< -o $@

$(B)/libmctext.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libmctext-test.a: $(TLIB_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libmctext.so.$(VERSION): $(LIB_OBJ)
	$(CC) -shared -fopenmp -Wl,-soname,libmctext.so.$(MAJOR) -o $@ $^ \
	    $(LDFLAGS) $(DEPLIBS)
	ln -sf libmctext.so.$(VERSION) $(B)/libmctext.so.$(MAJOR)
	ln -sf libmctext.so.$(MAJOR) $(B)/libmctext.so
# The tool alone hashes its inputs and outputs (GNU Nettle's SHA-256).
$(B)/mctsne: $(CLI_OBJ) $(B)/libmctext.a
	$(CC) -fopenmp -o $@ $(CLI_OBJ) $(B)/libmctext.a $(LDFLAGS) $(DEPLIBS) \
	    -lnettle

$(B)/tests/%: tests/%.c tests/tap.h $(B)/libmctext-test.a | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) $(LIBINC) -DMCT_TESTING $(CFLAGS) $< -o $@ \
	    $(B)/libmctext-test.a $(LDFLAGS) $(DEPLIBS)

check test: all $(TESTS)
	@MCTSNE=$(abspath $(B)/mctsne) BUILD=$(abspath $(B)) SANFLAGS="$(SANFLAGS)" \
	    sh tests/run.sh $(TESTS) $(sort $(wildcard tests/cli_*.sh))

# Longer checks than make check runs: 10^7 random doubles through the
# shortest round-trip formatter (about 12 s).
check-slow: $(B)/tests/test_numfmt
	$(B)/tests/test_numfmt 10000000

sanitize:
	$(MAKE) B=build/san CFLAGS="$(SAN)" LDFLAGS="$(SAN)" SANFLAGS="$(SAN)" \
	    OPT=-O1 check

# valgrind over the test programs (tests/valgrind.sh says which are
# skipped as too slow under it, and why).
valgrind: all $(TESTS)
	scripts/install-deps.sh build test valgrind
	sh tests/valgrind.sh $(TESTS)

# libFuzzer harnesses: fuzz/targets.c's entry points built with clang,
# -fsanitize=fuzzer,address,undefined, into $(FB)/NAME; `make fuzz` runs
# each for FUZZ_SECONDS (scripts/fuzz.sh; docs/robustness.md).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FB           := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fopenmp \
                -ffp-contract=off -Iinclude $(LIBINC) -MMD -MP $(FUZZ_SAN) \
                -fsanitize=fuzzer-no-link
FUZZ_NAMES   := $(shell sed -n 's/^ *{"\([a-z-]*\)", fuzz_[a-z_]*},*$$/\1/p' \
                  fuzz/targets.c)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FB)/%)
FUZZ_OBJ     := $(LIB_SRC:%.c=$(FB)/obj/%.o) $(FB)/obj/fuzz/targets.o \
                $(FB)/obj/cli/util.o

$(FB)/.deps-ok: scripts/install-deps.sh
	@mkdir -p $(FB)
	scripts/install-deps.sh build fuzz
	@touch $@
$(FB)/obj/%.o: %.c | $(FB)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DMCT_BUILDING -c $< -o $@
$(FB)/obj/main-%.o: fuzz/libfuzzer.c fuzz/targets.h | $(FB)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_TARGET='"$*"' -c $< -o $@
$(FB)/libfuzz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^
$(FUZZ_BINS): $(FB)/%: $(FB)/obj/main-%.o $(FB)/libfuzz.a
	$(FUZZ_CC) -fopenmp $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
	    $(FB)/libfuzz.a $(DEPLIBS)

.PRECIOUS: $(FB)/obj/main-%.o
fuzz-build: $(FUZZ_BINS)
fuzz: fuzz-build
	sh scripts/fuzz.sh $(FB) $(FUZZ_SECONDS) $(FUZZ_NAMES)

bench: all
	scripts/install-deps.sh build bench
	sh bench/run.sh $(abspath $(B))

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/mctext \
	    $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(MANDIR)/man1
	install -m 644 include/*.h $(DESTDIR)$(INCDIR)/mctext/
	install -m 644 $(B)/libmctext.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libmctext.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libmctext.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libmctext.so.$(MAJOR)
	ln -sf libmctext.so.$(MAJOR) $(DESTDIR)$(LIBDIR)/libmctext.so
	install -m 755 $(B)/mctsne $(DESTDIR)$(BINDIR)/
	if [ -f docs/mctsne.1 ]; then \
	    install -m 644 docs/mctsne.1 $(DESTDIR)$(MANDIR)/man1/; fi
	for pc in libmctext libmctext-static; do \
	    sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCDIR@|$(INCDIR)|; s|@VERSION@|$(VERSION)|' \
	        $$pc.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/$$pc.pc; done

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libmctext.a $(DESTDIR)$(LIBDIR)/libmctext.so* \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/libmctext.pc \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/libmctext-static.pc $(DESTDIR)$(BINDIR)/mctsne \
	    $(DESTDIR)$(MANDIR)/man1/mctsne.1
	rm -rf $(DESTDIR)$(INCDIR)/mctext

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(TLIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) \
         $(TESTS:=.d) $(wildcard $(FB)/obj/*.d $(FB)/obj/*/*.d)

#!/bin/sh
# install-deps.sh - make sure the Debian packages libmctext needs are here.
#
#   scripts/install-deps.sh [build] [test] [bench] [ref] [fuzz] [valgrind]
#
# build: compiler, make and the libraries libmctext links (default).
# test:  what `make check` needs besides the build: Snowball's vocabulary,
#        and Chromium (headless) with a font for the report's browser test.
# bench: the peers and tools `make bench` compares against.
# ref:   what the scripts that regenerate reference values need.
# fuzz:  clang with libFuzzer and the sanitizers' runtimes (make fuzz).
# valgrind: valgrind (make valgrind).
#
# Packages already installed are left alone. Missing ones are installed
# with apt-get when we are root; otherwise the exact command is printed
# and the script stops with status 1.
set -eu

groups=${*:-build}
pkgs=""
for g in $groups; do
  case $g in
    build) pkgs="$pkgs gcc make pkg-config libc6-dev libopenblas-dev
                liblapacke-dev libstemmer-dev libcjson-dev libutf8proc-dev
                libigraph-dev libcsv-dev libfftw3-dev nettle-dev" ;;
    test)  pkgs="$pkgs snowball-data chromium fonts-dejavu-core" ;;
    bench) pkgs="$pkgs python3 python3-sklearn python3-stemmer r-cran-rtsne
                python3-pynndescent time umap-learn r-cran-uwot"
           # A Node.js from elsewhere (NodeSource) bundles npm and conflicts
           # with Debian's npm package: ask for Debian's only when absent.
           command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm" ;;
    ref)   pkgs="$pkgs python3 python3-sklearn python3-networkx
                python3-igraph python3-stemmer" ;;
    fuzz)  pkgs="$pkgs clang libclang-rt-dev libomp-dev" ;;
    valgrind) pkgs="$pkgs valgrind" ;;
    *) echo "install-deps.sh: unknown group '$g' (build, test, bench, ref," \
            "fuzz, valgrind)" >&2
       exit 2 ;;
  esac
done

missing=""
for p in $pkgs; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case $st in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
  echo "install-deps.sh: missing Debian packages:$missing" >&2
  echo "install-deps.sh: run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "install-deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || { echo "install-deps.sh: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2 ||
  { echo "install-deps.sh: '$cmd' failed" >&2; exit 1; }

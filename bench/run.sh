#!/bin/sh
# run.sh BUILD_DIR [tfidf] [tsne] [tsne-large] [text-map] [records] [themes]
# [exact] [commands] [knn] - the benchmarks, each against its peer
# on the same machine in the same run. Results go to bench/out/ as CSV
# and the summary to stdout. Rounds alternate between libmctext and the
# peer so that a noisy neighbour hurts both alike; medians are quoted.
set -eu
build=$1; shift
what=${*:-tfidf tsne records themes exact commands knn}
# Every process, ours and every peer's, runs with the same glibc allocator
# settings: large blocks are neither mmap'ed afresh nor handed back to the
# kernel after each use, so neither side pays page faults the other does
# not (page faults are expensive on these machines; docs/performance.md).
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
out=$here/out
mkdir -p "$out"
"$here/fetch.sh" "$data"

cc=${CC:-cc}
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -fopenmp -I$here/../include"
libs="$build/libmctext.a -lstemmer -lcjson -lutf8proc -lcsv -ligraph -llapacke -lfftw3 -lopenblas -lm"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

for w in $what; do
case $w in
tfidf)
  $cc $flags "$here/bench_tfidf.c" -o "$build/bench_tfidf" $libs
  # Each round: every tool fits REPEATS times in one process (the median
  # of those is one CSV line); the summary is the median over rounds.
  rounds=${ROUNDS:-3} reps=${REPEATS:-5}
  # Neither side calls BLAS here, but OpenBLAS starts a pool of threads
  # when it is loaded (numpy loads it for scikit-learn, libmctext links
  # it), and on a small machine the idle pool competes with the work.
  export OPENBLAS_NUM_THREADS=1
  csv=$out/tfidf.csv
  echo "tool,threads,docs,mbytes,seconds,mb_per_s,terms,nnz" > "$csv"
  echo "== tokenise + stem + TF-IDF, WordNet 3.1 glosses ($rounds rounds x $reps repeats)"
  i=0
  while [ $i -lt "$rounds" ]; do
    "$build/bench_tfidf" "$data/glosses.txt" "$reps" 1 >> "$csv"
    /usr/bin/python3 "$here/peer_tfidf.py" "$data/glosses.txt" "$reps" >> "$csv"
    "$build/bench_tfidf" "$data/glosses.txt" "$reps" 2 >> "$csv"
    i=$((i + 1))
  done
  m1=$(grep '^libmctext,1,' "$csv" | cut -d, -f5 | median)
  m2=$(grep '^libmctext,2,' "$csv" | cut -d, -f5 | median)
  ms=$(grep '^sklearn' "$csv" | cut -d, -f5 | median)
  mb=$(grep '^libmctext,1,' "$csv" | head -1 | cut -d, -f4)
  awk -v m1="$m1" -v m2="$m2" -v ms="$ms" -v mb="$mb" 'BEGIN {
    printf "libmctext 1 thread : %.4f s  %6.1f MB/s\n", m1, mb / m1
    printf "libmctext 2 threads: %.4f s  %6.1f MB/s\n", m2, mb / m2
    printf "sklearn+PyStemmer  : %.4f s  %6.1f MB/s\n", ms, mb / ms
    printf "ratio sklearn/libmctext: %.1fx on 1 thread, %.1fx on 2 threads\n", ms / m1, ms / m2
  }' | tee "$out/tfidf-summary.txt"
  ;;
tsne)
  $cc $flags "$here/bench_tsne.c" -o "$build/bench_tsne" $libs
  [ -s "$data/mnist50.tsv" ] ||
    "$build/bench_tsne" pca "$data/mnist.tsv" 10000 "$data/mnist50.tsv"
  sizes=${SIZES:-500 1000 2500 5000 10000}
  exact_max=${EXACT_MAX:-2500}
  th=${THREADS:-2}
  csv=$out/tsne.csv emb=$out/emb.tsv mem=$out/mem.txt
  echo "tool,method,n,threads,seconds,peak_mb,kl_own,kl,trust10,knn10" > "$csv"
  echo "== t-SNE on MNIST digits, 50 PCs by libmctext, perplexity 30, 1000 iterations, $th threads"
  row() { # tool method n "seconds,kl_own" peak_kb
    m=$("$build/bench_tsne" metrics "$data/mnist50.tsv" "$data/mnist.labels" "$3" "$emb" "$th")
    s=${4%%,*} k=${4#*,}
    echo "$1,$2,$3,$th,$s,$(awk -v k="$5" 'BEGIN{printf "%.1f", k/1024}'),$k,$m" | tee -a "$csv"
  }
  for n in $sizes; do
    for method in bh exact; do
      [ $method = exact ] && [ "$n" -gt "$exact_max" ] && continue
      r=$(/usr/bin/time -f %M -o "$mem" "$build/bench_tsne" run "$data/mnist50.tsv" "$data/mnist.labels" "$n" $method "$th" "$emb")
      row libmctext $method "$n" "$(echo "$r" | cut -d, -f1,3)" "$(tail -1 "$mem")"
    done
    r=$(/usr/bin/time -f %M -o "$mem" Rscript "$here/peer_rtsne.R" "$data/mnist50.tsv" "$n" "$th" "$emb")
    row Rtsne bh "$n" "$r" "$(tail -1 "$mem")"
    for method in barnes_hut exact; do
      [ $method = exact ] && [ "$n" -gt "$exact_max" ] && continue
      r=$(OMP_NUM_THREADS=$th /usr/bin/time -f %M -o "$mem" /usr/bin/python3 "$here/peer_sklearn_tsne.py" "$data/mnist50.tsv" "$n" $method "$th" "$emb")
      m=bh; [ $method = exact ] && m=exact
      row sklearn $m "$n" "$r" "$(tail -1 "$mem")"
    done
  done
  "$build/bench_tsne" plot "$csv" "$out/tsne.svg"
  awk -F, -v big="$(echo $sizes | tr ' ' '\n' | sort -n | tail -1)" -v ex="$exact_max" '
    NR > 1 { key = $1 " " $2 " " $3; sec[key] = $5; mem[key] = $6; kl[key] = $8; tw[key] = $9; acc[key] = $10 }
    END {
      b = "libmctext bh " big; r = "Rtsne bh " big; s = "sklearn bh " big
      e = "libmctext exact " ex; se = "sklearn exact " ex
      printf "N=%d Barnes-Hut: libmctext %.1f s, Rtsne %.1f s, sklearn %.1f s; libmctext/Rtsne = %.2f (target <= 0.75)\n", big, sec[b], sec[r], sec[s], sec[b] / sec[r]
      printf "N=%d quality (libmctext): 10-NN accuracy %.4f (>= 0.95), trustworthiness %.4f (>= 0.99), KL %.4f; Rtsne %.4f / %.4f / %.4f\n", big, acc[b], tw[b], kl[b], acc[r], tw[r], kl[r]
      printf "N=%d peak memory: libmctext %.1f MB (target < 100), Rtsne %.1f MB, sklearn %.1f MB\n", big, mem[b], mem[r], mem[s]
      if (se in sec) printf "N=%d exact: libmctext %.1f s, sklearn %.1f s; sklearn/libmctext = %.1fx (target >= 10)\n", ex, sec[e], sec[se], sec[se] / sec[e]
    }' "$csv" | tee "$out/tsne-summary.txt"
  echo "CSV: $csv  plot: $out/tsne.svg"
  ;;
records)
  # Needs the real exports beside the project (../shared); not copied.
  ex=${MCT_SHARED:-$here/../../shared}/corpora/exports/absorptive-capacity
  if [ ! -d "$ex" ]; then
    echo "== records: skipped, $ex is absent"; continue
  fi
  $cc $flags "$here/bench_records.c" -o "$build/bench_records" $libs
  csv=$out/records.csv
  echo "format,records,mbytes,seconds,records_per_s,mb_per_s,peak_mb" > "$csv"
  echo "== reading records: the real exports repeated"
  "$build/bench_records" "$ex/wos.txt" wos-text "${RECORDS:-1000000}" "$out/big.tmp" | tee -a "$csv"
  for f in "scopus.csv scopus-csv" "scopus.ris ris" "wos.ris ris"; do
    set -- $f
    "$build/bench_records" "$ex/$1" "$2" 100000 "$out/big.tmp" | tee -a "$csv"
  done
  ;;
themes)
  # Labelled tasks: does a theme named after a category hold that
  # category's records? Against a supervised ceiling (scikit-learn's
  # logistic regression, cross-validated on the same features) and the
  # baselines bench_themes prints. Deterministic: one run each.
  $cc $flags "$here/bench_themes.c" -o "$build/bench_themes" $libs
  ex=${MCT_SHARED:-$here/../../shared}/corpora/exports/absorptive-capacity
  dict=$data/wordnet/package/dict
  sum=$out/themes-summary.txt
  : > "$sum"
  for task in wos wordnet wordnet2; do
    in=$dict
    [ $task = wos ] && in=$ex/wos.txt
    [ -e "$in" ] || { echo "== themes $task: skipped, $in is absent" | tee -a "$sum"; continue; }
    mkdir -p "$out/themes-$task"
    echo "== themes: $task" | tee -a "$sum"
    "$build/bench_themes" $task "$in" "$out/themes-$task" | tee -a "$sum"
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/peer_themes.py" "$out/themes-$task" | tee -a "$sum"
  done
  for f in "$here/../corpora/microcredentials/microcredentials.jsonl" \
           "${MCT_SHARED:-$here/../../shared}/corpora/microcredentials-oa.jsonl"; do
    [ -e "$f" ] || continue
    echo "== themes of $(basename "$f") with the paper's five" | tee -a "$sum"
    "$build/bench_themes" corpus "$f" "$here/../corpora/themes-microcredentials.json" \
      'TITLE(micro-creden*) OR TITLE(microcreden*)' | tee -a "$sum"
  done
  echo "summary: $sum"
  ;;
knn)
  # The neighbour search alone (k = 90, t-SNE's for perplexity 30), 2
  # threads: libmctext exact and approximate against pynndescent, on
  # MNIST-10k (50 PCs), the WordNet glosses (TF-IDF + SVD-50) and a
  # Gaussian mixture of 10^5 points in 50-D. Recall: on 1000 sample
  # points against brute force. Same allocator settings for every tool.
  $cc $flags "$here/bench_knn.c" -o "$build/bench_knn" $libs
  $cc $flags "$here/bench_tsne.c" -o "$build/bench_tsne" $libs
  [ -s "$data/mnist50.tsv" ] ||
    "$build/bench_tsne" pca "$data/mnist.tsv" 10000 "$data/mnist50.tsv"
  [ -s "$data/glosses50.tsv" ] ||
    OPENBLAS_NUM_THREADS=1 "$build/bench_knn" glosses "$data/glosses.txt" "$data/glosses50.tsv" 2
  [ -s "$data/mix100k.tsv" ] ||
    "$build/bench_knn" mix 100000 50 "$data/mix100k.tsv" "$data/mix100k.labels"
  th=${THREADS:-2} k=${K:-90} rounds=${ROUNDS:-1}
  exact_max=${KNN_EXACT_MAX:-20000}
  export OPENBLAS_NUM_THREADS=1
  csv=$out/knn.csv idx=$out/knn.idx mem=$out/mem.txt
  echo "tool,method,data,n,threads,seconds,peak_mb,recall" > "$csv"
  echo "== k nearest neighbours, k = $k, $th threads ($rounds rounds)"
  # KNN_SETS=name:N ...; a name other than these three is a mixture of
  # 10 Gaussians made by bench_tsne (mix1m:1000000, as tsne-large's).
  for set in ${KNN_SETS:-mnist50:10000 glosses50:117791 mix100k:100000}; do
    f=$data/${set%%:*}.tsv n=${set#*:}
    [ -s "$f" ] || "$build/bench_tsne" mixture "$n" 1 "$f" "$data/${set%%:*}.labels"
    i=0
    while [ $i -lt "$rounds" ]; do
      for m in exact approx pynndescent; do
        [ $m = exact ] && [ "$n" -gt "$exact_max" ] && continue
        if [ $m = pynndescent ]; then
          r=$(/usr/bin/time -f %M -o "$mem" /usr/bin/python3 "$here/peer_pynndescent.py" "$f" "$n" "$k" "$th" "$idx")
          tool=pynndescent
        else
          r=$(/usr/bin/time -f %M -o "$mem" "$build/bench_knn" run "$f" "$n" "$k" $m "$th" "$idx")
          tool=libmctext
        fi
        rc=$("$build/bench_knn" recall "$f" "$n" "$k" "$idx")
        echo "$tool,${r#*,},${set%%:*},$n,$th,${r%%,*},$(awk -v k="$(tail -1 "$mem")" 'BEGIN{printf "%.1f", k/1024}'),$rc" | tee -a "$csv"
      done
      i=$((i + 1))
    done
  done
  tail -n +2 "$csv" | cut -d, -f1-3 | sort -u | while IFS=, read -r t m d; do
    sec=$(grep "^$t,$m,$d," "$csv" | cut -d, -f6 | median)
    grep "^$t,$m,$d," "$csv" | tail -1 | awk -F, -v s="$sec" '{
      printf "%-12s %-7s %-10s n=%-7s median %8.2f s  peak %7.1f MB  recall %.4f\n", $1, $2, $3, $4, s, $7, $8 }'
  done | tee "$out/knn-summary.txt"
  ;;
exact)
  # The exact t-SNE kernel alone (tsne_exact.c): pairs per second for each
  # instruction set, and the divider's bound on this machine.
  $cc $flags -ffp-contract=off -I$here/../lib/core -I$here/../lib/tsne "$here/bench_exact.c" \
      -o "$build/bench_exact" $libs
  csv=$out/exact.csv
  echo "what,isa,n,threads,seconds,ns_per_pair,mpairs_per_s,cpu_ns_per_pair" > "$csv"
  echo "== exact t-SNE kernel: one gradient, 2-D, pairs {i,j} counted once"
  for n in 1000 2500; do
    for th in 1 2; do "$build/bench_exact" $n 20 $th | tee -a "$csv"; done
  done
  ;;
commands)
  # Whole processes with their files written, against Python processes
  # doing the same job; rounds alternate the tools, medians are quoted.
  # COMMANDS="tfidf embed review" (the default) picks which.
  rounds=${ROUNDS:-3}
  export OPENBLAS_NUM_THREADS=1
  # Threads that wait for work sleep instead of spinning: on a shared
  # machine a spinning thread takes the core its partner needs (2-thread
  # embed --exact of 1,000 points: 27 s spinning, 2 s sleeping, against
  # 3.2 s on one thread; docs/performance.md). The Python peers here do
  # not use OpenMP.
  export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
  echo "(OMP_WAIT_POLICY=$OMP_WAIT_POLICY)"
  tmp=$out/commands.tmp csv=$out/commands.csv
  mkdir -p "$tmp"
  [ -s "$data/mnist50.tsv" ] || {
    $cc $flags "$here/bench_tsne.c" -o "$build/bench_tsne" $libs
    "$build/bench_tsne" pca "$data/mnist.tsv" 10000 "$data/mnist50.tsv"; }
  for n in 1000 2500; do head -n $n "$data/mnist50.tsv" > "$tmp/m$n.tsv"; done
  ex=${MCT_SHARED:-$here/../../shared}/corpora/exports/absorptive-capacity
  # "wall,cpu": elapsed seconds and user + system CPU seconds of a
  # command, its output thrown away. On a shared machine the CPU seconds
  # are the steadier measure (a descheduled process does not count them).
  timed() {
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" > /dev/null 2>&1 ||
      echo "run.sh: failed: $*" >&2
    awk '{ printf "%.3f,%.3f", $1, $2 + $3 }' "$tmp/time"
  }
  echo "command,tool,threads,seconds,cpu_seconds" > "$csv"
  echo "== whole commands ($rounds rounds)"
  i=0
  want() { case " ${COMMANDS:-tfidf embed review} " in *" $1 "*) return 0 ;; esac; return 1; }
  while [ $i -lt "$rounds" ]; do
    want tfidf && for th in 1 2; do
      echo "tfidf,mctsne,$th,$(timed "$build/mctsne" tfidf "$data/glosses.txt" --threads $th -o "$tmp/g.mtx" -q)" >> "$csv"
    done
    want tfidf && echo "tfidf,python,1,$(timed /usr/bin/python3 "$here/peer_tfidf_cmd.py" "$data/glosses.txt" "$tmp/p.mtx")" >> "$csv"
    want embed && for n in ${EXACT_SIZES:-1000 2500}; do
      for th in 1 2; do
        echo "embed-exact-$n,mctsne,$th,$(timed "$build/mctsne" embed "$tmp/m$n.tsv" --dense --exact --pca-dims 0 --threads $th -o "$tmp/e.tsv" -q)" >> "$csv"
      done
      # scikit-learn's exact gradient is numpy on one thread.
      echo "embed-exact-$n,python,1,$(OMP_NUM_THREADS=1 THREADS=1 timed /usr/bin/python3 "$here/peer_embed_cmd.py" "$tmp/m$n.tsv" "$tmp/p.tsv" exact)" >> "$csv"
    done
    if [ -d "$ex" ] && want review; then
      for th in 1 2; do
        echo "review,mctsne,$th,$(timed "$build/mctsne" review "$ex/scopus.csv" "$ex/wos.txt" --threads $th -o "$tmp/review" -q)" >> "$csv"
      done
    fi
    i=$((i + 1))
  done
  # Medians per command, tool and threads: wall, then CPU.
  for key in $(awk -F, 'NR > 1 { print $1 "," $2 "," $3 }' "$csv" | sort -u); do
    w=$(grep "^$key," "$csv" | cut -d, -f4 | median)
    c=$(grep "^$key," "$csv" | cut -d, -f5 | median)
    echo "$key,$w,$c"
  done > "$out/commands-medians.csv"
  awk -F, '{ w[$1 "," $2 "," $3] = $4; c[$1 "," $2 "," $3] = $5; cmd[$1] = 1 }
    END {
      for (k in cmd) {
        m1 = k ",mctsne,1"; m2 = k ",mctsne,2"; p = k ",python,1"
        printf "%-16s mctsne 1 thread %7.3f s (cpu %7.3f), 2 threads %7.3f s (cpu %7.3f)", k, w[m1], c[m1], w[m2], c[m2]
        if (p in w) printf "; Python %7.3f s (cpu %7.3f); Python/mctsne wall %.1fx (1 thread) %.1fx (2 threads), cpu %.1fx (1 thread)", w[p], c[p], w[p] / w[m1], w[p] / w[m2], c[p] / c[m1]
        printf "\n"
      }
    }' "$out/commands-medians.csv" | sort | tee "$out/commands-summary.txt"
  ;;
text-map)
  # `mctsne embed glosses.txt` as a user runs it (issue 11): the whole
  # process, text to map, on THREADS threads, with the neighbour search
  # it picks (auto: approximate at this size) and with exact neighbours
  # (--knn exact). Wall time and peak memory of each; KL and
  # trustworthiness (k = 10) on the fixed sample of 10,000 points that
  # tsne-large uses, measured against the glosses' 50-D SVD.
  $cc $flags "$here/bench_tsne.c" -o "$build/bench_tsne" $libs
  th=${THREADS:-2} rounds=${ROUNDS:-1}
  export OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
  [ -s "$data/glosses50.tsv" ] ||
    "$build/bench_tsne" svd "$data/glosses.txt" "$data/glosses50.tsv" "$data/glosses.labels"
  n=$(wc -l < "$data/glosses50.tsv")
  csv=$out/text-map.csv tmp=$out/text-map.tmp
  mkdir -p "$tmp"
  echo "knn,threads,seconds,peak_mb,kl_sample,trust10_sample,knn10" > "$csv"
  echo "== mctsne embed glosses.txt, $th threads ($rounds rounds)"
  i=0
  while [ $i -lt "$rounds" ]; do
    for knn in ${TEXT_KNN:-auto exact}; do
      /usr/bin/time -f "%e %M" -o "$tmp/time" "$build/mctsne" embed \
          "$data/glosses.txt" --knn $knn --threads "$th" -q -o "$tmp/map.tsv"
      tail -n +2 "$tmp/map.tsv" | cut -f1,2 > "$tmp/map.xy"
      q=$("$build/bench_tsne" sample "$data/glosses50.tsv" "$data/glosses.labels" "$n" "$tmp/map.xy" "$th")
      awk -v k=$knn -v th="$th" -v q="$q" '{ printf "%s,%s,%.2f,%.1f,%s\n", k, th, $1, $2 / 1024, q }' "$tmp/time" | tee -a "$csv"
    done
    i=$((i + 1))
  done
  ;;
tsne-large)
  # Large maps: libmctext Barnes-Hut and FFT against Rtsne, umap-learn
  # and uwot on MNIST-10k, the WordNet glosses (TF-IDF + SVD-50) and a
  # Gaussian mixture in 50-D (docs/scale-fft.md). Every process runs
  # with the same allocator settings and THREADS threads. KL and
  # trustworthiness on a fixed sample of 10,000 points, 10-NN accuracy
  # over all labelled points. Then a sweep of the mixture over SCALE
  # sizes for exact / bh / fft, plotted against N.
  export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736
  export OPENBLAS_NUM_THREADS=1
  $cc $flags "$here/bench_tsne.c" -o "$build/bench_tsne" $libs
  th=${THREADS:-2}
  sets=${LARGE_SETS:-mnist10k glosses mix100k}
  tools=${LARGE_TOOLS:-bh fft rtsne umap uwot}
  csv=$out/tsne-large.csv emb=$out/emb-large.tsv mem=$out/mem.txt
  echo "tool,method,n,threads,seconds,peak_mb,kl_own,kl_sample,trust10_sample,knn10,set" > "$csv"
  echo "== large t-SNE maps, $th threads: $sets"
  for set in $sets; do
    case $set in
    mnist10k)
      [ -s "$data/mnist50.tsv" ] ||
        "$build/bench_tsne" pca "$data/mnist.tsv" 10000 "$data/mnist50.tsv"
      in=$data/mnist50.tsv lab=$data/mnist.labels n=10000 ;;
    glosses)
      [ -s "$data/glosses50.tsv" ] ||
        "$build/bench_tsne" svd "$data/glosses.txt" "$data/glosses50.tsv" "$data/glosses.labels"
      in=$data/glosses50.tsv lab=$data/glosses.labels n=$(wc -l < "$data/glosses50.tsv") ;;
    mix*)
      n=$(echo "$set" | sed 's/^mix//; s/k$/000/; s/m$/000000/')
      in=$data/$set.tsv lab=$data/$set.labels
      [ -s "$in" ] || "$build/bench_tsne" mixture "$n" 1 "$in" "$lab" ;;
    esac
    for tool in $tools; do
      rm -f "$emb" "$out/iters.csv"
      case $tool in
      bh|fft) r=$(TSNE_ITER_LOG=$out/iters.csv /usr/bin/time -f %M -o "$mem" "$build/bench_tsne" run "$in" "$lab" "$n" $tool "$th" "$emb") &&
                r=$(echo "$r" | cut -d, -f1,3) name=libmctext m=$tool
              [ -f "$out/iters.csv" ] && sed "s/^/$set,$tool,/" "$out/iters.csv" >> "$out/tsne-large-iters.csv" ;;
      rtsne) r=$(/usr/bin/time -f %M -o "$mem" Rscript "$here/peer_rtsne.R" "$in" "$n" "$th" "$emb") name=Rtsne m=bh ;;
      umap) r=$(NUMBA_NUM_THREADS=$th /usr/bin/time -f %M -o "$mem" /usr/bin/python3 "$here/peer_umap.py" "$in" "$n" "$th" "$emb") name=umap-learn m=umap ;;
      uwot) r=$(/usr/bin/time -f %M -o "$mem" Rscript "$here/peer_uwot.R" "$in" "$n" "$th" "$emb") name=uwot m=umap ;;
      esac
      [ -s "$emb" ] || { echo "$set $tool: no embedding" >&2; continue; }
      q=$("$build/bench_tsne" sample "$in" "$lab" "$n" "$emb" "$th")
      echo "$name,$m,$n,$th,$(echo "$r" | cut -d, -f1),$(awk -v k="$(tail -1 "$mem")" 'BEGIN{printf "%.1f", k/1024}'),$(echo "$r" | cut -d, -f2),$q,$set" | tee -a "$csv"
    done
  done
  # Time per iteration at 300-350 against 950-1000 (FIt-SNE: 6-8x);
  # CPU time as well, which a busy machine disturbs less.
  [ -f "$out/tsne-large-iters.csv" ] && awk -F, '
    { t[$1 "," $2 "," $3] = $4; c[$1 "," $2 "," $3] = $5; k[$1 "," $2] = 1 }
    END { for (s in k) { a = t[s ",350"] - t[s ",300"]; b = t[s ",1000"] - t[s ",950"]
      ca = c[s ",350"] - c[s ",300"]; cb = c[s ",1000"] - c[s ",950"]
      if (a > 0 && ca > 0) printf "%s: wall %.1f ms/iteration at 300-350, %.1f ms at 950-1000 (x%.2f); CPU %.1f and %.1f ms (x%.2f)\n", s, a / 50 * 1000, b / 50 * 1000, b / a, ca / 50 * 1000, cb / 50 * 1000, cb / ca } }' "$out/tsne-large-iters.csv" | sort | tee "$out/tsne-large-iters.txt"
  # Scaling sweep: the three methods against N on the mixture.
  scsv=$out/tsne-scale.csv
  echo "tool,method,n,threads,seconds,peak_mb,kl_own" > "$scsv"
  for n in ${SCALE:-2000 5000 20000 50000}; do
    set=mix$n in=$data/mixs$n.tsv lab=$data/mixs$n.labels
    [ -s "$in" ] || "$build/bench_tsne" mixture "$n" 1 "$in" "$lab"
    for m in bh fft exact; do
      [ $m = exact ] && [ "$n" -gt "${EXACT_MAX:-2000}" ] && continue
      r=$(/usr/bin/time -f %M -o "$mem" "$build/bench_tsne" run "$in" "$lab" "$n" $m "$th" "$emb")
      echo "libmctext,$m,$n,$th,$(echo "$r" | cut -d, -f1),$(awk -v k="$(tail -1 "$mem")" 'BEGIN{printf "%.1f", k/1024}'),$(echo "$r" | cut -d, -f3)" | tee -a "$scsv"
    done
  done
  # (SCALE=" " skips the sweep, and then there is nothing to plot)
  [ "$(wc -l < "$scsv")" -gt 1 ] &&
    PLOT_TITLE="t-SNE wall time on a 50-D Gaussian mixture, log-log" \
      "$build/bench_tsne" plot "$scsv" "$out/tsne-scale.svg"
  echo "CSV: $csv $scsv  plot: $out/tsne-scale.svg"
  ;;
*) echo "run.sh: unknown benchmark '$w'" >&2; exit 2 ;;
esac
done

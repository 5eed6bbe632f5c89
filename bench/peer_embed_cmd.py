#!/usr/bin/python3
"""peer_embed_cmd.py IN.tsv OUT.tsv METHOD - the Python peer of `mctsne
embed IN.tsv --dense [--exact] -o OUT.tsv --pca-dims 0` as a whole
process: numpy reads the numbers, scikit-learn's TSNE (perplexity 30,
1000 iterations, PCA initialisation, learning rate 'auto', METHOD
'barnes_hut' or 'exact') maps them, and numpy writes the TSV. Threads:
OMP_NUM_THREADS and n_jobs from the caller's THREADS variable.
"""
import os
import sys

import numpy as np
from sklearn.manifold import TSNE


def main():
    path, out, method = sys.argv[1:4]
    X = np.loadtxt(path, delimiter="\t")
    Y = TSNE(n_components=2, perplexity=30.0, n_iter=1000, init="pca",
             learning_rate="auto", method=method, angle=0.5, random_state=0,
             n_jobs=int(os.environ.get("THREADS", "1"))).fit_transform(X)
    np.savetxt(out, Y, delimiter="\t", fmt="%.9g", header="x\ty",
               comments="")


if __name__ == "__main__":
    main()

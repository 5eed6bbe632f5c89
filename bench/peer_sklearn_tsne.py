#!/usr/bin/python3
"""peer_sklearn_tsne.py IN50.tsv N METHOD THREADS EMB.tsv

scikit-learn's TSNE (Debian python3-sklearn) on the same 50-dimensional
input: perplexity 30, 1000 iterations, PCA initialisation, learning rate
'auto', method 'barnes_hut' (angle 0.5) or 'exact'. Threads: n_jobs for
the neighbours and OMP_NUM_THREADS (set by the caller) for the gradient.
Prints "seconds,kl" (its own kl_divergence_) and writes the embedding.
"""
import sys
import time

import numpy as np
from sklearn.manifold import TSNE


def main():
    path, n, method, threads, out = sys.argv[1:6]
    X = np.loadtxt(path, delimiter="\t", max_rows=int(n))
    t0 = time.perf_counter()
    tsne = TSNE(n_components=2, perplexity=30.0, n_iter=1000, init="pca",
                learning_rate="auto", method=method, angle=0.5,
                random_state=0, n_jobs=int(threads))
    Y = tsne.fit_transform(X)
    seconds = time.perf_counter() - t0
    print("%.3f,%.4f" % (seconds, tsne.kl_divergence_))
    np.savetxt(out, Y, delimiter="\t", fmt="%.9g")


if __name__ == "__main__":
    main()

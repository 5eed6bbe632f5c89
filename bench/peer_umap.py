#!/usr/bin/python3
"""peer_umap.py IN50.tsv N THREADS EMB.tsv

UMAP (Debian umap-learn) on the same 50-dimensional input with its
defaults (15 neighbours, min_dist 0.1, 200 epochs above 10,000 points,
its own approximate neighbours by pynndescent), without a random_state
so that it may use its parallel code paths; NUMBA_NUM_THREADS (set by
the caller) bounds its threads. Prints "seconds,nan" (UMAP has no KL)
and writes the embedding.
"""
import sys
import time

import numpy as np


def main():
    path, n, threads, out = sys.argv[1:5]
    X = np.loadtxt(path, delimiter="\t", max_rows=int(n))
    import umap  # after loading: its import (numba) is not the fit
    t0 = time.perf_counter()
    Y = umap.UMAP(n_components=2, n_jobs=int(threads)).fit_transform(X)
    seconds = time.perf_counter() - t0
    print("%.3f,nan" % seconds)
    np.savetxt(out, Y, delimiter="\t", fmt="%.9g")


if __name__ == "__main__":
    main()

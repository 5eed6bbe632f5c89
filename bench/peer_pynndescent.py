"""peer_pynndescent.py TSV N K THREADS OUT.idx - pynndescent's neighbour
graph of the first N rows (Euclidean, its defaults, random_state 42).
Numba compiles on a small warm-up set first, so the time printed
("seconds,pynndescent") is the search alone. Writes N lines of K indices,
self excluded."""
import sys
import time

import numpy as np
import numba
from pynndescent import NNDescent

path, n, k, threads, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
numba.set_num_threads(threads)
X = np.loadtxt(path, max_rows=n, dtype=np.float32)
NNDescent(X[:2000], n_neighbors=k + 1, random_state=42, n_jobs=threads).neighbor_graph
t0 = time.perf_counter()
idx, dist = NNDescent(X, n_neighbors=k + 1, random_state=42, n_jobs=threads).neighbor_graph
sec = time.perf_counter() - t0
rows = []
for i in range(X.shape[0]):
    r = [j for j in idx[i] if j != i][:k]
    rows.append("\t".join(map(str, r)))
open(out, "w").write("\n".join(rows) + "\n")
print("%.3f,pynndescent" % sec)

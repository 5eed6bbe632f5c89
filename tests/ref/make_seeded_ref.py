#!/usr/bin/python3
"""Expected results of seeded (anchored) spherical k-means and of the
Hungarian matching, for tests/test_theme_api.c.

    /usr/bin/python3 tests/ref/make_seeded_ref.py

An independent NumPy implementation of what mct_kmeans_fit_dense does with
initial centroids and an anchor (mct_kmeans.h): Lloyd iterations where
each centroid is (S_c + anchor m_c) / |S_c + anchor m_c| and a row equally
close to every centre counts for none, then single-row moves (Hartigan)
while sum_c |S_c + anchor m_c| grows. The data: 60 points on the unit
sphere in 6 dimensions around three directions, and three seeds, one of
them between two clusters, so that the anchor matters. The matching
reference is scipy.optimize.linear_sum_assignment on random matrices.

Writes tests/golden/seeded_ref.txt.
"""
import numpy as np
from scipy.optimize import linear_sum_assignment


def unit(v):
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.where(n > 0, v / np.where(n > 0, n, 1), v)


def data(rng):
    centres = np.array([[1, 1, 0, 0, 0, 0.2], [0, 0.2, 1, 1, 0, 0],
                        [0, 0, 0, 0.3, 1, 1]], float)
    X = np.vstack([unit(centres[c] + 0.45 * rng.standard_normal((20, 6)))
                   for c in range(3)])
    X = np.abs(X)  # TF-IDF-like: non-negative
    X = unit(X)
    seeds = unit(np.array([[1, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0],
                           [0, 0, 0, 1, 1, 0]], float))
    return X, seeds


def lloyd(X, M, lam, max_iter=300):
    n, k = X.shape[0], M.shape[0]
    cent = M.copy()
    lab = -np.ones(n, int)
    for _ in range(max_iter):
        fits = X @ cent.T
        new = fits.argmax(1)
        tie = np.all(fits == fits[:, :1], axis=1)
        changed = np.any(new != lab)
        lab = new
        if not changed:
            break
        S = np.zeros_like(cent)
        for i in range(n):
            if not tie[i]:
                S[lab[i]] += X[i]
        cent = unit(S + lam * M)
    return lab


def refine(X, M, lam, lab):
    k = M.shape[0]
    S = lam * M.copy()
    count = np.zeros(k, int)
    for i in range(X.shape[0]):
        S[lab[i]] += X[i]
        count[lab[i]] += 1
    ns = np.linalg.norm(S, axis=1)
    for _ in range(100):
        moves = 0
        for i in range(X.shape[0]):
            a = lab[i]
            if count[a] < 2:
                continue
            dots = S @ X[i]
            leave = np.sqrt(max(ns[a] ** 2 - 2 * dots[a] + 1, 0)) - ns[a]
            best, gain = a, 1e-12
            for c in range(k):
                if c == a:
                    continue
                g = leave + np.sqrt(ns[c] ** 2 + 2 * dots[c] + 1) - ns[c]
                if g > gain:
                    best, gain = c, g
            if best == a:
                continue
            S[a] -= X[i]
            S[best] += X[i]
            ns[a] = np.linalg.norm(S[a])
            ns[best] = np.linalg.norm(S[best])
            count[a] -= 1
            count[best] += 1
            lab[i] = best
            moves += 1
        if not moves:
            break
    return lab, ns.sum()


def main():
    rng = np.random.default_rng(7)
    X, M = data(rng)
    out = ["# rows 60 dims 6; then X, seeds, and per anchor: labels, objective"]
    out.append("X " + " ".join("%.17g" % v for v in X.ravel()))
    out.append("S " + " ".join("%.17g" % v for v in M.ravel()))
    for lam in [0.0, 2.0, 8.0, 40.0]:
        lab = lloyd(X, M, lam)
        lab, obj = refine(X, M, lam, lab)
        out.append("anchor %.17g labels %s objective %.17g" %
                   (lam, " ".join(str(v) for v in lab), obj))
    for k in [1, 2, 5, 7]:
        C = rng.random((k, k))
        r, c = linear_sum_assignment(C)
        out.append("cost %d %s assign %s total %.17g" %
                   (k, " ".join("%.17g" % v for v in C.ravel()),
                    " ".join(str(v) for v in c), C[r, c].sum()))
    with open("tests/golden/seeded_ref.txt", "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

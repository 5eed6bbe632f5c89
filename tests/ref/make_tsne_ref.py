#!/usr/bin/python3
"""Expected t-SNE and PCA values from scikit-learn, for tests/test_tsne.c.

Run once from the project root with Debian's python3-sklearn:

    /usr/bin/python3 tests/ref/make_tsne_ref.py

Data: the first 150 images of scikit-learn's digits (UCI optical
recognition of handwritten digits; 8x8 pixels, integers 0..16), written to
tests/data/digits150.tsv (labels in digits150.labels). Their squared distances are integers, so the
float32 rounding scikit-learn applies before calibrating is exact.

Writes tests/golden/tsne_sklearn.txt with
  - the joint probabilities P of sklearn.manifold._t_sne._joint_probabilities
    (perplexity 10), upper triangle in row order;
  - the same for the cosine metric (distances 1 - cos, rounded to float32 by
    scikit-learn, so only good to about 1e-7);
  - a fixed 2-D embedding Y, and KL(P||Q) and its gradient from
    sklearn.manifold._t_sne._kl_divergence at that Y;
  - PCA(5) of the data: explained variances and components, each component
    signed so that its largest entry is positive (the library's rule).
"""
import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.manifold import _t_sne
from sklearn.metrics import pairwise_distances

N, PERPLEXITY = 150, 10.0


def main():
    digits = load_digits()
    X = digits.data[:N].astype(np.float64)
    np.savetxt("tests/data/digits150.tsv", X, fmt="%d", delimiter="\t")
    np.savetxt("tests/data/digits150.labels", digits.target[:N], fmt="%d")
    D = pairwise_distances(X, metric="euclidean", squared=True)
    P = _t_sne._joint_probabilities(D, PERPLEXITY, 0)
    Dc = pairwise_distances(X, metric="cosine")
    Pc = _t_sne._joint_probabilities(Dc, PERPLEXITY, 0)
    rng = np.random.RandomState(0)
    Y = rng.randn(N, 2)
    kl, grad = _t_sne._kl_divergence(Y.ravel(), P, 1, N, 2)
    pca = PCA(n_components=5, svd_solver="full").fit(X)
    comps = pca.components_.copy()
    for r in range(comps.shape[0]):
        j = np.argmax(np.abs(comps[r]))
        if comps[r, j] < 0:
            comps[r] = -comps[r]
    with open("tests/golden/tsne_sklearn.txt", "w") as f:
        f.write("# scikit-learn %s; digits150, perplexity %g\n"
                % (sklearn.__version__, PERPLEXITY))
        f.write("n %d perplexity %r\n" % (N, PERPLEXITY))
        f.write("P %d\n" % len(P))
        f.writelines("%r\n" % float(v) for v in P)
        f.write("Pcos %d\n" % len(Pc))
        f.writelines("%r\n" % float(v) for v in Pc)
        f.write("Y %d\n" % N)
        f.writelines("%r %r\n" % (float(a), float(b)) for a, b in Y)
        f.write("kl %r\n" % float(kl))
        g = grad.reshape(N, 2)
        f.write("grad %d\n" % N)
        f.writelines("%r %r\n" % (float(a), float(b)) for a, b in g)
        f.write("pca_var %d\n" % len(pca.explained_variance_))
        f.writelines("%r\n" % float(v) for v in pca.explained_variance_)
        f.write("pca_comp %d %d\n" % comps.shape)
        for row in comps:
            f.write(" ".join("%r" % float(v) for v in row) + "\n")


if __name__ == "__main__":
    main()

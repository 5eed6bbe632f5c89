#!/usr/bin/python3
"""Expected TF-IDF values from scikit-learn, for tests/test_tfidf.c.

Run once from the project root with Debian's python3-sklearn
(scripts/install-deps.sh ref):

    /usr/bin/python3 tests/ref/make_tfidf_ref.py

It reads the real titles of the bundled corpus plus tests/data/
tfidf_extra.txt (hand-made Unicode cases) and writes
tests/golden/tfidf_sklearn.txt: for each configuration the vocabulary in
column order and every non-zero as "row col value" with 17 digits.
"""
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

CONFIGS = [
    ("default", {}),
    ("sublinear_l1", {"sublinear_tf": True, "norm": "l1"}),
    ("plain_idf_nonorm", {"smooth_idf": False, "norm": None}),
    ("bigrams_mindf2", {"ngram_range": (1, 2), "min_df": 2}),
    # max_features is chosen where the cut falls between different total
    # counts: scikit-learn 1.2 breaks ties with an unstable sort.
    ("maxdf_frac_maxfeat", {"max_df": 0.3, "max_features": None}),
    ("mindf_frac_noidf", {"min_df": 0.02, "use_idf": False}),
    ("binary_maxdf_count", {"binary": True, "max_df": 20}),
]


def texts():
    out = []
    for path in ("corpora/microcredentials/titles.txt",
                 "tests/data/tfidf_extra.txt"):
        with open(path, encoding="utf-8") as f:
            out += [line.rstrip("\n") for line in f if line.strip()]
    return out


def untied_limit(docs, kw, at_most):
    """Largest limit <= at_most whose cut does not split a tie."""
    v = TfidfVectorizer(stop_words="english",
                        **dict(kw, max_features=None))
    X = v.fit_transform(docs)
    counts = TfidfVectorizer(stop_words="english", use_idf=False, norm=None,
                             vocabulary=v.vocabulary_).fit_transform(docs)
    tfs = sorted(counts.sum(axis=0).A1, reverse=True)
    for limit in range(at_most, 0, -1):
        if tfs[limit - 1] != tfs[limit]:
            return limit
    raise SystemExit("no untied limit")


def main():
    docs = texts()
    with open("tests/golden/tfidf_sklearn.txt", "w", encoding="utf-8") as f:
        f.write("# scikit-learn %s TfidfVectorizer(stop_words='english', ...)"
                " on %d texts\n" % (sklearn.__version__, len(docs)))
        for name, kw in CONFIGS:
            if "max_features" in kw:
                kw = dict(kw, max_features=untied_limit(docs, kw, 40))
            v = TfidfVectorizer(stop_words="english", **kw)
            X = v.fit_transform(docs).tocoo()
            vocab = v.get_feature_names_out()
            f.write("config %s %s\n" % (name, " ".join(
                "%s=%s" % (k, kw[k]) for k in sorted(kw))))
            f.write("vocab %d\n" % len(vocab))
            for t in vocab:
                f.write(t + "\n")
            entries = sorted(zip(X.row, X.col, X.data))
            f.write("nnz %d\n" % len(entries))
            for r, c, x in entries:
                f.write("%d %d %s\n" % (r, c, repr(float(x))))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""peer_tfidf_cmd.py FILE OUT.mtx - the Python peer of `mctsne tfidf FILE
-o OUT.mtx` as a whole process: read the lines, scikit-learn's
TfidfVectorizer with the English stop words and PyStemmer's Snowball
English stemmer (as bench/peer_tfidf.py), l2 rows, then write the matrix
with scipy.io.mmwrite and the vocabulary (term, df, idf) as TSV, as
mctsne writes OUT.vocab.tsv. The caller times the process.
"""
import sys

import numpy as np
import scipy.io
import Stemmer
from sklearn.feature_extraction.text import TfidfVectorizer


def main():
    path, out = sys.argv[1:3]
    with open(path, encoding="utf-8") as f:
        docs = [line.rstrip("\n") for line in f if line.strip()]
    stemmer = Stemmer.Stemmer("english")
    base = TfidfVectorizer(stop_words="english").build_analyzer()
    vec = TfidfVectorizer(analyzer=lambda d: stemmer.stemWords(base(d)))
    X = vec.fit_transform(docs)
    scipy.io.mmwrite(out, X)
    df = np.bincount(X.indices, minlength=X.shape[1])
    terms = vec.get_feature_names_out()
    with open(out.rsplit(".", 1)[0] + ".vocab.tsv", "w", encoding="utf-8") as f:
        f.write("term\tdf\tidf\n")
        for t, d, i in zip(terms, df, vec.idf_):
            f.write("%s\t%d\t%r\n" % (t, d, float(i)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The scikit-learn peer of bench_tfidf: the same file, the same work.

TfidfVectorizer(stop_words='english')'s analyzer (lower-casing, token
pattern, stop words) followed by PyStemmer's Snowball English stemmer, then
TF-IDF with l2 rows. Prints one CSV line like bench_tfidf:

    tool,threads,docs,mbytes,median_s,mb_per_s,terms,nnz

usage: peer_tfidf.py FILE REPEATS
"""
import statistics
import sys
import time

import Stemmer
from sklearn.feature_extraction.text import TfidfVectorizer


def run(docs):
    stemmer = Stemmer.Stemmer("english")
    base = TfidfVectorizer(stop_words="english").build_analyzer()
    vec = TfidfVectorizer(analyzer=lambda d: stemmer.stemWords(base(d)))
    X = vec.fit_transform(docs)
    return len(vec.vocabulary_), X.nnz


def main():
    path, reps = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        docs = [line.rstrip("\n") for line in f if line.strip()]
    nbytes = sum(len(d.encode("utf-8")) + 1 for d in docs)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        terms, nnz = run(docs)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print("sklearn+pystemmer,1,%d,%.3f,%.4f,%.2f,%d,%d"
          % (len(docs), nbytes / 1e6, med, nbytes / 1e6 / med, terms, nnz))


if __name__ == "__main__":
    main()

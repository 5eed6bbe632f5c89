#!/usr/bin/python3
"""Expected k-means and partition-agreement values, for tests/test_themes.c.

    /usr/bin/python3 tests/ref/make_kmeans_ref.py

The texts are the bundled corpus's title, abstract and keywords as
mct_records_to_docs(MCT_FIELD_ALL) joins them; the matrix is scikit-learn's
TfidfVectorizer(stop_words='english'), which the library reproduces to
1e-12 in its compatibility mode. Writes tests/golden/kmeans_sklearn.txt:
KMeans(n_clusters=5, n_init=10, random_state=0) labels, a second partition
(KMeans k=3, random_state=1), and scikit-learn's normalized_mutual_info_
score and adjusted_rand_score between them.
"""
import json

import sklearn
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def texts():
    out = []
    with open("corpora/microcredentials/microcredentials.jsonl",
              encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            t = r["title"]
            if r.get("abstract"):
                t += ". " + r["abstract"]
            if r.get("keywords"):
                t += ". " + "; ".join(r["keywords"])
            out.append(t)
    return out


def main():
    X = TfidfVectorizer(stop_words="english").fit_transform(texts())
    a = KMeans(n_clusters=5, n_init=10, random_state=0).fit(X).labels_
    b = KMeans(n_clusters=3, n_init=10, random_state=1).fit(X).labels_
    with open("tests/golden/kmeans_sklearn.txt", "w") as f:
        f.write("# scikit-learn %s\n" % sklearn.__version__)
        f.write("labels5 %s\n" % " ".join(str(int(x)) for x in a))
        f.write("labels3 %s\n" % " ".join(str(int(x)) for x in b))
        f.write("nmi %r\n" % normalized_mutual_info_score(a, b))
        f.write("ari %r\n" % adjusted_rand_score(a, b))


if __name__ == "__main__":
    main()

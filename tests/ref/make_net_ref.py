#!/usr/bin/python3
"""Expected co-word network values, for tests/test_net.c.

Run once from the project root with Debian's python3-igraph and
python3-networkx, with the real Web of Science export beside the project:

    /usr/bin/python3 tests/ref/make_net_ref.py

It reads the author keywords (DE) of ../shared/corpora/exports/
absorptive-capacity/wos.txt with its own small parser, folds case (NFKC
and casefold, spaces collapsed), keeps keywords in at least 2 records,
counts co-occurrences, weights them by association strength c_ij/(c_i c_j)
and computes with python-igraph: degree, strength, betweenness and
closeness (unweighted; closeness normalised), eigenvector centrality
(weighted, scaled) and PageRank (weighted, 0.85). networkx's
louvain_communities gives the modularity to beat.

Writes tests/golden/net_wos_nodes.tsv and tests/golden/net_wos_edges.tsv;
the export itself stays in ../shared.
"""
import unicodedata

import igraph
import networkx as nx

PATH = "../shared/corpora/exports/absorptive-capacity/wos.txt"


def fold(s):
    return " ".join(unicodedata.normalize("NFKC", s).casefold().split())


def records():
    recs, cur, tag = [], None, None
    with open(PATH, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line.startswith("PT "):
                cur = {}
            elif line.startswith("ER") and cur is not None:
                recs.append(cur)
                cur = None
            elif cur is not None and line.startswith("   ") and tag:
                cur[tag] += " " + line.strip()
            elif cur is not None and len(line) >= 2 and line[2:3] in (" ", ""):
                tag = line[:2]
                cur[tag] = cur.get(tag, "") + line[3:].strip()
    return recs


def main():
    trans = []
    for r in records():
        kws = [fold(k) for k in r.get("DE", "").split(";")]
        trans.append(sorted({k for k in kws if k}))
    occ = {}
    for t in trans:
        for k in t:
            occ[k] = occ.get(k, 0) + 1
    nodes = sorted((k for k in occ if occ[k] >= 2), key=lambda k: (-occ[k], k))
    index = {k: i for i, k in enumerate(nodes)}
    counts = {}
    for t in trans:
        ids = sorted(index[k] for k in t if k in index)
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                counts[(ids[a], ids[b])] = counts.get((ids[a], ids[b]), 0) + 1
    edges = sorted(counts)
    weights = [counts[e] / (occ[nodes[e[0]]] * occ[nodes[e[1]]]) for e in edges]
    g = igraph.Graph(n=len(nodes), edges=edges)
    g.es["weight"] = weights
    btw = g.betweenness(directed=False)
    clo = g.closeness(normalized=True)
    eig = g.eigenvector_centrality(scale=True, weights="weight")
    pr = g.pagerank(weights="weight", damping=0.85)
    strength = g.strength(weights="weight")
    G = nx.Graph()
    G.add_nodes_from(range(len(nodes)))
    G.add_weighted_edges_from((a, b, w) for (a, b), w in zip(edges, weights))
    mods = []
    for seed in range(10):
        comms = nx.community.louvain_communities(G, weight="weight", seed=seed)
        mods.append(nx.community.modularity(G, comms, weight="weight"))
    with open("tests/golden/net_wos_nodes.tsv", "w", encoding="utf-8") as f:
        f.write("# python-igraph %s, networkx %s; networkx louvain modularity"
                " seed0 %r max10 %r\n" % (igraph.__version__, nx.__version__,
                                           mods[0], max(mods)))
        f.write("key\toccurrences\tdegree\tstrength\tbetweenness\tcloseness"
                "\teigenvector\tpagerank\n")
        for i, k in enumerate(nodes):
            f.write("%s\t%d\t%d\t%r\t%r\t%r\t%r\t%r\n" % (
                k, occ[k], g.degree(i), strength[i], btw[i], clo[i], eig[i],
                pr[i]))
    with open("tests/golden/net_wos_edges.tsv", "w", encoding="utf-8") as f:
        for (a, b), w in zip(edges, weights):
            f.write("%d\t%d\t%d\t%r\n" % (a, b, counts[(a, b)], w))


if __name__ == "__main__":
    main()

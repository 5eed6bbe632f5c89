/*
 * test_net.c - co-word networks: the author keywords of a real Web of
 * Science export against python-igraph and networkx (expected values from
 * tests/ref/make_net_ref.py), keyword normalisation, weights, exports.
 */
#include <cjson/cJSON.h>

#include "mctext.h"
#include "tap.h"

static mct_net *build(mct_net_opts o, const char *const *const *items,
                      const size_t *n, size_t m, mct_status *rc)
{
    mct_net *g = NULL;
    *rc = mct_net_build(&o, items, n, m, &g);
    return g;
}

static void test_wos_keywords(const char *shared)
{
    char path[4300], line[2048];
    mct_records *r = NULL;
    const char *const **items;
    size_t *ni, n, bad_nodes = 0, bad_edges = 0, k = 0;
    mct_net_opts o = mct_net_opts_default();
    mct_net *g;
    mct_status rc;
    double md = 0, nx_seed0 = 0;
    FILE *f;
    snprintf(path, sizeof path,
             "%s/corpora/exports/absorptive-capacity/wos.txt", shared);
    mct_records_new(&r);
    if (!OK(mct_records_read(r, path, MCT_FORMAT_AUTO, &n, NULL) == MCT_OK,
            "WoS export read"))
        return;
    items = malloc(n * sizeof *items);
    ni = malloc(n * sizeof *ni);
    for (size_t i = 0; i < n; i++) {
        items[i] = mct_records_get(r, i)->keywords;
        ni[i] = mct_records_get(r, i)->n_keywords;
    }
    o.fold = MCT_NET_FOLD_CASE;
    g = build(o, items, ni, n, &rc);
    OK(rc == MCT_OK, "author keyword network built");
    f = fopen("tests/golden/net_wos_nodes.tsv", "r");
    if (!OK(f != NULL, "golden nodes file"))
        return;
    if (fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "seed0 ");
        if (p)
            nx_seed0 = atof(p + 6);
    }
    if (!fgets(line, sizeof line, f))
        return;
    while (fgets(line, sizeof line, f)) {
        char key[512];
        double v[7];
        mct_net_node nd;
        if (sscanf(line, "%511[^\t]\t%lf\t%lf\t%lf\t%lf\t%lf\t%lf\t%lf", key,
                   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6]) != 8)
            break;
        if (mct_net_node_get(g, k, &nd) || strcmp(nd.key, key) ||
            nd.occurrences != (size_t)v[0] || nd.degree != (size_t)v[1]) {
            if (bad_nodes++ < 3)
                DIAG("node %zu: %s vs %s", k, nd.key, key);
            k++;
            continue;
        }
        {
            double got[5] = {nd.strength, nd.betweenness, nd.closeness,
                             nd.eigenvector, nd.pagerank};
            for (int c = 0; c < 5; c++) {
                double e = fabs(got[c] - v[2 + c]);
                if (e > md)
                    md = e;
                if (e > 1e-9) {
                    if (bad_nodes++ < 3)
                        DIAG("node %s measure %d: %.17g vs %.17g", key, c,
                             got[c], v[2 + c]);
                    break;
                }
            }
        }
        k++;
    }
    fclose(f);
    OK(k == mct_net_n_nodes(g) && k > 300 && bad_nodes == 0,
       "%zu nodes in python-igraph's order; strength, betweenness, "
       "closeness, eigenvector, PageRank to 1e-9 (max diff %.2g)",
       k, md);
    f = fopen("tests/golden/net_wos_edges.tsv", "r");
    k = 0;
    md = 0;
    while (f && fgets(line, sizeof line, f)) {
        size_t a, b, c, i, j, cc;
        double w, ww;
        if (sscanf(line, "%zu\t%zu\t%zu\t%lf", &a, &b, &c, &w) != 4)
            break;
        if (mct_net_edge_get(g, k, &i, &j, &cc, &ww) || i != a || j != b ||
            cc != c || fabs(ww - w) > 1e-12)
            bad_edges++;
        if (fabs(ww - w) > md)
            md = fabs(ww - w);
        k++;
    }
    if (f)
        fclose(f);
    OK(k == mct_net_n_edges(g) && bad_edges == 0,
       "%zu edges: co-occurrence counts and association strengths match "
       "(max diff %.2g)", k, md);
    OK(mct_net_modularity(g, false) >= nx_seed0 - 1e-12,
       "Louvain modularity %.4f >= networkx louvain_communities %.4f",
       mct_net_modularity(g, false), nx_seed0);
    OK(mct_net_modularity(g, true) > 0.6,
       "Leiden modularity %.4f", mct_net_modularity(g, true));
    mct_net_free(g);
    free(items);
    free(ni);
    mct_records_free(r);
}

static void test_small(void)
{
    /* Four records' keywords. */
    const char *r0[] = {"Micro-Credentials", "Digital Badges", "Blockchain"};
    const char *r1[] = {"microcredential", "digital badge", "Higher education"};
    const char *r2[] = {"micro-credential", "higher education", "MOOCs"};
    const char *r3[] = {"Blockchain", "digital badges", "moocs"};
    const char *const *items[] = {r0, r1, r2, r3};
    size_t ni[] = {3, 3, 3, 3};
    mct_net_opts o = mct_net_opts_default();
    mct_status rc;
    mct_net *g;
    mct_net_node nd;
    long m, b;
    o.min_count = 2;
    o.norm = MCT_NET_NORM_RAW;
    g = build(o, items, ni, 4, &rc);
    OK(rc == MCT_OK, "small network builds");
    m = mct_net_find(g, "Micro-credential");
    OK(m >= 0 && !mct_net_node_get(g, (size_t)m, &nd) && nd.occurrences == 3,
       "hyphen, case and plural variants are one node (%zu records)",
       m >= 0 ? nd.occurrences : 0);
    /* Three spellings, once each: the smallest string labels the node. */
    OK(m >= 0 && !strcmp(nd.label, "micro-credential"),
       "label is a real spelling: '%s'", m >= 0 ? nd.label : "");
    b = mct_net_find(g, "digital badges");
    OK(b >= 0 && mct_net_n_nodes(g) == 5,
       "5 nodes: micro-credentials, digital badges, higher education, "
       "blockchain, moocs (%zu)", mct_net_n_nodes(g));
    {
        size_t i, j, c, found = 0;
        double w;
        for (size_t e = 0; e < mct_net_n_edges(g); e++) {
            mct_net_edge_get(g, e, &i, &j, &c, &w);
            if (((long)i == m && (long)j == b) || ((long)i == b && (long)j == m))
                found = c;
        }
        OK(found == 2, "micro-credentials and digital badges co-occur in 2 "
                       "records");
    }
    mct_net_free(g);
    /* Each normalisation on one pair: c_ij = 2, c_i = 3, c_j = 3. */
    {
        static const mct_net_norm norms[] = {MCT_NET_NORM_ASSOCIATION, MCT_NET_NORM_COSINE,
                                             MCT_NET_NORM_JACCARD, MCT_NET_NORM_INCLUSION};
        static const double want[] = {2.0 / 9, 2.0 / 3, 2.0 / 4, 2.0 / 3};
        bool all = true;
        for (int k = 0; k < 4; k++) {
            size_t i, j, c;
            double w = -1;
            o.norm = norms[k];
            g = build(o, items, ni, 4, &rc);
            for (size_t e = 0; e < mct_net_n_edges(g); e++) {
                mct_net_edge_get(g, e, &i, &j, &c, &w);
                if (c == 2 && ((long)i == m || (long)j == m))
                    break;
            }
            all &= fabs(w - want[k]) < 1e-15;
            mct_net_free(g);
        }
        OK(all, "association, cosine, Jaccard and inclusion weights");
    }
    /* A thesaurus merges blockchain into digital badges. */
    {
        mct_thesaurus *t = NULL;
        mct_thesaurus_new(&t);
        mct_thesaurus_add(t, "blockchain", "digital badges");
        o.thesaurus = t;
        o.norm = MCT_NET_NORM_ASSOCIATION;
        g = build(o, items, ni, 4, &rc);
        b = mct_net_find(g, "digital badges");
        OK(!rc && mct_net_n_nodes(g) == 4 && b >= 0 &&
               !mct_net_node_get(g, (size_t)b, &nd) && nd.occurrences == 3,
           "thesaurus merges a synonym (4 nodes)");
        mct_net_free(g);
        mct_thesaurus_free(t);
        o.thesaurus = NULL;
    }
    o.min_count = 5;
    g = build(o, items, ni, 4, &rc);
    OK(rc == MCT_EEMPTY && !g, "no node reaches min_count: MCT_EEMPTY");
    o.min_count = 1;
    o.top = 2;
    g = build(o, items, ni, 4, &rc);
    OK(!rc && mct_net_n_nodes(g) == 2, "--top 2 keeps the 2 most frequent");
    mct_net_free(g);
}

static void test_exports(void)
{
    const char *r0[] = {"a1", "b2", "c3"}, *r1[] = {"a1", "b2"},
               *r2[] = {"b2", "c3", "d4"}, *r3[] = {"d4", "a1"};
    const char *const *items[] = {r0, r1, r2, r3};
    size_t ni[] = {3, 2, 3, 2};
    mct_net_opts o = mct_net_opts_default();
    mct_status rc;
    mct_net *g, *g2;
    FILE *f;
    char buf[65536];
    size_t len;
    cJSON *j;
    o.min_count = 1;
    g = build(o, items, ni, 4, &rc);
    g2 = build(o, items, ni, 4, &rc);
    {
        bool same = mct_net_n_nodes(g) == mct_net_n_nodes(g2);
        for (size_t i = 0; same && i < mct_net_n_nodes(g); i++) {
            mct_net_node a, b;
            mct_net_node_get(g, i, &a);
            mct_net_node_get(g2, i, &b);
            same = a.x == b.x && a.y == b.y && a.community == b.community;
        }
        OK(same, "same seed: same communities and layout");
    }
    OK(mct_net_write_graphml(g, "/tmp/mct-net.graphml", NULL) == MCT_OK &&
           mct_net_write_gexf(g, "/tmp/mct-net.gexf", NULL) == MCT_OK &&
           mct_net_write_vosviewer(g, "/tmp/mct-map.txt", "/tmp/mct-net.txt",
                                   NULL) == MCT_OK &&
           mct_net_write_json(g, "/tmp/mct-net.json", NULL) == MCT_OK &&
           mct_net_write_tsv(g, "/tmp/mct-nodes.tsv", NULL) == MCT_OK,
       "GraphML, GEXF, VOSviewer map and network, JSON and TSV written");
    f = fopen("/tmp/mct-net.json", "r");
    len = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[len] = '\0';
    j = cJSON_Parse(buf);
    OK(j && cJSON_GetArraySize(cJSON_GetObjectItem(
                cJSON_GetObjectItem(j, "network"), "items")) == 4 &&
           cJSON_GetArraySize(cJSON_GetObjectItem(
               cJSON_GetObjectItem(j, "network"), "links")) ==
               (int)mct_net_n_edges(g),
       "VOSviewer JSON parses: 4 items, %zu links", mct_net_n_edges(g));
    cJSON_Delete(j);
    f = fopen("/tmp/mct-net.graphml", "r");
    len = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[len] = '\0';
    OK(strstr(buf, "<graphml") && strstr(buf, "edgedefault=\"undirected\"") &&
           strstr(buf, "<data key=\"label\">a1</data>"),
       "GraphML has the nodes and their labels");
    OK(mct_net_write_tsv(g, "/nonexistent/x.tsv", NULL) == MCT_EIO,
       "unwritable path");
    OK(mct_net_transaction_community(g, 0) >= 0 &&
           mct_net_transaction_community(g, 99) == -1,
       "records carry their keywords' community");
    remove("/tmp/mct-net.graphml");
    remove("/tmp/mct-net.gexf");
    remove("/tmp/mct-map.txt");
    remove("/tmp/mct-net.txt");
    remove("/tmp/mct-net.json");
    remove("/tmp/mct-nodes.tsv");
    mct_net_free(g);
    mct_net_free(g2);
}

int main(void)
{
    const char *sh = tap_shared();
    if (sh)
        test_wos_keywords(sh);
    else
        SKIP("../shared is absent: the real WoS export is read in place");
    test_small();
    test_exports();
    return tap_done();
}

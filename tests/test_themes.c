/*
 * test_themes.c - sentences, concept maps (co-occurrence counted by hand
 * on a small text), spherical k-means against scikit-learn's KMeans
 * (tests/ref/make_kmeans_ref.py), and partition agreement (NMI, ARI).
 */
#include "mctext.h"
#include "tap.h"

typedef struct sents {
    char s[16][200];
    size_t n;
    const char *text;
} sents;

static bool take(void *u, size_t off, size_t len)
{
    sents *s = u;
    if (s->n < 16 && len < 200) {
        memcpy(s->s[s->n], s->text + off, len);
        s->s[s->n][len] = '\0';
        s->n++;
    }
    return true;
}

static void test_sentences(void)
{
    sents s;
    const char *t = "Micro-credentials grew fast (Smith et al. 2021). Fig. 2 "
                    "shows e.g. the U.S. case. Costs fell by 3.5 per cent! "
                    "Did J. Doe agree? \u201cYes,\u201d she said.\n\nA new "
                    "paragraph without a period";
    mct_status rc;
    s.n = 0;
    s.text = t;
    rc = mct_split_sentences(t, strlen(t), take, &s);
    OK(rc == MCT_OK && s.n == 6, "6 sentences (%zu)", s.n);
    OK(!strcmp(s.s[0], "Micro-credentials grew fast (Smith et al. 2021).") &&
           !strcmp(s.s[1], "Fig. 2 shows e.g. the U.S. case.") &&
           !strcmp(s.s[2], "Costs fell by 3.5 per cent!"),
       "et al., Fig., e.g., U.S. and 3.5 do not split: [%s] [%s] [%s]",
       s.s[0], s.s[1], s.s[2]);
    OK(!strcmp(s.s[3], "Did J. Doe agree?") &&
           !strcmp(s.s[4], "\u201cYes,\u201d she said.") &&
           !strcmp(s.s[5], "A new paragraph without a period"),
       "an initial does not split, an opening quote may start a sentence, "
       "the last one needs no period: [%s] [%s] [%s]",
       s.s[3], s.s[4], s.s[5]);
}

/* A text whose blocks and co-occurrences can be counted by hand:
 * window 2 cuts each abstract into sentence pairs. */
static void test_concept_counts(void)
{
    const char *t[] = {
        /* block 1: badges, blockchain | block 2: badges, employers */
        "Digital badges use blockchain. Blockchain secures badges. "
        "Employers value badges. Employers hire.",
        /* block 3: blockchain, employers | block 4 (one sentence):
         * badges */
        "Blockchain helps employers. Employers trust blockchain. "
        "Badges spread."};
    size_t l[] = {strlen(t[0]), strlen(t[1])};
    mct_concepts_opts o = mct_concepts_opts_default();
    mct_concepts *c = NULL;
    const mct_net *g;
    long b, k, e;
    size_t cbk = 0, cbe = 0, cke = 0;
    o.min_count = 1;
    o.phrases = false;
    OK(mct_concepts_build(&o, t, l, 2, &c) == MCT_OK, "concept map builds");
    OK(mct_concepts_n_blocks(c) == 4, "4 blocks of up to 2 sentences (%zu)",
       mct_concepts_n_blocks(c));
    g = mct_concepts_network(c);
    b = mct_net_find(g, "badg");
    k = mct_net_find(g, "blockchain");
    e = mct_net_find(g, "employ");
    {
        mct_concept x;
        bool ok = b >= 0 && k >= 0 && e >= 0;
        if (ok) {
            mct_concepts_get(c, (size_t)b, &x);
            ok = x.count == 3 && !strcmp(x.label, "badges") &&
                 x.relevance == 1.0;
            mct_concepts_get(c, (size_t)k, &x);
            ok = ok && x.count == 2;
            mct_concepts_get(c, (size_t)e, &x);
            ok = ok && x.count == 2;
        }
        OK(ok, "block counts: badges 3, blockchain 2, employers 2");
    }
    for (size_t i = 0; i < mct_net_n_edges(g); i++) {
        size_t a, z, cnt;
        mct_net_edge_get(g, i, &a, &z, &cnt, NULL);
        if ((long)a + (long)z == b + k && ((long)a == b || (long)a == k))
            cbk = cnt;
        if ((long)a + (long)z == b + e && ((long)a == b || (long)a == e))
            cbe = cnt;
        if ((long)a + (long)z == k + e && ((long)a == k || (long)a == e))
            cke = cnt;
    }
    OK(cbk == 1 && cbe == 1 && cke == 1,
       "co-occurrences by block: badges-blockchain %zu, badges-employers "
       "%zu, blockchain-employers %zu (1 each)", cbk, cbe, cke);
    {
        size_t *pe = NULL, np = 0;
        mct_status rc = mct_net_strongest_paths(g, &pe, &np);
        size_t nn = mct_net_n_nodes(g);
        OK(rc == MCT_OK && nn > 3 && np == nn - 1,
           "strongest paths: a spanning tree of %zu edges over %zu concepts",
           np, nn);
        mct_free(pe);
    }
    mct_concepts_free(c);
    c = NULL;
    o.window = 1;
    {
        mct_status rc = mct_concepts_build(&o, t, l, 2, &c);
        size_t nb = rc ? 0 : mct_concepts_n_blocks(c);
        OK(rc == MCT_OK && nb == 7, "window 1: one block per sentence (%zu)",
           nb);
        mct_concepts_free(c);
        c = NULL;
    }
    {
        const char *seeds[] = {"Employers", "digital badge"};
        mct_status rc;
        size_t nc;
        o = mct_concepts_opts_default();
        o.min_count = 1;
        o.seeds = seeds;
        o.n_seeds = 2;
        rc = mct_concepts_build(&o, t, l, 2, &c);
        nc = rc ? 0 : mct_concepts_count(c);
        OK(rc == MCT_OK && nc == 2, "a seed list fixes the concepts (%zu)", nc);
        mct_concepts_free(c);
    }
}

static mct_docs *corpus(void)
{
    mct_records *r = NULL;
    mct_docs *d = NULL;
    mct_records_new(&r);
    mct_docs_new(&d);
    mct_records_read(r, "corpora/microcredentials/microcredentials.jsonl",
                     MCT_FORMAT_AUTO, NULL, NULL);
    mct_records_to_docs(r, MCT_FIELD_ALL, d);
    mct_records_free(r);
    return d;
}

/* Spherical objective of any partition: sum over rows of the cosine to
 * their cluster's normalised mean. */
static double spherical_objective(const mct_csr *X, const int *lab, size_t k)
{
    mct_csr_view v = mct_csr_get(X);
    double *c = calloc(k * v.n_cols, sizeof *c), obj = 0;
    for (size_t i = 0; i < v.n_rows; i++)
        for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++)
            c[(size_t)lab[i] * v.n_cols + v.indices[t]] += v.data[t];
    for (size_t j = 0; j < k; j++) {
        double s = 0;
        for (size_t q = 0; q < v.n_cols; q++)
            s += c[j * v.n_cols + q] * c[j * v.n_cols + q];
        for (size_t q = 0; s > 0 && q < v.n_cols; q++)
            c[j * v.n_cols + q] /= sqrt(s);
    }
    for (size_t i = 0; i < v.n_rows; i++)
        for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++)
            obj += v.data[t] * c[(size_t)lab[i] * v.n_cols + v.indices[t]];
    free(c);
    return obj;
}

static bool read_labels(FILE *f, const char *name, int *lab, size_t n)
{
    char key[32];
    if (fscanf(f, "%31s", key) != 1 || strcmp(key, name))
        return false;
    for (size_t i = 0; i < n; i++)
        if (fscanf(f, "%d", &lab[i]) != 1)
            return false;
    return true;
}

static void test_kmeans(void)
{
    mct_docs *d = corpus();
    mct_vectorizer_opts to = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *X = NULL;
    mct_kmeans_opts ko = mct_kmeans_opts_default();
    mct_kmeans *a = NULL, *b = NULL;
    size_t n = mct_docs_count(d);
    int *l5 = malloc(n * sizeof *l5), *l3 = malloc(n * sizeof *l3);
    double nmi_ref = 0, ari_ref = 0, nmi, ari, ours, theirs;
    FILE *f = fopen("tests/golden/kmeans_sklearn.txt", "r");
    char line[256];
    to.analyzer = mct_analyzer_opts_sklearn();
    mct_vectorizer_new(&to, &v);
    mct_vectorizer_fit_transform(v, mct_docs_texts(d), mct_docs_lengths(d), n,
                                 &X, NULL);
    if (!OK(f && fgets(line, sizeof line, f) && read_labels(f, "labels5", l5, n) &&
                read_labels(f, "labels3", l3, n) &&
                fscanf(f, " nmi %lf ari %lf", &nmi_ref, &ari_ref) == 2,
            "golden k-means file"))
        return;
    fclose(f);
    OK(mct_kmeans_fit_csr(&ko, X, NULL, &a) == MCT_OK, "spherical k-means");
    ours = mct_kmeans_objective(a);
    theirs = spherical_objective(X, l5, 5);
    OK(ours >= theirs - 1e-9,
       "objective %.4f no worse than scikit-learn KMeans's partition %.4f "
       "(10 restarts each)", ours, theirs);
    NEAR(spherical_objective(X, mct_kmeans_labels(a, NULL), 5), ours, 1e-9,
         "the reported objective is the partition's");
    ko.n_threads = 1;
    mct_kmeans_fit_csr(&ko, X, NULL, &b);
    {
        bool same = !memcmp(mct_kmeans_labels(a, NULL),
                            mct_kmeans_labels(b, NULL), n * sizeof(int)) &&
                    !memcmp(mct_kmeans_centroids(a, NULL, NULL),
                            mct_kmeans_centroids(b, NULL, NULL),
                            5 * mct_csr_get(X).n_cols * sizeof(double));
        OK(same, "1 and 2 threads: identical labels and centroids");
    }
    mct_kmeans_free(b);
    /* Guided: start from the centroids found; nothing moves. */
    {
        /* Fit first: OK's arguments are evaluated in no set order. */
        bool fitted = mct_kmeans_fit_csr(&ko, X,
                                         mct_kmeans_centroids(a, NULL, NULL),
                                         &b) == MCT_OK;
        int iters = fitted ? mct_kmeans_iterations(b) : -1;
        OK(fitted &&
               !memcmp(mct_kmeans_labels(a, NULL), mct_kmeans_labels(b, NULL),
                       n * sizeof(int)) &&
               iters <= 2,
           "guided from converged centroids: same labels, %d iterations",
           iters);
    }
    {
        double *sim = malloc(n * 5 * sizeof *sim);
        bool best = true;
        mct_kmeans_similarities(a, X, sim);
        for (size_t i = 0; i < n; i++) {
            int l = mct_kmeans_labels(a, NULL)[i];
            for (int j = 0; j < 5; j++)
                best &= sim[i * 5 + (size_t)l] >= sim[i * 5 + (size_t)j] - 1e-12;
        }
        OK(best, "each record's theme is its most similar one");
        free(sim);
    }
    mct_kmeans_free(b);
    mct_kmeans_free(a);
    OK(mct_partition_agreement(l5, l3, n, &nmi, &ari) == MCT_OK, "agreement");
    NEAR(nmi, nmi_ref, 1e-12, "NMI equals scikit-learn's");
    NEAR(ari, ari_ref, 1e-12, "ARI equals scikit-learn's");
    {
        int p[] = {0, 0, 1, 1, -1}, q[] = {1, 1, 0, 0, 0};
        mct_partition_agreement(p, q, 5, &nmi, &ari);
        OK(nmi == 1.0 && ari == 1.0,
           "relabelled identical partitions agree fully; -1 is left out");
    }
    ko = mct_kmeans_opts_default();
    ko.k = 200;
    OK(mct_kmeans_fit_csr(&ko, X, NULL, &a) == MCT_EINVAL, "k > rows refused");
    {
        double pts[] = {0, 0, 0, 1, 10, 10, 10, 11, 20, 0, 21, 0};
        ko = mct_kmeans_opts_default();
        ko.k = 3;
        ko.spherical = false;
        OK(mct_kmeans_fit_dense(&ko, pts, 6, 2, NULL, &a) == MCT_OK &&
               mct_kmeans_labels(a, NULL)[0] == mct_kmeans_labels(a, NULL)[1] &&
               mct_kmeans_labels(a, NULL)[2] == mct_kmeans_labels(a, NULL)[3] &&
               mct_kmeans_labels(a, NULL)[4] == mct_kmeans_labels(a, NULL)[5] &&
               mct_kmeans_objective(a) == 1.5,
           "Euclidean k-means on three pairs: inertia %.2f",
           mct_kmeans_objective(a));
        mct_kmeans_free(a);
    }
    free(l5);
    free(l3);
    mct_csr_free(X);
    mct_vectorizer_free(v);
    mct_docs_free(d);
}

int main(void)
{
    test_sentences();
    test_concept_counts();
    test_kmeans();
    return tap_done();
}

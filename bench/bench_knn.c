/*
 * bench_knn.c - the neighbour search benchmark's own side and its checks.
 *
 *   bench_knn glosses TXT OUT.tsv THREADS  TF-IDF + truncated SVD to 50
 *                                          dimensions (as mctsne embed)
 *   bench_knn mix N D OUT.tsv OUT.labels   a Gaussian mixture: 20 centres
 *                                          N(0, 4^2 I), points N(c, I)
 *   bench_knn run TSV N K METHOD THREADS OUT.idx
 *                                          self-query of the first N rows;
 *                                          prints "seconds,method used"
 *                                          and writes N lines of K indices
 *   bench_knn recall TSV N K IDX           recall of IDX on 1000 sample
 *                                          points against brute force: a
 *                                          neighbour counts when it is no
 *                                          farther than the true K-th
 *
 * Prints figures only (house rule R14).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mctext.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *m)
{
    fprintf(stderr, "bench_knn: %s\n", m);
    exit(1);
}

/* The first nmax rows of a TSV of numbers (all the same width). */
static double *read_tsv(const char *path, size_t nmax, size_t *n, size_t *d)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, len = 0, have = 0;
    double *X = NULL;
    *n = *d = 0;
    if (!f)
        die("cannot open input");
    while (*n < nmax && getline(&line, &cap, f) > 0) {
        char *p = line, *e;
        size_t c = 0;
        for (;;) {
            double v = strtod(p, &e);
            if (e == p)
                break;
            if (len == have) {
                have = have ? 2 * have : 1 << 16;
                if (!(X = realloc(X, have * sizeof *X)))
                    die("out of memory");
            }
            X[len++] = v;
            c++;
            p = e;
        }
        if (!c)
            continue;
        if (*d && c != *d)
            die("rows of different widths");
        *d = c;
        (*n)++;
    }
    free(line);
    fclose(f);
    return X;
}

static void write_tsv(const char *path, const double *X, size_t n, size_t d)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            fprintf(f, "%.9g%c", X[i * d + j], j + 1 < d ? '\t' : '\n');
    fclose(f);
}

static int glosses(const char *txt, const char *out, int nt)
{
    mct_docs *docs = NULL;
    mct_vectorizer *v = NULL;
    mct_vectorizer_opts to = mct_vectorizer_opts_default();
    mct_pca_opts po = mct_pca_opts_default();
    mct_docs_opts lo = mct_docs_opts_default();
    mct_csr *X = NULL;
    mct_pca *p = NULL;
    double *S = NULL;
    mct_diag dg;
    to.n_threads = nt;
    po.n_components = 50;
    po.seed = 42;
    po.n_threads = nt;
    if (mct_docs_new(&docs) || mct_docs_read_lines(docs, txt, &lo, &dg) ||
        mct_vectorizer_new(&to, &v) ||
        mct_vectorizer_fit_transform(v, mct_docs_texts(docs),
                                     mct_docs_lengths(docs),
                                     mct_docs_count(docs), &X, &dg) ||
        mct_pca_fit_csr(&po, X, &p, &S))
        die("TF-IDF or SVD failed");
    write_tsv(out, S, mct_docs_count(docs), mct_pca_n_components(p));
    mct_free(S);
    mct_pca_free(p);
    mct_csr_free(X);
    mct_vectorizer_free(v);
    mct_docs_free(docs);
    return 0;
}

static uint64_t rs = 88172645463325252u;
static double unif(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return ((double)(rs >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void)
{
    return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

static int mix(size_t n, size_t d, const char *out, const char *labels)
{
    double *C = malloc(20 * d * sizeof *C), *X = malloc(n * d * sizeof *X);
    FILE *f = fopen(labels, "w");
    if (!C || !X || !f)
        die("out of memory");
    for (size_t i = 0; i < 20 * d; i++)
        C[i] = 4 * gauss();
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)(unif() * 20);
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = C[c * d + j] + gauss();
        fprintf(f, "%zu\n", c);
    }
    fclose(f);
    write_tsv(out, X, n, d);
    free(C);
    free(X);
    return 0;
}

static int run(const char *tsv, size_t nmax, size_t k, const char *method,
               int nt, const char *out)
{
    size_t n, d;
    double *X = read_tsv(tsv, nmax, &n, &d), t0;
    mct_knn_opts o = mct_knn_opts_default();
    mct_knn *ix = NULL;
    uint32_t *idx = malloc(n * k * sizeof *idx);
    double *dist = malloc(n * k * sizeof *dist);
    FILE *f;
    o.n_threads = nt;
    /* Tuning from the environment, for exploring (0 = defaults). */
    if (getenv("KNN_TREES"))
        o.trees = strtoul(getenv("KNN_TREES"), NULL, 10);
    if (getenv("KNN_LEAF"))
        o.leaf_size = strtoul(getenv("KNN_LEAF"), NULL, 10);
    if (getenv("KNN_MC"))
        o.max_candidates = strtoul(getenv("KNN_MC"), NULL, 10);
    if (getenv("KNN_DELTA"))
        o.delta = atof(getenv("KNN_DELTA"));
    if (getenv("KNN_ITERS"))
        o.iterations = atoi(getenv("KNN_ITERS"));
    o.method = !strcmp(method, "exact")    ? MCT_KNN_METHOD_EXACT
               : !strcmp(method, "approx") ? MCT_KNN_METHOD_APPROX
                                           : MCT_KNN_METHOD_AUTO;
    t0 = now();
    if (!idx || !dist || mct_knn_new(X, n, d, &o, &ix) ||
        mct_knn_query_self(ix, k, idx, dist))
        die("search failed");
    printf("%.3f,%s\n", now() - t0,
           mct_knn_method_for(ix, k) == MCT_KNN_METHOD_EXACT ? "exact"
                                                             : "approx");
    if (!(f = fopen(out, "w")))
        die("cannot write");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            fprintf(f, "%u%c", idx[i * k + j], j + 1 < k ? '\t' : '\n');
    fclose(f);
    mct_knn_free(ix);
    free(X);
    free(idx);
    free(dist);
    return 0;
}

/* The k-th smallest of a[0..n) (1-based k), by quickselect; reorders a. */
static double kth_smallest(double *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1, want = k - 1;
    while (lo < hi) {
        double p = a[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p)
                i++;
            while (a[j] > p)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i++] = a[j];
                a[j] = t;
                if (j-- == 0)
                    break;
            }
        }
        if (want <= j)
            hi = j;
        else if (want >= i)
            lo = i;
        else
            break;
    }
    return a[want];
}

static int recall(const char *tsv, size_t nmax, size_t k, const char *idxf)
{
    size_t n, d, ni, di, hit = 0, m = 1000;
    double *X = read_tsv(tsv, nmax, &n, &d);
    double *I = read_tsv(idxf, nmax, &ni, &di);
    double *all = malloc(n * sizeof *all);
    if (ni != n || di < k || !all)
        die("index file does not match");
    if (m > n)
        m = n;
    for (size_t s = 0; s < m; s++) {
        size_t i = s * n / m;
        double kth;
        for (size_t j = 0; j < n; j++) {
            double a = 0;
            for (size_t c = 0; c < d; c++) {
                double t = X[i * d + c] - X[j * d + c];
                a += t * t;
            }
            all[j] = j == i ? INFINITY : a;
        }
        for (size_t j = 0; j < k; j++) {
            size_t q = (size_t)I[i * di + j];
            double a = 0;
            if (q >= n || q == i)
                continue;
            for (size_t c = 0; c < d; c++) {
                double t = X[i * d + c] - X[q * d + c];
                a += t * t;
            }
            all[q] = -a - 1; /* remembered, negative: not counted twice */
        }
        {
            /* the true k-th distance among the others */
            double *cp = malloc(n * sizeof *cp);
            size_t c = 0;
            for (size_t j = 0; j < n; j++)
                cp[c++] = all[j] < 0 ? -all[j] - 1 : all[j];
            kth = kth_smallest(cp, c, k);
            free(cp);
        }
        for (size_t j = 0; j < n; j++)
            if (all[j] < 0 && -all[j] - 1 <= kth * (1 + 1e-9))
                hit++;
    }
    printf("%.5f\n", (double)hit / (double)(m * k));
    free(X);
    free(I);
    free(all);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "glosses"))
        return glosses(argv[2], argv[3], atoi(argv[4]));
    if (argc == 6 && !strcmp(argv[1], "mix"))
        return mix(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10),
                   argv[4], argv[5]);
    if (argc == 8 && !strcmp(argv[1], "run"))
        return run(argv[2], strtoul(argv[3], NULL, 10),
                   strtoul(argv[4], NULL, 10), argv[5], atoi(argv[6]),
                   argv[7]);
    if (argc == 6 && !strcmp(argv[1], "recall"))
        return recall(argv[2], strtoul(argv[3], NULL, 10),
                      strtoul(argv[4], NULL, 10), argv[5]);
    fprintf(stderr, "usage: see bench/bench_knn.c\n");
    return 2;
}

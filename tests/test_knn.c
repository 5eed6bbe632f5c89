/*
 * test_knn.c - the neighbour search (mct_knn.h): the approximate search
 * against the exact one on clustered data (recall), bit-identical results
 * for 1 and 2 threads, duplicates, tiny inputs, options, progress and
 * cancelling, and every allocation failing in turn.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"
#include "mctext.h"
#include "tap.h"

#define NC 3000 /* clustered points */
#define DC 20

static uint64_t rs = 0x243f6a8885a308d3u;
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

/* n points around 15 centres in d dimensions. */
static double *clusters(size_t n, size_t d)
{
    double *C = malloc(15 * d * sizeof *C), *X = malloc(n * d * sizeof *X);
    for (size_t i = 0; i < 15 * d; i++)
        C[i] = 3 * gauss();
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)(unif() * 15);
        for (size_t j = 0; j < d; j++)
            X[i * d + j] = C[c * d + j] + gauss();
    }
    free(C);
    return X;
}

static mct_status self(const double *X, size_t n, size_t d, size_t k,
                       mct_knn_method m, int nt, uint32_t *idx, double *dist)
{
    mct_knn_opts o = mct_knn_opts_default();
    mct_knn *ix = NULL;
    mct_status rc;
    o.method = m;
    o.n_threads = nt;
    if ((rc = mct_knn_new(X, n, d, &o, &ix)) == MCT_OK)
        rc = mct_knn_query_self(ix, k, idx, dist);
    mct_knn_free(ix);
    return rc;
}

/* Share of approximate neighbours no farther than the true k-th. */
static double recall(const double *de, const double *da, size_t n, size_t k)
{
    size_t hit = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            hit += da[i * k + j] <= de[i * k + k - 1] * (1 + 1e-12);
    return (double)hit / (double)(n * k);
}

/* Rows without self, repeats or a distance that does not match. */
static size_t bad_rows(const double *X, size_t n, size_t d, size_t k,
                       const uint32_t *idx, const double *dist)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        int wrong = 0;
        for (size_t j = 0; j < k; j++) {
            uint32_t q = idx[i * k + j];
            double s = 0;
            if (q == i || q >= n || (j && dist[i * k + j] < dist[i * k + j - 1]))
                wrong = 1;
            for (size_t c = 0; c < d && q < n; c++)
                s += (X[i * d + c] - X[q * d + c]) * (X[i * d + c] - X[q * d + c]);
            if (fabs(sqrt(s) - dist[i * k + j]) > 1e-9)
                wrong = 1;
            for (size_t u = 0; u < j; u++)
                wrong |= idx[i * k + u] == q;
        }
        bad += (size_t)wrong;
    }
    return bad;
}

static void test_recall_and_threads(void)
{
    const size_t k = 15;
    double *X = clusters(NC, DC);
    uint32_t *ie = malloc(NC * k * sizeof *ie), *i1 = malloc(NC * k * sizeof *i1),
             *i2 = malloc(NC * k * sizeof *i2);
    double *de = malloc(NC * k * sizeof *de), *d1 = malloc(NC * k * sizeof *d1),
           *d2 = malloc(NC * k * sizeof *d2);
    OK(self(X, NC, DC, k, MCT_KNN_METHOD_EXACT, 2, ie, de) == MCT_OK &&
           self(X, NC, DC, k, MCT_KNN_METHOD_APPROX, 1, i1, d1) == MCT_OK &&
           self(X, NC, DC, k, MCT_KNN_METHOD_APPROX, 2, i2, d2) == MCT_OK,
       "exact and approximate searches of %d clustered points", NC);
    {
        double r = recall(de, d1, NC, k);
        OK(r >= 0.95, "approximate recall %.4f >= 0.95", r);
    }
    OK(bad_rows(X, NC, DC, k, i1, d1) == 0,
       "approximate rows: sorted, no self, no repeats, true distances");
    OK(!memcmp(i1, i2, NC * k * sizeof *i1) &&
           !memcmp(d1, d2, NC * k * sizeof *d1),
       "1 and 2 threads give the same neighbours bit for bit");
    free(X);
    free(ie);
    free(i1);
    free(i2);
    free(de);
    free(d1);
    free(d2);
}

/* 400 distinct points, each five times. */
static void test_duplicates(void)
{
    const size_t n = 2000, d = 8, k = 10;
    double *X = clusters(400, d), *Y = malloc(n * d * sizeof *Y);
    uint32_t *ia = malloc(n * k * sizeof *ia), *ie = malloc(n * k * sizeof *ie);
    double *da = malloc(n * k * sizeof *da), *de = malloc(n * k * sizeof *de);
    size_t zeros = 0;
    for (size_t i = 0; i < n; i++)
        memcpy(Y + i * d, X + (i % 400) * d, d * sizeof *Y);
    OK(self(Y, n, d, k, MCT_KNN_METHOD_APPROX, 2, ia, da) == MCT_OK &&
           self(Y, n, d, k, MCT_KNN_METHOD_EXACT, 2, ie, de) == MCT_OK,
       "duplicate points searched");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < 4; j++)
            zeros += da[i * k + j] == 0;
    OK(zeros == 4 * n, "each point's four copies come first (%zu of %zu)",
       zeros, 4 * n);
    OK(bad_rows(Y, n, d, k, ia, da) == 0 && recall(de, da, n, k) >= 0.95,
       "with duplicates: valid rows, recall %.4f", recall(de, da, n, k));
    free(X);
    free(Y);
    free(ia);
    free(ie);
    free(da);
    free(de);
}

static void test_small(void)
{
    double X[4 * 2] = {0, 0, 1, 0, 0, 2, 5, 5};
    uint32_t idx[4 * 4];
    double dist[4 * 4];
    mct_knn_opts o = mct_knn_opts_default();
    mct_knn *ix = NULL;
    o.method = MCT_KNN_METHOD_APPROX;
    OK(mct_knn_new(X, 1, 2, &o, &ix) == MCT_OK &&
           mct_knn_query_self(ix, 1, idx, dist) == MCT_EINVAL,
       "one point: no neighbour to find");
    mct_knn_free(ix);
    OK(mct_knn_new(X, 2, 2, &o, &ix) == MCT_OK &&
           mct_knn_query_self(ix, 1, idx, dist) == MCT_OK && idx[0] == 1 &&
           idx[1] == 0 && dist[0] == 1 && dist[1] == 1,
       "two points are each other's neighbour");
    mct_knn_free(ix);
    OK(mct_knn_new(X, 4, 2, &o, &ix) == MCT_OK &&
           mct_knn_method_for(ix, 3) == MCT_KNN_METHOD_EXACT &&
           mct_knn_query_self(ix, 3, idx, dist) == MCT_OK && idx[0] == 1 &&
           idx[3] == 0,
       "approximate search of fewer than 4 (k + 1) points is exact");
    OK(mct_knn_query_self(ix, 4, idx, dist) == MCT_EINVAL &&
           mct_knn_query_self(ix, 9, idx, dist) == MCT_EINVAL &&
           mct_knn_query(ix, X, 1, 5, idx, dist) == MCT_EINVAL,
       "k not smaller than n refused (query: k above n)");
    mct_knn_free(ix);
    OK(mct_knn_new(X, 4, 2, NULL, &ix) == MCT_OK &&
           mct_knn_method_for(ix, 3) == MCT_KNN_METHOD_EXACT &&
           mct_knn_count(ix) == 4,
       "NULL options: auto, exact below MCT_KNN_AUTO_MIN_N");
    mct_knn_free(ix);
    o.method = (mct_knn_method)7;
    OK(mct_knn_new(X, 4, 2, &o, &ix) == MCT_EINVAL && !ix,
       "an unknown method refused");
    o = mct_knn_opts_default();
    o.delta = -1;
    OK(mct_knn_new(X, 4, 2, &o, &ix) == MCT_EINVAL, "negative delta refused");
    mct_knn_free(NULL);
}

typedef struct seen {
    size_t calls, last, total, stop_at;
    int backwards;
} seen;

static bool on_progress(void *user, const char *stage, size_t done,
                        size_t total, double value)
{
    seen *s = user;
    (void)value;
    if (strcmp(stage, "neighbours"))
        s->backwards = 1;
    if (s->calls && done < s->last)
        s->backwards = 1;
    s->calls++;
    s->last = done;
    s->total = total;
    return !s->stop_at || s->calls < s->stop_at;
}

static void test_progress(void)
{
    const size_t n = 1200, d = 6, k = 8;
    double *X = clusters(n, d);
    uint32_t *idx = malloc(n * k * sizeof *idx);
    double *dist = malloc(n * k * sizeof *dist);
    for (int m = 1; m <= 2; m++) {
        mct_knn_opts o = mct_knn_opts_default();
        mct_knn *ix = NULL;
        seen s;
        memset(&s, 0, sizeof s);
        o.method = (mct_knn_method)m;
        o.progress = on_progress;
        o.progress_user = &s;
        mct_knn_new(X, n, d, &o, &ix);
        OK(mct_knn_query_self(ix, k, idx, dist) == MCT_OK && !s.backwards &&
               s.last == n && s.total == n && s.calls >= 3 && s.calls <= 110,
           "%s: progress in points, %zu reports, ends at %zu of %zu",
           m == 1 ? "exact" : "approx", s.calls, s.last, s.total);
        mct_knn_free(ix);
        memset(&s, 0, sizeof s);
        s.stop_at = 2;
        mct_knn_new(X, n, d, &o, &ix);
        OK(mct_knn_query_self(ix, k, idx, dist) == MCT_ECANCELED,
           "%s: the callback cancels", m == 1 ? "exact" : "approx");
        mct_knn_free(ix);
    }
    free(X);
    free(idx);
    free(dist);
}

typedef struct stages {
    size_t nb_calls, nb_last, af_calls, af_last, total;
    int opt_seen, order_ok;
} stages;

static bool on_tsne(void *user, const char *stage, size_t done, size_t total,
                    double value)
{
    stages *s = user;
    (void)value;
    if (!strcmp(stage, "neighbours")) {
        s->nb_calls++;
        s->nb_last = done;
        s->total = total;
        s->order_ok &= !s->af_calls && !s->opt_seen;
    } else if (!strcmp(stage, "affinities")) {
        s->af_calls++;
        s->af_last = done;
        s->order_ok &= !s->opt_seen;
    } else if (!strcmp(stage, "optimise")) {
        s->opt_seen = 1;
    }
    return true;
}

/* t-SNE reports the neighbour search and the calibration in points. */
static void test_tsne_progress(void)
{
    const size_t n = 400, d = 6;
    double *X = clusters(n, d);
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_tsne *t = NULL;
    stages s;
    memset(&s, 0, sizeof s);
    s.order_ok = 1;
    o.n_iter = 50;
    o.perplexity = 10;
    o.knn = MCT_KNN_METHOD_APPROX;
    o.progress = on_tsne;
    o.progress_user = &s;
    OK(mct_tsne_new(&o, &t) == MCT_OK &&
           mct_tsne_fit_dense(t, X, n, d, NULL) == MCT_OK,
       "t-SNE with --knn approx");
    OK(s.order_ok && s.total == n && s.nb_last == n && s.af_last == n &&
           s.nb_calls >= 3 && s.af_calls >= 2 && s.opt_seen,
       "progress: neighbours (%zu reports) then affinities (%zu) in points, "
       "then optimise", s.nb_calls, s.af_calls);
    mct_tsne_free(t);
    o.knn = (mct_knn_method)9;
    OK(mct_tsne_new(&o, &t) == MCT_EINVAL, "an unknown knn method refused");
    free(X);
}

static void test_alloc_failures(void)
{
    const size_t n = 300, d = 5, k = 6;
    double *X = clusters(n, d);
    uint32_t *idx = malloc(n * k * sizeof *idx);
    double *dist = malloc(n * k * sizeof *dist);
    long total, wrong = 0;
    mct__test_alloc_fail_after(-1);
    self(X, n, d, k, MCT_KNN_METHOD_APPROX, 1, idx, dist);
    total = mct__test_alloc_fail_after(-1);
    for (long f = 0; f < total; f++) {
        mct_status rc;
        mct__test_alloc_fail_after(f);
        rc = self(X, n, d, k, MCT_KNN_METHOD_APPROX, 1, idx, dist);
        mct__test_alloc_fail_after(-1);
        if (rc != MCT_ENOMEM && (rc || bad_rows(X, n, d, k, idx, dist)))
            wrong++;
    }
    OK(total > 10 && wrong == 0,
       "approx: each of %ld allocations failed in turn, %ld wrong results",
       total, wrong);
    free(X);
    free(idx);
    free(dist);
}

int main(void)
{
    test_recall_and_threads();
    test_duplicates();
    test_small();
    test_progress();
    test_tsne_progress();
    test_alloc_failures();
    return tap_done();
}

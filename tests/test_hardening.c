/*
 * test_hardening.c - regression tests for what fuzzing and hostile
 * inputs found (issue 12): each case is one finding, fixed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mctext.h"
#include "tap.h"

/* A buffer of exactly len bytes, so that AddressSanitizer sees any read
 * past its end. */
static char *exact(const char *s, size_t len)
{
    char *p = malloc(len ? len : 1);
    if (p)
        memcpy(p, s, len);
    return p;
}

static void test_wos_tab_short_header(void)
{
    static const char *const heads[] = {"\t\t", "P\t", "\t", "PT", "PT\t"};
    mct_records *r = NULL;
    mct_diag d;
    mct_records_new(&r);
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        size_t n = strlen(heads[i]);
        char *b = exact(heads[i], n);
        mct_status rc = mct_records_parse(r, b, n, "h.txt",
                                          MCT_FORMAT_WOS_TAB, NULL, &d);
        OK(rc != MCT_OK && d.msg[0],
           "WoS tab-delimited header %zu bytes long: %s (%s)", n,
           mct_status_name(rc), d.msg);
        free(b);
    }
    mct_records_free(r);
}

/* "TITLE(" + n "(" + "a" + n ")" + ")" */
static char *nested_query(size_t n)
{
    char *q = malloc(2 * n + 16), *p = q;
    p += sprintf(p, "TITLE(");
    memset(p, '(', n);
    p += n;
    *p++ = 'a';
    memset(p, ')', n);
    p += n;
    strcpy(p, ")");
    return q;
}

/* "TITLE(a OP a OP ... a)" with n operators. */
static char *chain_query(size_t n, const char *op)
{
    size_t l = strlen(op) + 3;
    char *q = malloc(n * l + 16), *p = q;
    p += sprintf(p, "TITLE(a");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, " %s a", op);
    strcpy(p, ")");
    return q;
}

static void test_query_depth(void)
{
    mct_query *q = NULL;
    mct_diag d;
    char *s;
    mct_status rc;
    s = nested_query(99);
    rc = mct_query_parse(s, &q, &d);
    OK(rc == MCT_OK, "99 nested brackets parse: %s", d.msg);
    mct_query_free(q);
    free(s);
    s = nested_query(200000);
    rc = mct_query_parse(s, &q, &d);
    OK(rc == MCT_EPARSE && strstr(d.msg, "nested deeper than 100") && !q,
       "200000 nested brackets: no stack overflow, %s", d.msg);
    free(s);
    s = malloc(4 * 100000 + 16);
    strcpy(s, "TITLE(");
    for (size_t i = 0; i < 100000; i++)
        strcat(s + 6 + 4 * i, "NOT ");
    strcat(s + 6 + 4 * 100000, "a)");
    rc = mct_query_parse(s, &q, &d);
    OK(rc == MCT_EPARSE && strstr(d.msg, "nested deeper than 100"),
       "100000 NOTs in a row: %s", d.msg);
    free(s);
    s = chain_query(999, "AND");
    rc = mct_query_parse(s, &q, &d);
    OK(rc == MCT_OK, "999 ANDs in a row parse: %s", d.msg);
    mct_query_free(q);
    free(s);
    s = chain_query(100000, "OR");
    rc = mct_query_parse(s, &q, &d);
    OK(rc == MCT_EPARSE && strstr(d.msg, "more than 1000 operators"),
       "100000 ORs in a row: %s", d.msg);
    free(s);
}

static void test_json_depth(void)
{
    mct_records *r = NULL;
    mct_diag d;
    size_t n = 1500, at = 0;
    char *s = malloc(4 * n + 64);
    mct_status rc;
    at += (size_t)sprintf(s, "{\"title\":");
    memset(s + at, '[', n);
    at += n;
    memset(s + at, ']', n);
    at += n;
    at += (size_t)sprintf(s + at, "}\n");
    mct_records_new(&r);
    rc = mct_records_parse(r, s, at, "deep.jsonl", MCT_FORMAT_JSONL, NULL, &d);
    OK(rc == MCT_EPARSE && strstr(d.msg, "nested deeper than 1000") &&
           d.line == 1,
       "JSON Lines nested 1500 deep: line %zu, %s", d.line, d.msg);
    rc = mct_records_parse(r, "{\"title\":[[[\"a\"]]]}\n", 20, "ok.jsonl",
                           MCT_FORMAT_JSONL, NULL, &d);
    OK(rc != MCT_OK && !strstr(d.msg, "nested"),
       "a shallow refusal is not called deep: %s", d.msg);
    /* The same inside an array of records (CSL-JSON, OpenAlex). */
    memmove(s + 1, s, at);
    s[0] = '[';
    s[at] = ']';
    rc = mct_records_parse(r, s, at + 1, "deep.json", MCT_FORMAT_CSL_JSON,
                           NULL, &d);
    OK(rc == MCT_EPARSE && strstr(d.msg, "nested deeper than"),
       "CSL-JSON nested 1500 deep: %s", d.msg);
    mct_records_free(r);
    free(s);
}

static void test_threads_cap(void)
{
    int all = mct_threads_resolve(0);
    OK(all >= 1, "0 threads means every processor (%d)", all);
    OK(mct_threads_resolve(1) == 1, "1 thread is 1");
    OK(mct_threads_resolve(4096) == all * MCT_THREADS_PER_CORE_MAX ||
           4096 <= all * MCT_THREADS_PER_CORE_MAX,
       "4096 threads are capped at %d per processor: %d",
       MCT_THREADS_PER_CORE_MAX, mct_threads_resolve(4096));
    OK(mct_threads_resolve(2147483647) <= all * MCT_THREADS_PER_CORE_MAX,
       "INT_MAX threads capped: %d", mct_threads_resolve(2147483647));
}

/* Fits X (n x d) with a short exact run; the map goes to Y (n x 2). */
static mct_status fit(const double *X, size_t n, size_t d, double *Y,
                      mct_diag *dg)
{
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_tsne *t = NULL;
    mct_status rc;
    o.perplexity = 3;
    o.n_iter = 250;
    o.n_threads = 1;
    if ((rc = mct_tsne_new(&o, &t)))
        return rc;
    if (!(rc = mct_tsne_fit_dense(t, X, n, d, dg)))
        memcpy(Y, mct_tsne_embedding(t, NULL, NULL), n * 2 * sizeof *Y);
    mct_tsne_free(t);
    return rc;
}

static bool finite_all(const double *Y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(Y[i]))
            return false;
    return true;
}

static void test_tsne_extreme_scale(void)
{
    enum { N = 20, D = 3 };
    double X[N * D], Xb[N * D], Xs[N * D], Y[N * 2], Yb[N * 2], Ys[N * 2];
    mct_diag dg;
    for (size_t i = 0; i < N * D; i++)
        X[i] = (double)((i * 7919) % 23) / 23.0 - 0.45; /* max 0.51 */
    for (size_t i = 0; i < N * D; i++) {
        Xb[i] = ldexp(X[i], 540); /* about 3.6e162 */
        Xs[i] = ldexp(X[i], -540);
    }
    OK(fit(X, N, D, Y, &dg) == MCT_OK, "ordinary data: %s", dg.msg);
    OK(fit(Xb, N, D, Yb, &dg) == MCT_OK && finite_all(Yb, N * 2),
       "values about 1e162 give a finite map: %s", dg.msg);
    OK(!memcmp(Y, Yb, sizeof Y),
       "and the same map as the data scaled down by 2^540 (exactly)");
    OK(fit(Xs, N, D, Ys, &dg) == MCT_OK && !memcmp(Y, Ys, sizeof Y),
       "values about 1e-162: the same map again");
}

static void test_tsne_identical_rows(void)
{
    enum { N = 50 };
    double X[N * 3], Y[N * 2];
    mct_diag dg;
    for (size_t i = 0; i < N * 3; i++)
        X[i] = (double)(i % 3) + 1;
    for (size_t n = 2; n <= N; n += n < 5 ? 1 : 45) {
        double far = 0;
        OK(fit(X, n, 3, Y, &dg) == MCT_OK, "%zu identical rows: %s", n,
           dg.msg);
        for (size_t i = 0; i < n * 2; i++)
            far = fabs(Y[i]) > far ? fabs(Y[i]) : far;
        OK(far == 0, "%zu identical rows all on one point (%g)", n, far);
    }
    /* Two identical rows among others stay together. */
    for (size_t i = 0; i < 20 * 3; i++)
        X[i] = (double)((i * 7919) % 23);
    memcpy(X + 19 * 3, X, 3 * sizeof *X);
    OK(fit(X, 20, 3, Y, &dg) == MCT_OK &&
           hypot(Y[0] - Y[38], Y[1] - Y[39]) < 1.0,
       "two identical rows among 20 land together (%g apart)",
       hypot(Y[0] - Y[38], Y[1] - Y[39]));
}

/* Rows wider than pca_dims are reduced by PCA first, whose copies of two
 * identical rows may differ in the last bits: they still share a place. */
static void test_tsne_identical_rows_pca(void)
{
    enum { N = 60, D = 64 };
    double *X = malloc(N * D * sizeof *X), Y[N * 2];
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_tsne *t = NULL;
    for (size_t i = 0; i < N * D; i++)
        X[i] = (double)((i * 7919 + i / D * 31) % 17);
    memcpy(X + (N - 1) * D, X, D * sizeof *X);
    o.perplexity = 5;
    o.n_iter = 250;
    o.n_threads = 1;
    OK(o.pca_dims > 0 && o.pca_dims < D && !mct_tsne_new(&o, &t) &&
           mct_tsne_fit_dense(t, X, N, D, NULL) == MCT_OK,
       "60 rows of 64 numbers (PCA to %zu first)", o.pca_dims);
    if (t)
        memcpy(Y, mct_tsne_embedding(t, NULL, NULL), sizeof Y);
    OK(t && Y[0] == Y[2 * (N - 1)] && Y[1] == Y[2 * (N - 1) + 1],
       "the copy of row 1 is on row 1's place");
    mct_tsne_free(t);
    free(X);
}

/* Sparse rows fitted by neighbours: the handle frees its reduced copy
 * once the neighbour index holds the points, and identical rows are then
 * found in the index's copy: the last row, a copy of the first, is put
 * on the first's place. */
static void test_tsne_identical_rows_csr(void)
{
    enum { N = 80, C = 12, PER = 3 };
    size_t ptr[N + 1];
    uint32_t col[N * PER];
    double val[N * PER], Y[N * 2];
    mct_csr *m = NULL;
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_tsne *t = NULL;
    ptr[0] = 0;
    for (size_t i = 0; i < N; i++) {
        size_t r = i == N - 1 ? 0 : i; /* the last row copies the first */
        for (size_t k = 0; k < PER; k++) {
            col[i * PER + k] = (uint32_t)((r * 5 + k * 4) % C);
            val[i * PER + k] = 1.0 + (double)((r * 7 + k) % 5);
        }
        /* columns must increase within a row */
        for (size_t a = 0; a < PER; a++)
            for (size_t b = a + 1; b < PER; b++)
                if (col[i * PER + b] < col[i * PER + a]) {
                    uint32_t c = col[i * PER + a];
                    double v = val[i * PER + a];
                    col[i * PER + a] = col[i * PER + b];
                    val[i * PER + a] = val[i * PER + b];
                    col[i * PER + b] = c;
                    val[i * PER + b] = v;
                }
        ptr[i + 1] = ptr[i] + PER;
    }
    o.perplexity = 5;
    o.n_iter = 250;
    o.n_threads = 2;
    o.method = MCT_TSNE_BH;
    OK(!mct_csr_new(N, C, ptr, col, val, &m) && !mct_tsne_new(&o, &t) &&
           mct_tsne_fit_csr(t, m, NULL) == MCT_OK,
       "%d sparse rows, fitted by neighbours", N);
    if (t)
        memcpy(Y, mct_tsne_embedding(t, NULL, NULL), sizeof Y);
    OK(t && Y[0] == Y[2 * (N - 1)] && Y[1] == Y[2 * (N - 1) + 1],
       "the sparse copy of row 1 is on row 1's place");
    mct_tsne_free(t);
    mct_csr_free(m);
}

/* A Matrix Market size line with a negative count wrapped to the largest
 * size_t: a zero-length array was then written to. And 777,777,777 rows
 * for one entry asked for 6 GB of row pointers (the mtx harness). */
static void test_mtx_size_line(void)
{
    static const char *const sizes[] = {"2 3 -1", "-1 3 1", "2 3 99999999999",
                                        "2 -3 1", "2 3", "777777777 4 1"};
    char path[] = "/tmp/mct-hard-XXXXXX";
    int fd = mkstemp(path);
    for (size_t i = 0; fd >= 0 && i < sizeof sizes / sizeof *sizes; i++) {
        FILE *f = fopen(path, "w");
        mct_csr *m = NULL;
        mct_diag d;
        mct_status rc;
        fprintf(f, "%%%%MatrixMarket matrix coordinate real general\n%s\n"
                   "1 1 1\n",
                sizes[i]);
        fclose(f);
        rc = mct_csr_read_mtx(path, &m, &d);
        OK(rc == MCT_EPARSE && d.line == 2 && !m,
           "Matrix Market size line \"%s\": %s, line %zu: %s", sizes[i],
           mct_status_name(rc), d.line, d.msg);
        mct_csr_free(m);
    }
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
}

int main(void)
{
    test_wos_tab_short_header();
    test_query_depth();
    test_json_depth();
    test_threads_cap();
    test_tsne_extreme_scale();
    test_tsne_identical_rows();
    test_tsne_identical_rows_pca();
    test_tsne_identical_rows_csr();
    test_mtx_size_line();
    return tap_done();
}

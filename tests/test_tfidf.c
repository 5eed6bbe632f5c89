/*
 * test_tfidf.c - TF-IDF against scikit-learn's TfidfVectorizer (expected
 * values from tests/ref/make_tfidf_ref.py), options, determinism across
 * thread counts, transform, Matrix Market and allocation failures.
 */
#include "mctext.h"
#include "internal.h"
#include "tap.h"

static mct_docs *load_texts(void)
{
    mct_docs *d = NULL;
    mct_docs_new(&d);
    if (mct_docs_read_lines(d, "corpora/microcredentials/titles.txt", NULL,
                            NULL) ||
        mct_docs_read_lines(d, "tests/data/tfidf_extra.txt", NULL, NULL)) {
        mct_docs_free(d);
        return NULL;
    }
    return d;
}

static mct_status fit(const mct_vectorizer_opts *o, const mct_docs *d,
                      mct_vectorizer **v, mct_csr **x, mct_diag *dg)
{
    mct_status rc = mct_vectorizer_new(o, v);
    if (rc)
        return rc;
    return mct_vectorizer_fit_transform(*v, mct_docs_texts(d),
                                        mct_docs_lengths(d),
                                        mct_docs_count(d), x, dg);
}

static void configure(const char *name, const char *line, mct_vectorizer_opts *o)
{
    const char *mf = strstr(line, "max_features=");
    *o = mct_vectorizer_opts_default();
    o->analyzer = mct_analyzer_opts_sklearn();
    if (!strcmp(name, "sublinear_l1")) {
        o->sublinear_tf = true;
        o->norm = MCT_NORM_L1;
    } else if (!strcmp(name, "plain_idf_nonorm")) {
        o->smooth_idf = false;
        o->norm = MCT_NORM_NONE;
    } else if (!strcmp(name, "bigrams_mindf2")) {
        o->analyzer.ngram_max = 2;
        o->min_df = 2;
    } else if (!strcmp(name, "maxdf_frac_maxfeat")) {
        o->max_df = 0.3;
        o->max_features = mf ? (size_t)atol(mf + 13) : 0;
    } else if (!strcmp(name, "mindf_frac_noidf")) {
        o->min_df = 0.02;
        o->min_df_is_fraction = true;
        o->use_idf = false;
    } else if (!strcmp(name, "binary_maxdf_count")) {
        o->binary = true;
        o->max_df = 20;
        o->max_df_is_fraction = false;
    }
}

/* Dense copy of a CSR matrix, for comparisons. */
static double *densify(const mct_csr *x)
{
    mct_csr_view v = mct_csr_get(x);
    double *d = calloc(v.n_rows * v.n_cols + 1, sizeof *d);
    for (size_t i = 0; i < v.n_rows; i++)
        for (size_t k = v.indptr[i]; k < v.indptr[i + 1]; k++)
            d[i * v.n_cols + v.indices[k]] = v.data[k];
    return d;
}

static void test_sklearn_golden(const mct_docs *d)
{
    FILE *f = fopen("tests/golden/tfidf_sklearn.txt", "r");
    char line[4096], name[128];
    size_t configs = 0;
    if (!OK(f != NULL, "golden file tests/golden/tfidf_sklearn.txt"))
        return;
    while (fgets(line, sizeof line, f)) {
        mct_vectorizer_opts o;
        mct_vectorizer *v = NULL;
        mct_csr *x = NULL;
        mct_diag dg;
        size_t nv, nnz, vocab_bad = 0, val_bad = 0, nz_bad = 0;
        double maxdiff = 0, *dense, *seen;
        mct_csr_view xv;
        if (sscanf(line, "config %127s", name) != 1)
            continue;
        configure(name, line, &o);
        if (!OK(fit(&o, d, &v, &x, &dg) == MCT_OK, "%s: fit (%s)", name,
                dg.msg))
            break;
        xv = mct_csr_get(x);
        if (!fgets(line, sizeof line, f) || sscanf(line, "vocab %zu", &nv) != 1)
            break;
        OK(nv == mct_vectorizer_n_terms(v), "%s: %zu terms, sklearn %zu",
           name, mct_vectorizer_n_terms(v), nv);
        for (size_t j = 0; j < nv; j++) {
            mct_term_info ti;
            if (!fgets(line, sizeof line, f))
                break;
            line[strcspn(line, "\n")] = '\0';
            if (mct_vectorizer_term(v, j, &ti) || strcmp(ti.term, line)) {
                if (vocab_bad < 3)
                    DIAG("%s: column %zu is '%s', sklearn '%s'", name, j,
                         j < mct_vectorizer_n_terms(v) ? ti.term : "-", line);
                vocab_bad++;
            }
        }
        OK(vocab_bad == 0, "%s: same vocabulary in the same order", name);
        if (!fgets(line, sizeof line, f) || sscanf(line, "nnz %zu", &nnz) != 1)
            break;
        dense = densify(x);
        seen = calloc(xv.n_rows * xv.n_cols + 1, sizeof *seen);
        for (size_t k = 0; k < nnz; k++) {
            size_t r, c;
            double val;
            if (!fgets(line, sizeof line, f) ||
                sscanf(line, "%zu %zu %lf", &r, &c, &val) != 3)
                break;
            if (r >= xv.n_rows || c >= xv.n_cols) {
                val_bad++;
                continue;
            }
            seen[r * xv.n_cols + c] = 1;
            if (fabs(dense[r * xv.n_cols + c] - val) > maxdiff)
                maxdiff = fabs(dense[r * xv.n_cols + c] - val);
            if (fabs(dense[r * xv.n_cols + c] - val) > 1e-12)
                val_bad++;
        }
        for (size_t i = 0; i < xv.n_rows * xv.n_cols; i++)
            nz_bad += dense[i] != 0 && !seen[i];
        OK(xv.nnz == nnz && val_bad == 0 && nz_bad == 0,
           "%s: %zu non-zeros match sklearn to 1e-12 (max diff %.3g)", name,
           nnz, maxdiff);
        free(dense);
        free(seen);
        mct_csr_free(x);
        mct_vectorizer_free(v);
        configs++;
    }
    fclose(f);
    OK(configs == 7, "all 7 scikit-learn configurations compared");
}

static void test_threads_bitwise(const mct_docs *d)
{
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v1 = NULL, *v2 = NULL;
    mct_csr *x1 = NULL, *x2 = NULL;
    mct_csr_view a, b;
    bool same;
    o.analyzer.ngram_max = 2;
    o.n_threads = 1;
    fit(&o, d, &v1, &x1, NULL);
    o.n_threads = 2;
    fit(&o, d, &v2, &x2, NULL);
    a = mct_csr_get(x1);
    b = mct_csr_get(x2);
    same = a.n_rows == b.n_rows && a.n_cols == b.n_cols && a.nnz == b.nnz &&
           !memcmp(a.indptr, b.indptr, (a.n_rows + 1) * sizeof *a.indptr) &&
           !memcmp(a.indices, b.indices, a.nnz * sizeof *a.indices) &&
           !memcmp(a.data, b.data, a.nnz * sizeof *a.data);
    for (size_t j = 0; same && j < mct_vectorizer_n_terms(v1); j++) {
        mct_term_info t1, t2;
        mct_vectorizer_term(v1, j, &t1);
        mct_vectorizer_term(v2, j, &t2);
        same = !strcmp(t1.term, t2.term) && !strcmp(t1.display, t2.display);
    }
    OK(same, "1 and 2 threads give byte-identical matrices and vocabularies");
    mct_csr_free(x1);
    mct_csr_free(x2);
    mct_vectorizer_free(v1);
    mct_vectorizer_free(v2);
}

static void test_default_mode(const mct_docs *d)
{
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL, *y = NULL;
    mct_term_info ti;
    long j;
    OK(fit(&o, d, &v, &x, NULL) == MCT_OK, "default analyzer fits");
    j = mct_vectorizer_lookup(v, "microcredenti");
    OK(j >= 0 && !mct_vectorizer_term(v, (size_t)j, &ti),
       "micro-credential variants are one term");
    OK(j >= 0 && !strcmp(ti.display, "micro-credentials") && ti.df > 100,
       "its display form is its most frequent surface: '%s' in %zu texts",
       j >= 0 ? ti.display : "", j >= 0 ? ti.df : 0);
    j = mct_vectorizer_lookup(v, "micro");
    if (j < 0 || mct_vectorizer_term(v, (size_t)j, &ti))
        ti.df = 0;
    /* Two titles say "the Micro" and one test line "micro credentials". */
    OK(ti.df == 3 && mct_vectorizer_lookup(v, "credenti") >= 0,
       "'micro' only where it stands alone (%zu texts); 'credentials' is "
       "its own term", ti.df);
    /* transform of the training texts gives the training matrix. */
    OK(mct_vectorizer_transform(v, mct_docs_texts(d), mct_docs_lengths(d),
                                mct_docs_count(d), &y, NULL) == MCT_OK,
       "transform");
    {
        mct_csr_view a = mct_csr_get(x), b = mct_csr_get(y);
        bool same = a.nnz == b.nnz &&
                    !memcmp(a.indptr, b.indptr,
                            (a.n_rows + 1) * sizeof *a.indptr) &&
                    !memcmp(a.indices, b.indices, a.nnz * sizeof *a.indices);
        double md = 0;
        for (size_t k = 0; same && k < a.nnz; k++)
            if (fabs(a.data[k] - b.data[k]) > md)
                md = fabs(a.data[k] - b.data[k]);
        OK(same && md == 0, "transform(training texts) == fit_transform");
    }
    {
        const char *t[] = {"Digital badges for micro-credentials",
                           "zzzz unknown words only"};
        size_t l[] = {strlen(t[0]), strlen(t[1])};
        mct_csr *z = NULL;
        mct_csr_view zv;
        OK(mct_vectorizer_transform(v, t, l, 2, &z, NULL) == MCT_OK,
           "transform new texts");
        zv = mct_csr_get(z);
        OK(zv.n_rows == 2 && zv.indptr[1] == 3 && zv.indptr[2] == 3,
           "known terms counted, unknown ignored (an empty row)");
        {
            double s = 0;
            for (size_t k = 0; k < zv.indptr[1]; k++)
                s += zv.data[k] * zv.data[k];
            NEAR(s, 1.0, 1e-12, "new row has unit l2 norm");
        }
        mct_csr_free(z);
    }
    {
        mct_csr *again = NULL;
        OK(mct_vectorizer_fit_transform(v, mct_docs_texts(d),
                                        mct_docs_lengths(d),
                                        mct_docs_count(d), &again, NULL) ==
                   MCT_ESTATE &&
               !again,
           "second fit refused");
    }
    mct_csr_free(x);
    mct_csr_free(y);
    mct_vectorizer_free(v);
}

static void test_errors(void)
{
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_diag dg;
    const char *t[] = {"good text", "also good", "bad \xFF text"};
    size_t l[] = {9, 9, 10};
    mct_vectorizer_new(&o, &v);
    OK(mct_vectorizer_fit_transform(v, t, l, 3, &x, &dg) == MCT_EUTF8 &&
           dg.line == 3 && !x,
       "invalid UTF-8 names the text: %s", dg.msg);
    {
        const char *s[] = {"the and of", "it is"};
        size_t sl[] = {10, 5};
        OK(mct_vectorizer_fit_transform(v, s, sl, 2, &x, &dg) == MCT_EEMPTY,
           "only stop words: %s", dg.msg);
    }
    OK(mct_vectorizer_fit_transform(v, t, l, 0, &x, &dg) == MCT_EEMPTY,
       "no texts: %s", dg.msg);
    mct_vectorizer_free(v);
    o.min_df = 2;
    o.max_df = 1;
    o.max_df_is_fraction = false;
    mct_vectorizer_new(&o, &v);
    OK(mct_vectorizer_fit_transform(v, t, l, 2, &x, &dg) == MCT_EINVAL,
       "max_df below min_df: %s", dg.msg);
    mct_vectorizer_free(v);
    o = mct_vectorizer_opts_default();
    o.min_df = 1.5;
    OK(mct_vectorizer_new(&o, &v) == MCT_EINVAL, "fractional count refused");
    o.min_df = 2;
    o.max_df = 1.5;
    OK(mct_vectorizer_new(&o, &v) == MCT_EINVAL, "fraction above 1 refused");
    o = mct_vectorizer_opts_default();
    o.min_df = 2;
    mct_vectorizer_new(&o, &v);
    {
        const char *s[] = {"alpha beta", "gamma delta"};
        size_t sl[] = {10, 11};
        OK(mct_vectorizer_fit_transform(v, s, sl, 2, &x, &dg) == MCT_EEMPTY,
           "pruning everything: %s", dg.msg);
    }
    mct_vectorizer_free(v);
}

static void test_mtx(const mct_docs *d)
{
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL, *y = NULL;
    mct_diag dg;
    const char *path = "/tmp/mct-test.mtx";
    fit(&o, d, &v, &x, NULL);
    OK(mct_csr_write_mtx(x, path, "test matrix\nsecond line", &dg) == MCT_OK,
       "Matrix Market written");
    OK(mct_csr_read_mtx(path, &y, &dg) == MCT_OK, "and read back");
    {
        mct_csr_view a = mct_csr_get(x), b = mct_csr_get(y);
        OK(a.nnz == b.nnz && a.n_rows == b.n_rows && a.n_cols == b.n_cols &&
               !memcmp(a.data, b.data, a.nnz * sizeof *a.data) &&
               !memcmp(a.indices, b.indices, a.nnz * sizeof *a.indices),
           "values round-trip exactly through %%.17g");
    }
    OK(mct_csr_write_mtx(x, "/nonexistent/dir/x.mtx", NULL, &dg) == MCT_EIO,
       "unwritable path: %s", dg.msg);
    mct_csr_free(x);
    mct_csr_free(y);
    mct_vectorizer_free(v);
    remove(path);
}

/* Every allocation in fit_transform fails in turn: no crash, no leak
 * (under the sanitizer), and a clean MCT_ENOMEM. */
static void test_alloc_failures(void)
{
    const char *t[] = {"Micro-credentials and digital badges",
                       "Open badges in higher education",
                       "Badges, blockchain and micro-credentials"};
    size_t l[] = {strlen(t[0]), strlen(t[1]), strlen(t[2])};
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    long total, failures = 0, wrong = 0;
    o.n_threads = 1;
    o.analyzer.ngram_max = 2;
    {
        mct_vectorizer *v = NULL;
        mct_csr *x = NULL;
        mct__test_alloc_fail_after(-1);
        mct_vectorizer_new(&o, &v);
        mct_vectorizer_fit_transform(v, t, l, 3, &x, NULL);
        mct_csr_free(x);
        mct_vectorizer_free(v);
        total = mct__test_alloc_fail_after(-1);
    }
    for (long k = 0; k < total; k++) {
        mct_vectorizer *v = NULL;
        mct_csr *x = NULL;
        mct_status rc;
        mct__test_alloc_fail_after(k);
        rc = mct_vectorizer_new(&o, &v);
        if (!rc)
            rc = mct_vectorizer_fit_transform(v, t, l, 3, &x, NULL);
        mct__test_alloc_fail_after(-1);
        if (rc == MCT_ENOMEM)
            failures++;
        else if (rc != MCT_OK || !x)
            wrong++;
        mct_csr_free(x);
        mct_vectorizer_free(v);
    }
    OK(total > 20 && wrong == 0,
       "each of %ld allocations failed in turn: %ld clean MCT_ENOMEM, "
       "%ld wrong results",
       total, failures, wrong);
}

/*
 * The vocabulary is in byte order (code-point order, as scikit-learn
 * sorts) whatever the terms share: random words over a few letters, so
 * that many agree on their first 8 or 16 bytes, some longer than 16, some
 * with two- and three-byte UTF-8 letters. Checked against strcmp and
 * against the number of distinct words made.
 */
static void test_vocab_order(void)
{
    static const char *const parts[] = {"a", "b", "ab", "\xc3\xa9",
                                        "\xd0\xb6", "\xe6\x97\xa5", "z"};
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_docs *d = NULL;
    mct__strtab seen;
    mct__rng r;
    char text[1024];
    size_t ordered = 1, n_words = 0;
    o.analyzer.stem = false;
    o.analyzer.stop_list = MCT_STOPLIST_NONE;
    o.analyzer.min_token_chars = 1;
    mct_docs_new(&d);
    mct__strtab_init(&seen, 1024);
    mct__rng_seed(&r, 7, 1);
    for (int i = 0; i < 300; i++) {
        size_t len = 0;
        for (int w = 0; w < 8; w++) {
            char word[128];
            size_t wl = 0, np = 1 + mct__rng_below(&r, 24);
            uint32_t id;
            for (size_t k = 0; k < np; k++) {
                const char *pp = parts[mct__rng_below(&r, 7)];
                memcpy(word + wl, pp, strlen(pp));
                wl += strlen(pp);
            }
            mct__strtab_intern(&seen, word, wl, mct__hash(word, wl), &id,
                               NULL);
            memcpy(text + len, word, wl);
            len += wl;
            text[len++] = ' ';
        }
        mct_docs_add(d, text, len, (size_t)i + 1);
    }
    n_words = seen.n;
    if (OK(fit(&o, d, &v, &x, NULL) == MCT_OK, "fit random words")) {
        for (size_t j = 1; j < mct_vectorizer_n_terms(v); j++) {
            mct_term_info a, b;
            mct_vectorizer_term(v, j - 1, &a);
            mct_vectorizer_term(v, j, &b);
            ordered += strcmp(a.term, b.term) < 0;
        }
        OK(ordered == mct_vectorizer_n_terms(v) &&
               mct_vectorizer_n_terms(v) == n_words,
           "vocabulary of %zu words in strict byte order (%zu of %zu)",
           n_words, ordered, mct_vectorizer_n_terms(v));
    }
    mct__strtab_destroy(&seen);
    mct_csr_free(x);
    mct_vectorizer_free(v);
    mct_docs_free(d);
}

/*
 * Rows of every length, short ones (sorting networks), middling ones
 * (insertion sort) and long ones (radix sort), against counts made here:
 * columns strictly increasing in every row and the raw counts right.
 */
static void test_row_lengths(void)
{
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_docs *d = NULL;
    mct__rng r;
    static char text[8000];
    static unsigned want[120][1000];
    size_t good = 0, rows = 120;
    o.analyzer.stem = false;
    o.analyzer.stop_list = MCT_STOPLIST_NONE;
    o.use_idf = false;
    o.norm = MCT_NORM_NONE;
    o.n_threads = 2;
    mct_docs_new(&d);
    mct__rng_seed(&r, 11, 3);
    memset(want, 0, sizeof want);
    for (size_t i = 0; i < rows; i++) {
        size_t len = 0, nw = i < 40 ? i % 9 + 1 : i < 80 ? 9 + i % 40 : 300;
        for (size_t w = 0; w < nw; w++) {
            uint32_t k = mct__rng_below(&r, 1000);
            /* "w" then the number in letters a-j: "wbcd" is 123. */
            text[len++] = 'w';
            text[len++] = (char)('a' + k / 100);
            text[len++] = (char)('a' + k / 10 % 10);
            text[len++] = (char)('a' + k % 10);
            text[len++] = ' ';
            want[i][k]++;
        }
        mct_docs_add(d, text, len, i + 1);
    }
    if (OK(fit(&o, d, &v, &x, NULL) == MCT_OK, "fit rows of 1 to 300 words")) {
        mct_csr_view xv = mct_csr_get(x);
        for (size_t i = 0; i < rows; i++) {
            bool ok = true;
            size_t nz = 0;
            for (size_t k = xv.indptr[i]; k < xv.indptr[i + 1]; k++) {
                mct_term_info ti;
                unsigned n;
                mct_vectorizer_term(v, xv.indices[k], &ti);
                n = (unsigned)((ti.term[1] - 'a') * 100 +
                               (ti.term[2] - 'a') * 10 + (ti.term[3] - 'a'));
                ok &= k == xv.indptr[i] || xv.indices[k] > xv.indices[k - 1];
                ok &= n < 1000 && xv.data[k] == (double)want[i][n];
            }
            for (size_t k = 0; k < 1000; k++)
                nz += want[i][k] != 0;
            good += ok && nz == xv.indptr[i + 1] - xv.indptr[i];
        }
        OK(good == rows, "%zu of %zu rows sorted with the right counts", good,
           rows);
    }
    mct_csr_free(x);
    mct_vectorizer_free(v);
    mct_docs_free(d);
}

int main(void)
{
    mct_docs *d = load_texts();
    if (!OK(d != NULL, "test texts load"))
        return tap_done();
    test_sklearn_golden(d);
    test_threads_bitwise(d);
    test_default_mode(d);
    test_errors();
    test_mtx(d);
    test_vocab_order();
    test_row_lengths();
    test_alloc_failures();
    mct_docs_free(d);
    return tap_done();
}

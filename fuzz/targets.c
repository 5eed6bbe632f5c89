/*
 * targets.c - the fuzzing entry points (see targets.h). Each feeds the
 * bytes to one reader or parser exactly as a user's file or text would
 * reach it, then reads back everything it returned so that a dangling or
 * short string shows up under the sanitizers. Built with clang and
 * libFuzzer by `make fuzz`, and with the ordinary compiler into
 * tests/test_fuzz_regress.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mctext.h"
#include "targets.h"

/* A sink for values read back, so that the reads are not optimised out. */
static volatile size_t sink;

static void touch(const char *s)
{
    sink += s ? strlen(s) : 0;
}

static void touch_list(const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        touch(l[i]);
}

/* The bytes as a NUL-terminated string (to free). */
static char *cstr(const uint8_t *data, size_t len)
{
    char *s = malloc(len + 1);
    if (s) {
        memcpy(s, data, len);
        s[len] = 0;
    }
    return s;
}

/* Readers that take a path: the bytes go to a private temporary file. */
static const char *to_file(const uint8_t *data, size_t len)
{
    static char path[256];
    FILE *f;
    if (!path[0]) {
        const char *d = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/mct-fuzz.%ld", d && *d ? d : "/tmp",
                 (long)getpid());
    }
    if (!(f = fopen(path, "wb")))
        return NULL;
    if (fwrite(data, 1, len, f) != len) {
        fclose(f);
        return NULL;
    }
    return fclose(f) ? NULL : path;
}

/* ---- records -------------------------------------------------------- */

static void touch_record(const mct_record *r)
{
    touch(r->source);
    touch(r->id);
    touch(r->title);
    touch_list(r->authors, r->n_authors);
    touch(r->venue);
    touch(r->doi);
    touch(r->abstract);
    touch_list(r->keywords, r->n_keywords);
    touch_list(r->index_keywords, r->n_index_keywords);
    touch(r->doc_type);
    touch(r->language);
    touch(r->file);
    touch_list(r->categories, r->n_categories);
    sink += (size_t)r->year + r->line + (size_t)r->cited_by;
}

static int records(const uint8_t *data, size_t len, mct_format fmt)
{
    mct_records *r = NULL;
    mct_diag dg;
    size_t n = 0;
    if (mct_records_new(&r))
        return 0;
    sink += (size_t)mct_records_detect((const char *)data, len);
    if (!mct_records_parse(r, (const char *)data, len, "fuzz", fmt, &n, &dg))
        for (size_t i = 0; i < mct_records_count(r); i++)
            touch_record(mct_records_get(r, i));
    else
        touch(dg.msg);
    mct_records_free(r);
    return 0;
}

#define RECORDS(fn, fmt)                                                    \
    static int fn(const uint8_t *data, size_t len)                         \
    {                                                                      \
        return records(data, len, fmt);                                    \
    }
RECORDS(fuzz_records_auto, MCT_FORMAT_AUTO)
RECORDS(fuzz_records_jsonl, MCT_FORMAT_JSONL)
RECORDS(fuzz_records_scopus, MCT_FORMAT_SCOPUS_CSV)
RECORDS(fuzz_records_wos_text, MCT_FORMAT_WOS_TEXT)
RECORDS(fuzz_records_wos_tab, MCT_FORMAT_WOS_TAB)
RECORDS(fuzz_records_ris, MCT_FORMAT_RIS)
RECORDS(fuzz_records_openalex_csv, MCT_FORMAT_OPENALEX_CSV)
RECORDS(fuzz_records_openalex_json, MCT_FORMAT_OPENALEX_JSON)
RECORDS(fuzz_records_lens, MCT_FORMAT_LENS_CSV)
RECORDS(fuzz_records_pubmed, MCT_FORMAT_PUBMED)
RECORDS(fuzz_records_bibtex, MCT_FORMAT_BIBTEX)
RECORDS(fuzz_records_csl, MCT_FORMAT_CSL_JSON)

/* ---- the query language --------------------------------------------- */

static int fuzz_query(const uint8_t *data, size_t len)
{
    static const char *const au[] = {"Smith, J."};
    static const char *const kw[] = {"micro-credentials", "higher education"};
    mct_record rec;
    mct_query *q = NULL;
    mct_diag dg;
    size_t n;
    char *s = cstr(data, len);
    if (!s)
        return 0;
    memset(&rec, 0, sizeof rec);
    rec.title = "Micro-credentials in higher education: a review";
    rec.abstract = "We review stackable digital badges and short courses.";
    rec.authors = au;
    rec.n_authors = 1;
    rec.keywords = kw;
    rec.n_keywords = 2;
    rec.index_keywords = kw + 1;
    rec.n_index_keywords = 1;
    if (!mct_query_parse(s, &q, &dg)) {
        const char *const *t = mct_query_terms(q, &n);
        touch_list(t, n);
        sink += mct_query_match(q, &rec);
        rec.title = rec.abstract = "";
        rec.n_keywords = rec.n_index_keywords = 0;
        sink += mct_query_match(q, &rec);
    }
    mct_query_free(q);
    free(s);
    return 0;
}

/* ---- text ----------------------------------------------------------- */

static bool count_term(void *user, const char *term, size_t term_len,
                       const char *surface, size_t surface_len)
{
    (void)user;
    if (term_len)
        sink += (unsigned char)term[term_len - 1];
    if (surface_len)
        sink += (unsigned char)surface[surface_len - 1];
    return true;
}

/* Analyzer options from one byte: mode, n-grams, stemming, numbers. */
static mct_analyzer_opts analyzer_opts(uint8_t b)
{
    mct_analyzer_opts o = b & 1 ? mct_analyzer_opts_sklearn()
                                : mct_analyzer_opts_default();
    if (b & 2)
        o.ngram_max = 3;
    if (b & 4)
        o.stem = !o.stem;
    o.drop_numbers = (b & 8) != 0;
    o.min_token_chars = (b >> 4) & 3;
    return o;
}

/*
 * One analyzer per option byte, made on first use and kept (an analyzer
 * is reused across texts by design, and making one costs more than
 * running it on a short text).
 */
static mct_analyzer *analyzer_for(uint8_t b)
{
    static mct_analyzer *cache[64];
    mct_analyzer_opts o = analyzer_opts(b);
    if (!cache[b & 63] && mct_analyzer_new(&o, &cache[b & 63]))
        cache[b & 63] = NULL;
    return cache[b & 63];
}

static int fuzz_analyzer(const uint8_t *data, size_t len)
{
    mct_analyzer *a;
    char *norm = NULL;
    if (len < 1 || !(a = analyzer_for(data[0])))
        return 0;
    (void)mct_analyzer_run(a, (const char *)data + 1, len - 1, count_term,
                           NULL);
    if (!mct_analyzer_normalize(a, (const char *)data + 1, len - 1, &norm))
        touch(norm);
    mct_free(norm);
    return 0;
}

/* Splits the bytes after the first at '\n' into at most 64 texts. */
static size_t split_texts(const uint8_t *data, size_t len, const char **t,
                          size_t *l)
{
    size_t n = 0, from = 1;
    for (size_t i = 1; i <= len && n < 64; i++)
        if (i == len || data[i] == '\n') {
            t[n] = (const char *)data + from;
            l[n++] = i - from;
            from = i + 1;
        }
    return n;
}

static int fuzz_tfidf(const uint8_t *data, size_t len)
{
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *X = NULL;
    mct_diag dg;
    const char *t[64];
    size_t l[64], n;
    if (len < 1)
        return 0;
    n = split_texts(data, len, t, l);
    o.analyzer = analyzer_opts(data[0]);
    o.n_threads = 1;
    if (data[0] & 64)
        o.min_df = 2;
    if (data[0] & 128)
        o.max_features = 5;
    if (mct_vectorizer_new(&o, &v))
        return 0;
    if (!mct_vectorizer_fit_transform(v, t, l, n, &X, &dg)) {
        mct_csr_view c = mct_csr_get(X);
        mct_term_info ti;
        for (size_t j = 0; j < mct_vectorizer_n_terms(v); j++)
            if (!mct_vectorizer_term(v, j, &ti))
                touch(ti.display);
        for (size_t k = 0; k < c.nnz; k++)
            if (c.indices[k] >= c.n_cols || !isfinite(c.data[k]))
                abort();
    }
    mct_csr_free(X);
    mct_vectorizer_free(v);
    return 0;
}

static int fuzz_lines(const uint8_t *data, size_t len)
{
    mct_docs *d = NULL;
    mct_docs_opts o = mct_docs_opts_default();
    mct_diag dg;
    if (len < 1 || mct_docs_new(&d))
        return 0;
    o.keep_blank = data[0] & 1;
    o.max_line_bytes = 64;
    if (!mct_docs_parse_lines(d, (const char *)data + 1, len - 1, &o, &dg))
        for (size_t i = 0; i < mct_docs_count(d); i++)
            touch(mct_docs_text(d, i, NULL));
    mct_docs_free(d);
    return 0;
}

/* ---- word lists, thesaurus, themes, exclusions, earlier reviews ---- */

static int fuzz_wordlist(const uint8_t *data, size_t len)
{
    mct_wordlist *w = NULL;
    mct_diag dg;
    size_t n;
    const char *path = to_file(data, len);
    if (path && !mct_wordlist_read(path, &w, &dg)) {
        const char *const *ws = mct_wordlist_words(w, &n);
        touch_list(ws, n);
    }
    mct_wordlist_free(w);
    return 0;
}

static int fuzz_thesaurus(const uint8_t *data, size_t len)
{
    mct_thesaurus *t = NULL;
    mct_analyzer_opts o = mct_analyzer_opts_default();
    mct_analyzer *a = NULL;
    mct_diag dg;
    const char *path = to_file(data, len), *l, *r;
    if (!path || mct_thesaurus_new(&t))
        return 0;
    if (!mct_thesaurus_read(t, path, &dg)) {
        for (size_t i = 0; i < mct_thesaurus_count(t); i++)
            if (!mct_thesaurus_get(t, i, &l, &r)) {
                touch(l);
                touch(r);
            }
        /* The analyzer compiles the pairs: run it over the file itself. */
        o.thesaurus = t;
        if (!mct_analyzer_new(&o, &a))
            (void)mct_analyzer_run(a, (const char *)data, len, count_term,
                                   NULL);
        mct_analyzer_free(a);
    }
    mct_thesaurus_free(t);
    return 0;
}

static int fuzz_themes(const uint8_t *data, size_t len)
{
    mct_theme_seeds *s = NULL;
    mct_theme_seed t;
    mct_diag dg;
    if (!mct_theme_seeds_parse((const char *)data, len, &s, &dg))
        for (size_t i = 0; i < mct_theme_seeds_count(s); i++)
            if (!mct_theme_seeds_get(s, i, &t)) {
                touch(t.name);
                touch(t.description);
                touch(t.source);
                touch_list(t.terms, t.n_terms);
            }
    mct_theme_seeds_free(s);
    return 0;
}

static int fuzz_exclusions(const uint8_t *data, size_t len)
{
    mct_exclusions *x = NULL;
    mct_diag dg;
    if (!mct_exclusions_parse((const char *)data, len, &x, &dg))
        sink += mct_exclusions_count(x);
    mct_exclusions_free(x);
    return 0;
}

static int fuzz_prior(const uint8_t *data, size_t len)
{
    mct_review_prior *p = NULL;
    mct_diag dg;
    if (!mct_review_prior_parse((const char *)data, len, "fuzz", &p, &dg))
        sink += 1;
    mct_review_prior_free(p);
    return 0;
}

/* Decisions on possible duplicates, against three fixed records. */
static int fuzz_decisions(const uint8_t *data, size_t len)
{
    static const char recs[] =
        "{\"id\":\"a1\",\"title\":\"Open badges\",\"doi\":\"10.1/a\","
        "\"year\":2020}\n"
        "{\"id\":\"b2\",\"title\":\"Open badges\",\"doi\":\"10.1/b\","
        "\"year\":2020}\n"
        "{\"id\":\"c3\",\"title\":\"Micro-credentials\",\"year\":2021}\n";
    mct_records *r = NULL;
    mct_dup_decision *dec = NULL;
    mct_diag dg;
    size_t n = 0;
    if (mct_records_new(&r) ||
        mct_records_parse(r, recs, sizeof recs - 1, "in.jsonl",
                          MCT_FORMAT_JSONL, NULL, &dg)) {
        mct_records_free(r);
        return 0;
    }
    if (!mct_dedup_decisions_parse(r, (const char *)data, len, &dec, &n,
                                   &dg))
        for (size_t i = 0; i < n; i++)
            if (dec[i].a >= dec[i].b || dec[i].b >= mct_records_count(r))
                abort();
    mct_free(dec);
    mct_records_free(r);
    return 0;
}

/* Matrix Market files (mctsne tfidf's output, read back). */
static int fuzz_mtx(const uint8_t *data, size_t len)
{
    mct_csr *m = NULL;
    mct_diag dg;
    const char *path = to_file(data, len);
    if (path && !mct_csr_read_mtx(path, &m, &dg)) {
        mct_csr_view v = mct_csr_get(m);
        for (size_t i = 0; i < v.n_rows; i++)
            if (v.indptr[i] > v.indptr[i + 1])
                abort();
        for (size_t k = 0; k < v.nnz; k++)
            if (v.indices[k] >= v.n_cols)
                abort();
    }
    mct_csr_free(m);
    return 0;
}

/* ---- dense numbers and t-SNE ---------------------------------------- */

/*
 * The dense text reader (mct_dense.h) that mctsne embed --dense uses;
 * small inputs that read are then embedded (a few iterations), and a map
 * that is not finite after MCT_OK is a finding.
 */
static int fuzz_dense(const uint8_t *data, size_t len)
{
    double *X = NULL;
    size_t n, d;
    if (len < 1)
        return 0;
    if (!mct_dense_parse((const char *)data + 1, len - 1, &X, &n, &d, NULL) &&
        n <= 32 && d <= 16) {
        mct_tsne_opts o = mct_tsne_opts_default();
        mct_tsne *t = NULL;
        o.n_threads = 1;
        o.n_iter = 20;
        o.exaggeration_iters = 10;
        o.momentum_switch_iter = 10;
        o.perplexity = 1 + (data[0] & 31);
        o.method = data[0] & 32 ? MCT_TSNE_EXACT : MCT_TSNE_AUTO;
        o.init = data[0] & 64 ? MCT_INIT_RANDOM : MCT_INIT_PCA;
        o.dims = data[0] & 128 ? 1 : 2;
        if (!mct_tsne_new(&o, &t) && !mct_tsne_fit_dense(t, X, n, d, NULL)) {
            int dims;
            size_t m;
            const double *Y = mct_tsne_embedding(t, &m, &dims);
            for (size_t i = 0; i < m * (size_t)dims; i++)
                if (!isfinite(Y[i]))
                    abort();
        }
        mct_tsne_free(t);
    }
    mct_free(X);
    return 0;
}

/* ---- the table -------------------------------------------------------- */

const fuzz_target fuzz_targets[] = {
    {"records-auto", fuzz_records_auto},
    {"records-jsonl", fuzz_records_jsonl},
    {"records-scopus", fuzz_records_scopus},
    {"records-wos-text", fuzz_records_wos_text},
    {"records-wos-tab", fuzz_records_wos_tab},
    {"records-ris", fuzz_records_ris},
    {"records-openalex-csv", fuzz_records_openalex_csv},
    {"records-openalex-json", fuzz_records_openalex_json},
    {"records-lens", fuzz_records_lens},
    {"records-pubmed", fuzz_records_pubmed},
    {"records-bibtex", fuzz_records_bibtex},
    {"records-csl", fuzz_records_csl},
    {"query", fuzz_query},
    {"analyzer", fuzz_analyzer},
    {"tfidf", fuzz_tfidf},
    {"lines", fuzz_lines},
    {"wordlist", fuzz_wordlist},
    {"thesaurus", fuzz_thesaurus},
    {"themes", fuzz_themes},
    {"exclusions", fuzz_exclusions},
    {"prior", fuzz_prior},
    {"decisions", fuzz_decisions},
    {"mtx", fuzz_mtx},
    {"dense", fuzz_dense},
    {NULL, NULL}};

fuzz_fn fuzz_find(const char *name)
{
    for (const fuzz_target *t = fuzz_targets; t->name; t++)
        if (!strcmp(t->name, name))
            return t->fn;
    return NULL;
}

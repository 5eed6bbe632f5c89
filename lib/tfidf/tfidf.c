/*
 * tfidf.c - the vectorizer: options, the entry point of fit_transform,
 * the weights, transform and the vocabulary. The phases of the fit itself
 * are in tfidf_fit.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "numfmt.h"
#include "tfidf_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

mct_vectorizer_opts mct_vectorizer_opts_default(void)
{
    mct_vectorizer_opts o;
    memset(&o, 0, sizeof o);
    o.analyzer = mct_analyzer_opts_default();
    o.min_df = 1;
    o.min_df_is_fraction = false;
    o.max_df = 1.0;
    o.max_df_is_fraction = true;
    o.max_features = 0;
    o.use_idf = true;
    o.smooth_idf = true;
    o.sublinear_tf = false;
    o.binary = false;
    o.norm = MCT_NORM_L2;
    o.n_threads = 0;
    return o;
}

static bool df_limit_ok(double v, bool frac)
{
    if (!(v >= 0) || isinf(v))
        return false;
    if (frac)
        return v <= 1.0;
    return v == floor(v);
}

mct_status mct_vectorizer_new(const mct_vectorizer_opts *opts, mct_vectorizer **out)
{
    const mct_vectorizer_opts od_ = opts ? *opts : mct_vectorizer_opts_default();
    const mct_vectorizer_opts *o = &od_;
    mct_vectorizer *v;
    mct_status rc;
    if (!out)
        return MCT_EINVAL;
    *out = NULL;
    if (!df_limit_ok(o->min_df, o->min_df_is_fraction) ||
        !df_limit_ok(o->max_df, o->max_df_is_fraction) ||
        (o->norm != MCT_NORM_NONE && o->norm != MCT_NORM_L1 &&
         o->norm != MCT_NORM_L2))
        return MCT_EINVAL;
    if (!(v = mct__calloc(1, sizeof *v)))
        return MCT_ENOMEM;
    v->o = *o;
    if ((rc = mct_analyzer_new(&o->analyzer, &v->an))) {
        mct__free(v);
        return rc;
    }
    /* The copy must not point at the caller's strings or thesaurus. */
    v->o.analyzer = *mct__analyzer_opts(v->an);
    *out = v;
    return MCT_OK;
}

void mct_vectorizer_free(mct_vectorizer *v)
{
    if (!v)
        return;
    mct_analyzer_free(v->an);
    mct__strtab_destroy(&v->vocab);
    mct__free(v->col_of_id);
    mct__free(v->id_of_col);
    mct__free(v->strings);
    mct__free(v->display);
    mct__free(v->df);
    mct__free(v->idf);
    mct__free(v->count);
    mct__free(v);
}

/* ---- small helpers -------------------------------------------------- */

typedef struct entry {
    uint32_t col;
    double val;
} entry;

static bool text_ok(const char *t, size_t len)
{
    return (t || !len) && (!len || !memchr(t, '\0', len)) &&
           mct__utf8_valid(t, len, NULL);
}

void mct__tfidf_weight_row(const mct_vectorizer *v, const uint32_t *ix,
                           double *x, size_t m)
{
    const mct_vectorizer_opts *o = &v->o;
    double s = 0;
    if (!o->binary && !o->sublinear_tf && o->use_idf &&
        o->norm == MCT_NORM_L2) {
        /* The defaults, without a test per entry. */
        for (size_t k = 0; k < m; k++) {
            double w = x[k] * v->idf[ix[k]];
            x[k] = w;
            s += w * w;
        }
    } else {
        /* One pass for the weights and the norm's sum, in index order. */
        for (size_t k = 0; k < m; k++) {
            double w = o->binary ? 1.0 : x[k];
            if (o->sublinear_tf)
                w = log(w) + 1.0;
            if (o->use_idf)
                w *= v->idf[ix[k]];
            x[k] = w;
            s += o->norm == MCT_NORM_L2 ? w * w : fabs(w);
        }
    }
    if (o->norm == MCT_NORM_NONE || s == 0.0)
        return;
    if (o->norm == MCT_NORM_L2)
        s = sqrt(s);
    /* A division, not a product with 1 / s: scikit-learn divides, and so
     * the values agree to the last bit. Two at a time where there is
     * SSE2: a correctly rounded quotient is the same in any width. */
    {
        size_t k = 0;
#ifdef __SSE2__
        __m128d d = _mm_set1_pd(s);
        for (; k + 2 <= m; k += 2)
            _mm_storeu_pd(x + k, _mm_div_pd(_mm_loadu_pd(x + k), d));
#endif
        for (; k < m; k++)
            x[k] /= s;
    }
}

/* Forgets a failed fit so that the vectorizer can be fitted again. */
static void vocab_reset(mct_vectorizer *v)
{
    mct__strtab_destroy(&v->vocab);
    mct__free(v->col_of_id);
    mct__free(v->id_of_col);
    mct__free(v->strings);
    mct__free(v->display);
    mct__free(v->df);
    mct__free(v->idf);
    mct__free(v->count);
    v->col_of_id = NULL;
    v->id_of_col = NULL;
    v->strings = NULL;
    v->display = NULL;
    v->df = NULL;
    v->idf = NULL;
    v->count = NULL;
    v->n_terms = 0;
}

mct_status mct_vectorizer_fit_transform(mct_vectorizer *v,
                                        const char *const *texts,
                                        const size_t *lens, size_t n,
                                        mct_csr **out, mct_diag *diag)
{
    mct_status rc;
    if (!v || !out || (n && (!texts || !lens)))
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if (v->fitted)
        return MCT_ESTATE;
    if (n == 0) {
        mct__diag(diag, 0, 0, "no documents");
        return MCT_EEMPTY;
    }
    if (n >= UINT32_MAX) {
        mct__diag(diag, 0, 0, "more than %u documents", UINT32_MAX - 1);
        return MCT_ETOOBIG;
    }
    if ((rc = mct__tfidf_fit(v, texts, lens, n, out, diag))) {
        vocab_reset(v);
        if (diag && !diag->msg[0])
            mct__diag(diag, 0, 0, "%s", mct_strerror(rc));
        return rc;
    }
    v->n_docs = n;
    v->fitted = true;
    return MCT_OK;
}

/* ---- transform -------------------------------------------------------- */

/* Column of a term string, or -1 when it is not in the vocabulary. */
static long vocab_column(const mct_vectorizer *v, const char *s, size_t n)
{
    long id = mct__strtab_find(&v->vocab, s, n, mct__hash(s, n));
    if (id < 0 || v->col_of_id[id] == UINT32_MAX)
        return -1;
    return (long)v->col_of_id[id];
}

typedef struct trow {
    entry *e;
    size_t n;
} trow;

/* Columns of one text's terms, counted; unknown terms are skipped. */
static mct_status transform_doc(const mct_vectorizer *v, const char *text,
                                size_t len, mct__tokens *tk, mct_stemmer *st,
                                mct__buf *stems, mct__buf *gram,
                                size_t **soff, size_t *soff_cap, trow *row)
{
    const mct_analyzer_opts *ao = &v->o.analyzer;
    uint32_t *cols = NULL;
    size_t nc = 0, ccap = 0;
    mct_status rc;
    if ((rc = mct__analyze_surfaces(v->an, text, len, tk)))
        return rc;
    if ((rc = mct__grow((void **)soff, soff_cap, tk->count + 1, sizeof **soff)))
        return rc;
    stems->len = 0;
    for (size_t i = 0; i < tk->count; i++) {
        const char *s = tk->bytes + tk->off[i], *stem;
        size_t kl, sl;
        if ((rc = mct__grow((void **)&tk->tmp, &tk->tmp_cap, tk->tlen[i] + 1,
                            1)))
            return rc;
        kl = mct__surface_key(s, tk->tlen[i], tk->tmp);
        if (st) {
            if ((rc = mct_stemmer_stem(st, tk->tmp, kl, &stem, &sl)))
                return rc;
        } else {
            stem = tk->tmp;
            sl = kl;
        }
        (*soff)[i] = stems->len;
        if ((rc = mct__buf_add(stems, stem, sl)) ||
            (rc = mct__buf_addc(stems, '\0')))
            return rc;
    }
    for (unsigned g = ao->ngram_min; g <= ao->ngram_max; g++) {
        for (size_t i = 0; i + g <= tk->count; i++) {
            long c;
            gram->len = 0;
            for (unsigned k = 0; k < g; k++) {
                const char *w = stems->p + (*soff)[i + k];
                if ((k && (rc = mct__buf_addc(gram, ' '))) ||
                    (rc = mct__buf_add(gram, w, strlen(w))))
                    goto out;
            }
            c = vocab_column(v, gram->p, gram->len);
            if (c < 0)
                continue;
            if ((rc = mct__grow((void **)&cols, &ccap, nc + 1, sizeof *cols)))
                goto out;
            cols[nc++] = (uint32_t)c;
        }
    }
    mct__sort_u32(cols, nc);
    row->n = 0;
    if (nc && !(row->e = mct__alloc_array(nc, sizeof *row->e))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < nc; i++) {
        if (i == 0 || cols[i] != cols[i - 1]) {
            row->e[row->n].col = cols[i];
            row->e[row->n].val = 0;
            row->n++;
        }
        row->e[row->n - 1].val += 1.0;
    }
out:
    mct__free(cols);
    return rc;
}

/* Every text into its row of counts, in parallel; on failure, *bad is
 * the first text that failed. */
static mct_status transform_rows(const mct_vectorizer *v,
                                 const char *const *texts, const size_t *lens,
                                 size_t n, trow *rows, size_t *bad)
{
    mct_status rc = MCT_OK;
    *bad = SIZE_MAX;
#pragma omp parallel num_threads(mct_threads_resolve(v->o.n_threads))
    {
        mct__tokens tk;
        mct__buf stems = {0}, gram = {0};
        size_t *soff = NULL, soff_cap = 0;
        mct_stemmer *st = NULL;
        mct_status trc = MCT_OK;
        memset(&tk, 0, sizeof tk);
        if (v->o.analyzer.stem)
            trc = mct_stemmer_new(v->o.analyzer.stem_language, &st);
#pragma omp for schedule(dynamic, 16)
        for (size_t d = 0; d < n; d++) {
            mct_status r = trc;
            if (!r && !text_ok(texts[d], lens[d]))
                r = MCT_EUTF8;
            if (!r)
                r = transform_doc(v, texts[d] ? texts[d] : "", lens[d], &tk,
                                  st, &stems, &gram, &soff, &soff_cap,
                                  &rows[d]);
            if (r) {
#pragma omp critical(mct_transform_err)
                {
                    if (d < *bad) {
                        *bad = d;
                        rc = r;
                    }
                }
            }
        }
        mct__tokens_free(&tk);
        mct__buf_free(&stems);
        mct__buf_free(&gram);
        mct__free(soff);
        mct_stemmer_free(st);
    }
    return rc;
}

/* The rows, weighted, as one CSR matrix. */
static mct_status rows_to_csr(const mct_vectorizer *v, const trow *rows,
                              size_t n, mct_csr **out)
{
    size_t *ip = NULL;
    uint32_t *ix = NULL;
    double *x = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!(ip = mct__alloc_array(n + 1, sizeof *ip)))
        goto out;
    ip[0] = 0;
    for (size_t d = 0; d < n; d++)
        ip[d + 1] = ip[d] + rows[d].n;
    if (!(ix = mct__alloc_array(ip[n] + 1, sizeof *ix)) ||
        !(x = mct__alloc_array(ip[n] + 1, sizeof *x)))
        goto out;
    for (size_t d = 0; d < n; d++)
        for (size_t k = 0; k < rows[d].n; k++) {
            ix[ip[d] + k] = rows[d].e[k].col;
            x[ip[d] + k] = rows[d].e[k].val;
        }
#pragma omp parallel for num_threads(mct_threads_resolve(v->o.n_threads)) \
    schedule(static)
    for (size_t d = 0; d < n; d++)
        mct__tfidf_weight_row(v, ix + ip[d], x + ip[d], ip[d + 1] - ip[d]);
    if ((rc = mct__csr_wrap(n, v->n_terms, ip, ix, x, out)))
        goto out;
    return MCT_OK;
out:
    mct__free(ip);
    mct__free(ix);
    mct__free(x);
    return rc;
}

mct_status mct_vectorizer_transform(mct_vectorizer *v,
                                    const char *const *texts,
                                    const size_t *lens, size_t n,
                                    mct_csr **out, mct_diag *diag)
{
    trow *rows;
    size_t bad;
    mct_status rc;
    if (!v || !out || (n && (!texts || !lens)))
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if (!v->fitted)
        return MCT_ESTATE;
    if (!(rows = mct__calloc(n + 1, sizeof *rows)))
        return MCT_ENOMEM;
    rc = transform_rows(v, texts, lens, n, rows, &bad);
    if (rc == MCT_EUTF8)
        mct__diag(diag, bad + 1, 0,
                  "text %zu is not valid UTF-8 or contains a NUL byte",
                  bad + 1);
    else if (rc)
        mct__diag(diag, bad + 1, 0, "%s", mct_strerror(rc));
    else
        rc = rows_to_csr(v, rows, n, out);
    for (size_t d = 0; d < n; d++)
        mct__free(rows[d].e);
    mct__free(rows);
    return rc;
}

/* ---- vocabulary access ----------------------------------------------- */

size_t mct_vectorizer_n_terms(const mct_vectorizer *v)
{
    return v ? v->n_terms : 0;
}

size_t mct_vectorizer_n_docs(const mct_vectorizer *v)
{
    return v ? v->n_docs : 0;
}

mct_status mct_vectorizer_term(const mct_vectorizer *v, size_t j,
                               mct_term_info *info)
{
    if (!v || !info || j >= v->n_terms)
        return MCT_EINVAL;
    info->term = mct__strtab_str(&v->vocab, v->id_of_col[j]);
    info->display = v->display[j];
    info->df = v->df[j];
    info->idf = v->idf[j];
    info->count = v->count[j];
    return MCT_OK;
}

long mct_vectorizer_lookup(const mct_vectorizer *v, const char *term)
{
    if (!v || !term || !v->fitted)
        return -1;
    return vocab_column(v, term, strlen(term));
}

mct_status mct_vectorizer_write_vocab(const mct_vectorizer *v,
                                      const char *path, mct_diag *diag)
{
    mct__wfile w;
    mct__outbuf o;
    mct_status rc;
    mct_diag_clear(diag);
    if (!v || !path)
        return MCT_EINVAL;
    if (!v->fitted)
        return MCT_ESTATE;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    if ((rc = mct__outbuf_init(&o, w.fp, 0))) {
        mct__wfile_abort(&w);
        return rc;
    }
    mct__outbuf_str(&o, "term\tdisplay\tdf\tidf\n");
    for (size_t j = 0; j < v->n_terms; j++) {
        mct__outbuf_str(&o, mct__strtab_str(&v->vocab, v->id_of_col[j]));
        mct__outbuf_add(&o, "\t", 1);
        mct__outbuf_str(&o, v->display[j]);
        mct__outbuf_add(&o, "\t", 1);
        mct__outbuf_u64(&o, v->df[j]);
        mct__outbuf_add(&o, "\t", 1);
        mct__outbuf_double(&o, v->idf[j]);
        mct__outbuf_add(&o, "\n", 1);
    }
    if ((rc = mct__outbuf_close(&o))) {
        if (rc == MCT_EIO)
            mct__diag(diag, 0, 0, "cannot write %s: %s", path,
                      strerror(o.errnum));
        mct__wfile_abort(&w);
        return rc;
    }
    return mct__wfile_commit(&w, diag);
}

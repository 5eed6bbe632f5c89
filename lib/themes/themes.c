/*
 * themes.c - the themes API: options, the handle, fitting, and what a
 * fit tells (mct_themes.h). Features are in themes_features.c, the
 * clustering and naming in themes_fit.c.
 */
#include <math.h>

#include "mct_metrics.h"
#include "themes_internal.h"

mct_themes_opts mct_themes_opts_default(void)
{
    mct_themes_opts o;
    memset(&o, 0, sizeof o);
    o.k = 5;
    o.seed_weight = 0.25;
    o.weak_cosine = 0.1;
    o.title_weight = 1.0;
    o.keywords_weight = 1.0;
    o.abstract_weight = 1.0;
    o.description_weight = 0.5;
    o.pairs = true;
    o.academic_stop = true;
    o.n_init = 10;
    o.max_iter = 300;
    o.seed = 42;
    return o;
}

static bool weight_ok(double w)
{
    return isfinite(w) && w >= 0;
}

static bool opts_ok(const mct_themes_opts *o)
{
    return o->k >= 1 && o->n_init >= 1 && o->max_iter >= 1 &&
           weight_ok(o->seed_weight) && isfinite(o->weak_cosine) &&
           weight_ok(o->title_weight) && weight_ok(o->keywords_weight) &&
           weight_ok(o->abstract_weight) &&
           o->title_weight + o->keywords_weight + o->abstract_weight > 0 &&
           weight_ok(o->description_weight) &&
           (!o->n_exclude_terms || o->exclude_terms) &&
           (!o->n_stop_words || o->stop_words);
}

mct_status mct_themes_new(const mct_themes_opts *opts, mct_themes **out)
{
    const mct_themes_opts od_ = opts ? *opts : mct_themes_opts_default();
    const mct_themes_opts *o = &od_;
    mct__phrase_opts po;
    mct_themes *t;
    mct_status rc;
    if (!out)
        return MCT_EINVAL;
    *out = NULL;
    if (!opts_ok(o))
        return MCT_EINVAL;
    if (!(t = mct__calloc(1, sizeof *t)))
        return MCT_ENOMEM;
    t->o = *o;
    /* The caller's pointers are copied by the phraser, not kept. */
    t->o.exclude_terms = NULL;
    t->o.stop_words = NULL;
    t->o.stem_language = NULL;
    memset(&po, 0, sizeof po);
    po.stem_language = o->stem_language;
    po.stop_words = o->stop_words;
    po.n_stop_words = o->n_stop_words;
    po.academic_stop = o->academic_stop;
    po.exclude = o->exclude_terms;
    po.n_exclude = o->n_exclude_terms;
    po.pairs = o->pairs;
    if ((rc = mct__phraser_new(&po, &t->ph))) {
        mct__free(t);
        return rc;
    }
    *out = t;
    return MCT_OK;
}

void mct__themes_clear(mct_themes *t)
{
    mct__vocab *v = &t->v;
    mct__strtab_destroy(&v->keys);
    mct__free(v->df);
    mct__free(v->occ);
    mct__free(v->last);
    mct__free(v->col);
    mct__free(v->col_id);
    mct__free(v->idf);
    mct__free(v->label);
    mct__arena_free(&v->arena);
    memset(v, 0, sizeof *v);
    mct_csr_free(t->X);
    mct__free(t->labels);
    mct__free(t->sims);
    mct__free(t->cent);
    mct__free(t->memb);
    mct__free(t->seedv);
    mct__free(t->info);
    for (size_t c = 0; t->cov && c < t->k; c++)
        mct__free(t->cov[c]);
    mct__free(t->cov);
    mct__free(t->n_cov);
    mct__arena_free(&t->arena);
    t->X = NULL;
    t->labels = NULL;
    t->sims = t->cent = t->memb = t->seedv = NULL;
    t->info = NULL;
    t->cov = NULL;
    t->n_cov = NULL;
    t->n = t->k = t->d = 0;
    t->objective = t->lambda = 0;
}

void mct_themes_free(mct_themes *t)
{
    if (!t)
        return;
    mct__themes_clear(t);
    mct__phraser_free(t->ph);
    mct__free(t);
}

mct_status mct_themes_fit(mct_themes *t, const mct_records *r,
                          const mct_theme_seeds *seeds, mct_diag *diag)
{
    mct_status rc;
    if (!t || !r)
        return MCT_EINVAL;
    mct_diag_clear(diag);
    mct__themes_clear(t);
    t->k = seeds ? mct_theme_seeds_count(seeds) : t->o.k;
    if ((rc = mct__themes_features(t, r, diag)) ||
        (seeds && (rc = mct__themes_seeds(t, seeds, diag))) ||
        (rc = mct__themes_cluster(t, seeds, diag))) {
        mct__themes_clear(t);
        return rc;
    }
    return MCT_OK;
}

size_t mct_themes_count(const mct_themes *t) { return t ? t->k : 0; }

size_t mct_themes_n_records(const mct_themes *t) { return t ? t->n : 0; }

const int *mct_themes_labels(const mct_themes *t, size_t *n)
{
    if (n)
        *n = t && t->labels ? t->n : 0;
    return t ? t->labels : NULL;
}

const double *mct_themes_similarities(const mct_themes *t)
{
    return t ? t->sims : NULL;
}

mct_status mct_themes_get(const mct_themes *t, size_t c, mct_theme_info *out)
{
    if (!t || !out || !t->info || c >= t->k)
        return MCT_EINVAL;
    *out = t->info[c];
    return MCT_OK;
}

/* The columns of the largest positive weights, best first (ties to the
 * smaller column). */
static size_t top_raw(const double *w, size_t d, size_t max, size_t *cols)
{
    size_t m = 0;
    /* Insertion into the sorted list of the best max so far. */
    for (size_t j = 0; j < d; j++) {
        size_t p;
        if (!(w[j] > 0) || (m == max && w[j] <= w[cols[m - 1]]))
            continue;
        p = m < max ? m++ : m - 1;
        while (p > 0 && w[cols[p - 1]] < w[j]) {
            cols[p] = cols[p - 1];
            p--;
        }
        cols[p] = j;
    }
    return m;
}

/* Whether word column j is covered by a pair among cand[0..m) that holds
 * it and weighs at least two thirds as much. */
static bool subsumed(const mct_themes *t, const double *w, size_t j,
                     const size_t *cand, size_t m)
{
    const char *k = mct__strtab_str(&t->v.keys, t->v.col_id[j]);
    size_t kl = strlen(k);
    if (strchr(k, ' '))
        return false;
    for (size_t q = 0; q < m; q++) {
        const char *p = mct__strtab_str(&t->v.keys, t->v.col_id[cand[q]]);
        const char *sp = strchr(p, ' ');
        if (!sp || 3 * w[cand[q]] < 2 * w[j])
            continue;
        if (((size_t)(sp - p) == kl && !memcmp(p, k, kl)) || !strcmp(sp + 1, k))
            return true;
    }
    return false;
}

static size_t top_filtered(const mct_themes *t, const double *w, size_t max,
                           size_t *cols);

size_t mct__themes_top_cols(const mct_themes *t, size_t c, size_t max,
                            size_t *cols)
{
    return top_filtered(t, t->memb + c * t->d, max, cols);
}

/* The top max columns of weights w, words covered by pairs left out. */
static size_t top_filtered(const mct_themes *t, const double *w, size_t max,
                           size_t *cols)
{
    size_t want = 3 * max + 8, m, out = 0;
    size_t *cand = mct__alloc_array(want, sizeof *cand);
    if (!cand)
        return 0;
    m = top_raw(w, t->d, want, cand);
    for (size_t q = 0; q < m && out < max; q++)
        if (!subsumed(t, w, cand[q], cand, m))
            cols[out++] = cand[q];
    mct__free(cand);
    return out;
}

size_t mct_themes_group_terms(const mct_themes *t, const int *group, size_t n,
                              int g, size_t max, const char **terms,
                              double *scores)
{
    mct_csr_view v = mct_csr_get(t ? t->X : NULL);
    size_t *all, *in, n_all = 0, n_in = 0, m = 0, *cols;
    double *sc;
    if (!t || !t->X || !group || n != t->n || !max)
        return 0;
    all = mct__calloc(t->d + 1, sizeof *all);
    in = mct__calloc(t->d + 1, sizeof *in);
    sc = mct__calloc(t->d + 1, sizeof *sc);
    cols = mct__alloc_array(max, sizeof *cols);
    if (all && in && sc && cols) {
        for (size_t i = 0; i < n; i++) {
            if (group[i] < 0 || v.indptr[i] == v.indptr[i + 1])
                continue;
            n_all++;
            n_in += group[i] == g;
            for (size_t q = v.indptr[i]; q < v.indptr[i + 1]; q++) {
                all[v.indices[q]]++;
                in[v.indices[q]] += group[i] == g;
            }
        }
        /* p_g ln(p_g / p): frequent in the group and rarer elsewhere. */
        for (size_t j = 0; n_in && j < t->d; j++)
            if (in[j] >= 2) {
                double pg = (double)in[j] / (double)n_in;
                double p = (double)all[j] / (double)n_all;
                sc[j] = pg * log(pg / p);
            }
        m = top_filtered(t, sc, max, cols);
        for (size_t q = 0; q < m; q++) {
            if (terms)
                terms[q] = t->v.label[cols[q]];
            if (scores)
                scores[q] = sc[cols[q]];
        }
    }
    mct__free(all);
    mct__free(in);
    mct__free(sc);
    mct__free(cols);
    return m;
}

size_t mct_themes_top_terms(const mct_themes *t, size_t c, size_t max,
                            const char **terms, double *weights)
{
    size_t *cols, m;
    if (!t || !t->memb || c >= t->k || !max)
        return 0;
    if (!(cols = mct__alloc_array(max, sizeof *cols)))
        return 0;
    m = mct__themes_top_cols(t, c, max, cols);
    for (size_t q = 0; q < m; q++) {
        if (terms)
            terms[q] = t->v.label[cols[q]];
        if (weights)
            weights[q] = t->memb[c * t->d + cols[q]];
    }
    mct__free(cols);
    return m;
}

size_t mct_themes_top_records(const mct_themes *t, size_t c, size_t max,
                              size_t *rec)
{
    size_t m = 0;
    if (!t || !t->labels || c >= t->k || !rec)
        return 0;
    for (size_t i = 0; i < t->n; i++) {
        double s = t->sims[i * t->k + c];
        size_t p;
        if (t->labels[i] != (int)c ||
            (m == max && s <= t->sims[rec[m - 1] * t->k + c]) || !max)
            continue;
        p = m < max ? m++ : m - 1;
        while (p > 0 && t->sims[rec[p - 1] * t->k + c] < s) {
            rec[p] = rec[p - 1];
            p--;
        }
        rec[p] = i;
    }
    return m;
}

size_t mct_themes_n_seed_terms(const mct_themes *t, size_t c)
{
    if (!t || !t->cov || !t->info || c >= t->k)
        return 0;
    return t->n_cov[t->info[c].seed];
}

mct_status mct_themes_seed_term(const mct_themes *t, size_t c, size_t j,
                                mct_seed_term *out)
{
    const mct__seed_cov *cv;
    if (!out || j >= mct_themes_n_seed_terms(t, c))
        return MCT_EINVAL;
    cv = &t->cov[t->info[c].seed][j];
    out->term = cv->term;
    out->status = cv->status;
    out->records = cv->records;
    out->occurrences = cv->occurrences;
    return MCT_OK;
}

mct_status mct_themes_agreement(const mct_themes *t, const int *other,
                                double *nmi, double *ari)
{
    if (!t || !t->labels || !other)
        return MCT_EINVAL;
    return mct_partition_agreement(t->labels, other, t->n, nmi, ari);
}

const mct_csr *mct_themes_features(const mct_themes *t)
{
    return t ? t->X : NULL;
}

const char *mct_themes_term(const mct_themes *t, size_t j)
{
    return t && j < t->d ? t->v.label[j] : NULL;
}

const double *mct_themes_seed_vectors(const mct_themes *t)
{
    return t ? t->seedv : NULL;
}

double mct_themes_objective(const mct_themes *t) { return t ? t->objective : 0; }

double mct_themes_lambda(const mct_themes *t) { return t ? t->lambda : 0; }

/* The rows of X then those of Y, as one matrix. */
static mct_status stack(const mct_csr *X, const mct_csr *Y, mct_csr **out)
{
    mct_csr_view a = mct_csr_get(X), b = mct_csr_get(Y);
    size_t n = a.n_rows + b.n_rows, nnz = a.nnz + b.nnz;
    size_t *ptr = mct__alloc_array(n + 1, sizeof *ptr);
    uint32_t *ind = mct__alloc_array(nnz + 1, sizeof *ind);
    double *val = mct__alloc_array(nnz + 1, sizeof *val);
    if (!ptr || !ind || !val) {
        mct__free(ptr);
        mct__free(ind);
        mct__free(val);
        return MCT_ENOMEM;
    }
    memcpy(ptr, a.indptr, (a.n_rows + 1) * sizeof *ptr);
    for (size_t i = 1; i <= b.n_rows; i++)
        ptr[a.n_rows + i] = a.nnz + b.indptr[i];
    if (a.nnz) {
        memcpy(ind, a.indices, a.nnz * sizeof *ind);
        memcpy(val, a.data, a.nnz * sizeof *val);
    }
    if (b.nnz) {
        memcpy(ind + a.nnz, b.indices, b.nnz * sizeof *ind);
        memcpy(val + a.nnz, b.data, b.nnz * sizeof *val);
    }
    /* The matrix takes the arrays only when it is made. */
    if (mct__csr_wrap(n, a.n_cols, ptr, ind, val, out)) {
        mct__free(ptr);
        mct__free(ind);
        mct__free(val);
        return MCT_ENOMEM;
    }
    return MCT_OK;
}

mct_status mct_themes_extend(mct_themes *t, const mct_records *r)
{
    size_t m = mct_records_count(r), n, k;
    mct_csr *X = NULL;
    int *lab;
    double *sims;
    mct_status rc;
    if (!t || !r || !t->cent)
        return MCT_EINVAL;
    n = t->n;
    k = t->k;
    if (!(lab = mct__realloc(t->labels, (n + m + 1) * sizeof *lab)))
        return MCT_ENOMEM;
    t->labels = lab;
    if (!(sims = mct__realloc(t->sims, ((n + m) * k + 1) * sizeof *sims)))
        return MCT_ENOMEM;
    t->sims = sims;
    if ((rc = mct_themes_assign(t, r, lab + n, sims + n * k)))
        return rc;
    {
        mct_csr *Y = NULL;
        if ((rc = mct__themes_transform(t, r, &Y)) || (rc = stack(t->X, Y, &X))) {
            mct_csr_free(Y);
            return rc;
        }
        mct_csr_free(Y);
    }
    mct_csr_free(t->X);
    t->X = X;
    for (size_t i = n; i < n + m; i++)
        if (lab[i] >= 0)
            t->info[lab[i]].records++;
    t->n = n + m;
    return MCT_OK;
}

mct_status mct_themes_assign(mct_themes *t, const mct_records *r,
                             int *labels, double *sims)
{
    mct_csr *X = NULL;
    mct_csr_view v;
    mct_status rc;
    if (!t || !r || !labels || !t->cent)
        return MCT_EINVAL;
    if ((rc = mct__themes_transform(t, r, &X)))
        return rc;
    v = mct_csr_get(X);
    for (size_t i = 0; i < v.n_rows; i++) {
        int best = -1;
        double bs = 0;
        bool tie = true;
        double first = 0;
        for (size_t c = 0; c < t->k; c++) {
            double s = 0;
            for (size_t q = v.indptr[i]; q < v.indptr[i + 1]; q++)
                s += v.data[q] * t->cent[c * t->d + v.indices[q]];
            if (sims)
                sims[i * t->k + c] = s;
            if (!c)
                first = s;
            tie &= s == first;
            if (v.indptr[i] < v.indptr[i + 1] && (best < 0 || s > bs)) {
                best = (int)c;
                bs = s;
            }
        }
        /* As in the fit: equally close to every theme is none. */
        labels[i] = tie && t->k > 1 ? -1 : best;
    }
    mct_csr_free(X);
    return MCT_OK;
}

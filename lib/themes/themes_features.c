/*
 * themes_features.c - what the themes are found in: the terms of each
 * record's title, author keywords and abstract, their TF-IDF weights,
 * and the seed vectors of a themes file in the same space.
 */
#include <math.h>
#include <stdlib.h>

#include "mct_csr.h"
#include "themes_internal.h"

enum { P_TITLE, P_KEYWORDS, P_ABSTRACT, N_PARTS };

/* A term of one part of one record and how often it occurs there. */
typedef struct tc {
    uint32_t id, count;
} tc;

/* The parts of every record: entries [ptr[i*3+p], ptr[i*3+p+1]). */
typedef struct parts {
    tc *e;
    size_t n_e, cap_e;
    size_t *ptr; /* 3 n + 1 */
} parts;

typedef struct collector {
    mct__vocab *v;
    bool frozen;         /* look terms up, never add (transform) */
    mct__strtab surf;    /* spellings, for labels */
    uint64_t *ts;        /* id << 32 | spelling */
    size_t n_ts, cap_ts;
    uint32_t *ids;       /* the current part's terms */
    size_t n_ids, cap_ids;
    size_t rec;          /* current record + 1 */
} collector;

static mct_status vocab_room(mct__vocab *v, size_t need)
{
    size_t c = v->cap, c2 = v->cap, c3 = v->cap;
    mct_status rc;
    if (need <= v->cap)
        return MCT_OK;
    if ((rc = mct__grow((void **)&v->df, &c, need, sizeof *v->df)) ||
        (rc = mct__grow((void **)&v->occ, &c2, need, sizeof *v->occ)) ||
        (rc = mct__grow((void **)&v->last, &c3, need, sizeof *v->last)))
        return rc;
    for (size_t i = v->cap; i < c; i++)
        v->df[i] = v->occ[i] = v->last[i] = 0;
    v->cap = c;
    return MCT_OK;
}

static mct_status on_term(void *u, const char *key, size_t kl,
                          const char *surface, size_t sl, unsigned words)
{
    collector *c = u;
    mct__vocab *v = c->v;
    uint32_t id, s;
    bool added = false;
    mct_status rc;
    (void)words;
    if (c->frozen) {
        long f = mct__strtab_find(&v->keys, key, kl, mct__hash(key, kl));
        if (f < 0 || v->col[f] < 0)
            return MCT_OK;
        id = (uint32_t)f;
    } else {
        if ((rc = mct__strtab_intern(&v->keys, key, kl, mct__hash(key, kl),
                                     &id, &added)) ||
            (rc = vocab_room(v, id + 1)) ||
            (rc = mct__strtab_intern(&c->surf, surface, sl,
                                     mct__hash(surface, sl), &s, NULL)) ||
            (rc = mct__grow((void **)&c->ts, &c->cap_ts, c->n_ts + 1,
                            sizeof *c->ts)))
            return rc;
        c->ts[c->n_ts++] = (uint64_t)id << 32 | s;
        v->occ[id]++;
        if (v->last[id] != c->rec) {
            v->last[id] = c->rec;
            v->df[id]++;
        }
    }
    if ((rc = mct__grow((void **)&c->ids, &c->cap_ids, c->n_ids + 1,
                        sizeof *c->ids)))
        return rc;
    c->ids[c->n_ids++] = id;
    return MCT_OK;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Closes a part: its terms, sorted and counted, join the entries. */
static mct_status end_part(collector *c, parts *P, size_t slot)
{
    if (c->n_ids)
        qsort(c->ids, c->n_ids, sizeof *c->ids, u32_cmp);
    for (size_t i = 0; i < c->n_ids;) {
        size_t j = i;
        while (j < c->n_ids && c->ids[j] == c->ids[i])
            j++;
        if (mct__grow((void **)&P->e, &P->cap_e, P->n_e + 1, sizeof *P->e))
            return MCT_ENOMEM;
        P->e[P->n_e].id = c->ids[i];
        P->e[P->n_e++].count = (uint32_t)(j - i);
        i = j;
    }
    c->n_ids = 0;
    P->ptr[slot + 1] = P->n_e;
    return MCT_OK;
}

/* The three parts of every record, through the phraser. */
static mct_status collect(mct_themes *t, const mct_records *r, collector *c,
                          parts *P)
{
    size_t n = mct_records_count(r);
    mct_status rc = MCT_OK;
    if (!(P->ptr = mct__calloc(3 * n + 1, sizeof *P->ptr)))
        return MCT_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        const mct_record *x = mct_records_get(r, i);
        c->rec = i + 1;
        rc = mct__phraser_text(t->ph, x->title, strlen(x->title), on_term, c);
        if (!rc)
            rc = end_part(c, P, 3 * i + P_TITLE);
        for (size_t k = 0; k < x->n_keywords && !rc; k++)
            rc = mct__phraser_phrase(t->ph, x->keywords[k],
                                     strlen(x->keywords[k]), on_term, c);
        if (!rc)
            rc = end_part(c, P, 3 * i + P_KEYWORDS);
        if (!rc)
            rc = mct__phraser_text(t->ph, x->abstract, strlen(x->abstract),
                                   on_term, c);
        if (!rc)
            rc = end_part(c, P, 3 * i + P_ABSTRACT);
    }
    return rc;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Feature columns (terms in min_df records or more, in order of first
 * appearance), their idf and their labels (most frequent spelling, ties
 * to the smaller string). */
static mct_status columns(mct_themes *t, collector *c, size_t min_df)
{
    mct__vocab *v = &t->v;
    size_t nt = v->keys.n, *best_n;
    long *best;
    if (!(v->col = mct__alloc_array(nt + 1, sizeof *v->col)) ||
        !(v->col_id = mct__alloc_array(nt + 1, sizeof *v->col_id)))
        return MCT_ENOMEM;
    v->n_cols = 0;
    for (size_t i = 0; i < nt; i++) {
        v->col[i] = v->df[i] >= min_df ? (long)v->n_cols : -1;
        if (v->col[i] >= 0)
            v->col_id[v->n_cols++] = (uint32_t)i;
    }
    if (!(v->idf = mct__alloc_array(v->n_cols + 1, sizeof *v->idf)) ||
        !(v->label = mct__calloc(v->n_cols + 1, sizeof *v->label)))
        return MCT_ENOMEM;
    for (size_t j = 0; j < v->n_cols; j++)
        v->idf[j] = log((1.0 + (double)t->n) /
                        (1.0 + (double)v->df[v->col_id[j]])) + 1.0;
    best = mct__alloc_array(nt + 1, sizeof *best);
    best_n = mct__calloc(nt + 1, sizeof *best_n);
    if (!best || !best_n) {
        mct__free(best);
        mct__free(best_n);
        return MCT_ENOMEM;
    }
    if (c->n_ts)
        qsort(c->ts, c->n_ts, sizeof *c->ts, u64_cmp);
    for (size_t i = 0; i < nt; i++)
        best[i] = -1;
    for (size_t a = 0, b; a < c->n_ts; a = b) {
        uint32_t id = (uint32_t)(c->ts[a] >> 32), s = (uint32_t)c->ts[a];
        for (b = a; b < c->n_ts && c->ts[b] == c->ts[a]; b++)
            ;
        if (best[id] < 0 || b - a > best_n[id]) {
            best[id] = s;
            best_n[id] = b - a;
        }
    }
    for (size_t j = 0; j < v->n_cols; j++) {
        const char *l = mct__strtab_str(&c->surf, (uint32_t)best[v->col_id[j]]);
        if (!(v->label[j] = mct__arena_strndup(&v->arena, l, strlen(l)))) {
            mct__free(best);
            mct__free(best_n);
            return MCT_ENOMEM;
        }
    }
    mct__free(best);
    mct__free(best_n);
    return MCT_OK;
}

/* Adds the unit-length TF-IDF vector of entries e[a..b) times w into acc
 * (touched columns listed in cols). */
static void add_part(const mct_themes *t, const tc *e, size_t a, size_t b,
                     double w, double *acc, uint32_t *cols, size_t *nc)
{
    double norm = 0;
    if (w <= 0)
        return;
    for (size_t q = a; q < b; q++) {
        long j = t->v.col[e[q].id];
        double x;
        if (j < 0)
            continue;
        x = (1.0 + log((double)e[q].count)) * t->v.idf[j];
        norm += x * x;
    }
    if (!(norm > 0))
        return;
    norm = w / sqrt(norm);
    for (size_t q = a; q < b; q++) {
        long j = t->v.col[e[q].id];
        if (j < 0)
            continue;
        if (acc[j] == 0)
            cols[(*nc)++] = (uint32_t)j;
        acc[j] += (1.0 + log((double)e[q].count)) * t->v.idf[j] * norm;
    }
}

/* The rows: the parts' unit vectors, weighted, summed and scaled to unit
 * length. */
static mct_status rows(const mct_themes *t, const parts *P, size_t n,
                       mct_csr **out)
{
    const double w[N_PARTS] = {t->o.title_weight, t->o.keywords_weight,
                               t->o.abstract_weight};
    size_t d = t->v.n_cols, nnz = 0;
    double *acc = mct__calloc(d + 1, sizeof *acc), *val = NULL;
    uint32_t *cols = mct__alloc_array(P->n_e + 1, sizeof *cols), *ind = NULL;
    size_t *ptr = mct__calloc(n + 1, sizeof *ptr);
    if (!acc || !cols || !ptr ||
        !(ind = mct__alloc_array(P->n_e + 1, sizeof *ind)) ||
        !(val = mct__alloc_array(P->n_e + 1, sizeof *val)))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        size_t nc = 0;
        double norm = 0;
        for (int p = 0; p < N_PARTS; p++)
            add_part(t, P->e, P->ptr[3 * i + (size_t)p],
                     P->ptr[3 * i + (size_t)p + 1], w[p], acc, cols, &nc);
        if (nc)
            qsort(cols, nc, sizeof *cols, u32_cmp);
        for (size_t q = 0; q < nc; q++)
            norm += acc[cols[q]] * acc[cols[q]];
        norm = norm > 0 ? 1.0 / sqrt(norm) : 0;
        for (size_t q = 0; q < nc; q++) {
            ind[nnz] = cols[q];
            val[nnz++] = acc[cols[q]] * norm;
            acc[cols[q]] = 0;
        }
        ptr[i + 1] = nnz;
    }
    mct__free(acc);
    mct__free(cols);
    /* The matrix takes the arrays only when it is made. */
    if (mct__csr_wrap(n, d, ptr, ind, val, out)) {
        mct__free(ptr);
        mct__free(ind);
        mct__free(val);
        return MCT_ENOMEM;
    }
    return MCT_OK;
nomem:
    mct__free(acc);
    mct__free(cols);
    mct__free(ptr);
    mct__free(ind);
    mct__free(val);
    return MCT_ENOMEM;
}

static void collector_free(collector *c, parts *P)
{
    mct__strtab_destroy(&c->surf);
    mct__free(c->ts);
    mct__free(c->ids);
    mct__free(P->e);
    mct__free(P->ptr);
}

mct_status mct__themes_features(mct_themes *t, const mct_records *r,
                                mct_diag *diag)
{
    collector c;
    parts P;
    mct_status rc;
    size_t min_df;
    memset(&c, 0, sizeof c);
    memset(&P, 0, sizeof P);
    c.v = &t->v;
    t->n = mct_records_count(r);
    min_df = t->o.min_df ? t->o.min_df : t->n >= 20 ? 2 : 1;
    if ((rc = mct__strtab_init(&t->v.keys, 4096)) ||
        (rc = mct__strtab_init(&c.surf, 4096)) ||
        (rc = collect(t, r, &c, &P))) {
        if (rc == MCT_EUTF8)
            mct__diag(diag, 0, 0, "record %zu: invalid UTF-8", c.rec);
        goto out;
    }
    if ((rc = columns(t, &c, min_df)) || (rc = rows(t, &P, t->n, &t->X)))
        goto out;
    t->d = t->v.n_cols;
out:
    collector_free(&c, &P);
    return rc;
}

mct_status mct__themes_transform(mct_themes *t, const mct_records *r,
                                 mct_csr **out)
{
    collector c;
    parts P;
    mct_status rc;
    memset(&c, 0, sizeof c);
    memset(&P, 0, sizeof P);
    c.v = &t->v;
    c.frozen = true;
    if (!(rc = collect(t, r, &c, &P)))
        rc = rows(t, &P, mct_records_count(r), out);
    collector_free(&c, &P);
    return rc;
}

/* ---- seeds ------------------------------------------------------------------ */

/* The terms a seed phrase gives, and which of them counts for coverage
 * (the one of most words). */
typedef struct seedterms {
    mct_themes *t;
    double *vec;         /* d: counts of feature columns */
    long main_id;        /* vocabulary id of the main term, or -1 */
    unsigned main_words; /* its number of words; 0 when none */
} seedterms;

static mct_status on_seed_term(void *u, const char *key, size_t kl,
                               const char *surface, size_t sl, unsigned words)
{
    seedterms *s = u;
    long id = mct__strtab_find(&s->t->v.keys, key, kl, mct__hash(key, kl));
    (void)surface;
    (void)sl;
    if (words >= s->main_words) {
        s->main_words = words;
        s->main_id = id;
    }
    if (id >= 0 && s->t->v.col[id] >= 0)
        s->vec[s->t->v.col[id]] += 1;
    return MCT_OK;
}

/* counts -> unit-length sublinear TF-IDF, in place; false when zero. */
static bool weigh(const mct_themes *t, double *x)
{
    double norm = 0;
    for (size_t j = 0; j < t->d; j++)
        if (x[j] > 0) {
            x[j] = (1.0 + log(x[j])) * t->v.idf[j];
            norm += x[j] * x[j];
        }
    if (!(norm > 0))
        return false;
    norm = 1.0 / sqrt(norm);
    for (size_t j = 0; j < t->d; j++)
        x[j] *= norm;
    return true;
}

/* Seed c's terms: their vector into s->vec, their coverage into t. */
static mct_status seed_terms(mct_themes *t, size_t c, const mct_theme_seed *sd,
                             seedterms *s)
{
    mct_status rc;
    if (!(t->cov[c] = mct__calloc(sd->n_terms + 1, sizeof *t->cov[c])))
        return MCT_ENOMEM;
    t->n_cov[c] = sd->n_terms;
    for (size_t j = 0; j < sd->n_terms; j++) {
        mct__seed_cov *cv = &t->cov[c][j];
        s->main_id = -1;
        s->main_words = 0;
        if ((rc = mct__phraser_phrase(t->ph, sd->terms[j],
                                      strlen(sd->terms[j]), on_seed_term, s)))
            return rc;
        if (!(cv->term = mct__arena_strndup(&t->arena, sd->terms[j],
                                            strlen(sd->terms[j]))))
            return MCT_ENOMEM;
        if (!s->main_words) {
            cv->status = MCT_SEED_TERM_STATUS_EXCLUDED;
            continue;
        }
        if (s->main_id >= 0) {
            cv->records = t->v.df[s->main_id];
            cv->occurrences = t->v.occ[s->main_id];
        }
        cv->status = s->main_id >= 0 && t->v.col[s->main_id] >= 0
                         ? MCT_SEED_TERM_STATUS_FOUND
                         : MCT_SEED_TERM_STATUS_ABSENT;
    }
    return MCT_OK;
}

static void unit(double *x, size_t d)
{
    double norm = 0;
    for (size_t j = 0; j < d; j++)
        norm += x[j] * x[j];
    norm = norm > 0 ? 1.0 / sqrt(norm) : 0;
    for (size_t j = 0; j < d; j++)
        x[j] *= norm;
}

mct_status mct__themes_seeds(mct_themes *t, const mct_theme_seeds *sds,
                             mct_diag *diag)
{
    size_t d = t->d;
    double *desc = mct__calloc(d + 1, sizeof *desc);
    seedterms s;
    mct_status rc = MCT_ENOMEM;
    if (!desc || !(t->seedv = mct__calloc(t->k * d + 1, sizeof *t->seedv)) ||
        !(t->cov = mct__calloc(t->k, sizeof *t->cov)) ||
        !(t->n_cov = mct__calloc(t->k, sizeof *t->n_cov)))
        goto out;
    s.t = t;
    for (size_t c = 0; c < t->k; c++) {
        mct_theme_seed sd;
        bool has_terms, has_desc;
        mct_theme_seeds_get(sds, c, &sd);
        s.vec = t->seedv + c * d;
        if ((rc = seed_terms(t, c, &sd, &s)))
            goto out;
        memset(desc, 0, d * sizeof *desc);
        s.vec = desc;
        if ((rc = mct__phraser_text(t->ph, sd.description,
                                    strlen(sd.description), on_seed_term, &s)))
            goto out;
        has_terms = weigh(t, t->seedv + c * d);
        has_desc = t->o.description_weight > 0 && weigh(t, desc);
        if (!has_terms && !has_desc) {
            mct__diag(diag, 0, 0, "theme %zu (\"%.60s\"): none of its seed "
                                  "terms occurs in the records",
                      c + 1, sd.name);
            rc = MCT_EEMPTY;
            goto out;
        }
        for (size_t j = 0; has_desc && j < d; j++)
            t->seedv[c * d + j] += t->o.description_weight * desc[j];
        unit(t->seedv + c * d, d);
    }
    rc = MCT_OK;
out:
    mct__free(desc);
    return rc;
}

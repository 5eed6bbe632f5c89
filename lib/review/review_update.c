/*
 * review_update.c - reviews that live: the state a review leaves behind
 * (every kept record with its fate, and the map of the included ones) and
 * the earlier review an update starts from (mct_review.h).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>

#include "mapfile.h"
#include "numfmt.h"
#include "records.h"
#include "review_internal.h"

struct mct_review_prior {
    mct_records *r;       /* the earlier review's kept records */
    mct_fate *fate;       /* per record */
    char **reason;        /* per record (NULL for the included) */
    double *map;          /* per included record x, y; NULL when none */
    size_t n, n_included;
    /* The themes were fitted on the first n_fit included records (the
     * first review's); later ones were placed in them. */
    size_t n_fit;
    bool fit_given;       /* some record said whether it was */
};

static const char *const fate_names[] = {"included", "ineligible",
                                         "excluded"};

void mct_review_prior_free(mct_review_prior *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->reason && i < p->n; i++)
        mct__free(p->reason[i]);
    mct__free(p->reason);
    mct__free(p->fate);
    mct__free(p->map);
    mct_records_free(p->r);
    mct__free(p);
}

/* ---- writing ------------------------------------------------------------- */

typedef struct writing {
    const mct_review *rv;
    size_t included;      /* included records met so far */
    size_t n_fit;         /* of those, the first n_fit fitted the themes */
} writing;

/* A number that reads back to the same double: cJSON prints 15 digits
 * when they come close enough, and the map's places must not move. The
 * shortest such decimal (numfmt.c); JSON has no inf or nan, and a map
 * holds none. */
static bool exact(cJSON *o, const char *key, double v)
{
    mct__num b;
    return cJSON_AddRawToObject(o, key, mct__dstr(&b, v)) != NULL;
}

static bool state_fields(void *user, size_t k, struct cJSON *o)
{
    writing *w = user;
    const char *why;
    mct_fate f = mct_screening_fate(w->rv->sc, k, &why);
    if (!cJSON_AddStringToObject(o, "fate", fate_names[f]) ||
        (why && !cJSON_AddStringToObject(o, "reason", why)))
        return false;
    if (f != MCT_FATE_INCLUDED)
        return true;
    if (!cJSON_AddBoolToObject(o, "theme_fit", w->included < w->n_fit))
        return false;
    if (w->rv->map && (!exact(o, "x", w->rv->map[2 * w->included]) ||
                       !exact(o, "y", w->rv->map[2 * w->included + 1])))
        return false;
    w->included++;
    return true;
}

mct_status mct_review_write_state(const mct_review *rv, const char *path,
                                  mct_diag *diag)
{
    writing w = {rv, 0, (size_t)-1};
    mct_diag_clear(diag);
    if (!rv || !path)
        return MCT_EINVAL;
    if (!rv->sc)
        return MCT_ESTATE;
    if (rv->o.prior)
        w.n_fit = rv->o.prior->n_fit;
    return mct__records_write_jsonl_with(mct_screening_kept(rv->sc), path,
                                         state_fields, &w, diag);
}

/* ---- reading ----------------------------------------------------------------- */

/* Whether an included record fitted the themes: those that did come
 * first (a state without the flag: all did). */
static mct_status theme_fit(mct_review_prior *p, const cJSON *fit,
                            size_t line, mct_diag *diag)
{
    bool yes = !cJSON_IsBool(fit) || cJSON_IsTrue(fit);
    p->fit_given |= cJSON_IsBool(fit);
    if (yes && p->n_fit < p->n_included) {
        mct__diag(diag, line, 0, "\"theme_fit\": true after a record "
                                 "placed in the themes");
        return MCT_EPARSE;
    }
    p->n_fit += yes;
    return MCT_OK;
}

/* The fate, reason and place of a record from its JSON object. */
static mct_status line_state(mct_review_prior *p, size_t i, const cJSON *o,
                             size_t line, mct_diag *diag)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "fate");
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(o, "reason");
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "x");
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "y");
    int k = -1;
    mct_status rc;
    for (int q = 0; q < 3 && cJSON_IsString(f); q++)
        if (!strcmp(f->valuestring, fate_names[q]))
            k = q;
    if (k < 0) {
        mct__diag(diag, line, 0, "expected \"fate\": \"included\", "
                                 "\"ineligible\" or \"excluded\"");
        return MCT_EPARSE;
    }
    p->fate[i] = (mct_fate)k;
    if (cJSON_IsString(why) && !(p->reason[i] = mct__strdup(why->valuestring)))
        return MCT_ENOMEM;
    if (k != MCT_FATE_INCLUDED)
        return MCT_OK;
    if ((rc = theme_fit(p, cJSON_GetObjectItemCaseSensitive(o, "theme_fit"),
                        line, diag)))
        return rc;
    if (cJSON_IsNumber(x) && cJSON_IsNumber(y) && isfinite(x->valuedouble) &&
        isfinite(y->valuedouble) && p->map) {
        p->map[2 * p->n_included] = x->valuedouble;
        p->map[2 * p->n_included + 1] = y->valuedouble;
    } else {
        /* A state without a map: the update makes a new one. */
        mct__free(p->map);
        p->map = NULL;
    }
    p->n_included++;
    return MCT_OK;
}

/* Every record's state, from the line it was read from. */
static mct_status states(mct_review_prior *p, const char *data, size_t len,
                         mct_diag *diag)
{
    size_t at = 0, line = 1;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        at = 3;
    for (size_t i = 0; i < p->n; i++) {
        size_t want = mct_records_get(p->r, i)->line, end;
        const char *nl;
        cJSON *o;
        mct_status rc;
        while (line < want && at < len) {
            nl = memchr(data + at, '\n', len - at);
            at = nl ? (size_t)(nl - data) + 1 : len;
            line++;
        }
        nl = memchr(data + at, '\n', len - at);
        end = nl ? (size_t)(nl - data) : len;
        if (!(o = cJSON_ParseWithLength(data + at, end - at)))
            return MCT_ENOMEM; /* it parsed as a record just before */
        rc = line_state(p, i, o, want, diag);
        cJSON_Delete(o);
        if (rc)
            return rc;
    }
    return MCT_OK;
}

mct_status mct_review_prior_parse(const char *data, size_t len,
                                  const char *name, mct_review_prior **out,
                                  mct_diag *diag)
{
    mct_review_prior *p;
    mct_status rc;
    mct_diag_clear(diag);
    if (!out || (!data && len))
        return MCT_EINVAL;
    *out = NULL;
    if (!(p = mct__calloc(1, sizeof *p)))
        return MCT_ENOMEM;
    if ((rc = mct_records_new(&p->r)) ||
        (rc = mct_records_parse(p->r, data, len, name, MCT_FORMAT_JSONL, &p->n,
                                diag)))
        goto fail;
    rc = MCT_ENOMEM;
    if (!(p->fate = mct__calloc(p->n + 1, sizeof *p->fate)) ||
        !(p->reason = mct__calloc(p->n + 1, sizeof *p->reason)) ||
        !(p->map = mct__alloc_array(2 * p->n + 1, sizeof *p->map)))
        goto fail;
    if ((rc = states(p, data, len, diag)))
        goto fail;
    *out = p;
    return MCT_OK;
fail:
    mct_review_prior_free(p);
    return rc;
}

mct_status mct_review_prior_read(const char *path, mct_review_prior **out,
                                 mct_diag *diag)
{
    mct__mapped m;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    if ((rc = mct__map_file(path, &m, diag)))
        return rc;
    rc = mct_review_prior_parse(m.data, m.len, path, out, diag);
    mct__unmap_file(&m);
    return rc;
}

size_t mct_review_prior_count(const mct_review_prior *p)
{
    return p ? p->n : 0;
}

size_t mct_review_prior_included(const mct_review_prior *p)
{
    size_t n = 0;
    for (size_t i = 0; p && i < p->n; i++)
        n += p->fate[i] == MCT_FATE_INCLUDED;
    return n;
}

const mct_records *mct_review_prior_records(const mct_review_prior *p)
{
    return p ? p->r : NULL;
}

/* ---- for the stages ---------------------------------------------------------- */

/* Whether two records are the same, as far as their text goes. */
static bool same(const mct_record *a, const mct_record *b)
{
    return !strcmp(a->id ? a->id : "", b->id ? b->id : "") &&
           !strcmp(a->title ? a->title : "", b->title ? b->title : "") &&
           a->year == b->year;
}

mct_status mct__review_prior_opts(const mct_review *rv, const mct_records *all,
                                  mct_screen_opts *so, mct_diag *diag)
{
    const mct_review_prior *p = rv->o.prior;
    bool ok = mct_records_count(all) >= p->n;
    for (size_t i = 0; ok && i < p->n; i++)
        ok = same(mct_records_get(all, i), mct_records_get(p->r, i));
    if (!ok) {
        mct__diag(diag, 0, 0, "the records do not begin with the earlier "
                              "review's %zu (mct_review_prior_records)",
                  p->n);
        return MCT_EINVAL;
    }
    so->n_prior = p->n;
    so->prior_fate = p->fate;
    so->prior_reason = (const char *const *)p->reason;
    return MCT_OK;
}

bool mct__review_keeps_map(const mct_review *rv)
{
    const mct_review_prior *p = rv->o.prior;
    return p && p->map && p->n_included >= 2;
}

/* Records first..first+n-1 of r, as a set of their own. */
static mct_status slice(const mct_records *r, size_t first, size_t n,
                        mct_records **out)
{
    mct_status rc = mct_records_new(out);
    for (size_t i = first; !rc && i < first + n; i++)
        rc = mct_records_add(*out, mct_records_get(r, i));
    return rc;
}

/* The TF-IDF of records' titles, with v fitted on them or, when fit is
 * false, in v's vocabulary. */
static mct_status titles(mct_vectorizer *v, const mct_records *r, bool fit,
                         mct_csr **X, mct_diag *diag)
{
    mct_docs *d = NULL;
    mct_status rc;
    if (!(rc = mct_docs_new(&d)) &&
        !(rc = mct_records_to_docs(r, MCT_FIELD_TITLE, d)))
        rc = fit ? mct_vectorizer_fit_transform(v, mct_docs_texts(d),
                                                mct_docs_lengths(d),
                                                mct_docs_count(d), X, diag)
                 : mct_vectorizer_transform(v, mct_docs_texts(d),
                                            mct_docs_lengths(d),
                                            mct_docs_count(d), X, diag);
    mct_docs_free(d);
    return rc;
}

mct_status mct__review_update_map(mct_review *rv, const mct_records *inc,
                                  mct_diag *diag)
{
    const mct_review_prior *p = rv->o.prior;
    size_t n = mct_records_count(inc), m = n - p->n_included;
    mct_records *old = NULL, *fresh = NULL;
    mct_vectorizer *v = NULL;
    mct_csr *X = NULL, *Y = NULL;
    mct_tsne *t = NULL;
    mct_status rc;
    if (!(rv->map = mct__alloc_array(2 * n + 1, sizeof *rv->map)))
        return MCT_ENOMEM;
    memcpy(rv->map, p->map, 2 * p->n_included * sizeof *rv->map);
    if ((rc = slice(inc, 0, p->n_included, &old)) ||
        (rc = slice(inc, p->n_included, m, &fresh)) ||
        (rc = mct_vectorizer_new(&rv->o.map_tfidf, &v)) ||
        (rc = titles(v, old, true, &X, diag)) ||
        (rc = mct_tsne_new(&rv->o.map, &t)) ||
        (rc = mct_tsne_set_map_csr(t, X, p->map)))
        goto out;
    if (m && ((rc = titles(v, fresh, false, &Y, diag)) ||
              (rc = mct_tsne_transform_csr(t, Y, rv->map + 2 * p->n_included))))
        goto out;
    rv->map_info.terms = mct_vectorizer_n_terms(v);
    rv->map_info.kl = NAN;
    rv->map_info.perplexity = mct_tsne_perplexity_used(t);
out:
    mct_tsne_free(t);
    mct_csr_free(Y);
    mct_csr_free(X);
    mct_vectorizer_free(v);
    mct_records_free(fresh);
    mct_records_free(old);
    return rc;
}

mct_status mct__review_update_themes(mct_review *rv, const mct_records *inc,
                                     mct_diag *diag)
{
    size_t n0 = rv->o.prior->n_fit, n = mct_records_count(inc);
    mct_records *old = NULL, *fresh = NULL;
    mct_status rc;
    if (!(rc = slice(inc, 0, n0, &old)) &&
        !(rc = slice(inc, n0, n - n0, &fresh)) &&
        !(rc = mct_themes_fit(rv->th, old, rv->o.seeds, diag)) && n > n0)
        rc = mct_themes_extend(rv->th, fresh);
    mct_records_free(fresh);
    mct_records_free(old);
    return rc;
}

mct_status mct__review_prior_network(mct_review *rv, const mct_records *inc)
{
    mct_records *old = NULL;
    mct_status rc = slice(inc, 0, rv->o.prior->n_included, &old);
    if (!rc)
        rc = mct_net_build_records(&rv->o.network, old,
                                   MCT_NET_FIELD_KEYWORDS, &rv->net_prior);
    mct_records_free(old);
    return rc == MCT_EEMPTY ? MCT_OK : rc;
}

size_t mct_review_n_earlier(const mct_review *rv)
{
    return rv && rv->sc && rv->o.prior ? rv->o.prior->n_included : 0;
}

const mct_net *mct_review_keywords_before(const mct_review *rv)
{
    return rv ? rv->net_prior : NULL;
}

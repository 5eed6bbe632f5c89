/*
 * review.c - the review's stages (mct_review.h): screening, the title
 * map, the keyword network, the concept map and the themes. The
 * triangulation and the map's regions are in review_triangulate.c.
 */
#include <math.h>

#include "review_internal.h"

mct_review_opts mct_review_opts_default(void)
{
    mct_review_opts o;
    memset(&o, 0, sizeof o);
    o.screen = mct_screen_opts_default();
    o.map_tfidf = mct_vectorizer_opts_default();
    o.map = mct_tsne_opts_default();
    o.network = mct_net_opts_default();
    o.concepts = mct_concepts_opts_default();
    o.themes = mct_themes_opts_default();
    o.seed = 42;
    return o;
}

/* The review's seed and thread count in every stage. */
static void propagate(mct_review_opts *o)
{
    o->map_tfidf.n_threads = o->n_threads;
    o->map.seed = o->seed;
    o->map.n_threads = o->n_threads;
    o->network.seed = o->seed;
    o->concepts.seed = o->seed;
    o->themes.seed = o->seed;
    o->themes.n_threads = o->n_threads;
}

mct_status mct_review_new(const mct_review_opts *opts, mct_review **out)
{
    const mct_review_opts od_ = opts ? *opts : mct_review_opts_default();
    mct_review *rv;
    if (!out)
        return MCT_EINVAL;
    *out = NULL;
    if (!(rv = mct__calloc(1, sizeof *rv)))
        return MCT_ENOMEM;
    rv->o = od_;
    propagate(&rv->o);
    *out = rv;
    return MCT_OK;
}

void mct__review_clear_themes(mct_review *rv)
{
    mct_themes_free(rv->th);
    for (int p = 0; p < 4; p++)
        mct__free(rv->part[p]);
    for (size_t c = 0; c < rv->n_cat; c++)
        mct__free(rv->cat[c]);
    mct__free(rv->cat);
    mct__free(rv->region);
    rv->th = NULL;
    memset(rv->part, 0, sizeof rv->part);
    rv->cat = NULL;
    rv->n_cat = rv->n_region = 0;
    rv->region = NULL;
}

static void clear_from_map(mct_review *rv)
{
    mct__review_clear_themes(rv);
    mct_concepts_free(rv->con);
    mct_net_free(rv->net);
    mct_net_free(rv->net_prior);
    mct__free(rv->map);
    rv->con = NULL;
    rv->net = rv->net_prior = NULL;
    rv->map = NULL;
    memset(&rv->map_info, 0, sizeof rv->map_info);
}

static void clear_screening(mct_review *rv)
{
    clear_from_map(rv);
    mct_trends_free(rv->tr);
    mct_screening_free(rv->sc);
    rv->tr = NULL;
    rv->sc = NULL;
}

void mct_review_free(mct_review *rv)
{
    if (!rv)
        return;
    clear_screening(rv);
    mct__free(rv);
}

/* Tells the caller a stage starts (done 0) or ends (done 1). */
static bool stage(mct_review *rv, const char *what, size_t done)
{
    return !rv->o.progress ||
           rv->o.progress(rv->o.progress_user, what, done, 1, 0);
}

/* An update's earlier records must all still be kept: they would not be
 * if options that merge more records were given this time. */
static mct_status prior_kept(mct_review *rv, mct_diag *diag)
{
    mct_prisma p;
    size_t n = mct_review_prior_count(rv->o.prior);
    mct_screening_prisma(rv->sc, &p);
    if (p.prior == n)
        return MCT_OK;
    mct__diag(diag, 0, 0,
              "%zu of the earlier review's %zu records are duplicates of "
              "other earlier records under these options",
              n - p.prior, n);
    return MCT_EINVAL;
}

mct_status mct_review_screen(mct_review *rv, const mct_records *all,
                             mct_diag *diag)
{
    mct_screen_opts so;
    mct_status rc;
    mct_diag_clear(diag);
    if (!rv || !all)
        return MCT_EINVAL;
    clear_screening(rv);
    so = rv->o.screen;
    if (!stage(rv, "screening", 0))
        return MCT_ECANCELED;
    if (rv->o.prior && (rc = mct__review_prior_opts(rv, all, &so, diag)))
        return rc;
    if ((rc = mct_screening_new(&so, &rv->sc)) ||
        (rc = mct_screening_fit(rv->sc, all, diag)) ||
        (rv->o.prior && (rc = prior_kept(rv, diag))) ||
        (rc = mct_trends_count(mct_screening_included(rv->sc),
                               rv->o.screen.year_from, rv->o.screen.year_to,
                               &rv->tr)))
        return rc;
    if (!mct_records_count(mct_screening_included(rv->sc))) {
        mct__diag(diag, 0, 0, "no record is included");
        return MCT_EEMPTY;
    }
    return stage(rv, "screening", 1) ? MCT_OK : MCT_ECANCELED;
}

/* t-SNE's progress, passed on. */
static bool map_progress(void *user, const char *what, size_t done,
                         size_t total, double value)
{
    mct_review *rv = user;
    return rv->o.progress(rv->o.progress_user, what, done, total, value);
}

/* TF-IDF of the titles, then t-SNE. */
static mct_status title_map(mct_review *rv, const mct_records *inc,
                            mct_diag *diag)
{
    mct_docs *docs = NULL;
    mct_vectorizer *v = NULL;
    mct_csr *X = NULL;
    mct_tsne *t = NULL;
    mct_tsne_opts mo = rv->o.map;
    size_t n = mct_records_count(inc);
    mct_status rc;
    if (rv->o.progress) {
        mo.progress = map_progress;
        mo.progress_user = rv;
    }
    if ((rc = mct_docs_new(&docs)) ||
        (rc = mct_records_to_docs(inc, MCT_FIELD_TITLE, docs)) ||
        (rc = mct_vectorizer_new(&rv->o.map_tfidf, &v)) ||
        (rc = mct_vectorizer_fit_transform(v, mct_docs_texts(docs),
                                           mct_docs_lengths(docs), n, &X,
                                           diag)) ||
        (rc = mct_tsne_new(&mo, &t)) || (rc = mct_tsne_fit_csr(t, X, diag)))
        goto out;
    rc = MCT_ENOMEM;
    if (!(rv->map = mct__alloc_array(2 * n, sizeof *rv->map)))
        goto out;
    memcpy(rv->map, mct_tsne_embedding(t, NULL, NULL), 2 * n * sizeof *rv->map);
    rv->map_info.terms = mct_vectorizer_n_terms(v);
    rv->map_info.kl = mct_tsne_kl(t, &rv->map_info.kl_exact);
    rv->map_info.perplexity = mct_tsne_perplexity_used(t);
    rv->map_info.method = mct_tsne_method_used(t);
    rc = MCT_OK;
out:
    mct_tsne_free(t);
    mct_csr_free(X);
    mct_vectorizer_free(v);
    mct_docs_free(docs);
    return rc;
}

mct_status mct_review_map(mct_review *rv, mct_diag *diag)
{
    const mct_records *inc;
    mct_status rc;
    mct_diag_clear(diag);
    if (!rv)
        return MCT_EINVAL;
    if (!rv->sc)
        return MCT_ESTATE;
    inc = mct_screening_included(rv->sc);
    mct__review_clear_themes(rv);
    mct__free(rv->map);
    rv->map = NULL;
    if (mct_records_count(inc) < 2) {
        mct__diag(diag, 0, 0, "%zu included record%s; a map needs at least 2",
                  mct_records_count(inc),
                  mct_records_count(inc) == 1 ? "" : "s");
        return MCT_EEMPTY;
    }
    if (!stage(rv, "map", 0))
        return MCT_ECANCELED;
    if ((rc = mct__review_keeps_map(rv) ? mct__review_update_map(rv, inc, diag)
                                         : title_map(rv, inc, diag)))
        return rc;
    return stage(rv, "map", 1) ? MCT_OK : MCT_ECANCELED;
}

mct_status mct_review_set_map(mct_review *rv, const double *xy, size_t n)
{
    if (!rv || !xy)
        return MCT_EINVAL;
    if (!rv->sc)
        return MCT_ESTATE;
    if (n != mct_records_count(mct_screening_included(rv->sc)))
        return MCT_EINVAL;
    for (size_t i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return MCT_EINVAL;
    mct__review_clear_themes(rv);
    mct__free(rv->map);
    if (!(rv->map = mct__alloc_array(2 * n + 1, sizeof *rv->map)))
        return MCT_ENOMEM;
    memcpy(rv->map, xy, 2 * n * sizeof *xy);
    rv->map_info.terms = 0;
    rv->map_info.kl = NAN;
    rv->map_info.kl_exact = false;
    rv->map_info.perplexity = NAN;
    rv->map_info.method = MCT_TSNE_AUTO;
    return MCT_OK;
}

mct_status mct_review_network(mct_review *rv, mct_diag *diag)
{
    mct_status rc;
    mct_diag_clear(diag);
    if (!rv)
        return MCT_EINVAL;
    if (!rv->sc)
        return MCT_ESTATE;
    mct__review_clear_themes(rv);
    mct_net_free(rv->net);
    mct_net_free(rv->net_prior);
    rv->net = rv->net_prior = NULL;
    if (!stage(rv, "network", 0))
        return MCT_ECANCELED;
    rc = mct_net_build_records(&rv->o.network, mct_screening_included(rv->sc),
                               MCT_NET_FIELD_KEYWORDS, &rv->net);
    if (rc == MCT_EEMPTY)
        rc = MCT_OK; /* too few keywords: no network */
    if (!rc && rv->o.prior)
        rc = mct__review_prior_network(rv, mct_screening_included(rv->sc));
    if (rc)
        return rc;
    return stage(rv, "network", 1) ? MCT_OK : MCT_ECANCELED;
}

mct_status mct_review_concepts(mct_review *rv, mct_diag *diag)
{
    mct_concepts_opts co;
    mct_docs *d = NULL;
    mct_status rc;
    mct_diag_clear(diag);
    if (!rv)
        return MCT_EINVAL;
    if (!rv->sc)
        return MCT_ESTATE;
    mct_concepts_free(rv->con);
    rv->con = NULL;
    co = rv->o.concepts;
    if (!rv->o.keep_query_terms)
        co.exclude_terms = mct_query_terms(mct_screening_query(rv->sc),
                                           &co.n_exclude_terms);
    if (!stage(rv, "concepts", 0))
        return MCT_ECANCELED;
    if (!(rc = mct_docs_new(&d)) &&
        !(rc = mct_records_to_docs(mct_screening_included(rv->sc),
                                   MCT_FIELD_TEXT, d)))
        rc = mct_concepts_build(&co, mct_docs_texts(d), mct_docs_lengths(d),
                                mct_docs_count(d), &rv->con);
    mct_docs_free(d);
    if (rc == MCT_EEMPTY)
        rc = MCT_OK; /* too little text: no concept map */
    if (rc)
        return rc;
    return stage(rv, "concepts", 1) ? MCT_OK : MCT_ECANCELED;
}

mct_status mct_review_themes(mct_review *rv, mct_diag *diag)
{
    mct_themes_opts to;
    mct_status rc;
    mct_diag_clear(diag);
    if (!rv)
        return MCT_EINVAL;
    if (!rv->sc)
        return MCT_ESTATE;
    mct__review_clear_themes(rv);
    to = rv->o.themes;
    if (!rv->o.keep_query_terms)
        to.exclude_terms = mct_query_terms(mct_screening_query(rv->sc),
                                           &to.n_exclude_terms);
    if (!stage(rv, "themes", 0))
        return MCT_ECANCELED;
    if ((rc = mct_themes_new(&to, &rv->th)) ||
        (rc = rv->o.prior
                  ? mct__review_update_themes(rv, mct_screening_included(rv->sc),
                                              diag)
                  : mct_themes_fit(rv->th, mct_screening_included(rv->sc),
                                   rv->o.seeds, diag)) ||
        (rc = mct__review_triangulate(rv)))
        return rc;
    return stage(rv, "themes", 1) ? MCT_OK : MCT_ECANCELED;
}

mct_status mct_review_run(mct_review *rv, const mct_records *all,
                          mct_diag *diag)
{
    mct_status rc;
    if ((rc = mct_review_screen(rv, all, diag)) ||
        (rc = mct_review_map(rv, diag)) ||
        (rc = mct_review_network(rv, diag)) ||
        (rc = mct_review_concepts(rv, diag)))
        return rc;
    return mct_review_themes(rv, diag);
}

const mct_screening *mct_review_screening(const mct_review *rv)
{
    return rv ? rv->sc : NULL;
}

const mct_records *mct_review_included(const mct_review *rv)
{
    return rv && rv->sc ? mct_screening_included(rv->sc) : NULL;
}

const mct_trends *mct_review_trends(const mct_review *rv)
{
    return rv ? rv->tr : NULL;
}

const mct_net *mct_review_keywords(const mct_review *rv)
{
    return rv ? rv->net : NULL;
}

const mct_concepts *mct_review_concept_map(const mct_review *rv)
{
    return rv ? rv->con : NULL;
}

const mct_themes *mct_review_themes_found(const mct_review *rv)
{
    return rv ? rv->th : NULL;
}

const double *mct_review_map_xy(const mct_review *rv, size_t *n,
                                mct_review_map_info *info)
{
    if (n)
        *n = rv && rv->map ? mct_records_count(mct_review_included(rv)) : 0;
    if (info && rv)
        *info = rv->map_info;
    return rv ? rv->map : NULL;
}

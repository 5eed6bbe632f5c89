/*
 * review_triangulate.c - the partitions of the included records that a
 * review triangulates (themes, keyword communities, clusters of the map,
 * subject categories), their agreement, and the map's regions named by
 * their most distinctive terms.
 */
#include <math.h>

#include "mct_kmeans.h"
#include "review_internal.h"

/* Each record's first subject category, numbered in order of appearance;
 * NULL when no record has one. */
static mct_status categories(mct_review *rv, const mct_records *r, size_t n)
{
    int *cat = mct__alloc_array(n + 1, sizeof *cat);
    size_t cap = 0;
    if (!cat)
        return MCT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const mct_record *x = mct_records_get(r, i);
        size_t c = 0;
        cat[i] = -1;
        if (!x->n_categories)
            continue;
        while (c < rv->n_cat && strcmp(rv->cat[c], x->categories[0]))
            c++;
        if (c == rv->n_cat) {
            if (mct__grow((void **)&rv->cat, &cap, c + 1, sizeof *rv->cat) ||
                !(rv->cat[c] = mct__strdup(x->categories[0]))) {
                mct__free(cat);
                return MCT_ENOMEM;
            }
            rv->n_cat++;
        }
        cat[i] = (int)c;
    }
    if (rv->n_cat)
        rv->part[MCT_PARTITION_CATEGORIES] = cat;
    else
        mct__free(cat);
    return MCT_OK;
}

/* Euclidean k-means of the map, k as many as the themes. */
static mct_status map_clusters(mct_review *rv, size_t n, size_t k)
{
    mct_kmeans_opts mo = mct_kmeans_opts_default();
    mct_kmeans *mk = NULL;
    mct_status rc;
    if (!rv->map || k > n)
        return MCT_OK;
    mo.k = k;
    mo.spherical = false;
    mo.seed = rv->o.seed;
    mo.n_threads = rv->o.n_threads;
    if ((rc = mct_kmeans_fit_dense(&mo, rv->map, n, 2, NULL, &mk)))
        return rc;
    if (!(rv->part[MCT_PARTITION_MAP] = mct__alloc_array(n + 1, sizeof(int)))) {
        mct_kmeans_free(mk);
        return MCT_ENOMEM;
    }
    memcpy(rv->part[MCT_PARTITION_MAP], mct_kmeans_labels(mk, NULL),
           n * sizeof(int));
    mct_kmeans_free(mk);
    return MCT_OK;
}

/* Region c: the centre of its points and its most distinctive terms. */
static void region(mct_review *rv, size_t n, size_t c)
{
    mct_map_region *g = &rv->region[c];
    const int *cl = rv->part[MCT_PARTITION_MAP];
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < n; i++)
        if (cl[i] == (int)c) {
            g->x += rv->map[2 * i];
            g->y += rv->map[2 * i + 1];
            g->records++;
        }
    g->x /= g->records ? (double)g->records : 1;
    g->y /= g->records ? (double)g->records : 1;
    g->n_terms = mct_themes_group_terms(rv->th, cl, n, (int)c, 3, g->terms,
                                        g->scores);
}

mct_status mct__review_triangulate(mct_review *rv)
{
    const mct_records *r = mct_screening_included(rv->sc);
    size_t n = mct_records_count(r), k = mct_themes_count(rv->th);
    int **p = rv->part;
    mct_status rc;
    if (!(p[MCT_PARTITION_THEMES] = mct__alloc_array(n + 1, sizeof(int))))
        return MCT_ENOMEM;
    memcpy(p[MCT_PARTITION_THEMES], mct_themes_labels(rv->th, NULL),
           n * sizeof(int));
    if (rv->net) {
        if (!(p[MCT_PARTITION_KEYWORDS] = mct__alloc_array(n + 1, sizeof(int))))
            return MCT_ENOMEM;
        for (size_t i = 0; i < n; i++)
            p[MCT_PARTITION_KEYWORDS][i] =
                mct_net_transaction_community(rv->net, i);
    }
    if ((rc = categories(rv, r, n)) || (rc = map_clusters(rv, n, k)))
        return rc;
    if (!p[MCT_PARTITION_MAP])
        return MCT_OK;
    if (!(rv->region = mct__calloc(k + 1, sizeof *rv->region)))
        return MCT_ENOMEM;
    rv->n_region = k;
    for (size_t c = 0; c < k; c++)
        region(rv, n, c);
    return MCT_OK;
}

const int *mct_review_partition(const mct_review *rv, mct_partition p)
{
    return rv && (unsigned)p < 4 ? rv->part[p] : NULL;
}

mct_status mct_review_agreement(const mct_review *rv, mct_partition a,
                                mct_partition b, double *nmi, double *ari)
{
    const int *x = mct_review_partition(rv, a), *y = mct_review_partition(rv, b);
    if (!x || !y)
        return MCT_EEMPTY;
    return mct_partition_agreement(x, y,
                                   mct_records_count(mct_review_included(rv)),
                                   nmi, ari);
}

const char *mct_review_category(const mct_review *rv, size_t c)
{
    return rv && c < rv->n_cat ? rv->cat[c] : NULL;
}

size_t mct_review_n_regions(const mct_review *rv)
{
    return rv ? rv->n_region : 0;
}

mct_status mct_review_region(const mct_review *rv, size_t r,
                             mct_map_region *out)
{
    if (!rv || !out || r >= rv->n_region)
        return MCT_EINVAL;
    *out = rv->region[r];
    return MCT_OK;
}

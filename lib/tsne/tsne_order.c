/*
 * tsne_order.c - a large 2-D map's points kept in the order of a Z-order
 * curve over the map, so that a point's neighbours in P, which sit close
 * to it on the map, sit close to it in memory too.
 *
 * The attraction reads the coordinates of every neighbour of every point
 * once per iteration; in input order those reads land anywhere in an
 * array larger than the caches, and the optimisation of a map of 10^5
 * points or more spends much of its time waiting for them. The FFT's
 * spreading and gathering walk the points cell by cell, which in input
 * order is as scattered. So now and then (tsne.c) the points are renamed
 * in curve order: the map, its velocities and gains are moved, and P's
 * rows are copied into the new order with their column labels rewritten
 * (rows left in place and found through an index measured slower than no
 * renaming at all: the prefetcher streams consecutive rows, not scattered
 * ones). At the end the labels and the map are put back.
 *
 * Deterministic: the curve order breaks ties by the current index, and
 * every parallel loop writes only its own elements.
 */
#include <stdlib.h>

#include "tsne_internal.h"

/* The 16-bit quantisation of v in [lo, lo + ext], spread over even bits. */
static uint64_t spread_bits(double v, double lo, double ext)
{
    double u = ext > 0 ? (v - lo) / ext * 65535.0 : 0;
    uint64_t x = u > 0 ? (u < 65535.0 ? (uint64_t)u : 65535) : 0;
    x = (x | (x << 8)) & 0x00FF00FFu;
    x = (x | (x << 4)) & 0x0F0F0F0Fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

mct_status mct__map_order(const double *Y, size_t n, int nt, uint32_t *sigma)
{
    double lo[2] = {Y[0], Y[1]}, hi[2] = {Y[0], Y[1]};
    uint64_t *key = mct__alloc_array(n, sizeof *key);
    if (!key)
        return MCT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            lo[k] = Y[2 * i + (size_t)k] < lo[k] ? Y[2 * i + (size_t)k] : lo[k];
            hi[k] = Y[2 * i + (size_t)k] > hi[k] ? Y[2 * i + (size_t)k] : hi[k];
        }
    /* The curve's code in the high 32 bits, the index in the low 32:
     * distinct keys, so any sort gives the one order. */
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t i = 0; i < n; i++)
        key[i] = (spread_bits(Y[2 * i], lo[0], hi[0] - lo[0]) |
                  spread_bits(Y[2 * i + 1], lo[1], hi[1] - lo[1]) << 1)
                     << 32 |
                 (uint64_t)i;
    qsort(key, n, sizeof *key, cmp_u64);
    for (size_t j = 0; j < n; j++)
        sigma[j] = (uint32_t)key[j];
    mct__free(key);
    return MCT_OK;
}

/* P's rows moved to the new order, labels rewritten: the column labels,
 * then the values, each into a new array that replaces the old one, so
 * that at most 4 bytes a non-zero are held twice. */
static mct_status move_rows(const mct__map_state *s, const uint32_t *sigma,
                            const uint32_t *inv)
{
    size_t n = s->n, nz = s->nnz ? s->nnz : 1;
    size_t *np = mct__alloc_array(n + 1, sizeof *np);
    const size_t *op = *s->ptr;
    uint32_t *nc = NULL;
    float *nv = NULL;
    if (!np || !(nc = mct__alloc_array(nz, sizeof *nc))) {
        mct__free(np);
        return MCT_ENOMEM;
    }
    np[0] = 0;
    for (size_t j = 0; j < n; j++)
        np[j + 1] = np[j] + (op[sigma[j] + 1] - op[sigma[j]]);
#pragma omp parallel for num_threads(s->nt) schedule(static)
    for (size_t j = 0; j < n; j++)
        for (size_t e = 0; e < np[j + 1] - np[j]; e++)
            nc[np[j] + e] = inv[(*s->col)[op[sigma[j]] + e]];
    /* From here a failure leaves P half renamed; the fit fails. */
    mct__free(*s->col);
    *s->col = nc;
    if (!(nv = mct__alloc_array(nz, sizeof *nv))) {
        mct__free(np);
        return MCT_ENOMEM;
    }
#pragma omp parallel for num_threads(s->nt) schedule(static)
    for (size_t j = 0; j < n; j++)
        memcpy(nv + np[j], *s->val + op[sigma[j]],
               (np[j + 1] - np[j]) * sizeof *nv);
    mct__free(*s->val);
    mct__free(*s->ptr);
    *s->val = nv;
    *s->ptr = np;
    return MCT_OK;
}

mct_status mct__map_rename(const mct__map_state *s, const uint32_t *sigma)
{
    size_t nd = s->n * (size_t)s->dims;
    double *tmp = mct__alloc_array(nd, sizeof *tmp);
    uint32_t *inv = mct__alloc_array(s->n, sizeof *inv);
    uint32_t *orig = mct__alloc_array(s->n, sizeof *orig);
    mct_status rc = MCT_ENOMEM;
    if (!tmp || !inv || !orig)
        goto out;
    for (size_t j = 0; j < s->n; j++) {
        inv[sigma[j]] = (uint32_t)j;
        orig[j] = s->orig[sigma[j]];
    }
    if ((rc = move_rows(s, sigma, inv)))
        goto out;
    for (int a = 0; a < s->n_arrays; a++) {
        double *x = s->arrays[a];
#pragma omp parallel for num_threads(s->nt) schedule(static)
        for (size_t j = 0; j < s->n; j++)
            for (int k = 0; k < s->dims; k++)
                tmp[j * (size_t)s->dims + (size_t)k] =
                    x[(size_t)sigma[j] * (size_t)s->dims + (size_t)k];
        memcpy(x, tmp, nd * sizeof *x);
    }
    memcpy(s->orig, orig, s->n * sizeof *orig);
out:
    mct__free(tmp);
    mct__free(inv);
    mct__free(orig);
    return rc;
}

mct_status mct__map_restore(const mct__map_state *s)
{
    /* Place i gets the point whose original index is i: renaming by that
     * undoes every renaming so far. */
    uint32_t *sigma = mct__alloc_array(s->n, sizeof *sigma);
    mct_status rc;
    if (!sigma)
        return MCT_ENOMEM;
    for (size_t j = 0; j < s->n; j++)
        sigma[s->orig[j]] = (uint32_t)j;
    rc = mct__map_rename(s, sigma);
    mct__free(sigma);
    return rc;
}

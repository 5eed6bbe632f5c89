/*
 * tsne_dups.c - identical input rows share one place on the map.
 *
 * Two identical rows start on the same spot and feel the same forces,
 * but their affinities are summed in different orders, so they differ
 * in the last bits; on a small map the optimisation amplifies that, and
 * two copies of one point could end up far apart (while fifty copies
 * would stay together). After the optimisation every copy is therefore
 * put where the first of its group is. Rows are grouped by a hash of
 * their bytes, sorted, then compared exactly: O(n log n + n d).
 */
#include <stdlib.h>

#include "tsne_internal.h"

typedef struct hrow {
    uint64_t h;
    size_t i;
} hrow;

static uint64_t row_hash(const double *x, size_t d)
{
    const unsigned char *p = (const unsigned char *)x;
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t k = 0; k < d * sizeof *x; k++)
        h = (h ^ p[k]) * 1099511628211ULL;
    return h;
}

static int by_hash_then_index(const void *a, const void *b)
{
    const hrow *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

mct_status mct__tsne_snap_duplicates(const double *X, const uint32_t *pos,
                                     size_t n, size_t d, double *Y,
                                     size_t dims)
{
#define ROW(i) (X + (pos ? (size_t)pos[i] : (i)) * d)
    hrow *r = mct__alloc_array(n + 1, sizeof *r);
    if (!r)
        return MCT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        r[i].h = row_hash(ROW(i), d);
        r[i].i = i;
    }
    qsort(r, n, sizeof *r, by_hash_then_index);
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && r[b].h == r[a].h; b++)
            ;
        /* A run of equal hashes: each row goes to the first (lowest
         * index) row of the run equal to it. */
        for (size_t e = a + 1; e < b; e++)
            for (size_t f = a; f < e; f++)
                if (!memcmp(ROW(r[f].i), ROW(r[e].i), d * sizeof *X)) {
                    memcpy(Y + r[e].i * dims, Y + r[f].i * dims,
                           dims * sizeof *Y);
                    break;
                }
    }
    mct__free(r);
    return MCT_OK;
#undef ROW
}

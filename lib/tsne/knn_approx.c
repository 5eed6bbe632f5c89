/*
 * knn_approx.c - approximate k nearest neighbours: a forest of
 * random-projection trees gives every point a first list of neighbours
 * (the other points of its leaves), then rounds of nearest-neighbour
 * descent (Dong, Moses and Li 2011) improve the lists: two points that
 * are both neighbours of a third are likely neighbours of each other.
 * The schedule follows pynndescent (McInnes): candidates sampled per
 * point, new against new and new against old pairs only, and a stop when
 * a round changes fewer than delta * n * k entries.
 *
 * Determinism whatever the thread count. A point's list is a bounded
 * max-heap on (distance, index) that refuses duplicates, so after any
 * sequence of offers it holds the k best distinct points offered, in
 * whatever order they came; the same holds for the candidate lists,
 * keyed by a random priority hashed from (seed, round, pair). So only
 * the set of offers matters, and that set depends on the seed and on the
 * lists at the start of each tree or block of points, never on threads:
 * workers compute offers into their own buffers, and after a barrier
 * each thread applies those whose target rows it owns. Distances are
 * computed in single precision on a copy scaled by a power of two (so
 * that no square overflows); the final lists are sorted by distances
 * recomputed in double.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "knn_internal.h"

#define VW 8          /* floats per vector; rows are padded to this */
#define BLOCK 2048    /* points per local-join block (not thread-bound) */
#define NONE UINT32_MAX

/* 16-byte vectors: native on every x86-64 (SSE2) and AArch64 (NEON). The
 * distance kernel's eight partial sums are one 8-lane vector, which the
 * baseline build splits into two of these and the AVX2 and AVX-512
 * copies of join_point (MCT__WIDE_CLONES) keep in one register. */
typedef float v4f __attribute__((vector_size(4 * sizeof(float))));
typedef float v8f __attribute__((vector_size(8 * sizeof(float))));
typedef uint32_t v4u __attribute__((vector_size(4 * sizeof(uint32_t))));

/* Squared distance of two padded rows: eight partial sums (lanes), added
 * in a fixed order, so the value never depends on the caller or on the
 * copy that runs. (a - b)^2 and (b - a)^2 are the same, so d(a, b) ==
 * d(b, a) exactly. */
static inline __attribute__((always_inline)) float
l2f(const float *a, const float *b, size_t dp)
{
    v8f s = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t j = 0; j < dp; j += VW) {
        v8f x, y;
        memcpy(&x, a + j, sizeof x);
        memcpy(&y, b + j, sizeof y);
        x -= y;
        s += x * x;
    }
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

static inline float dotf(const float *a, const float *b, size_t dp)
{
    v4f s0 = {0, 0, 0, 0}, s1 = {0, 0, 0, 0};
    for (size_t j = 0; j < dp; j += VW) {
        v4f x0, y0, x1, y1;
        memcpy(&x0, a + j, sizeof x0);
        memcpy(&y0, b + j, sizeof y0);
        memcpy(&x1, a + j + 4, sizeof x1);
        memcpy(&y1, b + j + 4, sizeof y1);
        s0 += x0 * y0;
        s1 += x1 * y1;
    }
    return ((s0[0] + s0[1]) + (s0[2] + s0[3])) +
           ((s1[0] + s1[1]) + (s1[2] + s1[3]));
}

/* ---- neighbour lists: one max-heap of k (distance, index) per point -- */

typedef struct graph {
    uint32_t *id;
    float *d;
    uint8_t *f; /* 0 old, 1 new, 2 new in this round */
    size_t k;
} graph;

/* Whether j is among id[0..k), eight at a time (no early exit: the
 * branch-free scan is faster than one that stops at a hit). */
static inline bool has_id(const uint32_t *id, size_t k, uint32_t j)
{
    v4u hit = {0, 0, 0, 0}, jv = hit + j;
    uint32_t any = 0;
    size_t s = 0;
    for (; s + 4 <= k; s += 4) {
        v4u x;
        memcpy(&x, id + s, sizeof x);
        hit |= (v4u)(x == jv);
    }
    for (; s < k; s++)
        any |= id[s] == j;
    return (any | hit[0] | hit[1] | hit[2] | hit[3]) != 0;
}

static inline bool worse(float da, uint32_t ia, float db, uint32_t ib)
{
    return da > db || (da == db && ia > ib);
}

/* Offers j at squared distance dd to row i; a duplicate is refused. */
static void gpush(const graph *g, size_t i, uint32_t j, float dd, uint8_t fl)
{
    const size_t k = g->k;
    uint32_t *id = g->id + i * k;
    float *d = g->d + i * k;
    uint8_t *f = g->f + i * k;
    size_t at = 0;
    if (!worse(d[0], id[0], dd, j) || has_id(id, k, j))
        return;
    for (;;) {
        size_t l = 2 * at + 1, r = l + 1, m = at;
        float md = dd;
        uint32_t mi = j;
        if (l < k && worse(d[l], id[l], md, mi)) {
            m = l;
            md = d[l];
            mi = id[l];
        }
        if (r < k && worse(d[r], id[r], md, mi))
            m = r;
        if (m == at)
            break;
        d[at] = d[m];
        id[at] = id[m];
        f[at] = f[m];
        at = m;
    }
    d[at] = dd;
    id[at] = j;
    f[at] = fl;
}

/* Candidate lists: max-heaps of m (priority, index), duplicates refused. */
static void cpush(uint32_t *pr, uint32_t *id, size_t m, uint32_t p,
                  uint32_t j)
{
    size_t at = 0;
    if (!(pr[0] > p || (pr[0] == p && id[0] > j)) || has_id(id, m, j))
        return;
    for (;;) {
        size_t l = 2 * at + 1, r = l + 1, b = at;
        uint32_t bp = p, bi = j;
        if (l < m && (pr[l] > bp || (pr[l] == bp && id[l] > bi))) {
            b = l;
            bp = pr[l];
            bi = id[l];
        }
        if (r < m && (pr[r] > bp || (pr[r] == bp && id[r] > bi)))
            b = r;
        if (b == at)
            break;
        pr[at] = pr[b];
        id[at] = id[b];
        at = b;
    }
    pr[at] = p;
    id[at] = j;
}

/* A priority for the pair {i, j} in a round: the same from both ends, so
 * a point reached twice is offered twice with one key. (SplitMix64.) */
static uint32_t prio(uint64_t seed, int round, uint32_t i, uint32_t j)
{
    uint64_t z = seed ^ ((uint64_t)(unsigned)round << 48) ^
                 ((uint64_t)(i < j ? i : j) << 24 ^ (uint64_t)(i < j ? j : i));
    z += 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

/* ---- the approximate search's state -------------------------------- */

typedef struct nnd {
    const float *X;
    size_t n, dp, k, mc, leaf, trees;
    int iters, nt;
    uint64_t seed;
    graph g;
    uint32_t *nc_p, *nc_i, *oc_p, *oc_i; /* candidates, n x mc each */
    mct__ticker *tk;
    size_t units, units_done; /* progress: trees + rounds */
} nnd;

static bool tick(nnd *s, double more)
{
    double u = (double)s->units_done + more;
    return mct__ticker_tick(s->tk, (size_t)((double)s->n * u /
                                            (double)s->units));
}

/* ---- random-projection trees ---------------------------------------- */

typedef struct rptree {
    uint32_t *perm;  /* points, leaves contiguous */
    uint32_t *leaf;  /* (lo, hi) pairs */
    size_t n_leaf;
    float *nrm;      /* dp */
    size_t stack[2 * 72];
} rptree;

/* Splits perm[lo, hi) by the hyperplane halfway between two random
 * points of it, perpendicular to the line joining them (pynndescent's
 * Euclidean split); points on the plane go to a random side. A split
 * that leaves one side empty (duplicates) halves the range instead. */
static size_t rp_split(const nnd *s, rptree *w, size_t lo, size_t hi,
                       mct__rng *r)
{
    const size_t dp = s->dp, m = hi - lo;
    size_t ia = mct__rng_below(r, (uint32_t)m), ib, i = lo, e = hi;
    const float *xa, *xb;
    float off;
    ib = mct__rng_below(r, (uint32_t)(m - 1));
    ib += ib >= ia;
    xa = s->X + (size_t)w->perm[lo + ia] * dp;
    xb = s->X + (size_t)w->perm[lo + ib] * dp;
    for (size_t j = 0; j < dp; j++)
        w->nrm[j] = xa[j] - xb[j];
    off = (dotf(w->nrm, xa, dp) + dotf(w->nrm, xb, dp)) * 0.5f;
    while (i < e) {
        float mg = dotf(s->X + (size_t)w->perm[i] * dp, w->nrm, dp) - off;
        if (mg > 0 || (mg == 0 && (mct__rng_u32(r) & 1))) {
            uint32_t t = w->perm[i];
            w->perm[i] = w->perm[--e];
            w->perm[e] = t;
        } else {
            i++;
        }
    }
    return i == lo || i == hi ? lo + m / 2 : i;
}

/* Builds one tree; the smaller side is split first so the stack stays
 * shallow (at most log2 n pending ranges). */
static void rp_tree(const nnd *s, rptree *w, size_t tree)
{
    mct__rng r;
    size_t sp = 0;
    mct__rng_seed(&r, s->seed, 0x7270000000000000u + tree);
    for (size_t i = 0; i < s->n; i++)
        w->perm[i] = (uint32_t)i;
    w->n_leaf = 0;
    w->stack[sp++] = 0;
    w->stack[sp++] = s->n;
    while (sp) {
        size_t hi = w->stack[--sp], lo = w->stack[--sp], mid;
        if (hi - lo <= s->leaf) {
            w->leaf[2 * w->n_leaf] = (uint32_t)lo;
            w->leaf[2 * w->n_leaf + 1] = (uint32_t)hi;
            w->n_leaf++;
            continue;
        }
        mid = rp_split(s, w, lo, hi, &r);
        if (mid - lo < hi - mid) {
            w->stack[sp++] = mid;
            w->stack[sp++] = hi;
            w->stack[sp++] = lo;
            w->stack[sp++] = mid;
        } else {
            w->stack[sp++] = lo;
            w->stack[sp++] = mid;
            w->stack[sp++] = mid;
            w->stack[sp++] = hi;
        }
    }
}

/* Every pair within each leaf of a tree. A point is in one leaf of a
 * tree, so the leaves' workers never share a row. */
static void leaf_join(const nnd *s, const rptree *w)
{
#pragma omp parallel for num_threads(s->nt) schedule(dynamic, 8)
    for (size_t l = 0; l < w->n_leaf; l++) {
        size_t lo = w->leaf[2 * l], hi = w->leaf[2 * l + 1];
        for (size_t p = lo; p < hi; p++)
            for (size_t q = p + 1; q < hi; q++) {
                uint32_t a = w->perm[p], b = w->perm[q];
                float dd = l2f(s->X + (size_t)a * s->dp,
                               s->X + (size_t)b * s->dp, s->dp);
                gpush(&s->g, a, b, dd, 1);
                gpush(&s->g, b, a, dd, 1);
            }
    }
}

/* The forest, nt trees at a time (trees are independent, so how many at
 * once does not change the result). */
static mct_status forest(nnd *s)
{
    size_t nb = (size_t)s->nt < s->trees ? (size_t)s->nt : s->trees;
    rptree *w = mct__calloc(nb, sizeof *w);
    mct_status rc = MCT_ENOMEM;
    if (!w)
        return MCT_ENOMEM;
    for (size_t b = 0; b < nb; b++)
        if (!(w[b].perm = mct__alloc_array(s->n, sizeof *w[b].perm)) ||
            !(w[b].leaf = mct__alloc_array(2 * s->n, sizeof *w[b].leaf)) ||
            !(w[b].nrm = mct__alloc_array(s->dp, sizeof *w[b].nrm)))
            goto out;
    rc = MCT_OK;
    for (size_t t0 = 0; t0 < s->trees && !rc; t0 += nb) {
        size_t now = s->trees - t0 < nb ? s->trees - t0 : nb;
#pragma omp parallel for num_threads(s->nt) schedule(static, 1)
        for (size_t b = 0; b < now; b++)
            rp_tree(s, &w[b], t0 + b);
        for (size_t b = 0; b < now; b++)
            leaf_join(s, &w[b]);
        s->units_done += now;
        if (!tick(s, 0))
            rc = MCT_ECANCELED;
    }
out:
    for (size_t b = 0; b < nb; b++) {
        mct__free(w[b].perm);
        mct__free(w[b].leaf);
        mct__free(w[b].nrm);
    }
    mct__free(w);
    return rc;
}

/* Rows the forest left short (tiny leaves) get random points, from a
 * stream per point. */
static void fill_random(const nnd *s)
{
#pragma omp parallel for num_threads(s->nt) schedule(dynamic, 256)
    for (size_t i = 0; i < s->n; i++) {
        mct__rng r;
        mct__rng_seed(&r, s->seed, 0x66696c6c00000000u + i);
        while (s->g.id[i * s->k] == NONE) {
            uint32_t j = mct__rng_below(&r, (uint32_t)s->n);
            if (j != i)
                gpush(&s->g, i, j, l2f(s->X + i * s->dp,
                                       s->X + (size_t)j * s->dp, s->dp), 1);
        }
    }
}

/* ---- nearest-neighbour descent -------------------------------------- */

/* Sorts the first m entries of a candidate row (NONE last). */
static void sort_ids(uint32_t *a, size_t m)
{
    for (size_t i = 1; i < m; i++) {
        uint32_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static bool in_sorted(const uint32_t *a, size_t m, uint32_t v)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m && a[lo] == v;
}

/*
 * Samples this round's candidates: each point's new and old neighbours,
 * and the points that have it as a neighbour, at most mc of each kind by
 * random priority. Each thread fills the rows of its own range, scanning
 * every edge for the reverse ones. Then new neighbours that were sampled
 * become old.
 */
static void candidates(const nnd *s, int round)
{
    const size_t n = s->n, k = s->k, mc = s->mc;
#pragma omp parallel num_threads(s->nt)
    {
        size_t t = (size_t)omp_get_thread_num();
        size_t nth = (size_t)omp_get_num_threads();
        size_t lo = n * t / nth, hi = n * (t + 1) / nth;
        for (size_t i = lo * mc; i < hi * mc; i++)
            s->nc_p[i] = s->nc_i[i] = s->oc_p[i] = s->oc_i[i] = NONE;
        for (size_t i = 0; i < n; i++) {
            bool own_i = i >= lo && i < hi;
            for (size_t e = i * k; e < (i + 1) * k; e++) {
                uint32_t j = s->g.id[e], p;
                bool own_j = j >= lo && j < hi;
                uint32_t *cp, *ci;
                if (!own_i && !own_j)
                    continue;
                p = prio(s->seed, round, (uint32_t)i, j);
                cp = s->g.f[e] ? s->nc_p : s->oc_p;
                ci = s->g.f[e] ? s->nc_i : s->oc_i;
                if (own_i)
                    cpush(cp + i * mc, ci + i * mc, mc, p, j);
                if (own_j)
                    cpush(cp + j * mc, ci + j * mc, mc, p, (uint32_t)i);
            }
        }
#pragma omp barrier
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            sort_ids(s->nc_i + i * mc, mc);
            sort_ids(s->oc_i + i * mc, mc);
            for (size_t e = i * k; e < (i + 1) * k; e++)
                if (s->g.f[e] && in_sorted(s->nc_i + i * mc, mc, s->g.id[e]))
                    s->g.f[e] = 0;
        }
    }
}

typedef struct upd {
    uint32_t a, b;
    float d;
    uint8_t to; /* 1: offer b to a, 2: a to b, 3: both */
} upd;

/* An offer of point from to the list of point to. */
typedef struct offer {
    uint32_t to, from;
    float d;
} offer;

#define GROUP 64 /* rows whose offers are applied together */

typedef struct ubuf {
    upd *u;
    size_t n, cap;
    offer *o;    /* this thread's offers, grouped by target rows */
    size_t o_cap;
    size_t *cnt; /* n / GROUP + 2 counters */
    uint32_t *c; /* scratch: a point's candidates, new then old */
    float *thr;  /* scratch: their lists' current worst distances */
} ubuf;

/* Candidate pairs of point i that could enter a list (d at most the
 * list's current worst), appended to ub. The lists' worst distances are
 * read once per candidate, not once per pair. */
MCT__WIDE_CLONES
static bool join_point(const nnd *s, size_t i, ubuf *ub)
{
    const size_t mc = s->mc, dp = s->dp, k = s->k;
    const uint32_t *nw = s->nc_i + i * mc, *ol = s->oc_i + i * mc;
    uint32_t *c = ub->c;
    size_t nn = 0, no = 0;
    while (nn < mc && nw[nn] != NONE)
        nn++;
    while (no < mc && ol[no] != NONE)
        no++;
    for (size_t x = 0; x < nn + no; x++) {
        c[x] = x < nn ? nw[x] : ol[x - nn];
        ub->thr[x] = s->g.d[(size_t)c[x] * k];
    }
    for (size_t x = 0; x < nn; x++) {
        uint32_t a = c[x];
        const float *xa = s->X + (size_t)a * dp;
        float ta = ub->thr[x];
        for (size_t y = x + 1; y < nn + no; y++) {
            uint32_t b = c[y];
            float dd;
            uint8_t to;
            if (b == a)
                continue;
            dd = l2f(xa, s->X + (size_t)b * dp, dp);
            to = (uint8_t)((dd <= ta) | (dd <= ub->thr[y]) << 1);
            if (!to)
                continue;
            if (mct__grow((void **)&ub->u, &ub->cap, ub->n + 1, sizeof *ub->u))
                return false;
            ub->u[ub->n++] = (upd){a, b, dd, to};
        }
    }
    return true;
}

/* Adds the offer (to, from, d) when to is in [lo, hi): counting only
 * (o NULL), or into its group's slot. */
static inline void offer_to(ubuf *me, size_t lo, size_t hi, uint32_t to,
                            uint32_t from, float d, bool count)
{
    if (to < lo || to >= hi)
        return;
    if (count)
        me->cnt[(to - lo) / GROUP + 1]++;
    else
        me->o[me->cnt[(to - lo) / GROUP]++] = (offer){to, from, d};
}

/*
 * Applies every buffer's offers to the rows this thread owns, grouped by
 * blocks of GROUP rows (a counting sort) so that each list is fetched
 * into cache once per group instead of once per offer. A side that failed
 * the filter would refuse the offer (lists only get better), so it is not
 * even looked at.
 */
static bool apply(const nnd *s, ubuf *ub, size_t t, size_t nth)
{
    ubuf *me = &ub[t];
    size_t lo = s->n * t / nth, hi = s->n * (t + 1) / nth;
    size_t ng = (hi - lo) / GROUP + 1, m;
    memset(me->cnt, 0, (ng + 1) * sizeof *me->cnt);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t v = 0; v < nth; v++)
            for (size_t e = 0; e < ub[v].n; e++) {
                upd u = ub[v].u[e];
                if (u.to & 1)
                    offer_to(me, lo, hi, u.a, u.b, u.d, !pass);
                if (u.to & 2)
                    offer_to(me, lo, hi, u.b, u.a, u.d, !pass);
            }
        if (pass)
            break;
        for (size_t g = 0; g < ng; g++)
            me->cnt[g + 1] += me->cnt[g];
        m = me->cnt[ng];
        if (mct__grow((void **)&me->o, &me->o_cap, m + 1, sizeof *me->o))
            return false;
    }
    for (size_t e = 0; e < m; e++)
        gpush(&s->g, me->o[e].to, me->o[e].from, me->o[e].d, 2);
    return true;
}

/* One block of points: offers computed in parallel into per-thread
 * buffers; after the barrier each thread applies the offers to the rows
 * of its own range. */
static mct_status join_block(const nnd *s, size_t b0, size_t b1, ubuf *ub)
{
    int bad = 0;
#pragma omp parallel num_threads(s->nt)
    {
        size_t t = (size_t)omp_get_thread_num();
        size_t nth = (size_t)omp_get_num_threads();
        ub[t].n = 0;
#pragma omp for schedule(dynamic, 16)
        for (size_t i = b0; i < b1; i++)
            if (!join_point(s, i, &ub[t])) {
#pragma omp atomic write
                bad = 1;
            }
        /* (the loop's barrier: every buffer is complete) */
        if (!apply(s, ub, t, nth)) {
#pragma omp atomic write
            bad = 1;
        }
    }
    return bad ? MCT_ENOMEM : MCT_OK;
}

/* Entries that entered the lists this round (flag 2, then marked new). */
static size_t count_changes(const nnd *s)
{
    size_t c = 0;
#pragma omp parallel for num_threads(s->nt) schedule(static) reduction(+ : c)
    for (size_t e = 0; e < s->n * s->k; e++)
        if (s->g.f[e] == 2) {
            s->g.f[e] = 1;
            c++;
        }
    return c;
}

static mct_status descend(nnd *s, double delta)
{
    ubuf *ub = mct__calloc((size_t)s->nt, sizeof *ub);
    mct_status rc = MCT_OK;
    if (!ub)
        return MCT_ENOMEM;
    for (int t = 0; t < s->nt; t++)
        if (!(ub[t].thr = mct__alloc_array(2 * s->mc, sizeof *ub[t].thr)) ||
            !(ub[t].cnt = mct__alloc_array(s->n / GROUP + 2,
                                           sizeof *ub[t].cnt)) ||
            !(ub[t].c = mct__alloc_array(2 * s->mc, sizeof *ub[t].c)))
            rc = MCT_ENOMEM;
    for (int round = 0; round < s->iters && !rc; round++) {
        size_t changes;
        candidates(s, round);
        for (size_t b0 = 0; b0 < s->n && !rc; b0 += BLOCK) {
            size_t b1 = s->n - b0 < BLOCK ? s->n : b0 + BLOCK;
            rc = join_block(s, b0, b1, ub);
            if (!rc && !tick(s, (double)b1 / (double)s->n))
                rc = MCT_ECANCELED;
        }
        s->units_done++;
        changes = count_changes(s);
        if ((double)changes <= delta * (double)s->n * (double)s->k)
            break;
    }
    for (int t = 0; t < s->nt; t++) {
        mct__free(ub[t].u);
        mct__free(ub[t].thr);
        mct__free(ub[t].c);
        mct__free(ub[t].o);
        mct__free(ub[t].cnt);
    }
    mct__free(ub);
    return rc;
}

/* ---- driver ---------------------------------------------------------- */

typedef struct nbr {
    double d;
    uint32_t id;
} nbr;

static int nbr_cmp(const void *x, const void *y)
{
    const nbr *a = x, *b = y;
    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The lists in input numbering, sorted by distances recomputed in double. */
static mct_status finish(const nnd *s, const double *P, const uint32_t *id,
                         size_t d, uint32_t *idx, double *dist)
{
    int bad = 0;
#pragma omp parallel num_threads(s->nt)
    {
        nbr *row = mct__alloc_array(s->k, sizeof *row);
        if (!row) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 64)
        for (size_t p = 0; p < s->n; p++) {
            size_t o = (size_t)id[p] * s->k;
            if (!row)
                continue;
            for (size_t e = 0; e < s->k; e++) {
                uint32_t q = s->g.id[p * s->k + e];
                double acc = 0;
                for (size_t j = 0; j < d; j++) {
                    double t = P[p * d + j] - P[(size_t)q * d + j];
                    acc += t * t;
                }
                row[e].d = sqrt(acc);
                row[e].id = id[q];
            }
            qsort(row, s->k, sizeof *row, nbr_cmp);
            for (size_t e = 0; e < s->k; e++) {
                idx[o + e] = row[e].id;
                dist[o + e] = row[e].d;
            }
        }
        mct__free(row);
    }
    return bad ? MCT_ENOMEM : MCT_OK;
}

/* A padded single-precision copy, scaled by a power of two so that the
 * largest coordinate is in [1, 2): squares can neither overflow nor all
 * vanish, and the order of distances is kept. */
static float *float_copy(const double *P, size_t n, size_t d, size_t dp)
{
    double mx = 0, sc = 1;
    float *X = mct__calloc(mct__mul(n, dp) + 1, sizeof *X);
    if (!X)
        return NULL;
    for (size_t i = 0; i < n * d; i++)
        if (fabs(P[i]) > mx)
            mx = fabs(P[i]);
    if (mx > 0)
        sc = ldexp(1.0, -ilogb(mx));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            X[i * dp + j] = (float)(P[i * d + j] * sc);
    return X;
}

static void resolve(nnd *s, const mct_knn_opts *o)
{
    size_t n = s->n, k = s->k;
    s->trees = o->trees ? o->trees
                        : 5 + (size_t)lround(sqrt((double)n) / 20.0);
    if (!o->trees && s->trees > 32)
        s->trees = 32;
    s->leaf = o->leaf_size ? o->leaf_size : (k < 64 ? k : 64);
    if (!o->leaf_size && s->leaf < 16)
        s->leaf = 16;
    if (s->leaf < 2)
        s->leaf = 2;
    s->iters = o->iterations ? o->iterations
                             : (int)lround(log2((double)n));
    if (!o->iterations && s->iters < 5)
        s->iters = 5;
    s->mc = o->max_candidates ? o->max_candidates : (k < 20 ? k : 20);
    s->units = s->trees + (size_t)s->iters;
}

mct_status mct__knn_approx(const double *P, const uint32_t *id, size_t n,
                           size_t d, size_t k, const mct_knn_opts *o,
                           mct__ticker *tk, uint32_t *idx, double *dist)
{
    nnd s;
    float *X = NULL;
    mct_status rc = MCT_ENOMEM;
    memset(&s, 0, sizeof s);
    s.n = n;
    s.k = k;
    s.dp = (d + VW - 1) / VW * VW;
    s.nt = mct_threads_resolve(o->n_threads);
    s.seed = o->seed;
    s.tk = tk;
    resolve(&s, o);
    if (!(X = float_copy(P, n, d, s.dp)) ||
        !(s.g.id = mct__alloc_array(mct__mul(n, k), sizeof *s.g.id)) ||
        !(s.g.d = mct__alloc_array(mct__mul(n, k), sizeof *s.g.d)) ||
        !(s.g.f = mct__calloc(mct__mul(n, k), sizeof *s.g.f)) ||
        !(s.nc_p = mct__alloc_array(mct__mul(n, s.mc), sizeof *s.nc_p)) ||
        !(s.nc_i = mct__alloc_array(mct__mul(n, s.mc), sizeof *s.nc_i)) ||
        !(s.oc_p = mct__alloc_array(mct__mul(n, s.mc), sizeof *s.oc_p)) ||
        !(s.oc_i = mct__alloc_array(mct__mul(n, s.mc), sizeof *s.oc_i)))
        goto out;
    s.X = X;
    s.g.k = k;
    for (size_t e = 0; e < n * k; e++) {
        s.g.id[e] = NONE;
        s.g.d[e] = (float)INFINITY;
    }
    if ((rc = forest(&s)))
        goto out;
    fill_random(&s);
    if ((rc = descend(&s, o->delta)) ||
        (rc = finish(&s, P, id, d, idx, dist)))
        goto out;
    mct__ticker_tick(tk, n);
out:
    mct__free(X);
    mct__free(s.g.id);
    mct__free(s.g.d);
    mct__free(s.g.f);
    mct__free(s.nc_p);
    mct__free(s.nc_i);
    mct__free(s.oc_p);
    mct__free(s.oc_i);
    return rc;
}

/*
 * knn.c - the neighbour index: exact k nearest neighbours with a
 * vantage-point tree, the method choice (the approximate search is in
 * knn_approx.c) and progress pacing.
 *
 * The tree is implicit in a permutation of the points: the node over
 * positions [lo, hi) has its vantage point at lo, the points closer than
 * thr[lo] at [lo + 1, mid[lo]) and the others at [mid[lo], hi). Small
 * ranges are leaves scanned linearly. Points are stored in tree order so
 * a leaf scan reads contiguous memory.
 */
#include <math.h>
#include <stdlib.h>

#include "knn_internal.h"

#define LEAF 16

struct mct_knn {
    mct_knn_opts o;
    size_t n, d;
    double *pts;     /* n * d, in tree order */
    uint32_t *id;    /* tree position -> original index */
    uint32_t *pos;   /* original index -> tree position */
    double *thr;     /* per node position: split distance */
    uint32_t *mid;   /* per node position: start of the outer part */
};

static double dist2(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++) {
        double t = a[j] - b[j];
        s += t * t;
    }
    return s;
}

/* Squared distance, or anything above bound once the sum passes it. */
static double dist2_bounded(const double *a, const double *b, size_t d,
                            double bound)
{
    double s = 0;
    size_t j = 0;
    for (; j + 8 <= d; j += 8) {
        for (size_t u = 0; u < 8; u++) {
            double t = a[j + u] - b[j + u];
            s += t * t;
        }
        if (s > bound)
            return s;
    }
    for (; j < d; j++) {
        double t = a[j] - b[j];
        s += t * t;
    }
    return s;
}

/* ---- building ---------------------------------------------------------- */

typedef struct dpair {
    double d;
    uint32_t p; /* tree position */
} dpair;

static bool dpair_less(dpair a, dpair b)
{
    return a.d < b.d || (a.d == b.d && a.p < b.p);
}

/* Quickselect: puts the k-th smallest of a[0..n) at a[k], smaller before. */
static void select_kth(dpair *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        dpair pivot = a[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (dpair_less(a[i], pivot))
                i++;
            while (dpair_less(pivot, a[j]))
                j--;
            if (i <= j) {
                dpair t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

typedef struct builder {
    mct_knn *ix;
    const double *src; /* original rows */
    uint32_t *perm;    /* tree position -> original index (being built) */
    dpair *tmp;
    mct__rng rng;
} builder;

/* Builds [lo, hi) iteratively with an explicit stack (no deep recursion
 * on skewed data). */
static mct_status build(builder *b, size_t n)
{
    size_t *stack = mct__alloc_array(2 * 64 + 2 * n / LEAF + 4, sizeof *stack);
    size_t sp = 0;
    const size_t d = b->ix->d;
    if (!stack)
        return MCT_ENOMEM;
    stack[sp++] = 0;
    stack[sp++] = n;
    while (sp) {
        size_t hi = stack[--sp], lo = stack[--sp], m, half;
        uint32_t vp;
        if (hi - lo <= LEAF)
            continue;
        /* A random vantage point, moved to the front of the range. */
        {
            size_t r = lo + mct__rng_below(&b->rng, (uint32_t)(hi - lo));
            uint32_t t = b->perm[lo];
            b->perm[lo] = b->perm[r];
            b->perm[r] = t;
        }
        vp = b->perm[lo];
        m = hi - lo - 1;
        for (size_t i = 0; i < m; i++) {
            uint32_t p = b->perm[lo + 1 + i];
            b->tmp[i].d = sqrt(dist2(b->src + (size_t)vp * d,
                                     b->src + (size_t)p * d, d));
            b->tmp[i].p = p;
        }
        half = m / 2;
        select_kth(b->tmp, m, half);
        for (size_t i = 0; i < m; i++)
            b->perm[lo + 1 + i] = b->tmp[i].p;
        b->ix->thr[lo] = b->tmp[half].d;
        b->ix->mid[lo] = (uint32_t)(lo + 1 + half);
        stack[sp++] = lo + 1;
        stack[sp++] = lo + 1 + half;
        stack[sp++] = lo + 1 + half;
        stack[sp++] = hi;
    }
    mct__free(stack);
    return MCT_OK;
}

mct_knn_opts mct_knn_opts_default(void)
{
    mct_knn_opts o;
    memset(&o, 0, sizeof o);
    o.seed = 42;
    o.method = MCT_KNN_METHOD_AUTO;
    o.delta = 0.01;
    return o;
}

static bool opts_ok(const mct_knn_opts *o)
{
    return (o->method == MCT_KNN_METHOD_AUTO ||
            o->method == MCT_KNN_METHOD_EXACT ||
            o->method == MCT_KNN_METHOD_APPROX) &&
           o->iterations >= 0 && o->delta >= 0 && o->trees < UINT32_MAX &&
           o->max_candidates < UINT32_MAX && o->leaf_size < UINT32_MAX;
}

mct_status mct_knn_new(const double *X, size_t n, size_t d,
                       const mct_knn_opts *o, mct_knn **out)
{
    const mct_knn_opts od = o ? *o : mct_knn_opts_default();
    mct_knn *ix;
    builder b;
    mct_status rc = MCT_ENOMEM;
    if (out)
        *out = NULL;
    if (!out || (!X && n) || d == 0 || n >= UINT32_MAX || !opts_ok(&od))
        return MCT_EINVAL;
    for (size_t i = 0; i < n * d; i++)
        if (!isfinite(X[i]))
            return MCT_EINVAL;
    if (!(ix = mct__calloc(1, sizeof *ix)))
        return MCT_ENOMEM;
    ix->o = od;
    ix->n = n;
    ix->d = d;
    memset(&b, 0, sizeof b);
    if (!(ix->pts = mct__alloc_array(mct__mul(n, d) + 1, sizeof *ix->pts)) ||
        !(ix->id = mct__alloc_array(n + 1, sizeof *ix->id)) ||
        !(ix->pos = mct__alloc_array(n + 1, sizeof *ix->pos)) ||
        !(ix->thr = mct__calloc(n + 1, sizeof *ix->thr)) ||
        !(ix->mid = mct__calloc(n + 1, sizeof *ix->mid)) ||
        !(b.tmp = mct__alloc_array(n + 1, sizeof *b.tmp)))
        goto fail;
    b.ix = ix;
    b.src = X;
    b.perm = ix->id;
    mct__rng_seed(&b.rng, od.seed, 0x766b6e6e /* "vknn" */);
    for (size_t i = 0; i < n; i++)
        ix->id[i] = (uint32_t)i;
    if ((rc = build(&b, n)))
        goto fail;
    for (size_t p = 0; p < n; p++) {
        ix->pos[ix->id[p]] = (uint32_t)p;
        memcpy(ix->pts + p * d, X + (size_t)ix->id[p] * d, d * sizeof *X);
    }
    mct__free(b.tmp);
    *out = ix;
    return MCT_OK;
fail:
    mct__free(b.tmp);
    mct_knn_free(ix);
    return rc;
}

void mct_knn_free(mct_knn *ix)
{
    if (!ix)
        return;
    mct__free(ix->pts);
    mct__free(ix->id);
    mct__free(ix->pos);
    mct__free(ix->thr);
    mct__free(ix->mid);
    mct__free(ix);
}

size_t mct_knn_count(const mct_knn *ix) { return ix ? ix->n : 0; }

void mct__knn_points(const mct_knn *ix, const double **pts,
                     const uint32_t **pos)
{
    *pts = ix->pts;
    *pos = ix->pos;
}

/* ---- searching --------------------------------------------------------- */

/* The k best so far as a max-heap on (squared distance, index). */
typedef struct heap {
    double *d2;
    uint32_t *id;
    size_t n, k;
} heap;

static bool worse(double da, uint32_t ia, double db, uint32_t ib)
{
    return da > db || (da == db && ia > ib);
}

/* Puts (d2, id) at the root's place and sifts it down. */
static void sift_down(heap *h, double d2, uint32_t id)
{
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        double md = d2;
        uint32_t mi = id;
        if (l < h->n && worse(h->d2[l], h->id[l], md, mi)) {
            m = l;
            md = h->d2[l];
            mi = h->id[l];
        }
        if (r < h->n && worse(h->d2[r], h->id[r], md, mi))
            m = r;
        if (m == i)
            break;
        h->d2[i] = h->d2[m];
        h->id[i] = h->id[m];
        i = m;
    }
    h->d2[i] = d2;
    h->id[i] = id;
}

static void heap_push(heap *h, double d2, uint32_t id)
{
    size_t i;
    if (h->n == h->k) {
        if (worse(h->d2[0], h->id[0], d2, id))
            sift_down(h, d2, id);
        return;
    }
    i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!worse(d2, id, h->d2[p], h->id[p]))
            break;
        h->d2[i] = h->d2[p];
        h->id[i] = h->id[p];
        i = p;
    }
    h->d2[i] = d2;
    h->id[i] = id;
}

/* Empties the heap into ascending (distance, index) order. */
static void heap_drain(heap *h, uint32_t *idx, double *dist)
{
    while (h->n) {
        double d2 = h->d2[0];
        uint32_t id = h->id[0];
        h->n--;
        if (h->n)
            sift_down(h, h->d2[h->n], h->id[h->n]);
        idx[h->n] = id;
        dist[h->n] = sqrt(d2);
    }
}

/* Current search radius, squared (infinite until the heap is full). */
static double tau2(const heap *h) { return h->n < h->k ? (double)INFINITY : h->d2[0]; }

/* A part of the tree still to visit, and a lower bound on the distance
 * from the query to any point in it (checked again when it is popped,
 * since the radius only shrinks). */
typedef struct frame {
    size_t lo, hi;
    double lb;
} frame;

static void search(const mct_knn *ix, const double *q, uint32_t self,
                   heap *h, frame *stack)
{
    const size_t d = ix->d;
    size_t sp = 0;
    stack[sp].lo = 0;
    stack[sp].hi = ix->n;
    stack[sp].lb = 0;
    sp++;
    while (sp) {
        frame f = stack[--sp];
        size_t lo = f.lo, hi = f.hi, mid;
        double dv, t, in_lb, out_lb;
        if (hi <= lo || f.lb * f.lb > tau2(h))
            continue;
        if (hi - lo <= LEAF) {
            for (size_t p = lo; p < hi; p++) {
                double t2 = tau2(h);
                double s = dist2_bounded(q, ix->pts + p * d, d, t2);
                if (s <= t2 && ix->id[p] != self)
                    heap_push(h, s, ix->id[p]);
            }
            continue;
        }
        {
            double s = dist2(q, ix->pts + lo * d, d);
            if (ix->id[lo] != self)
                heap_push(h, s, ix->id[lo]);
            dv = sqrt(s);
        }
        t = ix->thr[lo];
        mid = ix->mid[lo];
        /* By the triangle inequality, points inside the ball of radius t
         * are at least dv - t away, points outside at least t - dv. */
        in_lb = dv > t ? dv - t : 0;
        out_lb = dv < t ? t - dv : 0;
        /* Push the farther side first so the nearer is searched first. */
        if (dv < t) {
            stack[sp++] = (frame){mid, hi, out_lb};
            stack[sp++] = (frame){lo + 1, mid, in_lb};
        } else {
            stack[sp++] = (frame){lo + 1, mid, in_lb};
            stack[sp++] = (frame){mid, hi, out_lb};
        }
    }
}

/* One chunk of queries [c0, c1) in parallel; each thread its own heap
 * and stack. */
static mct_status query_chunk(const mct_knn *ix, const double *Q, size_t c0,
                              size_t c1, size_t k, bool self, uint32_t *idx,
                              double *dist)
{
    int nt = mct_threads_resolve(ix->o.n_threads);
    int bad = 0;
    /* Each pop pushes at most two frames, so the stack never holds more
     * than two per tree level; n / LEAF + 64 levels is a safe bound. */
    size_t stack_n = 2 * (ix->n / LEAF + 64);
#pragma omp parallel num_threads(nt)
    {
        heap h;
        frame *stack = mct__alloc_array(stack_n, sizeof *stack);
        h.d2 = mct__alloc_array(k + 1, sizeof *h.d2);
        h.id = mct__alloc_array(k + 1, sizeof *h.id);
        h.k = k;
        if (!stack || !h.d2 || !h.id) {
#pragma omp atomic write
            bad = 1;
        }
#pragma omp for schedule(dynamic, 64)
        for (size_t i = c0; i < c1; i++) {
            if (!stack || !h.d2 || !h.id)
                continue;
            h.n = 0;
            if (self)
                search(ix, ix->pts + (size_t)ix->pos[i] * ix->d, (uint32_t)i,
                       &h, stack);
            else
                search(ix, Q + i * ix->d, UINT32_MAX, &h, stack);
            heap_drain(&h, idx + i * k, dist + i * k);
        }
        mct__free(stack);
        mct__free(h.d2);
        mct__free(h.id);
    }
    return bad ? MCT_ENOMEM : MCT_OK;
}

/* The exact search in about a hundred chunks, reporting progress between
 * them from this thread. */
static mct_status query(const mct_knn *ix, const double *Q, size_t m,
                        size_t k, bool self, uint32_t *idx, double *dist)
{
    mct__ticker tk;
    size_t chunk = m / 100 > 256 ? m / 100 : 256;
    mct__ticker_init(&tk, ix->o.progress, ix->o.progress_user, "neighbours",
                     m);
    if (!mct__ticker_tick(&tk, 0))
        return MCT_ECANCELED;
    for (size_t c0 = 0; c0 < m; c0 += chunk) {
        size_t c1 = m - c0 < chunk ? m : c0 + chunk;
        mct_status rc = query_chunk(ix, Q, c0, c1, k, self, idx, dist);
        if (rc)
            return rc;
        if (!mct__ticker_tick(&tk, c1))
            return MCT_ECANCELED;
    }
    return MCT_OK;
}

mct_status mct_knn_query(const mct_knn *ix, const double *Q, size_t m,
                         size_t k, uint32_t *idx, double *dist)
{
    if (!ix || (!Q && m) || !idx || !dist || k == 0 || k > ix->n)
        return MCT_EINVAL;
    for (size_t i = 0; i < m * ix->d; i++)
        if (!isfinite(Q[i]))
            return MCT_EINVAL;
    return query(ix, Q, m, k, false, idx, dist);
}

mct_knn_method mct_knn_method_for(const mct_knn *ix, size_t k)
{
    mct_knn_method m = ix ? ix->o.method : MCT_KNN_METHOD_EXACT;
    if (m == MCT_KNN_METHOD_AUTO)
        m = ix->n < MCT_KNN_AUTO_MIN_N ? MCT_KNN_METHOD_EXACT
                                       : MCT_KNN_METHOD_APPROX;
    /* Too few points for trees and descent to pay: search exactly. */
    if (m == MCT_KNN_METHOD_APPROX && ix->n < 4 * (k + 1))
        m = MCT_KNN_METHOD_EXACT;
    return m;
}

mct_status mct_knn_query_self(const mct_knn *ix, size_t k, uint32_t *idx,
                              double *dist)
{
    mct__ticker tk;
    if (!ix || !idx || !dist || k == 0 || k >= ix->n)
        return MCT_EINVAL;
    if (mct_knn_method_for(ix, k) == MCT_KNN_METHOD_EXACT)
        return query(ix, NULL, ix->n, k, true, idx, dist);
    mct__ticker_init(&tk, ix->o.progress, ix->o.progress_user, "neighbours",
                     ix->n);
    if (!mct__ticker_tick(&tk, 0))
        return MCT_ECANCELED;
    /* The points in tree order: neighbours in space tend to be near in
     * memory too. */
    return mct__knn_approx(ix->pts, ix->id, ix->n, ix->d, k, &ix->o, &tk,
                           idx, dist);
}

/* ---- progress pacing ------------------------------------------------ */

void mct__ticker_init(mct__ticker *t, mct_progress_fn fn, void *user,
                      const char *stage, size_t total)
{
    t->fn = fn;
    t->user = user;
    t->stage = stage;
    t->total = total;
    t->next = 0;
    t->cancelled = false;
}

bool mct__ticker_tick(mct__ticker *t, size_t done)
{
    if (t->cancelled)
        return false;
    if (!t->fn)
        return true;
    if (done > t->total)
        done = t->total;
    if (done < t->next && done < t->total)
        return true;
    /* The next report after another 1% (at least one point). */
    t->next = done + (t->total / 100 > 0 ? t->total / 100 : 1);
    if (done == t->total)
        t->next = SIZE_MAX;
    if (!t->fn(t->user, t->stage, done, t->total, 0))
        t->cancelled = true;
    return !t->cancelled;
}

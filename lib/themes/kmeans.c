/*
 * kmeans.c - spherical and Euclidean k-means with k-means++ seeding.
 */
#include <math.h>

#include "internal.h"
#include "mct_kmeans.h"

struct mct_kmeans {
    size_t n, d, k;
    bool spherical;
    int *labels;
    double *cent;
    double objective;
    int iters;
};

mct_kmeans_opts mct_kmeans_opts_default(void)
{
    mct_kmeans_opts o;
    o.k = 5;
    o.n_init = 10;
    o.max_iter = 300;
    o.seed = 42;
    o.n_threads = 0;
    o.spherical = true;
    o.anchor = 0;
    return o;
}

void mct_kmeans_free(mct_kmeans *km)
{
    if (!km)
        return;
    mct__free(km->labels);
    mct__free(km->cent);
    mct__free(km);
}

/* Rows of either kind behind one interface. */
typedef struct data {
    size_t n, d;
    const size_t *ip;  /* CSR */
    const uint32_t *ix;
    double *xv;        /* CSR values, normalised when spherical */
    double *X;         /* dense rows (a copy, normalised when spherical) */
    double *sq;        /* per row: squared norm */
    const double *prior; /* k x d unit anchors, or NULL */
    double anchor;     /* their weight */
} data;

static double dot(const data *x, size_t i, const double *c)
{
    double s = 0;
    if (x->X) {
        const double *r = x->X + i * x->d;
        for (size_t j = 0; j < x->d; j++)
            s += r[j] * c[j];
    } else {
        for (size_t t = x->ip[i]; t < x->ip[i + 1]; t++)
            s += x->xv[t] * c[x->ix[t]];
    }
    return s;
}

static void add_row(const data *x, size_t i, double *acc)
{
    if (x->X) {
        const double *r = x->X + i * x->d;
        for (size_t j = 0; j < x->d; j++)
            acc[j] += r[j];
    } else {
        for (size_t t = x->ip[i]; t < x->ip[i + 1]; t++)
            acc[x->ix[t]] += x->xv[t];
    }
}

static void set_row(const data *x, size_t i, double *c)
{
    memset(c, 0, x->d * sizeof *c);
    add_row(x, i, c);
}

/* Fit of row i to a centroid: similarity (spherical, larger is better)
 * or minus the squared distance (Euclidean), so "larger is better". */
static double fit(const data *x, size_t i, const double *c, double csq,
                  bool sph)
{
    double p = dot(x, i, c);
    return sph ? p : -(x->sq[i] - 2 * p + csq);
}

static void normalise(double *c, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += c[j] * c[j];
    if (s > 0) {
        s = 1.0 / sqrt(s);
        for (size_t j = 0; j < d; j++)
            c[j] *= s;
    }
}

static double sqnorm(const double *c, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += c[j] * c[j];
    return s;
}

/* k-means++: each next centre drawn with probability proportional to the
 * squared distance to the nearest centre so far. */
static void seed_plus_plus(const data *x, size_t k, bool sph, mct__rng *r,
                           double *cent, double *dist)
{
    size_t first = mct__rng_below(r, (uint32_t)x->n);
    set_row(x, first, cent);
    if (sph)
        normalise(cent, x->d);
    for (size_t c = 1; c <= k; c++) {
        const double *prev = cent + (c - 1) * x->d;
        double psq = sqnorm(prev, x->d), total = 0, u;
        size_t pick = 0;
        for (size_t i = 0; i < x->n; i++) {
            /* squared distance: 2 - 2 cos on the unit sphere */
            double dd = sph ? 2 - 2 * dot(x, i, prev)
                            : x->sq[i] - 2 * dot(x, i, prev) + psq;
            if (dd < 0)
                dd = 0;
            if (c == 1 || dd < dist[i])
                dist[i] = dd;
            total += dist[i];
        }
        if (c == k)
            break;
        u = mct__rng_unif(r) * total;
        for (size_t i = 0; i < x->n; i++) {
            pick = i;
            if (u < dist[i])
                break;
            u -= dist[i];
        }
        if (!(total > 0)) /* every row sits on a centre: any will do */
            pick = mct__rng_below(r, (uint32_t)x->n);
        set_row(x, pick, cent + c * x->d);
        if (sph)
            normalise(cent + c * x->d, x->d);
    }
}

/* Lloyd iterations from the given centroids; returns the objective. */
/* What Lloyd's iterations work on: the centres, the labels, and per row
 * its fit to its centre. */
typedef struct lloyd_ws {
    size_t k;
    bool sph;
    int nt;
    double *cent, *best_fit, *csq;
    int *lab, *new_lab;
    size_t *count;
} lloyd_ws;

/* Each row to its best-fitting centre; returns how many changed. */
static size_t assign(const data *x, lloyd_ws *w)
{
    size_t changed = 0, k = w->k;
    for (size_t c = 0; c < k; c++)
        w->csq[c] = sqnorm(w->cent + c * x->d, x->d);
#pragma omp parallel for num_threads(w->nt) schedule(static)
    for (size_t i = 0; i < x->n; i++) {
        int b = 0;
        bool tie = true;
        double bf = fit(x, i, w->cent, w->csq[0], w->sph);
        for (size_t c = 1; c < k; c++) {
            double f = fit(x, i, w->cent + c * x->d, w->csq[c], w->sph);
            tie &= f == bf;
            if (f > bf) {
                bf = f;
                b = (int)c;
            }
        }
        w->new_lab[i] = b;
        /* Anchored: a row equally close to every centre (sharing no
         * term with any seed, say) chooses none this time, so that
         * the order of the seeds cannot decide it. */
        w->best_fit[i] = x->prior && tie && k > 1 ? (double)NAN : bf;
    }
    for (size_t i = 0; i < x->n; i++) {
        changed += w->new_lab[i] != w->lab[i];
        w->lab[i] = w->new_lab[i];
    }
    return changed;
}

/* Centre c from the sum of its members (in cc, count[c] of them). */
static void finish_centre(const data *x, lloyd_ws *w, size_t c)
{
    double *cc = w->cent + c * x->d;
    if (x->prior) {
        /* Anchored: the prior is one more (weighted) member, so an empty
         * cluster falls back on its anchor alone. */
        const double *pc = x->prior + c * x->d;
        for (size_t j = 0; j < x->d; j++)
            cc[j] += x->anchor * pc[j];
        normalise(cc, x->d);
        return;
    }
    if (!w->count[c]) {
        /* An empty cluster takes the worst-fitting row. */
        size_t worst = 0;
        for (size_t i = 1; i < x->n; i++)
            if (w->best_fit[i] < w->best_fit[worst])
                worst = i;
        set_row(x, worst, cc);
        w->best_fit[worst] = INFINITY;
        w->count[c] = 1;
    } else if (!w->sph) {
        for (size_t j = 0; j < x->d; j++)
            cc[j] /= (double)w->count[c];
    }
    if (w->sph)
        normalise(cc, x->d);
}

/* New centres, their members summed in row order. */
static void update(const data *x, lloyd_ws *w)
{
    memset(w->cent, 0, w->k * x->d * sizeof *w->cent);
    memset(w->count, 0, w->k * sizeof *w->count);
    for (size_t i = 0; i < x->n; i++) {
        if (isnan(w->best_fit[i]))
            continue;
        add_row(x, i, w->cent + (size_t)w->lab[i] * x->d);
        w->count[w->lab[i]]++;
    }
    for (size_t c = 0; c < w->k; c++)
        finish_centre(x, w, c);
}

/* The objective: summed fit (spherical) or minus the summed squared
 * distance, plus the anchors' pull when anchored. */
static double objective(const data *x, lloyd_ws *w)
{
    double obj = 0;
    for (size_t c = 0; c < w->k; c++)
        w->csq[c] = sqnorm(w->cent + c * x->d, x->d);
    for (size_t i = 0; i < x->n; i++) {
        size_t c = (size_t)w->lab[i];
        double f = fit(x, i, w->cent + c * x->d, w->csq[c], w->sph);
        obj += w->sph ? f : -f;
    }
    for (size_t c = 0; x->prior && c < w->k; c++) {
        const double *pc = x->prior + c * x->d, *cc = w->cent + c * x->d;
        double p = 0;
        for (size_t j = 0; j < x->d; j++)
            p += pc[j] * cc[j];
        obj += x->anchor * p;
    }
    return obj;
}

static double lloyd(const data *x, lloyd_ws *w, int max_iter, int *iters)
{
    double obj;
    int it;
    if (!(w->csq = mct__alloc_array(w->k, sizeof *w->csq)))
        return NAN;
    for (size_t i = 0; i < x->n; i++)
        w->lab[i] = -1;
    for (it = 1; it <= max_iter && assign(x, w); it++)
        update(x, w);
    *iters = it > max_iter ? max_iter : it;
    obj = objective(x, w);
    mct__free(w->csq);
    w->csq = NULL;
    return obj;
}

/* Moves row i's values from sum sa to sum sb. */
static void move_row(const data *x, size_t i, double *sa, double *sb)
{
    if (x->X) {
        const double *r = x->X + i * x->d;
        for (size_t j = 0; j < x->d; j++) {
            sa[j] -= r[j];
            sb[j] += r[j];
        }
    } else {
        for (size_t t = x->ip[i]; t < x->ip[i + 1]; t++) {
            sa[x->ix[t]] -= x->xv[t];
            sb[x->ix[t]] += x->xv[t];
        }
    }
}

/* The centre row i (of unit length, in centre a) gains most by joining,
 * given the sums S and their norms ns; a when no move gains. */
static size_t best_move(const data *x, size_t k, size_t i, size_t a,
                        const double *S, const double *ns, double *dots)
{
    size_t best = a;
    double gain = 1e-12, leave;
    for (size_t c = 0; c < k; c++)
        dots[c] = dot(x, i, S + c * x->d);
    leave = sqrt(fmax(ns[a] * ns[a] - 2 * dots[a] + 1, 0)) - ns[a];
    for (size_t c = 0; c < k; c++) {
        double g;
        if (c == a)
            continue;
        g = leave + sqrt(ns[c] * ns[c] + 2 * dots[c] + 1) - ns[c];
        if (g > gain) {
            gain = g;
            best = c;
        }
    }
    return best;
}

/* One pass of single-row moves over the rows; returns the moves. */
static size_t refine_pass(const data *x, size_t k, double *S, double *ns,
                          int *lab, size_t *count, double *dots,
                          const unsigned char *und)
{
    size_t moves = 0;
    for (size_t i = 0; i < x->n; i++) {
        size_t a = (size_t)lab[i], best;
        if (x->sq[i] == 0 || und[i] || count[a] < 2)
            continue;
        if ((best = best_move(x, k, i, a, S, ns, dots)) == a)
            continue;
        move_row(x, i, S + a * x->d, S + best * x->d);
        ns[a] = sqrt(sqnorm(S + a * x->d, x->d));
        ns[best] = sqrt(sqnorm(S + best * x->d, x->d));
        count[a]--;
        count[best]++;
        lab[i] = (int)best;
        moves++;
    }
    return moves;
}

/*
 * Spherical refinement by single-row moves (Hartigan's method; Dhillon,
 * Guan and Kogan's "first variation"). With S_c the sum of cluster c's
 * unit rows, the objective is sum_c |S_c|, and moving row x from a to b
 * changes it by |S_a - x| - |S_a| + |S_b + x| - |S_b|, where
 * |S + x|^2 = |S|^2 + 2 S.x + 1. Lloyd stops where no centroid moves;
 * this stops where no single row's move helps, which is never worse.
 * Rows are visited in order, serially: deterministic.
 */
static double refine(const data *x, size_t k, double *cent, int *lab,
                     size_t *count, double *dots, const unsigned char *und)
{
    double *S = cent, *ns = mct__alloc_array(k, sizeof *ns), obj = 0;
    if (!ns)
        return NAN;
    memset(S, 0, k * x->d * sizeof *S);
    memset(count, 0, k * sizeof *count);
    /* Anchored: S_c starts at the weighted anchor, and the objective is
     * sum_c |S_c + anchor m_c| (each anchor a fixed pseudo-member). */
    for (size_t t = 0; x->prior && t < k * x->d; t++)
        S[t] = x->anchor * x->prior[t];
    /* Rows Lloyd left undecided (equally close to every centre, which
     * can only happen anchored) stay out, as there. */
    for (size_t i = 0; i < x->n; i++) {
        if (und[i])
            continue;
        add_row(x, i, S + (size_t)lab[i] * x->d);
        count[lab[i]]++;
    }
    for (size_t c = 0; c < k; c++)
        ns[c] = sqrt(sqnorm(S + c * x->d, x->d));
    for (int pass = 0; pass < 100; pass++)
        if (!refine_pass(x, k, S, ns, lab, count, dots, und))
            break;
    for (size_t c = 0; c < k; c++) {
        obj += ns[c];
        normalise(S + c * x->d, x->d);
    }
    mct__free(ns);
    return obj;
}

/* Threads for an assignment step: one when the step is too small for
 * a parallel region to pay (a few hundred thousand multiply-adds: the
 * threads would spend more time meeting than working, and spin while
 * they wait). The result is the same either way. */
static int threads_for(const data *x, size_t k, int nt)
{
    double work = (double)k * (x->X ? (double)x->n * (double)x->d
                                    : (double)x->ip[x->n]);
    return work < 2e6 ? 1 : nt;
}

static void ws_free(lloyd_ws *w)
{
    mct__free(w->cent);
    mct__free(w->best_fit);
    mct__free(w->lab);
    mct__free(w->new_lab);
    mct__free(w->count);
}

static bool ws_alloc(lloyd_ws *w, const mct_kmeans_opts *o, const data *x,
                     int nt)
{
    memset(w, 0, sizeof *w);
    w->k = o->k;
    w->sph = o->spherical;
    w->nt = nt;
    return (w->cent = mct__alloc_array(o->k * x->d, sizeof *w->cent)) &&
           (w->best_fit = mct__alloc_array(x->n, sizeof *w->best_fit)) &&
           (w->lab = mct__alloc_array(x->n, sizeof *w->lab)) &&
           (w->new_lab = mct__alloc_array(x->n, sizeof *w->new_lab)) &&
           (w->count = mct__alloc_array(o->k, sizeof *w->count));
}

/* The anchors of seeded k-means: the initial centroids at unit length
 * (x->prior, owned by the caller); none unless spherical with a weight. */
static mct_status set_anchors(const mct_kmeans_opts *o, data *x,
                              const double *init, double **prior)
{
    size_t kd = o->k * x->d;
    *prior = NULL;
    if (!init || !o->spherical || !(o->anchor > 0))
        return MCT_OK;
    if (!(*prior = mct__alloc_array(kd, sizeof **prior)))
        return MCT_ENOMEM;
    memcpy(*prior, init, kd * sizeof **prior);
    for (size_t c = 0; c < o->k; c++)
        normalise(*prior + c * x->d, x->d);
    x->prior = *prior;
    x->anchor = o->anchor;
    return MCT_OK;
}

/* One start (restart r): initial centres, Lloyd's iterations, then the
 * spherical refinement; keeps the result in km when it is the best. */
static mct_status one_start(const mct_kmeans_opts *o, const data *x,
                            const double *init, int r, lloyd_ws *w,
                            double *dist, unsigned char *und, mct_kmeans *km)
{
    size_t k = o->k, n = x->n, d = x->d;
    double obj;
    int iters;
    if (init) {
        memcpy(w->cent, init, k * d * sizeof *w->cent);
        for (size_t c = 0; o->spherical && c < k; c++)
            normalise(w->cent + c * d, d);
    } else {
        mct__rng rng;
        mct__rng_seed(&rng, o->seed, (uint64_t)r + 1);
        seed_plus_plus(x, k, o->spherical, &rng, w->cent, dist);
    }
    obj = lloyd(x, w, o->max_iter, &iters);
    if (o->spherical && !isnan(obj)) {
        for (size_t i = 0; i < n; i++)
            und[i] = (unsigned char)(isnan(w->best_fit[i]) != 0);
        obj = refine(x, k, w->cent, w->lab, w->count, w->best_fit, und);
    }
    if (isnan(obj))
        return MCT_ENOMEM;
    if (o->spherical ? obj > km->objective : obj < km->objective) {
        km->objective = obj;
        km->iters = iters;
        memcpy(km->labels, w->lab, n * sizeof *w->lab);
        memcpy(km->cent, w->cent, k * d * sizeof *w->cent);
    }
    return MCT_OK;
}

static mct_status run(const mct_kmeans_opts *o, data *x, const double *init,
                      mct_kmeans **out)
{
    size_t k = o->k, n = x->n, d = x->d;
    int nt = threads_for(x, k, mct_threads_resolve(o->n_threads));
    mct_kmeans *km = NULL;
    double *dist = NULL, *prior = NULL;
    unsigned char *und = NULL;
    lloyd_ws w;
    mct_status rc = MCT_ENOMEM;
    if (!ws_alloc(&w, o, x, nt) || !(km = mct__calloc(1, sizeof *km)) ||
        !(km->labels = mct__alloc_array(n, sizeof *km->labels)) ||
        !(km->cent = mct__alloc_array(k * d, sizeof *km->cent)) ||
        !(dist = mct__alloc_array(n, sizeof *dist)) ||
        !(und = mct__alloc_array(n + 1, sizeof *und)) ||
        set_anchors(o, x, init, &prior))
        goto out;
    km->n = n;
    km->d = d;
    km->k = k;
    km->spherical = o->spherical;
    km->objective = o->spherical ? -INFINITY : INFINITY;
    for (int r = 0; r < (init ? 1 : o->n_init); r++)
        if ((rc = one_start(o, x, init, r, &w, dist, und, km)))
            goto out;
    *out = km;
    km = NULL;
    rc = MCT_OK;
out:
    x->prior = NULL;
    mct__free(prior);
    mct_kmeans_free(km);
    ws_free(&w);
    mct__free(dist);
    mct__free(und);
    return rc;
}

static bool opts_ok(const mct_kmeans_opts *o, size_t n)
{
    return o && o->k >= 1 && o->k <= n && o->n_init >= 1 && o->max_iter >= 1 &&
           n < UINT32_MAX && o->anchor >= 0 && isfinite(o->anchor);
}

mct_status mct_kmeans_fit_csr(const mct_kmeans_opts *opts, const mct_csr *X,
                              const double *init, mct_kmeans **out)
{
    const mct_kmeans_opts od_ = opts ? *opts : mct_kmeans_opts_default();
    const mct_kmeans_opts *o = &od_;
    mct_csr_view v = mct_csr_get(X);
    data x;
    mct_status rc;
    if (!X || !out || !opts_ok(o, v.n_rows))
        return MCT_EINVAL;
    *out = NULL;
    memset(&x, 0, sizeof x);
    x.n = v.n_rows;
    x.d = v.n_cols;
    x.ip = v.indptr;
    x.ix = v.indices;
    if (!(x.xv = mct__alloc_array(v.nnz + 1, sizeof *x.xv)) ||
        !(x.sq = mct__alloc_array(x.n + 1, sizeof *x.sq))) {
        mct__free(x.xv);
        return MCT_ENOMEM;
    }
    if (v.nnz)
        memcpy(x.xv, v.data, v.nnz * sizeof *x.xv);
    for (size_t i = 0; i < x.n; i++) {
        double s = 0;
        for (size_t t = x.ip[i]; t < x.ip[i + 1]; t++)
            s += x.xv[t] * x.xv[t];
        if (o->spherical && s > 0) {
            double r = 1.0 / sqrt(s);
            for (size_t t = x.ip[i]; t < x.ip[i + 1]; t++)
                x.xv[t] *= r;
            s = 1;
        }
        x.sq[i] = s;
    }
    rc = run(o, &x, init, out);
    mct__free(x.xv);
    mct__free(x.sq);
    return rc;
}

mct_status mct_kmeans_fit_dense(const mct_kmeans_opts *opts, const double *X,
                                size_t n, size_t d, const double *init,
                                mct_kmeans **out)
{
    const mct_kmeans_opts od_ = opts ? *opts : mct_kmeans_opts_default();
    const mct_kmeans_opts *o = &od_;
    data x;
    mct_status rc;
    if (!X || !out || d == 0 || !opts_ok(o, n))
        return MCT_EINVAL;
    *out = NULL;
    memset(&x, 0, sizeof x);
    x.n = n;
    x.d = d;
    if (!(x.X = mct__alloc_array(mct__mul(n, d), sizeof *x.X)) ||
        !(x.sq = mct__alloc_array(n + 1, sizeof *x.sq))) {
        mct__free(x.X);
        return MCT_ENOMEM;
    }
    memcpy(x.X, X, n * d * sizeof *X);
    for (size_t i = 0; i < n; i++) {
        if (o->spherical)
            normalise(x.X + i * d, d);
        x.sq[i] = sqnorm(x.X + i * d, d);
    }
    rc = run(o, &x, init, out);
    mct__free(x.X);
    mct__free(x.sq);
    return rc;
}

const int *mct_kmeans_labels(const mct_kmeans *km, size_t *n)
{
    if (n)
        *n = km ? km->n : 0;
    return km ? km->labels : NULL;
}

const double *mct_kmeans_centroids(const mct_kmeans *km, size_t *k, size_t *d)
{
    if (k)
        *k = km ? km->k : 0;
    if (d)
        *d = km ? km->d : 0;
    return km ? km->cent : NULL;
}

double mct_kmeans_objective(const mct_kmeans *km) { return km ? km->objective : 0; }

int mct_kmeans_iterations(const mct_kmeans *km) { return km ? km->iters : 0; }

mct_status mct_kmeans_similarities(const mct_kmeans *km, const mct_csr *X,
                                   double *out)
{
    mct_csr_view v = mct_csr_get(X);
    if (!km || !X || !out || v.n_cols != km->d)
        return MCT_EINVAL;
    for (size_t i = 0; i < v.n_rows; i++) {
        double s = 0;
        for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++)
            s += v.data[t] * v.data[t];
        s = s > 0 ? 1.0 / sqrt(s) : 0;
        for (size_t c = 0; c < km->k; c++) {
            const double *cc = km->cent + c * km->d;
            double p = 0, cn = sqrt(sqnorm(cc, km->d));
            for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++)
                p += v.data[t] * cc[v.indices[t]];
            out[i * km->k + c] = cn > 0 ? p * s / cn : 0;
        }
    }
    return MCT_OK;
}

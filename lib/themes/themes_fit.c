/*
 * themes_fit.c - clustering the records' features into themes, naming
 * the themes by the evidence of their records (an optimal one-to-one
 * matching with the seeds), and putting them in order.
 */
#include <math.h>
#include <stdio.h>

#include "mct_kmeans.h"
#include "themes_internal.h"

/*
 * Minimum-cost assignment by the Hungarian method with potentials
 * (Kuhn 1955, Munkres 1957; the O(k^3) form of Jonker and Volgenant's
 * shortest augmenting paths): rows are added one at a time, each along
 * the cheapest augmenting path in reduced costs. Deterministic: ties go
 * to the smaller column.
 */
mct_status mct__hungarian(const double *cost, size_t k, size_t *assign)
{
    size_t n1 = k + 1;
    double *u = mct__calloc(n1, sizeof *u), *v = mct__calloc(n1, sizeof *v);
    double *minv = mct__alloc_array(n1, sizeof *minv);
    size_t *p = mct__calloc(n1, sizeof *p), *way = mct__calloc(n1, sizeof *way);
    bool *used = mct__alloc_array(n1, sizeof *used);
    mct_status rc = MCT_ENOMEM;
    if (!u || !v || !minv || !p || !way || !used)
        goto out;
    for (size_t i = 1; i <= k; i++) {
        size_t j0 = 0;
        p[0] = i;
        for (size_t j = 0; j <= k; j++) {
            minv[j] = HUGE_VAL;
            used[j] = false;
        }
        do {
            size_t i0 = p[j0], j1 = 0;
            double delta = HUGE_VAL;
            used[j0] = true;
            for (size_t j = 1; j <= k; j++) {
                double cur;
                if (used[j])
                    continue;
                cur = cost[(i0 - 1) * k + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (size_t j = 0; j <= k; j++) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    for (size_t j = 1; j <= k; j++)
        assign[p[j] - 1] = j - 1;
    rc = MCT_OK;
out:
    mct__free(u);
    mct__free(v);
    mct__free(minv);
    mct__free(p);
    mct__free(way);
    mct__free(used);
    return rc;
}

/* The rows with at least one term, as a matrix of their own. */
static mct_status nonzero_rows(const mct_csr *X, mct_csr **out, size_t **rows,
                               size_t *n_rows)
{
    mct_csr_view v = mct_csr_get(X);
    size_t m = 0, *ptr, *idx;
    uint32_t *ind;
    double *val;
    ptr = mct__calloc(v.n_rows + 1, sizeof *ptr);
    idx = mct__alloc_array(v.n_rows + 1, sizeof *idx);
    ind = mct__alloc_array(v.nnz + 1, sizeof *ind);
    val = mct__alloc_array(v.nnz + 1, sizeof *val);
    if (!ptr || !idx || !ind || !val) {
        mct__free(ptr);
        mct__free(idx);
        mct__free(ind);
        mct__free(val);
        return MCT_ENOMEM;
    }
    for (size_t i = 0; i < v.n_rows; i++) {
        size_t a = v.indptr[i], b = v.indptr[i + 1];
        if (a == b)
            continue;
        memcpy(ind + ptr[m], v.indices + a, (b - a) * sizeof *ind);
        memcpy(val + ptr[m], v.data + a, (b - a) * sizeof *val);
        ptr[m + 1] = ptr[m] + (b - a);
        idx[m++] = i;
    }
    *rows = idx;
    *n_rows = m;
    /* The matrix takes the arrays only when it is made. */
    if (mct__csr_wrap(m, v.n_cols, ptr, ind, val, out)) {
        mct__free(ptr);
        mct__free(ind);
        mct__free(val);
        return MCT_ENOMEM;
    }
    return MCT_OK;
}

/* lambda = seed_weight |sum_i x_i| / k, summed in row order. */
static mct_status anchor_weight(mct_themes *t)
{
    mct_csr_view v = mct_csr_get(t->X);
    double *sum = mct__calloc(t->d + 1, sizeof *sum), norm = 0;
    if (!sum)
        return MCT_ENOMEM;
    for (size_t q = 0; q < v.nnz; q++)
        sum[v.indices[q]] += v.data[q];
    for (size_t j = 0; j < t->d; j++)
        norm += sum[j] * sum[j];
    mct__free(sum);
    t->lambda = t->o.seed_weight * sqrt(norm) / (double)t->k;
    return MCT_OK;
}

/* k-means on the rows with terms; labels for all rows (-1 without). */
static mct_status cluster(mct_themes *t, bool seeded, mct_diag *diag)
{
    mct_kmeans_opts ko = mct_kmeans_opts_default();
    mct_kmeans *km = NULL;
    mct_csr *Xs = NULL;
    size_t *rows = NULL, m = 0;
    const int *lab;
    mct_status rc;
    if ((rc = nonzero_rows(t->X, &Xs, &rows, &m)))
        goto out;
    if (m == 0 || m < t->k) {
        mct__diag(diag, 0, 0, m ? "%zu themes for %zu records with terms"
                                : "no record has a term to count",
                  t->k, m);
        rc = m ? MCT_EINVAL : MCT_EEMPTY;
        goto out;
    }
    ko.k = t->k;
    ko.n_init = t->o.n_init;
    ko.max_iter = t->o.max_iter;
    ko.seed = t->o.seed;
    ko.n_threads = t->o.n_threads;
    if (seeded) {
        if ((rc = anchor_weight(t)))
            goto out;
        ko.anchor = t->lambda;
    }
    if ((rc = mct_kmeans_fit_csr(&ko, Xs, seeded ? t->seedv : NULL, &km)))
        goto out;
    rc = MCT_ENOMEM;
    if (!(t->labels = mct__alloc_array(t->n + 1, sizeof *t->labels)) ||
        !(t->cent = mct__alloc_array(t->k * t->d + 1, sizeof *t->cent)))
        goto out;
    for (size_t i = 0; i < t->n; i++)
        t->labels[i] = -1;
    lab = mct_kmeans_labels(km, NULL);
    for (size_t q = 0; q < m; q++)
        t->labels[rows[q]] = lab[q];
    memcpy(t->cent, mct_kmeans_centroids(km, NULL, NULL),
           t->k * t->d * sizeof *t->cent);
    t->objective = mct_kmeans_objective(km);
    rc = MCT_OK;
out:
    mct_kmeans_free(km);
    mct_csr_free(Xs);
    mct__free(rows);
    return rc;
}

static double dotd(const double *a, const double *b, size_t d)
{
    double s = 0;
    for (size_t j = 0; j < d; j++)
        s += a[j] * b[j];
    return s;
}

/* Members' centroids, sizes and every record's cosine with each centre. */
static mct_status measure(mct_themes *t)
{
    mct_csr_view v = mct_csr_get(t->X);
    size_t k = t->k, d = t->d;
    if (!(t->memb = mct__calloc(k * d + 1, sizeof *t->memb)) ||
        !(t->sims = mct__calloc(t->n * k + 1, sizeof *t->sims)) ||
        !(t->info = mct__calloc(k, sizeof *t->info)))
        return MCT_ENOMEM;
    for (size_t i = 0; i < t->n; i++) {
        bool tie = true;
        for (size_t c = 0; c < k; c++) {
            double s = 0;
            for (size_t q = v.indptr[i]; q < v.indptr[i + 1]; q++)
                s += v.data[q] * t->cent[c * d + v.indices[q]];
            t->sims[i * k + c] = s;
            tie &= s == t->sims[i * k];
        }
        /* A record equally close to every theme (its terms in no theme's
         * centre) has none: any choice would follow the seeds' order. */
        if (tie && k > 1)
            t->labels[i] = -1;
        if (t->labels[i] < 0)
            continue;
        t->info[t->labels[i]].records++;
        for (size_t q = v.indptr[i]; q < v.indptr[i + 1]; q++)
            t->memb[(size_t)t->labels[i] * d + v.indices[q]] += v.data[q];
    }
    for (size_t c = 0; c < k; c++) {
        double nn = sqrt(dotd(t->memb + c * d, t->memb + c * d, d));
        for (size_t j = 0; nn > 0 && j < d; j++)
            t->memb[c * d + j] /= nn;
    }
    return MCT_OK;
}

/* Puts the themes in a new order: new theme c is old theme perm[c]. */
static mct_status reorder(mct_themes *t, const size_t *perm)
{
    size_t k = t->k, d = t->d;
    double *cent = mct__alloc_array(k * d + 1, sizeof *cent);
    double *memb = mct__alloc_array(k * d + 1, sizeof *memb);
    double *sims = mct__alloc_array(t->n * k + 1, sizeof *sims);
    mct_theme_info *info = mct__alloc_array(k, sizeof *info);
    int *inv = mct__alloc_array(k, sizeof *inv);
    if (!cent || !memb || !sims || !info || !inv) {
        mct__free(cent);
        mct__free(memb);
        mct__free(sims);
        mct__free(info);
        mct__free(inv);
        return MCT_ENOMEM;
    }
    for (size_t c = 0; c < k; c++) {
        memcpy(cent + c * d, t->cent + perm[c] * d, d * sizeof *cent);
        memcpy(memb + c * d, t->memb + perm[c] * d, d * sizeof *memb);
        info[c] = t->info[perm[c]];
        inv[perm[c]] = (int)c;
        for (size_t i = 0; i < t->n; i++)
            sims[i * k + c] = t->sims[i * k + perm[c]];
    }
    for (size_t i = 0; i < t->n; i++)
        if (t->labels[i] >= 0)
            t->labels[i] = inv[t->labels[i]];
    mct__free(t->cent);
    mct__free(t->memb);
    mct__free(t->sims);
    mct__free(t->info);
    mct__free(inv);
    t->cent = cent;
    t->memb = memb;
    t->sims = sims;
    t->info = info;
    return MCT_OK;
}

/* Seeded: each theme takes the name of the seed it is matched with. */
static mct_status name_by_seeds(mct_themes *t, const mct_theme_seeds *s)
{
    size_t k = t->k, d = t->d, *assign, *perm;
    double *cos = mct__alloc_array(k * k, sizeof *cos), *cost;
    mct_status rc = MCT_ENOMEM;
    assign = mct__alloc_array(k, sizeof *assign);
    perm = mct__alloc_array(k, sizeof *perm);
    cost = mct__alloc_array(k * k, sizeof *cost);
    if (!cos || !assign || !perm || !cost)
        goto out;
    for (size_t c = 0; c < k; c++)
        for (size_t q = 0; q < k; q++) {
            cos[c * k + q] = dotd(t->memb + c * d, t->seedv + q * d, d);
            cost[c * k + q] = -cos[c * k + q];
        }
    if ((rc = mct__hungarian(cost, k, assign)))
        goto out;
    for (size_t c = 0; c < k; c++) {
        mct_theme_info *in = &t->info[c];
        mct_theme_seed sd;
        mct_theme_seeds_get(s, assign[c], &sd);
        /* The seeds may be freed after the fit: the name is copied. */
        if (!(in->name = mct__arena_strndup(&t->arena, sd.name,
                                            strlen(sd.name)))) {
            rc = MCT_ENOMEM;
            goto out;
        }
        in->seed = (int)assign[c];
        in->seed_cosine = cos[c * k + assign[c]];
        in->other_seed = -1;
        for (size_t q = 0; q < k; q++)
            if (q != assign[c] &&
                (in->other_seed < 0 || cos[c * k + q] > in->other_cosine)) {
                in->other_seed = (int)q;
                in->other_cosine = cos[c * k + q];
            }
        in->flags = 0;
        if (in->other_seed >= 0 && in->other_cosine > in->seed_cosine)
            in->flags |= MCT_THEME_FLAG_OTHER_SEED;
        if (in->seed_cosine < t->o.weak_cosine)
            in->flags |= MCT_THEME_FLAG_LOW_COSINE;
        perm[assign[c]] = c;
    }
    rc = reorder(t, perm);
out:
    mct__free(cos);
    mct__free(cost);
    mct__free(assign);
    mct__free(perm);
    return rc;
}

/* Unguided: largest theme first, each named after its three top terms. */
static mct_status name_by_terms(mct_themes *t)
{
    size_t k = t->k, *perm = mct__alloc_array(k, sizeof *perm);
    mct_status rc;
    if (!perm)
        return MCT_ENOMEM;
    for (size_t c = 0; c < k; c++)
        perm[c] = c;
    /* insertion sort by size, stable: ties keep k-means' order */
    for (size_t a = 1; a < k; a++)
        for (size_t b = a; b > 0 && t->info[perm[b]].records >
                                        t->info[perm[b - 1]].records;
             b--) {
            size_t x = perm[b];
            perm[b] = perm[b - 1];
            perm[b - 1] = x;
        }
    rc = reorder(t, perm);
    mct__free(perm);
    for (size_t c = 0; !rc && c < k; c++) {
        const char *tm[3];
        double w[3];
        size_t m = mct_themes_top_terms(t, c, 3, tm, w), len = 0;
        char *nm;
        for (size_t q = 0; q < m; q++)
            len += strlen(tm[q]) + 2;
        if (!(nm = mct__arena_alloc(&t->arena, len + 1)))
            return MCT_ENOMEM;
        nm[0] = '\0';
        for (size_t q = 0; q < m; q++) {
            if (q)
                strcat(nm, ", ");
            strcat(nm, tm[q]);
        }
        t->info[c].name = nm;
        t->info[c].seed = -1;
        t->info[c].other_seed = -1;
    }
    return rc;
}

/* Of each theme's ten top terms, the share its seed contains. */
static void seed_shares(mct_themes *t)
{
    for (size_t c = 0; c < t->k; c++) {
        size_t col[10], hit = 0;
        size_t m = mct__themes_top_cols(t, c, 10, col);
        const double *sv = t->seedv + (size_t)t->info[c].seed * t->d;
        for (size_t q = 0; q < m; q++)
            hit += sv[col[q]] > 0;
        t->info[c].seed_share = m ? (double)hit / (double)m : 0;
    }
}

mct_status mct__themes_cluster(mct_themes *t, const mct_theme_seeds *s,
                               mct_diag *diag)
{
    mct_status rc;
    if ((rc = cluster(t, s != NULL, diag)) || (rc = measure(t)))
        return rc;
    if (!s)
        return name_by_terms(t);
    if ((rc = name_by_seeds(t, s)))
        return rc;
    seed_shares(t);
    return MCT_OK;
}

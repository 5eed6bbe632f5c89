/*
 * bhtree.c - the Barnes-Hut tree of the t-SNE gradient.
 *
 * Points are quantised on a 2^L grid per dimension over the bounding
 * cube, given Morton codes (bits of the dimensions interleaved), and
 * sorted by code with a stable radix sort. Every cell of the tree is then
 * a contiguous range of the sorted points, so the tree is built top-down
 * by splitting ranges, with no per-node allocation, and points close in
 * space are close in memory.
 */
#include <math.h>

#include "tsne_internal.h"

#define LEAF_CAP 8

/* Grid bits per dimension: the codes take at most 60 bits. */
static int grid_bits(int dims) { return dims == 1 ? 60 : dims == 2 ? 30 : 20; }

void mct__bhtree_init(mct__bhtree *t, int dims)
{
    memset(t, 0, sizeof *t);
    t->dims = dims;
}

void mct__bhtree_destroy(mct__bhtree *t)
{
    mct__free(t->order);
    mct__free(t->rank);
    mct__free(t->code);
    mct__free(t->ys);
    mct__free(t->nodes);
    mct__free(t->tmp_code);
    mct__free(t->tmp_order);
    memset(t, 0, sizeof *t);
}

/* Spreads the low bits of x so that dims - 1 zero bits separate them. */
static uint64_t spread(uint64_t x, int dims)
{
    uint64_t r = 0;
    int bits = grid_bits(dims);
    if (dims == 1)
        return x;
    for (int b = 0; b < bits; b++)
        r |= ((x >> b) & 1u) << (b * dims);
    return r;
}

uint64_t mct__bhtree_code(const mct__bhtree *t, const double *y)
{
    int bits = grid_bits(t->dims);
    double cells = (double)((uint64_t)1 << bits);
    uint64_t code = 0;
    for (int k = 0; k < t->dims; k++) {
        double f = (y[k] - t->lo[k]) / t->side * cells;
        uint64_t q;
        if (!(f > 0))
            q = 0;
        else if (f >= cells)
            q = ((uint64_t)1 << bits) - 1;
        else
            q = (uint64_t)f;
        code |= spread(q, t->dims) << k;
    }
    return code;
}

/* Stable LSD radix sort of (code, order) by code, 12 bits per pass. */
static void radix_sort(uint64_t *code, uint32_t *order, uint64_t *tc,
                       uint32_t *to, size_t n, int key_bits)
{
    size_t count[4096];
    for (int shift = 0; shift < key_bits; shift += 12) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(code[i] >> shift) & 0xFFF]++;
        for (size_t b = 0, s = 0; b < 4096; b++) {
            size_t c = count[b];
            count[b] = s;
            s += c;
        }
        for (size_t i = 0; i < n; i++) {
            size_t at = count[(code[i] >> shift) & 0xFFF]++;
            tc[at] = code[i];
            to[at] = order[i];
        }
        memcpy(code, tc, n * sizeof *code);
        memcpy(order, to, n * sizeof *order);
    }
}

static mct_status reserve(mct__bhtree *t, size_t n)
{
    if (n <= t->n_cap)
        return MCT_OK;
    mct__free(t->order);
    mct__free(t->rank);
    mct__free(t->code);
    mct__free(t->ys);
    mct__free(t->tmp_code);
    mct__free(t->tmp_order);
    t->n_cap = 0;
    if (!(t->order = mct__alloc_array(n, sizeof *t->order)) ||
        !(t->rank = mct__alloc_array(n, sizeof *t->rank)) ||
        !(t->code = mct__alloc_array(n, sizeof *t->code)) ||
        !(t->ys = mct__alloc_array(mct__mul(n, (size_t)t->dims),
                                   sizeof *t->ys)) ||
        !(t->tmp_code = mct__alloc_array(n, sizeof *t->tmp_code)) ||
        !(t->tmp_order = mct__alloc_array(n, sizeof *t->tmp_order)))
        return MCT_ENOMEM;
    t->n_cap = n;
    return MCT_OK;
}

static mct_status new_node(mct__bhtree *t, uint32_t *id)
{
    if (t->n_nodes == t->cap_nodes &&
        mct__grow((void **)&t->nodes, &t->cap_nodes, t->n_nodes + 1,
                  sizeof *t->nodes))
        return MCT_ENOMEM;
    *id = (uint32_t)t->n_nodes++;
    memset(&t->nodes[*id], 0, sizeof t->nodes[*id]);
    return MCT_OK;
}

/* Splits node id into its non-empty children (appended contiguously). */
static mct_status split(mct__bhtree *t, uint32_t id, int bits)
{
    mct__bhnode nd = t->nodes[id];
    int dims = t->dims, shift = dims * (bits - 1 - nd.level);
    uint64_t mask = ((uint64_t)1 << dims) - 1;
    uint32_t b = nd.begin, first = (uint32_t)t->n_nodes;
    uint8_t kids = 0;
    while (b < nd.end) {
        uint64_t digit = (t->code[b] >> shift) & mask;
        uint32_t e = b, c;
        while (e < nd.end && ((t->code[e] >> shift) & mask) == digit)
            e++;
        if (new_node(t, &c))
            return MCT_ENOMEM;
        t->nodes[c].begin = b;
        t->nodes[c].end = e;
        t->nodes[c].level = (uint8_t)(nd.level + 1);
        t->nodes[c].prefix = (nd.prefix << dims) | digit;
        t->nodes[c].half = t->nodes[id].half * 0.5;
        kids++;
        b = e;
    }
    t->nodes[id].child = first;
    t->nodes[id].n_child = kids;
    return MCT_OK;
}

/* The grid: the bounding box's lower corner and its longest side. */
static void bounding_cube(mct__bhtree *t, const double *Y, size_t n)
{
    int dims = t->dims;
    double mn[3] = {0, 0, 0}, mx[3] = {0, 0, 0}, side = 0;
    for (int k = 0; k < dims; k++)
        mn[k] = mx[k] = Y[k];
    for (size_t i = 1; i < n; i++)
        for (int k = 0; k < dims; k++) {
            double v = Y[i * (size_t)dims + (size_t)k];
            if (v < mn[k])
                mn[k] = v;
            if (v > mx[k])
                mx[k] = v;
        }
    for (int k = 0; k < dims; k++)
        if (mx[k] - mn[k] > side)
            side = mx[k] - mn[k];
    /* A little slack so the largest coordinate falls inside the grid. */
    t->side = side > 0 ? side * (1 + 1e-9) + 1e-300 : 1.0;
    for (int k = 0; k < dims; k++)
        t->lo[k] = mn[k];
}

/* The points in Morton (Z) order: codes, order, rank and sorted copy. */
static void morton_order(mct__bhtree *t, const double *Y, size_t n, int bits)
{
    int dims = t->dims;
    for (size_t i = 0; i < n; i++) {
        t->code[i] = mct__bhtree_code(t, Y + i * (size_t)dims);
        t->order[i] = (uint32_t)i;
    }
    radix_sort(t->code, t->order, t->tmp_code, t->tmp_order, n, dims * bits);
    for (size_t s = 0; s < n; s++) {
        t->rank[t->order[s]] = (uint32_t)s;
        memcpy(t->ys + s * (size_t)dims, Y + (size_t)t->order[s] * (size_t)dims,
               (size_t)dims * sizeof *Y);
    }
}

/* Centres of mass, children before parents (a reverse sweep: nodes are
 * split in creation order, so children come after their parent). */
static void centres_of_mass(mct__bhtree *t)
{
    int dims = t->dims;
    for (size_t id = t->n_nodes; id-- > 0;) {
        mct__bhnode *nd = &t->nodes[id];
        double s[3] = {0, 0, 0};
        if (nd->n_child == 0) {
            for (uint32_t p = nd->begin; p < nd->end; p++)
                for (int k = 0; k < dims; k++)
                    s[k] += t->ys[(size_t)p * (size_t)dims + (size_t)k];
        } else {
            for (uint32_t c = nd->child; c < nd->child + nd->n_child; c++) {
                const mct__bhnode *ch = &t->nodes[c];
                double w = (double)(ch->end - ch->begin);
                for (int k = 0; k < dims; k++)
                    s[k] += w * ch->com[k];
            }
        }
        for (int k = 0; k < dims; k++)
            nd->com[k] = s[k] / (double)(nd->end - nd->begin);
    }
}

mct_status mct__bhtree_build(mct__bhtree *t, const double *Y, size_t n)
{
    int bits = grid_bits(t->dims);
    uint32_t root;
    if (n == 0 || n >= UINT32_MAX)
        return MCT_EINVAL;
    if (reserve(t, n))
        return MCT_ENOMEM;
    t->n = n;
    t->n_nodes = 0;
    bounding_cube(t, Y, n);
    morton_order(t, Y, n, bits);
    if (new_node(t, &root))
        return MCT_ENOMEM;
    t->nodes[root].begin = 0;
    t->nodes[root].end = (uint32_t)n;
    t->nodes[root].half = t->side * 0.5;
    for (size_t id = 0; id < t->n_nodes; id++) {
        mct__bhnode *nd = &t->nodes[id];
        if (nd->end - nd->begin > LEAF_CAP && nd->level < bits)
            if (split(t, (uint32_t)id, bits))
                return MCT_ENOMEM;
    }
    centres_of_mass(t);
    return MCT_OK;
}

/*
 * The traversal, written once for any dims and instantiated for 1, 2 and
 * 3 so that the compiler unrolls the coordinate loops.
 */
static inline __attribute__((always_inline)) void
repulse_impl(const mct__bhtree *t, const double *y, uint64_t code,
             size_t skip, double theta, double *z, double *force,
             const int dims)
{
    const int bits = grid_bits(dims);
    const double th2 = theta * theta;
    uint32_t stack[512];
    size_t sp = 0;
    double zs = 0, f[3] = {0, 0, 0};
    stack[sp++] = 0;
    while (sp) {
        const mct__bhnode *nd = &t->nodes[stack[--sp]];
        double dy[3], d2 = 0;
        if (nd->n_child == 0) {
            /* A leaf: every point exactly. */
            for (uint32_t p = nd->begin; p < nd->end; p++) {
                const double *yp = t->ys + (size_t)p * (size_t)dims;
                double q, e2 = 0, e[3];
                if (p == skip)
                    continue;
                for (int k = 0; k < dims; k++) {
                    e[k] = y[k] - yp[k];
                    e2 += e[k] * e[k];
                }
                q = 1.0 / (1.0 + e2);
                zs += q;
                for (int k = 0; k < dims; k++)
                    f[k] += q * q * e[k];
            }
            continue;
        }
        for (int k = 0; k < dims; k++) {
            dy[k] = y[k] - nd->com[k];
            d2 += dy[k] * dy[k];
        }
        /* Summarise a cell when its side is small for its distance
         * (side / distance < theta, the full side as scikit-learn and
         * openTSNE measure it) and it does not hold y itself. */
        if (4.0 * nd->half * nd->half < th2 * d2 &&
            (code >> (dims * (bits - nd->level))) != nd->prefix) {
            double w = (double)(nd->end - nd->begin);
            double q = 1.0 / (1.0 + d2);
            zs += w * q;
            for (int k = 0; k < dims; k++)
                f[k] += w * q * q * dy[k];
            continue;
        }
        /* Children pushed last-first, so they are visited in order. */
        for (uint32_t c = nd->child + nd->n_child; c-- > nd->child;)
            stack[sp++] = c;
    }
    *z = zs;
    for (int k = 0; k < dims; k++)
        force[k] = f[k];
}

void mct__bhtree_repulse(const mct__bhtree *t, const double *y, uint64_t code,
                         size_t skip, double theta, double *z, double *force)
{
    switch (t->dims) {
    case 1:
        repulse_impl(t, y, code, skip, theta, z, force, 1);
        break;
    case 2:
        repulse_impl(t, y, code, skip, theta, z, force, 2);
        break;
    default:
        repulse_impl(t, y, code, skip, theta, z, force, 3);
        break;
    }
}

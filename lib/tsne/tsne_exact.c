/*
 * tsne_exact.c - the exact t-SNE gradient near the machine's limit.
 *
 * P is symmetric, so each pair {i, j} is visited once: the points are cut
 * into blocks of MCT__EXACT_B, and the tiles (I, J), I <= J, of the upper
 * triangle are handed to the threads. A tile reads its B x B slice of P
 * (packed contiguously at setup) and the two blocks' coordinates (kept by
 * coordinate, so eight points load as one vector), and computes each
 * pair's q~ = 1 / (1 + d^2) once for the normalisation Z and for both
 * forces on both points. Every tile writes its own partial sums; a point's
 * sums are then added over its tiles in tile order, so the bits do not
 * depend on the thread count (house rule R8). The per-pair arithmetic is
 * written once (tsne_exact_tile.h) and compiled for AVX-512, AVX2 and
 * plain SSE2 (or whatever the target has), chosen at run time.
 */
#include "tsne_exact.h"

#include <math.h>

/* Tiles (I, J), I <= J, numbered row by row. */
static inline size_t tile_index(size_t nb, size_t I, size_t J)
{
    return I * (2 * nb - I + 1) / 2 + (J - I);
}

#define LANES8(v) \
    ((((v)[0] + (v)[1]) + ((v)[2] + (v)[3])) + \
     (((v)[4] + (v)[5]) + ((v)[6] + (v)[7])))

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define EXACT_X86 1
#endif

/* The portable copy: two doubles a register (SSE2 on x86-64). */
#define TILE_TARGET
#define TILE_W 2
#define TILE_NAME tile_portable_1
#define TILE_D 1
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#define TILE_NAME tile_portable_2
#define TILE_D 2
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#define TILE_NAME tile_portable_3
#define TILE_D 3
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#undef TILE_TARGET
#undef TILE_W

#ifdef EXACT_X86
#define TILE_TARGET __attribute__((target("avx2")))
#define TILE_W 4
#define TILE_NAME tile_avx2_1
#define TILE_D 1
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#define TILE_NAME tile_avx2_2
#define TILE_D 2
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#define TILE_NAME tile_avx2_3
#define TILE_D 3
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#undef TILE_TARGET
#undef TILE_W

#define TILE_TARGET __attribute__((target("avx512f")))
#define TILE_W 8
#define TILE_NAME tile_avx512_1
#define TILE_D 1
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#define TILE_NAME tile_avx512_2
#define TILE_D 2
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#define TILE_NAME tile_avx512_3
#define TILE_D 3
#include "tsne_exact_tile.h"
#undef TILE_NAME
#undef TILE_D
#undef TILE_TARGET
#undef TILE_W
#endif

typedef void (*tile_fn)(const mct__exact *, size_t, size_t, double *,
                        double *);

static tile_fn pick(int isa, int dims)
{
    static const tile_fn portable[3] = {tile_portable_1, tile_portable_2,
                                        tile_portable_3};
#ifdef EXACT_X86
    static const tile_fn avx2[3] = {tile_avx2_1, tile_avx2_2, tile_avx2_3};
    static const tile_fn avx512[3] = {tile_avx512_1, tile_avx512_2,
                                      tile_avx512_3};
    if (isa == MCT__ISA_AVX512)
        return avx512[dims - 1];
    if (isa == MCT__ISA_AVX2)
        return avx2[dims - 1];
#endif
    (void)isa;
    return portable[dims - 1];
}

static int best_isa(void)
{
#ifdef EXACT_X86
    if (__builtin_cpu_supports("avx512f"))
        return MCT__ISA_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return MCT__ISA_AVX2;
#endif
    return MCT__ISA_PORTABLE;
}

int mct__exact_set_isa(mct__exact *k, int isa)
{
    int best = best_isa();
    k->isa = isa < best ? isa : best;
    return k->isa;
}

void mct__exact_free(mct__exact *k)
{
    if (!k)
        return;
    mct__free(k->P);
    mct__free(k->ys);
    mct__free(k->part);
    mct__free(k->rows);
    mct__free(k->tile_kl);
    memset(k, 0, sizeof *k);
}

mct_status mct__exact_init(mct__exact *k, const double *P, size_t n,
                           int dims, int n_threads)
{
    const size_t B = MCT__EXACT_B;
    size_t nb = (n + B - 1) / B, nt = nb * (nb + 1) / 2;
    size_t S = 1 + 2 * (size_t)dims;
    memset(k, 0, sizeof *k);
    k->n = n;
    k->nb = nb;
    k->dims = dims;
    k->nt = n_threads > 0 ? n_threads : 1;
    k->isa = best_isa();
    if (dims < 1 || dims > 3)
        return MCT_EINVAL;
    if (!(k->P = mct__alloc_array(mct__mul(nt, B * B), sizeof *k->P)) ||
        !(k->ys = mct__alloc_array(mct__mul(nb * B, (size_t)dims),
                                   sizeof *k->ys)) ||
        !(k->part = mct__alloc_array(mct__mul(nt, 2 * B * S),
                                     sizeof *k->part)) ||
        !(k->rows = mct__alloc_array(mct__mul(n, S), sizeof *k->rows)) ||
        !(k->tile_kl = mct__alloc_array(nt, sizeof *k->tile_kl))) {
        mct__exact_free(k);
        return MCT_ENOMEM;
    }
    /* Each tile's slice of P, zero past the last point. */
#pragma omp parallel for num_threads(k->nt) schedule(dynamic, 1)
    for (size_t I = 0; I < nb; I++)
        for (size_t J = I; J < nb; J++) {
            double *t = k->P + tile_index(nb, I, J) * B * B;
            for (size_t a = 0; a < B; a++)
                for (size_t b = 0; b < B; b++) {
                    size_t i = I * B + a, j = J * B + b;
                    t[a * B + b] = i < n && j < n ? P[i * n + j] : 0.0;
                }
        }
    /* The constant part of KL, in row order. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double p = P[i * n + j];
            if (j != i && p > 0) {
                k->plogp += p * log(p);
                k->psum += p;
            }
        }
    return MCT_OK;
}

/* Tile t back to (I, J). */
static size_t tile_rows_of(size_t nb, size_t t, size_t *J)
{
    size_t I = 0;
    while (t >= nb - I) {
        t -= nb - I;
        I++;
    }
    *J = I + t;
    return I;
}

/* Coordinates by dimension; padding far away (q~ = 0 exactly). */
static void load_map(mct__exact *k, const double *Y)
{
    const size_t npad = k->nb * MCT__EXACT_B, D = (size_t)k->dims;
    for (size_t d = 0; d < D; d++)
        for (size_t i = 0; i < npad; i++)
            k->ys[d * npad + i] = i < k->n ? Y[i * D + d] : 1e200;
}

/* Sum of p log(1 + d^2) over the pairs of tile (I, J), each once. */
static double tile_kl(const mct__exact *k, size_t I, size_t J)
{
    const size_t B = MCT__EXACT_B, npad = k->nb * B, D = (size_t)k->dims;
    const double *P = k->P + tile_index(k->nb, I, J) * B * B;
    double s = 0;
    for (size_t a = 0; a < B && I * B + a < k->n; a++)
        for (size_t b = I == J ? a + 1 : 0; b < B; b++) {
            double p = P[a * B + b], d2 = 0;
            if (!(p > 0))
                continue;
            for (size_t d = 0; d < D; d++) {
                double e = k->ys[d * npad + I * B + a] -
                           k->ys[d * npad + J * B + b];
                d2 += e * e;
            }
            s += p * log(1.0 + d2);
        }
    return s;
}

double mct__exact_kl(mct__exact *k, const double *Y, double Z)
{
    const long n_tiles = (long)(k->nb * (k->nb + 1) / 2);
    double s = 0;
    load_map(k, Y);
#pragma omp parallel for num_threads(k->nt) schedule(dynamic, 1)
    for (long t = 0; t < n_tiles; t++) {
        size_t J, I = tile_rows_of(k->nb, (size_t)t, &J);
        k->tile_kl[t] = tile_kl(k, I, J);
    }
    for (long t = 0; t < n_tiles; t++)
        s += k->tile_kl[t];
    /* -log q~ = log(1 + d^2); P is symmetric, so each pair counts twice. */
    return k->plogp + 2 * s + log(Z) * k->psum;
}

/* Point r's sums over its tiles, in tile order: (I, b) for I < b from
 * the column side, then (b, J) for J >= b from the row side. */
static void gather(const mct__exact *k, size_t r, double *out)
{
    const size_t B = MCT__EXACT_B, nb = k->nb, b = r / B, rr = r % B;
    const size_t S = 1 + 2 * (size_t)k->dims;
    for (size_t s = 0; s < S; s++)
        out[s] = 0;
    for (size_t I = 0; I < b; I++) {
        const double *col = k->part + tile_index(nb, I, b) * 2 * B * S + B * S;
        for (size_t s = 0; s < S; s++)
            out[s] += col[s * B + rr];
    }
    for (size_t J = b; J < nb; J++) {
        const double *row = k->part + tile_index(nb, b, J) * 2 * B * S;
        for (size_t s = 0; s < S; s++)
            out[s] += row[s * B + rr];
    }
}

double mct__exact_grad(mct__exact *k, const double *Y, double exag,
                       double *dY)
{
    const size_t B = MCT__EXACT_B, nb = k->nb;
    const size_t S = 1 + 2 * (size_t)k->dims, D = (size_t)k->dims;
    const long n_tiles = (long)(nb * (nb + 1) / 2);
    tile_fn fn = pick(k->isa, k->dims);
    double Z = 0;
    load_map(k, Y);
#pragma omp parallel for num_threads(k->nt) schedule(dynamic, 1)
    for (long t = 0; t < n_tiles; t++) {
        size_t J, I = tile_rows_of(nb, (size_t)t, &J);
        fn(k, I, J, k->part + (size_t)t * 2 * B * S,
           k->part + (size_t)t * 2 * B * S + B * S);
    }
#pragma omp parallel for num_threads(k->nt) schedule(static)
    for (size_t r = 0; r < k->n; r++)
        gather(k, r, k->rows + r * S);
    for (size_t r = 0; r < k->n; r++)
        Z += k->rows[r * S];
    for (size_t r = 0; r < k->n; r++)
        for (size_t d = 0; d < D; d++)
            dY[r * D + d] = exag * k->rows[r * S + 1 + d] -
                            k->rows[r * S + 1 + D + d] / Z;
    return Z;
}

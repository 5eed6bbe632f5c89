/*
 * attract.c - the attraction of a two-dimensional t-SNE map,
 *   a_i = sum_j p_ij (y_i - y_j) / (1 + |y_i - y_j|^2),
 * over the rows of the sparse P: the row kernel of attract_row.h compiled
 * for AVX-512, AVX2 and the portable target, chosen at run time like the
 * exact kernel's tiles (tsne_exact.c). All three give the same bits.
 * With Barnes-Hut or FFT repulsion this is a third of the time of a large
 * map: the divisions and the neighbours' coordinates, scattered in memory,
 * are what it waits for.
 */
#include "tsne_attract.h"

#include "tsne_exact.h" /* MCT__ISA_* */

#if defined(__x86_64__) && defined(__GNUC__)
#define ATTRACT_X86 1
#endif

#define ROW_TARGET
#define ROW_W 2
#define ROW_NAME row_portable
#include "attract_row.h"
#undef ROW_NAME
#undef ROW_W
#undef ROW_TARGET

#ifdef ATTRACT_X86
#define ROW_TARGET __attribute__((target("avx2")))
#define ROW_W 4
#define ROW_NAME row_avx2
#include "attract_row.h"
#undef ROW_NAME
#undef ROW_W
#undef ROW_TARGET

#define ROW_TARGET __attribute__((target("avx512f")))
#define ROW_W 8
#define ROW_NAME row_avx512
#include "attract_row.h"
#undef ROW_NAME
#undef ROW_W
#undef ROW_TARGET
#endif

mct__attract_fn mct__attract_pick(int isa)
{
#ifdef ATTRACT_X86
    if (isa >= MCT__ISA_AVX512 && __builtin_cpu_supports("avx512f"))
        return row_avx512;
    if (isa >= MCT__ISA_AVX2 && __builtin_cpu_supports("avx2"))
        return row_avx2;
#endif
    (void)isa;
    return row_portable;
}

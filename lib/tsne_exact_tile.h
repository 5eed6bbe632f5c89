/*
 * tsne_exact_tile.h - one tile of the exact t-SNE kernel, included by
 * tsne_exact.c once per instruction set and dimension with
 *   TILE_NAME    the function's name
 *   TILE_TARGET  its target attribute (empty for the portable copy)
 *   TILE_D       the map's dimension (1, 2 or 3)
 * Eight pairs at a time in GCC vector types, which each target lowers to
 * its own registers (one AVX-512 register, two AVX2 ones, four SSE2 ones)
 * with the same arithmetic in every lane and no fused multiply-add
 * (-ffp-contract=off), so every copy gives the same bits. Lanes are added
 * in one fixed tree at the end of a row.
 */
TILE_TARGET static void TILE_NAME(const mct__exact *k, size_t I, size_t J,
                                  double *prow, double *pcol)
{
    typedef double v8 __attribute__((vector_size(64)));
    enum { B = MCT__EXACT_B, D = TILE_D, S = 1 + 2 * TILE_D };
    const size_t npad = k->nb * B;
    const double *P = k->P + tile_index(k->nb, I, J) * B * B;
    const double *yi_s[D], *yj_s[D];
    const bool on_diag = I == J;
    size_t rows = k->n - I * B < B ? k->n - I * B : B;
    for (int d = 0; d < D; d++) {
        yi_s[d] = k->ys + (size_t)d * npad + I * B;
        yj_s[d] = k->ys + (size_t)d * npad + J * B;
    }
    memset(prow, 0, sizeof(double) * S * B);
    if (!on_diag)
        memset(pcol, 0, sizeof(double) * S * B);
    for (size_t ii = 0; ii < rows; ii++) {
        v8 z = {0}, a[D], r[D];
        double yi[D];
        const double *p = P + ii * B;
        for (int d = 0; d < D; d++) {
            a[d] = r[d] = (v8){0};
            yi[d] = yi_s[d][ii];
        }
        for (size_t c = 0; c < B; c += 8) {
            v8 dx[D], d2 = {0}, q, pv, pq, q2;
            for (int d = 0; d < D; d++) {
                v8 yj;
                memcpy(&yj, yj_s[d] + c, sizeof yj);
                dx[d] = yi[d] - yj;
                d2 += dx[d] * dx[d];
            }
            /* q~ = 1 / (1 + d^2); padding points sit at 1e200, where d^2
             * overflows and q~ is exactly 0. */
            q = 1.0 / (1.0 + d2);
            if (on_diag && c == (ii & ~(size_t)7)) {
                v8 keep = {1, 1, 1, 1, 1, 1, 1, 1};
                keep[ii & 7] = 0; /* not the point itself */
                q *= keep;
            }
            memcpy(&pv, p + c, sizeof pv);
            pq = pv * q;
            q2 = q * q;
            z += q;
            for (int d = 0; d < D; d++) {
                a[d] += pq * dx[d];
                r[d] += q2 * dx[d];
            }
            if (on_diag)
                continue;
            /* The same pairs seen from J's points: y_j - y_i = -dx. */
            {
                v8 cz, ca, cr;
                memcpy(&cz, pcol + c, sizeof cz);
                cz += q;
                memcpy(pcol + c, &cz, sizeof cz);
                for (int d = 0; d < D; d++) {
                    double *pa = pcol + (size_t)(1 + d) * B + c;
                    double *pr = pcol + (size_t)(1 + D + d) * B + c;
                    memcpy(&ca, pa, sizeof ca);
                    memcpy(&cr, pr, sizeof cr);
                    ca -= pq * dx[d];
                    cr -= q2 * dx[d];
                    memcpy(pa, &ca, sizeof ca);
                    memcpy(pr, &cr, sizeof cr);
                }
            }
        }
        prow[ii] = LANES8(z);
        for (int d = 0; d < D; d++) {
            prow[(size_t)(1 + d) * B + ii] = LANES8(a[d]);
            prow[(size_t)(1 + D + d) * B + ii] = LANES8(r[d]);
        }
    }
}

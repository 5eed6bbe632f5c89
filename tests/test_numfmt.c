/*
 * test_numfmt.c - shortest round-trip doubles, integers, the buffered
 * writer and the block-parallel row writer; Matrix Market through them.
 *
 * build/tests/test_numfmt [N] checks N random doubles (default 300,000;
 * `make check-slow` runs 10^7).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mctext.h"
#include "numfmt.h"
#include "tap.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double from_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static uint64_t bits_of(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* The n-th test value: a mix of kinds that stress different paths. */
static double sample(size_t i)
{
    uint64_t r = rnd();
    char b[40];
    switch (i % 8) {
    case 0: /* any finite bit pattern */
        r = (r & ~(0x7ffULL << 52)) | ((r % 0x7ff) << 52);
        return from_bits(r);
    case 1: /* subnormals */
        return from_bits((r & ((1ULL << 52) - 1)) | (r & 1ULL << 63));
    case 2: /* powers of two and their neighbours */
        return nextafter(ldexp(1.0, (int)(r % 2098) - 1074),
                         (r >> 20) & 1 ? 0.0 : HUGE_VAL);
    case 3: /* short decimals: where shortest and %.17g differ most */
        snprintf(b, sizeof b, "%de%d", (int)(r % 100000),
                 (int)((r >> 20) % 600) - 300);
        return strtod(b, NULL);
    case 4: /* next to a short decimal: near a rounding boundary */
        snprintf(b, sizeof b, "%.*e", (int)(r % 16), from_bits(rnd() >> 2));
        return nextafter(strtod(b, NULL), (r >> 40) & 1 ? 0.0 : HUGE_VAL);
    case 5: /* uniform in [0, 1), as TF-IDF weights */
        return (double)(r >> 11) * 0x1.0p-53;
    case 6: /* integers */
        return (double)(r >> (r % 64));
    default: /* extremes and their neighbours */
        return from_bits(((r & 3) == 0 ? 0x7fefffffffffffffULL
                          : (r & 3) == 1 ? 0x0010000000000003ULL
                          : (r & 3) == 2 ? 4ULL
                                         : 0x000fffffffffffffULL) -
                         ((r >> 8) & 3));
    }
}

/* Number of significant digits in a decimal's mantissa. */
static int n_digits(const char *s)
{
    int n = 0, lead = 1, trail = 0;
    for (; *s && *s != 'e'; s++) {
        if (*s < '0' || *s > '9')
            continue;
        if (*s == '0' && lead)
            continue;
        lead = 0;
        n++;
        trail = *s == '0' ? trail + 1 : 0;
    }
    return n - trail;
}

static void test_fixed(void)
{
    static const struct { double v; const char *s; } cases[] = {
        {0.0, "0"}, {-0.0, "-0"}, {1.0, "1"}, {0.1, "0.1"}, {0.3, "0.3"},
        {-2.5, "-2.5"}, {1e23, "1e+23"}, {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {2.2250738585072014e-308, "2.2250738585072014e-308"},
        {1e16, "10000000000000000"}, {1e17, "1e+17"}, {0.0001, "0.0001"},
        {0.00001, "1e-05"}, {123456789.0, "123456789"},
        {0.30000000000000004, "0.30000000000000004"},
        {9007199254740992.0, "9007199254740992"}, {1.5e300, "1.5e+300"},
        {0.70710678118654757, "0.7071067811865476"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char b[MCT__FMT_MAX + 1];
        b[mct__fmt_double(b, cases[i].v)] = '\0';
        if (strcmp(b, cases[i].s)) {
            DIAG("%.17g: got %s, expected %s", cases[i].v, b, cases[i].s);
            bad++;
        }
    }
    OK(bad == 0, "fixed cases (0, -0, extremes, %%g's layout boundaries)");
    {
        char b[MCT__FMT_MAX + 1];
        b[mct__fmt_double(b, HUGE_VAL)] = '\0';
        OK(strcmp(b, "inf") == 0, "inf");
        b[mct__fmt_double(b, -HUGE_VAL)] = '\0';
        OK(strcmp(b, "-inf") == 0, "-inf");
        b[mct__fmt_double(b, nan(""))] = '\0';
        OK(strcmp(b, "nan") == 0, "nan");
    }
}

static void test_random(size_t n)
{
    size_t bad_rt = 0, bad_len = 0, bad_short = 0, shorter = 0, checked = 0;
    for (size_t i = 0; i < n; i++) {
        double v = sample(i), back;
        char b[MCT__FMT_MAX + 1], ref[40];
        size_t len = mct__fmt_double(b, v);
        int rl;
        b[len] = '\0';
        back = strtod(b, NULL);
        if (bits_of(back) != bits_of(v) && bad_rt++ < 5)
            DIAG("%.17g (kind %zu) written as %s reads back as %.17g", v,
                 i % 8, b, back);
        rl = snprintf(ref, sizeof ref, "%.17g", v);
        if (len > (size_t)rl && bad_len++ < 5)
            DIAG("%s is longer than %%.17g's %s", b, ref);
        shorter += len < (size_t)rl;
        /* Shortest: no correctly rounded decimal with fewer digits reads
         * back (checked on every 8th value; printf is slow). */
        if (i % 8 == 0) {
            int nd = n_digits(b);
            checked++;
            if (nd > 1) {
                snprintf(ref, sizeof ref, "%.*e", nd - 2, v);
                if (bits_of(strtod(ref, NULL)) == bits_of(v) &&
                    bad_short++ < 5)
                    DIAG("%s is not shortest: %s", b, ref);
            }
        }
    }
    OK(bad_rt == 0, "%zu random doubles read back exactly (%zu did not)", n,
       bad_rt);
    OK(bad_len == 0, "never longer than %%.17g (%zu shorter, %zu longer)",
       shorter, bad_len);
    OK(bad_short == 0, "shortest digits (%zu checked against printf)",
       checked);
}

static void test_u64(void)
{
    int bad = 0;
    for (int i = 0; i < 100000; i++) {
        uint64_t v = i < 64 ? (1ULL << i) - 1 : rnd() >> (rnd() % 64);
        char b[MCT__FMT_MAX + 1], ref[32];
        b[mct__fmt_u64(b, v)] = '\0';
        snprintf(ref, sizeof ref, "%llu", (unsigned long long)v);
        bad += strcmp(b, ref) != 0;
    }
    OK(bad == 0, "integers as printf writes them");
}

/* Row i: "i v_i\n" with varying lengths. */
static mct_status rows_fn(const void *ctx, size_t begin, size_t end,
                          mct__buf *out)
{
    const double *v = ctx;
    for (size_t i = begin; i < end; i++) {
        char b[2 * MCT__FMT_MAX + 2];
        size_t n = mct__fmt_u64(b, i);
        b[n++] = ' ';
        n += mct__fmt_double(b + n, v[i]);
        b[n++] = '\n';
        if (mct__buf_add(out, b, n))
            return MCT_ENOMEM;
    }
    return MCT_OK;
}

static char *write_table(const double *v, size_t n, int nt, size_t *len)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, len);
    mct__outbuf o;
    if (!f || mct__outbuf_init(&o, f, 4096))
        return NULL;
    mct__outbuf_str(&o, "head\n");
    mct__write_rows(&o, n, 7, nt, rows_fn, v);
    mct__outbuf_str(&o, "tail\n");
    if (mct__outbuf_close(&o)) {
        fclose(f);
        free(p);
        return NULL;
    }
    fclose(f);
    return p;
}

static void test_rows(void)
{
    size_t n = 5000, l1 = 0, l4 = 0, l3 = 0;
    double *v = malloc(n * sizeof *v);
    char *a, *b, *c;
    for (size_t i = 0; i < n; i++)
        v[i] = sample(i);
    a = write_table(v, n, 1, &l1);
    b = write_table(v, n, 4, &l4);
    c = write_table(v, 0, 3, &l3);
    OK(a && b && l1 == l4 && memcmp(a, b, l1) == 0,
       "rows in blocks: 1 and 4 threads write the same %zu bytes", l1);
    OK(c && l3 == 10 && memcmp(c, "head\ntail\n", 10) == 0, "no rows");
    free(a);
    free(b);
    free(c);
    free(v);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long n;
    if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0) {
        if (f)
            fclose(f);
        return NULL;
    }
    rewind(f);
    p = malloc((size_t)n + 1);
    *len = fread(p, 1, (size_t)n, f);
    fclose(f);
    return p;
}

static void test_mtx(void)
{
    size_t nr = 3000, nc = 50, *ip = malloc((nr + 1) * sizeof *ip), nnz = 0;
    uint32_t *ix = malloc(nr * nc * sizeof *ix);
    double *dv = malloc(nr * nc * sizeof *dv);
    mct_csr *m = NULL, *back = NULL;
    mct_diag d;
    char *a, *b;
    size_t la = 0, lb = 0, bad = 0;
    ip[0] = 0;
    for (size_t i = 0; i < nr; i++) {
        for (uint32_t j = 0; j < nc; j++)
            if (rnd() % 3 == 0) {
                ix[nnz] = j;
                dv[nnz] = sample(nnz) * (rnd() & 1 ? 1 : -1);
                nnz++;
            }
        ip[i + 1] = nnz;
    }
    OK(mct_csr_new(nr, nc, ip, ix, dv, &m) == MCT_OK, "a %zu x %zu matrix",
       nr, nc);
    OK(mct_csr_write_mtx_threads(m, "build/test_numfmt_1.mtx", "two\nlines",
                                 1, &d) == MCT_OK &&
           mct_csr_write_mtx_threads(m, "build/test_numfmt_3.mtx",
                                     "two\nlines", 3, &d) == MCT_OK,
       "Matrix Market with 1 and 3 threads");
    a = slurp("build/test_numfmt_1.mtx", &la);
    b = slurp("build/test_numfmt_3.mtx", &lb);
    OK(a && b && la == lb && !memcmp(a, b, la), "same bytes (%zu)", la);
    OK(a && !strncmp(a, "%%MatrixMarket matrix coordinate real general\n"
                        "% two\n% lines\n3000 50 ", 68),
       "banner, comment lines and size line");
    OK(mct_csr_read_mtx("build/test_numfmt_3.mtx", &back, &d) == MCT_OK,
       "reads back (%s)", d.msg);
    if (back) {
        mct_csr_view bv = mct_csr_get(back);
        bad = bv.nnz != nnz;
        for (size_t k = 0; !bad && k < nnz; k++)
            bad += bits_of(bv.data[k]) != bits_of(dv[k]) ||
                   bv.indices[k] != ix[k];
    }
    OK(back && bad == 0, "every value read back is the double written");
    OK(mct_csr_write_mtx(m, "/nonexistent/dir/x.mtx", NULL, &d) == MCT_EIO,
       "unwritable path: MCT_EIO (%s)", d.msg);
    remove("build/test_numfmt_1.mtx");
    remove("build/test_numfmt_3.mtx");
    free(a);
    free(b);
    mct_csr_free(m);
    mct_csr_free(back);
    free(ip);
    free(ix);
    free(dv);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 300000;
    test_fixed();
    test_u64();
    test_random(n);
    test_rows();
    test_mtx();
    return tap_done();
}

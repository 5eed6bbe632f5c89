/*
 * numfmt.c - shortest round-trip decimals for doubles, and integers, both
 * without printf.
 *
 * Doubles use the Schubfach method (R. Giulietti, "The Schubfach way to
 * render doubles", 2020; also the basis of Java 19's Double.toString):
 * the rounding interval of v = c 2^q is scaled by one 126-bit power of
 * ten 10^-k chosen so that the interval holds at most one multiple of 10
 * at the scaled scale, and the result is read off with one rounding-odd
 * multiply per bound. Nothing is looped over and no big numbers are
 * needed; the powers come from lib/core/pow10_table.h (scripts/gen_pow10.py,
 * exact integer arithmetic). Debian ships no C library for this (the
 * Ryu and double-conversion libraries it has are C++ or not packaged for
 * C), so the algorithm is written out here from the paper.
 */
#include "numfmt.h"

#include <math.h>

#include "pow10_table.h"

/* ---- 64x64 -> high 64 bits ------------------------------------------ */

static inline uint64_t umulh(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    return (uint64_t)(((mct__u128)a * b) >> 64);
#else
    uint64_t ha = a >> 32, la = (uint32_t)a, hb = b >> 32, lb = (uint32_t)b;
    uint64_t ll = la * lb, hl = ha * lb, lh = la * hb;
    uint64_t mid = (ll >> 32) + (uint32_t)hl + (uint32_t)lh;
    return ha * hb + (hl >> 32) + (lh >> 32) + (mid >> 32);
#endif
}

#define MASK63 0x7fffffffffffffffULL

/*
 * floor(g cp / 2^127) with the sticky bit of the rest or-ed into bit 0
 * (round to odd), g = g1 2^63 + g0 being the 126-bit power of ten.
 */
static inline uint64_t rop(uint64_t g1, uint64_t g0, uint64_t cp)
{
    uint64_t x1 = umulh(g0, cp);
    uint64_t y0 = g1 * cp, y1 = umulh(g1, cp);
    uint64_t z = (y0 >> 1) + x1;
    uint64_t vbp = y1 + (z >> 63);
    return vbp | (((z & MASK63) + MASK63) >> 63);
}

/* floor(q log10 2), floor(log10(3/4 2^q)) and floor(e log2 10), exact
 * over the ranges used (checked by scripts/gen_pow10.py). */
static inline int flog10pow2(int q)
{
    return (int)(((int64_t)q * 661971961083LL) >> 41);
}
static inline int flog10_3q4pow2(int q)
{
    return (int)(((int64_t)q * 661971961083LL - 274743187321LL) >> 41);
}
static inline int flog2pow10(int e)
{
    return (int)(((int64_t)e * 913124641741LL) >> 38);
}

/*
 * The shortest decimal f 10^e in the rounding interval of the positive
 * finite double with significand c and binary exponent q (v = c 2^q);
 * f may end in zeros.
 */
static void shortest(uint64_t c, int q, bool normal, uint64_t *fo, int *eo)
{
    uint64_t cb, cbl, cbr, vb, vbl, vbr, s, t, out = c & 1, g1, g0;
    int k, h;
    /* Integers below 2^53 are their own shortest decimal. */
    if (normal && q < 0 && q > -53 && (c >> -q) << -q == c) {
        *fo = c >> -q;
        *eo = 0;
        return;
    }
    cb = c << 2;
    cbr = cb + 2;
    /* At a power of two the interval below is half as wide. */
    if (c != (1ULL << 52) || !normal) {
        cbl = cb - 2;
        k = flog10pow2(q);
    } else {
        cbl = cb - 1;
        k = flog10_3q4pow2(q);
    }
    h = q + flog2pow10(-k) + 2;
    g1 = mct__pow10_g[-k - MCT__POW10_EMIN][0];
    g0 = mct__pow10_g[-k - MCT__POW10_EMIN][1];
    vb = rop(g1, g0, cb << h);
    vbl = rop(g1, g0, cbl << h);
    vbr = rop(g1, g0, cbr << h);
    s = vb >> 2;
    /* One digit fewer when a multiple of ten lies in the interval (the
     * bounds count when c is even: round half to even reads them back). */
    if (s >= 100) {
        uint64_t sp10 = 10 * (s / 10), tp10 = sp10 + 10;
        bool upin = vbl + out <= sp10 << 2;
        bool wpin = (tp10 << 2) + out <= vbr;
        if (upin != wpin) {
            *fo = upin ? sp10 : tp10;
            *eo = k;
            return;
        }
    }
    t = s + 1;
    {
        bool uin = vbl + out <= s << 2;
        bool win = (t << 2) + out <= vbr;
        int64_t cmp;
        *eo = k;
        if (uin != win) {
            *fo = uin ? s : t;
            return;
        }
        /* Both or neither in: the closer one, ties to even. */
        cmp = (int64_t)(vb - ((s + t) << 1));
        *fo = cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
    }
}

static const char digits2[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* Writes v's digits ending just before end; returns where they start. */
static char *digits_back(char *end, uint64_t v)
{
    while (v >= 100) {
        uint64_t r = v % 100;
        v /= 100;
        end -= 2;
        memcpy(end, digits2 + 2 * r, 2);
    }
    if (v >= 10) {
        end -= 2;
        memcpy(end, digits2 + 2 * v, 2);
    } else {
        *--end = (char)('0' + v);
    }
    return end;
}

size_t mct__fmt_u64(char *p, uint64_t v)
{
    char tmp[24], *s = digits_back(tmp + sizeof tmp, v);
    size_t n = (size_t)(tmp + sizeof tmp - s);
    memcpy(p, s, n);
    return n;
}

/* Lays out the n digits d with decimal exponent X of the first digit as
 * %g does at precision 17. */
static size_t layout(char *p, const char *d, int n, int x)
{
    char *o = p;
    if (x >= -4 && x < 17) {
        if (x >= n - 1) { /* an integer: digits, then zeros */
            memcpy(o, d, (size_t)n);
            o += n;
            memset(o, '0', (size_t)(x - n + 1));
            o += x - n + 1;
        } else if (x >= 0) { /* point inside the digits */
            memcpy(o, d, (size_t)x + 1);
            o += x + 1;
            *o++ = '.';
            memcpy(o, d + x + 1, (size_t)(n - x - 1));
            o += n - x - 1;
        } else { /* 0.000ddd */
            *o++ = '0';
            *o++ = '.';
            memset(o, '0', (size_t)(-x - 1));
            o += -x - 1;
            memcpy(o, d, (size_t)n);
            o += n;
        }
        return (size_t)(o - p);
    }
    *o++ = d[0];
    if (n > 1) {
        *o++ = '.';
        memcpy(o, d + 1, (size_t)n - 1);
        o += n - 1;
    }
    *o++ = 'e';
    *o++ = x < 0 ? '-' : '+';
    if (x < 0)
        x = -x;
    if (x < 10)
        *o++ = '0';
    o += mct__fmt_u64(o, (uint64_t)x);
    return (size_t)(o - p);
}

size_t mct__fmt_double(char *p, double v)
{
    uint64_t bits, c, f;
    int be, e, n;
    size_t neg;
    char tmp[24], *d;
    memcpy(&bits, &v, sizeof bits);
    neg = (size_t)(bits >> 63);
    be = (int)((bits >> 52) & 0x7ff);
    c = bits & ((1ULL << 52) - 1);
    if (be == 0x7ff) {
        if (c) {
            memcpy(p, "nan", 3);
            return 3;
        }
        memcpy(p, "-inf" + (1 - neg), 3 + neg);
        return 3 + neg;
    }
    p[0] = '-';
    p += neg;
    if (be == 0 && c == 0) {
        p[0] = '0';
        return neg + 1;
    }
    if (be)
        shortest(c | 1ULL << 52, be - 1075, true, &f, &e);
    else
        shortest(c, -1074, false, &f, &e);
    /* Trailing zeros go into the exponent. */
    while (f % 10 == 0) {
        f /= 10;
        e++;
    }
    d = digits_back(tmp + sizeof tmp, f);
    n = (int)(tmp + sizeof tmp - d);
    return neg + layout(p, d, n, e + n - 1);
}

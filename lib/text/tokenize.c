/*
 * tokenize.c - the analyzer's tokenisers: code points and their classes,
 * NFKC and case folding (utf8proc) or Python's lower() rules, an ASCII
 * path that classifies 64 bytes a step (SSE2, or AVX-512BW chosen at run
 * time), and the Unicode path.
 *
 * The text is first turned into an array of code points (NFKC and case
 * folding by utf8proc in the Unicode mode; Python's str.lower() rules in
 * the scikit-learn mode), each code point gets a class, and tokens are
 * runs over the classes. Pure ASCII text skips utf8proc entirely: it is
 * the common case and NFKC leaves it unchanged.
 */
#include <utf8proc.h>

#include "analyzer_impl.h"

#ifdef HAVE_AVX512
#include <immintrin.h>
#endif

/* ---- code points and classes ----------------------------------------- */

static uint8_t class_unicode(int32_t cp)
{
    if (cp < 128) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return C_LETTER;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        if (cp == '-')
            return C_HYPHEN;
        if (cp == '\'')
            return C_APOS;
        return C_OTHER;
    }
    if (cp == 0x2010 || cp == 0x2011)
        return C_HYPHEN;
    if (cp == 0x2019 || cp == 0x02BC)
        return C_APOS;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_OTHER;
    }
}

/* Python's \w: str.isalnum() or '_' (letters and numbers; no marks). */
static uint8_t class_python(int32_t cp)
{
    if (cp < 128) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_')
            return C_LETTER;
        return cp >= '0' && cp <= '9' ? C_DIGIT : C_OTHER;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    default:
        return C_OTHER;
    }
}

static bool is_cased(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
           c == UTF8PROC_CATEGORY_LT;
}

static bool is_case_ignorable(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME ||
           c == UTF8PROC_CATEGORY_CF || c == UTF8PROC_CATEGORY_LM ||
           c == UTF8PROC_CATEGORY_SK || cp == '\'' || cp == '.' ||
           cp == ':' || cp == 0xB7 || cp == 0x2019;
}

/* Python's Final_Sigma condition for U+03A3 at position i of src. */
static bool final_sigma(const int32_t *src, size_t n, size_t i)
{
    size_t j = i;
    while (j > 0 && is_case_ignorable(src[j - 1]))
        j--;
    if (j == 0 || !is_cased(src[j - 1]))
        return false;
    j = i + 1;
    while (j < n && is_case_ignorable(src[j]))
        j++;
    return j == n || !is_cased(src[j]);
}

static mct_status ensure_cps(mct__tokens *tk, size_t n)
{
    if (mct__grow((void **)&tk->cps, &tk->cps_cap, n, sizeof *tk->cps) ||
        mct__grow((void **)&tk->cls, &tk->cls_cap, n, sizeof *tk->cls))
        return MCT_ENOMEM;
    return MCT_OK;
}

static bool all_ascii(const char *s, size_t n)
{
    size_t i = 0;
    uint64_t acc = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return !(acc & 0x8080808080808080ULL);
}

/*
 * Fills tk->cps and tk->cls with the normalised text; *n_out gets the
 * number of code points.
 */
/* ASCII text: code points as they are, lower-cased when asked. */
static mct_status decode_ascii(const mct_analyzer *a, const char *text,
                               size_t len, mct__tokens *tk, size_t *n)
{
    if (ensure_cps(tk, len + 1))
        return MCT_ENOMEM;
    for (size_t i = 0; i < len; i++) {
        int32_t c = (unsigned char)text[i];
        if (a->o.lowercase && c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        tk->cps[i] = c;
    }
    *n = len;
    return MCT_OK;
}

/* Unicode mode: NFKC (and case folding when lower-casing) by utf8proc. */
static mct_status decode_nfkc(const mct_analyzer *a, const char *text,
                              size_t len, mct__tokens *tk, size_t *n)
{
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                            UTF8PROC_COMPAT | UTF8PROC_IGNORE;
    utf8proc_ssize_t r;
    if (a->o.lowercase)
        opt |= UTF8PROC_CASEFOLD;
    if (ensure_cps(tk, len + 1))
        return MCT_ENOMEM;
    for (;;) {
        r = utf8proc_decompose((const utf8proc_uint8_t *)text,
                               (utf8proc_ssize_t)len, tk->cps,
                               (utf8proc_ssize_t)tk->cps_cap, opt);
        if (r < 0)
            return r == UTF8PROC_ERROR_NOMEM ? MCT_ENOMEM : MCT_EUTF8;
        if ((size_t)r <= tk->cps_cap)
            break;
        if (ensure_cps(tk, (size_t)r))
            return MCT_ENOMEM;
    }
    r = utf8proc_normalize_utf32(tk->cps, r, opt);
    if (r < 0)
        return MCT_EUTF8;
    *n = (size_t)r;
    return ensure_cps(tk, *n + 1) ? MCT_ENOMEM : MCT_OK;
}

/*
 * scikit-learn mode: Python's str.lower(), that is simple lower-case
 * mappings plus the two special cases Python applies: U+0130 becomes
 * "i" + U+0307, and a final capital sigma becomes U+03C2.
 */
static mct_status decode_python(const mct_analyzer *a, const char *text,
                                size_t len, mct__tokens *tk, size_t *n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t pos = 0, m = 0;
    int32_t *src;
    if (ensure_cps(tk, 2 * len + 2))
        return MCT_ENOMEM;
    src = tk->cps + len + 1; /* decode into the upper half first */
    while (pos < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + pos,
                                              (utf8proc_ssize_t)(len - pos),
                                              &cp);
        if (k <= 0)
            return MCT_EUTF8;
        src[m++] = cp;
        pos += (size_t)k;
    }
    *n = 0;
    /* *n never passes i + 1 + (number of U+0130 so far) <= 2i + 2, and
     * src starts at len + 1 >= m + 1, so writes stay below the source
     * still to be read. */
    for (size_t i = 0; i < m; i++) {
        int32_t cp = src[i];
        if (!a->o.lowercase) {
            tk->cps[(*n)++] = cp;
        } else if (cp == 0x130) {
            tk->cps[(*n)++] = 'i';
            tk->cps[(*n)++] = 0x307;
        } else if (cp == 0x3A3) {
            tk->cps[(*n)++] = final_sigma(src, m, i) ? 0x3C2 : 0x3C3;
        } else {
            tk->cps[(*n)++] = utf8proc_tolower(cp);
        }
    }
    return MCT_OK;
}

/* The text as code points (tk->cps) with their classes (tk->cls). */
static mct_status normalise(const mct_analyzer *a, const char *text,
                            size_t len, mct__tokens *tk, size_t *n_out)
{
    const bool py = a->o.mode == MCT_TOKEN_MODE_SKLEARN;
    size_t n = 0;
    mct_status rc = all_ascii(text, len) ? decode_ascii(a, text, len, tk, &n)
                    : py ? decode_python(a, text, len, tk, &n)
                         : decode_nfkc(a, text, len, tk, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        tk->cls[i] = py ? class_python(tk->cps[i]) : class_unicode(tk->cps[i]);
    *n_out = n;
    return MCT_OK;
}

/* ---- tokens --------------------------------------------------------- */

static size_t put_utf8(char *out, int32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Room for need tokens in both per-token arrays. tcap only grows once
 * both have: were one to fail after the other grew, tcap would claim
 * room that the other does not have.
 */
static mct_status grow_tokens(mct__tokens *tk, size_t need)
{
    size_t c1 = tk->tcap, c2 = tk->tcap;
    if (mct__grow((void **)&tk->off, &c1, need, sizeof *tk->off) ||
        mct__grow((void **)&tk->tlen, &c2, need, sizeof *tk->tlen))
        return MCT_ENOMEM;
    tk->tcap = c1 < c2 ? c1 : c2;
    return MCT_OK;
}

/* Appends a token's surface; bytes are NUL-terminated per token. */
mct_status mct__push_token(mct__tokens *tk, const char *s, size_t n)
{
    if (tk->len + n + 1 > UINT32_MAX)
        return MCT_ETOOBIG;
    if (mct__grow((void **)&tk->bytes, &tk->cap,
                  tk->len + n + 1 + MCT__TOKEN_PAD, 1))
        return MCT_ENOMEM;
    if (tk->count == tk->tcap && grow_tokens(tk, tk->count + 1))
        return MCT_ENOMEM;
    memcpy(tk->bytes + tk->len, s, n);
    tk->bytes[tk->len + n] = '\0';
    tk->off[tk->count] = (uint32_t)tk->len;
    tk->tlen[tk->count] = (uint32_t)n;
    tk->len += n + 1;
    tk->count++;
    return MCT_OK;
}

static bool is_alnum_cls(uint8_t c) { return c == C_LETTER || c == C_DIGIT; }

/*
 * The tokeniser for pure ASCII text, the common case. It follows the same
 * rules as the code-point path below, but on bit masks: each 64 bytes of
 * text become masks of letters, digits, hyphens and apostrophes (16 bytes
 * per SSE2 instruction where there is SSE2, as on every x86-64), the
 * joining hyphens and apostrophes are found with shifts of those masks,
 * and tokens are the runs of set bits. The lower-cased text is written
 * once, whole, and the tokens point into it.
 */
typedef struct masks64 {
    uint64_t letter, digit, hyphen, apos;
} masks64;

#ifdef __SSE2__
#include <emmintrin.h>

static inline unsigned bits16(__m128i m)
{
    return (unsigned)_mm_movemask_epi8(m);
}

/* Classes of the 64 bytes at p; the (lower-cased) bytes go to out. In
 * Python's rules '_' counts as a letter. */
static inline uint64_t classify64(const unsigned char *p, char *out,
                                  bool lower, bool py, masks64 *m)
{
    uint64_t bad = 0;
    const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
    const __m128i d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1);
    const __m128i x20 = _mm_set1_epi8(0x20), hy = _mm_set1_epi8('-');
    const __m128i ap = _mm_set1_epi8('\''), us = _mm_set1_epi8('_');
    memset(m, 0, sizeof *m);
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i lo = _mm_or_si128(v, x20);
        /* Not ASCII (high bit) or NUL: this text takes the other path. */
        bad |= (uint64_t)(bits16(v) |
                          bits16(_mm_cmpeq_epi8(v, _mm_setzero_si128())))
               << (16 * k);
        __m128i let = _mm_and_si128(_mm_cmpgt_epi8(lo, a1),
                                    _mm_cmplt_epi8(lo, z1));
        __m128i dig = _mm_and_si128(_mm_cmpgt_epi8(v, d0),
                                    _mm_cmplt_epi8(v, d9));
        if (lower)
            v = _mm_or_si128(_mm_and_si128(let, lo), _mm_andnot_si128(let, v));
        _mm_storeu_si128((__m128i *)(out + 16 * k), v);
        if (py)
            let = _mm_or_si128(let, _mm_cmpeq_epi8(v, us));
        m->letter |= (uint64_t)bits16(let) << (16 * k);
        m->digit |= (uint64_t)bits16(dig) << (16 * k);
        m->hyphen |= (uint64_t)bits16(_mm_cmpeq_epi8(v, hy)) << (16 * k);
        m->apos |= (uint64_t)bits16(_mm_cmpeq_epi8(v, ap)) << (16 * k);
    }
    return bad;
}
#else
static inline uint64_t classify64(const unsigned char *p, char *out,
                                  bool lower, bool py, masks64 *m)
{
    uint64_t bad = 0;
    memset(m, 0, sizeof *m);
    for (int i = 0; i < 64; i++) {
        unsigned char c = p[i];
        uint64_t bit = (uint64_t)1 << i;
        if (c == 0 || c >= 0x80)
            bad |= bit;
        bool let = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (lower && let)
            c |= 0x20;
        out[i] = (char)c;
        if (let || (py && c == '_'))
            m->letter |= bit;
        if (c >= '0' && c <= '9')
            m->digit |= bit;
        if (c == '-')
            m->hyphen |= bit;
        if (c == '\'')
            m->apos |= bit;
    }
    return bad;
}
#endif

/*
 * The same classification with AVX-512BW, where the processor has it
 * (checked once, when the analyzer is made): one instruction per class
 * for all 64 bytes, and a masked load for the last, partial block, which
 * reads nothing past the text and so needs no copy. r is the number of
 * bytes of the block that belong to the text.
 */
#ifdef HAVE_AVX512
__attribute__((target("avx512bw"))) static uint64_t
classify64_avx512(const unsigned char *p, size_t r, char *out, bool lower,
                  bool py, masks64 *m)
{
    const __mmask64 valid = r >= 64 ? ~(__mmask64)0
                                    : (((__mmask64)1 << r) - 1);
    __m512i v = _mm512_maskz_loadu_epi8(valid, p);
    __m512i lo = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
    __mmask64 let = _mm512_cmpge_epu8_mask(lo, _mm512_set1_epi8('a')) &
                    _mm512_cmple_epu8_mask(lo, _mm512_set1_epi8('z'));
    __mmask64 bad = _mm512_movepi8_mask(v) |
                    _mm512_cmpeq_epi8_mask(v, _mm512_setzero_si512());
    if (lower)
        v = _mm512_mask_blend_epi8(let, v, lo);
    _mm512_storeu_si512((void *)out, v);
    if (py)
        let |= _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('_'));
    m->letter = let;
    m->digit = _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8('0')) &
               _mm512_cmple_epu8_mask(v, _mm512_set1_epi8('9'));
    m->hyphen = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('-'));
    m->apos = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\''));
    return bad & valid;
}

/* base + the position of every set bit of x, in order, to out (which has
 * room for 16 more than that), by compressing four vectors of positions:
 * no branch on how many bits are set. */
__attribute__((target("avx512bw"))) static size_t
positions_avx512(uint64_t x, uint32_t base, uint32_t *out)
{
    const __m512i step = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                                           11, 12, 13, 14, 15);
    size_t n = 0;
    for (int q = 0; q < 4; q++) {
        __mmask16 k = (__mmask16)(x >> (16 * q));
        __m512i v = _mm512_add_epi32(
            step, _mm512_set1_epi32((int)(base + 16 * (uint32_t)q)));
        _mm512_storeu_si512((void *)(out + n),
                            _mm512_maskz_compress_epi32(k, v));
        n += (size_t)__builtin_popcount(k);
    }
    return n;
}
#endif

/*
 * The word mask of the text: letters and digits, and (Unicode mode) a
 * hyphen between two of them when one is a letter ("micro-credential",
 * "covid-19", not "1-2") and an apostrophe between two letters ("don't").
 * For bit i, x << 1 holds bit i - 1 of x and x >> 1 bit i + 1; the carries
 * cross from word to word.
 */
static void word_mask(const masks64 *m, size_t nw, bool py, uint64_t *w)
{
    for (size_t i = 0; i < nw; i++) {
        uint64_t an = m[i].letter | m[i].digit, le = m[i].letter;
        uint64_t an_prev = an << 1, an_next = an >> 1;
        uint64_t le_prev = le << 1, le_next = le >> 1;
        if (py) {
            w[i] = an;
            continue;
        }
        if (i > 0) {
            an_prev |= (m[i - 1].letter | m[i - 1].digit) >> 63;
            le_prev |= m[i - 1].letter >> 63;
        }
        if (i + 1 < nw) {
            an_next |= (m[i + 1].letter | m[i + 1].digit) << 63;
            le_next |= m[i + 1].letter << 63;
        }
        w[i] = an |
               (m[i].hyphen & an_prev & an_next & (le_prev | le_next)) |
               (m[i].apos & le_prev & le_next);
    }
}

/*
 * Tokenises text if it is ASCII without NUL bytes (*ascii then true): the
 * check rides along with the classification rather than taking a pass of
 * its own. Otherwise *ascii is false and tk is left empty.
 */
/*
 * Classifies the text's nw blocks into m, writing the lower-cased text to
 * out; returns the positions of non-ASCII and NUL bytes (0 when none).
 */
static uint64_t classify_text(const mct_analyzer *a, const unsigned char *t,
                              size_t len, size_t nw, char *out, masks64 *m)
{
    const bool py = a->o.mode == MCT_TOKEN_MODE_SKLEARN;
    uint64_t bad = 0;
#ifdef HAVE_AVX512
    if (a->avx512) {
        for (size_t i = 0; i < nw; i++)
            bad |= classify64_avx512(t + 64 * i, len - 64 * i, out + 64 * i,
                                     a->o.lowercase, py, &m[i]);
        return bad;
    }
#endif
    for (size_t i = 0; i < nw; i++) {
        if (64 * i + 64 <= len) {
            bad |= classify64(t + 64 * i, out + 64 * i, a->o.lowercase, py,
                              &m[i]);
        } else {
            /* The last, partial block: from a zeroed copy, since reading
             * past the text is not allowed; its padding is not NUL. */
            unsigned char tail[64];
            size_t r = len - 64 * i;
            memset(tail, 0, sizeof tail);
            memcpy(tail, t + 64 * i, r);
            bad |= classify64(tail, out + 64 * i, a->o.lowercase, py, &m[i]) &
                   (((uint64_t)1 << r) - 1);
        }
    }
    return bad;
}

/*
 * The runs of set bits of the word mask w (nw words) as tokens: a token
 * starts where a bit is set and the one before is not, and ends
 * (exclusive) where a bit is clear and the one before is set. Starts and
 * ends alternate, so the k-th of each make token k; the set bits are read
 * off with ctz (or compressed, with AVX-512), not tested byte by byte.
 * Returns the number of tokens.
 */
static size_t extract_tokens(const mct_analyzer *a, const uint64_t *w,
                             size_t nw, mct__tokens *tk)
{
    uint64_t carry = 0;
    size_t count = 0, ne = 0;
    (void)a; /* only the AVX-512 build asks it */
#ifdef HAVE_AVX512
    if (a->avx512) {
        for (size_t i = 0; i < nw; i++) {
            uint64_t x = w[i], prev = x << 1 | carry;
            carry = x >> 63;
            count += positions_avx512(x & ~prev, (uint32_t)(64 * i),
                                      tk->off + count);
            ne += positions_avx512(~x & prev, (uint32_t)(64 * i),
                                   tk->tlen + ne);
        }
    } else
#endif
    {
        for (size_t i = 0; i < nw; i++) {
            uint64_t x = w[i], prev = x << 1 | carry;
            uint64_t st = x & ~prev, en = ~x & prev;
            uint32_t base = (uint32_t)(64 * i);
            carry = x >> 63;
            for (; st; st &= st - 1)
                tk->off[count++] = base + (uint32_t)__builtin_ctzll(st);
            for (; en; en &= en - 1)
                tk->tlen[ne++] = base + (uint32_t)__builtin_ctzll(en);
        }
    }
    if (carry)
        tk->tlen[ne++] = (uint32_t)(64 * nw);
    for (size_t k = 0; k < count; k++)
        tk->tlen[k] -= tk->off[k];
    return count;
}

mct_status mct__tokenize_ascii(const mct_analyzer *a, const char *text,
                                 size_t len, mct__tokens *tk, bool *ascii)
{
    size_t nw = (len + 63) / 64, maxtok = len / 2 + 2 + 16;
    masks64 *m;
    uint64_t *w;
    *ascii = false;
    if (len > UINT32_MAX - 64)
        return MCT_ETOOBIG;
    if (mct__grow((void **)&tk->bytes, &tk->cap, nw * 64 + MCT__TOKEN_PAD, 1) ||
        mct__grow((void **)&tk->cps, &tk->cps_cap,
                  (nw + 1) * (sizeof *m + sizeof *w) / sizeof *tk->cps + 1,
                  sizeof *tk->cps))
        return MCT_ENOMEM;
    if (tk->tcap < maxtok && grow_tokens(tk, maxtok))
        return MCT_ENOMEM;
    /* The masks live in the code-point scratch, unused on this path. */
    m = (masks64 *)(void *)tk->cps;
    w = (uint64_t *)(void *)(m + nw);
    if (classify_text(a, (const unsigned char *)text, len, nw, tk->bytes, m))
        return MCT_OK; /* not ASCII: the caller takes the Unicode path */
    *ascii = true;
    memset(tk->bytes + nw * 64, 0, MCT__TOKEN_PAD);
    word_mask(m, nw, a->o.mode == MCT_TOKEN_MODE_SKLEARN, w);
    tk->count = extract_tokens(a, w, nw, tk);
    tk->len = nw * 64;
    return MCT_OK;
}

/*
 * Splits the normalised code points into raw tokens (every length). The
 * surfaces are written into tk->tmp first, then pushed.
 */
mct_status mct__tokenize_unicode(const mct_analyzer *a, const char *text,
                                   size_t len, mct__tokens *tk)
{
    size_t n, i = 0;
    mct_status rc;
    const bool py = a->o.mode == MCT_TOKEN_MODE_SKLEARN;
    tk->len = 0;
    tk->count = 0;
    if ((rc = normalise(a, text, len, tk, &n)))
        return rc;
    /* A token's UTF-8 is at most 4 bytes per code point. */
    if (mct__grow((void **)&tk->tmp, &tk->tmp_cap, 4 * n + 8, 1))
        return MCT_ENOMEM;
    while (i < n) {
        size_t j, w = 0;
        uint8_t prev;
        if (!is_alnum_cls(tk->cls[i])) {
            i++;
            continue;
        }
        prev = tk->cls[i];
        w += put_utf8(tk->tmp + w, tk->cps[i]);
        for (j = i + 1; j < n; j++) {
            uint8_t c = tk->cls[j];
            if (is_alnum_cls(c) || (!py && c == C_MARK)) {
                w += put_utf8(tk->tmp + w, tk->cps[j]);
                if (c != C_MARK)
                    prev = c;
                continue;
            }
            if (py || j + 1 >= n)
                break;
            if (c == C_HYPHEN && is_alnum_cls(tk->cls[j + 1]) &&
                (prev == C_LETTER || tk->cls[j + 1] == C_LETTER)) {
                /* micro-credential, covid-19: one compound word. */
                tk->tmp[w++] = '-';
                continue;
            }
            if (c == C_APOS && prev == C_LETTER &&
                tk->cls[j + 1] == C_LETTER) {
                tk->tmp[w++] = '\'';
                continue;
            }
            break;
        }
        if ((rc = mct__push_token(tk, tk->tmp, w)))
            return rc;
        i = j;
    }
    return MCT_OK;
}

/* Any text: the ASCII tokeniser when it is ASCII, the code points'
 * otherwise. */
mct_status mct__tokenize_raw(const mct_analyzer *a, const char *text,
                               size_t len, mct__tokens *tk)
{
    bool ascii;
    mct_status rc;
    tk->len = 0;
    tk->count = 0;
    if ((rc = mct__tokenize_ascii(a, text, len, tk, &ascii)) || ascii)
        return rc;
    return mct__tokenize_unicode(a, text, len, tk);
}

size_t mct__surface_key(const char *s, size_t n, char *out)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '-')
            out[w++] = s[i];
    return w;
}

/* Code points of a surface, hyphens not counted. */
/* Whether a surface has fewer than min code points, hyphens not counted;
 * the count stops as soon as it reaches min. */
bool mct__surface_short(const char *s, size_t n, size_t min)
{
    size_t c = 0;
    for (size_t i = 0; i < n && c < min; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '-';
    return c < min;
}

bool mct__surface_is_number(const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t pos = 0;
    while (pos < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + pos,
                                              (utf8proc_ssize_t)(n - pos), &cp);
        if (k <= 0 || class_unicode(cp) != C_DIGIT)
            return false;
        pos += (size_t)k;
    }
    return n > 0;
}


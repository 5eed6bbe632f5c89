/*
 * internal.h - helpers shared by the library's modules. Not installed and
 * not part of the API: names here start with mct__.
 */
#ifndef MCT_INTERNAL_H
#define MCT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include "mct_common.h"

/* ---- allocation (house rule R6: one hook for failure tests) ---------- */

void *mct__malloc(size_t n);
void *mct__calloc(size_t n, size_t size);
void *mct__realloc(void *p, size_t n);
void mct__free(void *p);
/* n * size, or SIZE_MAX when it overflows (so the allocation fails). */
size_t mct__mul(size_t n, size_t size);
/* Allocates n items of size bytes; NULL on overflow or failure. */
void *mct__alloc_array(size_t n, size_t size);
/* Grows *p (holding *cap items of size bytes) to hold at least need. The
 * check is inline, since hot loops call this once per item. */
mct_status mct__grow_slow(void **p, size_t *cap, size_t need, size_t size);
static inline mct_status mct__grow(void **p, size_t *cap, size_t need,
                                   size_t size)
{
    return need <= *cap ? MCT_OK : mct__grow_slow(p, cap, need, size);
}
char *mct__strndup(const char *s, size_t n);
char *mct__strdup(const char *s);
/* mct__malloc gives a block of MCT__BIG_BLOCK bytes or more whole 2 MiB
 * huge pages (the size rounded up): a block meant to be filled should
 * be a multiple of MCT__HUGE_PAGE. */
#define MCT__BIG_BLOCK ((size_t)1 << 20)
#define MCT__HUGE_PAGE ((size_t)2 << 20)

/*
 * A hot kernel built for AVX-512, AVX2 and the baseline, picked at load
 * time. Only for kernels whose arithmetic is lane by lane in a fixed
 * order (no reassociation, and -ffp-contract=off rules out fused
 * multiply-adds), so that every copy gives the same bits. On other
 * machines and compilers, one ordinary copy.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    defined(__linux__)
#define MCT__WIDE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define MCT__WIDE_CLONES
#endif

#ifdef MCT_TESTING
/*
 * Test builds only: make the n-th allocation from now on (counted on the
 * calling thread) fail, or never when n < 0. Returns how many allocations
 * happened since the last call, so a test can walk every failure point.
 */
long mct__test_alloc_fail_after(long n);
#endif

/* ---- diagnostics ---------------------------------------------------- */

/* Fills d (may be NULL) with line, column and a printf-style message. */
void mct__diag(mct_diag *d, size_t line, size_t column, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ---- random numbers: PCG32 (O'Neill, pcg-random.org), one per item -- */

typedef struct mct__rng {
    uint64_t state;
    uint64_t inc;
} mct__rng;

/* Seeds a stream; different stream ids give independent sequences. */
void mct__rng_seed(mct__rng *r, uint64_t seed, uint64_t stream);
uint32_t mct__rng_u32(mct__rng *r);
/* Uniform in [0, bound) without modulo bias. */
uint32_t mct__rng_below(mct__rng *r, uint32_t bound);
/* Uniform double in [0, 1) with 53 random bits. */
double mct__rng_unif(mct__rng *r);
/* Standard normal by the Box-Muller transform (no cached pair). */
double mct__rng_normal(mct__rng *r);

/* ---- string interning (strtab.c) ------------------------------------ */

/*
 * A string's key: its first 16 bytes as two little-endian words, zero
 * padded, and its 64-bit hash. Two strings of the same length are equal
 * when their keys are and, past 16 bytes, their remaining bytes are. The
 * key is what the tokeniser computes once per token; everything after
 * works on it.
 */
typedef struct mct__key {
    uint64_t w0, w1;
    uint64_t h;
} mct__key;

/*
 * An open-addressing hash table (linear probing, load at most one half)
 * mapping byte strings to dense ids 0, 1, 2, ... in order of first
 * insertion. Strings are copied into an arena owned by the table, each
 * NUL-terminated. A slot holds the whole key and the length, so a string
 * of up to 16 bytes (nearly every word) is found by one compare of one
 * 24-byte slot, without a branch on its length or a look anywhere else.
 */
typedef struct mct__slot {
    uint64_t w0, w1; /* the key's words */
    uint32_t tag;    /* hash >> 40 << 8 | min(length, 255) */
    uint32_t id1;    /* id + 1; 0 = empty */
} mct__slot;

typedef struct mct__strtab {
    mct__slot *slots;
    uint64_t *hashes;   /* per id */
    size_t *offs;       /* per id: offset into arena */
    uint32_t *lens;     /* per id */
    char *arena;
    size_t arena_len, arena_cap;
    size_t n, cap_ids, n_slots;
} mct__strtab;

mct_status mct__strtab_init(mct__strtab *t, size_t expected);
/* As mct__strtab_init, also reserving room for `bytes` bytes of strings
 * (NULs included), so that a table of known size never reallocates. */
mct_status mct__strtab_init_sized(mct__strtab *t, size_t expected,
                                  size_t bytes);
/* As mct__strtab_init_sized, taking over donor's slot array when it is big
 * enough. donor keeps its strings (mct__strtab_str, lens) but can no
 * longer find or add any. */
mct_status mct__strtab_init_reusing(mct__strtab *t, mct__strtab *donor,
                                    size_t expected, size_t bytes);
void mct__strtab_destroy(mct__strtab *t);
/* Empties the table, keeping its memory for reuse. */
void mct__strtab_reset(mct__strtab *t);
/* The hash of s[0..n) (the h of its key). */
uint64_t mct__hash(const void *s, size_t n);
/* Finds s (h = mct__hash(s, n)); returns its id or -1. */
long mct__strtab_find(const mct__strtab *t, const char *s, size_t n,
                      uint64_t h);
/* Finds or inserts s (h = mct__hash(s, n)); the id goes to *id, *added
 * (may be NULL) says whether it is new. */
mct_status mct__strtab_intern(mct__strtab *t, const char *s, size_t n,
                              uint64_t h, uint32_t *id, bool *added);
/* Inserts s, known to be absent, at empty slot `slot` (from
 * mct__strtab_probe). */
mct_status mct__strtab_insert(mct__strtab *t, size_t slot, const char *s,
                              size_t n, const mct__key *k, uint32_t *id);
static inline const char *mct__strtab_str(const mct__strtab *t, uint32_t id)
{
    return t->arena + t->offs[id];
}

/* The inline fast path: keys and probes, for loops that run once per
 * token. MCT__HOT insists on inlining, which compilers otherwise weigh
 * against code size and, for the key, decline. */
#if defined(__GNUC__)
#define MCT__HOT static inline __attribute__((always_inline))
#define MCT__NOINLINE static __attribute__((noinline))
#else
#define MCT__HOT static inline
#define MCT__NOINLINE static
#endif

/* Little-endian loads, so that keys mean the same on every machine. */
static inline uint64_t mct__rd8(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline uint64_t mct__rd4(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

/* 64x64 -> 128-bit multiply folded to 64 bits (as in wyhash, Wang Yi);
 * from 32-bit halves where the compiler has no 128-bit integers (32-bit
 * targets), with the same result. */
#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 mct__u128;

static inline uint64_t mct__mum(uint64_t a, uint64_t b)
{
    mct__u128 r = (mct__u128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}
#else
static inline uint64_t mct__mum(uint64_t a, uint64_t b)
{
    uint64_t ha = a >> 32, la = (uint32_t)a, hb = b >> 32, lb = (uint32_t)b;
    uint64_t hh = ha * hb, hl = ha * lb, lh = la * hb, ll = la * lb;
    uint64_t t = ll + (hl << 32), lo = t + (lh << 32);
    uint64_t carry = (uint64_t)(t < ll) + (uint64_t)(lo < t);
    uint64_t hi = hh + (hl >> 32) + (lh >> 32) + carry;
    return lo ^ hi;
}
#endif

/*
 * The n <= 16 bytes at p as two zero-padded words, reading no byte outside
 * p[0..n): overlapping loads instead of a byte loop or a memcpy of
 * variable length (which would stall on store forwarding).
 */
MCT__HOT void mct__load16(const unsigned char *p, size_t n,
                               uint64_t *w0, uint64_t *w1)
{
    if (n > 8) {
        *w0 = mct__rd8(p);
        *w1 = mct__rd8(p + n - 8) >> (8 * (16 - n));
    } else if (n >= 4) {
        *w0 = mct__rd4(p) | mct__rd4(p + n - 4) << (8 * (n - 4));
        *w1 = 0;
    } else if (n) {
        *w0 = (uint64_t)p[0] | (uint64_t)p[n >> 1] << (8 * (n >> 1)) |
              (uint64_t)p[n - 1] << (8 * (n - 1));
        *w1 = 0;
    } else {
        *w0 = *w1 = 0;
    }
}

#define MCT__K0 0xa0761d6478bd642fULL
#define MCT__K1 0xe7037ed1a0b428dbULL
#define MCT__K2 0x8ebc6af09c88c6e3ULL
#define MCT__K3 0x589965cc75374cc3ULL

/* Masks keeping the first 0..8 bytes of a little-endian word. */
extern const uint64_t mct__byte_masks[9];

MCT__HOT mct__key mct__key_of(const void *s, size_t n);

/*
 * mct__key_of for a string followed by at least 16 readable bytes (the
 * tokeniser's buffers are padded so): two whole-word loads and masks
 * instead of loads chosen by the length, so no branch mispredicts on the
 * mix of short and long words.
 */
MCT__HOT mct__key mct__key_of_padded(const void *s, size_t n)
{
    const unsigned char *p = s;
    mct__key k;
    if (n > 16)
        return mct__key_of(s, n);
    k.w0 = mct__rd8(p) & mct__byte_masks[n < 8 ? n : 8];
    k.w1 = mct__rd8(p + 8) & mct__byte_masks[n > 8 ? n - 8 : 0];
    k.h = mct__mum(k.w0 ^ MCT__K1, k.w1 ^ MCT__K0 ^ (uint64_t)n);
    return k;
}

MCT__HOT mct__key mct__key_of(const void *s, size_t n)
{
    const unsigned char *p = s;
    mct__key k;
    uint64_t h;
    mct__load16(p, n < 16 ? n : 16, &k.w0, &k.w1);
    h = mct__mum(k.w0 ^ MCT__K1, k.w1 ^ MCT__K0 ^ (uint64_t)n);
    if (n > 16) {
        size_t m = n - 16;
        uint64_t x0, x1;
        p += 16;
        for (; m > 16; m -= 16, p += 16)
            h = mct__mum(mct__rd8(p) ^ MCT__K2, mct__rd8(p + 8) ^ h);
        mct__load16(p, m, &x0, &x1);
        h = mct__mum(x0 ^ MCT__K2, x1 ^ h ^ MCT__K3);
        h = mct__mum(h ^ MCT__K3, MCT__K1 ^ (uint64_t)n);
    }
    k.h = h;
    return k;
}

/*
 * Looks s (of key k) up: returns its id, or -1 with the empty slot where it
 * would go in *slot.
 */
/* A slot's tag: the hash's top 24 bits and the length (255 for 255 and
 * more, which then need a look at the lengths). */
MCT__HOT uint32_t mct__key_tag(const mct__key *k, size_t n)
{
    return (uint32_t)(k->h >> 40) << 8 | (uint32_t)(n < 255 ? n : 255);
}

MCT__HOT long mct__strtab_probe(const mct__strtab *t, const char *s,
                                size_t n, const mct__key *k, size_t *slot)
{
    size_t mask = t->n_slots - 1, i = (size_t)k->h & mask;
    uint32_t tag = mct__key_tag(k, n);
    for (;; i = (i + 1) & mask) {
        const mct__slot *sl = &t->slots[i];
        if (!sl->id1) {
            *slot = i;
            return -1;
        }
        /* One test for the whole key: no branch on the length. */
        if (((sl->w0 ^ k->w0) | (sl->w1 ^ k->w1) |
             (uint64_t)(sl->tag ^ tag)) == 0 &&
            (n <= 16 ||
             (t->lens[sl->id1 - 1] == n &&
              !memcmp(t->arena + t->offs[sl->id1 - 1] + 16, s + 16, n - 16))))
            return (long)sl->id1 - 1;
    }
}

/* Finds or inserts s of key k. */
MCT__HOT mct_status mct__strtab_intern_key(mct__strtab *t, const char *s,
                                                size_t n, const mct__key *k,
                                                uint32_t *id)
{
    size_t slot;
    long v = mct__strtab_probe(t, s, n, k, &slot);
    if (v >= 0) {
        *id = (uint32_t)v;
        return MCT_OK;
    }
    return mct__strtab_insert(t, slot, s, n, k, id);
}

/* ---- growable byte buffer -------------------------------------------- */

typedef struct mct__buf {
    char *p;
    size_t len, cap;
} mct__buf;

mct_status mct__buf_add(mct__buf *b, const void *s, size_t n);
mct_status mct__buf_addc(mct__buf *b, char c);
mct_status mct__buf_printf(mct__buf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* NUL-terminates without counting the NUL in len. */
mct_status mct__buf_term(mct__buf *b);
void mct__buf_free(mct__buf *b);

/* ---- file reading ---------------------------------------------------- */

/*
 * Reads a whole file into a NUL-terminated buffer (the NUL is not counted
 * in *len). path "-" reads standard input. On failure fills diag.
 */
mct_status mct__read_file(const char *path, char **data, size_t *len,
                          mct_diag *diag);

/* ---- UTF-8 ---------------------------------------------------------- */

/*
 * Checks that s[0..n) is valid UTF-8 (no overlongs, surrogates or code
 * points above U+10FFFF). Returns true when valid; otherwise *bad gets the
 * byte offset of the first invalid sequence.
 */
bool mct__utf8_valid(const char *s, size_t n, size_t *bad);

/* Number of code points in valid UTF-8. */
size_t mct__utf8_count(const char *s, size_t n);


/* ---- writing files atomically ------------------------------------- */

/*
 * Opens "<path>.tmp.<pid>" for writing; mct__wfile_commit flushes, closes
 * and renames it onto path, so readers never see a half-written file and
 * a failure leaves an earlier file untouched. mct__wfile_abort removes it.
 */
typedef struct mct__wfile {
    void *fp; /* FILE * */
    char *tmp;
    char *path;
} mct__wfile;

mct_status mct__wfile_open(mct__wfile *w, const char *path, mct_diag *diag);
mct_status mct__wfile_commit(mct__wfile *w, mct_diag *diag);
void mct__wfile_abort(mct__wfile *w);

/* Takes ownership of the arrays (allocated with mct__malloc). */
struct mct_csr;
mct_status mct__csr_wrap(size_t n_rows, size_t n_cols, size_t *indptr,
                         uint32_t *indices, double *data,
                         struct mct_csr **out);

/* ---- arenas ----------------------------------------------------------- */

/* Memory handed out in chunks that never move; freed all at once. */
typedef struct mct__arena {
    struct mct__arena_chunk *head;
} mct__arena;

void *mct__arena_alloc(mct__arena *a, size_t n);
char *mct__arena_strndup(mct__arena *a, const char *s, size_t n);
void mct__arena_free(mct__arena *a);

/* ---- networks ---------------------------------------------------------- */

struct mct_net;
/* Replaces node i's display label (concept maps label stems). */
mct_status mct__net_relabel(struct mct_net *g, size_t i, const char *label);

#endif /* MCT_INTERNAL_H */

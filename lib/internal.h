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
/* Grows *p (holding *cap items of size bytes) to hold at least need. */
mct_status mct__grow(void **p, size_t *cap, size_t need, size_t size);
char *mct__strndup(const char *s, size_t n);
char *mct__strdup(const char *s);

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

/* ---- string interning ------------------------------------------------ */

/*
 * An open-addressing hash table mapping byte strings to dense ids
 * 0, 1, 2, ... in order of first insertion. Strings are copied into an
 * arena owned by the table.
 */
typedef struct mct__strtab {
    uint64_t *slots;    /* hash tag << 32 | (id + 1); 0 = empty */
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
void mct__strtab_destroy(mct__strtab *t);
/* Empties the table, keeping its memory for reuse. */
void mct__strtab_reset(mct__strtab *t);
uint64_t mct__hash(const void *s, size_t n);
/* Finds s; returns its id or -1. */
long mct__strtab_find(const mct__strtab *t, const char *s, size_t n,
                      uint64_t h);
/* Finds or inserts s; the id goes to *id, *added says whether it is new. */
mct_status mct__strtab_intern(mct__strtab *t, const char *s, size_t n,
                              uint64_t h, uint32_t *id, bool *added);
static inline const char *mct__strtab_str(const mct__strtab *t, uint32_t id)
{
    return t->arena + t->offs[id];
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

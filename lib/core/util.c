/*
 * util.c - small building blocks: PCG32 random streams, growable buffers,
 * whole-file reading and UTF-8 validation. (String interning is in
 * strtab.c.)
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

#include "internal.h"

/* ---- PCG32 (M. E. O'Neill, "PCG: A family of simple fast space-efficient
 * statistically good algorithms for random number generation", 2014) --- */

void mct__rng_seed(mct__rng *r, uint64_t seed, uint64_t stream)
{
    r->state = 0;
    r->inc = (stream << 1u) | 1u;
    (void)mct__rng_u32(r);
    r->state += seed;
    (void)mct__rng_u32(r);
}

uint32_t mct__rng_u32(mct__rng *r)
{
    uint64_t old = r->state;
    uint32_t xorshifted, rot;
    r->state = old * 6364136223846793005ULL + r->inc;
    xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

uint32_t mct__rng_below(mct__rng *r, uint32_t bound)
{
    /* Rejection of the low values keeps the result unbiased. */
    uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        uint32_t x = mct__rng_u32(r);
        if (x >= threshold)
            return x % bound;
    }
}

double mct__rng_unif(mct__rng *r)
{
    uint64_t hi = mct__rng_u32(r) >> 5;  /* 27 bits */
    uint64_t lo = mct__rng_u32(r) >> 6;  /* 26 bits */
    return (double)(hi * 67108864u + lo) * (1.0 / 9007199254740992.0);
}

double mct__rng_normal(mct__rng *r)
{
    double u1, u2;
    do {
        u1 = mct__rng_unif(r);
    } while (u1 <= 0.0);
    u2 = mct__rng_unif(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ---- byte buffers ---------------------------------------------------- */

mct_status mct__buf_add(mct__buf *b, const void *s, size_t n)
{
    mct_status rc = mct__grow((void **)&b->p, &b->cap, b->len + n + 1, 1);
    if (rc)
        return rc;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return MCT_OK;
}

mct_status mct__buf_addc(mct__buf *b, char c) { return mct__buf_add(b, &c, 1); }

mct_status mct__buf_printf(mct__buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    mct_status rc;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return MCT_EINVAL;
    }
    rc = mct__grow((void **)&b->p, &b->cap, b->len + (size_t)n + 1, 1);
    if (rc) {
        va_end(ap2);
        return rc;
    }
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    return MCT_OK;
}

mct_status mct__buf_term(mct__buf *b)
{
    mct_status rc = mct__grow((void **)&b->p, &b->cap, b->len + 1, 1);
    if (rc)
        return rc;
    b->p[b->len] = '\0';
    return MCT_OK;
}

void mct__buf_free(mct__buf *b)
{
    mct__free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- files ----------------------------------------------------------- */

mct_status mct__read_file(const char *path, char **data, size_t *len,
                          mct_diag *diag)
{
    FILE *f;
    struct stat st;
    mct__buf b = {0};
    size_t n;
    bool is_stdin = strcmp(path, "-") == 0;
    *data = NULL;
    *len = 0;
    f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        mct__diag(diag, 0, 0, "cannot open: %s", strerror(errno));
        return errno == ENOENT ? MCT_ENOTFOUND : MCT_EIO;
    }
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (!is_stdin)
                fclose(f);
            mct__diag(diag, 0, 0, "is a directory, not a file");
            return MCT_EIO;
        }
        /* A regular file: one allocation of the right size. */
        if (S_ISREG(st.st_mode) && st.st_size > 0 &&
            mct__grow((void **)&b.p, &b.cap, (size_t)st.st_size + 1, 1))
            goto nomem;
    }
    /* The expected size in one read, then whatever is left (pipes, or a
     * file that grew meanwhile) through a small buffer, so the big one is
     * never copied. */
    if (b.cap > 1)
        b.len = fread(b.p, 1, b.cap - 1, f);
    for (;;) {
        char chunk[16384];
        n = fread(chunk, 1, sizeof chunk, f);
        if (n == 0)
            break;
        if (mct__buf_add(&b, chunk, n))
            goto nomem;
    }
    if (!b.p && mct__buf_term(&b))
        goto nomem;
    if (ferror(f)) {
        int e = errno;
        if (!is_stdin)
            fclose(f);
        mct__buf_free(&b);
        mct__diag(diag, 0, 0, "read error: %s", strerror(e));
        return MCT_EIO;
    }
    if (!is_stdin)
        fclose(f);
    b.p[b.len] = '\0';
    *data = b.p;
    *len = b.len;
    return MCT_OK;
nomem:
    if (!is_stdin)
        fclose(f);
    mct__buf_free(&b);
    mct__diag(diag, 0, 0, "out of memory reading the file");
    return MCT_ENOMEM;
}

/* ---- UTF-8 ----------------------------------------------------------- */

bool mct__utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t need;
        uint32_t cp, min;
        if (c < 0x80) {
            /* Fast path over ASCII, 8 bytes at a time. */
            while (i + 8 <= n && !(mct__rd8(p + i) & 0x8080808080808080ULL))
                i += 8;
            while (i < n && p[i] < 0x80)
                i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            goto invalid;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n || (p[i + k] & 0xC0) != 0x80)
                goto invalid;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto invalid;
        i += need + 1;
    }
    return true;
invalid:
    if (bad)
        *bad = i;
    return false;
}

size_t mct__utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ---- atomic writes --------------------------------------------------- */

#include <unistd.h>

mct_status mct__wfile_open(mct__wfile *w, const char *path, mct_diag *diag)
{
    mct__buf b = {0};
    memset(w, 0, sizeof *w);
    if (mct__buf_printf(&b, "%s.tmp.%ld", path, (long)getpid()))
        return MCT_ENOMEM;
    if (!(w->path = mct__strdup(path))) {
        mct__buf_free(&b);
        return MCT_ENOMEM;
    }
    w->tmp = b.p;
    w->fp = fopen(w->tmp, "wb");
    if (!w->fp) {
        mct__diag(diag, 0, 0, "cannot write %s: %s", path, strerror(errno));
        mct__free(w->tmp);
        mct__free(w->path);
        memset(w, 0, sizeof *w);
        return MCT_EIO;
    }
    return MCT_OK;
}

mct_status mct__wfile_commit(mct__wfile *w, mct_diag *diag)
{
    FILE *f = w->fp;
    bool bad = ferror(f) != 0;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    w->fp = NULL;
    if (!bad && rename(w->tmp, w->path) != 0) {
        bad = true;
        e = errno;
    }
    if (bad) {
        mct__diag(diag, 0, 0, "cannot write %s: %s", w->path, strerror(e));
        remove(w->tmp);
    }
    mct__free(w->tmp);
    mct__free(w->path);
    memset(w, 0, sizeof *w);
    return bad ? MCT_EIO : MCT_OK;
}

void mct__wfile_abort(mct__wfile *w)
{
    if (w->fp) {
        fclose(w->fp);
        remove(w->tmp);
    }
    mct__free(w->tmp);
    mct__free(w->path);
    memset(w, 0, sizeof *w);
}

/* ---- arenas ----------------------------------------------------------- */

struct mct__arena_chunk {
    struct mct__arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

void *mct__arena_alloc(mct__arena *a, size_t n)
{
    struct mct__arena_chunk *c = a->head;
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (!n)
        n = align;
    if (!c || c->cap - c->used < n) {
        /* Chunks double from 64 KiB to 4 MiB: small sets stay small and
         * big ones take few, huge-page-backed chunks. */
        size_t cap = c ? (c->cap < ((size_t)4 << 20) ? 2 * c->cap : c->cap)
                       : 65536;
        if (cap < n)
            cap = n;
        if (cap > SIZE_MAX - sizeof *c - MCT__HUGE_PAGE)
            return NULL;
        /* A chunk of 1 MiB or more is allocated in whole 2 MiB huge pages
         * (mct__malloc): give the chunk all of them rather than leave
         * most of the last one touched by the header but unused. */
        if (sizeof *c + cap >= MCT__BIG_BLOCK)
            cap = ((sizeof *c + cap + MCT__HUGE_PAGE - 1) &
                   ~(MCT__HUGE_PAGE - 1)) -
                  sizeof *c;
        c = mct__malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    c->used += n;
    return (char *)c->data + c->used - n;
}

char *mct__arena_strndup(mct__arena *a, const char *s, size_t n)
{
    char *p = mct__arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void mct__arena_free(mct__arena *a)
{
    struct mct__arena_chunk *c = a->head;
    while (c) {
        struct mct__arena_chunk *n = c->next;
        mct__free(c);
        c = n;
    }
    a->head = NULL;
}

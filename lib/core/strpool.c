/*
 * strpool.c - the string pool of a record set: each distinct string
 * stored once, at an address that never moves.
 *
 * Exports repeat most of their strings: the same journal, document type,
 * language and categories on every record, the same author names and
 * keywords on many, and whole records again when several exports are
 * merged. Storing each distinct string once makes a set's memory grow
 * with what is distinct in it, not with the file's size.
 *
 * A pool may have a base pool (the pool of the set a derived set copies
 * its records from, such as the kept records of a de-duplication): a
 * string the base holds is taken from there, never copied. Pools are
 * reference-counted, so a derived set outlives the set it came from.
 */
#include <stdatomic.h>

#include "records.h"

/* A slot of the open-addressing table: the string, its length and the
 * low bits of its hash (s NULL: empty). */
typedef struct pslot {
    const char *s;
    uint32_t len, h;
} pslot;

/* An open-addressing table (load at most one half). */
typedef struct ptab {
    pslot *slots;
    size_t n, n_slots;
} ptab;

struct mct__spool {
    atomic_size_t refs;
    mct__spool *base;
    ptab str, lists; /* strings; lists of strings (their pointers) */
    mct__arena arena;
    char *cur;   /* free bytes of the current block */
    size_t left;
    size_t block; /* size of the current block (0: none yet) */
};

/* Strings are packed (no alignment) in blocks that double from
 * FIRST_BLOCK up to BLOCK (an arena chunk of one huge page:
 * mct__arena_alloc's chunks above 1 MiB fill theirs), so that a pool of a
 * few records costs kilobytes, not a huge page; a long string gets a
 * block of its own. */
#define BLOCK (MCT__HUGE_PAGE - 64)
#define FIRST_BLOCK ((size_t)16384)

mct__spool *mct__spool_new(mct__spool *base)
{
    mct__spool *p = mct__calloc(1, sizeof *p);
    if (!p)
        return NULL;
    atomic_init(&p->refs, 1);
    p->base = base ? mct__spool_ref(base) : NULL;
    return p;
}

mct__spool *mct__spool_ref(mct__spool *p)
{
    atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed);
    return p;
}

void mct__spool_unref(mct__spool *p)
{
    while (p && atomic_fetch_sub_explicit(&p->refs, 1,
                                          memory_order_acq_rel) == 1) {
        mct__spool *base = p->base;
        mct__free(p->str.slots);
        mct__free(p->lists.slots);
        mct__arena_free(&p->arena);
        mct__free(p);
        p = base; /* the base loses the reference p held */
    }
}

static long find(const ptab *p, const void *s, size_t n, uint32_t h)
{
    size_t mask = p->n_slots - 1;
    if (!p->n_slots)
        return -1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const pslot *sl = &p->slots[i];
        if (!sl->s)
            return -(long)i - 2;
        if (sl->h == h && sl->len == n && !memcmp(sl->s, s, n))
            return (long)i;
    }
}

/* Doubles the table. */
static mct_status rehash(ptab *p)
{
    size_t ns = p->n_slots ? 2 * p->n_slots : 256, mask = ns - 1;
    pslot *t = mct__alloc_array(ns, sizeof *t);
    if (!t)
        return MCT_ENOMEM;
    memset(t, 0, ns * sizeof *t);
    for (size_t i = 0; i < p->n_slots; i++) {
        size_t j;
        if (!p->slots[i].s)
            continue;
        for (j = p->slots[i].h & mask; t[j].s; j = (j + 1) & mask)
            ;
        t[j] = p->slots[i];
    }
    mct__free(p->slots);
    p->slots = t;
    p->n_slots = ns;
    return MCT_OK;
}

/* Where s[0..n) (hash h) goes in table t: -1 when the table cannot
 * grow; else the empty slot. */
static long slot_for(ptab *t, const void *s, size_t n, uint32_t h)
{
    if (2 * (t->n + 1) > t->n_slots && rehash(t))
        return -1;
    return -find(t, s, n, h) - 2;
}

/* n + 1 bytes from the pool's blocks. */
static char *store(mct__spool *p, const char *s, size_t n)
{
    char *d;
    if (n + 1 > p->left) {
        size_t b = p->block ? 2 * p->block : FIRST_BLOCK;
        while (b < 4 * (n + 1) && b < BLOCK)
            b *= 2;
        if (b > BLOCK)
            b = BLOCK;
        if (n + 1 > BLOCK / 4)
            d = mct__arena_alloc(&p->arena, n + 1);
        else if ((d = mct__arena_alloc(&p->arena, b))) {
            p->block = b;
            p->cur = d + n + 1;
            p->left = b - n - 1;
        }
    } else {
        d = p->cur;
        p->cur += n + 1;
        p->left -= n + 1;
    }
    if (d) {
        if (n)
            memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

const char *mct__spool_copy(mct__spool *p, const char *s, size_t n)
{
    return n ? store(p, s, n) : "";
}

const char *mct__spool_intern(mct__spool *p, const char *s, size_t n)
{
    uint32_t h;
    long at;
    char *d;
    if (!n)
        return "";
    if (n > UINT32_MAX)
        return store(p, s, n);
    h = (uint32_t)mct__hash(s, n);
    for (const mct__spool *b = p->base; b; b = b->base)
        if ((at = find(&b->str, s, n, h)) >= 0)
            return b->str.slots[at].s;
    if ((at = find(&p->str, s, n, h)) >= 0)
        return p->str.slots[at].s;
    if ((at = slot_for(&p->str, s, n, h)) < 0 || !(d = store(p, s, n)))
        return NULL;
    p->str.slots[at].s = d;
    p->str.slots[at].len = (uint32_t)n;
    p->str.slots[at].h = h;
    p->str.n++;
    return d;
}

const char *const *mct__spool_intern_list(mct__spool *p,
                                          const char *const *l, size_t n)
{
    size_t bytes = (n + 1) * sizeof *l;
    uint32_t h;
    long at;
    void *d;
    if (n > UINT32_MAX / sizeof *l - 1)
        return NULL;
    h = (uint32_t)mct__hash(l, bytes);
    for (const mct__spool *b = p->base; b; b = b->base)
        if ((at = find(&b->lists, l, bytes, h)) >= 0)
            return (const char *const *)(const void *)b->lists.slots[at].s;
    if ((at = find(&p->lists, l, bytes, h)) >= 0)
        return (const char *const *)(const void *)p->lists.slots[at].s;
    /* Lists are aligned for their pointers: from the arena, not packed
     * with the strings. */
    if ((at = slot_for(&p->lists, l, bytes, h)) < 0 ||
        !(d = mct__arena_alloc(&p->arena, bytes)))
        return NULL;
    memcpy(d, l, bytes);
    p->lists.slots[at].s = d;
    p->lists.slots[at].len = (uint32_t)bytes;
    p->lists.slots[at].h = h;
    p->lists.n++;
    return d;
}

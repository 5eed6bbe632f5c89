/*
 * strtab.c - string interning: the hash table behind every vocabulary.
 *
 * The probe and the key are inline in internal.h, because the tokeniser
 * runs them once per token; this file holds what runs once per distinct
 * string: insertion, growth and the convenience wrappers.
 */
#include "internal.h"

const uint64_t mct__byte_masks[9] = {
    0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFULL, 0xFFFFFFFFFFFFULL,
    0xFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL};

/* Slots for `expected` strings at a load of at most one half. */
static size_t slots_for(size_t expected)
{
    size_t ns = 64;
    while (ns < expected * 2 && ns <= SIZE_MAX / 4 / sizeof(mct__slot))
        ns <<= 1;
    return ns;
}

mct_status mct__strtab_init(mct__strtab *t, size_t expected)
{
    size_t ns = slots_for(expected);
    memset(t, 0, sizeof *t);
    if (!(t->slots = mct__calloc(ns, sizeof *t->slots)))
        return MCT_ENOMEM;
    t->n_slots = ns;
    return MCT_OK;
}

/* Makes room for cap ids in the per-id arrays. */
static mct_status grow_ids(mct__strtab *t, size_t cap)
{
    uint64_t *hs;
    size_t *os;
    uint32_t *ls;
    if (!(hs = mct__realloc(t->hashes, mct__mul(cap, sizeof *hs))))
        return MCT_ENOMEM;
    t->hashes = hs;
    if (!(os = mct__realloc(t->offs, mct__mul(cap, sizeof *os))))
        return MCT_ENOMEM;
    t->offs = os;
    if (!(ls = mct__realloc(t->lens, mct__mul(cap, sizeof *ls))))
        return MCT_ENOMEM;
    t->lens = ls;
    t->cap_ids = cap;
    return MCT_OK;
}

/* Room for `expected` ids and `bytes` of strings in a table that has its
 * slots; on failure the table is destroyed. Insertion keeps 16 bytes of
 * room past the last string, so they are reserved too. */
static mct_status reserve(mct__strtab *t, size_t expected, size_t bytes)
{
    mct_status rc = grow_ids(t, expected + 1);
    if (!rc && !(t->arena = mct__malloc(bytes + 1 + 16)))
        rc = MCT_ENOMEM;
    if (rc) {
        mct__strtab_destroy(t);
        return rc;
    }
    t->arena_cap = bytes + 1 + 16;
    return MCT_OK;
}

mct_status mct__strtab_init_sized(mct__strtab *t, size_t expected,
                                  size_t bytes)
{
    mct_status rc = mct__strtab_init(t, expected);
    return rc ? rc : reserve(t, expected, bytes);
}

mct_status mct__strtab_init_reusing(mct__strtab *t, mct__strtab *donor,
                                    size_t expected, size_t bytes)
{
    if (!donor->slots || donor->n_slots < slots_for(expected))
        return mct__strtab_init_sized(t, expected, bytes);
    memset(t, 0, sizeof *t);
    /* Zeroing memory already in use is cheaper than the page faults of a
     * fresh block of the same size. */
    memset(donor->slots, 0, donor->n_slots * sizeof *donor->slots);
    t->slots = donor->slots;
    t->n_slots = donor->n_slots;
    donor->slots = NULL;
    donor->n_slots = 0;
    return reserve(t, expected, bytes);
}

void mct__strtab_destroy(mct__strtab *t)
{
    if (!t)
        return;
    mct__free(t->slots);
    mct__free(t->hashes);
    mct__free(t->offs);
    mct__free(t->lens);
    mct__free(t->arena);
    memset(t, 0, sizeof *t);
}

void mct__strtab_reset(mct__strtab *t)
{
    if (t->n)
        memset(t->slots, 0, t->n_slots * sizeof *t->slots);
    t->n = 0;
    t->arena_len = 0;
}

uint64_t mct__hash(const void *s, size_t n) { return mct__key_of(s, n).h; }

/* The key of s with a hash the caller already has. */
static mct__key key_with(const char *s, size_t n, uint64_t h)
{
    mct__key k;
    mct__load16((const unsigned char *)s, n < 16 ? n : 16, &k.w0, &k.w1);
    k.h = h;
    return k;
}

long mct__strtab_find(const mct__strtab *t, const char *s, size_t n,
                      uint64_t h)
{
    mct__key k = key_with(s, n, h);
    size_t slot;
    return mct__strtab_probe(t, s, n, &k, &slot);
}

mct_status mct__strtab_intern(mct__strtab *t, const char *s, size_t n,
                              uint64_t h, uint32_t *id, bool *added)
{
    mct__key k = key_with(s, n, h);
    size_t slot;
    long v = mct__strtab_probe(t, s, n, &k, &slot);
    if (added)
        *added = v < 0;
    if (v >= 0) {
        *id = (uint32_t)v;
        return MCT_OK;
    }
    return mct__strtab_insert(t, slot, s, n, &k, id);
}

/* Doubles the slot array; every slot goes back at its hash's place. */
static mct_status rehash(mct__strtab *t)
{
    size_t ns = t->n_slots * 2, mask = ns - 1;
    mct__slot *slots = mct__calloc(ns, sizeof *slots);
    if (!slots)
        return MCT_ENOMEM;
    for (size_t j = 0; j < t->n_slots; j++) {
        size_t i;
        if (!t->slots[j].id1)
            continue;
        i = (size_t)t->hashes[t->slots[j].id1 - 1] & mask;
        while (slots[i].id1)
            i = (i + 1) & mask;
        slots[i] = t->slots[j];
    }
    mct__free(t->slots);
    t->slots = slots;
    t->n_slots = ns;
    return MCT_OK;
}

mct_status mct__strtab_insert(mct__strtab *t, size_t slot, const char *s,
                              size_t n, const mct__key *k, uint32_t *id)
{
    mct_status rc;
    if (t->n >= UINT32_MAX - 1 || n >= UINT32_MAX)
        return MCT_ETOOBIG;
    if (t->n == t->cap_ids &&
        (rc = grow_ids(t, t->cap_ids < 64 ? 64 : t->cap_ids * 2)))
        return rc;
    /* Room for 16 more bytes, so that a short string goes in as its two
     * key words, whose zero padding ends it with a NUL (no memcpy call). */
    if ((rc = mct__grow((void **)&t->arena, &t->arena_cap,
                        t->arena_len + n + 1 + 16, 1)))
        return rc;
    if (n < 16) {
        char *a = t->arena + t->arena_len;
        uint64_t w[2];
        w[0] = k->w0;
        w[1] = k->w1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w[0] = __builtin_bswap64(w[0]);
        w[1] = __builtin_bswap64(w[1]);
#endif
        memcpy(a, w, 16);
    } else {
        memcpy(t->arena + t->arena_len, s, n);
        t->arena[t->arena_len + n] = '\0';
    }
    t->offs[t->n] = t->arena_len;
    t->lens[t->n] = (uint32_t)n;
    t->hashes[t->n] = k->h;
    t->arena_len += n + 1;
    t->slots[slot].w0 = k->w0;
    t->slots[slot].w1 = k->w1;
    t->slots[slot].tag = mct__key_tag(k, n);
    t->slots[slot].id1 = (uint32_t)(t->n + 1);
    *id = (uint32_t)t->n;
    t->n++;
    /* Keep the load factor at or below one half. */
    if (t->n * 2 > t->n_slots)
        return rehash(t);
    return MCT_OK;
}

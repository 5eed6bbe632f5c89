/*
 * tfidf_terms.c - phases C and D of fit_transform (see tfidf_fit.c):
 * the terms (stems, or n-grams over them), each shown by its most
 * frequent surface, and their alphabetical ranks, which are the columns
 * before pruning.
 */
#include <stdlib.h>

#include "tfidf_fit.h"

/* ---- phase C: terms -------------------------------------------------- */

/* The display form of a stem: its most frequent surface, ties to the
 * smallest string, so the choice is independent of input order. */
mct_status mct__fit_best_surfaces(fit *f)
{
    if (!(f->best_surf = mct__alloc_array(f->stems.n + 1,
                                          sizeof *f->best_surf)))
        return MCT_ENOMEM;
    for (size_t t = 0; t < f->stems.n; t++)
        f->best_surf[t] = UINT32_MAX;
    for (uint32_t s = 0; s < f->surf.n; s++) {
        uint32_t t = f->stem_of[s], b;
        if (t == UINT32_MAX)
            continue;
        b = f->best_surf[t];
        if (b == UINT32_MAX || f->surf_cnt[s] > f->surf_cnt[b] ||
            (f->surf_cnt[s] == f->surf_cnt[b] &&
             strcmp(mct__strtab_str(&f->surf, s),
                    mct__strtab_str(&f->surf, b)) < 0))
            f->best_surf[t] = s;
    }
    return MCT_OK;
}

/* Unigrams: the terms are the stems; tokens stay surface ids and reach
 * their term through stem_of. */
mct_status mct__fit_terms_unigram(fit *f)
{
    f->n_terms = f->stems.n;
    if (!(f->tstr = mct__alloc_array(f->n_terms + 1, sizeof *f->tstr)) ||
        !(f->tdisp = mct__alloc_array(f->n_terms + 1, sizeof *f->tdisp)) ||
        !(f->tlen = mct__alloc_array(f->n_terms + 1, sizeof *f->tlen)))
        return MCT_ENOMEM;
    for (uint32_t t = 0; t < f->n_terms; t++) {
        f->tstr[t] = mct__strtab_str(&f->stems, t);
        f->tlen[t] = f->stems.lens[t];
        f->tdisp[t] = mct__strtab_str(&f->surf, f->best_surf[t]);
    }
    return MCT_OK;
}

/*
 * Tokens become stem ids; dropped ones leave; the texts are packed
 * together, text by text (the write position never passes the read one),
 * and doc_off becomes the packed offsets.
 */
static void tokens_to_stems(fit *f)
{
    size_t w = 0;
    for (size_t d = 0; d < f->n; d++) {
        size_t k0 = f->doc_off[d], k1 = f->doc_off[d + 1];
        f->doc_off[d] = w;
        for (size_t k = k0; k < k1; k++) {
            uint32_t st = f->stem_of[f->toks[k]];
            if (st != UINT32_MAX)
                f->toks[w++] = st;
        }
    }
    f->doc_off[f->n] = w;
}

/* n-grams: every run of g consecutive stems, g in [gmin, gmax]; the
 * tokens become term ids. */
/* Every document's n-grams (gmin..gmax stems) interned in f->grams; *out
 * gets their ids, *off2 each document's start in it. */
static mct_status intern_grams(fit *f, unsigned gmin, unsigned gmax,
                               uint32_t **out, size_t *off2)
{
    size_t cap = 0, n_out = 0;
    uint32_t key[8];
    mct_status rc;
    off2[0] = 0;
    for (size_t d = 0; d < f->n; d++) {
        const uint32_t *tk = f->toks + f->doc_off[d];
        size_t nt = f->doc_off[d + 1] - f->doc_off[d];
        for (unsigned g = gmin; g <= gmax; g++) {
            for (size_t i = 0; i + g <= nt; i++) {
                uint32_t id;
                mct__key k;
                for (unsigned j = 0; j < g; j++)
                    key[j] = tk[i + j];
                k = mct__key_of(key, g * sizeof *key);
                if ((rc = mct__strtab_intern_key(&f->grams,
                                                 (const char *)key,
                                                 g * sizeof *key, &k, &id)) ||
                    (rc = mct__grow((void **)out, &cap, n_out + 1,
                                    sizeof **out)))
                    return rc;
                (*out)[n_out++] = id;
            }
        }
        off2[d + 1] = n_out;
    }
    return MCT_OK;
}

/* Gram t's stems (pass 0) or display forms (pass 1), joined by spaces
 * and NUL-terminated, appended to f->gbuf. */
static mct_status gram_string(fit *f, uint32_t t, int pass)
{
    const char *kb = mct__strtab_str(&f->grams, t);
    unsigned g = f->grams.lens[t] / (unsigned)sizeof(uint32_t);
    mct_status rc;
    (pass ? f->gdisp_off : f->gstr_off)[t] = f->gbuf.len;
    for (unsigned j = 0; j < g; j++) {
        uint32_t st;
        const char *w;
        memcpy(&st, kb + j * sizeof st, sizeof st);
        w = pass ? mct__strtab_str(&f->surf, f->best_surf[st])
                 : mct__strtab_str(&f->stems, st);
        if ((j && (rc = mct__buf_addc(&f->gbuf, ' '))) ||
            (rc = mct__buf_add(&f->gbuf, w, strlen(w))))
            return rc;
    }
    return mct__buf_addc(&f->gbuf, '\0');
}

/* The strings of the n-grams: stems and display forms. */
static mct_status gram_strings(fit *f)
{
    mct_status rc;
    f->n_terms = f->grams.n;
    if (!(f->gstr_off = mct__alloc_array(f->n_terms + 1, sizeof(size_t))) ||
        !(f->gdisp_off = mct__alloc_array(f->n_terms + 1, sizeof(size_t))))
        return MCT_ENOMEM;
    for (uint32_t t = 0; t < f->n_terms; t++)
        if ((rc = gram_string(f, t, 0)) || (rc = gram_string(f, t, 1)))
            return rc;
    if (!(f->tstr = mct__alloc_array(f->n_terms + 1, sizeof *f->tstr)) ||
        !(f->tdisp = mct__alloc_array(f->n_terms + 1, sizeof *f->tdisp)) ||
        !(f->tlen = mct__alloc_array(f->n_terms + 1, sizeof *f->tlen)))
        return MCT_ENOMEM;
    for (size_t t = 0; t < f->n_terms; t++) {
        f->tstr[t] = f->gbuf.p + f->gstr_off[t];
        f->tlen[t] = (uint32_t)strlen(f->tstr[t]);
        f->tdisp[t] = f->gbuf.p + f->gdisp_off[t];
    }
    return MCT_OK;
}

mct_status mct__fit_terms_ngram(mct_vectorizer *v, fit *f)
{
    size_t *off2 = NULL;
    uint32_t *out = NULL;
    mct_status rc;
    tokens_to_stems(f);
    if ((rc = mct__strtab_init(&f->grams, f->stems.n * 4 + 16)))
        return rc;
    if (!(off2 = mct__alloc_array(f->n + 1, sizeof *off2)))
        return MCT_ENOMEM;
    if ((rc = intern_grams(f, v->o.analyzer.ngram_min,
                           v->o.analyzer.ngram_max, &out, off2)) ||
        (rc = gram_strings(f))) {
        mct__free(out);
        mct__free(off2);
        return rc;
    }
    mct__free(f->toks);
    mct__free(f->doc_off);
    f->toks = out;
    f->doc_off = off2;
    f->tok_is_term = true;
    return MCT_OK;
}

/* ---- phase D: the vocabulary ranked --------------------------------- */

/*
 * Terms sort by their bytes (scikit-learn sorts by code point, which for
 * UTF-8 is the same order). The first 16 bytes are compared as two
 * big-endian words: terms hold no NUL byte, so zero padding sorts a
 * prefix first, as memcmp would.
 */
typedef struct vrec {
    uint64_t k0, k1;
    const char *s;
    uint32_t len, id;
} vrec;

static inline bool vrec_less(const vrec *x, const vrec *y)
{
    if (x->k0 != y->k0)
        return x->k0 < y->k0;
    if (x->k1 != y->k1)
        return x->k1 < y->k1;
    if (x->len > 16 && y->len > 16) {
        uint32_t m = (x->len < y->len ? x->len : y->len) - 16;
        int c = memcmp(x->s + 16, y->s + 16, m);
        if (c)
            return c < 0;
    }
    return x->len < y->len;
}

/* Merge sort (runs of 16 by insertion first): O(n log n) comparisons
 * that are mostly two integer compares. tmp holds n records. */
static void sort_vrec(vrec *a, vrec *tmp, size_t n)
{
    vrec *src = a, *dst = tmp;
    for (size_t r = 0; r < n; r += 16) {
        size_t e = r + 16 < n ? r + 16 : n;
        for (size_t i = r + 1; i < e; i++) {
            vrec x = a[i];
            size_t j = i;
            for (; j > r && vrec_less(&x, &a[j - 1]); j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
    }
    for (size_t w = 16; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid,
                   k = lo;
            while (i < mid && j < hi)
                dst[k++] = vrec_less(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        vrec *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/*
 * Terms by their first eight bytes as one big-endian number, with a
 * least-significant-digit radix sort (six stable passes of 11 bits, each
 * a counting sort; passes whose digit is the same for every term are
 * skipped), then runs of terms that share those eight bytes by merge sort
 * on the rest. A string sort by comparisons would cost O(n log n)
 * compares; this is O(n) moves. The result is in a; tmp holds n records.
 */
#define RADIX_BITS 11
#define RADIX_PASSES 6

static mct_status sort_terms(vrec *a, vrec *tmp, size_t n)
{
    const size_t nb = (size_t)1 << RADIX_BITS;
    uint32_t *cnt = mct__calloc(RADIX_PASSES * nb, sizeof *cnt);
    vrec *src = a, *dst = tmp;
    if (!cnt)
        return MCT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        for (int p = 0; p < RADIX_PASSES; p++)
            cnt[(size_t)p * nb +
                ((a[i].k0 >> (RADIX_BITS * p)) & (nb - 1))]++;
    for (int p = 0; p < RADIX_PASSES; p++) {
        uint32_t *c = cnt + (size_t)p * nb, sum = 0;
        vrec *t;
        if (n && c[(src[0].k0 >> (RADIX_BITS * p)) & (nb - 1)] == n)
            continue; /* one digit for all: the pass would change nothing */
        for (size_t b = 0; b < nb; b++) {
            uint32_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i].k0 >> (RADIX_BITS * p)) & (nb - 1)]++] = src[i];
        t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    /* Ties on the first eight bytes: by the rest. */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && a[j].k0 == a[i].k0)
            j++;
        if (j - i > 1)
            sort_vrec(a + i, tmp, j - i);
        i = j;
    }
    mct__free(cnt);
    return MCT_OK;
}

/*
 * Ranks the terms alphabetically: order[r] is the r-th term and rank[t]
 * the place of term t. Ranks are the columns before pruning, so the rows
 * can be built and sorted before the document frequencies are known.
 */
mct_status mct__fit_rank_terms(fit *f)
{
    vrec *vs = mct__alloc_array(f->n_terms + 1, 2 * sizeof *vs);
    if (!vs || !(f->rank = mct__alloc_array(f->n_terms + 1, sizeof *f->rank)) ||
        !(f->order = mct__alloc_array(f->n_terms + 1, sizeof *f->order))) {
        mct__free(vs);
        return MCT_ENOMEM;
    }
    for (uint32_t t = 0; t < f->n_terms; t++) {
        uint64_t w0, w1;
        uint32_t l = f->tlen[t];
        mct__load16((const unsigned char *)f->tstr[t], l < 16 ? l : 16, &w0,
                    &w1);
        vs[t].k0 = __builtin_bswap64(w0);
        vs[t].k1 = __builtin_bswap64(w1);
        vs[t].s = f->tstr[t];
        vs[t].len = l;
        vs[t].id = t;
    }
    if (sort_terms(vs, vs + f->n_terms, f->n_terms)) {
        mct__free(vs);
        return MCT_ENOMEM;
    }
    for (uint32_t r = 0; r < f->n_terms; r++) {
        f->order[r] = vs[r].id;
        f->rank[vs[r].id] = r;
    }
    mct__free(vs);
    return MCT_OK;
}


/*
 * tfidf_fit.c - fit_transform's phases: texts in, vocabulary and matrix
 * out.
 *
 * fit_transform works in phases. Every parallel step writes only its own
 * slots, every merge runs in a fixed order, and every choice between
 * surfaces, stems or terms is made on their strings or their (integer)
 * counts, never on an id; so the vocabulary and the matrix are the same
 * for any thread count, even though intermediate ids are not.
 *
 *   A  texts -> surfaces (parallel: one contiguous range of texts per
 *      thread, each with its own table; tables merged in range order).
 *      Stop words, short tokens and numbers are judged once per new
 *      surface and never enter the token array.
 *   B  surfaces -> stems, in chunks of STEM_CHUNK surfaces (parallel, one
 *      stemmer per thread), interned serially in surface order
 *   C  terms: the stems, or the n-grams over them
 *   D  terms ranked alphabetically (radix sort): the ranks are the
 *      columns before pruning
 *   E  rows: each text's ranks sorted in place, document frequencies and
 *      counts (parallel, integer partial sums per thread)
 *   F  pruning by df and max_features, the kept vocabulary
 *   G  the matrix, filled and weighted row by row (parallel)
 *
 * Each distinct surface is stemmed once, however often it occurs. The
 * hot loops (tokenising, interning, sorting rows) are written for the
 * memory system as much as for the arithmetic: bench/ measures them.
 */
#include <math.h>
#include <stdlib.h>

#include "tfidf_internal.h"

#define STEM_CHUNK 4096

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- phase A: surfaces ---------------------------------------------- */

/*
 * One thread's share of the texts: a contiguous range, so that its tokens
 * go in text order into one growing array and its distinct surfaces into
 * one table that stays warm in the cache for the whole range. Parts are
 * merged in part order afterwards. Surface ids therefore depend on the
 * number of threads, but nothing that comes out does: every later choice
 * between surfaces, stems or terms is made on their strings or counts.
 */
typedef struct part {
    size_t d0, d1;
    size_t bytes;      /* of its texts */
    mct__strtab tab;   /* its surfaces; ids local to the part */
    uint32_t *toks;    /* local surface id of each token */
    size_t ntok, cap;
    uint32_t *cnt;     /* per local surface: tokens */
    uint8_t *drop;     /* per local surface: dropped by the filters */
    size_t drop_cap;
    mct_status rc;
    size_t bad;        /* the first failing text when rc != MCT_OK */
} part;

/* A term's document frequency and total count. */
typedef struct tcount {
    size_t df, tf;
} tcount;

/* Everything the fit needs between phases. */
typedef struct fit {
    size_t n;
    int nt;
    mct__strtab surf;    /* distinct surfaces */
    size_t *surf_cnt;    /* per surface: tokens */
    uint8_t *drop;       /* per surface: dropped by the filters */
    uint32_t *toks;      /* per token: surface id (n-grams: later term id) */
    size_t *doc_off;     /* n + 1: where each text's tokens start */
    mct__strtab stems;
    uint32_t *stem_of;   /* per surface; UINT32_MAX when dropped */
    uint32_t *best_surf; /* per stem: display surface */
    bool tok_is_term;    /* toks hold term ids (n-grams), not surfaces */
    size_t n_terms;
    const char **tstr;   /* per term */
    uint32_t *tlen;
    const char **tdisp;
    uint32_t *rank;      /* per term: alphabetical place */
    uint32_t *order;     /* per rank: term */
    size_t *uniq;        /* per text: distinct ranks */
    tcount *cnt;         /* per rank */
    uint32_t *col_of;    /* per rank: final column or UINT32_MAX */
    size_t n_cols;
    mct__strtab grams;   /* n-gram keys (stem ids as bytes) */
    mct__buf gbuf;       /* n-gram strings */
    size_t *gstr_off, *gdisp_off;
} fit;

/* The text check and tokenising of one text; the words are left in tk. */
static mct_status words_of(const mct_analyzer *an, const char *t, size_t len,
                           mct__tokens *tk)
{
    bool ascii;
    mct_status rc;
    if (!t && len)
        return MCT_EUTF8;
    if (!len)
        t = "";
    /* ASCII without NUL, the common case, is valid UTF-8 as it stands. */
    if ((rc = mct__analyze_ascii(an, t, len, tk, &ascii)) || ascii)
        return rc;
    if (memchr(t, '\0', len) || !mct__utf8_valid(t, len, NULL))
        return MCT_EUTF8;
    return mct__analyze_unicode(an, t, len, tk);
}

/* A new surface of the part (the last id of its table): whether the
 * filters drop it, decided once here rather than at every token. */
static mct_status note_surface(const mct_analyzer *an, part *p, const char *s,
                               size_t n, const mct__key *k, mct__buf *scratch)
{
    if (mct__grow((void **)&p->drop, &p->drop_cap, p->tab.n, 1) ||
        mct__grow((void **)&scratch->p, &scratch->cap, n + 1, 1))
        return MCT_ENOMEM;
    p->drop[p->tab.n - 1] = mct__surface_dropped_key(an, s, n, k, scratch->p);
    return MCT_OK;
}

/* The slow path of intern_tokens, out of line so that the fast path keeps
 * its values in registers: a new surface, or one longer than 16 bytes. */
MCT__NOINLINE mct_status intern_slow(const mct_analyzer *an, part *p,
                                     const char *s, size_t n,
                                     const mct__key *k, size_t slot,
                                     uint32_t *id, mct__buf *scratch)
{
    mct_status rc;
    /* Past 16 bytes the fast path did not compare: probe in full. */
    if (n > 16) {
        long v = mct__strtab_probe(&p->tab, s, n, k, &slot);
        if (v >= 0) {
            *id = (uint32_t)v;
            return MCT_OK;
        }
    }
    if ((rc = mct__strtab_insert(&p->tab, slot, s, n, k, id)))
        return rc;
    return note_surface(an, p, s, n, k, scratch);
}

/*
 * The surface ids of one text's tokens go to out, except those of dropped
 * surfaces; *nout gets how many. The fast path is one compare of a
 * 24-byte slot per token, usually the first one probed.
 */
static mct_status intern_tokens(const mct_analyzer *an, part *p,
                                const mct__tokens *tk, const mct__key *keys,
                                uint32_t *out, size_t *nout,
                                mct__buf *scratch)
{
    const mct__slot *slots = p->tab.slots;
    const uint8_t *drop = p->drop;
    const uint32_t minc = mct__analyzer_opts(an)->min_token_chars;
    size_t mask = p->tab.n_slots - 1, w = 0;
    for (size_t i = 0; i < tk->count; i++) {
        const mct__key *k = &keys[i];
        uint32_t n = tk->tlen[i], id = 0, tag = mct__key_tag(k, n);
        size_t j = (size_t)k->h & mask;
        /* Fewer bytes than the shortest kept token has characters: it is
         * dropped whatever it is ("a", single letters and digits). */
        if (n < minc)
            continue;
        for (;; j = (j + 1) & mask) {
            const mct__slot *sl = &slots[j];
            if (((sl->w0 ^ k->w0) | (sl->w1 ^ k->w1) |
                 (uint64_t)(sl->tag ^ tag)) == 0 &&
                n <= 16) {
                id = sl->id1 - 1;
                break;
            }
            if (!sl->id1 || n > 16) {
                mct_status rc = intern_slow(an, p, tk->bytes + tk->off[i], n,
                                            k, j, &id, scratch);
                if (rc)
                    return rc;
                /* Insertion may have moved the arrays. */
                slots = p->tab.slots;
                drop = p->drop;
                mask = p->tab.n_slots - 1;
                break;
            }
        }
        out[w] = id;
        w += !drop[id];
    }
    *nout = w;
    return MCT_OK;
}

/* Tokenises the part's texts, interning surfaces in its own table. */
static void part_run(const mct_analyzer *an, const char *const *texts,
                     const size_t *lens, size_t *doc_off, part *shared)
{
    /* A private copy: the parts sit side by side in one array, and a
     * thread writing its own in place would share cache lines with its
     * neighbour's (false sharing halved the speed on two threads). */
    part lp = *shared, *p = &lp;
    mct__tokens tk;
    mct__buf scratch = {0};
    mct__key *keys = NULL;
    size_t kcap = 0;
    memset(&tk, 0, sizeof tk);
    /* Room for a first guess of one token per six bytes. */
    if ((p->rc = mct__grow((void **)&p->toks, &p->cap, p->bytes / 6 + 16,
                           sizeof *p->toks)))
        p->bad = p->d0;
    for (size_t d = p->d0; d < p->d1 && !p->rc; d++) {
        uint32_t *out;
        size_t w = 0, mask;
        doc_off[d] = p->ntok;
        if ((p->rc = words_of(an, texts[d], lens[d], &tk)) ||
            (p->rc = mct__grow((void **)&p->toks, &p->cap, p->ntok + tk.count,
                               sizeof *p->toks))) {
            p->bad = d;
            break;
        }
        out = p->toks + p->ntok;
        if ((p->rc = mct__grow((void **)&keys, &kcap, tk.count + 1,
                               sizeof *keys))) {
            p->bad = d;
            break;
        }
        /* Keys first, with their slots fetched ahead: the probes then
         * find them in the cache instead of waiting on each in turn. */
        mask = p->tab.n_slots - 1;
        for (size_t i = 0; i < tk.count; i++) {
            keys[i] = mct__key_of_padded(tk.bytes + tk.off[i], tk.tlen[i]);
            __builtin_prefetch(&p->tab.slots[keys[i].h & mask]);
        }
        if ((p->rc = intern_tokens(an, p, &tk, keys, out, &w, &scratch))) {
            p->bad = d;
            break;
        }
        p->ntok += w;
    }
    mct__tokens_free(&tk);
    mct__free(keys);
    mct__buf_free(&scratch);
    /* Surface counts in a pass of their own: in the loop above the count
     * array would compete for the cache with the table. */
    if (!p->rc && !(p->cnt = mct__calloc(p->tab.n + 1, sizeof *p->cnt)))
        p->rc = MCT_ENOMEM;
    for (size_t i = 0; !p->rc && i < p->ntok; i++)
        p->cnt[p->toks[i]]++;
    *shared = lp;
}

/* Splits the texts into nt parts of about equal bytes. */
static void split_parts(part *pt, int np, const size_t *lens, size_t n)
{
    size_t total = 0, acc = 0, d = 0;
    for (size_t i = 0; i < n; i++)
        total += lens[i] + 1;
    for (int p = 0; p < np; p++) {
        /* The last part takes whatever is left. */
        size_t goal = p == np - 1 ? SIZE_MAX
                                  : total / (size_t)np * (size_t)(p + 1);
        pt[p].d0 = d;
        pt[p].bytes = 0;
        while (d < n && acc < goal) {
            pt[p].bytes += lens[d];
            acc += lens[d++] + 1;
        }
        pt[p].d1 = d;
    }
}

/*
 * Surfaces of parts 1.. join part 0's table, in part order; their tokens
 * are renumbered into part 0's token array, grown to hold them all, and
 * their counts added (integers: the sums do not depend on the order).
 */
static mct_status merge_parts(fit *f, part *pt, int np)
{
    size_t total = 0, n0 = pt[0].tab.n;
    uint32_t **map = mct__calloc((size_t)np, sizeof *map);
    mct_status rc = MCT_OK;
    if (!map)
        return MCT_ENOMEM;
    f->surf = pt[0].tab;
    memset(&pt[0].tab, 0, sizeof pt[0].tab);
    for (int p = 0; p < np; p++) {
        for (size_t d = pt[p].d0; d < pt[p].d1; d++)
            f->doc_off[d] += total;
        total += pt[p].ntok;
    }
    f->doc_off[f->n] = total;
    for (int p = 1; p < np && !rc; p++) {
        const mct__strtab *t = &pt[p].tab;
        if (!(map[p] = mct__alloc_array(t->n + 1, sizeof *map[p])))
            rc = MCT_ENOMEM;
        for (uint32_t id = 0; id < t->n && !rc; id++)
            rc = mct__strtab_intern(&f->surf, mct__strtab_str(t, id),
                                    t->lens[id], t->hashes[id], &map[p][id],
                                    NULL);
    }
    if (rc || (rc = mct__grow((void **)&pt[0].toks, &pt[0].cap, total + 1,
                              sizeof *pt[0].toks)))
        goto out;
    f->toks = pt[0].toks;
    pt[0].toks = NULL;
    if (!(f->surf_cnt = mct__calloc(f->surf.n + 1, sizeof *f->surf_cnt))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    if (!(f->drop = mct__alloc_array(f->surf.n + 1, sizeof *f->drop))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    for (uint32_t id = 0; id < n0; id++) {
        f->surf_cnt[id] = pt[0].cnt[id];
        f->drop[id] = pt[0].drop[id];
    }
    for (int p = 1; p < np; p++)
        for (uint32_t id = 0; id < pt[p].tab.n; id++)
            f->drop[map[p][id]] = pt[p].drop[id];
    for (int p = 1; p < np; p++)
        for (uint32_t id = 0; id < pt[p].tab.n; id++)
            f->surf_cnt[map[p][id]] += pt[p].cnt[id];
#pragma omp parallel for num_threads(np) schedule(static, 1)
    for (int p = 1; p < np; p++) {
        uint32_t *dst = f->toks + f->doc_off[pt[p].d0];
        for (size_t i = 0; i < pt[p].ntok; i++)
            dst[i] = map[p][pt[p].toks[i]];
    }
out:
    for (int p = 0; p < np; p++)
        mct__free(map[p]);
    mct__free(map);
    return rc;
}

static mct_status phase_surfaces(mct_vectorizer *v, fit *f,
                                 const char *const *texts, const size_t *lens,
                                 mct_diag *diag)
{
    int np = (size_t)f->nt < f->n ? f->nt : (int)f->n;
    part *pt = mct__calloc((size_t)np, sizeof *pt);
    mct_status rc = MCT_ENOMEM;
    if (!pt || !(f->doc_off = mct__alloc_array(f->n + 1, sizeof *f->doc_off)))
        goto out;
    split_parts(pt, np, lens, f->n);
    for (int p = 0; p < np; p++) {
        /* English text has a new word about every 150 bytes at ten
         * megabytes; start near that and skip most of the doublings. */
        size_t guess = pt[p].bytes / 150;
        guess = guess < 4096 ? 4096 : guess > 65536 ? 65536 : guess;
        if ((pt[p].rc = mct__strtab_init(&pt[p].tab, guess)))
            goto out;
    }
#pragma omp parallel for num_threads(np) schedule(static, 1)
    for (int p = 0; p < np; p++)
        part_run(v->an, texts, lens, f->doc_off, &pt[p]);
    /* Parts are in text order: the first failure is the first text. */
    for (int p = 0; p < np; p++) {
        if (!(rc = pt[p].rc))
            continue;
        if (rc == MCT_EUTF8)
            mct__diag(diag, pt[p].bad + 1, 0,
                      "text %zu is not valid UTF-8 or contains a NUL byte",
                      pt[p].bad + 1);
        else
            mct__diag(diag, 0, 0, "%s", mct_strerror(rc));
        goto out;
    }
    rc = merge_parts(f, pt, np);
out:
    for (int p = 0; pt && p < np; p++) {
        mct__strtab_destroy(&pt[p].tab);
        mct__free(pt[p].toks);
        mct__free(pt[p].cnt);
        mct__free(pt[p].drop);
    }
    mct__free(pt);
    return rc;
}

/* ---- phase B: stems -------------------------------------------------- */

/*
 * Distinct surfaces are stemmed in chunks of STEM_CHUNK (parallel, one
 * stemmer per thread); each chunk's stems go into its own buffer, and are
 * interned serially in surface order. Dropped surfaces (judged in phase
 * A) are skipped.
 */
typedef struct chunk {
    mct__buf buf;
    mct_status rc;
} chunk;

/* Where a surface's stem is in its chunk's buffer; len is UINT32_MAX for
 * a dropped surface. */
typedef struct stemref {
    uint32_t off, len;
} stemref;

static void chunk_body(const mct_vectorizer *v, const fit *f, size_t s0,
                       size_t s1, chunk *c, stemref *ref, mct_stemmer *st,
                       mct__buf *key)
{
    const mct__strtab *surf = &f->surf;
    for (size_t s = s0; s < s1; s++) {
        const char *str = mct__strtab_str(surf, (uint32_t)s), *stem = str;
        size_t n = surf->lens[s], sl = n;
        if (f->drop[s]) {
            ref[s].len = UINT32_MAX;
            continue;
        }
        bool hyphen = false;
        for (size_t i = 0; i < n; i++)
            hyphen |= str[i] == '-';
        /* Compounds are stemmed without their hyphens. */
        if (hyphen) {
            if ((c->rc = mct__grow((void **)&key->p, &key->cap, n + 1, 1)))
                return;
            sl = mct__surface_key(str, n, key->p);
            stem = key->p;
        }
        if (v->o.analyzer.stem &&
            (c->rc = mct_stemmer_stem(st, stem, sl, &stem, &sl)))
            return;
        /* Padded, for the whole-word loads of mct__key_of_padded. */
        if ((c->rc = mct__grow((void **)&c->buf.p, &c->buf.cap,
                               c->buf.len + sl + 1 + MCT__TOKEN_PAD, 1)))
            return;
        if (c->buf.len + sl >= UINT32_MAX || sl >= UINT32_MAX) {
            c->rc = MCT_ETOOBIG;
            return;
        }
        memcpy(c->buf.p + c->buf.len, stem, sl);
        memset(c->buf.p + c->buf.len + sl, 0, 1 + MCT__TOKEN_PAD);
        ref[s].off = (uint32_t)c->buf.len;
        ref[s].len = (uint32_t)sl;
        c->buf.len += sl + 1;
    }
}

static void chunk_run(const mct_vectorizer *v, const fit *f, size_t s0,
                      size_t s1, chunk *shared, stemref *ref,
                      mct_stemmer *st, mct__buf *key)
{
    /* A private copy, as in part_run: neighbouring chunks share lines. */
    chunk lc = *shared;
    chunk_body(v, f, s0, s1, &lc, ref, st, key);
    *shared = lc;
}

static mct_status phase_stems(mct_vectorizer *v, fit *f)
{
    size_t ns = f->surf.n, nc = (ns + STEM_CHUNK - 1) / STEM_CHUNK;
    stemref *ref = mct__alloc_array(ns + 1, sizeof *ref);
    chunk *ch = mct__calloc(nc + 1, sizeof *ch);
    mct_status rc = MCT_OK;
    if (!ref || !ch) {
        rc = MCT_ENOMEM;
        goto out;
    }
#pragma omp parallel num_threads(f->nt)
    {
        mct_stemmer *st = NULL;
        mct__buf key = {0};
        mct_status src = MCT_OK;
        if (v->o.analyzer.stem)
            src = mct_stemmer_new(v->o.analyzer.stem_language, &st);
#pragma omp for schedule(dynamic, 1)
        for (size_t c = 0; c < nc; c++) {
            size_t s1 = (c + 1) * STEM_CHUNK < ns ? (c + 1) * STEM_CHUNK : ns;
            if (src)
                ch[c].rc = src;
            else
                chunk_run(v, f, c * STEM_CHUNK, s1, &ch[c], ref, st, &key);
        }
        mct_stemmer_free(st);
        mct__buf_free(&key);
    }
    for (size_t c = 0; c < nc; c++)
        if (ch[c].rc) {
            rc = ch[c].rc;
            goto out;
        }
    /* The surfaces are all found by now: their slots can serve the stems. */
    if ((rc = mct__strtab_init_reusing(&f->stems, &f->surf, ns + 16,
                                       f->surf.arena_len)))
        goto out;
    if (!(f->stem_of = mct__alloc_array(ns + 1, sizeof *f->stem_of))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    /* Serially, in surface order: the same stems, whatever the threads. */
    for (size_t s = 0; s < ns; s++) {
        const char *str;
        mct__key k;
        if (ref[s].len == UINT32_MAX) {
            f->stem_of[s] = UINT32_MAX; /* dropped */
            continue;
        }
        str = ch[s / STEM_CHUNK].buf.p + ref[s].off;
        k = mct__key_of_padded(str, ref[s].len);
        if ((rc = mct__strtab_intern_key(&f->stems, str, ref[s].len, &k,
                                         &f->stem_of[s])))
            goto out;
    }
out:
    for (size_t c = 0; ch && c < nc; c++)
        mct__buf_free(&ch[c].buf);
    mct__free(ch);
    mct__free(ref);
    return rc;
}

/* ---- phase C: terms -------------------------------------------------- */

/* The display form of a stem: its most frequent surface, ties to the
 * smallest string, so the choice is independent of input order. */
static mct_status best_surfaces(fit *f)
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
static mct_status terms_unigram(fit *f)
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
static mct_status terms_ngram(mct_vectorizer *v, fit *f)
{
    unsigned gmin = v->o.analyzer.ngram_min, gmax = v->o.analyzer.ngram_max;
    size_t cap = 0, n_out = 0, *off2 = NULL;
    uint32_t *out = NULL, key[8];
    mct_status rc;
    tokens_to_stems(f);
    if ((rc = mct__strtab_init(&f->grams, f->stems.n * 4 + 16)))
        return rc;
    if (!(off2 = mct__alloc_array(f->n + 1, sizeof *off2)))
        return MCT_ENOMEM;
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
                    (rc = mct__grow((void **)&out, &cap, n_out + 1,
                                    sizeof *out)))
                    goto fail;
                out[n_out++] = id;
            }
        }
        off2[d + 1] = n_out;
    }
    /* Strings of the n-grams: stems and display forms joined by spaces. */
    f->n_terms = f->grams.n;
    if (!(f->gstr_off = mct__alloc_array(f->n_terms + 1, sizeof(size_t))) ||
        !(f->gdisp_off = mct__alloc_array(f->n_terms + 1, sizeof(size_t)))) {
        rc = MCT_ENOMEM;
        goto fail;
    }
    for (uint32_t t = 0; t < f->n_terms; t++) {
        const char *kb = mct__strtab_str(&f->grams, t);
        unsigned g = f->grams.lens[t] / (unsigned)sizeof(uint32_t);
        for (int pass = 0; pass < 2; pass++) {
            (pass ? f->gdisp_off : f->gstr_off)[t] = f->gbuf.len;
            for (unsigned j = 0; j < g; j++) {
                uint32_t st;
                const char *w;
                memcpy(&st, kb + j * sizeof st, sizeof st);
                w = pass ? mct__strtab_str(&f->surf, f->best_surf[st])
                         : mct__strtab_str(&f->stems, st);
                if ((j && (rc = mct__buf_addc(&f->gbuf, ' '))) ||
                    (rc = mct__buf_add(&f->gbuf, w, strlen(w))))
                    goto fail;
            }
            if ((rc = mct__buf_addc(&f->gbuf, '\0')))
                goto fail;
        }
    }
    if (!(f->tstr = mct__alloc_array(f->n_terms + 1, sizeof *f->tstr)) ||
        !(f->tdisp = mct__alloc_array(f->n_terms + 1, sizeof *f->tdisp)) ||
        !(f->tlen = mct__alloc_array(f->n_terms + 1, sizeof *f->tlen))) {
        rc = MCT_ENOMEM;
        goto fail;
    }
    for (size_t t = 0; t < f->n_terms; t++) {
        f->tstr[t] = f->gbuf.p + f->gstr_off[t];
        f->tlen[t] = (uint32_t)strlen(f->tstr[t]);
        f->tdisp[t] = f->gbuf.p + f->gdisp_off[t];
    }
    mct__free(f->toks);
    mct__free(f->doc_off);
    f->toks = out;
    f->doc_off = off2;
    f->tok_is_term = true;
    return MCT_OK;
fail:
    mct__free(out);
    mct__free(off2);
    return rc;
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
static mct_status rank_terms(fit *f)
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

/* ---- phase E: rows, in rank order ------------------------------------ */

/*
 * Rows are often short (seven terms on average in WordNet's glosses) and
 * their order random, so a branchy sort mispredicts on most comparisons:
 * rows of up to eight terms go through a sorting network of their exact
 * size (optimal networks, Knuth TAOCP 5.3.4; each checked on all 0-1
 * inputs, which by the 0-1 principle proves it); padding every row to
 * eight or sixteen measured slower. Up to INSERTION_MAX terms, insertion
 * sort; past that (abstracts run to hundreds of words) a radix sort on
 * the ranks' significant bits, O(n) where insertion sort is O(n^2).
 */
#define INSERTION_MAX 24

/* LSD radix sort, 8-bit digits, of n values below 2^bits; tmp holds n. */
static void radix_u32(uint32_t *a, size_t n, uint32_t *tmp, unsigned bits)
{
    uint32_t *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < bits; shift += 8) {
        uint32_t cnt[256] = {0}, sum = 0;
        uint32_t *t;
        for (size_t i = 0; i < n; i++)
            cnt[(src[i] >> shift) & 0xFF]++;
        for (size_t b = 0; b < 256; b++) {
            uint32_t k = cnt[b];
            cnt[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> shift) & 0xFF]++] = src[i];
        t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
#define CSWAP(i, j)                                                            \
    do {                                                                       \
        uint32_t x_ = a[i], y_ = a[j];                                         \
        a[i] = x_ < y_ ? x_ : y_;                                              \
        a[j] = x_ < y_ ? y_ : x_;                                              \
    } while (0)

static void sort_ranks(uint32_t *a, size_t n, uint32_t *tmp, unsigned bits)
{
    switch (n) {
    case 0:
    case 1:
        return;
    case 2:
        CSWAP(0, 1);
        return;
    case 3:
        CSWAP(1, 2); CSWAP(0, 2); CSWAP(0, 1);
        return;
    case 4:
        CSWAP(0, 1); CSWAP(2, 3); CSWAP(0, 2); CSWAP(1, 3); CSWAP(1, 2);
        return;
    case 5:
        CSWAP(0, 1); CSWAP(3, 4); CSWAP(2, 4); CSWAP(2, 3); CSWAP(0, 3);
        CSWAP(0, 2); CSWAP(1, 4); CSWAP(1, 3); CSWAP(1, 2);
        return;
    case 6:
        CSWAP(1, 2); CSWAP(4, 5); CSWAP(0, 2); CSWAP(3, 5); CSWAP(0, 1);
        CSWAP(3, 4); CSWAP(1, 4); CSWAP(0, 3); CSWAP(2, 5); CSWAP(1, 3);
        CSWAP(2, 4); CSWAP(2, 3);
        return;
    case 7:
        CSWAP(1, 2); CSWAP(3, 4); CSWAP(5, 6); CSWAP(0, 2); CSWAP(3, 5);
        CSWAP(4, 6); CSWAP(0, 1); CSWAP(4, 5); CSWAP(2, 6); CSWAP(0, 4);
        CSWAP(1, 5); CSWAP(0, 3); CSWAP(2, 5); CSWAP(1, 3); CSWAP(2, 4);
        CSWAP(2, 3);
        return;
    case 8:
        CSWAP(0, 2); CSWAP(1, 3); CSWAP(4, 6); CSWAP(5, 7); CSWAP(0, 4);
        CSWAP(1, 5); CSWAP(2, 6); CSWAP(3, 7); CSWAP(0, 1); CSWAP(2, 3);
        CSWAP(4, 5); CSWAP(6, 7); CSWAP(2, 4); CSWAP(3, 5); CSWAP(1, 4);
        CSWAP(3, 6); CSWAP(1, 2); CSWAP(3, 4); CSWAP(5, 6);
        return;
    default:
        break;
    }
    if (n <= INSERTION_MAX || !tmp || n >= UINT32_MAX) {
        if (n > 64) { /* no scratch, or a row too long to count in 32 bits */
            qsort(a, n, sizeof *a, u32_cmp);
            return;
        }
        for (size_t i = 1; i < n; i++) {
            uint32_t x = a[i];
            size_t j = i;
            while (j > 0 && a[j - 1] > x) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    radix_u32(a, n, tmp, bits);
}

void mct__sort_u32(uint32_t *a, size_t n) { sort_ranks(a, n, NULL, 32); }
#undef CSWAP

/*
 * Each text's tokens become ranks (dropped surfaces left out), sorted in
 * place in its own slice of toks; every distinct rank of a text adds one
 * to its document frequency and its count to its total. The texts are
 * cut into one range per thread with counts of its own, added up after:
 * integer sums, the same whatever the cut.
 */
typedef struct rowstat {
    size_t d0, d1;
    tcount *c;     /* per rank */
    uint32_t *tmp; /* scratch for sorting long rows */
    size_t tmp_cap;
} rowstat;

static void rows_range(fit *f, const uint32_t *map, rowstat *r)
{
    unsigned bits = 0;
    while (bits < 32 && (f->n_terms >> bits))
        bits++;
    for (size_t d = r->d0; d < r->d1; d++) {
        uint32_t *a = f->toks + f->doc_off[d];
        size_t u = 0, m = f->doc_off[d + 1] - f->doc_off[d];
        /* Every token left has a term: dropped surfaces never got in. */
        for (size_t i = 0; i < m; i++)
            a[i] = map[a[i]];
        /* Without scratch (out of memory) the sort falls back to qsort. */
        if (m > INSERTION_MAX)
            (void)mct__grow((void **)&r->tmp, &r->tmp_cap, m, sizeof *r->tmp);
        sort_ranks(a, m, r->tmp_cap >= m ? r->tmp : NULL, bits);
        for (size_t i = 0; i < m; i++) {
            bool first = i == 0 || a[i] != a[i - 1];
            r->c[a[i]].df += first;
            r->c[a[i]].tf++;
            u += first;
        }
        f->uniq[d] = u;
    }
}

static mct_status phase_rows(fit *f)
{
    size_t n = f->n, nmap = f->tok_is_term ? f->n_terms : f->surf.n;
    size_t tok = 0, total = f->doc_off[n], d = 0;
    /* Each range holds counts for the whole vocabulary: no more ranges
     * than the tokens keep worth it (a range per 2 x vocabulary tokens),
     * nor than texts, so that a big vocabulary on many threads does not
     * cost more memory and summing than it saves. */
    size_t nr = total / (2 * (f->n_terms + 1));
    uint32_t *map = mct__alloc_array(nmap + 1, sizeof *map);
    rowstat *rs = NULL;
    mct_status rc = MCT_ENOMEM;
    if (nr > (size_t)f->nt)
        nr = (size_t)f->nt;
    if (nr > n)
        nr = n;
    if (nr < 1)
        nr = 1;
    rs = mct__calloc(nr, sizeof *rs);
    if (!map || !rs ||
        !(f->uniq = mct__alloc_array(n + 1, sizeof *f->uniq)))
        goto out;
    for (size_t i = 0; i < nr; i++)
        if (!(rs[i].c = mct__calloc(f->n_terms + 1, sizeof *rs[i].c)))
            goto out;
    for (size_t s = 0; s < nmap; s++) {
        uint32_t t = f->tok_is_term ? (uint32_t)s : f->stem_of[s];
        map[s] = t == UINT32_MAX ? UINT32_MAX : f->rank[t];
    }
    /* Ranges of about equal numbers of tokens. */
    for (size_t i = 0; i < nr; i++) {
        rs[i].d0 = d;
        while (d < n && (i == nr - 1 || tok < total / nr * (i + 1)))
            tok = f->doc_off[++d];
        rs[i].d1 = d;
    }
#pragma omp parallel for num_threads((int)nr) schedule(static, 1)
    for (size_t i = 0; i < nr; i++)
        rows_range(f, map, &rs[i]);
    f->cnt = rs[0].c;
    rs[0].c = NULL;
    /* The ranges' counts, summed term by term (integers: any order). */
    if (nr > 1) {
#pragma omp parallel for num_threads(f->nt) schedule(static)
        for (size_t t = 0; t < f->n_terms; t++)
            for (size_t i = 1; i < nr; i++) {
                f->cnt[t].df += rs[i].c[t].df;
                f->cnt[t].tf += rs[i].c[t].tf;
            }
    }
    rc = MCT_OK;
out:
    for (size_t i = 0; rs && i < nr; i++) {
        mct__free(rs[i].c);
        mct__free(rs[i].tmp);
    }
    mct__free(rs);
    mct__free(map);
    return rc;
}

/* ---- phase F: pruning and the kept vocabulary ------------------------ */

typedef struct tfrank {
    size_t tf;
    uint32_t rank; /* alphabetical position */
} tfrank;

static int tfrank_cmp(const void *a, const void *b)
{
    const tfrank *x = a, *y = b;
    if (x->tf != y->tf)
        return x->tf > y->tf ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Final column of every rank, UINT32_MAX when pruned. */
static mct_status choose_vocab(mct_vectorizer *v, fit *f, mct_diag *diag)
{
    const mct_tfidf_opts *o = &v->o;
    double n = (double)f->n;
    double hi = o->max_df_is_fraction ? o->max_df * n : o->max_df;
    double lo = o->min_df_is_fraction ? o->min_df * n : o->min_df;
    tfrank *kept = NULL;
    size_t nk = 0;
    if (hi < lo) {
        mct__diag(diag, 0, 0, "max_df allows fewer documents than min_df");
        return MCT_EINVAL;
    }
    if (!(f->col_of = mct__alloc_array(f->n_terms + 1, sizeof *f->col_of)) ||
        !(kept = mct__alloc_array(f->n_terms + 1, sizeof *kept)))
        return MCT_ENOMEM;
    for (uint32_t r = 0; r < f->n_terms; r++) {
        f->col_of[r] = UINT32_MAX;
        if ((double)f->cnt[r].df <= hi && (double)f->cnt[r].df >= lo) {
            kept[nk].tf = f->cnt[r].tf;
            kept[nk].rank = r;
            nk++;
        }
    }
    if (o->max_features && nk > o->max_features) {
        /* Most frequent first, ties in alphabetical order, then back to
         * alphabetical order. */
        qsort(kept, nk, sizeof *kept, tfrank_cmp);
        nk = o->max_features;
        for (size_t k = 0; k < nk; k++)
            kept[k].tf = 0;
        qsort(kept, nk, sizeof *kept, tfrank_cmp);
    }
    for (size_t k = 0; k < nk; k++)
        f->col_of[kept[k].rank] = (uint32_t)k;
    f->n_cols = nk;
    mct__free(kept);
    if (nk == 0) {
        mct__diag(diag, 0, 0, "no terms remain after pruning by min_df, "
                              "max_df and max_features");
        return MCT_EEMPTY;
    }
    return MCT_OK;
}

/*
 * Hands the vocabulary to the vectorizer. For unigrams the table of stems
 * and the surfaces' strings move over as they are (ids map to columns),
 * so nothing is copied or hashed again; n-gram strings, which the fit
 * keeps outside any table, are interned.
 */
static mct_status keep_vocab(mct_vectorizer *v, fit *f)
{
    double sm = v->o.smooth_idf ? 1.0 : 0.0;
    size_t nc = f->n_cols, nt = f->n_terms;
    mct_status rc;
    if (!(v->col_of_id = mct__alloc_array(nt + 1, sizeof *v->col_of_id)) ||
        !(v->id_of_col = mct__alloc_array(nc + 1, sizeof *v->id_of_col)) ||
        !(v->display = mct__calloc(nc + 1, sizeof *v->display)) ||
        !(v->df = mct__alloc_array(nc + 1, sizeof *v->df)) ||
        !(v->idf = mct__alloc_array(nc + 1, sizeof *v->idf)) ||
        !(v->count = mct__alloc_array(nc + 1, sizeof *v->count)))
        return MCT_ENOMEM;
    if (!f->tok_is_term) {
        v->vocab = f->stems;
        memset(&f->stems, 0, sizeof f->stems);
        v->strings = f->surf.arena;
        f->surf.arena = NULL;
    } else {
        if ((rc = mct__strtab_init(&v->vocab, nt + 16)))
            return rc;
        v->strings = f->gbuf.p;
        f->gbuf.p = NULL;
    }
    for (uint32_t t = 0; t < nt; t++) {
        uint32_t id = t;
        if (f->tok_is_term) {
            mct__key k = mct__key_of(f->tstr[t], f->tlen[t]);
            if ((rc = mct__strtab_intern_key(&v->vocab, f->tstr[t],
                                             f->tlen[t], &k, &id)))
                return rc;
        }
        v->col_of_id[id] = f->col_of[f->rank[t]];
        if (v->col_of_id[id] != UINT32_MAX)
            v->id_of_col[v->col_of_id[id]] = id;
    }
    v->n_terms = nc;
    for (uint32_t r = 0; r < nt; r++) {
        uint32_t j = f->col_of[r], t = f->order[r];
        if (j == UINT32_MAX)
            continue;
        v->display[j] = f->tdisp[t];
        v->df[j] = f->cnt[r].df;
        v->count[j] = (double)f->cnt[r].tf;
        /* scikit-learn: log(n_samples / df) + 1 after adding 1 to both
         * when smoothing, as a true division of the integers. */
        v->idf[j] = v->o.use_idf ? log(((double)f->n + sm) /
                                       ((double)f->cnt[r].df + sm)) +
                                       1.0
                                 : 1.0;
    }
    return MCT_OK;
}

/* ---- phase G: the matrix ---------------------------------------------- */

/* Entries of one text's sorted ranks that survive pruning, as columns
 * with their counts; returns how many (ix and x may be NULL to count). */
static size_t row_entries(const fit *f, const uint32_t *a, size_t m,
                          uint32_t *ix, double *x)
{
    size_t u = 0;
    if (f->n_cols == f->n_terms && ix) {
        /* Nothing pruned: the columns are the ranks. */
        for (size_t i = 0; i < m;) {
            size_t j = i + 1;
            while (j < m && a[j] == a[i])
                j++;
            ix[u] = a[i];
            x[u] = (double)(int64_t)(j - i);
            u++;
            i = j;
        }
        return u;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        uint32_t c = f->col_of[a[i]];
        while (j < m && a[j] == a[i])
            j++;
        if (c != UINT32_MAX) {
            if (ix) {
                ix[u] = c;
                x[u] = (double)(int64_t)(j - i);
            }
            u++;
        }
        i = j;
    }
    return u;
}

/* Rows filled and weighted in parallel once their offsets are known. */
static mct_status phase_matrix(mct_vectorizer *v, fit *f, mct_csr **out)
{
    size_t n = f->n, *ip = mct__alloc_array(n + 1, sizeof *ip);
    uint32_t *ix = NULL;
    double *x = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!ip)
        return MCT_ENOMEM;
    if (f->n_cols == f->n_terms) {
        /* Nothing pruned: a row has an entry per distinct rank. */
        for (size_t d = 0; d < n; d++)
            ip[d + 1] = f->uniq[d];
    } else {
#pragma omp parallel for num_threads(f->nt) schedule(dynamic, 1024)
        for (size_t d = 0; d < n; d++)
            ip[d + 1] = row_entries(f, f->toks + f->doc_off[d],
                                    f->doc_off[d + 1] - f->doc_off[d],
                                    NULL, NULL);
    }
    ip[0] = 0;
    for (size_t d = 0; d < n; d++)
        ip[d + 1] += ip[d];
    if (!(ix = mct__alloc_array(ip[n] + 1, sizeof *ix)) ||
        !(x = mct__alloc_array(ip[n] + 1, sizeof *x)))
        goto out;
    /* Contiguous halves (thirds, ...) of the rows per thread: each thread
     * then takes the first page faults of its own part of the fresh
     * arrays. Interleaved chunks had the threads queue on the same huge
     * pages and made two threads slower than one. */
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t d = 0; d < n; d++) {
        row_entries(f, f->toks + f->doc_off[d],
                    f->doc_off[d + 1] - f->doc_off[d], ix + ip[d],
                    x + ip[d]);
        mct__tfidf_weight_row(v, ix + ip[d], x + ip[d], ip[d + 1] - ip[d]);
    }
    if ((rc = mct__csr_wrap(n, f->n_cols, ip, ix, x, out)))
        goto out;
    return MCT_OK;
out:
    mct__free(ip);
    mct__free(ix);
    mct__free(x);
    return rc;
}

static void fit_free(fit *f)
{
    mct__strtab_destroy(&f->surf);
    mct__free(f->surf_cnt);
    mct__free(f->drop);
    mct__free(f->toks);
    mct__free(f->doc_off);
    mct__strtab_destroy(&f->stems);
    mct__free(f->stem_of);
    mct__free(f->best_surf);
    mct__free(f->tstr);
    mct__free(f->tlen);
    mct__free(f->tdisp);
    mct__free(f->rank);
    mct__free(f->order);
    mct__free(f->uniq);
    mct__free(f->cnt);
    mct__free(f->col_of);
    mct__strtab_destroy(&f->grams);
    mct__buf_free(&f->gbuf);
    mct__free(f->gstr_off);
    mct__free(f->gdisp_off);
}

static mct_status fit_phases(mct_vectorizer *v, fit *f,
                             const char *const *texts, const size_t *lens,
                             mct_csr **out, mct_diag *diag)
{
    bool uni = v->o.analyzer.ngram_min == 1 && v->o.analyzer.ngram_max == 1;
    mct_status rc;
    if ((rc = phase_surfaces(v, f, texts, lens, diag)) ||
        (rc = phase_stems(v, f)) || (rc = best_surfaces(f)) ||
        (rc = uni ? terms_unigram(f) : terms_ngram(v, f)))
        return rc;
    if (f->n_terms == 0) {
        mct__diag(diag, 0, 0, "empty vocabulary: the texts hold only stop "
                              "words or no words at all");
        return MCT_EEMPTY;
    }
    if ((rc = rank_terms(f)) || (rc = phase_rows(f)) ||
        (rc = choose_vocab(v, f, diag)) || (rc = keep_vocab(v, f)) ||
        (rc = phase_matrix(v, f, out)))
        return rc;
    return MCT_OK;
}

mct_status mct__tfidf_fit(mct_vectorizer *v, const char *const *texts,
                          const size_t *lens, size_t n, mct_csr **out,
                          mct_diag *diag)
{
    fit f;
    mct_status rc;
    memset(&f, 0, sizeof f);
    f.n = n;
    f.nt = mct_threads_resolve(v->o.n_threads);
    rc = fit_phases(v, &f, texts, lens, out, diag);
    fit_free(&f);
    return rc;
}

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

#include "tfidf_fit.h"

#define STEM_CHUNK 4096


/* ---- phase A: surfaces ---------------------------------------------- */

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
        guess = guess < 64 ? 64 : guess > 65536 ? 65536 : guess;
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
        (rc = phase_stems(v, f)) || (rc = mct__fit_best_surfaces(f)) ||
        (rc = uni ? mct__fit_terms_unigram(f) : mct__fit_terms_ngram(v, f)))
        return rc;
    if (f->n_terms == 0) {
        mct__diag(diag, 0, 0, "empty vocabulary: the texts hold only stop "
                              "words or no words at all");
        return MCT_EEMPTY;
    }
    if ((rc = mct__fit_rank_terms(f)) || (rc = mct__fit_rows(f)) ||
        (rc = mct__fit_choose_vocab(v, f, diag)) || (rc = mct__fit_keep_vocab(v, f)) ||
        (rc = mct__fit_matrix(v, f, out)))
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

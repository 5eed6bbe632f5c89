/*
 * tfidf.c - vocabulary, counts and TF-IDF weights.
 *
 * fit_transform works in phases so that every parallel step writes only
 * its own slots and every merge runs serially in a fixed order; the
 * vocabulary and the matrix are therefore the same for any thread count.
 *
 *   A  texts -> surfaces, in blocks of BLOCK_DOCS texts (parallel over
 *      blocks; each block interns its surfaces in its own table)
 *   B  block tables merged into one surface table, in block order
 *   C  surfaces -> stems, in chunks of STEM_CHUNK surfaces (parallel,
 *      one stemmer per thread), stems interned serially in surface order;
 *      stop words, short tokens and numbers are recognised here, once per
 *      distinct surface, not once per token
 *   D  tokens -> stems with the dropped ones removed, then term ids
 *      (n-grams interned serially)
 *   E  per-text counts (parallel over texts)
 *   F  document frequencies, sorted vocabulary, pruning
 *   G  final columns and weights (parallel over rows)
 *
 * Each distinct surface is stemmed once, however often it occurs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyzer.h"
#include "mct_tfidf.h"

#define BLOCK_DOCS 2048
#define STEM_CHUNK 4096

struct mct_vectorizer {
    mct_tfidf_opts o;
    mct_analyzer *an;
    bool fitted;
    size_t n_docs, n_terms;
    mct__strtab vocab; /* term strings; id == column */
    mct__arena strings; /* display forms */
    char **display;
    size_t *df;
    double *idf;
    double *count;
};

mct_tfidf_opts mct_tfidf_opts_default(void)
{
    mct_tfidf_opts o;
    memset(&o, 0, sizeof o);
    o.analyzer = mct_analyzer_opts_default();
    o.min_df = 1;
    o.min_df_is_fraction = false;
    o.max_df = 1.0;
    o.max_df_is_fraction = true;
    o.max_features = 0;
    o.use_idf = true;
    o.smooth_idf = true;
    o.sublinear_tf = false;
    o.binary = false;
    o.norm = MCT_NORM_L2;
    o.n_threads = 0;
    return o;
}

static bool df_limit_ok(double v, bool frac)
{
    if (!(v >= 0) || isinf(v))
        return false;
    if (frac)
        return v <= 1.0;
    return v == floor(v);
}

mct_status mct_vectorizer_new(const mct_tfidf_opts *o, mct_vectorizer **out)
{
    mct_vectorizer *v;
    mct_status rc;
    if (!o || !out)
        return MCT_EINVAL;
    *out = NULL;
    if (!df_limit_ok(o->min_df, o->min_df_is_fraction) ||
        !df_limit_ok(o->max_df, o->max_df_is_fraction) ||
        (o->norm != MCT_NORM_NONE && o->norm != MCT_NORM_L1 &&
         o->norm != MCT_NORM_L2))
        return MCT_EINVAL;
    if (!(v = mct__calloc(1, sizeof *v)))
        return MCT_ENOMEM;
    v->o = *o;
    if ((rc = mct_analyzer_new(&o->analyzer, &v->an))) {
        mct__free(v);
        return rc;
    }
    /* The copy must not point at the caller's strings or thesaurus. */
    v->o.analyzer = *mct__analyzer_opts(v->an);
    *out = v;
    return MCT_OK;
}

void mct_vectorizer_free(mct_vectorizer *v)
{
    if (!v)
        return;
    mct_analyzer_free(v->an);
    mct__strtab_destroy(&v->vocab);
    mct__arena_free(&v->strings);
    mct__free(v->display);
    mct__free(v->df);
    mct__free(v->idf);
    mct__free(v->count);
    mct__free(v);
}

/* ---- small helpers -------------------------------------------------- */

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_u32(uint32_t *a, size_t n)
{
    if (n < 24) {
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
    qsort(a, n, sizeof *a, u32_cmp);
}

typedef struct entry {
    uint32_t col;
    double val;
} entry;

static bool text_ok(const char *t, size_t len)
{
    return (t || !len) && (!len || !memchr(t, '\0', len)) &&
           mct__utf8_valid(t, len, NULL);
}

/*
 * Applies tf transform, idf and the row norm to finished rows. Each row is
 * handled by one thread in index order, so the sums are fixed.
 */
static void weight_rows(const mct_vectorizer *v, size_t n, const size_t *ip,
                        const uint32_t *ix, double *x, int nt)
{
    const mct_tfidf_opts *o = &v->o;
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t k = ip[i]; k < ip[i + 1]; k++) {
            double tf = o->binary ? 1.0 : x[k];
            if (o->sublinear_tf)
                tf = log(tf) + 1.0;
            x[k] = o->use_idf ? tf * v->idf[ix[k]] : tf;
        }
        if (o->norm == MCT_NORM_NONE)
            continue;
        for (size_t k = ip[i]; k < ip[i + 1]; k++)
            s += o->norm == MCT_NORM_L2 ? x[k] * x[k] : fabs(x[k]);
        if (s == 0.0)
            continue;
        if (o->norm == MCT_NORM_L2)
            s = sqrt(s);
        for (size_t k = ip[i]; k < ip[i + 1]; k++)
            x[k] /= s;
    }
}

/* ---- phase A/B: surfaces -------------------------------------------- */

/*
 * Every text writes its tokens straight into its own slice of one array
 * (f->toks, slice d starting at doc_off[d], sized by an upper bound on
 * its token count), so nothing is copied or reallocated while tokenising.
 */
typedef struct block {
    mct_status rc;
    size_t bad_doc;
} block;

/* Everything the fit needs between phases. */
typedef struct fit {
    size_t n, nb;
    int nt;
    block *blocks;
    mct__strtab surf;    /* global surfaces */
    size_t *surf_cnt;
    uint32_t *toks;      /* per token: surface id, later stem or term id */
    size_t *doc_off;     /* n + 1: slice starts (later: packed offsets) */
    size_t *doc_cnt;     /* n: tokens in each slice */
    mct__strtab stems;
    uint32_t *stem_of;   /* per surface; UINT32_MAX when dropped */
    uint32_t *best_surf; /* per stem: display surface */
    size_t n_terms;
    const char **tstr;   /* per term */
    uint32_t *tlen;
    const char **tdisp;
    mct__strtab grams;   /* n-gram keys (stem ids as bytes) */
    mct__buf gbuf;       /* n-gram strings */
    size_t *gstr_off, *gdisp_off;
} fit;

/* Tokenises texts d0..d1 into their slices, interning surfaces in the
 * thread's table tab (ids local to this block). */
static void block_run(const mct_analyzer *an, const char *const *texts,
                      const size_t *lens, size_t d0, size_t d1, fit *f,
                      block *bl, mct__strtab *tab, mct__tokens *tk)
{
    for (size_t d = d0; d < d1; d++) {
        uint32_t *out = f->toks + f->doc_off[d];
        if (!text_ok(texts[d], lens[d])) {
            bl->rc = MCT_EUTF8;
            bl->bad_doc = d;
            return;
        }
        if ((bl->rc = mct__analyze_words(an, texts[d] ? texts[d] : "",
                                         lens[d], tk))) {
            bl->bad_doc = d;
            return;
        }
        /* The bound holds by construction; check rather than trust. */
        if (tk->count > f->doc_off[d + 1] - f->doc_off[d]) {
            bl->rc = MCT_ETOOBIG;
            bl->bad_doc = d;
            return;
        }
        for (size_t i = 0; i < tk->count; i++) {
            const char *s = tk->bytes + tk->off[i];
            uint32_t id;
            if ((bl->rc = mct__strtab_intern(tab, s, tk->tlen[i],
                                             mct__hash(s, tk->tlen[i]), &id,
                                             NULL)))
                return;
            out[i] = id;
        }
        f->doc_cnt[d] = tk->count;
    }
}

/* Merges a block's table into the global one (called in block order);
 * map gets the global id of every local one. */
static mct_status block_merge(fit *f, const mct__strtab *tab,
                              uint32_t **map, size_t *map_cap)
{
    mct_status rc;
    if ((rc = mct__grow((void **)map, map_cap, tab->n + 1, sizeof **map)))
        return rc;
    for (uint32_t id = 0; id < tab->n; id++)
        if ((rc = mct__strtab_intern(&f->surf, mct__strtab_str(tab, id),
                                     tab->lens[id], tab->hashes[id],
                                     &(*map)[id], NULL)))
            return rc;
    return MCT_OK;
}

static mct_status phase_surfaces(mct_vectorizer *v, fit *f,
                                 const char *const *texts, const size_t *lens,
                                 mct_diag *diag)
{
    mct_status rc = MCT_OK;
    size_t grow = mct__analyzer_max_expansion(v->an);
    f->nb = (f->n + BLOCK_DOCS - 1) / BLOCK_DOCS;
    if (!(f->blocks = mct__calloc(f->nb, sizeof *f->blocks)) ||
        !(f->doc_off = mct__alloc_array(f->n + 1, sizeof *f->doc_off)) ||
        !(f->doc_cnt = mct__calloc(f->n + 1, sizeof *f->doc_cnt)))
        return MCT_ENOMEM;
    /* A text of len bytes has at most len / 2 + 1 tokens (tokens are
     * separated), times what a thesaurus replacement can add. */
    f->doc_off[0] = 0;
    for (size_t d = 0; d < f->n; d++) {
        size_t b = mct__mul(lens[d] / 2 + 1, grow);
        if (b == SIZE_MAX || f->doc_off[d] > SIZE_MAX - b)
            return MCT_ETOOBIG;
        f->doc_off[d + 1] = f->doc_off[d] + b;
    }
    if (!(f->toks = mct__alloc_array(f->doc_off[f->n] + 1, sizeof *f->toks)))
        return MCT_ENOMEM;
    if ((rc = mct__strtab_init(&f->surf, 4096)))
        return rc;
    /*
     * Each thread tokenises its blocks with one reusable table; the blocks
     * are then merged into the global table strictly in block order
     * (ordered), so global ids follow first use in the input whatever the
     * thread count, while other threads go on tokenising.
     */
#pragma omp parallel num_threads(f->nt)
    {
        mct__tokens tk;
        mct__strtab tab;
        uint32_t *map = NULL;
        size_t map_cap = 0;
        mct_status trc;
        memset(&tk, 0, sizeof tk);
        trc = mct__strtab_init(&tab, 4096);
#pragma omp for ordered schedule(dynamic, 1)
        for (size_t b = 0; b < f->nb; b++) {
            size_t d0 = b * BLOCK_DOCS;
            size_t d1 = d0 + BLOCK_DOCS < f->n ? d0 + BLOCK_DOCS : f->n;
            block *bl = &f->blocks[b];
            bl->rc = trc;
            mct__strtab_reset(&tab);
            if (!bl->rc)
                block_run(v->an, texts, lens, d0, d1, f, bl, &tab, &tk);
#pragma omp ordered
            {
                if (!bl->rc)
                    bl->rc = block_merge(f, &tab, &map, &map_cap);
            }
            if (!bl->rc)
                for (size_t d = d0; d < d1; d++) {
                    uint32_t *t = f->toks + f->doc_off[d];
                    for (size_t i = 0; i < f->doc_cnt[d]; i++)
                        t[i] = map[t[i]];
                }
        }
        mct__tokens_free(&tk);
        mct__strtab_destroy(&tab);
        mct__free(map);
    }
    for (size_t b = 0; b < f->nb; b++) {
        if (f->blocks[b].rc) {
            rc = f->blocks[b].rc;
            if (rc == MCT_EUTF8)
                mct__diag(diag, f->blocks[b].bad_doc + 1, 0,
                          "text %zu is not valid UTF-8 or contains a NUL byte",
                          f->blocks[b].bad_doc + 1);
            else
                mct__diag(diag, 0, 0, "%s", mct_strerror(rc));
            return rc;
        }
    }
    if (!(f->surf_cnt = mct__calloc(f->surf.n + 1, sizeof *f->surf_cnt)))
        return MCT_ENOMEM;
    for (size_t d = 0; d < f->n; d++) {
        const uint32_t *t = f->toks + f->doc_off[d];
        for (size_t i = 0; i < f->doc_cnt[d]; i++)
            f->surf_cnt[t[i]]++;
    }
    return MCT_OK;
}

/* ---- phase C: stems -------------------------------------------------- */

typedef struct chunk {
    mct__buf buf;
    mct_status rc;
} chunk;

static void chunk_run(const mct_vectorizer *v, const mct__strtab *surf,
                      size_t s0, size_t s1, chunk *c, size_t *off,
                      mct_stemmer *st, mct__buf *key)
{
    for (size_t s = s0; s < s1; s++) {
        const char *str = mct__strtab_str(surf, (uint32_t)s), *stem;
        size_t n = surf->lens[s], kl, sl;
        if ((c->rc = mct__grow((void **)&key->p, &key->cap, n + 1, 1)))
            return;
        if (mct__surface_dropped(v->an, str, n, key->p)) {
            off[s] = SIZE_MAX;
            continue;
        }
        kl = mct__surface_key(str, n, key->p);
        if (v->o.analyzer.stem) {
            if ((c->rc = mct_stemmer_stem(st, key->p, kl, &stem, &sl)))
                return;
        } else {
            stem = key->p;
            sl = kl;
        }
        off[s] = c->buf.len;
        if ((c->rc = mct__buf_add(&c->buf, stem, sl)) ||
            (c->rc = mct__buf_addc(&c->buf, '\0')))
            return;
    }
}

static mct_status phase_stems(mct_vectorizer *v, fit *f)
{
    size_t ns = f->surf.n, nc = (ns + STEM_CHUNK - 1) / STEM_CHUNK;
    size_t *off = mct__alloc_array(ns + 1, sizeof *off);
    chunk *ch = mct__calloc(nc + 1, sizeof *ch);
    mct_status rc = MCT_OK;
    if (!off || !ch) {
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
                chunk_run(v, &f->surf, c * STEM_CHUNK, s1, &ch[c], off, st,
                          &key);
        }
        mct_stemmer_free(st);
        mct__buf_free(&key);
    }
    for (size_t c = 0; c < nc; c++)
        if (ch[c].rc) {
            rc = ch[c].rc;
            goto out;
        }
    if ((rc = mct__strtab_init_sized(&f->stems, ns + 16, f->surf.arena_len)))
        goto out;
    if (!(f->stem_of = mct__alloc_array(ns + 1, sizeof *f->stem_of))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    for (size_t s = 0; s < ns; s++) {
        const char *str;
        size_t n;
        if (off[s] == SIZE_MAX) {
            f->stem_of[s] = UINT32_MAX; /* dropped */
            continue;
        }
        str = ch[s / STEM_CHUNK].buf.p + off[s];
        n = strlen(str);
        if ((rc = mct__strtab_intern(&f->stems, str, n, mct__hash(str, n),
                                     &f->stem_of[s], NULL)))
            goto out;
    }
    /* The display form of a stem: its most frequent surface, ties to the
     * smallest string, so the choice is independent of input order. */
    if (!(f->best_surf = mct__alloc_array(f->stems.n + 1,
                                          sizeof *f->best_surf))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    for (size_t t = 0; t < f->stems.n; t++)
        f->best_surf[t] = UINT32_MAX;
    for (uint32_t s = 0; s < ns; s++) {
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
out:
    for (size_t c = 0; ch && c < nc; c++)
        mct__buf_free(&ch[c].buf);
    mct__free(ch);
    mct__free(off);
    return rc;
}

/* ---- phase D: terms -------------------------------------------------- */

/*
 * Tokens become stem ids; dropped ones leave; the slices are packed
 * together, text by text (the write position never passes the read one),
 * and doc_off becomes the packed offsets.
 */
static void tokens_to_stems(fit *f)
{
    size_t w = 0;
    for (size_t d = 0; d < f->n; d++) {
        const uint32_t *t = f->toks + f->doc_off[d];
        size_t cnt = f->doc_cnt[d];
        f->doc_off[d] = w;
        for (size_t i = 0; i < cnt; i++) {
            uint32_t st = f->stem_of[t[i]];
            if (st != UINT32_MAX)
                f->toks[w++] = st;
        }
    }
    f->doc_off[f->n] = w;
}

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

/* n-grams: every run of g consecutive stems, g in [gmin, gmax]. */
static mct_status terms_ngram(mct_vectorizer *v, fit *f)
{
    unsigned gmin = v->o.analyzer.ngram_min, gmax = v->o.analyzer.ngram_max;
    size_t cap = 0, n_out = 0, *off2 = NULL;
    uint32_t *out = NULL, key[8];
    mct_status rc;
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
                for (unsigned k = 0; k < g; k++)
                    key[k] = tk[i + k];
                if ((rc = mct__strtab_intern(&f->grams, (const char *)key,
                                             g * sizeof *key,
                                             mct__hash(key, g * sizeof *key),
                                             &id, NULL)) ||
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
            for (unsigned k = 0; k < g; k++) {
                uint32_t s;
                const char *w;
                memcpy(&s, kb + k * sizeof s, sizeof s);
                w = pass ? mct__strtab_str(&f->surf, f->best_surf[s])
                         : mct__strtab_str(&f->stems, s);
                if ((k && (rc = mct__buf_addc(&f->gbuf, ' '))) ||
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
    return MCT_OK;
fail:
    mct__free(out);
    mct__free(off2);
    return rc;
}

/* ---- phase E/F/G: counts, vocabulary, weights ------------------------ */

typedef struct vsort {
    const char *s;
    uint32_t len, id;
} vsort;

static int vsort_cmp(const void *a, const void *b)
{
    const vsort *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

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

/* Columns of the kept terms, in alphabetical order; UINT32_MAX if cut. */
static mct_status choose_vocab(mct_vectorizer *v, fit *f, const size_t *df,
                               const size_t *tf, uint32_t *col_of,
                               size_t *n_cols, mct_diag *diag)
{
    const mct_tfidf_opts *o = &v->o;
    double n = (double)f->n;
    double hi = o->max_df_is_fraction ? o->max_df * n : o->max_df;
    double lo = o->min_df_is_fraction ? o->min_df * n : o->min_df;
    vsort *vs = mct__alloc_array(f->n_terms + 1, sizeof *vs);
    tfrank *kept = mct__alloc_array(f->n_terms + 1, sizeof *kept);
    size_t nk = 0;
    mct_status rc = MCT_OK;
    if (!vs || !kept) {
        rc = MCT_ENOMEM;
        goto out;
    }
    if (f->n_terms == 0) {
        mct__diag(diag, 0, 0, "empty vocabulary: the texts hold only stop "
                              "words or no words at all");
        rc = MCT_EEMPTY;
        goto out;
    }
    if (hi < lo) {
        mct__diag(diag, 0, 0, "max_df allows fewer documents than min_df");
        rc = MCT_EINVAL;
        goto out;
    }
    for (uint32_t t = 0; t < f->n_terms; t++) {
        vs[t].s = f->tstr[t];
        vs[t].len = f->tlen[t];
        vs[t].id = t;
    }
    qsort(vs, f->n_terms, sizeof *vs, vsort_cmp);
    for (size_t r = 0; r < f->n_terms; r++) {
        uint32_t t = vs[r].id;
        col_of[t] = UINT32_MAX;
        if ((double)df[t] <= hi && (double)df[t] >= lo) {
            kept[nk].tf = tf[t];
            kept[nk].rank = (uint32_t)r;
            nk++;
        }
    }
    if (o->max_features && nk > o->max_features) {
        /* Most frequent first, ties in alphabetical order (a stable sort
         * of the alphabetical list), then back to alphabetical order. */
        qsort(kept, nk, sizeof *kept, tfrank_cmp);
        nk = o->max_features;
        for (size_t k = 0; k < nk; k++)
            kept[k].tf = 0;
        qsort(kept, nk, sizeof *kept, tfrank_cmp);
    }
    if (nk == 0) {
        mct__diag(diag, 0, 0, "no terms remain after pruning by min_df, "
                              "max_df and max_features");
        rc = MCT_EEMPTY;
        goto out;
    }
    for (size_t k = 0; k < nk; k++)
        col_of[vs[kept[k].rank].id] = (uint32_t)k;
    *n_cols = nk;
out:
    mct__free(vs);
    mct__free(kept);
    return rc;
}

/* Stores the kept vocabulary in the vectorizer. */
static mct_status keep_vocab(mct_vectorizer *v, const fit *f,
                             const uint32_t *col_of, size_t n_cols,
                             const size_t *df, const size_t *tf)
{
    uint32_t *term_of = mct__alloc_array(n_cols + 1, sizeof *term_of);
    mct_status rc = MCT_ENOMEM;
    size_t bytes = 0;
    if (!term_of)
        return MCT_ENOMEM;
    for (uint32_t t = 0; t < f->n_terms; t++)
        if (col_of[t] != UINT32_MAX)
            term_of[col_of[t]] = t;
    for (size_t j = 0; j < n_cols; j++)
        bytes += f->tlen[term_of[j]] + 1;
    if (mct__strtab_init_sized(&v->vocab, n_cols + 16, bytes) ||
        !(v->display = mct__calloc(n_cols + 1, sizeof *v->display)) ||
        !(v->df = mct__alloc_array(n_cols + 1, sizeof *v->df)) ||
        !(v->idf = mct__alloc_array(n_cols + 1, sizeof *v->idf)) ||
        !(v->count = mct__alloc_array(n_cols + 1, sizeof *v->count)))
        goto out;
    v->n_terms = n_cols;
    for (size_t j = 0; j < n_cols; j++) {
        uint32_t t = term_of[j], id;
        double sm = v->o.smooth_idf ? 1.0 : 0.0;
        if ((rc = mct__strtab_intern(&v->vocab, f->tstr[t], f->tlen[t],
                                     mct__hash(f->tstr[t], f->tlen[t]), &id,
                                     NULL)))
            goto out;
        if (!(v->display[j] = mct__arena_strndup(&v->strings, f->tdisp[t],
                                                 strlen(f->tdisp[t])))) {
            rc = MCT_ENOMEM;
            goto out;
        }
        v->df[j] = df[t];
        v->count[j] = (double)tf[t];
        /* scikit-learn: log(n_samples / df) + 1 after adding 1 to both
         * when smoothing, as a true division of the integers. */
        v->idf[j] = v->o.use_idf
                        ? log(((double)f->n + sm) / ((double)df[t] + sm)) + 1.0
                        : 1.0;
    }
    rc = MCT_OK;
out:
    mct__free(term_of);
    return rc;
}

static mct_status phase_matrix(mct_vectorizer *v, fit *f, mct_csr **out,
                               mct_diag *diag)
{
    size_t n = f->n, *ip = NULL, *df = NULL, *tf = NULL, n_cols = 0;
    size_t *kept = NULL;
    uint32_t *ix = NULL, *col_of = NULL, *last = NULL;
    double *x = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!(df = mct__calloc(f->n_terms + 1, sizeof *df)) ||
        !(tf = mct__calloc(f->n_terms + 1, sizeof *tf)) ||
        !(last = mct__alloc_array(f->n_terms + 1, sizeof *last)) ||
        !(col_of = mct__alloc_array(f->n_terms + 1, sizeof *col_of)) ||
        !(ip = mct__alloc_array(n + 1, sizeof *ip)) ||
        !(kept = mct__alloc_array(n + 1, sizeof *kept)))
        goto out;
    /* Document frequencies without sorting: a term counts once per text
     * thanks to the last text it was seen in. Integer sums: exact. */
    memset(last, 0xFF, (f->n_terms + 1) * sizeof *last);
    for (size_t d = 0; d < n; d++)
        for (size_t k = f->doc_off[d]; k < f->doc_off[d + 1]; k++) {
            uint32_t t = f->toks[k];
            tf[t]++;
            if (last[t] != (uint32_t)d) {
                last[t] = (uint32_t)d;
                df[t]++;
            }
        }
    if ((rc = choose_vocab(v, f, df, tf, col_of, &n_cols, diag)) ||
        (rc = keep_vocab(v, f, col_of, n_cols, df, tf)))
        goto out;
    rc = MCT_ENOMEM;
    /* Each text: its columns (pruned terms dropped), sorted in place,
     * counted; then the same again to fill the rows. */
#pragma omp parallel for num_threads(f->nt) schedule(dynamic, 256)
    for (size_t d = 0; d < n; d++) {
        uint32_t *a = f->toks + f->doc_off[d];
        size_t m = 0, u = 0;
        for (size_t i = 0; i < f->doc_off[d + 1] - f->doc_off[d]; i++)
            if (col_of[a[i]] != UINT32_MAX)
                a[m++] = col_of[a[i]];
        sort_u32(a, m);
        for (size_t i = 0; i < m; i++)
            u += i == 0 || a[i] != a[i - 1];
        ip[d + 1] = u;
        kept[d] = m; /* the rest of the segment is stale now */
    }
    ip[0] = 0;
    for (size_t d = 0; d < n; d++)
        ip[d + 1] += ip[d];
    if (!(ix = mct__alloc_array(ip[n] + 1, sizeof *ix)) ||
        !(x = mct__alloc_array(ip[n] + 1, sizeof *x)))
        goto out;
#pragma omp parallel for num_threads(f->nt) schedule(dynamic, 256)
    for (size_t d = 0; d < n; d++) {
        const uint32_t *a = f->toks + f->doc_off[d];
        size_t m = kept[d], w = ip[d];
        for (size_t i = 0; i < m; i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                ix[w] = a[i];
                x[w] = 0;
                w++;
            }
            x[w - 1] += 1.0;
        }
    }
    weight_rows(v, n, ip, ix, x, f->nt);
    if ((rc = mct__csr_wrap(n, n_cols, ip, ix, x, out)))
        goto out;
    ip = NULL;
    ix = NULL;
    x = NULL;
    rc = MCT_OK;
out:
    if (rc == MCT_ENOMEM && diag && !diag->msg[0])
        mct__diag(diag, 0, 0, "out of memory");
    mct__free(ip);
    mct__free(ix);
    mct__free(x);
    mct__free(df);
    mct__free(tf);
    mct__free(last);
    mct__free(col_of);
    mct__free(kept);
    return rc;
}

static void fit_free(fit *f)
{
    mct__free(f->blocks);
    mct__free(f->doc_cnt);
    mct__strtab_destroy(&f->surf);
    mct__free(f->surf_cnt);
    mct__free(f->toks);
    mct__free(f->doc_off);
    mct__strtab_destroy(&f->stems);
    mct__free(f->stem_of);
    mct__free(f->best_surf);
    mct__free(f->tstr);
    mct__free(f->tlen);
    mct__free(f->tdisp);
    mct__strtab_destroy(&f->grams);
    mct__buf_free(&f->gbuf);
    mct__free(f->gstr_off);
    mct__free(f->gdisp_off);
}

/* Forgets a failed fit so that the vectorizer can be fitted again. */
static void vocab_reset(mct_vectorizer *v)
{
    mct__strtab_destroy(&v->vocab);
    mct__arena_free(&v->strings);
    mct__free(v->display);
    mct__free(v->df);
    mct__free(v->idf);
    mct__free(v->count);
    v->display = NULL;
    v->df = NULL;
    v->idf = NULL;
    v->count = NULL;
    v->n_terms = 0;
}

mct_status mct_vectorizer_fit_transform(mct_vectorizer *v,
                                        const char *const *texts,
                                        const size_t *lens, size_t n,
                                        mct_csr **out, mct_diag *diag)
{
    fit f;
    mct_status rc;
    if (!v || !out || (n && (!texts || !lens)))
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if (v->fitted)
        return MCT_ESTATE;
    if (n == 0) {
        mct__diag(diag, 0, 0, "no documents");
        return MCT_EEMPTY;
    }
    memset(&f, 0, sizeof f);
    f.n = n;
    f.nt = mct_threads_resolve(v->o.n_threads);
    if (!(rc = phase_surfaces(v, &f, texts, lens, diag)) &&
        !(rc = phase_stems(v, &f))) {
        bool uni = v->o.analyzer.ngram_min == 1 && v->o.analyzer.ngram_max == 1;
        tokens_to_stems(&f);
        rc = uni ? terms_unigram(&f) : terms_ngram(v, &f);
        if (!rc)
            rc = phase_matrix(v, &f, out, diag);
    }
    fit_free(&f);
    if (rc) {
        vocab_reset(v);
        if (diag && !diag->msg[0])
            mct__diag(diag, 0, 0, "%s", mct_strerror(rc));
        return rc;
    }
    v->n_docs = n;
    v->fitted = true;
    return MCT_OK;
}

/* ---- transform -------------------------------------------------------- */

typedef struct trow {
    entry *e;
    size_t n;
} trow;

/* Columns of one text's terms, counted; unknown terms are skipped. */
static mct_status transform_doc(const mct_vectorizer *v, const char *text,
                                size_t len, mct__tokens *tk, mct_stemmer *st,
                                mct__buf *stems, mct__buf *gram,
                                size_t **soff, size_t *soff_cap, trow *row)
{
    const mct_analyzer_opts *ao = &v->o.analyzer;
    uint32_t *cols = NULL;
    size_t nc = 0, ccap = 0;
    mct_status rc;
    if ((rc = mct__analyze_surfaces(v->an, text, len, tk)))
        return rc;
    if ((rc = mct__grow((void **)soff, soff_cap, tk->count + 1, sizeof **soff)))
        return rc;
    stems->len = 0;
    for (size_t i = 0; i < tk->count; i++) {
        const char *s = tk->bytes + tk->off[i], *stem;
        size_t kl, sl;
        if ((rc = mct__grow((void **)&tk->tmp, &tk->tmp_cap, tk->tlen[i] + 1,
                            1)))
            return rc;
        kl = mct__surface_key(s, tk->tlen[i], tk->tmp);
        if (st) {
            if ((rc = mct_stemmer_stem(st, tk->tmp, kl, &stem, &sl)))
                return rc;
        } else {
            stem = tk->tmp;
            sl = kl;
        }
        (*soff)[i] = stems->len;
        if ((rc = mct__buf_add(stems, stem, sl)) ||
            (rc = mct__buf_addc(stems, '\0')))
            return rc;
    }
    for (unsigned g = ao->ngram_min; g <= ao->ngram_max; g++) {
        for (size_t i = 0; i + g <= tk->count; i++) {
            long c;
            gram->len = 0;
            for (unsigned k = 0; k < g; k++) {
                const char *w = stems->p + (*soff)[i + k];
                if ((k && (rc = mct__buf_addc(gram, ' '))) ||
                    (rc = mct__buf_add(gram, w, strlen(w))))
                    goto out;
            }
            c = mct__strtab_find(&v->vocab, gram->p, gram->len,
                                 mct__hash(gram->p, gram->len));
            if (c < 0)
                continue;
            if ((rc = mct__grow((void **)&cols, &ccap, nc + 1, sizeof *cols)))
                goto out;
            cols[nc++] = (uint32_t)c;
        }
    }
    sort_u32(cols, nc);
    row->n = 0;
    if (nc && !(row->e = mct__alloc_array(nc, sizeof *row->e))) {
        rc = MCT_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < nc; i++) {
        if (i == 0 || cols[i] != cols[i - 1]) {
            row->e[row->n].col = cols[i];
            row->e[row->n].val = 0;
            row->n++;
        }
        row->e[row->n - 1].val += 1.0;
    }
out:
    mct__free(cols);
    return rc;
}

mct_status mct_vectorizer_transform(mct_vectorizer *v,
                                    const char *const *texts,
                                    const size_t *lens, size_t n,
                                    mct_csr **out, mct_diag *diag)
{
    trow *rows;
    size_t *ip = NULL, bad = SIZE_MAX;
    uint32_t *ix = NULL;
    double *x = NULL;
    mct_status rc = MCT_OK;
    int nt;
    if (!v || !out || (n && (!texts || !lens)))
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if (!v->fitted)
        return MCT_ESTATE;
    nt = mct_threads_resolve(v->o.n_threads);
    if (!(rows = mct__calloc(n + 1, sizeof *rows)))
        return MCT_ENOMEM;
#pragma omp parallel num_threads(nt)
    {
        mct__tokens tk;
        mct__buf stems = {0}, gram = {0};
        size_t *soff = NULL, soff_cap = 0;
        mct_stemmer *st = NULL;
        mct_status trc = MCT_OK;
        memset(&tk, 0, sizeof tk);
        if (v->o.analyzer.stem)
            trc = mct_stemmer_new(v->o.analyzer.stem_language, &st);
#pragma omp for schedule(dynamic, 16)
        for (size_t d = 0; d < n; d++) {
            mct_status r = trc;
            if (!r && !text_ok(texts[d], lens[d]))
                r = MCT_EUTF8;
            if (!r)
                r = transform_doc(v, texts[d] ? texts[d] : "", lens[d], &tk,
                                  st, &stems, &gram, &soff, &soff_cap,
                                  &rows[d]);
            if (r) {
#pragma omp critical(mct_transform_err)
                {
                    if (d < bad) {
                        bad = d;
                        rc = r;
                    }
                }
            }
        }
        mct__tokens_free(&tk);
        mct__buf_free(&stems);
        mct__buf_free(&gram);
        mct__free(soff);
        mct_stemmer_free(st);
    }
    if (rc) {
        if (rc == MCT_EUTF8)
            mct__diag(diag, bad + 1, 0,
                      "text %zu is not valid UTF-8 or contains a NUL byte",
                      bad + 1);
        else
            mct__diag(diag, bad + 1, 0, "%s", mct_strerror(rc));
        goto out;
    }
    rc = MCT_ENOMEM;
    if (!(ip = mct__alloc_array(n + 1, sizeof *ip)))
        goto out;
    ip[0] = 0;
    for (size_t d = 0; d < n; d++)
        ip[d + 1] = ip[d] + rows[d].n;
    if (!(ix = mct__alloc_array(ip[n] + 1, sizeof *ix)) ||
        !(x = mct__alloc_array(ip[n] + 1, sizeof *x)))
        goto out;
    for (size_t d = 0; d < n; d++)
        for (size_t k = 0; k < rows[d].n; k++) {
            ix[ip[d] + k] = rows[d].e[k].col;
            x[ip[d] + k] = rows[d].e[k].val;
        }
    weight_rows(v, n, ip, ix, x, nt);
    if ((rc = mct__csr_wrap(n, v->n_terms, ip, ix, x, out)))
        goto out;
    ip = NULL;
    ix = NULL;
    x = NULL;
out:
    for (size_t d = 0; d < n; d++)
        mct__free(rows[d].e);
    mct__free(rows);
    mct__free(ip);
    mct__free(ix);
    mct__free(x);
    return rc;
}

/* ---- vocabulary access ----------------------------------------------- */

size_t mct_vectorizer_n_terms(const mct_vectorizer *v)
{
    return v ? v->n_terms : 0;
}

size_t mct_vectorizer_n_docs(const mct_vectorizer *v)
{
    return v ? v->n_docs : 0;
}

mct_status mct_vectorizer_term(const mct_vectorizer *v, size_t j,
                               mct_term_info *info)
{
    if (!v || !info || j >= v->n_terms)
        return MCT_EINVAL;
    info->term = mct__strtab_str(&v->vocab, (uint32_t)j);
    info->display = v->display[j];
    info->df = v->df[j];
    info->idf = v->idf[j];
    info->count = v->count[j];
    return MCT_OK;
}

long mct_vectorizer_lookup(const mct_vectorizer *v, const char *term)
{
    if (!v || !term || !v->fitted)
        return -1;
    return mct__strtab_find(&v->vocab, term, strlen(term),
                            mct__hash(term, strlen(term)));
}

mct_status mct_vectorizer_write_vocab(const mct_vectorizer *v,
                                      const char *path, mct_diag *diag)
{
    mct__wfile w;
    mct_status rc;
    if (!v || !path)
        return MCT_EINVAL;
    if (!v->fitted)
        return MCT_ESTATE;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    fputs("term\tdisplay\tdf\tidf\n", w.fp);
    for (size_t j = 0; j < v->n_terms; j++)
        fprintf(w.fp, "%s\t%s\t%zu\t%.17g\n",
                mct__strtab_str(&v->vocab, (uint32_t)j), v->display[j],
                v->df[j], v->idf[j]);
    return mct__wfile_commit(&w, diag);
}

/*
 * concepts.c - Leximancer-style concept maps: blocks of sentences,
 * frequent stems and phrases, and their co-occurrence network.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mct_concepts.h"
#include "phrases.h"

struct mct_concepts {
    mct_net *net;
    size_t n_blocks, n_concepts, n_themes;
    char **label;      /* per node */
    char **theme_name; /* per theme */
    mct__arena arena;
};

mct_concepts_opts mct_concepts_opts_default(void)
{
    mct_concepts_opts o;
    memset(&o, 0, sizeof o);
    o.window = 2;
    o.n_concepts = 40;
    o.min_count = 2;
    o.phrases = true;
    o.stem_language = "english";
    o.norm = MCT_NET_NORM_ASSOCIATION;
    o.seed = 42;
    o.academic_stop = true;
    return o;
}

void mct_concepts_free(mct_concepts *c)
{
    if (!c)
        return;
    mct_net_free(c->net);
    mct__free(c->label);
    mct__free(c->theme_name);
    mct__arena_free(&c->arena);
    mct__free(c);
}

/* ---- collecting terms per block ----------------------------------------- */

typedef struct span {
    size_t off, len;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
    bool oom;
} spans;

static bool add_span(void *user, size_t off, size_t len)
{
    spans *s = user;
    if (mct__grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v)) {
        s->oom = true;
        return false;
    }
    s->v[s->n].off = off;
    s->v[s->n].len = len;
    s->n++;
    return true;
}

typedef struct work {
    const mct_concepts_opts *o;
    mct_analyzer *all;   /* seed concepts' normalisation */
    mct__phraser *ph;    /* words and pairs of a sentence */
    mct__strtab terms;   /* "stem" or "stem stem" */
    mct__strtab surf;    /* "surface" or "surface surface" */
    size_t *df;          /* per term: blocks */
    size_t df_cap;
    uint64_t *ts;        /* (term << 32 | surface) occurrences */
    size_t n_ts, ts_cap;
    uint32_t *blk;       /* current block's terms */
    size_t n_blk, blk_cap;
    uint32_t *bt;        /* all blocks' distinct terms, CSR */
    size_t n_bt, bt_cap;
    size_t *bptr;
    size_t n_blocks, bptr_cap;
} work;

static mct_status add_term(work *w, const char *term, size_t tl,
                           const char *surface, size_t sl)
{
    uint32_t t, s;
    bool added;
    mct_status rc;
    if ((rc = mct__strtab_intern(&w->terms, term, tl, mct__hash(term, tl), &t,
                                 &added)) ||
        (rc = mct__strtab_intern(&w->surf, surface, sl,
                                 mct__hash(surface, sl), &s, NULL)) ||
        (rc = mct__grow((void **)&w->ts, &w->ts_cap, w->n_ts + 1,
                        sizeof *w->ts)) ||
        (rc = mct__grow((void **)&w->blk, &w->blk_cap, w->n_blk + 1,
                        sizeof *w->blk)))
        return rc;
    w->ts[w->n_ts++] = ((uint64_t)t << 32) | s;
    w->blk[w->n_blk++] = t;
    return MCT_OK;
}

static mct_status on_term(void *user, const char *key, size_t kl,
                          const char *surface, size_t sl, unsigned words)
{
    (void)words;
    return add_term(user, key, kl, surface, sl);
}

/* The terms of one sentence: stems of the words the filters keep, and
 * pairs of such words that stand next to each other (phrases.h). */
static mct_status sentence_terms(work *w, const char *s, size_t len)
{
    return mct__phraser_sentence(w->ph, s, len, on_term, w);
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Closes a block: its distinct terms join the block list. */
static mct_status end_block(work *w)
{
    size_t m = 0;
    if (w->n_blk)
        qsort(w->blk, w->n_blk, sizeof *w->blk, u32_cmp);
    for (size_t i = 0; i < w->n_blk; i++)
        if (i == 0 || w->blk[i] != w->blk[i - 1])
            w->blk[m++] = w->blk[i];
    if (mct__grow((void **)&w->bt, &w->bt_cap, w->n_bt + m + 1,
                  sizeof *w->bt) ||
        mct__grow((void **)&w->bptr, &w->bptr_cap, w->n_blocks + 2,
                  sizeof *w->bptr))
        return MCT_ENOMEM;
    for (size_t i = 0; i < m; i++)
        w->bt[w->n_bt++] = w->blk[i];
    if (w->n_blocks == 0)
        w->bptr[0] = 0;
    w->bptr[++w->n_blocks] = w->n_bt;
    w->n_blk = 0;
    return MCT_OK;
}

static mct_status collect(work *w, const char *const *texts,
                          const size_t *lens, size_t n)
{
    spans sp = {NULL, 0, 0, false};
    mct_status rc = MCT_OK;
    for (size_t d = 0; d < n && !rc; d++) {
        sp.n = 0;
        if ((rc = mct_split_sentences(texts[d] ? texts[d] : "", lens[d],
                                      add_span, &sp)))
            break;
        if (sp.oom) {
            rc = MCT_ENOMEM;
            break;
        }
        /* A copyright statement ends the text; "All rights reserved"
         * alone is skipped. */
        for (size_t s = 0; s < sp.n; s++)
            if (mct__boilerplate(texts[d] + sp.v[s].off, sp.v[s].len) == 2) {
                sp.n = s;
                break;
            }
        for (size_t s = 0; s < sp.n && !rc; s++) {
            if (!mct__boilerplate(texts[d] + sp.v[s].off, sp.v[s].len))
                rc = sentence_terms(w, texts[d] + sp.v[s].off, sp.v[s].len);
            if (!rc && ((s + 1) % w->o->window == 0 || s + 1 == sp.n))
                rc = end_block(w);
        }
    }
    mct__free(sp.v);
    return rc;
}

/* ---- choosing concepts ---------------------------------------------------- */

typedef struct cand {
    size_t df;
    const char *key;
    uint32_t id;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Seed concepts: each seed's term, when the blocks have it. */
static size_t choose_seeds(work *w, mct_analyzer *norm, unsigned char *chosen)
{
    size_t m = 0;
    for (size_t i = 0; i < w->o->n_seeds; i++) {
        char *k = NULL;
        long t;
        mct_status rc;
        if (!w->o->seeds[i])
            continue;
        if ((rc = mct_analyzer_normalize(norm, w->o->seeds[i],
                                         strlen(w->o->seeds[i]), &k))) {
            if (rc == MCT_ENOMEM)
                return SIZE_MAX;
            continue;
        }
        t = mct__strtab_find(&w->terms, k, strlen(k), mct__hash(k, strlen(k)));
        if (t >= 0 && w->df[t] && !chosen[t]) {
            chosen[t] = 1;
            m++;
        }
        mct_free(k);
    }
    return m;
}

/*
 * Words that a phrase stands for: a word is left out when a phrase that
 * holds it (of min_count blocks or more) is in at least two thirds of
 * the word's blocks, so that "higher" does not sit on "higher education"
 * while "education", which stands alone often, stays.
 */
static void mark_subsumed(work *w, unsigned char *sub)
{
    for (uint32_t t = 0; t < w->terms.n; t++) {
        const char *k = mct__strtab_str(&w->terms, t), *sp = strchr(k, ' ');
        if (!sp || w->df[t] < w->o->min_count)
            continue;
        for (int half = 0; half < 2; half++) {
            const char *word = half ? sp + 1 : k;
            size_t len = half ? strlen(sp + 1) : (size_t)(sp - k);
            long u = mct__strtab_find(&w->terms, word, len,
                                      mct__hash(word, len));
            if (u >= 0 && 3 * w->df[t] >= 2 * w->df[u])
                sub[u] = 1;
        }
    }
}

/* Marks chosen terms (chosen[t] = 1): the seeds, or the terms of most
 * blocks; returns how many (SIZE_MAX: out of memory). */
static size_t choose(work *w, mct_analyzer *norm, unsigned char *chosen)
{
    size_t m = 0, nc = 0;
    cand *c;
    if (w->o->n_seeds)
        return choose_seeds(w, norm, chosen);
    if (!(c = mct__alloc_array(w->terms.n + 1, sizeof *c)))
        return SIZE_MAX;
    if (w->o->phrases)
        mark_subsumed(w, chosen);
    for (uint32_t t = 0; t < w->terms.n; t++) {
        if (w->df[t] >= w->o->min_count && !chosen[t]) {
            c[nc].df = w->df[t];
            c[nc].key = mct__strtab_str(&w->terms, t);
            c[nc].id = t;
            nc++;
        }
        chosen[t] = 0;
    }
    if (nc)
        qsort(c, nc, sizeof *c, cand_cmp);
    for (size_t i = 0; i < nc && m < w->o->n_concepts; i++) {
        chosen[c[i].id] = 1;
        m++;
    }
    mct__free(c);
    return m;
}

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Display labels: the most frequent spelling of each chosen term. */
static mct_status labels(mct_concepts *c, work *w)
{
    long *best;
    size_t *best_n;
    if (w->n_ts)
        qsort(w->ts, w->n_ts, sizeof *w->ts, u64_cmp);
    best = mct__alloc_array(w->terms.n + 1, sizeof *best);
    best_n = mct__calloc(w->terms.n + 1, sizeof *best_n);
    if (!best || !best_n) {
        mct__free(best);
        mct__free(best_n);
        return MCT_ENOMEM;
    }
    for (size_t t = 0; t < w->terms.n; t++)
        best[t] = -1;
    for (size_t a = 0, b; a < w->n_ts; a = b) {
        uint32_t t = (uint32_t)(w->ts[a] >> 32), s = (uint32_t)w->ts[a];
        for (b = a; b < w->n_ts && w->ts[b] == w->ts[a]; b++)
            ;
        if (best[t] < 0 || b - a > best_n[t] ||
            (b - a == best_n[t] &&
             strcmp(mct__strtab_str(&w->surf, s),
                    mct__strtab_str(&w->surf, (uint32_t)best[t])) < 0)) {
            best[t] = s;
            best_n[t] = b - a;
        }
    }
    for (size_t i = 0; i < mct_net_n_nodes(c->net); i++) {
        mct_net_node nd;
        long t;
        const char *l;
        mct_net_node_get(c->net, i, &nd);
        t = mct__strtab_find(&w->terms, nd.key, strlen(nd.key),
                             mct__hash(nd.key, strlen(nd.key)));
        l = t >= 0 && best[t] >= 0 ? mct__strtab_str(&w->surf, (uint32_t)best[t])
                                   : nd.key;
        if (!(c->label[i] = mct__arena_strndup(&c->arena, l, strlen(l))) ||
            mct__net_relabel(c->net, i, l)) {
            mct__free(best);
            mct__free(best_n);
            return MCT_ENOMEM;
        }
    }
    mct__free(best);
    mct__free(best_n);
    return MCT_OK;
}

/* The concept network over the blocks, restricted to chosen terms. */
static mct_status network(mct_concepts *c, work *w, const unsigned char *chosen)
{
    const char ***items = mct__calloc(w->n_blocks + 1, sizeof *items);
    size_t *ni = mct__calloc(w->n_blocks + 1, sizeof *ni);
    mct_net_opts no = mct_net_opts_default();
    mct_status rc = MCT_ENOMEM;
    if (!items || !ni)
        goto out;
    for (size_t b = 0; b < w->n_blocks; b++) {
        size_t m = 0;
        if (!(items[b] = mct__alloc_array(w->bptr[b + 1] - w->bptr[b] + 1,
                                          sizeof **items)))
            goto out;
        for (size_t k = w->bptr[b]; k < w->bptr[b + 1]; k++)
            if (chosen[w->bt[k]])
                items[b][m++] = mct__strtab_str(&w->terms, w->bt[k]);
        ni[b] = m;
    }
    no.min_count = 1;
    no.fold = MCT_NET_FOLD_NONE;
    no.norm = w->o->norm;
    no.seed = w->o->seed;
    rc = mct_net_build(&no, (const char *const *const *)items, ni,
                       w->n_blocks, &c->net);
out:
    for (size_t b = 0; items && b < w->n_blocks; b++)
        mct__free(items[b]);
    mct__free(items);
    mct__free(ni);
    return rc;
}

static mct_status themes(mct_concepts *c)
{
    size_t n = mct_net_n_nodes(c->net);
    c->n_themes = mct_net_n_communities(c->net);
    if (!(c->theme_name = mct__calloc(c->n_themes + 1, sizeof *c->theme_name)))
        return MCT_ENOMEM;
    /* Nodes come most frequent first: the first of each community names
     * it. */
    for (size_t i = 0; i < n; i++) {
        mct_net_node nd;
        mct_net_node_get(c->net, i, &nd);
        if (nd.community >= 0 && !c->theme_name[nd.community])
            c->theme_name[nd.community] = c->label[i];
    }
    return MCT_OK;
}

static void work_free(work *w)
{
    mct_analyzer_free(w->all);
    mct__phraser_free(w->ph);
    mct__strtab_destroy(&w->terms);
    mct__strtab_destroy(&w->surf);
    mct__free(w->df);
    mct__free(w->ts);
    mct__free(w->blk);
    mct__free(w->bt);
    mct__free(w->bptr);
}

/* The analyzers: every word (no stop words, no minimum length) for the
 * concepts, and the phraser that joins two-word phrases. */
static mct_status analyzers(work *w, const mct_concepts_opts *o)
{
    mct_analyzer_opts ao = mct_analyzer_opts_default();
    mct__phrase_opts po;
    mct_status rc;
    if (o->stem_language)
        ao.stem_language = o->stem_language;
    ao.stop_list = MCT_STOPLIST_NONE;
    ao.min_token_chars = 1;
    memset(&po, 0, sizeof po);
    po.stem_language = o->stem_language;
    po.stop_words = o->stop_words;
    po.n_stop_words = o->n_stop_words;
    po.academic_stop = o->academic_stop;
    po.exclude = o->exclude_terms;
    po.n_exclude = o->n_exclude_terms;
    po.pairs = o->phrases;
    if ((rc = mct_analyzer_new(&ao, &w->all)) ||
        (rc = mct__phraser_new(&po, &w->ph)))
        return rc;
    if (mct__strtab_init(&w->terms, 4096) || mct__strtab_init(&w->surf, 4096))
        return MCT_ENOMEM;
    return MCT_OK;
}

/* The blocks each term occurs in. */
static mct_status block_counts(work *w)
{
    if (mct__grow((void **)&w->df, &w->df_cap, w->terms.n + 1, sizeof *w->df))
        return MCT_ENOMEM;
    memset(w->df, 0, (w->terms.n + 1) * sizeof *w->df);
    for (size_t k = 0; k < w->n_bt; k++)
        w->df[w->bt[k]]++;
    return MCT_OK;
}

/* Concepts chosen, their network, labels and themes. */
static mct_status concept_map(mct_concepts *c, work *w)
{
    unsigned char *chosen = mct__calloc(w->terms.n + 1, 1);
    mct_status rc = MCT_ENOMEM;
    c->n_blocks = w->n_blocks;
    if (!chosen)
        return MCT_ENOMEM;
    /* SIZE_MAX: out of memory, not "no concept". */
    if ((c->n_concepts = choose(w, w->all, chosen)) == 0 ||
        c->n_concepts == SIZE_MAX)
        rc = c->n_concepts ? MCT_ENOMEM : MCT_EEMPTY;
    else if (!(rc = network(c, w, chosen))) {
        rc = MCT_ENOMEM;
        if ((c->label = mct__calloc(mct_net_n_nodes(c->net) + 1,
                                    sizeof *c->label)) &&
            !(rc = labels(c, w)))
            rc = themes(c);
    }
    mct__free(chosen);
    return rc;
}

mct_status mct_concepts_build(const mct_concepts_opts *opts,
                              const char *const *texts, const size_t *lens,
                              size_t n, mct_concepts **out)
{
    const mct_concepts_opts o = opts ? *opts : mct_concepts_opts_default();
    mct_concepts *c;
    work w;
    mct_status rc;
    if (!out || (n && (!texts || !lens)) || o.window < 1 ||
        o.n_concepts < 1 || o.min_count < 1 || (o.n_seeds && !o.seeds) ||
        (o.n_exclude_terms && !o.exclude_terms))
        return MCT_EINVAL;
    *out = NULL;
    if (!(c = mct__calloc(1, sizeof *c)))
        return MCT_ENOMEM;
    memset(&w, 0, sizeof w);
    w.o = &o;
    if (!(rc = analyzers(&w, &o)) && !(rc = collect(&w, texts, lens, n)) &&
        !(rc = block_counts(&w)))
        rc = concept_map(c, &w);
    work_free(&w);
    if (rc) {
        mct_concepts_free(c);
        return rc;
    }
    *out = c;
    return MCT_OK;
}

size_t mct_concepts_n_blocks(const mct_concepts *c)
{
    return c ? c->n_blocks : 0;
}

const mct_net *mct_concepts_network(const mct_concepts *c)
{
    return c ? c->net : NULL;
}

size_t mct_concepts_count(const mct_concepts *c)
{
    return c ? mct_net_n_nodes(c->net) : 0;
}

mct_status mct_concepts_get(const mct_concepts *c, size_t i, mct_concept *out)
{
    mct_net_node nd, top;
    if (!c || !out || i >= mct_net_n_nodes(c->net))
        return MCT_EINVAL;
    mct_net_node_get(c->net, i, &nd);
    mct_net_node_get(c->net, 0, &top);
    out->key = nd.key;
    out->label = c->label[i];
    out->count = nd.occurrences;
    out->relevance = (double)nd.occurrences / (double)top.occurrences;
    out->theme = nd.community;
    return MCT_OK;
}

size_t mct_concepts_n_themes(const mct_concepts *c)
{
    return c ? c->n_themes : 0;
}

const char *mct_concepts_theme_name(const mct_concepts *c, size_t t)
{
    return c && t < c->n_themes && c->theme_name[t] ? c->theme_name[t] : "";
}

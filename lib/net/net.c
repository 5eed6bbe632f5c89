/*
 * net.c - co-occurrence networks: items normalised, nodes and edges
 * chosen and weighted; the measures are in net_measures.c, the exports
 * in net_io.c.
 */
#include <igraph/igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

#include "net_internal.h"


static const char *const norm_names[] = {"raw", "association", "cosine",
                                         "jaccard", "inclusion"};

const char *mct_net_norm_name(mct_net_norm n)
{
    return (unsigned)n < 5 ? norm_names[n] : "unknown";
}

mct_status mct_net_norm_parse(const char *s, mct_net_norm *out)
{
    if (!s || !out)
        return MCT_EINVAL;
    for (int i = 0; i < 5; i++)
        if (!strcmp(s, norm_names[i])) {
            *out = (mct_net_norm)i;
            return MCT_OK;
        }
    if (!strcmp(s, "association-strength"))
        *out = MCT_NET_NORM_ASSOCIATION;
    else if (!strcmp(s, "salton"))
        *out = MCT_NET_NORM_COSINE;
    else
        return MCT_ENOTFOUND;
    return MCT_OK;
}

mct_net_opts mct_net_opts_default(void)
{
    mct_net_opts o;
    memset(&o, 0, sizeof o);
    o.min_count = 2;
    o.top = 0;
    o.norm = MCT_NET_NORM_ASSOCIATION;
    o.fold = MCT_NET_FOLD_FULL;
    o.thesaurus = NULL;
    o.stem_language = "english";
    o.resolution = 1.0;
    o.seed = 42;
    o.layout = true;
    return o;
}

void mct_net_free(mct_net *g)
{
    if (!g)
        return;
    mct_analyzer_free(g->an);
    mct__strtab_destroy(&g->keys);
    mct__free(g->node_of);
    mct__free(g->key_of);
    mct__free(g->label);
    mct__free(g->occ);
    mct__free(g->deg);
    mct__free(g->strength);
    mct__free(g->btw);
    mct__free(g->clo);
    mct__free(g->eig);
    mct__free(g->pr);
    mct__free(g->x);
    mct__free(g->y);
    mct__free(g->comm);
    mct__free(g->leid);
    mct__free(g->ei);
    mct__free(g->ej);
    mct__free(g->ecount);
    mct__free(g->ew);
    mct__free(g->trans_comm);
    mct__arena_free(&g->arena);
    mct__free(g);
}

/* ---- normalisation ---------------------------------------------------- */

/* Case folded, NFKC, spaces collapsed and trimmed. */
static mct_status fold_case(const char *s, mct__buf *out)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t n;
    bool space = false;
    out->len = 0;
    n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                         UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                         UTF8PROC_IGNORE);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? MCT_ENOMEM : MCT_EUTF8;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        char c = (char)m[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = out->len > 0;
            continue;
        }
        if ((space && mct__buf_addc(out, ' ')) || mct__buf_addc(out, c)) {
            free(m);
            return MCT_ENOMEM;
        }
        space = false;
    }
    free(m);
    return mct__buf_term(out);
}

static mct_status normalise(mct_net *g, const char *item, mct__buf *key,
                            mct__buf *surface)
{
    mct_status rc;
    if ((rc = fold_case(item, surface)))
        return rc;
    key->len = 0;
    switch (g->o.fold) {
    case MCT_NET_FOLD_NONE:
        if ((rc = mct__buf_add(key, item, strlen(item))))
            return rc;
        break;
    case MCT_NET_FOLD_CASE:
        if ((rc = mct__buf_add(key, surface->p ? surface->p : "",
                               surface->len)))
            return rc;
        break;
    default: {
        char *k = NULL;
        if ((rc = mct_analyzer_normalize(g->an, item, strlen(item), &k)))
            return rc;
        rc = mct__buf_add(key, k, strlen(k));
        mct_free(k);
        if (rc)
            return rc;
    }
    }
    return mct__buf_term(key);
}

/* ---- building ------------------------------------------------------------ */

typedef struct pairs {
    uint64_t *v;
    size_t n, cap;
} pairs;

static int u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct nsort {
    size_t occ;
    const char *key;
    uint32_t id;
} nsort;

static int nsort_cmp(const void *a, const void *b)
{
    const nsort *x = a, *y = b;
    if (x->occ != y->occ)
        return x->occ > y->occ ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Per transaction: its distinct key ids (CSR-like). */
typedef struct trans {
    size_t *ptr;
    uint32_t *kid;
    size_t cap;
    /* (key, surface) occurrences, for the labels */
    uint64_t *ks;
    size_t n_ks, ks_cap;
    mct__strtab surf;
} trans;

static mct_status read_items(mct_net *g, const char *const *const *items,
                             const size_t *n_items, size_t n, trans *tr)
{
    mct__buf key = {0}, sf = {0};
    size_t total = 0;
    mct_status rc = MCT_OK;
    if (!(tr->ptr = mct__calloc(n + 1, sizeof *tr->ptr)))
        return MCT_ENOMEM;
    for (size_t t = 0; t < n && !rc; t++) {
        size_t start = total;
        for (size_t k = 0; k < n_items[t] && !rc; k++) {
            uint32_t kid, sid;
            const char *it = items[t][k] ? items[t][k] : "";
            if (!mct__utf8_valid(it, strlen(it), NULL)) {
                rc = MCT_EUTF8;
                break;
            }
            if ((rc = normalise(g, it, &key, &sf)))
                break;
            if (!key.len)
                continue; /* removed by the thesaurus, or empty */
            if ((rc = mct__strtab_intern(&g->keys, key.p, key.len,
                                         mct__hash(key.p, key.len), &kid,
                                         NULL)) ||
                (rc = mct__strtab_intern(&tr->surf, sf.p, sf.len,
                                         mct__hash(sf.p, sf.len), &sid,
                                         NULL)) ||
                (rc = mct__grow((void **)&tr->kid, &tr->cap, total + 1,
                                sizeof *tr->kid)) ||
                (rc = mct__grow((void **)&tr->ks, &tr->ks_cap, tr->n_ks + 1,
                                sizeof *tr->ks)))
                break;
            tr->kid[total++] = kid;
            tr->ks[tr->n_ks++] = ((uint64_t)kid << 32) | sid;
        }
        if (rc)
            break;
        /* distinct keys of the transaction, sorted */
        if (total > start)
            qsort(tr->kid + start, total - start, sizeof *tr->kid, u32_cmp);
        {
            size_t w = start;
            for (size_t r = start; r < total; r++)
                if (r == start || tr->kid[r] != tr->kid[r - 1])
                    tr->kid[w++] = tr->kid[r];
            total = w;
        }
        tr->ptr[t + 1] = total;
    }
    mct__buf_free(&key);
    mct__buf_free(&sf);
    return rc;
}

/* Labels: the most frequent case-folded form of each node's key, ties to
 * the smaller string. */
static mct_status make_labels(mct_net *g, trans *tr)
{
    size_t *best_n = NULL;
    long *best = NULL;
    mct_status rc = MCT_ENOMEM;
    if (tr->n_ks)
        qsort(tr->ks, tr->n_ks, sizeof *tr->ks, u64_cmp);
    if (!(g->label = mct__calloc(g->n_nodes + 1, sizeof *g->label)) ||
        !(best_n = mct__calloc(g->n_nodes + 1, sizeof *best_n)) ||
        !(best = mct__alloc_array(g->n_nodes + 1, sizeof *best)))
        goto out;
    for (size_t i = 0; i < g->n_nodes; i++)
        best[i] = -1;
    for (size_t a = 0, b; a < tr->n_ks; a = b) {
        uint32_t kid = (uint32_t)(tr->ks[a] >> 32), sid = (uint32_t)tr->ks[a];
        long nd = g->node_of[kid];
        for (b = a; b < tr->n_ks && tr->ks[b] == tr->ks[a]; b++)
            ;
        if (nd < 0)
            continue;
        if (best[nd] < 0 || b - a > best_n[nd] ||
            (b - a == best_n[nd] &&
             strcmp(mct__strtab_str(&tr->surf, sid),
                    mct__strtab_str(&tr->surf, (uint32_t)best[nd])) < 0)) {
            best[nd] = sid;
            best_n[nd] = b - a;
        }
    }
    for (size_t i = 0; i < g->n_nodes; i++) {
        const char *s = best[i] >= 0 ? mct__strtab_str(&tr->surf, (uint32_t)best[i])
                                     : mct__strtab_str(&g->keys, g->key_of[i]);
        if (!(g->label[i] = mct__arena_strndup(&g->arena, s, strlen(s))))
            goto out;
    }
    rc = MCT_OK;
out:
    mct__free(best_n);
    mct__free(best);
    return rc;
}

/* Nodes: keys in at least min_count transactions, the top N of them,
 * ordered by occurrences then key. */
static mct_status choose_nodes(mct_net *g, const size_t *occ)
{
    nsort *ns = mct__alloc_array(g->keys.n + 1, sizeof *ns);
    size_t m = 0;
    if (!ns || !(g->node_of = mct__alloc_array(g->keys.n + 1,
                                               sizeof *g->node_of))) {
        mct__free(ns);
        return MCT_ENOMEM;
    }
    for (uint32_t k = 0; k < g->keys.n; k++) {
        g->node_of[k] = -1;
        if (occ[k] >= g->o.min_count) {
            ns[m].occ = occ[k];
            ns[m].key = mct__strtab_str(&g->keys, k);
            ns[m].id = k;
            m++;
        }
    }
    if (m)
        qsort(ns, m, sizeof *ns, nsort_cmp);
    if (g->o.top && m > g->o.top)
        m = g->o.top;
    g->n_nodes = m;
    if (!(g->key_of = mct__alloc_array(m + 1, sizeof *g->key_of)) ||
        !(g->occ = mct__alloc_array(m + 1, sizeof *g->occ))) {
        mct__free(ns);
        return MCT_ENOMEM;
    }
    for (size_t i = 0; i < m; i++) {
        g->key_of[i] = ns[i].id;
        g->occ[i] = ns[i].occ;
        g->node_of[ns[i].id] = (long)i;
    }
    mct__free(ns);
    return m ? MCT_OK : MCT_EEMPTY;
}

static double weight(const mct_net *g, size_t i, size_t j, size_t c)
{
    double ci = (double)g->occ[i], cj = (double)g->occ[j], cij = (double)c;
    switch (g->o.norm) {
    case MCT_NET_NORM_ASSOCIATION: return cij / (ci * cj);
    case MCT_NET_NORM_COSINE: return cij / sqrt(ci * cj);
    case MCT_NET_NORM_JACCARD: return cij / (ci + cj - cij);
    case MCT_NET_NORM_INCLUSION: return cij / (ci < cj ? ci : cj);
    default: return cij;
    }
}

/* Edges from every pair of nodes in a transaction, counted by sorting. */
static mct_status make_edges(mct_net *g, const trans *tr)
{
    pairs p = {NULL, 0, 0};
    uint32_t *nd = NULL;
    size_t ncap = 0, e = 0;
    mct_status rc = MCT_ENOMEM;
    for (size_t t = 0; t < g->n_trans; t++) {
        size_t m = 0;
        for (size_t r = tr->ptr[t]; r < tr->ptr[t + 1]; r++) {
            long v = g->node_of[tr->kid[r]];
            if (v < 0)
                continue;
            if (mct__grow((void **)&nd, &ncap, m + 1, sizeof *nd))
                goto out;
            nd[m++] = (uint32_t)v;
        }
        if (m)
            qsort(nd, m, sizeof *nd, u32_cmp);
        if (mct__grow((void **)&p.v, &p.cap, p.n + m * (m ? m - 1 : 0) / 2 + 1,
                      sizeof *p.v))
            goto out;
        for (size_t a = 0; a < m; a++)
            for (size_t b = a + 1; b < m; b++)
                p.v[p.n++] = ((uint64_t)nd[a] << 32) | nd[b];
    }
    if (p.n)
        qsort(p.v, p.n, sizeof *p.v, u64_cmp);
    for (size_t a = 0, b; a < p.n; a = b) {
        for (b = a; b < p.n && p.v[b] == p.v[a]; b++)
            ;
        e++;
    }
    g->n_edges = e;
    if (!(g->ei = mct__alloc_array(e + 1, sizeof *g->ei)) ||
        !(g->ej = mct__alloc_array(e + 1, sizeof *g->ej)) ||
        !(g->ecount = mct__alloc_array(e + 1, sizeof *g->ecount)) ||
        !(g->ew = mct__alloc_array(e + 1, sizeof *g->ew)))
        goto out;
    e = 0;
    for (size_t a = 0, b; a < p.n; a = b) {
        for (b = a; b < p.n && p.v[b] == p.v[a]; b++)
            ;
        g->ei[e] = (uint32_t)(p.v[a] >> 32);
        g->ej[e] = (uint32_t)p.v[a];
        g->ecount[e] = b - a;
        g->ew[e] = weight(g, g->ei[e], g->ej[e], b - a);
        e++;
    }
    rc = MCT_OK;
out:
    mct__free(p.v);
    mct__free(nd);
    return rc;
}

/* The Louvain community holding most of a transaction's nodes. */
static mct_status transaction_communities(mct_net *g, const trans *tr)
{
    size_t *votes = mct__calloc(g->n_comm + 1, sizeof *votes);
    if (!votes || !(g->trans_comm = mct__alloc_array(g->n_trans + 1,
                                                     sizeof *g->trans_comm))) {
        mct__free(votes);
        return MCT_ENOMEM;
    }
    for (size_t t = 0; t < g->n_trans; t++) {
        int best = -1;
        memset(votes, 0, (g->n_comm + 1) * sizeof *votes);
        for (size_t r = tr->ptr[t]; r < tr->ptr[t + 1]; r++) {
            long v = g->node_of[tr->kid[r]];
            if (v >= 0)
                votes[g->comm[v]]++;
        }
        for (size_t c = 0; c < g->n_comm; c++)
            if (votes[c] && (best < 0 || votes[c] > votes[best]))
                best = (int)c;
        g->trans_comm[t] = best;
    }
    mct__free(votes);
    return MCT_OK;
}

/* The analyzer that folds keywords fully (case, Unicode, plurals by
 * stemming, the thesaurus), when the options ask for it. */
static mct_status fold_analyzer(mct_net *g, const mct_net_opts *o)
{
    mct_analyzer_opts ao = mct_analyzer_opts_default();
    if (o->fold != MCT_NET_FOLD_FULL)
        return MCT_OK;
    ao.stop_list = MCT_STOPLIST_NONE;
    ao.min_token_chars = 1;
    ao.thesaurus = o->thesaurus;
    if (o->stem_language) {
        snprintf(g->lang, sizeof g->lang, "%s", o->stem_language);
        ao.stem_language = g->lang;
    }
    return mct_analyzer_new(&ao, &g->an);
}

/* The per-node arrays of the measures. */
static mct_status node_arrays(mct_net *g)
{
    size_t m = g->n_nodes + 1;
    return (g->deg = mct__calloc(m, sizeof *g->deg)) &&
                   (g->strength = mct__calloc(m, sizeof(double))) &&
                   (g->btw = mct__calloc(m, sizeof(double))) &&
                   (g->clo = mct__calloc(m, sizeof(double))) &&
                   (g->eig = mct__calloc(m, sizeof(double))) &&
                   (g->pr = mct__calloc(m, sizeof(double))) &&
                   (g->x = mct__calloc(m, sizeof(double))) &&
                   (g->y = mct__calloc(m, sizeof(double))) &&
                   (g->comm = mct__calloc(m, sizeof(int))) &&
                   (g->leid = mct__calloc(m, sizeof(int)))
               ? MCT_OK
               : MCT_ENOMEM;
}

/* The nodes: keywords read, counted, chosen and labelled. */
static mct_status build_nodes(mct_net *g, const char *const *const *items,
                              const size_t *n_items, size_t n, trans *tr)
{
    size_t *occ;
    mct_status rc;
    if (mct__strtab_init(&g->keys, 1024) || mct__strtab_init(&tr->surf, 1024))
        return MCT_ENOMEM;
    if ((rc = read_items(g, items, n_items, n, tr)))
        return rc;
    if (!(occ = mct__calloc(g->keys.n + 1, sizeof *occ)))
        return MCT_ENOMEM;
    for (size_t r = 0; r < tr->ptr[n]; r++)
        occ[tr->kid[r]]++;
    if (!(rc = choose_nodes(g, occ)))
        rc = make_labels(g, tr);
    mct__free(occ);
    return rc;
}

static bool opts_ok(const mct_net_opts *o)
{
    return o->min_count >= 1 && o->resolution > 0 &&
           (unsigned)o->norm <= MCT_NET_NORM_INCLUSION &&
           (unsigned)o->fold <= MCT_NET_FOLD_NONE;
}

mct_status mct_net_build(const mct_net_opts *opts, const char *const *const *items,
                         const size_t *n_items, size_t n, mct_net **out)
{
    const mct_net_opts o = opts ? *opts : mct_net_opts_default();
    mct_net *g;
    trans tr;
    mct_status rc;
    if (!out || (n && (!items || !n_items)) || !opts_ok(&o))
        return MCT_EINVAL;
    *out = NULL;
    if (!(g = mct__calloc(1, sizeof *g)))
        return MCT_ENOMEM;
    memset(&tr, 0, sizeof tr);
    g->o = o;
    g->n_trans = n;
    rc = fold_analyzer(g, &o);
    /* The graph keeps no pointers into the caller's options. */
    g->o.thesaurus = NULL;
    g->o.stem_language = NULL;
    if (!rc && !(rc = build_nodes(g, items, n_items, n, &tr)) &&
        !(rc = node_arrays(g)) && !(rc = make_edges(g, &tr)) &&
        !(rc = mct__net_measures(g)))
        rc = transaction_communities(g, &tr);
    mct__free(tr.ptr);
    mct__free(tr.kid);
    mct__free(tr.ks);
    mct__strtab_destroy(&tr.surf);
    if (rc) {
        mct_net_free(g);
        return rc;
    }
    *out = g;
    return MCT_OK;
}

/* ---- access ------------------------------------------------------------ */

size_t mct_net_n_nodes(const mct_net *g) { return g ? g->n_nodes : 0; }
size_t mct_net_n_edges(const mct_net *g) { return g ? g->n_edges : 0; }
size_t mct_net_n_communities(const mct_net *g) { return g ? g->n_comm : 0; }

double mct_net_modularity(const mct_net *g, bool leiden)
{
    return g ? (leiden ? g->mod_leiden : g->mod) : 0;
}

mct_status mct_net_node_get(const mct_net *g, size_t i, mct_net_node *out)
{
    if (!g || !out || i >= g->n_nodes)
        return MCT_EINVAL;
    out->label = g->label[i];
    out->key = mct__strtab_str(&g->keys, g->key_of[i]);
    out->occurrences = g->occ[i];
    out->degree = g->deg[i];
    out->strength = g->strength[i];
    out->betweenness = g->btw[i];
    out->closeness = g->clo[i];
    out->eigenvector = g->eig[i];
    out->pagerank = g->pr[i];
    out->community = g->comm[i];
    out->leiden = g->leid[i];
    out->x = g->x[i];
    out->y = g->y[i];
    return MCT_OK;
}

mct_status mct_net_edge_get(const mct_net *g, size_t e, size_t *i, size_t *j,
                            size_t *count, double *weight_out)
{
    if (!g || e >= g->n_edges)
        return MCT_EINVAL;
    if (i)
        *i = g->ei[e];
    if (j)
        *j = g->ej[e];
    if (count)
        *count = g->ecount[e];
    if (weight_out)
        *weight_out = g->ew[e];
    return MCT_OK;
}

long mct_net_find(const mct_net *g, const char *item)
{
    mct__buf key = {0}, sf = {0};
    long id = -1;
    if (!g || !item)
        return -1;
    if (!normalise((mct_net *)g, item, &key, &sf) && key.len) {
        long k = mct__strtab_find(&g->keys, key.p, key.len,
                                  mct__hash(key.p, key.len));
        id = k >= 0 ? g->node_of[k] : -1;
    }
    mct__buf_free(&key);
    mct__buf_free(&sf);
    return id;
}

int mct_net_transaction_community(const mct_net *g, size_t t)
{
    return g && t < g->n_trans ? g->trans_comm[t] : -1;
}

/* ---- strongest paths ------------------------------------------------------ */

typedef struct esort {
    size_t count, e;
    double w;
} esort;

static int esort_cmp(const void *a, const void *b)
{
    const esort *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

static int esort_weight_cmp(const void *a, const void *b)
{
    const esort *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

static size_t root(size_t *up, size_t v)
{
    while (up[v] != v) {
        up[v] = up[up[v]]; /* path halving */
        v = up[v];
    }
    return v;
}

static mct_status spanning(const mct_net *g, bool by_weight, size_t **edges,
                           size_t *n);

mct_status mct_net_strongest_paths(const mct_net *g, size_t **edges,
                                   size_t *n)
{
    return spanning(g, false, edges, n);
}

mct_status mct_net_strongest_paths_weighted(const mct_net *g, size_t **edges,
                                            size_t *n)
{
    return spanning(g, true, edges, n);
}

/* Kruskal's maximum spanning forest, edges ranked by count or weight. */
static mct_status spanning(const mct_net *g, bool by_weight, size_t **edges,
                           size_t *n)
{
    esort *es;
    size_t *up, *out, m = 0;
    if (!g || !edges || !n)
        return MCT_EINVAL;
    *edges = NULL;
    *n = 0;
    es = mct__alloc_array(g->n_edges + 1, sizeof *es);
    up = mct__alloc_array(g->n_nodes + 1, sizeof *up);
    out = mct__alloc_array(g->n_nodes + 1, sizeof *out);
    if (!es || !up || !out) {
        mct__free(es);
        mct__free(up);
        mct__free(out);
        return MCT_ENOMEM;
    }
    for (size_t e = 0; e < g->n_edges; e++) {
        es[e].count = g->ecount[e];
        es[e].w = g->ew[e];
        es[e].e = e;
    }
    if (g->n_edges)
        qsort(es, g->n_edges, sizeof *es,
              by_weight ? esort_weight_cmp : esort_cmp);
    for (size_t v = 0; v < g->n_nodes; v++)
        up[v] = v;
    /* Kruskal: the strongest edge that joins two components, repeatedly. */
    for (size_t k = 0; k < g->n_edges; k++) {
        size_t a = root(up, g->ei[es[k].e]), b = root(up, g->ej[es[k].e]);
        if (a == b)
            continue;
        up[a] = b;
        out[m++] = es[k].e;
    }
    mct__free(es);
    mct__free(up);
    *edges = out;
    *n = m;
    return MCT_OK;
}

mct_status mct__net_relabel(mct_net *g, size_t i, const char *label)
{
    char *l;
    if (!g || i >= g->n_nodes || !label)
        return MCT_EINVAL;
    if (!(l = mct__arena_strndup(&g->arena, label, strlen(label))))
        return MCT_ENOMEM;
    g->label[i] = l;
    return MCT_OK;
}

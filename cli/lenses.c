/*
 * lenses.c - keyword network, concept map, themes and triangulation on
 * included records, with their files.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenses.h"
#include "prisma.h"
#include "svg.h"

bool screen_included(const screened *s, mct_records **out)
{
    if (mct_records_new(out))
        return false;
    for (size_t k = 0; k < mct_records_count(s->kept); k++)
        if (s->state[k] == ST_INCLUDED &&
            mct_records_add(*out, mct_records_get(s->kept, k))) {
            mct_records_free(*out);
            *out = NULL;
            return false;
        }
    return true;
}

/* ---- keyword network -------------------------------------------------- */

bool net_field_parse(const char *s, net_field *out)
{
    if (!strcmp(s, "keywords") || !strcmp(s, "author-keywords"))
        *out = NET_KEYWORDS;
    else if (!strcmp(s, "index-keywords") || !strcmp(s, "keywords-plus"))
        *out = NET_INDEX_KEYWORDS;
    else if (!strcmp(s, "terms"))
        *out = NET_TERMS;
    else
        return false;
    return true;
}

/* Every (term, surface) of a record; deduplicated by term afterwards. */
typedef struct termset {
    char **term, **items;
    size_t n, cap;
    bool oom;
} termset;

static bool take_term(void *u, const char *term, size_t tl,
                      const char *surface, size_t sl)
{
    termset *t = u;
    if (t->n == t->cap) {
        size_t c = t->cap ? 2 * t->cap : 16;
        char **p = realloc(t->term, c * sizeof *p), **q;
        if (!p) {
            t->oom = true;
            return false;
        }
        t->term = p;
        if (!(q = realloc(t->items, c * sizeof *q))) {
            t->oom = true;
            return false;
        }
        t->items = q;
        t->cap = c;
    }
    if (!(t->term[t->n] = strndup(term, tl)) ||
        !(t->items[t->n] = strndup(surface, sl))) {
        t->oom = true;
        return false;
    }
    t->n++;
    return true;
}

static int by_term(const void *a, const void *b, void *u)
{
    const termset *t = u;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(t->term[i], t->term[j]);
    return c ? c : strcmp(t->items[i], t->items[j]);
}

/* One surface per distinct term (the smallest), so a record counts a
 * term once. */
static bool dedupe_terms(termset *t)
{
    size_t *ord = malloc((t->n + 1) * sizeof *ord), m = 0;
    char **keep = malloc((t->n + 1) * sizeof *keep);
    if (!ord || !keep) {
        free(ord);
        free(keep);
        return false;
    }
    for (size_t i = 0; i < t->n; i++)
        ord[i] = i;
    qsort_r(ord, t->n, sizeof *ord, by_term, t);
    for (size_t k = 0; k < t->n; k++) {
        size_t i = ord[k];
        if (k && !strcmp(t->term[i], t->term[ord[k - 1]]))
            free(t->items[i]);
        else
            keep[m++] = t->items[i];
    }
    for (size_t i = 0; i < t->n; i++)
        free(t->term[i]);
    free(t->items);
    free(t->term);
    free(ord);
    t->term = NULL;
    t->items = keep;
    t->n = m;
    return true;
}

bool lens_network(const mct_records *r, net_field field, const mct_net_opts *o,
                  bool allow_empty, mct_net **out)
{
    size_t n = mct_records_count(r);
    const char *const **items = calloc(n + 1, sizeof *items);
    size_t *ni = calloc(n + 1, sizeof *ni);
    termset *ts = calloc(n + 1, sizeof *ts);
    mct_analyzer *an = NULL;
    mct_docs *docs = NULL;
    mct_status rc;
    bool ok = false;
    if (!items || !ni || !ts) {
        cli_err("out of memory");
        goto done;
    }
    if (field == NET_TERMS) {
        mct_analyzer_opts ao = mct_analyzer_opts_default();
        ao.drop_numbers = true;
        ao.min_token_chars = 3;
        if (mct_analyzer_new(&ao, &an) || mct_docs_new(&docs) ||
            mct_records_to_docs(r, MCT_FIELD_ALL, docs)) {
            cli_err("out of memory");
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const mct_record *x = mct_records_get(r, i);
        if (field == NET_KEYWORDS) {
            items[i] = x->keywords;
            ni[i] = x->n_keywords;
        } else if (field == NET_INDEX_KEYWORDS) {
            items[i] = x->index_keywords;
            ni[i] = x->n_index_keywords;
        } else {
            size_t len;
            const char *t = mct_docs_text(docs, i, &len);
            if (mct_analyzer_run(an, t, len, take_term, &ts[i]) || ts[i].oom ||
                !dedupe_terms(&ts[i])) {
                cli_err("out of memory");
                goto done;
            }
            items[i] = (const char *const *)ts[i].items;
            ni[i] = ts[i].n;
        }
    }
    *out = NULL;
    rc = mct_net_build(o, items, ni, n, out);
    if (rc == MCT_EEMPTY && allow_empty)
        rc = MCT_OK;
    else if (rc == MCT_EEMPTY)
        cli_err("network: no %s occurs in %zu or more records",
                field == NET_TERMS ? "term" : "keyword", o->min_count);
    else if (rc)
        cli_err("network: %s", mct_strerror(rc));
    ok = rc == MCT_OK;
done:
    for (size_t i = 0; ts && i < n; i++) {
        for (size_t k = 0; k < ts[i].n; k++)
            free(ts[i].items[k]);
        free(ts[i].items);
    }
    free(ts);
    free(items);
    free(ni);
    mct_analyzer_free(an);
    mct_docs_free(docs);
    return ok;
}

static char *name_of(const char *prefix, const char *suffix)
{
    char *p;
    if (asprintf(&p, "%s%s", prefix, suffix) < 0)
        return NULL;
    return p;
}

/* Runs a library writer on a path inside the output directory. */
#define WRITE(od, prefix, suffix, call)                                       \
    do {                                                                      \
        char *nm_ = name_of(prefix, suffix);                                  \
        mct_diag d_;                                                          \
        mct_status rc_;                                                       \
        const char *path = nm_ ? outdir_path(od, nm_) : NULL;                 \
        rc_ = path ? (call) : MCT_ENOMEM;                                     \
        if (rc_) {                                                            \
            cli_err("cannot write %s: %s", nm_ ? nm_ : suffix,                \
                    mct_strerror(rc_));                                       \
            free(nm_);                                                        \
            return false;                                                     \
        }                                                                     \
        (void)d_;                                                             \
        free(nm_);                                                            \
    } while (0)

static bool write_exports(outdir *od, const char *prefix, const mct_net *g)
{
    char *map = name_of(prefix, "-vosviewer-map.txt");
    char *net = name_of(prefix, "-vosviewer-network.txt");
    char mp[4096];
    mct_status rc;
    WRITE(od, prefix, ".graphml", mct_net_write_graphml(g, path, &d_));
    WRITE(od, prefix, ".gexf", mct_net_write_gexf(g, path, &d_));
    WRITE(od, prefix, ".json", mct_net_write_json(g, path, &d_));
    WRITE(od, prefix, "-nodes.tsv", mct_net_write_tsv(g, path, &d_));
    if (!map || !net) {
        free(map);
        free(net);
        return false;
    }
    snprintf(mp, sizeof mp, "%s", outdir_path(od, map));
    rc = mct_net_write_vosviewer(g, mp, outdir_path(od, net), NULL);
    if (rc)
        cli_err("cannot write %s: %s", map, mct_strerror(rc));
    free(map);
    free(net);
    return rc == MCT_OK;
}

bool lens_network_write(outdir *od, const char *prefix, const mct_net *g,
                        const char *title)
{
    char *svgname = name_of(prefix, ".svg");
    FILE *f;
    svg_net s;
    if (!svgname || !(f = outdir_open(od, svgname))) {
        free(svgname);
        return false;
    }
    memset(&s, 0, sizeof s);
    s.g = g;
    s.n_labels = 30;
    s.title = title;
    svg_net_write(f, &s, true);
    if (!outdir_close(od, f, svgname)) {
        free(svgname);
        return false;
    }
    free(svgname);
    return write_exports(od, prefix, g);
}

cJSON *lens_network_json(const mct_net *g)
{
    cJSON *o = cJSON_CreateObject(), *nodes, *comms;
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "nodes", (double)mct_net_n_nodes(g));
    cJSON_AddNumberToObject(o, "edges", (double)mct_net_n_edges(g));
    cJSON_AddNumberToObject(o, "communities",
                            (double)mct_net_n_communities(g));
    cJSON_AddNumberToObject(o, "modularity_louvain", mct_net_modularity(g, false));
    cJSON_AddNumberToObject(o, "modularity_leiden", mct_net_modularity(g, true));
    nodes = cJSON_AddArrayToObject(o, "top_nodes");
    comms = cJSON_AddArrayToObject(o, "community_members");
    for (size_t c = 0; comms && c < mct_net_n_communities(g); c++) {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 0; a && i < mct_net_n_nodes(g); i++) {
            mct_net_node nd;
            mct_net_node_get(g, i, &nd);
            if ((size_t)nd.community == c && cJSON_GetArraySize(a) < 10)
                cJSON_AddItemToArray(a, cJSON_CreateString(nd.label));
        }
        cJSON_AddItemToArray(comms, a);
    }
    for (size_t i = 0; nodes && i < mct_net_n_nodes(g) && i < 30; i++) {
        mct_net_node nd;
        cJSON *x = cJSON_CreateObject();
        mct_net_node_get(g, i, &nd);
        if (!x)
            break;
        cJSON_AddStringToObject(x, "label", nd.label);
        cJSON_AddNumberToObject(x, "occurrences", (double)nd.occurrences);
        cJSON_AddNumberToObject(x, "degree", (double)nd.degree);
        cJSON_AddNumberToObject(x, "betweenness", nd.betweenness);
        cJSON_AddNumberToObject(x, "pagerank", nd.pagerank);
        cJSON_AddNumberToObject(x, "community", nd.community + 1);
        cJSON_AddItemToArray(nodes, x);
    }
    return o;
}

/* ---- concept map ---------------------------------------------------------- */

bool lens_concepts(const mct_records *r, const mct_concepts_opts *o,
                   bool allow_empty, mct_concepts **out)
{
    mct_docs *d = NULL;
    mct_status rc;
    if (mct_docs_new(&d) || mct_records_to_docs(r, MCT_FIELD_TEXT, d)) {
        mct_docs_free(d);
        cli_err("out of memory");
        return false;
    }
    rc = mct_concepts_build(o, mct_docs_texts(d), mct_docs_lengths(d),
                            mct_docs_count(d), out);
    mct_docs_free(d);
    if (rc == MCT_EEMPTY && allow_empty) {
        *out = NULL;
        return true;
    }
    if (rc == MCT_EEMPTY)
        cli_err("concepts: no concept occurs in %zu or more blocks",
                o->min_count);
    else if (rc)
        cli_err("concepts: %s", mct_strerror(rc));
    return rc == MCT_OK;
}

bool lens_concepts_write(outdir *od, const mct_concepts *c)
{
    const mct_net *g = mct_concepts_network(c);
    size_t *pe = NULL, np = 0, nt = mct_concepts_n_themes(c);
    bool *path = calloc(mct_net_n_edges(g) + 1, sizeof *path), ok = false;
    const char **legend = calloc(nt + 1, sizeof *legend);
    FILE *f = NULL;
    svg_net s;
    if (!path || !legend || mct_net_strongest_paths(g, &pe, &np)) {
        cli_err("out of memory");
        goto done;
    }
    for (size_t k = 0; k < np; k++)
        path[pe[k]] = true;
    for (size_t t = 0; t < nt; t++)
        legend[t] = mct_concepts_theme_name(c, t);
    if (!(f = outdir_open(od, "concepts.svg")))
        goto done;
    memset(&s, 0, sizeof s);
    s.g = g;
    s.path = path;
    s.legend = legend;
    s.n_labels = 60;
    s.title = "Concept map of the abstracts";
    svg_net_write(f, &s, true);
    if (!outdir_close(od, f, "concepts.svg") ||
        !(f = outdir_open(od, "concepts.tsv")))
        goto done;
    fputs("concept\tkey\tblocks\trelevance\ttheme\n", f);
    for (size_t i = 0; i < mct_concepts_count(c); i++) {
        mct_concept k;
        mct_concepts_get(c, i, &k);
        tsv_field(f, k.label);
        fputc('\t', f);
        tsv_field(f, k.key);
        fprintf(f, "\t%zu\t%.4f\t", k.count, k.relevance);
        tsv_field(f, mct_concepts_theme_name(c, (size_t)k.theme));
        fputc('\n', f);
    }
    if (!outdir_close(od, f, "concepts.tsv") ||
        !(f = outdir_open(od, "concept-paths.tsv")))
        goto done;
    fputs("from\tto\tblocks\tweight\n", f);
    for (size_t k = 0; k < np; k++) {
        size_t i, j, cnt;
        double w;
        mct_concept a, b;
        mct_net_edge_get(g, pe[k], &i, &j, &cnt, &w);
        mct_concepts_get(c, i, &a);
        mct_concepts_get(c, j, &b);
        tsv_field(f, a.label);
        fputc('\t', f);
        tsv_field(f, b.label);
        fprintf(f, "\t%zu\t%.6g\n", cnt, w);
    }
    if (!outdir_close(od, f, "concept-paths.tsv"))
        goto done;
    f = NULL;
    ok = write_exports(od, "concept-network", g);
done:
    free(path);
    free(legend);
    mct_free(pe);
    return ok;
}

cJSON *lens_concepts_json(const mct_concepts *c)
{
    cJSON *o = cJSON_CreateObject(), *a, *th;
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "blocks", (double)mct_concepts_n_blocks(c));
    a = cJSON_AddArrayToObject(o, "concepts");
    for (size_t i = 0; a && i < mct_concepts_count(c); i++) {
        mct_concept k;
        cJSON *x = cJSON_CreateObject();
        if (!x)
            break;
        mct_concepts_get(c, i, &k);
        cJSON_AddStringToObject(x, "concept", k.label);
        cJSON_AddNumberToObject(x, "blocks", (double)k.count);
        cJSON_AddNumberToObject(x, "relevance", k.relevance);
        cJSON_AddNumberToObject(x, "theme", k.theme + 1);
        cJSON_AddItemToArray(a, x);
    }
    th = cJSON_AddArrayToObject(o, "themes");
    for (size_t t = 0; th && t < mct_concepts_n_themes(c); t++)
        cJSON_AddItemToArray(th,
                             cJSON_CreateString(mct_concepts_theme_name(c, t)));
    return o;
}

/* ---- themes ------------------------------------------------------------------ */

void themes_free(themes *t)
{
    for (size_t c = 0; t->name && c < t->k; c++)
        free(t->name[c]);
    for (size_t c = 0; t->category_name && c < t->n_categories; c++)
        free(t->category_name[c]);
    free(t->name);
    free(t->category_name);
    free(t->sim);
    free(t->keyword_comm);
    free(t->map_cluster);
    free(t->category);
    mct_kmeans_free(t->km);
    mct_csr_free(t->X);
    mct_vectorizer_free(t->vec);
    memset(t, 0, sizeof *t);
}

typedef struct ranked {
    double w;
    size_t i;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

size_t theme_top_terms(const themes *t, size_t c, size_t max,
                       const char **terms, double *weights)
{
    size_t k, d, m = 0;
    const double *cent = mct_kmeans_centroids(t->km, &k, &d);
    ranked *r = malloc((d + 1) * sizeof *r);
    if (!r)
        return 0;
    for (size_t j = 0; j < d; j++) {
        r[j].w = cent[c * d + j];
        r[j].i = j;
    }
    qsort(r, d, sizeof *r, ranked_cmp);
    for (size_t q = 0; q < d && m < max && r[q].w > 0; q++) {
        mct_term_info ti;
        mct_vectorizer_term(t->vec, r[q].i, &ti);
        terms[m] = ti.display;
        weights[m] = r[q].w;
        m++;
    }
    free(r);
    return m;
}

size_t theme_top_records(const themes *t, size_t c, size_t max, size_t *rec)
{
    const int *lab = mct_kmeans_labels(t->km, NULL);
    ranked *r = malloc((t->n + 1) * sizeof *r);
    size_t m = 0, n = 0;
    if (!r)
        return 0;
    for (size_t i = 0; i < t->n; i++)
        if ((size_t)lab[i] == c) {
            r[n].w = t->sim[i * t->k + c];
            r[n].i = i;
            n++;
        }
    qsort(r, n, sizeof *r, ranked_cmp);
    for (; m < n && m < max; m++)
        rec[m] = r[m].i;
    free(r);
    return m;
}

/* Parses and checks a themes file: a non-empty JSON array of objects,
 * each with a "name" string and a "terms" array of strings, nothing
 * after it. NULL (after a one-line error) when it is not that. */
static cJSON *themes_parse(const char *path, const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(text, len, &end, false), *th;
    size_t c = 0;
    while (j && end < text + len && strchr(" \t\r\n", *end))
        end++;
    if (!j || !cJSON_IsArray(j) || cJSON_GetArraySize(j) < 1 ||
        end != text + len) {
        cli_err("%s: expected a JSON array of {\"name\": ..., \"terms\": "
                "[...]} objects",
                path);
        cJSON_Delete(j);
        return NULL;
    }
    cJSON_ArrayForEach(th, j)
    {
        cJSON *name = cJSON_GetObjectItem(th, "name");
        cJSON *terms = cJSON_GetObjectItem(th, "terms"), *e;
        bool strings = cJSON_IsArray(terms) && cJSON_GetArraySize(terms) > 0;
        c++;
        cJSON_ArrayForEach(e, terms) strings &= cJSON_IsString(e) != 0;
        if (!cJSON_IsString(name) || !*name->valuestring ||
            strpbrk(name->valuestring, "\r\n\t") || !strings) {
            cli_err("%s: theme %zu needs a \"name\" (one line) and a "
                    "\"terms\" array of strings",
                    path, c);
            cJSON_Delete(j);
            return NULL;
        }
    }
    return j;
}

bool lens_themes_check(const char *path, const char *text, size_t len,
                       size_t *k)
{
    cJSON *j = themes_parse(path, text, len);
    if (j)
        *k = (size_t)cJSON_GetArraySize(j);
    cJSON_Delete(j);
    return j != NULL;
}

/* Starting centroids from a themes file: each theme's seed terms, as a
 * text, through the fitted vectorizer. */
static bool guided_centroids(themes *t, const char *path, const char *text,
                             size_t text_len, double **init)
{
    mct_status rc;
    cJSON *j = NULL;
    char *txt = NULL;
    size_t len = text_len, d = mct_vectorizer_n_terms(t->vec);
    const char **texts = NULL;
    size_t *lens = NULL;
    mct_csr *C = NULL;
    bool ok = false;
    if (!text) {
        if (!cli_read_file(path, &txt, &len))
            return false;
        text = txt;
    }
    if (!(j = themes_parse(path, text, len)))
        goto done;
    t->k = (size_t)cJSON_GetArraySize(j);
    if (!(t->name = calloc(t->k, sizeof *t->name)) ||
        !(texts = calloc(t->k, sizeof *texts)) ||
        !(lens = calloc(t->k, sizeof *lens)))
        goto nomem;
    for (size_t c = 0; c < t->k; c++) {
        cJSON *th = cJSON_GetArrayItem(j, (int)c), *e;
        cJSON *terms = cJSON_GetObjectItem(th, "terms");
        size_t tl = 0;
        char *buf;
        if (!(t->name[c] = strdup(
                  cJSON_GetObjectItem(th, "name")->valuestring)))
            goto nomem;
        cJSON_ArrayForEach(e, terms) tl += strlen(e->valuestring) + 2;
        if (!(buf = calloc(tl + 1, 1)))
            goto nomem;
        /* Each term its own sentence, so no phrase spans two of them. */
        cJSON_ArrayForEach(e, terms)
        {
            strcat(buf, e->valuestring);
            strcat(buf, ". ");
        }
        texts[c] = buf;
        lens[c] = strlen(buf);
    }
    if ((rc = mct_vectorizer_transform(t->vec, texts, lens, t->k, &C, NULL))) {
        cli_err("%s: %s", path, mct_strerror(rc));
        goto done;
    }
    if (!(*init = calloc(t->k * d + 1, sizeof **init)))
        goto nomem;
    {
        mct_csr_view v = mct_csr_get(C);
        for (size_t c = 0; c < t->k; c++) {
            if (v.indptr[c] == v.indptr[c + 1]) {
                cli_err("%s: none of the terms of theme \"%s\" occurs in "
                        "the texts",
                        path, t->name[c]);
                goto done;
            }
            for (size_t q = v.indptr[c]; q < v.indptr[c + 1]; q++)
                (*init)[c * d + v.indices[q]] = v.data[q];
        }
    }
    ok = true;
    goto done;
nomem:
    cli_err("out of memory");
done:
    for (size_t c = 0; texts && c < t->k; c++)
        free((char *)texts[c]);
    free(texts);
    free(lens);
    mct_csr_free(C);
    cJSON_Delete(j);
    free(txt);
    return ok;
}

static void agreement(const int *a, const int *b, size_t n, double out[2])
{
    if (!a || !b || mct_partition_agreement(a, b, n, &out[0], &out[1])) {
        out[0] = NAN;
        out[1] = NAN;
    }
}

bool lens_themes(const mct_records *r, const themes_opts *o,
                 const mct_net *keywords, themes *t)
{
    mct_docs *docs = NULL;
    mct_tfidf_opts to = mct_tfidf_opts_default();
    mct_kmeans_opts ko = mct_kmeans_opts_default();
    double *init = NULL;
    mct_diag dg;
    mct_status rc;
    bool ok = false;
    memset(t, 0, sizeof *t);
    mct_diag_clear(&dg);
    t->n = mct_records_count(r);
    t->k = o->k;
    if (mct_docs_new(&docs) || mct_records_to_docs(r, MCT_FIELD_TEXT, docs)) {
        cli_err("out of memory");
        goto done;
    }
    to.n_threads = o->threads;
    to.analyzer.drop_numbers = true;
    to.min_df = t->n >= 20 ? 2 : 1;
    if ((rc = mct_vectorizer_new(&to, &t->vec)) ||
        (rc = mct_vectorizer_fit_transform(t->vec, mct_docs_texts(docs),
                                           mct_docs_lengths(docs), t->n,
                                           &t->X, &dg))) {
        cli_err("themes: %s", dg.msg[0] ? dg.msg : mct_strerror(rc));
        goto done;
    }
    t->n_terms = mct_vectorizer_n_terms(t->vec);
    if (o->themes_file &&
        !guided_centroids(t, o->themes_file, o->themes_text, o->themes_len,
                          &init))
        goto done;
    if (t->k > t->n) {
        cli_err("themes: %zu themes for %zu records", t->k, t->n);
        goto done;
    }
    ko.k = t->k;
    ko.seed = o->seed;
    ko.n_threads = o->threads;
    if ((rc = mct_kmeans_fit_csr(&ko, t->X, init, &t->km))) {
        cli_err("themes: %s", mct_strerror(rc));
        goto done;
    }
    if (!(t->sim = malloc(t->n * t->k * sizeof *t->sim)) ||
        mct_kmeans_similarities(t->km, t->X, t->sim))
        goto done;
    if (!t->name) {
        /* Unguided themes are named by their three top terms. */
        if (!(t->name = calloc(t->k, sizeof *t->name)))
            goto done;
        for (size_t c = 0; c < t->k; c++) {
            const char *terms[3];
            double w[3];
            size_t m = theme_top_terms(t, c, 3, terms, w);
            if (asprintf(&t->name[c], "%s%s%s%s%s", m > 0 ? terms[0] : "",
                         m > 1 ? ", " : "", m > 1 ? terms[1] : "",
                         m > 2 ? ", " : "", m > 2 ? terms[2] : "") < 0)
                goto done;
        }
    }
    /* The other partitions of the records, for triangulation. */
    if (!(t->keyword_comm = malloc((t->n + 1) * sizeof *t->keyword_comm)) ||
        !(t->category = malloc((t->n + 1) * sizeof *t->category)))
        goto done;
    for (size_t i = 0; i < t->n; i++) {
        const mct_record *x = mct_records_get(r, i);
        t->keyword_comm[i] =
            keywords ? mct_net_transaction_community(keywords, i) : -1;
        t->category[i] = -1;
        if (x->n_categories) {
            size_t c = 0;
            while (c < t->n_categories &&
                   strcmp(t->category_name[c], x->categories[0]))
                c++;
            if (c == t->n_categories) {
                char **p = realloc(t->category_name,
                                   (c + 1) * sizeof *p);
                if (!p)
                    goto done;
                t->category_name = p;
                if (!(p[c] = strdup(x->categories[0])))
                    goto done;
                t->n_categories++;
            }
            t->category[i] = (int)c;
        }
    }
    if (o->map) {
        mct_kmeans *mk = NULL;
        mct_kmeans_opts mo = mct_kmeans_opts_default();
        mo.k = t->k;
        mo.spherical = false;
        mo.seed = o->seed;
        mo.n_threads = o->threads;
        if (mct_kmeans_fit_dense(&mo, o->map, t->n, 2, NULL, &mk) ||
            !(t->map_cluster = malloc((t->n + 1) * sizeof *t->map_cluster))) {
            mct_kmeans_free(mk);
            goto done;
        }
        memcpy(t->map_cluster, mct_kmeans_labels(mk, NULL),
               t->n * sizeof *t->map_cluster);
        mct_kmeans_free(mk);
    }
    {
        const int *lab = mct_kmeans_labels(t->km, NULL);
        agreement(lab, keywords ? t->keyword_comm : NULL, t->n, t->agree[0]);
        agreement(lab, t->map_cluster, t->n, t->agree[1]);
        agreement(keywords ? t->keyword_comm : NULL, t->map_cluster, t->n,
                  t->agree[2]);
        agreement(lab, t->n_categories ? t->category : NULL, t->n,
                  t->agree[3]);
    }
    ok = true;
done:
    free(init);
    mct_docs_free(docs);
    return ok;
}

static const char *const pair_names[4] = {
    "abstract themes ~ keyword communities", "abstract themes ~ title map",
    "keyword communities ~ title map", "abstract themes ~ WoS categories"};

bool lens_themes_write(outdir *od, const mct_records *r, const themes *t)
{
    const int *lab = mct_kmeans_labels(t->km, NULL);
    FILE *f;
    size_t *size = calloc(t->k + 1, sizeof *size), *rec;
    int ylo = 0, yhi = 0;
    if (!size || !(rec = malloc(10 * sizeof *rec))) {
        free(size);
        return false;
    }
    for (size_t i = 0; i < t->n; i++) {
        int y = mct_records_get(r, i)->year;
        size[lab[i]]++;
        if (y && (!ylo || y < ylo))
            ylo = y;
        if (y > yhi)
            yhi = y;
    }
    if (!(f = outdir_open(od, "themes.tsv")))
        goto fail;
    fputs("theme\tname\trecords\ttop_terms\n", f);
    for (size_t c = 0; c < t->k; c++) {
        const char *terms[10];
        double w[10];
        size_t m = theme_top_terms(t, c, 10, terms, w);
        fprintf(f, "%zu\t", c + 1);
        tsv_field(f, t->name[c]);
        fprintf(f, "\t%zu\t", size[c]);
        for (size_t q = 0; q < m; q++) {
            fprintf(f, "%s", q ? "; " : "");
            tsv_field(f, terms[q]);
            fprintf(f, " (%.3f)", w[q]);
        }
        fputc('\n', f);
    }
    if (!outdir_close(od, f, "themes.tsv") ||
        !(f = outdir_open(od, "theme-titles.tsv")))
        goto fail;
    fputs("theme\trank\tsimilarity\tyear\ttitle\n", f);
    for (size_t c = 0; c < t->k; c++) {
        size_t m = theme_top_records(t, c, 5, rec);
        for (size_t q = 0; q < m; q++) {
            const mct_record *x = mct_records_get(r, rec[q]);
            fprintf(f, "%zu\t%zu\t%.4f\t%d\t", c + 1, q + 1,
                    t->sim[rec[q] * t->k + c], x->year);
            tsv_field(f, x->title);
            fputc('\n', f);
        }
    }
    if (!outdir_close(od, f, "theme-titles.tsv") ||
        !(f = outdir_open(od, "theme-years.tsv")))
        goto fail;
    fputs("year", f);
    for (size_t c = 0; c < t->k; c++)
        fprintf(f, "\ttheme %zu", c + 1);
    fputc('\n', f);
    for (int y = ylo; ylo && y <= yhi; y++) {
        fprintf(f, "%d", y);
        for (size_t c = 0; c < t->k; c++) {
            size_t cnt = 0;
            for (size_t i = 0; i < t->n; i++)
                cnt += (size_t)lab[i] == c && mct_records_get(r, i)->year == y;
            fprintf(f, "\t%zu", cnt);
        }
        fputc('\n', f);
    }
    if (!outdir_close(od, f, "theme-years.tsv") ||
        !(f = outdir_open(od, "records.tsv")))
        goto fail;
    fputs("record\tid\tyear\ttitle\ttheme", f);
    for (size_t c = 0; c < t->k; c++)
        fprintf(f, "\tsimilarity %zu", c + 1);
    fputs("\tkeyword_community\tmap_cluster\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const mct_record *x = mct_records_get(r, i);
        fprintf(f, "%zu\t", i + 1);
        tsv_field(f, x->id);
        fprintf(f, "\t%d\t", x->year);
        tsv_field(f, x->title);
        fprintf(f, "\t%d", lab[i] + 1);
        for (size_t c = 0; c < t->k; c++)
            fprintf(f, "\t%.4f", t->sim[i * t->k + c]);
        fprintf(f, "\t%d\t%d\n",
                t->keyword_comm[i] >= 0 ? t->keyword_comm[i] + 1 : 0,
                t->map_cluster ? t->map_cluster[i] + 1 : 0);
    }
    if (!outdir_close(od, f, "records.tsv") ||
        !(f = outdir_open(od, "triangulation.tsv")))
        goto fail;
    fputs("partitions\tnmi\tari\n", f);
    for (int p = 0; p < 4; p++)
        if (!isnan(t->agree[p][0]))
            fprintf(f, "%s\t%.4f\t%.4f\n", pair_names[p], t->agree[p][0],
                    t->agree[p][1]);
    if (!outdir_close(od, f, "triangulation.tsv"))
        goto fail;
    free(size);
    free(rec);
    return true;
fail:
    free(size);
    free(rec);
    return false;
}

cJSON *lens_themes_json(const mct_records *r, const themes *t)
{
    cJSON *o = cJSON_CreateObject(), *a, *tri;
    const int *lab = mct_kmeans_labels(t->km, NULL);
    size_t rec[5];
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "objective", mct_kmeans_objective(t->km));
    a = cJSON_AddArrayToObject(o, "themes");
    for (size_t c = 0; a && c < t->k; c++) {
        cJSON *x = cJSON_CreateObject(), *terms, *titles;
        const char *tm[10];
        double w[10];
        size_t m = theme_top_terms(t, c, 10, tm, w), sz = 0;
        if (!x)
            break;
        for (size_t i = 0; i < t->n; i++)
            sz += (size_t)lab[i] == c;
        cJSON_AddNumberToObject(x, "theme", (double)(c + 1));
        cJSON_AddStringToObject(x, "name", t->name[c]);
        cJSON_AddNumberToObject(x, "records", (double)sz);
        terms = cJSON_AddArrayToObject(x, "top_terms");
        for (size_t q = 0; terms && q < m; q++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "term", tm[q]);
            cJSON_AddNumberToObject(p, "weight", round(w[q] * 1e4) / 1e4);
            cJSON_AddItemToArray(terms, p);
        }
        titles = cJSON_AddArrayToObject(x, "representative_titles");
        m = theme_top_records(t, c, 5, rec);
        for (size_t q = 0; titles && q < m; q++)
            cJSON_AddItemToArray(
                titles, cJSON_CreateString(mct_records_get(r, rec[q])->title));
        cJSON_AddItemToArray(a, x);
    }
    tri = cJSON_AddArrayToObject(o, "triangulation");
    for (int p = 0; tri && p < 4; p++) {
        cJSON *x;
        if (isnan(t->agree[p][0]))
            continue;
        x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "partitions", pair_names[p]);
        cJSON_AddNumberToObject(x, "nmi", round(t->agree[p][0] * 1e4) / 1e4);
        cJSON_AddNumberToObject(x, "ari", round(t->agree[p][1] * 1e4) / 1e4);
        cJSON_AddItemToArray(tri, x);
    }
    return o;
}

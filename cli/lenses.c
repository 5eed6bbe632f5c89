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

bool lens_thesaurus_read(const char *path, mct_thesaurus **out)
{
    mct_diag d;
    mct_status rc;
    mct_diag_clear(&d);
    *out = NULL;
    if ((rc = mct_thesaurus_new(out)) ||
        (rc = mct_thesaurus_read(*out, path, &d))) {
        cli_diag(path, &d, rc);
        mct_thesaurus_free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

bool lens_network(const mct_records *r, net_field field, const mct_net_opts *o,
                  bool allow_empty, mct_net **out)
{
    static const mct_net_field fields[] = {MCT_NET_FIELD_KEYWORDS,
                                           MCT_NET_FIELD_INDEX_KEYWORDS,
                                           MCT_NET_FIELD_TERMS};
    mct_status rc;
    *out = NULL;
    rc = mct_net_build_records(o, r, fields[field], out);
    if (rc == MCT_EEMPTY && allow_empty)
        rc = MCT_OK;
    else if (rc == MCT_EEMPTY)
        cli_err("network: no %s occurs in %zu or more records",
                field == NET_TERMS ? "term" : "keyword", o->min_count);
    else if (rc)
        cli_err("network: %s", mct_strerror(rc));
    return rc == MCT_OK;
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

static void concepts_tsv(FILE *f, const mct_concepts *c)
{
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
}

/* The strongest paths pe[0..np), each edge with its ends' labels. */
static void paths_tsv(FILE *f, const mct_concepts *c, const size_t *pe,
                      size_t np)
{
    const mct_net *g = mct_concepts_network(c);
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
}

/* concepts.svg: the concept network with its strongest paths drawn
 * darker and its themes in the legend. */
static bool concepts_svg(outdir *od, const mct_concepts *c, const size_t *pe,
                         size_t np)
{
    const mct_net *g = mct_concepts_network(c);
    size_t nt = mct_concepts_n_themes(c);
    bool *path = calloc(mct_net_n_edges(g) + 1, sizeof *path), ok = false;
    const char **legend = calloc(nt + 1, sizeof *legend);
    FILE *f;
    svg_net s;
    if (!path || !legend) {
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
    ok = outdir_close(od, f, "concepts.svg");
done:
    free(path);
    free(legend);
    return ok;
}

bool lens_concepts_write(outdir *od, const mct_concepts *c)
{
    const mct_net *g = mct_concepts_network(c);
    size_t *pe = NULL, np = 0;
    bool ok = false;
    FILE *f;
    if (mct_net_strongest_paths_weighted(g, &pe, &np)) {
        cli_err("out of memory");
        return false;
    }
    if (!concepts_svg(od, c, pe, np) || !(f = outdir_open(od, "concepts.tsv")))
        goto done;
    concepts_tsv(f, c);
    if (!outdir_close(od, f, "concepts.tsv") ||
        !(f = outdir_open(od, "concept-paths.tsv")))
        goto done;
    paths_tsv(f, c, pe, np);
    ok = outdir_close(od, f, "concept-paths.tsv") &&
         write_exports(od, "concept-network", g);
done:
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

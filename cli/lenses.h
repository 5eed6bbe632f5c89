/*
 * lenses.h - the paper's three lenses and its themes, as the commands
 * network, concepts, themes and review run them on included records.
 */
#ifndef MCTSNE_LENSES_H
#define MCTSNE_LENSES_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "outdir.h"
#include "screen.h"

/* The included records of a screening, copied into a set of their own. */
bool screen_included(const screened *s, mct_records **out);

/* ---- keyword network ------------------------------------------------- */

typedef enum { NET_KEYWORDS, NET_INDEX_KEYWORDS, NET_TERMS } net_field;

bool net_field_parse(const char *s, net_field *out);

/* Builds the co-word network of the records' keywords (or terms). With
 * allow_empty, too few keywords is no error: true with *out NULL. */
bool lens_network(const mct_records *r, net_field field,
                  const mct_net_opts *o, bool allow_empty, mct_net **out);
/* network.svg, .graphml, .gexf, vosviewer-map.txt,
 * vosviewer-network.txt, network.json, nodes.tsv (names prefixed). */
bool lens_network_write(outdir *od, const char *prefix, const mct_net *g,
                        const char *title);
cJSON *lens_network_json(const mct_net *g);

/* ---- concept map -------------------------------------------------------- */

/* allow_empty as for lens_network. */
bool lens_concepts(const mct_records *r, const mct_concepts_opts *o,
                   bool allow_empty, mct_concepts **out);
/* concepts.svg, concepts.tsv, concept-paths.tsv and the network exports
 * of the concept network. */
bool lens_concepts_write(outdir *od, const mct_concepts *c);
cJSON *lens_concepts_json(const mct_concepts *c);

/* ---- themes ---------------------------------------------------------------- */

typedef struct themes {
    size_t k, n, n_terms;
    mct_vectorizer *vec;
    mct_csr *X;
    mct_kmeans *km;
    char **name;        /* per theme */
    double *sim;        /* n x k */
    int *keyword_comm;  /* per record: keyword community or -1 */
    int *map_cluster;   /* per record: cluster of the title map, or NULL */
    int *category;      /* per record: first subject category or -1 */
    size_t n_categories;
    char **category_name;
    double agree[4][2]; /* NMI, ARI: themes~keywords, themes~map,
                           keywords~map, themes~categories (NAN: none) */
} themes;

typedef struct themes_opts {
    size_t k;
    const char *themes_file; /* JSON: [{"name":..., "terms":[...]}] */
    const char *themes_text; /* the file's content when already in memory
                                (themes_file then only names it) */
    size_t themes_len;
    uint64_t seed;
    int threads;
    const double *map;       /* per record x, y (or NULL) */
} themes_opts;

/* Checks a themes file early (before any long stage) and says how many
 * themes it has; prints a one-line error when it is not valid. */
bool lens_themes_check(const char *path, const char *text, size_t len,
                       size_t *k);

bool lens_themes(const mct_records *r, const themes_opts *o,
                 const mct_net *keywords, themes *t);
void themes_free(themes *t);
/* themes.tsv, theme-titles.tsv, theme-years.tsv, records.tsv,
 * triangulation.tsv. */
bool lens_themes_write(outdir *od, const mct_records *r, const themes *t);
cJSON *lens_themes_json(const mct_records *r, const themes *t);
/* The top terms of theme c (display forms) with their weights. */
size_t theme_top_terms(const themes *t, size_t c, size_t max,
                       const char **terms, double *weights);
/* The records most similar to theme c (indices, best first). */
size_t theme_top_records(const themes *t, size_t c, size_t max,
                         size_t *rec);

#endif

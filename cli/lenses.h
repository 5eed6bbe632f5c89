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

/* ---- what every lens command takes ----------------------------------- */

/* Options every lens command shares. */
typedef struct lens_args {
    cli_common c;
    screen_opts so;
    uint64_t seed;
    const char *out;
    char **inputs;
    size_t n_inputs;
} lens_args;

/* The defaults: formats detected, duplicates removed, seed 42. */
void lens_args_default(lens_args *a);
/* cli_parse with opts, then INPUT... and -o DIR, both required. */
int lens_parse(const cli_opt *opts, const char *usage, const char *cmd,
               int argc, char **argv, lens_args *a);

/* ---- keyword network ------------------------------------------------- */

typedef enum { NET_KEYWORDS, NET_INDEX_KEYWORDS, NET_TERMS } net_field;

bool net_field_parse(const char *s, net_field *out);
/* Reads a VOSviewer thesaurus; one-line error naming the file and line. */
bool lens_thesaurus_read(const char *path, mct_thesaurus **out);

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

/* The themes of a review (mct_review_themes), laid out for the
 * writers: everything points into the review. */
typedef struct themes {
    const mct_themes *th;
    bool seeded;
    size_t k, n;
    const int *keyword_comm; /* per record: keyword community, or NULL */
    const int *map_cluster;  /* per record: cluster of the map, or NULL */
    double agree[4][2];      /* NMI, ARI: themes~keywords, themes~map,
                                keywords~map, themes~categories (NAN:
                                none) */
} themes;

/* Lays out the themes stage of a review. */
void themes_view(const mct_review *rv, bool seeded, themes *t);

/* The one-line error of a failed review stage. */
void review_report(mct_status rc, const mct_diag *d, const char *stage);

/* The themes options that mctsne themes and review share: put
 * CLI_OPTS_THEMES(&ta) in the command's option table (opts.h), then copy
 * them with themes_args_apply(). */
enum { TO_K = 1100, TO_WEIGHTS };
#define CLI_OPTS_THEMES(ta)                                                \
    {.name = "k", .kind = CLI_CALL, .dst = (ta), .call = themes_option,    \
     .code = TO_K},                                                        \
    {.name = "themes", .kind = CLI_STRING, .dst = &(ta)->file},            \
    {.name = "seed-weight", .kind = CLI_DOUBLE, .dst = &(ta)->seed_weight, \
     .hi = 1e6},                                                           \
    {.name = "weak-cosine", .kind = CLI_DOUBLE, .dst = &(ta)->weak_cosine, \
     .lo = -1, .hi = 1},                                                   \
    {.name = "weights", .kind = CLI_CALL, .dst = (ta),                     \
     .call = themes_option, .code = TO_WEIGHTS},                           \
    {.name = "keep-query-terms", .kind = CLI_FLAG, .dst = &(ta)->keep_query}, \
    {.name = "keep-academic-words", .kind = CLI_FLAG,                      \
     .dst = &(ta)->keep_academic}
#define THEMES_HELP                                                        \
    "      --k K             number of unguided themes (default 5)\n"      \
    "      --themes FILE     seeded themes (JSON, see the manual); 'none':\n" \
    "                        unguided\n"                                    \
    "      --seed-weight W   how strongly themes stay anchored to their\n"  \
    "                        seeds (default 0.25; 0: seeds only start)\n"   \
    "      --weak-cosine C   flag a name whose records' cosine with its\n"  \
    "                        seed is below C (default 0.1)\n"               \
    "      --weights T,K,A   weights of title, keywords, abstract\n"       \
    "                        (default 1,1,1)\n"                             \
    "      --keep-query-terms  keep the query's terms in themes and\n"    \
    "                        concepts (left out by default)\n"              \
    "      --keep-academic-words  keep words like study, paper, explore\n"

typedef struct themes_args {
    size_t k;
    bool k_given;
    const char *file;     /* --themes (or NULL) */
    double seed_weight, weak_cosine, weights[3];
    bool keep_query, keep_academic;
} themes_args;

void themes_args_default(themes_args *a);
/* --k (TO_K) or --weights (TO_WEIGHTS) into the themes_args ta: 1 taken,
 * -1 bad value (after saying why). */
int themes_option(int code, const char *arg, void *ta);
void themes_args_apply(const themes_args *a, mct_themes_opts *o);

/* Reads a themes file (text already in memory when text is not NULL);
 * prints a one-line error naming the file, line and entry. */
bool lens_themes_read(const char *path, const char *text, size_t len,
                      mct_theme_seeds **out);

/* The search terms of a query, to leave out of themes and concept maps
 * (copies, in *terms; free with lens_terms_free). */
bool lens_query_terms(const char *query, char ***terms, size_t *n);
void lens_terms_free(char **terms, size_t n);

/* Warns on stderr (unless quiet) about seed terms that the records do
 * not have. */
void lens_themes_warn(const themes *t, const cli_common *c);
/* themes.tsv, seed-coverage.tsv (seeded), theme-titles.tsv,
 * theme-years.tsv, records.tsv, triangulation.tsv. */
bool lens_themes_write(outdir *od, const mct_records *r, const themes *t);
cJSON *lens_themes_json(const mct_records *r, const themes *t);
/* Theme of record i (-1: none) and the name of theme c. */
int theme_of(const themes *t, size_t i);
const char *theme_name(const themes *t, size_t c);
/* Why theme c's name is weak, in words ("" when it is not). */
const char *theme_flag_text(unsigned flags);

#endif

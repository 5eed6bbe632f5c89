/*
 * review.h - mctsne review: its options (cmd_review.c), what the library's
 * review (mct_review.h) found laid out for the writers, and the writers
 * of the files that are not a lens's own (review_write.c, report.c).
 */
#ifndef MCTSNE_REVIEW_H
#define MCTSNE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lenses.h"
#include "prisma.h"

/* The command line. */
typedef struct review_args {
    cli_common c;
    screen_opts so;
    themes_args ta;
    const char *out, *thesaurus;
    uint64_t seed;
    double perplexity;
    int iters;
    size_t min_count, n_concepts, window;
    char **inputs;
    size_t n_inputs;
    mct_file *themes_file;    /* the --themes file as read */
    const char *themes_text;  /* its bytes, or NULL */
    size_t themes_len;
    /* --update PREV: the earlier review's directory, its state, and the
     * strings its manifest gave as defaults */
    const char *update;
    mct_review_prior *prior;
    char *owned[4];
    size_t n_owned;
} review_args;

/* What a review leaves for an update: its state (mct_review_write_state)
 * and its themes file as used. */
#define REVIEW_STATE "review-records.jsonl"
#define REVIEW_THEMES_USED "themes-used.json"

/* What the review found. Everything but the regions' names points into
 * rv or s. */
typedef struct review {
    /* inputs and the parameters that shape the results */
    const char *themes_name;   /* themes file used, or NULL */
    const char *update;        /* the earlier review's directory, or NULL */
    uint64_t seed;
    size_t window, min_count;  /* concept blocks, keyword records */
    /* results */
    mct_review *rv;
    screened s;                /* the inputs read, the screening laid out */
    const mct_records *inc;    /* included records */
    trends tr;
    const double *map;         /* n x 2: t-SNE map of the titles */
    double map_kl, map_perplexity;
    bool map_kl_exact;
    mct_tsne_method map_method;
    size_t map_terms;          /* title vocabulary */
    const mct_net *net;        /* keyword network (NULL: too few) */
    const mct_concepts *con;   /* concept map (NULL: too little text) */
    themes th;
    /* the title map's regions: size and name of each (review_write_map) */
    size_t n_regions;
    size_t *region_n;
    char **region_label;
} review;

/* --update PREV, found before the options are parsed (or NULL). */
const char *review_find_update(int argc, char **argv);
/* The defaults of an update: PREV's manifest's parameters and themes. */
bool review_update_defaults(review_args *a);
/* PREV's state, read into *out. */
bool review_update_read(review_args *a, mct_review_prior **out);
/* REVIEW_STATE and, when themes were seeded, REVIEW_THEMES_USED. */
bool review_write_state(outdir *od, const review_args *a, const review *r);
/* changes.tsv: included records, per year and per theme, before and after
 * the update; keywords that entered or left the network. */
bool review_write_changes(outdir *od, const review *r);

/* The report's section on what an update changed. */
void review_report_changes(FILE *f, const review *r);

/* map.tsv, map-regions.tsv and map.svg; keeps the regions' names in r. */
bool review_write_map(outdir *od, review *r);
/* results.json's content (free with cJSON_Delete). */
cJSON *review_results_json(const review *r);
/* A JSON document into OUTDIR/name. */
bool review_write_json(outdir *od, cJSON *j, const char *name);
/* manifest.json: inputs, other files and outputs with their SHA-256,
 * every parameter, the versions. Written last but for the commit. */
bool review_write_manifest(outdir *od, const review_args *a,
                           const review *r, const mct_net_opts *no,
                           const mct_concepts_opts *co);

/* index.html: every figure inline (the SVG files already written to od
 * are read back, so the page shows exactly those), the tables, the
 * triangulation. No scripts, no external resources; a Content Security
 * Policy forbids any request. */
bool report_html(outdir *od, const review *r);

/* The hover text of record i on the map: title (year). venue. theme. */
char *report_point_tip(const review *r, size_t i);

#endif

/*
 * review.h - what mctsne review computes, handed from the stages
 * (cmd_review.c) to the report writer (report.c).
 */
#ifndef MCTSNE_REVIEW_H
#define MCTSNE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lenses.h"
#include "prisma.h"

typedef struct review {
    /* inputs and the parameters that shape the results */
    const char *const *inputs; /* names as given (or the bundled one) */
    size_t n_inputs;
    const char *themes_name;   /* themes file used, or NULL */
    uint64_t seed;
    size_t window, min_count;  /* concept blocks, keyword records */
    /* results */
    screened s;
    mct_records *inc;          /* included records */
    trends tr;
    double *map;               /* n x 2: t-SNE map of the titles */
    double map_kl, map_perplexity;
    bool map_kl_exact;
    size_t map_terms;          /* title vocabulary */
    mct_net *net;              /* keyword network (NULL: too few) */
    mct_concepts *con;         /* concept map (NULL: too little text) */
    themes th;
    /* the title map's regions: size and name of each (write_map) */
    size_t n_regions;
    size_t *region_n;
    char **region_label;
} review;

/* index.html: every figure inline (the SVG files already written to od
 * are read back, so the page shows exactly those), the tables, the
 * triangulation. No scripts, no external resources; a Content Security
 * Policy forbids any request. */
bool report_html(outdir *od, const review *r);

/* The hover text of record i on the map: title (year). venue. theme. */
char *report_point_tip(const review *r, size_t i);

#endif

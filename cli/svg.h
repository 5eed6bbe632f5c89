/*
 * svg.h - the figures mctsne draws: scatter plots of maps. SVG 1.1, no
 * scripts, no external fonts or files, so a browser shows them alone or
 * inlined in a report.
 */
#ifndef MCTSNE_SVG_H
#define MCTSNE_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s with &, <, >, " and ' escaped for XML text and attributes. */
void svg_escape(FILE *f, const char *s);

/* Colour of group g from a palette that tells 12 groups apart. */
const char *svg_colour(size_t g);

typedef struct svg_scatter {
    const double *xy;     /* n points, stride dims (first two used) */
    size_t n;
    int dims;
    const size_t *group;  /* per point: group index (NULL: all one) */
    const char *const *group_names; /* per group, for the legend */
    size_t n_groups;
    const char *const *tip; /* per point: hover text (may be NULL) */
    const char *title;    /* caption (may be NULL) */
    int width, height;    /* pixels (defaults 800 x 800 when 0) */
    /* Named regions: a label per region, placed near its centre (data
     * coordinates) without covering other labels and over as few points
     * as it can (may be NULL). */
    const double *region_xy;
    const char *const *region_label;
    size_t n_regions;
    /* The last group is the points that belong to none: drawn grey. */
    bool last_is_none;
} svg_scatter;

/* Writes the scatter plot as a standalone SVG document to f. */
void svg_scatter_write(FILE *f, const svg_scatter *s, bool standalone);


/* A bar chart of counts per category (years): labels under the bars, the
 * value above each. */
typedef struct svg_bars {
    const char *const *label;
    const double *value;
    size_t n;
    const char *title;
    const char *y_label;
} svg_bars;

void svg_bars_write(FILE *f, const svg_bars *b, bool standalone);

/* A network drawing: nodes at their layout, sized by occurrences,
 * coloured by community, the top `labels` nodes labelled; edges with
 * the strongest paths (path[e] true) drawn darker. */
struct mct_net;
typedef struct svg_net {
    const struct mct_net *g;
    const char *const *label;  /* per node (NULL: the network's labels) */
    const bool *path;          /* per edge (may be NULL) */
    const char *const *legend; /* per community (may be NULL) */
    size_t n_labels;           /* how many nodes to label (largest first) */
    const char *title;
} svg_net;

void svg_net_write(FILE *f, const svg_net *s, bool standalone);

#endif

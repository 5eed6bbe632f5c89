/*
 * review_internal.h - the review's state, shared by review.c (the
 * stages) and review_triangulate.c (partitions, agreement, regions).
 * Not installed.
 */
#ifndef MCT_REVIEW_INTERNAL_H
#define MCT_REVIEW_INTERNAL_H

#include "internal.h"
#include "mct_metrics.h"
#include "mct_review.h"

struct mct_review {
    mct_review_opts o;
    mct_screening *sc;
    mct_trends *tr;
    double *map;                 /* n x 2, or NULL */
    mct_review_map_info map_info;
    mct_net *net;                /* or NULL: too few keywords */
    mct_concepts *con;           /* or NULL: too little text */
    mct_themes *th;
    int *part[4];                /* per mct_partition, or NULL */
    char **cat;                  /* category names */
    size_t n_cat;
    mct_map_region *region;      /* per cluster of the map */
    size_t n_region;
};

/* Frees stage 5's results. */
void mct__review_clear_themes(mct_review *rv);

/* The partitions and the map's regions, after the themes. */
mct_status mct__review_triangulate(mct_review *rv);

#endif

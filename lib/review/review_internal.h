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
    mct_net *net_prior;          /* an update: the earlier records' */
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

/* An update: checks that all begins with the earlier review's records
 * and gives so their fates. */
mct_status mct__review_prior_opts(const mct_review *rv, const mct_records *all,
                                  mct_screen_opts *so, mct_diag *diag);

/* Whether an update keeps the earlier map (it has one, of 2 or more
 * records); then mct__review_update_map makes the map: the earlier one
 * with the new included records placed on it. */
bool mct__review_keeps_map(const mct_review *rv);
mct_status mct__review_update_map(mct_review *rv, const mct_records *inc,
                                  mct_diag *diag);

/* An update's themes: fitted on the earlier included records, the new
 * ones placed in them. rv->th is new. */
mct_status mct__review_update_themes(mct_review *rv, const mct_records *inc,
                                     mct_diag *diag);

/* An update: the keyword network of the earlier included records
 * (rv->net_prior; none when too few keywords). */
mct_status mct__review_prior_network(mct_review *rv, const mct_records *inc);

/* The partitions and the map's regions, after the themes. */
mct_status mct__review_triangulate(mct_review *rv);

#endif

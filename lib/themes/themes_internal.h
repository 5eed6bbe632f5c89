/*
 * themes_internal.h - what the themes module's files share: the handle,
 * the features (themes_features.c) and the clustering and naming
 * (themes_fit.c). Not installed.
 */
#ifndef MCT_THEMES_INTERNAL_H
#define MCT_THEMES_INTERNAL_H

#include "internal.h"
#include "mct_themes.h"
#include "phrases.h"

/* The vocabulary: every term met, and which of them are features. */
typedef struct mct__vocab {
    mct__strtab keys;     /* term keys ("higher educ") -> ids */
    size_t *df;           /* per id: records containing it */
    size_t *occ;          /* per id: occurrences */
    size_t *last;         /* per id: last record + 1 (for df) */
    size_t cap;
    long *col;            /* per id: feature column, or -1 */
    size_t n_cols;
    uint32_t *col_id;     /* per column: id */
    double *idf;          /* per column */
    char **label;         /* per column: most frequent spelling */
    mct__arena arena;     /* labels */
} mct__vocab;

/* A seed term's coverage. */
typedef struct mct__seed_cov {
    const char *term;     /* in the arena */
    mct_seed_term_status status;
    size_t records, occurrences;
} mct__seed_cov;

struct mct_themes {
    mct_themes_opts o;
    mct__phraser *ph;
    /* the fit */
    size_t n, k, d;
    mct__vocab v;
    mct_csr *X;           /* n x d, unit rows */
    int *labels;          /* n */
    double *sims;         /* n x k */
    double *cent;         /* k x d: anchored centres */
    double *memb;         /* k x d: members' centroids (unit) */
    double *seedv;        /* k x d: seed vectors (unit), or NULL */
    mct_theme_info *info; /* k */
    char **name;          /* k: unguided names (in the arena) */
    mct__seed_cov **cov;  /* k: per seed term */
    size_t *n_cov;
    double objective, lambda;
    mct__arena arena;
};

/* Frees what a fit made, keeping the options and the phraser. */
void mct__themes_clear(mct_themes *t);

/* Builds the vocabulary and the features X of the records. */
mct_status mct__themes_features(mct_themes *t, const mct_records *r,
                                mct_diag *diag);

/* Seed vectors (k x d) and coverage of every seed term; MCT_EEMPTY (diag
 * names the theme) when a seed has no feature. */
mct_status mct__themes_seeds(mct_themes *t, const mct_theme_seeds *s,
                             mct_diag *diag);

/* The features of other records in the fitted vocabulary (assign). */
mct_status mct__themes_transform(mct_themes *t, const mct_records *r,
                                 mct_csr **out);

/* Clusters, names and orders the themes. */
mct_status mct__themes_cluster(mct_themes *t, const mct_theme_seeds *s,
                               mct_diag *diag);

/* The columns of theme c's largest centroid weights (positive only,
 * ties to the smaller column); returns how many (at most max). */
size_t mct__themes_top_cols(const mct_themes *t, size_t c, size_t max,
                            size_t *cols);

/* Minimum-cost perfect assignment of a k x k cost matrix (row-major):
 * row i gets column assign[i]. */
mct_status mct__hungarian(const double *cost, size_t k, size_t *assign);

#endif

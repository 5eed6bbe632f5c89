/*
 * tfidf_internal.h - what tfidf.c (the vectorizer's API, transform and
 * vocabulary) and tfidf_fit.c (the phases of fit_transform) share. Not
 * installed.
 */
#ifndef MCT_TFIDF_INTERNAL_H
#define MCT_TFIDF_INTERNAL_H

#include "analyzer.h"
#include "mct_tfidf.h"

struct mct_vectorizer {
    mct_vectorizer_opts o;
    mct_analyzer *an;
    bool fitted;
    size_t n_docs, n_terms;
    mct__strtab vocab;  /* term strings (pruned ones too, for unigrams) */
    uint32_t *col_of_id; /* per vocab id: column, or UINT32_MAX if pruned */
    uint32_t *id_of_col; /* per column: vocab id */
    char *strings;      /* owns the display forms */
    const char **display;
    size_t *df;
    double *idf;
    double *count;
};

/*
 * Applies the tf transform, the idf and the norm to one finished row
 * (columns ix, counts in x, m entries), in index order, so the sums are
 * fixed.
 */
void mct__tfidf_weight_row(const mct_vectorizer *v, const uint32_t *ix,
                           double *x, size_t m);

/* Sorts a short array of column ids (rows are short: sorting networks up
 * to eight, then insertion sort, qsort past 24). */
void mct__sort_u32(uint32_t *a, size_t n);

/*
 * The fit of n texts (checked by the caller: n >= 1, below UINT32_MAX):
 * fills the vectorizer's vocabulary and returns the matrix. On failure the
 * vocabulary may be half made; the caller resets it.
 */
mct_status mct__tfidf_fit(mct_vectorizer *v, const char *const *texts,
                          const size_t *lens, size_t n, mct_csr **out,
                          mct_diag *diag);

#endif

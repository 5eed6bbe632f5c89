/*
 * mct_tfidf.h - term counting and TF-IDF weighting of a corpus, with the
 * options and formulas of scikit-learn's TfidfVectorizer.
 *
 *   tf    raw count c, or 1 + ln c (sublinear), or 1 (binary)
 *   idf   ln((1 + n) / (1 + df)) + 1 (smooth), or ln(n / df) + 1
 *   row   divided by its l2 or l1 norm, or left as it is
 *
 * In the scikit-learn-compatible analyzer (mct_analyzer_opts_sklearn) the
 * matrix equals TfidfVectorizer(stop_words='english') on the same texts,
 * with the same vocabulary in the same (sorted) order.
 */
#ifndef MCT_TFIDF_H
#define MCT_TFIDF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_csr.h"
#include "mct_text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mct_norm {
    MCT_NORM_NONE = 0,
    MCT_NORM_L1 = 1,
    MCT_NORM_L2 = 2
} mct_norm;

typedef struct mct_vectorizer_opts {
    /* How texts become terms. */
    mct_analyzer_opts analyzer;
    /* Terms in fewer documents than min_df are dropped: a count, or a
     * fraction of the documents when min_df_is_fraction. Default 1. */
    double min_df;
    bool min_df_is_fraction;
    /* Terms in more documents than max_df are dropped. Default 1.0 as a
     * fraction, which keeps everything. */
    double max_df;
    bool max_df_is_fraction;
    /* Keep only the max_features most frequent terms (total count over
     * the corpus; ties go to the alphabetically first). 0 keeps all. */
    size_t max_features;
    /* Weighting; defaults: use_idf, smooth_idf, raw tf, l2. */
    bool use_idf;
    bool smooth_idf;
    bool sublinear_tf;
    bool binary;
    mct_norm norm;
    /* Threads; <= 0 means all processors. Results do not depend on it. */
    int n_threads;
} mct_vectorizer_opts;

/* The defaults listed above, with the Unicode analyzer. */
MCT_API mct_vectorizer_opts mct_vectorizer_opts_default(void);

typedef struct mct_vectorizer mct_vectorizer;

/* Creates a vectorizer. MCT_EINVAL for bad options (negative or
 * inconsistent document-frequency limits); MCT_ENOTFOUND for an unknown
 * stemming language. */
MCT_API mct_status mct_vectorizer_new(const mct_vectorizer_opts *o,
                                      mct_vectorizer **out);

/*
 * Learns the vocabulary and idf of n texts and returns their TF-IDF
 * matrix (n rows; columns are terms in vocabulary order) in *out, to be
 * freed with mct_csr_free. A vectorizer can be fitted once.
 *
 * Errors: MCT_EUTF8 (diag->line is the 1-based number of the text),
 * MCT_EEMPTY when no term is left (only stop words, or pruning removed
 * everything), MCT_EINVAL when max_df allows fewer documents than min_df,
 * MCT_ESTATE when already fitted.
 *
 * Time: linear in the total text length plus O(V log V) for the
 * vocabulary; parallel over texts.
 */
MCT_API mct_status mct_vectorizer_fit_transform(mct_vectorizer *v,
                                                const char *const *texts,
                                                const size_t *lens, size_t n,
                                                mct_csr **out,
                                                mct_diag *diag);

/*
 * TF-IDF of new texts against the fitted vocabulary (unknown terms are
 * ignored). MCT_ESTATE when not fitted.
 */
MCT_API mct_status mct_vectorizer_transform(mct_vectorizer *v,
                                            const char *const *texts,
                                            const size_t *lens, size_t n,
                                            mct_csr **out, mct_diag *diag);

/* Number of terms in the fitted vocabulary (0 before fitting). */
MCT_API size_t mct_vectorizer_n_terms(const mct_vectorizer *v);

/* Number of documents the vectorizer was fitted on. */
MCT_API size_t mct_vectorizer_n_docs(const mct_vectorizer *v);

/* What is known of one vocabulary term. Strings are valid until the
 * vectorizer is freed. */
typedef struct mct_term_info {
    const char *term;    /* what is counted: a stem, or stems and spaces */
    const char *display; /* its most frequent form in the text */
    size_t df;           /* documents that contain it */
    double idf;          /* its idf (1 when use_idf is off) */
    double count;        /* total occurrences in the corpus */
} mct_term_info;

/* Fills info for column j. MCT_EINVAL when j is out of range. */
MCT_API mct_status mct_vectorizer_term(const mct_vectorizer *v, size_t j,
                                       mct_term_info *info);

/* Column of a term (as counted, e.g. a stem), or -1 when absent. */
MCT_API long mct_vectorizer_lookup(const mct_vectorizer *v, const char *term);

/*
 * Writes the vocabulary as TSV with a header line: term, display form,
 * document frequency, idf (17 significant digits), one row per column.
 * Errors: MCT_ESTATE before a fit, MCT_EIO (diag says why), MCT_ENOMEM.
 */
MCT_API mct_status mct_vectorizer_write_vocab(const mct_vectorizer *v,
                                              const char *path,
                                              mct_diag *diag);

/* Frees the vectorizer. NULL is a no-op. */
MCT_API void mct_vectorizer_free(mct_vectorizer *v);

/* The name before 0.2: the options configure a vectorizer (deprecated). */
typedef mct_vectorizer_opts mct_tfidf_opts;
#define mct_tfidf_opts_default mct_vectorizer_opts_default

#ifdef __cplusplus
}
#endif
#endif /* MCT_TFIDF_H */

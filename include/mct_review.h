/*
 * mct_review.h - a systematic review, stage by stage or whole: the
 * analysis that mctsne review runs, for any C program.
 *
 *   1. screening (mct_screen.h) and publications per year (mct_trends.h)
 *   2. a t-SNE map of the included records' titles (TF-IDF of the titles,
 *      truncated SVD, t-SNE), or a map the caller already has
 *   3. the co-word network of their author keywords (mct_net.h)
 *   4. the concept map of their abstracts, titles and keywords where a
 *      record has no abstract (mct_concepts.h)
 *   5. their themes (mct_themes.h), and the triangulation: how far the
 *      themes, the keyword communities, clusters of the map and the Web of
 *      Science subject categories agree (NMI, ARI); the map's regions
 *      named by their most distinctive terms.
 *
 * The query's terms are left out of the concept map and the themes
 * unless keep_query_terms is set: every record was retrieved for them.
 * Stages run in this order; mct_review_run runs them all. A stage may be
 * run again after changing nothing; a later stage needs the earlier ones
 * (MCT_ESTATE otherwise). Same records, options and seed: the same
 * results, bit for bit, whatever n_threads (BLAS aside: see mct_pca.h).
 *
 * Thread safety: a handle is not thread-safe; the network and concept
 * stages use igraph, which must not run in two threads at once.
 */
#ifndef MCT_REVIEW_H
#define MCT_REVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_concepts.h"
#include "mct_net.h"
#include "mct_records.h"
#include "mct_screen.h"
#include "mct_tfidf.h"
#include "mct_themes.h"
#include "mct_trends.h"
#include "mct_tsne.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An earlier review that an update starts from (below). */
typedef struct mct_review_prior mct_review_prior;

typedef struct mct_review_opts {
    mct_screen_opts screen;         /* query, years, de-duplication, ... */
    mct_vectorizer_opts map_tfidf;  /* the titles' TF-IDF */
    mct_tsne_opts map;              /* the title map */
    mct_net_opts network;           /* the author-keyword network */
    mct_concepts_opts concepts;     /* the concept map */
    mct_themes_opts themes;         /* the themes */
    const mct_theme_seeds *seeds;   /* seeded themes (NULL: unguided);
                                       borrowed for the review's life */
    bool keep_query_terms;          /* default false */
    /* One seed and one thread count for every stage: they replace those
     * of the stages' options (defaults 42 and 0, all processors). */
    uint64_t seed;
    int n_threads;
    /* Called with the stage ("screening", "map", "network", "concepts",
     * "themes") as it starts (done 0) and ends (done 1, total 1), and
     * with the t-SNE's own stages in between. Return false to cancel. */
    mct_progress_fn progress;
    void *progress_user;
    /* An update of an earlier review (mct_review_prior_read), or NULL.
     * Borrowed for the review's life. See "Living reviews" below. */
    const mct_review_prior *prior;
} mct_review_opts;

/* The defaults of every stage; the network has its layout, the map its
 * progress every 50 iterations. */
MCT_API mct_review_opts mct_review_opts_default(void);

typedef struct mct_review mct_review;

/* Creates a review (o NULL: the defaults). The options are copied; their
 * pointers (query, exclusions, seeds, ...) must stay valid while the
 * review is used. Errors: MCT_EINVAL for options out of range,
 * MCT_ENOMEM. */
MCT_API mct_status mct_review_new(const mct_review_opts *o,
                                  mct_review **out);

/*
 * Stage 1: screens all the records identified (kept by reference: all
 * must stay valid while the review is used) and counts the included ones
 * per year. In an update, all begins with the earlier review's records
 * (see "Living reviews"). Errors: those of mct_screening_fit; MCT_EEMPTY
 * (diag says so) when no record is included; in an update, MCT_EINVAL
 * (diag) when all does not begin with the earlier records or options
 * that merge more records make some of them duplicates of others.
 */
MCT_API mct_status mct_review_screen(mct_review *rv, const mct_records *all,
                                     mct_diag *diag);

/* Stage 2: the title map. Errors: MCT_ESTATE before stage 1, MCT_EEMPTY
 * for fewer than 2 included records, those of mct_vectorizer_fit_transform
 * and mct_tsne_fit_csr (MCT_ECANCELED among them). */
MCT_API mct_status mct_review_map(mct_review *rv, mct_diag *diag);

/* Stage 2 otherwise: adopts a map of the included records, n x 2 values
 * (copied). MCT_EINVAL when n is not the number of included records or a
 * value is not finite, MCT_ESTATE before stage 1. */
MCT_API mct_status mct_review_set_map(mct_review *rv, const double *xy,
                                      size_t n);

/* Stage 3: the author-keyword network; none (and MCT_OK) when no keyword
 * is in min_count records. Errors: MCT_ESTATE before stage 1, those of
 * mct_net_build_records. */
MCT_API mct_status mct_review_network(mct_review *rv, mct_diag *diag);

/* Stage 4: the concept map; none (and MCT_OK) when the text is too short.
 * Errors: MCT_ESTATE before stage 1, those of mct_concepts_build. */
MCT_API mct_status mct_review_concepts(mct_review *rv, mct_diag *diag);

/* Stage 5: themes, triangulation and the map's regions (with whatever of
 * stages 2 and 3 was run). Errors: MCT_ESTATE before stage 1, those of
 * mct_themes_fit (diag says which theme). */
MCT_API mct_status mct_review_themes(mct_review *rv, mct_diag *diag);

/* All five stages; the first error stops them. */
MCT_API mct_status mct_review_run(mct_review *rv, const mct_records *all,
                                  mct_diag *diag);

/* Results, valid until the stage runs again or the review is freed;
 * NULL (0) before their stage. */
MCT_API const mct_screening *mct_review_screening(const mct_review *rv);
MCT_API const mct_records *mct_review_included(const mct_review *rv);
MCT_API const mct_trends *mct_review_trends(const mct_review *rv);
MCT_API const mct_net *mct_review_keywords(const mct_review *rv);
MCT_API const mct_concepts *mct_review_concept_map(const mct_review *rv);
MCT_API const mct_themes *mct_review_themes_found(const mct_review *rv);

/* What the title map was made of. */
typedef struct mct_review_map_info {
    size_t terms;        /* the titles' vocabulary (0 for an adopted map) */
    double kl;           /* final KL divergence (NAN for an adopted map) */
    bool kl_exact;       /* exact, or the estimate of the method used */
    double perplexity;   /* used */
    mct_tsne_method method; /* used (MCT_TSNE_AUTO for an adopted map) */
} mct_review_map_info;

/* The title map: n x 2 coordinates, in the order of the included
 * records (NULL before stage 2); *info (may be NULL) what it was made
 * of. */
MCT_API const double *mct_review_map_xy(const mct_review *rv, size_t *n,
                                        mct_review_map_info *info);

/* The partitions of the included records that are triangulated. */
typedef enum mct_partition {
    MCT_PARTITION_THEMES = 0,      /* the themes (-1: none) */
    MCT_PARTITION_KEYWORDS = 1,    /* the keyword community of each
                                      record (-1: none of its keywords
                                      is a node) */
    MCT_PARTITION_MAP = 2,         /* k-means clusters of the map, k as
                                      many as the themes */
    MCT_PARTITION_CATEGORIES = 3   /* first WoS subject category (-1:
                                      none), numbered as met */
} mct_partition;

/* One label per included record, or NULL when the partition is missing
 * (no network, no map, no record with a category, before stage 5). */
MCT_API const int *mct_review_partition(const mct_review *rv,
                                        mct_partition p);

/* NMI and ARI between two partitions (mct_partition_agreement).
 * MCT_EEMPTY when either is missing or no record has both labels. */
MCT_API mct_status mct_review_agreement(const mct_review *rv, mct_partition a,
                                        mct_partition b, double *nmi,
                                        double *ari);

/* The name of category c of MCT_PARTITION_CATEGORIES (NULL out of
 * range). */
MCT_API const char *mct_review_category(const mct_review *rv, size_t c);

/* A region of the map: a cluster of MCT_PARTITION_MAP, its centre and
 * the terms that set it apart most (mct_themes_group_terms). */
typedef struct mct_map_region {
    size_t records;
    double x, y;
    size_t n_terms;            /* up to 3 */
    const char *terms[3];
    double scores[3];
} mct_map_region;

/* Number of regions (0 without a map), and region r. MCT_EINVAL out of
 * range. Strings valid until stage 5 runs again or the review is freed. */
MCT_API size_t mct_review_n_regions(const mct_review *rv);
MCT_API mct_status mct_review_region(const mct_review *rv, size_t r,
                                     mct_map_region *out);

/* Frees the review and everything it made. NULL is a no-op. */
MCT_API void mct_review_free(mct_review *rv);

/* ======================================================================
 * Living reviews
 *
 * A review leaves its state behind (mct_review_write_state): every record
 * kept after de-duplication, as JSON Lines (mct_records.h), with its fate,
 * the reason it was left out and, for an included record, its place on
 * the map. An update reads that state back (mct_review_prior_read) and
 * runs with it in mct_review_opts.prior on the earlier records
 * (mct_review_prior_records) followed by the newly exported ones:
 *
 *   - screening: the earlier records come first, as they were; they keep
 *     their fates and are not screened again (nor merged with a new
 *     duplicate, which is removed); only the new records are screened.
 *     mct_prisma's prior_* fields count the earlier records (every other
 *     count includes them: new = count - prior part).
 *   - map: the earlier map is kept point for point and the new included
 *     records are placed on it (mct_tsne_transform_csr); a state without
 *     a map gets a new one.
 *   - themes: fitted on the earlier included records, as the earlier
 *     review fitted them, and the new ones placed in them
 *     (mct_themes_extend).
 *   - the network and the concept map are made again from every included
 *     record.
 *
 * So with the same options and seed an update keeps every earlier point
 * and theme, byte for byte, and an update with no new record reproduces
 * the earlier review.
 * ==================================================================== */

/* Writes the review's state to path (after stage 1; the map's places
 * after stage 2). Errors: MCT_ESTATE before stage 1, MCT_EIO (diag). */
MCT_API mct_status mct_review_write_state(const mct_review *rv,
                                          const char *path, mct_diag *diag);

/* Reads a state written by mct_review_write_state: from a file, or from
 * memory (name for the messages). Errors: MCT_ENOTFOUND, MCT_EIO,
 * MCT_EPARSE with the
 * line (a record that does not parse, a missing or unknown "fate"),
 * MCT_EUTF8, MCT_ENOMEM. */
MCT_API mct_status mct_review_prior_read(const char *path,
                                         mct_review_prior **out,
                                         mct_diag *diag);
MCT_API mct_status mct_review_prior_parse(const char *data, size_t len,
                                          const char *name,
                                          mct_review_prior **out,
                                          mct_diag *diag);

/* In an update, the number of included records that the earlier review
 * included: they come first in mct_review_included (0 otherwise). */
MCT_API size_t mct_review_n_earlier(const mct_review *rv);

/* In an update, the keyword network of those earlier records alone (as
 * the earlier review made it), to see which keywords entered or left;
 * NULL otherwise, before stage 3 or when they have too few keywords. */
MCT_API const mct_net *mct_review_keywords_before(const mct_review *rv);

/* The earlier review's kept records, and how many it included. */
MCT_API size_t mct_review_prior_count(const mct_review_prior *p);
MCT_API size_t mct_review_prior_included(const mct_review_prior *p);
MCT_API const mct_records *mct_review_prior_records(const mct_review_prior *p);

/* Frees a state read. NULL is a no-op. */
MCT_API void mct_review_prior_free(mct_review_prior *p);

#ifdef __cplusplus
}
#endif
#endif /* MCT_REVIEW_H */

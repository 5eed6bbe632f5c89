/*
 * mct_themes.h - the themes of a body of records: spherical k-means on
 * what each record says (title, author keywords and abstract), unguided
 * or seeded by named themes, and names that the records back up.
 *
 * Features. A record's title, its author keywords and its abstract are
 * each turned into a vector of stemmed words and pairs of adjacent words
 * ("higher education", "digital badges"); a keyword is also counted whole
 * when it has three or more words ("open educational resources"). Term
 * frequencies are sublinear (1 + ln tf), weighted by the smoothed inverse
 * document frequency ln((1 + n) / (1 + df)) + 1 over the n records, and
 * each part is scaled to unit length before the parts are added with
 * their weights (options) and the sum is scaled to unit length again: a
 * long abstract does not drown the title and keywords, and a record
 * without an abstract still has its title and keywords. Left out: English
 * stop words, the words academic prose uses about itself
 * (MCT_STOPLIST_ACADEMIC; optional), numbers, tokens of fewer than three
 * characters, and the search query's terms (exclude_terms; see
 * mct_query_terms), which every record was retrieved for and which would
 * otherwise top every theme. Terms in fewer than min_df records are
 * dropped.
 *
 * Unguided themes: spherical k-means++ with restarts (mct_kmeans.h), named
 * after their three top terms and numbered by size, largest first.
 *
 * Seeded themes: each theme of a themes file gives a seed vector (its
 * terms, plus its description at description_weight) in the same feature
 * space, and the theme's centre stays anchored to it for the whole
 * optimisation: centre_c = (S_c + lambda s_c) / |S_c + lambda s_c|, S_c
 * the sum of the theme's records (mct_kmeans_opts.anchor; a von
 * Mises-Fisher prior on the mean direction). lambda = seed_weight *
 * |sum_i x_i| / k: with seed_weight 1, a seed weighs as much as an
 * average theme's share of the whole corpus (the default 0.25 did best
 * on the labelled tasks of bench/bench_themes.c; docs/user-guide.md).
 *
 * Names by evidence. After convergence each theme's members' centroid
 * (its records alone, no seed) is compared with every seed by cosine,
 * and themes and seeds are matched one to one by the assignment of
 * largest total cosine (the Hungarian method). A theme takes the name of
 * the seed it is matched with; themes are numbered in the order of their
 * seeds in the file. A match is weak when another seed is closer to the
 * theme's records than its own (MCT_THEME_OTHER_SEED) or the cosine is
 * below weak_cosine (MCT_THEME_LOW_COSINE).
 *
 * Records with no counted term at all (say, a title of stop words) have
 * no theme: label -1.
 *
 * Determinism: the same records, seeds, options and seed give the same
 * results bit for bit, whatever n_threads; the order of the themes in the
 * file changes only the numbering.
 *
 * Thread safety: a handle is not thread-safe; separate handles are.
 */
#ifndef MCT_THEMES_H
#define MCT_THEMES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_csr.h"
#include "mct_records.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * Themes files
 * ==================================================================== */

/*
 * A themes file is a JSON array with one object per theme:
 *
 *   {"name": "Digital proof of competency",          (required, one line)
 *    "terms": ["digital badges", "blockchain"],      (seed terms)
 *    "strategic_nodes": [...], "concept_paths": [...],
 *    "keyword_nodes": [...],                          (more seed terms, by
 *                                                      the evidence they
 *                                                      come from)
 *    "description": "prose describing the theme",    (optional)
 *    "source": "where the evidence comes from"}      (optional)
 *
 * At least one seed term in one of the four lists; names differ. Any
 * other field is an error, so that a misspelt field is never ignored.
 */
typedef struct mct_theme_seeds mct_theme_seeds;

/*
 * Parses a themes file held in memory. name (may be NULL) is only used
 * in messages. Errors: MCT_EPARSE with diag naming the line and, for an
 * entry, its number and name ("theme 3 (\"Critiques\"): unknown field
 * \"term\""); MCT_EUTF8; MCT_EEMPTY for an empty array; MCT_ETOOBIG for
 * JSON nested deeper than 32 levels; MCT_ENOMEM.
 */
MCT_API mct_status mct_theme_seeds_parse(const char *text, size_t len,
                                         mct_theme_seeds **out,
                                         mct_diag *diag);

/* The same from a file ("-" for standard input); MCT_ENOTFOUND when it
 * is missing, MCT_EIO when it cannot be read otherwise. */
MCT_API mct_status mct_theme_seeds_read(const char *path,
                                        mct_theme_seeds **out,
                                        mct_diag *diag);

/* Number of themes in the file. */
MCT_API size_t mct_theme_seeds_count(const mct_theme_seeds *s);

/* One theme of a file. Strings are "" when absent; valid until the seeds
 * are freed. */
typedef struct mct_theme_seed {
    const char *name;
    const char *description;
    const char *source;
    const char *const *terms; /* every seed term of the four lists, in
                                 file order, each once */
    size_t n_terms;
} mct_theme_seed;

/* Theme i of the file. MCT_EINVAL when i is out of range. */
MCT_API mct_status mct_theme_seeds_get(const mct_theme_seeds *s, size_t i,
                                       mct_theme_seed *out);

/* Frees the seeds. NULL is a no-op. */
MCT_API void mct_theme_seeds_free(mct_theme_seeds *s);

/* ======================================================================
 * Finding themes
 * ==================================================================== */

typedef struct mct_themes_opts {
    /* Unguided: number of themes (default 5). Seeded: one per seed. */
    size_t k;
    /* Anchoring of seeded themes (see above; default 0.25; 0 makes the
     * seeds only a starting point). */
    double seed_weight;
    /* A named theme whose records' centroid has a smaller cosine with
     * its seed is flagged (default 0.1). */
    double weak_cosine;
    /* Weights of a record's parts (default 1 each; >= 0, not all 0). */
    double title_weight;
    double keywords_weight;
    double abstract_weight;
    /* Weight of a seed's description against its terms (default 0.5). */
    double description_weight;
    /* Pairs of adjacent words as features (default true). */
    bool pairs;
    /* Leave out MCT_STOPLIST_ACADEMIC words (default true). */
    bool academic_stop;
    /* Terms left out (the search query's, see mct_query_terms): '*' any
     * characters, '?' one; a hyphenated pattern covers the compound and
     * the two words, a phrase each of its words. May be NULL. */
    const char *const *exclude_terms;
    size_t n_exclude_terms;
    /* More stop words (may be NULL). */
    const char *const *stop_words;
    size_t n_stop_words;
    /* Records a term must occur in; 0 (default) means 2 when there are
     * 20 records or more, else 1. */
    size_t min_df;
    /* Snowball language (default "english"). */
    const char *stem_language;
    int n_init;      /* unguided restarts (default 10) */
    int max_iter;    /* iterations per run (default 300) */
    uint64_t seed;   /* default 42 */
    int n_threads;   /* <= 0: all processors; results do not depend on it */
} mct_themes_opts;

/* The defaults given with each field above. */
MCT_API mct_themes_opts mct_themes_opts_default(void);

typedef struct mct_themes mct_themes;

/* Creates a themes finder. MCT_EINVAL for options out of range. */
MCT_API mct_status mct_themes_new(const mct_themes_opts *o, mct_themes **out);

/*
 * Finds the themes of the records: seeded by seeds, or unguided when
 * seeds is NULL. Errors: MCT_EEMPTY when no record has a counted term,
 * or (diag names it) when none of a seed's terms occurs in the records;
 * MCT_EINVAL when there are fewer records with terms than themes;
 * MCT_EUTF8; MCT_ENOMEM. A new fit replaces the previous one.
 * Time: linear in the text, plus O(iterations n k) for the clustering.
 */
MCT_API mct_status mct_themes_fit(mct_themes *t, const mct_records *r,
                                  const mct_theme_seeds *seeds,
                                  mct_diag *diag);

/* Number of themes and of records of the fit (0 before one). */
MCT_API size_t mct_themes_count(const mct_themes *t);
MCT_API size_t mct_themes_n_records(const mct_themes *t);

/* Theme of each record (0..k-1, or -1: no counted term). Valid until the
 * next fit or free. */
MCT_API const int *mct_themes_labels(const mct_themes *t, size_t *n);

/* Cosine of each record with each theme's centre: n x k, row-major. */
MCT_API const double *mct_themes_similarities(const mct_themes *t);

/* Why a name is weak (bits of mct_theme_info.flags). */
typedef enum mct_theme_flag {
    MCT_THEME_FLAG_NONE = 0,
    /* another seed is closer to the theme's records than its own */
    MCT_THEME_FLAG_OTHER_SEED = 1,
    /* the cosine with its own seed is below weak_cosine */
    MCT_THEME_FLAG_LOW_COSINE = 2
} mct_theme_flag;

typedef struct mct_theme_info {
    const char *name;        /* the seed's name, or three top terms */
    size_t records;          /* records in the theme */
    int seed;                /* seed it is named after (-1: unguided) */
    double seed_cosine;      /* its records' centroid . that seed */
    int other_seed;          /* the closest other seed (-1: none) */
    double other_cosine;     /* its records' centroid . that seed */
    unsigned flags;          /* mct_theme_flag bits; 0 when backed */
    /* Of its (up to) ten top terms, the share that its seed contains. */
    double seed_share;
} mct_theme_info;

/* Theme c. Strings valid until the next fit or free. MCT_EINVAL when c
 * is out of range. */
MCT_API mct_status mct_themes_get(const mct_themes *t, size_t c,
                                  mct_theme_info *out);

/*
 * The top terms of theme c: the largest weights of its records'
 * centroid, as display labels (the most frequent spelling), with the
 * weights. A word is left out where a pair that holds it weighs at least
 * two thirds as much ("higher education" stands for "higher"). Returns
 * how many were written (at most max). Labels valid until the next fit
 * or free.
 */
MCT_API size_t mct_themes_top_terms(const mct_themes *t, size_t c, size_t max,
                                    const char **terms, double *weights);

/*
 * The terms that set a group of the records apart (a region of a map,
 * say): group holds n labels, one per record of the fit (negative: no
 * group), and the terms of group g are ranked by p_g ln(p_g / p), p_g
 * the share of the group's records that have the term and p the share of
 * all grouped records, among terms that two or more of the group's
 * records have; words covered by a pair are left out as in
 * mct_themes_top_terms. Returns how many were written (at most max).
 */
MCT_API size_t mct_themes_group_terms(const mct_themes *t, const int *group,
                                      size_t n, int g, size_t max,
                                      const char **terms, double *scores);

/* The records of theme c most similar to its centre, best first (ties by
 * record order); returns how many were written (at most max). */
MCT_API size_t mct_themes_top_records(const mct_themes *t, size_t c,
                                      size_t max, size_t *records);

/* Whether a seed term was found in the records. */
typedef enum mct_seed_term_status {
    MCT_SEED_TERM_STATUS_FOUND = 0,    /* its feature is among the features */
    MCT_SEED_TERM_STATUS_ABSENT = 1,   /* in fewer records than min_df */
    MCT_SEED_TERM_STATUS_EXCLUDED = 2  /* made only of left-out words (stop
                                   words, academic words, query terms) */
} mct_seed_term_status;

typedef struct mct_seed_term {
    const char *term;        /* as in the themes file */
    mct_seed_term_status status;
    size_t records;          /* records that contain it */
    size_t occurrences;      /* times it occurs in them */
} mct_seed_term;

/* Number of seed terms of theme c (0 when unguided). */
MCT_API size_t mct_themes_n_seed_terms(const mct_themes *t, size_t c);

/* Seed term j of theme c, in file order. The term of the phrase that
 * counts is the whole phrase, else its last pair, else its word.
 * MCT_EINVAL when c or j is out of range. */
MCT_API mct_status mct_themes_seed_term(const mct_themes *t, size_t c,
                                        size_t j, mct_seed_term *out);

/*
 * Agreement between the themes and another partition of the same records
 * (labels >= 0; negative labels and records without a theme are left
 * out): NMI and ARI as mct_partition_agreement. Either output may be
 * NULL. MCT_EEMPTY when no record has both labels.
 */
MCT_API mct_status mct_themes_agreement(const mct_themes *t,
                                        const int *other, double *nmi,
                                        double *ari);

/* The features: one unit-length row per record (zero for a record
 * without terms), one column per term. Valid until the next fit. */
MCT_API const mct_csr *mct_themes_features(const mct_themes *t);

/* Display label of feature column j, or NULL when out of range. */
MCT_API const char *mct_themes_term(const mct_themes *t, size_t j);

/* The seed vectors of a seeded fit, k x d (unit rows, in the seeds'
 * order, which is the themes' order), or NULL when unguided. */
MCT_API const double *mct_themes_seed_vectors(const mct_themes *t);

/* The seeded objective sum_c |S_c + lambda s_c|, or the unguided sum of
 * cosines; and lambda (0 unguided). */
MCT_API double mct_themes_objective(const mct_themes *t);
MCT_API double mct_themes_lambda(const mct_themes *t);

/*
 * Places more records into the fitted themes without changing them: each
 * takes the theme of largest cosine with its centre, in the fit's
 * features (terms the fit did not have are ignored). labels (m values,
 * -1 for no term, or equally close to every theme) and sims (m x k, may
 * be NULL) receive the result.
 * Errors: MCT_EINVAL before a fit or for NULL arguments, MCT_EUTF8,
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_themes_assign(mct_themes *t,
                                     const mct_records *r, int *labels,
                                     double *sims);

/*
 * Adds more records to the fitted themes without changing them: they are
 * placed as mct_themes_assign places them and join the records of the
 * fit (labels, similarities, features, sizes, representative records);
 * the themes' centres, names, top terms and seed matches stay as they
 * were. This is how an update of a review gives its new records the
 * earlier themes. Errors: MCT_EINVAL before a fit or for NULL arguments,
 * MCT_EUTF8, MCT_ENOMEM (the fit is then unchanged but for its labels
 * and similarities arrays, which may have grown).
 */
MCT_API mct_status mct_themes_extend(mct_themes *t, const mct_records *r);

/* Frees the finder. NULL is a no-op. */
MCT_API void mct_themes_free(mct_themes *t);

#ifdef __cplusplus
}
#endif
#endif /* MCT_THEMES_H */

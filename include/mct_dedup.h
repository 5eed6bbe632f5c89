/*
 * mct_dedup.h - duplicate records within and across sources.
 *
 * Records are taken in input order; each is compared with the records
 * kept so far, by these rules in this order:
 *
 *   1. the same DOI, normalised (case, "https://doi.org/", "doi:" and
 *      similar prefixes removed);
 *   2. the same normalised title (case, accents, punctuation and spaces
 *      removed, so "micro-credential", "Micro credential" and
 *      "microcredential" agree) and the same year;
 *   3. a fuzzy title match: Levenshtein similarity at least 0.95 of the
 *      longer normalised title (as bibliometrix's duplicatedMatching),
 *      years at most 1 apart, and the same first-author family name.
 *
 * Rules 2 and 3 never join two records whose DOIs are both present and
 * differ. The first record of a group is kept and takes the fields its
 * duplicates add where it has none (abstract, keywords, DOI, ...). Every
 * input record is either kept or listed as the duplicate of a kept one,
 * with the rule that matched: nothing is lost.
 */
#ifndef MCT_DEDUP_H
#define MCT_DEDUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_records.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mct_dup_rule {
    MCT_DUP_KEPT = 0,       /* not a duplicate */
    MCT_DUP_DOI = 1,
    MCT_DUP_TITLE_YEAR = 2,
    MCT_DUP_FUZZY = 3
} mct_dup_rule;

/* "kept", "doi", "title+year" or "fuzzy-title". */
MCT_API const char *mct_dup_rule_name(mct_dup_rule r);

typedef struct mct_dedup_opts {
    bool fuzzy;              /* rule 3 (default true) */
    double fuzzy_similarity; /* default 0.95 */
    int fuzzy_year_window;   /* default 1 */
} mct_dedup_opts;

MCT_API mct_dedup_opts mct_dedup_opts_default(void);

typedef struct mct_dedup mct_dedup;

/*
 * De-duplicates a record set. Time: O(n) hashing plus, for rule 3, the
 * comparisons within groups of the same first author and near years.
 */
MCT_API mct_status mct_dedup_run(const mct_dedup_opts *o,
                                 const mct_records *in, mct_dedup **out);

/* The kept records, merged, in input order; valid until freed. */
MCT_API const mct_records *mct_dedup_kept(const mct_dedup *d);

/* What became of input record i. */
typedef struct mct_dup_info {
    mct_dup_rule rule;  /* MCT_DUP_KEPT, or the rule that matched */
    size_t kept;        /* its place in mct_dedup_kept() */
    size_t kept_input;  /* the input index of that kept record */
    size_t matched;     /* the input index of the record it matched (for
                           a kept record, itself) */
    double similarity;  /* for MCT_DUP_FUZZY: the title similarity */
} mct_dup_info;

MCT_API mct_status mct_dedup_info(const mct_dedup *d, size_t i,
                                  mct_dup_info *out);

/* Number of input records that were duplicates. */
MCT_API size_t mct_dedup_n_duplicates(const mct_dedup *d);

/*
 * Normalises a DOI: lower case, surrounding space and the prefixes
 * "https://doi.org/", "http://dx.doi.org/", "doi.org/", "doi:" removed.
 * Writes at most cap bytes (NUL included); returns the length.
 */
MCT_API size_t mct_doi_normalize(const char *doi, char *out, size_t cap);

/* Frees the result. NULL is a no-op. */
MCT_API void mct_dedup_free(mct_dedup *d);

#ifdef __cplusplus
}
#endif
#endif /* MCT_DEDUP_H */

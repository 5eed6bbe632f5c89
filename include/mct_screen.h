/*
 * mct_screen.h - screening the records of a systematic review, with the
 * counts PRISMA 2020 asks for and the fate of every record.
 *
 * From every record identified (read from any number of exports, in one
 * mct_records set): duplicates are removed (mct_dedup.h, with a
 * reviewer's decisions), records outside the year range or not matching
 * the query are ineligible by automation, and the records a reviewer
 * excluded at screening (an exclusions file of "id<TAB>reason" lines) are
 * excluded; the rest are included.
 *
 *   identified = duplicates + kept
 *   kept       = ineligible + screened
 *   screened   = excluded + included
 *
 * Thread safety: a handle is not thread-safe; separate handles are.
 */
#ifndef MCT_SCREEN_H
#define MCT_SCREEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_dedup.h"
#include "mct_query.h"
#include "mct_records.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * Exclusions at screening
 * ==================================================================== */

/*
 * A reviewer's exclusions: one "REF<TAB>reason" per line, REF a record's
 * id or DOI (any of the duplicates it was merged from will do); blank
 * lines and lines starting with '#' are skipped. A UTF-8 BOM and CRLF are
 * accepted.
 */
typedef struct mct_exclusions mct_exclusions;

/*
 * Reads an exclusions file ("-": standard input). Errors: MCT_ENOTFOUND
 * for a missing file, MCT_EIO for another that cannot be read,
 * MCT_EPARSE for a line without a tab or without a reason, MCT_EUTF8
 * (diag names the line), MCT_ENOMEM.
 */
MCT_API mct_status mct_exclusions_read(const char *path, mct_exclusions **out,
                                       mct_diag *diag);

/* The same from a buffer, with the same errors (but those of reading). */
MCT_API mct_status mct_exclusions_parse(const char *data, size_t len,
                                        mct_exclusions **out, mct_diag *diag);

/* Number of exclusions. */
MCT_API size_t mct_exclusions_count(const mct_exclusions *x);

/* Frees the exclusions. NULL is a no-op. */
MCT_API void mct_exclusions_free(mct_exclusions *x);

/* ======================================================================
 * Screening
 * ==================================================================== */

/* What became of a record that was kept after de-duplication. */
typedef enum mct_fate {
    MCT_FATE_INCLUDED = 0,
    /* ineligible by automation: outside the years or not matching */
    MCT_FATE_INELIGIBLE = 1,
    /* excluded at screening by the reviewer */
    MCT_FATE_EXCLUDED = 2
} mct_fate;

typedef struct mct_screen_opts {
    /* Scopus or Web of Science syntax (mct_query.h), or NULL. */
    const char *query;
    /* Publication years kept, inclusive; 0: open (default 0, 0). */
    int year_from, year_to;
    /* Remove duplicates (default true), with these rules and decisions. */
    bool dedup;
    mct_dedup_opts dedup_opts;
    /* Excluded at screening (may be NULL). Borrowed for the fit. */
    const mct_exclusions *exclusions;
    /*
     * An update of an earlier review: the first n_prior records of the
     * input are that review's kept records, in its order, with their
     * fates (prior_fate) and reasons (prior_reason, NULL entries for the
     * included; the array may be NULL). They are recognised, not
     * screened again: they keep their fates and their fields (a new
     * duplicate of one is removed without changing it). Default 0.
     */
    size_t n_prior;
    const mct_fate *prior_fate;
    const char *const *prior_reason;
} mct_screen_opts;

/* The defaults given with each field above. */
MCT_API mct_screen_opts mct_screen_opts_default(void);


/* The PRISMA 2020 counts. */
typedef struct mct_prisma {
    size_t identified;
    size_t duplicates;             /* removed, by automation or reviewer */
    size_t duplicates_by_reviewer; /* of those, by a reviewer's decision */
    size_t ineligible;             /* by automation */
    size_t screened;
    size_t excluded;               /* at screening */
    size_t included;
    size_t possible_duplicates;    /* doubtful pairs put to the reviewer */
    size_t undecided;              /* of those, not yet decided */
    /* An update: of the kept records, those of the earlier review, and
     * of those the ineligible, excluded and included (0 otherwise). */
    size_t prior, prior_ineligible, prior_excluded, prior_included;
} mct_prisma;

typedef struct mct_screening mct_screening;

/* Creates a screening (o NULL: the defaults). Errors: MCT_EINVAL when
 * year_from > year_to or a year is negative, MCT_ENOMEM. */
MCT_API mct_status mct_screening_new(const mct_screen_opts *o,
                                     mct_screening **out);

/*
 * Screens every record identified. all must stay valid until the next
 * fit or the free. Errors: MCT_EPARSE for a malformed query (diag.column
 * is its position, diag.line 1), MCT_ENOTFOUND for an exclusion whose REF
 * is no record's id or DOI (diag.line is its line), MCT_EINVAL for NULL
 * arguments, MCT_ENOMEM. A new fit replaces the previous one.
 */
MCT_API mct_status mct_screening_fit(mct_screening *s,
                                     const mct_records *all,
                                     mct_diag *diag);

/* The counts. MCT_ESTATE before a fit. */
MCT_API mct_status mct_screening_prisma(const mct_screening *s,
                                        mct_prisma *out);

/* Records identified per source, in first-seen order of the source's
 * display name (mct_source_name): number of sources, then source i's
 * name (valid until the next fit) and count. In an update, the new
 * records only. MCT_EINVAL out of range. */
MCT_API size_t mct_screening_n_sources(const mct_screening *s);
MCT_API mct_status mct_screening_source(const mct_screening *s, size_t i,
                                        const char **name, size_t *n);

/* The records kept after de-duplication (merged), in input order; and
 * the included ones, in the same order. Valid until the next fit. */
MCT_API const mct_records *mct_screening_kept(const mct_screening *s);
MCT_API const mct_records *mct_screening_included(const mct_screening *s);

/* The de-duplication (NULL when dedup is off or before a fit). */
MCT_API const mct_dedup *mct_screening_dedup(const mct_screening *s);

/* The query (NULL when none). Valid until the screening is freed. */
MCT_API const mct_query *mct_screening_query(const mct_screening *s);

/* The fate of kept record k and why (a fixed sentence, or the reviewer's
 * reason; NULL for an included record). MCT_FATE_INCLUDED out of range. */
MCT_API mct_fate mct_screening_fate(const mct_screening *s, size_t k,
                                    const char **reason);

/* The exclusion reasons with their counts, in first-seen order (in an
 * update, the new records'); reason i is MCT_EINVAL out of range. */
MCT_API size_t mct_screening_n_reasons(const mct_screening *s);
MCT_API mct_status mct_screening_reason(const mct_screening *s, size_t i,
                                        const char **reason, size_t *n);

/* Frees the screening. NULL is a no-op. */
MCT_API void mct_screening_free(mct_screening *s);

/*
 * The display name of a record source: "Scopus", "Web of Science",
 * "OpenAlex", "PubMed", "Lens.org"; files of reference managers (RIS,
 * BibTeX, CSL-JSON, JSON Lines, lines) are "Other sources"; any other
 * source is its own name (the pointer given). Static otherwise.
 */
MCT_API const char *mct_source_name(const char *source);

#ifdef __cplusplus
}
#endif
#endif /* MCT_SCREEN_H */

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
 *
 * Doubtful pairs are put to the reviewer instead of being merged or
 * passed over in silence: two records with the same title and year but
 * different DOIs, and two with near-identical titles (rule 3's
 * similarity) and the same first author whose DOIs differ or whose years
 * are further apart than rule 3 allows. Both stay kept; each pair is
 * listed (mct_dedup_pair) with the reason. The reviewer's decisions
 * (merge or keep apart, usually read from a file with
 * mct_dedup_decisions_read) are applied on a later run: "merge" joins the
 * later record to the earlier one's group (rule MCT_DUP_RULE_REVIEWER, whatever
 * the rules say), "keep" stops the later record from joining the earlier
 * one's group by any rule. A merge decision wins over a keep decision.
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
    MCT_DUP_RULE_KEPT = 0,       /* not a duplicate */
    MCT_DUP_RULE_DOI = 1,
    MCT_DUP_RULE_TITLE_YEAR = 2,
    MCT_DUP_RULE_FUZZY = 3,
    MCT_DUP_RULE_REVIEWER = 4    /* merged by a reviewer's decision */
} mct_dup_rule;

/* "kept", "doi", "title+year", "fuzzy-title" or "reviewer". */
MCT_API const char *mct_dup_rule_name(mct_dup_rule r);

/* A reviewer's decision on two records. */
typedef enum mct_decision {
    MCT_DECISION_NONE = 0,  /* not decided (yet) */
    MCT_DECISION_MERGE = 1, /* the same work: merge them */
    MCT_DECISION_KEEP = 2   /* different works: keep both */
} mct_decision;

/* "undecided", "merge" or "keep". */
MCT_API const char *mct_decision_name(mct_decision d);

/* A decision on input records a and b (indices into the set). */
typedef struct mct_dup_decision {
    size_t a, b;
    mct_decision decision;
    size_t line;         /* where it was read (0: not from a file) */
} mct_dup_decision;

typedef struct mct_dedup_opts {
    bool fuzzy;              /* rule 3 (default true) */
    double fuzzy_similarity; /* default 0.95 */
    int fuzzy_year_window;   /* default 1 */
    /* The reviewer's decisions (default none). Borrowed for the run. */
    const mct_dup_decision *decisions;
    size_t n_decisions;
} mct_dedup_opts;

/* The defaults given with each field above. */
MCT_API mct_dedup_opts mct_dedup_opts_default(void);

typedef struct mct_dedup mct_dedup;

/*
 * De-duplicates a record set. Errors: MCT_EINVAL for NULL arguments or
 * options out of range, MCT_ENOMEM. Time: O(n) hashing plus, for rule 3,
 * the comparisons within groups of the same first author.
 */
MCT_API mct_status mct_dedup_run(const mct_dedup_opts *o,
                                 const mct_records *in, mct_dedup **out);

/* The kept records, merged, in input order; valid until freed. */
MCT_API const mct_records *mct_dedup_kept(const mct_dedup *d);

/* What became of input record i. */
typedef struct mct_dup_info {
    mct_dup_rule rule;  /* MCT_DUP_RULE_KEPT, or the rule that matched */
    size_t kept;        /* its place in mct_dedup_kept() */
    size_t kept_input;  /* the input index of that kept record */
    size_t matched;     /* the input index of the record it matched (for
                           a kept record, itself) */
    double similarity;  /* for MCT_DUP_RULE_FUZZY: the title similarity */
} mct_dup_info;

/* What became of input record i. MCT_EINVAL when i is out of range. */
MCT_API mct_status mct_dedup_info(const mct_dedup *d, size_t i,
                                  mct_dup_info *out);

/* Number of input records that were duplicates. */
MCT_API size_t mct_dedup_n_duplicates(const mct_dedup *d);

/* Of those, the number merged by a reviewer's decision (the rest were
 * found by the rules: removed by automation, in PRISMA's terms). */
MCT_API size_t mct_dedup_n_by_reviewer(const mct_dedup *d);

/* Why two records were put to the reviewer. */
typedef enum mct_doubt {
    /* Same title and year, different DOIs. */
    MCT_DOUBT_DOI = 1,
    /* Near-identical titles, same first author, different DOIs. */
    MCT_DOUBT_FUZZY_DOI = 2,
    /* Near-identical titles, same first author, years further apart
     * than fuzzy_year_window (or one year unknown). */
    MCT_DOUBT_FUZZY_YEAR = 3,
    /* Not found doubtful by the rules, but decided by the reviewer. */
    MCT_DOUBT_REVIEWER = 4
} mct_doubt;

/* A short English phrase: "same title and year, different DOIs", ... */
MCT_API const char *mct_doubt_name(mct_doubt d);

/* A pair of possible duplicates. */
typedef struct mct_dup_pair {
    size_t a, b;           /* input indices, a < b; a is the kept record
                              of the group b was compared with */
    mct_doubt reason;
    double similarity;     /* of the normalised titles (1: equal) */
    mct_decision decision; /* the reviewer's, or MCT_DECISION_NONE */
} mct_dup_pair;

/* Number of pairs: every doubtful pair, decided or not, and every other
 * pair a decision named. Listed in the order of their later record. */
MCT_API size_t mct_dedup_n_pairs(const mct_dedup *d);

/* Pair i; MCT_EINVAL when out of range. */
MCT_API mct_status mct_dedup_pair(const mct_dedup *d, size_t i,
                                  mct_dup_pair *out);

/*
 * A reference to input record i that mct_dedup_decisions_read resolves
 * to it again: its id where no other record has that id, else its DOI
 * where no other record has it, else "FILE:LINE". Writes at most cap
 * bytes (NUL included) and returns the length (as snprintf).
 */
MCT_API size_t mct_dedup_record_ref(const mct_records *in, size_t i,
                                    char *out, size_t cap);

/*
 * Reads a reviewer's decisions about records of `in`: one per line,
 *
 *     REF_A <TAB> REF_B <TAB> merge|keep [<TAB> anything]
 *
 * where a REF is a record's id (EID, UT, PMID, ...), its DOI, or
 * "FILE:LINE" as given in the outputs (mct_dedup_record_ref). Blank lines
 * and lines starting with '#' are skipped, as is a header line whose
 * third field is "decision", and a line whose decision is empty,
 * "undecided" or "?": possible-duplicates.tsv, with its decision column
 * filled in, is a valid decisions file. An unknown or ambiguous
 * reference, a bad decision word, a line without three fields, both
 * references naming one record, or one pair decided both ways is
 * MCT_EPARSE with diag naming the line. The decisions (a < b) go to
 * *out, freed with mct_free; *n gets their number.
 */
MCT_API mct_status mct_dedup_decisions_read(const mct_records *in,
                                            const char *path,
                                            mct_dup_decision **out,
                                            size_t *n, mct_diag *diag);

/* The same from a buffer, with the same errors. */
MCT_API mct_status mct_dedup_decisions_parse(const mct_records *in,
                                             const char *data, size_t len,
                                             mct_dup_decision **out,
                                             size_t *n, mct_diag *diag);

/*
 * Normalises a DOI: lower case, surrounding space and the prefixes
 * "https://doi.org/", "http://dx.doi.org/", "doi.org/", "doi:" removed.
 * Writes at most cap bytes (NUL included); returns the length.
 */
MCT_API size_t mct_doi_normalize(const char *doi, char *out, size_t cap);

/* Frees the result. NULL is a no-op. */
MCT_API void mct_dedup_free(mct_dedup *d);

/* Earlier names, kept for programs written against 0.1.0 (deprecated):
 * enum constants now carry their type's name. */
#define MCT_DUP_KEPT MCT_DUP_RULE_KEPT
#define MCT_DUP_DOI MCT_DUP_RULE_DOI
#define MCT_DUP_TITLE_YEAR MCT_DUP_RULE_TITLE_YEAR
#define MCT_DUP_FUZZY MCT_DUP_RULE_FUZZY
#define MCT_DUP_REVIEWER MCT_DUP_RULE_REVIEWER
#define MCT_DECIDE_NONE MCT_DECISION_NONE
#define MCT_DECIDE_MERGE MCT_DECISION_MERGE
#define MCT_DECIDE_KEEP MCT_DECISION_KEEP

#ifdef __cplusplus
}
#endif
#endif /* MCT_DEDUP_H */

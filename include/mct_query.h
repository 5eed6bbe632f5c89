/*
 * mct_query.h - literature-database queries on records, in Scopus's and
 * Web of Science's own syntax (the subset that screening needs).
 *
 *   Scopus:  TITLE(...), ABS(...), KEY(...), AUTHKEY(...), TITLE-ABS(...),
 *            TITLE-ABS-KEY(...)
 *   WoS:     TI=..., AB=..., AK=..., KP=..., TS=... (a term or (...))
 *
 * Inside and between fields: AND, OR, NOT (also AND NOT), parentheses,
 * "quoted phrases", and the wildcards * (any characters, none included)
 * and ? (one character). A word without wildcards also finds its plural
 * or singular in -s and -es, as both databases do by default. Words inside one field group are ANDed. Matching
 * ignores case, accents and punctuation: a hyphenated query term such as
 * micro-creden* is the phrase of the words "micro" and "creden*", as the
 * databases treat hyphens. Operator precedence: NOT binds tightest, then
 * AND, then OR (as Web of Science; Scopus users bracket anyway).
 *
 * TS (topic) covers title, abstract, author keywords and Keywords Plus;
 * KEY covers author and indexed keywords.
 */
#ifndef MCT_QUERY_H
#define MCT_QUERY_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_records.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mct_query mct_query;

/*
 * Parses a query. A malformed one gives MCT_EPARSE with diag->column the
 * 1-based character position of the problem and diag->msg saying what
 * was expected there. So that no text can exhaust the stack, brackets,
 * fields and NOTs nest at most 100 deep and at most 1000 operators follow
 * one another in a chain (a AND b AND ...); deeper queries are MCT_EPARSE.
 * MCT_EUTF8 for text that is not UTF-8, MCT_EINVAL for NULL arguments,
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_query_parse(const char *text, mct_query **out,
                                   mct_diag *diag);

/* Whether a record matches. The query is only read: thread-safe. */
MCT_API bool mct_query_match(const mct_query *q, const mct_record *r);

/*
 * The search terms a matching record contains: every term of the query
 * that is not under a NOT, as written (case kept, quotes removed, so a
 * quoted phrase comes back as its words separated by spaces and
 * "micro-creden*" as it stands), each once, in the order of the query.
 * Themes and concept maps leave these terms out, since every record was
 * retrieved for them. The number goes to *n (may be NULL). Valid until
 * the query is freed; NULL for a NULL query.
 */
MCT_API const char *const *mct_query_terms(const mct_query *q, size_t *n);

/* Frees the query. NULL is a no-op. */
MCT_API void mct_query_free(mct_query *q);

#ifdef __cplusplus
}
#endif
#endif /* MCT_QUERY_H */

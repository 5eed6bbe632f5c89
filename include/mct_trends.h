/*
 * mct_trends.h - publications per year, and their annual growth rate as
 * bibliometrix computes it: ((last / first)^(1 / (last year - first
 * year)) - 1) x 100, over the first and last years of the table.
 */
#ifndef MCT_TRENDS_H
#define MCT_TRENDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_records.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mct_trends mct_trends;

/*
 * Counts the records per year, every year from year_from to year_to
 * included (zeros too); 0 for either end takes it from the records.
 * Records without a year are counted apart. Errors: MCT_EINVAL for NULL
 * arguments or year_from > year_to, MCT_ENOMEM. Time O(n + years).
 */
MCT_API mct_status mct_trends_count(const mct_records *r, int year_from,
                                    int year_to, mct_trends **out);

/* The table: counts[y - *first] for the years *first..*last, or NULL
 * (and 0, 0) when no record has a year in range. Valid until freed. */
MCT_API const size_t *mct_trends_counts(const mct_trends *t, int *first,
                                        int *last);

/* Records without a year. */
MCT_API size_t mct_trends_without_year(const mct_trends *t);

/* Annual growth rate in %, NaN when undefined (one year, or none in
 * the first year). */
MCT_API double mct_trends_growth(const mct_trends *t);

/* Frees the table. NULL is a no-op. */
MCT_API void mct_trends_free(mct_trends *t);

#ifdef __cplusplus
}
#endif
#endif /* MCT_TRENDS_H */

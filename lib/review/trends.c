/*
 * trends.c - publications per year (mct_trends.h).
 */
#include <math.h>

#include "internal.h"
#include "mct_trends.h"

struct mct_trends {
    int first, last;
    size_t *count;
    size_t no_year;
    double growth;
};

void mct_trends_free(mct_trends *t)
{
    if (!t)
        return;
    mct__free(t->count);
    mct__free(t);
}

/* The records' first and last years, and how many have none. */
static void span(const mct_records *r, int *lo, int *hi, size_t *none)
{
    *lo = *hi = 0;
    *none = 0;
    for (size_t k = 0; k < mct_records_count(r); k++) {
        int y = mct_records_get(r, k)->year;
        if (!y) {
            (*none)++;
            continue;
        }
        if (!*lo || y < *lo)
            *lo = y;
        if (y > *hi)
            *hi = y;
    }
}

mct_status mct_trends_count(const mct_records *r, int year_from, int year_to,
                            mct_trends **out)
{
    mct_trends *t;
    int lo, hi;
    if (!r || !out || (year_from && year_to && year_from > year_to))
        return MCT_EINVAL;
    *out = NULL;
    if (!(t = mct__calloc(1, sizeof *t)))
        return MCT_ENOMEM;
    span(r, &lo, &hi, &t->no_year);
    t->first = year_from ? year_from : lo;
    t->last = year_to ? year_to : hi;
    t->growth = NAN;
    if (!t->first || !t->last || t->last < t->first) {
        t->first = t->last = 0;
        *out = t;
        return MCT_OK;
    }
    if (!(t->count = mct__calloc((size_t)(t->last - t->first + 1),
                                 sizeof *t->count))) {
        mct__free(t);
        return MCT_ENOMEM;
    }
    for (size_t k = 0; k < mct_records_count(r); k++) {
        int y = mct_records_get(r, k)->year;
        if (y && y >= t->first && y <= t->last)
            t->count[y - t->first]++;
    }
    /* bibliometrix: CAGR from the first to the last year of the table. */
    if (t->last > t->first && t->count[0] > 0)
        t->growth = (pow((double)t->count[t->last - t->first] /
                             (double)t->count[0],
                         1.0 / (t->last - t->first)) -
                     1) *
                    100;
    *out = t;
    return MCT_OK;
}

const size_t *mct_trends_counts(const mct_trends *t, int *first, int *last)
{
    if (first)
        *first = t ? t->first : 0;
    if (last)
        *last = t ? t->last : 0;
    return t ? t->count : NULL;
}

size_t mct_trends_without_year(const mct_trends *t)
{
    return t ? t->no_year : 0;
}

double mct_trends_growth(const mct_trends *t)
{
    return t ? t->growth : (double)NAN;
}

/*
 * records.h - internal interface between the record set and the format
 * readers. Not installed.
 */
#ifndef MCT_RECORDS_INTERNAL_H
#define MCT_RECORDS_INTERNAL_H

#include "internal.h"
#include "mct_records.h"

/*
 * A reader parses data (the whole file, BOM included) and appends records
 * with mct_records_add; it fills diag with the line of a problem. The set
 * is rolled back by the caller on failure.
 */
typedef mct_status (*mct__reader)(mct_records *r, const char *data,
                                  size_t len, const char *file,
                                  mct_diag *diag);

mct_status mct__read_jsonl(mct_records *r, const char *data, size_t len,
                           const char *file, mct_diag *diag);
mct_status mct__read_lines(mct_records *r, const char *data, size_t len,
                           const char *file, mct_diag *diag);
mct_status mct__read_scopus(mct_records *r, const char *data, size_t len,
                            const char *file, mct_diag *diag);
mct_status mct__read_wos_text(mct_records *r, const char *data, size_t len,
                              const char *file, mct_diag *diag);
mct_status mct__read_wos_tab(mct_records *r, const char *data, size_t len,
                             const char *file, mct_diag *diag);
mct_status mct__read_ris(mct_records *r, const char *data, size_t len,
                         const char *file, mct_diag *diag);

/*
 * The lines of a tagged export (RIS, Web of Science), one at a time: a
 * UTF-8 byte-order mark skipped, LF or CRLF ends, every line checked for
 * NUL bytes and UTF-8 before a reader sees it.
 */
typedef struct mct__lines {
    const char *data, *what; /* what: "a RIS file", for messages */
    size_t len, pos, line;   /* line: 1-based number of the last one */
    bool trim;               /* drop trailing spaces and tabs */
} mct__lines;

void mct__lines_init(mct__lines *l, const char *data, size_t len,
                     const char *what, bool trim);
/* The next line, without its end, in *s and *n: true; false at the end
 * of the data, or with *rc and diag set when the line is bad. */
bool mct__lines_next(mct__lines *l, const char **s, size_t *n,
                     mct_status *rc, mct_diag *diag);

/* The file name interned in the set (so records can point at it). */
const char *mct__records_file(mct_records *r, const char *file);

/*
 * Builder for one record: strings are collected in owned buffers, lists
 * in growing arrays; mct__rb_commit copies it into the set.
 */
typedef struct mct__list {
    char **items;
    size_t n, cap;
} mct__list;

mct_status mct__list_add(mct__list *l, const char *s, size_t n);
/* Adds each part of s split at sep, trimmed, empty parts skipped. */
mct_status mct__list_split(mct__list *l, const char *s, size_t n, char sep);
void mct__list_clear(mct__list *l);
void mct__list_free(mct__list *l);

#endif

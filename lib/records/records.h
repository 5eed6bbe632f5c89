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

/* JSON Lines of the records (as mct_records_write_jsonl), each object
 * given more fields by extra (may be NULL): record i's object o. */
struct cJSON;
typedef bool (*mct__json_extra)(void *user, size_t i, struct cJSON *o);
mct_status mct__records_write_jsonl_with(const mct_records *r,
                                         const char *path,
                                         mct__json_extra extra, void *user,
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
mct_status mct__read_openalex_json(mct_records *r, const char *data,
                                   size_t len, const char *file,
                                   mct_diag *diag);
mct_status mct__read_openalex_csv(mct_records *r, const char *data,
                                  size_t len, const char *file,
                                  mct_diag *diag);
mct_status mct__read_lens(mct_records *r, const char *data, size_t len,
                          const char *file, mct_diag *diag);
mct_status mct__read_pubmed(mct_records *r, const char *data, size_t len,
                            const char *file, mct_diag *diag);
mct_status mct__read_bibtex(mct_records *r, const char *data, size_t len,
                            const char *file, mct_diag *diag);
mct_status mct__read_csl(mct_records *r, const char *data, size_t len,
                         const char *file, mct_diag *diag);

/*
 * Format detection (detect.c). Returns the format, or MCT_FORMAT_AUTO
 * when the data is none of those read; then what (cap bytes) says in a
 * few words what the data looks like ("a CSV file with 12 columns: ...").
 */
mct_format mct__detect(const char *data, size_t len, char *what, size_t cap);

/* The 1-based line of byte offset off (counting the LFs before it). */
size_t mct__line_of(const char *data, size_t off);

/* Checks a whole file for NUL bytes and invalid UTF-8 before a reader
 * parses it; diag names the line. what: "a BibTeX file", for messages. */
mct_status mct__check_text(const char *data, size_t len, const char *what,
                           mct_diag *diag);

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
/* As mct__lines_init, numbering lines from the set's line base (and
 * skipping a byte-order mark only at line base 0). */
void mct__lines_init_at(mct__lines *l, const mct_records *r,
                        const char *data, size_t len, const char *what,
                        bool trim);
/* The next line, without its end, in *s and *n: true; false at the end
 * of the data, or with *rc and diag set when the line is bad. */
bool mct__lines_next(mct__lines *l, const char **s, size_t *n,
                     mct_status *rc, mct_diag *diag);

/* The reader of a format, or NULL (MCT_FORMAT_AUTO). */
mct__reader mct__reader_for(mct_format f);

/*
 * After a reader ran on the records from `before` on: MCT_EEMPTY when it
 * added none, the set rolled back on failure (diag given a message when
 * it has none), *n_read (may be NULL) set on success. Returns the status.
 */
mct_status mct__records_finish(mct_records *r, size_t before, mct_status rc,
                               size_t *n_read, mct_diag *diag);

/*
 * Reading in blocks (records_read.c): the lines before the block a reader
 * is given, so that it numbers lines as in the whole file (0: a whole
 * file, or the first block). Readers that can be given blocks start
 * their line count there (mct__lines_init_at does). The predicates say
 * whether a line (its CR and trailing blanks dropped) ends a record,
 * after which the reader is in the state it starts in.
 */
void mct__records_set_line_base(mct_records *r, size_t line);
size_t mct__records_line_base(const mct_records *r);
bool mct__wos_ends_record(const char *s, size_t n);
bool mct__ris_ends_record(const char *s, size_t n);

/* The file name interned in the set (so records can point at it). */
const char *mct__records_file(mct_records *r, const char *file);

/*
 * A string pool (strpool.c): each distinct string stored once, at an
 * address that never moves, until the last reference goes. A pool made
 * with a base takes the strings the base (or its base, ...) holds from
 * there and keeps the base alive. Interning reads the base pools without
 * locks: a base must not be written while a pool made from it interns
 * (the set it belongs to is const then). Reference counts are atomic, so
 * sets sharing pools may be freed from any thread.
 */
typedef struct mct__spool mct__spool;
mct__spool *mct__spool_new(mct__spool *base);   /* NULL: out of memory */
mct__spool *mct__spool_ref(mct__spool *p);
void mct__spool_unref(mct__spool *p);           /* NULL ok */
/* s[0..n) stored once (NUL-terminated); NULL when out of memory. */
const char *mct__spool_intern(mct__spool *p, const char *s, size_t n);
/* A list of n strings already interned in p (or its bases), with a NULL
 * after them, stored once; NULL when out of memory. */
const char *const *mct__spool_intern_list(mct__spool *p,
                                          const char *const *l, size_t n);
/* s[0..n) stored without looking for it (strings nearly always unique,
 * such as identifiers); NULL when out of memory. */
const char *mct__spool_copy(mct__spool *p, const char *s, size_t n);

/*
 * An empty set whose strings come from base's pool where base has them
 * (the kept or included records of a screening, which copy records of
 * base). base must not be modified while records are added to the new
 * set; afterwards the sets are independent (either may be freed first).
 * MCT_ENOMEM.
 */
mct_status mct__records_new_derived(const mct_records *base,
                                    mct_records **out);

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
/* Adds s unless the list already holds it. */
mct_status mct__list_add_unique(mct__list *l, const char *s, size_t n);

/* ---- CSV exports read by column name (csvtab.c) --------------------- */

/* libcsv's error err on a line, in words a user can act on: a parse
 * error names the line the record began on (rec_line, 0 if unknown). */
void mct__csv_diag(mct_diag *diag, int err, size_t line, size_t rec_line);

/*
 * A CSV export (RFC 4180, libcsv) whose columns are found by their header
 * names, so that columns added, removed or reordered by the service do
 * not matter. fields[f] lists the names field f may have, separated by
 * '|', in order of preference ("title|display_name"); names compare
 * without case or surrounding spaces. The header must have the column of
 * field `required`. row() gets each record's values by field (trimmed,
 * "" where the column is absent) and the line the record starts on.
 */
typedef mct_status (*mct__csv_row)(void *user, const char *const *v,
                                   size_t line, mct_diag *diag);
mct_status mct__read_csv_table(const char *data, size_t len,
                               const char *what, const char *const *fields,
                               size_t n_fields, size_t required,
                               mct__csv_row row, void *user, mct_diag *diag);
/* Splits s at the string sep (trimmed, empty parts skipped). */
mct_status mct__list_split_str(mct__list *l, const char *s, const char *sep);

/* ---- TeX to UTF-8 (latex.c) ----------------------------------------- */

/*
 * The text of a BibTeX value as plain UTF-8: accents (\'e, {\"o},
 * \c{c}, \v{s}, ...) composed, special letters (\aa, \o, \ss, \l ...)
 * and escaped characters (\&, \%, \_ ...) written out, braces, math
 * dollars and font commands dropped, "--", "---", ``...'' as dashes and
 * quotes (not when verbatim, for DOIs), white space collapsed. Replaces
 * out's contents; always succeeds on valid UTF-8 except for memory.
 */
mct_status mct__tex_to_utf8(const char *s, size_t n, bool verbatim,
                            mct__buf *out);

/* ---- JSON structure (jsonscan.c) ------------------------------------- */

/*
 * A scanner that finds where JSON values begin and end without building
 * them, so that a reader can hand one record at a time to cJSON and name
 * the line it starts on. Iterative: nesting deeper than MCT__JSON_DEPTH
 * is an error, never a deep recursion.
 */
#define MCT__JSON_DEPTH 256 /* its messages say 256 */
typedef struct mct__jscan {
    const char *d;
    size_t len, pos;
    size_t err_pos;  /* where the problem is, when a call fails */
    const char *err; /* what it is (static text) */
} mct__jscan;

/* Skips spaces, tabs, CR and LF. */
void mct__js_ws(mct__jscan *s);
/* Skips one value (after any spaces); false with err set when malformed. */
bool mct__js_skip(mct__jscan *s);
/* Reads the string at pos (its quotes included) as raw bytes (escapes
 * left as they are) into *k, *n; false when there is none. */
bool mct__js_string(mct__jscan *s, const char **k, size_t *n);
/* True when s[0..n) holds the escape \u0000, which cJSON would turn
 * into a NUL that cuts the string short. */
bool mct__js_nul_escape(const char *s, size_t n);
/*
 * Calls item() for every record of a JSON document: the objects of an
 * outer array, objects one after another (JSON Lines or concatenated),
 * and, where list_key is not NULL, the elements of an object's list_key
 * array (an OpenAlex page's "results"). Each record is parsed by cJSON
 * alone and given the line it starts on. what: "an OpenAlex JSON file".
 */
struct cJSON;
typedef mct_status (*mct__json_item)(void *user, const struct cJSON *o,
                                     size_t line, mct_diag *diag);
mct_status mct__json_items(const char *data, size_t len, const char *what,
                           const char *list_key, mct__json_item item,
                           void *user, mct_diag *diag);
/* Fills diag from a failed scan: line of err_pos and err. */
void mct__js_diag(const mct__jscan *s, mct_diag *diag);

#endif

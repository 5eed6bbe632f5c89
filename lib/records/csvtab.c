/*
 * csvtab.c - CSV exports whose columns are found by their header names
 * (Lens.org, OpenAlex's web interface), parsed with libcsv.
 *
 * Both services change their column sets over time, so nothing depends
 * on a column's position: each field the reader wants names the columns
 * it may come from, and every other column is ignored.
 */
#include <csv.h>
#include <stdlib.h>
#include <strings.h>

#include "records.h"

typedef struct tab {
    const char *what;
    const char *const *fields;
    size_t n_fields, required;
    mct__csv_row row;
    void *user;
    mct_diag *diag;
    mct_status rc;
    size_t line, rec_line, nf, ncols;
    bool header_done;
    mct__list header;  /* the header's names */
    int *col_of;       /* per field: column, or -1 */
    int *field_of;     /* per column: field, or -1 (grown with the header) */
    size_t field_cap;
    mct__buf *vals;    /* per field */
    const char **v;    /* per field: trimmed value */
} tab;

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
                  (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
        (*n)--;
}

static void on_field(void *s, size_t len, void *user)
{
    tab *t = user;
    const char *f = s ? s : "";
    if (t->rc)
        return;
    if (t->nf == 0)
        t->rec_line = t->line;
    if (!t->header_done) {
        if (t->nf == 0 && len >= 3 && !memcmp(f, "\xEF\xBB\xBF", 3)) {
            f += 3;
            len -= 3;
        }
        trim(&f, &len);
        if (mct__list_add(&t->header, f, len))
            t->rc = MCT_ENOMEM;
    } else if (t->nf < t->ncols && t->field_of[t->nf] >= 0) {
        mct__buf *b = &t->vals[t->field_of[t->nf]];
        b->len = 0;
        if (mct__buf_add(b, f, len))
            t->rc = MCT_ENOMEM;
    }
    t->nf++;
}

/* Column of the first of the '|'-separated names the header has. */
static int find_column(const tab *t, const char *names)
{
    while (*names) {
        size_t n = strcspn(names, "|");
        for (size_t c = 0; c < t->header.n; c++)
            if (strlen(t->header.items[c]) == n &&
                !strncasecmp(t->header.items[c], names, n))
                return (int)c;
        names += n + (names[n] == '|');
    }
    return -1;
}

static void end_header(tab *t)
{
    t->ncols = t->nf;
    t->header_done = true;
    if (!(t->field_of = mct__alloc_array(t->ncols + 1, sizeof *t->field_of))) {
        t->rc = MCT_ENOMEM;
        return;
    }
    for (size_t c = 0; c <= t->ncols; c++)
        t->field_of[c] = -1;
    for (size_t f = 0; f < t->n_fields; f++) {
        t->col_of[f] = find_column(t, t->fields[f]);
        if (t->col_of[f] >= 0 && t->field_of[t->col_of[f]] < 0)
            t->field_of[t->col_of[f]] = (int)f;
    }
    if (t->col_of[t->required] < 0) {
        mct__diag(t->diag, t->rec_line, 0,
                  "not %s: no \"%.*s\" column in the header", t->what,
                  (int)strcspn(t->fields[t->required], "|"),
                  t->fields[t->required]);
        t->rc = MCT_EPARSE;
    }
}

static void on_record(int term, void *user)
{
    tab *t = user;
    (void)term;
    if (t->rc)
        return;
    if (!t->header_done) {
        end_header(t);
    } else if (t->nf != t->ncols) {
        mct__diag(t->diag, t->rec_line, 0,
                  "record has %zu fields, the header %zu (a stray quote or "
                  "a truncated line?)",
                  t->nf, t->ncols);
        t->rc = MCT_EPARSE;
    } else {
        for (size_t f = 0; f < t->n_fields; f++) {
            mct__buf *b = &t->vals[f];
            const char *s = b->p ? b->p : "";
            size_t n = b->len;
            if (t->col_of[f] < 0 || !b->p) {
                t->v[f] = "";
                continue;
            }
            trim(&s, &n);
            b->p[(size_t)(s - b->p) + n] = '\0';
            t->v[f] = s;
        }
        t->rc = t->row(t->user, t->v, t->rec_line, t->diag);
    }
    for (size_t f = 0; t->vals && f < t->n_fields; f++)
        t->vals[f].len = 0;
    t->nf = 0;
}

void mct__csv_diag(mct_diag *diag, int err, size_t line, size_t rec_line)
{
    /* libcsv's strict mode stops at text after a closing quote, which is
     * where a quote inside a field that was not doubled, or a quote that
     * was never closed, first shows. */
    if (err == CSV_EPARSE)
        mct__diag(diag, line, 0,
                  "CSV: text after a closing quote in the record from line "
                  "%zu (a quote inside a field must be doubled; or one was "
                  "never closed)",
                  rec_line ? rec_line : line);
    else
        mct__diag(diag, line, 0, "CSV: %s", csv_strerror(err));
}

static mct_status feed(tab *t, struct csv_parser *p, const char *data,
                       size_t len)
{
    size_t pos = 0;
    /* One physical line at a time, so that records know their line. */
    while (pos < len && !t->rc) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
        t->line++;
        if (csv_parse(p, data + pos, n, on_field, on_record, t) != n) {
            int e = csv_error(p);
            mct__csv_diag(t->diag, e, t->line, t->rec_line);
            t->rc = e == CSV_ENOMEM ? MCT_ENOMEM : MCT_EPARSE;
        }
        pos += n;
    }
    if (!t->rc && csv_fini(p, on_field, on_record, t) != 0 && !t->rc) {
        mct__diag(t->diag, t->rec_line ? t->rec_line : t->line, 0,
                  "the file ends inside a quoted field (truncated?)");
        t->rc = MCT_EPARSE;
    }
    return t->rc;
}

mct_status mct__read_csv_table(const char *data, size_t len,
                               const char *what, const char *const *fields,
                               size_t n_fields, size_t required,
                               mct__csv_row row, void *user, mct_diag *diag)
{
    struct csv_parser p;
    tab t;
    mct_status rc;
    memset(&t, 0, sizeof t);
    t.what = what;
    t.fields = fields;
    t.n_fields = n_fields;
    t.required = required;
    t.row = row;
    t.user = user;
    t.diag = diag;
    if ((rc = mct__check_text(data, len, what, diag)))
        return rc;
    if (!(t.vals = mct__calloc(n_fields, sizeof *t.vals)) ||
        !(t.v = mct__calloc(n_fields, sizeof *t.v)) ||
        !(t.col_of = mct__calloc(n_fields, sizeof *t.col_of)))
        rc = MCT_ENOMEM;
    else if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
        rc = MCT_ENOMEM;
    else {
        csv_set_realloc_func(&p, mct__realloc);
        csv_set_free_func(&p, mct__free);
        rc = feed(&t, &p, data, len);
        csv_free(&p);
    }
    for (size_t f = 0; t.vals && f < n_fields; f++)
        mct__buf_free(&t.vals[f]);
    mct__free(t.vals);
    mct__free(t.v);
    mct__free(t.col_of);
    mct__free(t.field_of);
    mct__list_free(&t.header);
    return rc;
}

mct_status mct__list_split_str(mct__list *l, const char *s, const char *sep)
{
    size_t k = strlen(sep);
    while (*s) {
        const char *e = k ? strstr(s, sep) : NULL;
        const char *a = s;
        size_t n = e ? (size_t)(e - s) : strlen(s);
        mct_status rc;
        trim(&a, &n);
        if (n && (rc = mct__list_add(l, a, n)))
            return rc;
        if (!e)
            break;
        s = e + k;
    }
    return MCT_OK;
}

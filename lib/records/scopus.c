/*
 * scopus.c - Scopus CSV exports, parsed with libcsv (RFC 4180: quoted
 * fields with commas, quotes and line breaks inside).
 *
 * Columns are found by their header names, never by position: Scopus has
 * changed the column set several times (54 columns with "Funding Text
 * 1..10" in 2022, 46 with "Funding Texts" since 2024) and the author list
 * from "Aguiar L., Gagnepain P." to "Rodammer F.; Speier-Pero C.".
 */
#include <csv.h>
#include <stdlib.h>

#include "records.h"

enum col {
    C_AUTHORS, C_FULLNAMES, C_TITLE, C_YEAR, C_SOURCE, C_DOI, C_ABSTRACT,
    C_AKW, C_IKW, C_DOCTYPE, C_LANG, C_CITED, C_EID, N_COLS
};

static const char *const col_names[N_COLS] = {
    "Authors", "Author full names", "Title", "Year", "Source title", "DOI",
    "Abstract", "Author Keywords", "Index Keywords", "Document Type",
    "Language of Original Document", "Cited by", "EID"};

typedef struct ctx {
    mct_records *r;
    const char *file;
    mct_diag *diag;
    mct_status rc;
    size_t line;          /* physical line being fed */
    size_t rec_line;      /* line the current record started on */
    size_t nf;            /* fields of the current record so far */
    size_t ncols;         /* header width */
    bool header_done;
    int map[N_COLS];      /* column index of each wanted field, or -1 */
    mct__buf *vals;       /* current record's wanted values, by enum col */
    int *want;            /* per column index: enum col, or -1 */
    size_t want_cap;
} ctx;

static bool same_name(const char *a, size_t n, const char *b)
{
    /* Header names are compared without case and surrounding spaces. */
    while (n && (*a == ' ' || *a == '\t')) {
        a++;
        n--;
    }
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    if (n != strlen(b))
        return false;
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

static void on_field(void *s, size_t len, void *user)
{
    ctx *c = user;
    const char *f = s ? s : "";
    if (c->rc)
        return;
    if (c->nf == 0)
        c->rec_line = c->line;
    if (!c->header_done) {
        /* The first field of the file may carry the UTF-8 BOM. */
        if (c->nf == 0 && len >= 3 && !memcmp(f, "\xEF\xBB\xBF", 3)) {
            f += 3;
            len -= 3;
        }
        if (mct__grow((void **)&c->want, &c->want_cap, c->nf + 1,
                      sizeof *c->want)) {
            c->rc = MCT_ENOMEM;
            return;
        }
        c->want[c->nf] = -1;
        for (int k = 0; k < N_COLS; k++)
            if (c->map[k] < 0 && same_name(f, len, col_names[k])) {
                c->map[k] = (int)c->nf;
                c->want[c->nf] = k;
            }
    } else if (c->nf < c->ncols && c->want[c->nf] >= 0) {
        mct__buf *b = &c->vals[c->want[c->nf]];
        b->len = 0;
        if (mct__buf_add(b, f, len)) {
            c->rc = MCT_ENOMEM;
            return;
        }
    }
    c->nf++;
}

/* Trimmed copy of a value in the builder's buffer (NUL-terminated). */
static const char *val(ctx *c, int k)
{
    mct__buf *b = &c->vals[k];
    size_t s = 0;
    if (c->map[k] < 0 || !b->p)
        return "";
    while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\t' ||
                      b->p[b->len - 1] == '\r' || b->p[b->len - 1] == '\n'))
        b->len--;
    b->p[b->len] = '\0';
    while (b->p[s] == ' ' || b->p[s] == '\t')
        s++;
    return b->p + s;
}

static mct_status emit(ctx *c)
{
    mct_record rec;
    mct__list au = {0}, kw = {0}, ikw = {0};
    const char *a, *year, *cited, *abs;
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    rec.source = "scopus";
    rec.file = c->file;
    rec.line = c->rec_line;
    rec.id = val(c, C_EID);
    rec.title = val(c, C_TITLE);
    rec.venue = val(c, C_SOURCE);
    rec.doi = val(c, C_DOI);
    abs = val(c, C_ABSTRACT);
    rec.abstract = strcmp(abs, "[No abstract available]") ? abs : "";
    rec.doc_type = val(c, C_DOCTYPE);
    rec.language = val(c, C_LANG);
    year = val(c, C_YEAR);
    cited = val(c, C_CITED);
    rec.year = *year ? atoi(year) : 0;
    rec.cited_by = *cited ? atol(cited) : -1;
    if (*year && (rec.year < 1000 || rec.year > 9999)) {
        mct__diag(c->diag, c->rec_line, 0, "Year \"%.20s\" is not a year",
                  year);
        return MCT_EPARSE;
    }
    if (!*rec.title) {
        mct__diag(c->diag, c->rec_line, 0, "record has no Title");
        return MCT_EPARSE;
    }
    a = val(c, C_AUTHORS);
    if (!*a || !strcmp(a, "[No author name available]"))
        a = "";
    /* Newer exports separate authors with ';', older ones with ','. */
    if ((rc = mct__list_split(&au, a, strlen(a), strchr(a, ';') ? ';' : ',')) ||
        (rc = mct__list_split(&kw, val(c, C_AKW), strlen(val(c, C_AKW)), ';')) ||
        (rc = mct__list_split(&ikw, val(c, C_IKW), strlen(val(c, C_IKW)),
                              ';')))
        goto out;
    rec.authors = (const char *const *)au.items;
    rec.n_authors = au.n;
    rec.keywords = (const char *const *)kw.items;
    rec.n_keywords = kw.n;
    rec.index_keywords = (const char *const *)ikw.items;
    rec.n_index_keywords = ikw.n;
    rc = mct_records_add(c->r, &rec);
out:
    mct__list_free(&au);
    mct__list_free(&kw);
    mct__list_free(&ikw);
    return rc;
}

static void on_record(int term, void *user)
{
    ctx *c = user;
    (void)term;
    if (c->rc)
        return;
    if (!c->header_done) {
        c->ncols = c->nf;
        c->header_done = true;
        if (c->map[C_TITLE] < 0) {
            mct__diag(c->diag, c->rec_line, 0,
                      "not a Scopus CSV export: no \"Title\" column");
            c->rc = MCT_EPARSE;
        }
    } else if (c->nf != c->ncols) {
        mct__diag(c->diag, c->rec_line, 0,
                  "record has %zu fields, the header %zu (a stray quote or "
                  "a truncated line?)",
                  c->nf, c->ncols);
        c->rc = MCT_EPARSE;
    } else {
        c->rc = emit(c);
    }
    for (int k = 0; c->vals && k < N_COLS; k++)
        c->vals[k].len = 0;
    c->nf = 0;
}

mct_status mct__read_scopus(mct_records *r, const char *data, size_t len,
                            const char *file, mct_diag *diag)
{
    struct csv_parser p;
    ctx c;
    size_t pos = 0, bad;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.file = file;
    c.diag = diag;
    for (int k = 0; k < N_COLS; k++)
        c.map[k] = -1;
    if (!mct__utf8_valid(data, len, &bad)) {
        size_t line = 1;
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        mct__diag(diag, line, 0, "invalid UTF-8");
        return MCT_EUTF8;
    }
    if (!(c.vals = mct__calloc(N_COLS, sizeof *c.vals)))
        return MCT_ENOMEM;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        mct__free(c.vals);
        return MCT_ENOMEM;
    }
    csv_set_realloc_func(&p, mct__realloc);
    csv_set_free_func(&p, mct__free);
    /* Fed one physical line at a time, so that records know their line. */
    while (pos < len && !c.rc) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
        c.line++;
        if (memchr(data + pos, '\0', n)) {
            mct__diag(diag, c.line, 0, "NUL byte in a CSV file");
            c.rc = MCT_EPARSE;
            break;
        }
        if (csv_parse(&p, data + pos, n, on_field, on_record, &c) != n) {
            int e = csv_error(&p);
            mct__csv_diag(diag, e, c.line, c.rec_line);
            c.rc = e == CSV_ENOMEM ? MCT_ENOMEM : MCT_EPARSE;
        }
        pos += n;
    }
    if (!c.rc && csv_fini(&p, on_field, on_record, &c) != 0 && !c.rc) {
        mct__diag(diag, c.rec_line ? c.rec_line : c.line, 0,
                  "the file ends inside a quoted field (truncated?)");
        c.rc = MCT_EPARSE;
    }
    csv_free(&p);
    for (int k = 0; k < N_COLS; k++)
        mct__buf_free(&c.vals[k]);
    mct__free(c.vals);
    mct__free(c.want);
    return c.rc;
}

/*
 * wos.c - Web of Science exports: the plain-text format (FN/VR header,
 * two-letter tags, continuation lines indented by three spaces, records
 * from PT to ER, EF at the end) and the tab-delimited format (a header
 * of tags, one record per line). UTF-16LE files are converted to UTF-8
 * by the caller.
 */
#include <stdlib.h>

#include "records.h"

/* The tags read into the record model. */
enum tag {
    T_UT, T_TI, T_AU, T_AF, T_PY, T_SO, T_DI, T_AB, T_DE, T_ID, T_DT, T_LA,
    T_TC, T_WC, T_EA, N_TAGS
};
static const char tag_names[N_TAGS][3] = {
    "UT", "TI", "AU", "AF", "PY", "SO", "DI", "AB", "DE", "ID", "DT", "LA",
    "TC", "WC", "EA"};

static int tag_index(const char *t)
{
    for (int k = 0; k < N_TAGS; k++)
        if (t[0] == tag_names[k][0] && t[1] == tag_names[k][1])
            return k;
    return -1;
}

/* Values of one record: for each tag, its lines. */
typedef struct wrec {
    mct__list lines[N_TAGS];
    mct__buf join[N_TAGS];
    mct__list au, kw, ikw, wc;
} wrec;

static void wrec_clear(wrec *w)
{
    for (int k = 0; k < N_TAGS; k++)
        mct__list_clear(&w->lines[k]);
}

static void wrec_free(wrec *w)
{
    for (int k = 0; k < N_TAGS; k++) {
        mct__list_free(&w->lines[k]);
        mct__buf_free(&w->join[k]);
    }
    mct__list_free(&w->au);
    mct__list_free(&w->kw);
    mct__list_free(&w->ikw);
    mct__list_free(&w->wc);
}

/* The lines of a tag joined by single spaces. */
static const char *joined(wrec *w, int k)
{
    mct__buf *b = &w->join[k];
    b->len = 0;
    for (size_t i = 0; i < w->lines[k].n; i++) {
        const char *s = w->lines[k].items[i];
        if ((i && mct__buf_addc(b, ' ')) || mct__buf_add(b, s, strlen(s)))
            return NULL;
    }
    if (mct__buf_term(b))
        return NULL;
    return b->p;
}

static mct_status split_joined(wrec *w, int k, mct__list *out)
{
    const char *s = joined(w, k);
    mct__list_clear(out);
    if (!s)
        return MCT_ENOMEM;
    return mct__list_split(out, s, strlen(s), ';');
}

/* Builds the record from the collected tags. AU may hold one author per
 * line (plain text) or "; "-separated authors (tab-delimited). */
static mct_status wrec_emit(mct_records *r, wrec *w, const char *file,
                            size_t line, mct_diag *diag)
{
    mct_record rec;
    const char *py, *tc;
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    mct__list_clear(&w->au);
    for (size_t i = 0; i < w->lines[T_AU].n; i++) {
        const char *s = w->lines[T_AU].items[i];
        if ((rc = mct__list_split(&w->au, s, strlen(s), ';')))
            return rc;
    }
    if ((rc = split_joined(w, T_DE, &w->kw)) ||
        (rc = split_joined(w, T_ID, &w->ikw)) ||
        (rc = split_joined(w, T_WC, &w->wc)))
        return rc;
    rec.source = "wos";
    rec.file = file;
    rec.line = line;
    if (!(rec.id = joined(w, T_UT)) || !(rec.title = joined(w, T_TI)) ||
        !(rec.venue = joined(w, T_SO)) || !(rec.doi = joined(w, T_DI)) ||
        !(rec.abstract = joined(w, T_AB)) ||
        !(rec.doc_type = joined(w, T_DT)) ||
        !(rec.language = joined(w, T_LA)) || !(py = joined(w, T_PY)) ||
        !(tc = joined(w, T_TC)))
        return MCT_ENOMEM;
    rec.year = *py ? atoi(py) : 0;
    if (!*py) {
        /* Early-access records have no PY yet: take the year of EA
         * ("MAR 2022"). */
        const char *ea = joined(w, T_EA), *y = NULL;
        for (const char *p = ea; p && *p; p++)
            if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' &&
                p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9')
                y = p;
        if (y)
            rec.year = atoi(y);
    }
    rec.cited_by = *tc ? atol(tc) : -1;
    if (*py && (rec.year < 1000 || rec.year > 9999)) {
        mct__diag(diag, line, 0, "PY \"%.20s\" is not a year", py);
        return MCT_EPARSE;
    }
    if (!*rec.title) {
        mct__diag(diag, line, 0, "record has no TI (title)");
        return MCT_EPARSE;
    }
    rec.authors = (const char *const *)w->au.items;
    rec.n_authors = w->au.n;
    rec.keywords = (const char *const *)w->kw.items;
    rec.n_keywords = w->kw.n;
    rec.index_keywords = (const char *const *)w->ikw.items;
    rec.n_index_keywords = w->ikw.n;
    rec.categories = (const char *const *)w->wc.items;
    rec.n_categories = w->wc.n;
    return mct_records_add(r, &rec);
}

static bool is_tag(const char *s, size_t n)
{
    return n >= 2 && s[0] >= 'A' && s[0] <= 'Z' &&
           ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= '0' && s[1] <= '9')) &&
           (n == 2 || s[2] == ' ');
}

/* ---- plain text ---------------------------------------------------- */

bool mct__wos_ends_record(const char *s, size_t n)
{
    return is_tag(s, n) && !memcmp(s, "ER", 2);
}

mct_status mct__read_wos_text(mct_records *r, const char *data, size_t len,
                              const char *file, mct_diag *diag)
{
    size_t rec_line = 0, n;
    const char *s;
    mct__lines lines;
    bool in_rec = false;
    int cur = -2; /* tag of the last line: index, -1 ignored, -2 none */
    wrec w;
    mct_status rc = MCT_OK;
    memset(&w, 0, sizeof w);
    mct__lines_init_at(&lines, r, data, len, "a Web of Science file", true);
    while (!rc && mct__lines_next(&lines, &s, &n, &rc, diag)) {
        size_t line = lines.line;
        if (n == 0)
            continue;
        if (n >= 3 && s[0] == ' ' && s[1] == ' ' && s[2] == ' ') {
            /* A continuation: another value (AU, AF, CR) or the rest of
             * a long one (TI, AB, DE). */
            size_t a = 3;
            if (!in_rec || cur == -2) {
                mct__diag(diag, line, 1, "continuation line outside a "
                                         "record");
                rc = MCT_EPARSE;
                break;
            }
            while (a < n && s[a] == ' ')
                a++;
            if (cur >= 0)
                rc = mct__list_add(&w.lines[cur], s + a, n - a);
            continue;
        }
        if (!is_tag(s, n)) {
            mct__diag(diag, line, 1, "expected a two-letter tag, got "
                                     "\"%.*s\"",
                      (int)(n < 20 ? n : 20), s);
            rc = MCT_EPARSE;
            break;
        }
        if (!memcmp(s, "FN", 2) || !memcmp(s, "VR", 2) ||
            !memcmp(s, "EF", 2)) {
            if (in_rec) {
                mct__diag(diag, rec_line, 0,
                          "record has no ER before the %.2s on line %zu", s,
                          line);
                rc = MCT_EPARSE;
            }
            cur = -2;
            continue;
        }
        if (!memcmp(s, "PT", 2)) {
            if (in_rec) {
                mct__diag(diag, rec_line, 0,
                          "record has no ER before the next PT on line %zu",
                          line);
                rc = MCT_EPARSE;
                break;
            }
            in_rec = true;
            rec_line = line;
            wrec_clear(&w);
            cur = -1;
            continue;
        }
        if (!memcmp(s, "ER", 2)) {
            if (!in_rec) {
                mct__diag(diag, line, 1, "ER without a record (no PT)");
                rc = MCT_EPARSE;
                break;
            }
            rc = wrec_emit(r, &w, file, rec_line, diag);
            in_rec = false;
            cur = -2;
            continue;
        }
        if (!in_rec) {
            mct__diag(diag, line, 1, "tag %.2s outside a record (no PT)", s);
            rc = MCT_EPARSE;
            break;
        }
        /* Any other well-formed tag; unknown ones are kept out. */
        cur = tag_index(s);
        if (cur >= 0) {
            size_t a = n > 3 ? 3 : n;
            rc = mct__list_add(&w.lines[cur], s + a, n - a);
        }
    }
    if (!rc && in_rec) {
        mct__diag(diag, rec_line, 0, "the file ends inside a record (no ER; "
                                     "truncated?)");
        rc = MCT_EPARSE;
    }
    wrec_free(&w);
    return rc;
}

/* ---- tab-delimited ---------------------------------------------------- */

mct_status mct__read_wos_tab(mct_records *r, const char *data, size_t len,
                             const char *file, mct_diag *diag)
{
    size_t ncols = 0, n;
    const char *s;
    mct__lines lines;
    int *col = NULL; /* per column: tag index or -1 */
    size_t col_cap = 0;
    wrec w;
    mct_status rc = MCT_OK;
    memset(&w, 0, sizeof w);
    mct__lines_init(&lines, data, len, "a Web of Science file", false);
    while (!rc && mct__lines_next(&lines, &s, &n, &rc, diag)) {
        size_t line = lines.line, k = 0;
        const char *f;
        if (n == 0)
            continue;
        if (!ncols) {
            /* The header: tags separated by tabs (a trailing tab too). */
            for (f = s; f <= s + n; k++) {
                const char *e = memchr(f, '\t', (size_t)(s + n - f));
                size_t fl = e ? (size_t)(e - f) : (size_t)(s + n - f);
                if (mct__grow((void **)&col, &col_cap, k + 1, sizeof *col)) {
                    rc = MCT_ENOMEM;
                    break;
                }
                col[k] = fl == 2 ? tag_index(f) : -1;
                if (!e)
                    break;
                f = e + 1;
            }
            ncols = k + 1;
            if (s[n - 1] == '\t')
                ncols--; /* a trailing tab: no column after it */
            if (!rc && (ncols < 2 || n < 3 || memcmp(s, "PT\t", 3) != 0)) {
                mct__diag(diag, line, 1, "not a Web of Science tab-delimited "
                                         "header (expected PT<TAB>AU...)");
                rc = MCT_EPARSE;
            }
            continue;
        }
        wrec_clear(&w);
        for (f = s;; k++) {
            const char *e = memchr(f, '\t', (size_t)(s + n - f));
            size_t fl = e ? (size_t)(e - f) : (size_t)(s + n - f);
            if (k < ncols && col[k] >= 0 && fl &&
                (rc = mct__list_add(&w.lines[col[k]], f, fl)))
                break;
            if (!e)
                break;
            f = e + 1;
        }
        if (rc)
            break;
        /* Rows may carry one extra, empty, trailing field. */
        if (k + 1 != ncols && !(k == ncols && s[n - 1] == '\t')) {
            mct__diag(diag, line, 0, "record has %zu fields, the header %zu",
                      k + 1, ncols);
            rc = MCT_EPARSE;
            break;
        }
        rc = wrec_emit(r, &w, file, line, diag);
    }
    wrec_free(&w);
    mct__free(col);
    return rc;
}

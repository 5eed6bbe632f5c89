/*
 * ris.c - RIS (TY ... ER), as Scopus and Web of Science export it.
 *
 * A line is a tag (two characters), two spaces, a hyphen and the value;
 * lines without a tag inside a record continue the previous value. Scopus
 * puts author and indexed keywords together in KW (they cannot be told
 * apart), its EID in the UR link and the citation count in N1 ("Cited
 * By: 12"); Web of Science writes "Times Cited in Web of Science Core
 * Collection: 12" in N1 and adds tags such as WE.
 */
#include <stdlib.h>

#include "records.h"

enum rtag {
    R_TI, R_T1, R_AU, R_A1, R_PY, R_Y1, R_T2, R_JO, R_JF, R_DO, R_AB, R_N2,
    R_KW, R_M3, R_LA, R_UR, R_AN, R_N1, R_DB, R_WE, R_TY, N_RTAGS
};
static const char rtag_names[N_RTAGS][3] = {
    "TI", "T1", "AU", "A1", "PY", "Y1", "T2", "JO", "JF", "DO", "AB", "N2",
    "KW", "M3", "LA", "UR", "AN", "N1", "DB", "WE", "TY"};

typedef struct rrec {
    mct__list v[N_RTAGS];
    mct__buf join;
    char id[64], cited[32];
} rrec;

static int rtag(const char *s)
{
    for (int k = 0; k < N_RTAGS; k++)
        if (s[0] == rtag_names[k][0] && s[1] == rtag_names[k][1])
            return k;
    return -1;
}

/* "XX  - value" (the value may be empty, and "ER  -" has none). */
static bool is_ris_line(const char *s, size_t n)
{
    return n >= 5 && s[0] >= 'A' && s[0] <= 'Z' &&
           ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= '0' && s[1] <= '9')) &&
           s[2] == ' ' && s[3] == ' ' && s[4] == '-';
}

bool mct__ris_ends_record(const char *s, size_t n)
{
    return is_ris_line(s, n) && !memcmp(s, "ER", 2);
}

static const char *first(rrec *r, int a, int b)
{
    if (r->v[a].n)
        return r->v[a].items[0];
    if (b >= 0 && r->v[b].n)
        return r->v[b].items[0];
    return "";
}

/* The value of a number after a label inside N1 notes, or "". */
static const char *after(rrec *r, const char *label, char *out, size_t cap)
{
    for (size_t i = 0; i < r->v[R_N1].n; i++) {
        const char *p = strstr(r->v[R_N1].items[i], label);
        size_t k = 0;
        if (!p)
            continue;
        p += strlen(label);
        while (*p == ' ')
            p++;
        while (p[k] >= '0' && p[k] <= '9' && k + 1 < cap) {
            out[k] = p[k];
            k++;
        }
        out[k] = '\0';
        return out;
    }
    return "";
}

/* The common RIS reference types, spelled out. */
static const char *ris_type(const char *ty)
{
    static const char *const map[][2] = {
        {"JOUR", "Article"}, {"CONF", "Conference Paper"},
        {"CPAPER", "Conference Paper"}, {"CHAP", "Book Chapter"},
        {"BOOK", "Book"}, {"EDBOOK", "Book"}, {"THES", "Thesis"},
        {"RPRT", "Report"}, {"GEN", "Generic"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(ty, map[i][0]))
            return map[i][1];
    return ty;
}

static mct_status emit(mct_records *rs, rrec *r, const char *file,
                       size_t line, mct_diag *diag)
{
    mct_record rec;
    const char *py, *ur, *cited, *db = first(r, R_DB, -1);
    mct__list *au = r->v[R_AU].n ? &r->v[R_AU] : &r->v[R_A1];
    memset(&rec, 0, sizeof rec);
    rec.file = file;
    rec.line = line;
    rec.title = first(r, R_TI, R_T1);
    rec.venue = r->v[R_T2].n ? r->v[R_T2].items[0] : first(r, R_JO, R_JF);
    rec.doi = first(r, R_DO, -1);
    rec.abstract = first(r, R_AB, R_N2);
    rec.doc_type = r->v[R_M3].n ? r->v[R_M3].items[0]
                                : ris_type(first(r, R_TY, -1));
    rec.language = first(r, R_LA, -1);
    rec.id = first(r, R_AN, -1);
    /* Scopus: the EID is in the record's link. */
    ur = first(r, R_UR, -1);
    if (!*rec.id && strstr(ur, "eid=")) {
        const char *e = strstr(ur, "eid=") + 4;
        size_t k = strcspn(e, "&");
        if (k >= sizeof r->id)
            k = sizeof r->id - 1;
        memcpy(r->id, e, k);
        r->id[k] = '\0';
        rec.id = r->id;
    }
    if (!strcmp(db, "Scopus") || strstr(ur, "scopus.com"))
        rec.source = "scopus";
    else if (r->v[R_WE].n || *after(r, "Times Cited in Web of Science",
                                     r->cited, sizeof r->cited))
        rec.source = "wos";
    else
        rec.source = "ris";
    cited = after(r, "Cited By:", r->cited, sizeof r->cited);
    if (!*cited)
        cited = after(r, "Core Collection:", r->cited, sizeof r->cited);
    rec.cited_by = *cited ? atol(cited) : -1;
    py = first(r, R_PY, R_Y1);
    rec.year = atoi(py); /* "2022" or Y1's "2022/05/01/" */
    if (*py && (rec.year < 1000 || rec.year > 9999)) {
        mct__diag(diag, line, 0, "PY \"%.20s\" is not a year", py);
        return MCT_EPARSE;
    }
    if (!*rec.title) {
        mct__diag(diag, line, 0, "record has no TI (title)");
        return MCT_EPARSE;
    }
    rec.authors = (const char *const *)au->items;
    rec.n_authors = au->n;
    rec.keywords = (const char *const *)r->v[R_KW].items;
    rec.n_keywords = r->v[R_KW].n;
    return mct_records_add(rs, &rec);
}

/* Appends a continuation line to the last value of tag k. */
static mct_status continue_value(mct__list *l, const char *s, size_t n)
{
    char *old, *neu;
    size_t ol;
    if (!l->n)
        return mct__list_add(l, s, n);
    old = l->items[l->n - 1];
    ol = strlen(old);
    if (!(neu = mct__realloc(old, ol + n + 2)))
        return MCT_ENOMEM;
    neu[ol] = ' ';
    memcpy(neu + ol + 1, s, n);
    neu[ol + 1 + n] = '\0';
    l->items[l->n - 1] = neu;
    return MCT_OK;
}

mct_status mct__read_ris(mct_records *rs, const char *data, size_t len,
                         const char *file, mct_diag *diag)
{
    size_t rec_line = 0, n;
    const char *s;
    mct__lines lines;
    bool in_rec = false;
    int cur = -1;
    rrec r;
    mct_status rc = MCT_OK;
    memset(&r, 0, sizeof r);
    mct__lines_init_at(&lines, rs, data, len, "a RIS file", true);
    while (!rc && mct__lines_next(&lines, &s, &n, &rc, diag)) {
        size_t line = lines.line, a;
        if (n == 0)
            continue;
        if (!is_ris_line(s, n)) {
            if (in_rec && cur >= 0) {
                rc = continue_value(&r.v[cur], s, n);
                continue;
            }
            if (in_rec)
                continue; /* continues a tag we do not keep */
            mct__diag(diag, line, 1, "expected \"TY  - \" to start a record, "
                                     "got \"%.*s\"",
                      (int)(n < 20 ? n : 20), s);
            rc = MCT_EPARSE;
            break;
        }
        a = n > 6 ? 6 : n; /* the value starts after "XX  - " */
        if (!memcmp(s, "TY", 2)) {
            if (in_rec) {
                mct__diag(diag, rec_line, 0,
                          "record has no ER before the next TY on line %zu",
                          line);
                rc = MCT_EPARSE;
                break;
            }
            for (int k = 0; k < N_RTAGS; k++)
                mct__list_clear(&r.v[k]);
            in_rec = true;
            rec_line = line;
            rc = mct__list_add(&r.v[R_TY], s + a, n - a);
            cur = R_TY;
            continue;
        }
        if (!memcmp(s, "ER", 2)) {
            if (!in_rec) {
                mct__diag(diag, line, 1, "ER without a record (no TY)");
                rc = MCT_EPARSE;
                break;
            }
            rc = emit(rs, &r, file, rec_line, diag);
            in_rec = false;
            cur = -1;
            continue;
        }
        if (!in_rec) {
            mct__diag(diag, line, 1, "tag %.2s outside a record (no TY)", s);
            rc = MCT_EPARSE;
            break;
        }
        cur = rtag(s);
        if (cur >= 0 && n > a)
            rc = mct__list_add(&r.v[cur], s + a, n - a);
    }
    if (!rc && in_rec) {
        mct__diag(diag, rec_line, 0, "the file ends inside a record (no ER; "
                                     "truncated?)");
        rc = MCT_EPARSE;
    }
    for (int k = 0; k < N_RTAGS; k++)
        mct__list_free(&r.v[k]);
    mct__buf_free(&r.join);
    return rc;
}

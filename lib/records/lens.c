/*
 * lens.c - Lens.org scholarly works CSV export.
 *
 * Columns are found by name (csvtab.c): "Lens ID", "Title", "Publication
 * Year" (or the year of "Date Published"), "Source Title", "Author/s",
 * "Abstract", "Keywords", "MeSH Terms", "Fields of Study", "DOI",
 * "Publication Type", "Citing Works Count" (or "Scholarly Citation
 * Count"). Lists are separated by "; ".
 */
#include <stdlib.h>

#include "records.h"

enum { L_ID, L_TITLE, L_YEAR, L_DATE, L_VENUE, L_AUTHORS, L_ABS, L_KW,
       L_MESH, L_FIELDS, L_DOI, L_TYPE, L_CITED, N_L };

static const char *const lens_fields[N_L] = {
    "Lens ID",
    "Title",
    "Publication Year|Year Published",
    "Date Published",
    "Source Title|Source",
    "Author/s|Authors",
    "Abstract",
    "Keywords",
    "MeSH Terms",
    "Fields of Study",
    "DOI",
    "Publication Type",
    "Citing Works Count|Scholarly Citation Count|Scholarly Citations"};

typedef struct lctx {
    mct_records *r;
    const char *file;
} lctx;

/* A year from "2019" or "2019-05-22"; false when it is not one. */
static bool year_of(const char *s, int *y)
{
    char *end;
    long v;
    *y = 0;
    if (!*s)
        return true;
    v = strtol(s, &end, 10);
    if (end - s != 4 || (*end && *end != '-' && *end != '/') || v < 1000)
        return false;
    *y = (int)v;
    return true;
}

static mct_status lens_row(void *user, const char *const *v, size_t line,
                           mct_diag *diag)
{
    lctx *c = user;
    mct_record rec;
    mct__list au = {0}, kw = {0}, ikw = {0}, cat = {0};
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    rec.source = "lens";
    rec.file = c->file;
    rec.line = line;
    rec.id = v[L_ID];
    rec.title = v[L_TITLE];
    rec.venue = v[L_VENUE];
    rec.doi = v[L_DOI];
    rec.abstract = v[L_ABS];
    rec.doc_type = v[L_TYPE];
    rec.cited_by = *v[L_CITED] ? atol(v[L_CITED]) : -1;
    if (!year_of(*v[L_YEAR] ? v[L_YEAR] : v[L_DATE], &rec.year)) {
        mct__diag(diag, line, 0, "Publication Year \"%.20s\" is not a year",
                  *v[L_YEAR] ? v[L_YEAR] : v[L_DATE]);
        return MCT_EPARSE;
    }
    if (!*rec.title) {
        mct__diag(diag, line, 0, "record %s has no Title", rec.id);
        return MCT_EPARSE;
    }
    if (!(rc = mct__list_split(&au, v[L_AUTHORS], strlen(v[L_AUTHORS]),
                               ';')) &&
        !(rc = mct__list_split(&kw, v[L_KW], strlen(v[L_KW]), ';')) &&
        !(rc = mct__list_split(&ikw, v[L_MESH], strlen(v[L_MESH]), ';')) &&
        !(rc = mct__list_split(&cat, v[L_FIELDS], strlen(v[L_FIELDS]),
                               ';'))) {
        rec.authors = (const char *const *)au.items;
        rec.n_authors = au.n;
        rec.keywords = (const char *const *)kw.items;
        rec.n_keywords = kw.n;
        rec.index_keywords = (const char *const *)ikw.items;
        rec.n_index_keywords = ikw.n;
        rec.categories = (const char *const *)cat.items;
        rec.n_categories = cat.n;
        rc = mct_records_add(c->r, &rec);
    }
    mct__list_free(&au);
    mct__list_free(&kw);
    mct__list_free(&ikw);
    mct__list_free(&cat);
    return rc;
}

mct_status mct__read_lens(mct_records *r, const char *data, size_t len,
                          const char *file, mct_diag *diag)
{
    lctx c = {r, file};
    return mct__read_csv_table(data, len, "a Lens.org CSV export",
                               lens_fields, N_L, L_TITLE, lens_row, &c,
                               diag);
}

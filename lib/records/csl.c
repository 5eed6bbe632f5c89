/*
 * csl.c - CSL-JSON, as Zotero and Mendeley export it: an array of items
 * (one item, or items one per line, are read too).
 *
 * Fields: id (string or number); title; author[] as "family, given" (or
 * "literal"); the year of issued (date-parts[0][0], as a number or a
 * string, else the first four digits of "raw" or "literal"); container-
 * title (a string, or the first of a list); DOI; abstract; keyword (one
 * string, split at ';', or ',' where there is none); type; language.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "records.h"

typedef struct cctx {
    mct_records *r;
    const char *file;
    mct__list au, kw;
    mct__buf name;
    char num_id[32];
} cctx;

static bool cstr(const cJSON *o, const char *key, const char **out,
                 size_t line, mct_diag *diag)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = "";
    if (!v || cJSON_IsNull(v))
        return true;
    if (cJSON_IsArray(v)) /* some writers give container-title as a list */
        v = cJSON_GetArrayItem(v, 0);
    if (!cJSON_IsString(v)) {
        mct__diag(diag, line, 0, "\"%s\" must be a string", key);
        return false;
    }
    *out = v->valuestring;
    return true;
}

/* The year of a CSL date: {"date-parts": [[2019, 6, 4]]}, [["1960"]],
 * {"raw": "2019-06"}, {"literal": "1960"}; 0 when it has none. */
static bool issued(const cJSON *o, int *year, size_t line, mct_diag *diag)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "issued"), *p;
    const char *s = NULL;
    *year = 0;
    if (!d || cJSON_IsNull(d))
        return true;
    if (cJSON_IsString(d))
        s = d->valuestring;
    p = cJSON_GetObjectItemCaseSensitive(d, "date-parts");
    p = cJSON_GetArrayItem(cJSON_GetArrayItem(p, 0), 0);
    /* -1 marks a number that cannot be a year (and cannot be cast). */
    if (cJSON_IsNumber(p))
        *year = p->valuedouble >= 1000 && p->valuedouble <= 9999
                    ? (int)p->valuedouble
                    : -1;
    else if (cJSON_IsString(p))
        s = p->valuestring;
    else if (!s) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(d, "raw");
        if (!cJSON_IsString(r))
            r = cJSON_GetObjectItemCaseSensitive(d, "literal");
        s = cJSON_IsString(r) ? r->valuestring : NULL;
    }
    if (s) {
        const char *q = s;
        long y;
        while (*q && !(*q >= '0' && *q <= '9'))
            q++;
        y = strtol(q, NULL, 10); /* ERANGE gives LONG_MAX: not a year */
        *year = y >= 1000 && y <= 9999 ? (int)y : y ? -1 : 0;
    }
    if (*year && (*year < 1000 || *year > 9999)) {
        mct__diag(diag, line, 0, "\"issued\" does not give a year");
        return false;
    }
    return true;
}

static mct_status names(cctx *c, const cJSON *o, size_t line,
                        mct_diag *diag)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "author"), *e;
    mct__list_clear(&c->au);
    if (!a || cJSON_IsNull(a))
        return MCT_OK;
    if (!cJSON_IsArray(a)) {
        mct__diag(diag, line, 0, "\"author\" must be a list of names");
        return MCT_EPARSE;
    }
    cJSON_ArrayForEach(e, a)
    {
        const char *fam = "", *giv = "", *lit = "";
        if (!cJSON_IsObject(e) || !cstr(e, "family", &fam, line, diag) ||
            !cstr(e, "given", &giv, line, diag) ||
            !cstr(e, "literal", &lit, line, diag)) {
            if (!diag || !diag->msg[0])
                mct__diag(diag, line, 0, "an author is not a CSL name");
            return MCT_EPARSE;
        }
        c->name.len = 0;
        if (mct__buf_add(&c->name, *fam ? fam : lit, strlen(*fam ? fam : lit)) ||
            (*fam && *giv &&
             (mct__buf_add(&c->name, ", ", 2) ||
              mct__buf_add(&c->name, giv, strlen(giv)))))
            return MCT_ENOMEM;
        if (c->name.len && mct__list_add(&c->au, c->name.p, c->name.len))
            return MCT_ENOMEM;
    }
    return MCT_OK;
}

static mct_status item(void *user, const cJSON *o, size_t line,
                       mct_diag *diag)
{
    cctx *c = user;
    mct_record rec;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const char *kw;
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    mct_diag_clear(diag);
    rec.source = "csl";
    rec.file = c->file;
    rec.line = line;
    rec.cited_by = -1;
    rec.id = "";
    if (cJSON_IsNumber(id)) {
        snprintf(c->num_id, sizeof c->num_id, "%.0f", id->valuedouble);
        rec.id = c->num_id;
    } else if (!cstr(o, "id", &rec.id, line, diag)) {
        return MCT_EPARSE;
    }
    if (!cstr(o, "title", &rec.title, line, diag) ||
        !cstr(o, "container-title", &rec.venue, line, diag) ||
        !cstr(o, "DOI", &rec.doi, line, diag) ||
        !cstr(o, "abstract", &rec.abstract, line, diag) ||
        !cstr(o, "type", &rec.doc_type, line, diag) ||
        !cstr(o, "language", &rec.language, line, diag) ||
        !cstr(o, "keyword", &kw, line, diag) ||
        !issued(o, &rec.year, line, diag))
        return MCT_EPARSE;
    if (!*rec.title) {
        mct__diag(diag, line, 0, "item %s has no \"title\"", rec.id);
        return MCT_EPARSE;
    }
    mct__list_clear(&c->kw);
    if ((rc = names(c, o, line, diag)) ||
        (rc = mct__list_split(&c->kw, kw, strlen(kw),
                              strchr(kw, ';') ? ';' : ',')))
        return rc;
    rec.authors = (const char *const *)c->au.items;
    rec.n_authors = c->au.n;
    rec.keywords = (const char *const *)c->kw.items;
    rec.n_keywords = c->kw.n;
    return mct_records_add(c->r, &rec);
}

mct_status mct__read_csl(mct_records *r, const char *data, size_t len,
                         const char *file, mct_diag *diag)
{
    cctx c;
    mct_status rc;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.file = file;
    rc = mct__json_items(data, len, "a CSL-JSON file", NULL, item, &c, diag);
    mct__list_free(&c.au);
    mct__list_free(&c.kw);
    mct__buf_free(&c.name);
    return rc;
}

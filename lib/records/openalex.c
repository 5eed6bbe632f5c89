/*
 * openalex.c - OpenAlex works: the JSON of the works API and the CSV of
 * the web interface.
 *
 * JSON: a response page ({"meta": ..., "results": [works]}), an array of
 * works, or works one per line (JSON Lines), in any mix. Fields: id (the
 * "https://openalex.org/" prefix dropped), title (or display_name),
 * authorships[].author.display_name, publication_year (or the year of
 * publication_date), primary_location.source.display_name (or the older
 * host_venue.display_name), doi ("https://doi.org/" dropped), the abstract
 * rebuilt from abstract_inverted_index (each word at each of its
 * positions, in position order), keywords[] and mesh[] as indexed
 * keywords, the subfields of topics[] as subject categories, type,
 * language and cited_by_count. OpenAlex has no author keywords.
 *
 * CSV: the columns of the web interface's export are the same fields
 * flattened ("authorships.author.display_name", "publication_year", ...),
 * several values of one column joined by '|'; they are found by name.
 */
#include <cjson/cJSON.h>

#include "jsondepth.h"
#include <stdlib.h>

#include "records.h"

typedef struct work {
    mct__list au, ikw, cat;
    mct__buf abs;
    mct_records *r;
    const char *file;
} work;

static void work_free(work *w)
{
    mct__list_free(&w->au);
    mct__list_free(&w->ikw);
    mct__list_free(&w->cat);
    mct__buf_free(&w->abs);
}

static const char *after(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return !strncmp(s, prefix, n) ? s + n : s;
}

/* ---- the abstract --------------------------------------------------- */

typedef struct wpos {
    long pos;
    size_t seq;
    const char *word;
} wpos;

static int by_pos(const void *a, const void *b)
{
    const wpos *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The positions of the index, sorted, into *out (n of them). */
static mct_status positions(const cJSON *idx, wpos **out, size_t *n,
                            size_t line, mct_diag *diag)
{
    const cJSON *w, *p;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    cJSON_ArrayForEach(w, idx)
    {
        if (!cJSON_IsArray(w)) {
            mct__diag(diag, line, 0, "abstract_inverted_index: \"%.30s\" "
                                     "has no list of positions",
                      w->string ? w->string : "");
            return MCT_EPARSE;
        }
        cJSON_ArrayForEach(p, w)
        {
            if (!cJSON_IsNumber(p) || p->valuedouble < 0 ||
                p->valuedouble > 1e7 ||
                p->valuedouble != (double)(long)p->valuedouble) {
                mct__diag(diag, line, 0, "abstract_inverted_index: a "
                                         "position of \"%.30s\" is not a "
                                         "whole number from 0",
                          w->string ? w->string : "");
                return MCT_EPARSE;
            }
            if (mct__grow((void **)out, &cap, *n + 1, sizeof **out))
                return MCT_ENOMEM;
            (*out)[*n].pos = (long)p->valuedouble;
            (*out)[*n].seq = *n;
            (*out)[(*n)++].word = w->string ? w->string : "";
        }
    }
    qsort(*out, *n, sizeof **out, by_pos);
    return MCT_OK;
}

/* The words of an inverted index in position order, one space apart. */
static mct_status rebuild(const cJSON *idx, mct__buf *b, size_t line,
                          mct_diag *diag)
{
    wpos *ps;
    size_t n;
    mct_status rc = positions(idx, &ps, &n, line, diag);
    b->len = 0;
    for (size_t i = 0; !rc && i < n; i++)
        if ((i && (rc = mct__buf_addc(b, ' '))) ||
            (rc = mct__buf_add(b, ps[i].word, strlen(ps[i].word))))
            break;
    mct__free(ps);
    return rc ? rc : mct__buf_term(b);
}

/* ---- JSON ------------------------------------------------------------- */

/* A string member, "" when absent or null; false for another type. */
static bool str(const cJSON *o, const char *key, const char **out,
                size_t line, mct_diag *diag)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = "";
    if (!v || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsString(v)) {
        mct__diag(diag, line, 0, "\"%s\" must be a string", key);
        return false;
    }
    *out = v->valuestring;
    return true;
}

/* o.a.b...: the object at a path of keys, or NULL. */
static const cJSON *at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    if (x && b)
        x = cJSON_IsObject(x) ? cJSON_GetObjectItemCaseSensitive(x, b) : NULL;
    return x;
}

/* Each element's name (elem.k1.k2 as a string) into l, once each. */
static mct_status names(const cJSON *list, const char *k1, const char *k2,
                        mct__list *l)
{
    const cJSON *e;
    if (!cJSON_IsArray(list))
        return MCT_OK;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *v = at(e, k1, k2);
        mct_status rc;
        if (cJSON_IsString(v) && v->valuestring[0] &&
            (rc = mct__list_add_unique(l, v->valuestring,
                                       strlen(v->valuestring))))
            return rc;
    }
    return MCT_OK;
}

static mct_status lists(work *w, const cJSON *o)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "authorships"), *e;
    mct_status rc;
    mct__list_clear(&w->au);
    mct__list_clear(&w->ikw);
    mct__list_clear(&w->cat);
    if (cJSON_IsArray(a))
        cJSON_ArrayForEach(e, a)
        {
            const cJSON *v = at(e, "author", "display_name");
            if (!cJSON_IsString(v))
                v = at(e, "raw_author_name", NULL);
            if (cJSON_IsString(v) && v->valuestring[0] &&
                (rc = mct__list_add(&w->au, v->valuestring,
                                    strlen(v->valuestring))))
                return rc;
        }
    if ((rc = names(at(o, "keywords", NULL), "display_name", NULL,
                    &w->ikw)) ||
        (rc = names(at(o, "keywords", NULL), "keyword", NULL, &w->ikw)) ||
        (rc = names(at(o, "mesh", NULL), "descriptor_name", NULL,
                    &w->ikw)) ||
        (rc = names(at(o, "topics", NULL), "subfield", "display_name",
                    &w->cat)))
        return rc;
    if (!w->cat.n) {
        const cJSON *pt = at(at(o, "primary_topic", NULL), "subfield",
                             "display_name");
        if (cJSON_IsString(pt) && pt->valuestring[0])
            return mct__list_add(&w->cat, pt->valuestring,
                                 strlen(pt->valuestring));
    }
    return MCT_OK;
}

static bool json_year(const cJSON *o, mct_record *rec, size_t line,
                      mct_diag *diag)
{
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "publication_year");
    const char *date;
    if (cJSON_IsNumber(y)) {
        if (y->valuedouble < 1000 || y->valuedouble > 9999) {
            mct__diag(diag, line, 0, "publication_year %g is not a year",
                      y->valuedouble);
            return false;
        }
        rec->year = (int)y->valuedouble;
        return true;
    }
    if (!str(o, "publication_date", &date, line, diag))
        return false;
    rec->year = atoi(date) >= 1000 && atoi(date) <= 9999 ? atoi(date) : 0;
    return true;
}

static mct_status json_work(void *user, const cJSON *o, size_t line,
                            mct_diag *diag)
{
    work *w = user;
    mct_record rec;
    const cJSON *v, *idx;
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    rec.source = "openalex";
    rec.file = w->file;
    rec.line = line;
    rec.abstract = "";
    if (!str(o, "id", &rec.id, line, diag) ||
        !str(o, "title", &rec.title, line, diag) ||
        (!*rec.title && !str(o, "display_name", &rec.title, line, diag)) ||
        !str(o, "doi", &rec.doi, line, diag) ||
        !str(o, "type", &rec.doc_type, line, diag) ||
        !str(o, "language", &rec.language, line, diag) ||
        !json_year(o, &rec, line, diag))
        return MCT_EPARSE;
    rec.id = after(rec.id, "https://openalex.org/");
    rec.doi = after(after(rec.doi, "https://doi.org/"), "http://doi.org/");
    if (!*rec.title) {
        mct__diag(diag, line, 0, "work %s has no title", rec.id);
        return MCT_EPARSE;
    }
    v = at(at(o, "primary_location", NULL), "source", "display_name");
    if (!cJSON_IsString(v))
        v = at(o, "host_venue", "display_name");
    rec.venue = cJSON_IsString(v) ? v->valuestring : "";
    v = cJSON_GetObjectItemCaseSensitive(o, "cited_by_count");
    rec.cited_by = -1;
    if (cJSON_IsNumber(v)) {
        /* A count a long holds; a larger one cannot even be cast. */
        if (!(v->valuedouble >= 0 && v->valuedouble <= 1e15)) {
            mct__diag(diag, line, 0, "\"cited_by_count\" is not a count: %g",
                      v->valuedouble);
            return MCT_EPARSE;
        }
        rec.cited_by = (long)v->valuedouble;
    }
    idx = cJSON_GetObjectItemCaseSensitive(o, "abstract_inverted_index");
    if (cJSON_IsObject(idx)) {
        if ((rc = rebuild(idx, &w->abs, line, diag)))
            return rc;
        rec.abstract = w->abs.p ? w->abs.p : "";
    } else if (idx && !cJSON_IsNull(idx)) {
        mct__diag(diag, line, 0, "\"abstract_inverted_index\" must be an "
                                 "object");
        return MCT_EPARSE;
    }
    if ((rc = lists(w, o)))
        return rc;
    rec.authors = (const char *const *)w->au.items;
    rec.n_authors = w->au.n;
    rec.index_keywords = (const char *const *)w->ikw.items;
    rec.n_index_keywords = w->ikw.n;
    rec.categories = (const char *const *)w->cat.items;
    rec.n_categories = w->cat.n;
    return mct_records_add(w->r, &rec);
}

mct_status mct__read_openalex_json(mct_records *r, const char *data,
                                   size_t len, const char *file,
                                   mct_diag *diag)
{
    work w;
    mct_status rc;
    memset(&w, 0, sizeof w);
    w.r = r;
    w.file = file;
    rc = mct__json_items(data, len, "an OpenAlex JSON file", "results",
                         json_work, &w, diag);
    work_free(&w);
    return rc;
}

/* ---- CSV of the web interface ----------------------------------------- */

enum { O_ID, O_TITLE, O_AUTHORS, O_YEAR, O_DATE, O_VENUE, O_DOI, O_ABS,
       O_KW, O_MESH, O_TOPICS, O_TYPE, O_LANG, O_CITED, N_O };

static const char *const oa_fields[N_O] = {
    "id|ids.openalex",
    "title|display_name",
    "authorships.author.display_name|authorships.raw_author_name",
    "publication_year",
    "publication_date",
    "primary_location.source.display_name|host_venue.display_name|"
    "source.display_name",
    "doi|ids.doi",
    "abstract|abstract_inverted_index",
    "keywords.display_name|keywords.keyword",
    "mesh.descriptor_name",
    "topics.subfield.display_name|primary_topic.subfield.display_name",
    "type",
    "language",
    "cited_by_count"};

/* The abstract column: text, or an inverted index as JSON. */
static mct_status csv_abstract(work *w, const char *s, const char **out,
                               size_t line, mct_diag *diag)
{
    cJSON *idx;
    mct_status rc;
    *out = s;
    if (*s != '{')
        return MCT_OK;
    if (!(idx = cJSON_Parse(s)) || !cJSON_IsObject(idx)) {
        cJSON_Delete(idx);
        if (!mct__json_too_deep(s, strlen(s), line, diag))
            mct__diag(diag, line, 0, "the abstract looks like an inverted "
                                     "index but is not valid JSON");
        return MCT_EPARSE;
    }
    rc = rebuild(idx, &w->abs, line, diag);
    cJSON_Delete(idx);
    *out = w->abs.p ? w->abs.p : "";
    return rc;
}

static mct_status csv_lists(work *w, const char *const *v)
{
    mct_status rc;
    mct__list_clear(&w->au);
    mct__list_clear(&w->ikw);
    mct__list_clear(&w->cat);
    if ((rc = mct__list_split(&w->au, v[O_AUTHORS], strlen(v[O_AUTHORS]),
                              '|')) ||
        (rc = mct__list_split(&w->ikw, v[O_KW], strlen(v[O_KW]), '|')) ||
        (rc = mct__list_split(&w->ikw, v[O_MESH], strlen(v[O_MESH]), '|')))
        return rc;
    return mct__list_split(&w->cat, v[O_TOPICS], strlen(v[O_TOPICS]), '|');
}

static mct_status csv_work(void *user, const char *const *v, size_t line,
                           mct_diag *diag)
{
    work *w = user;
    mct_record rec;
    const char *y = *v[O_YEAR] ? v[O_YEAR] : v[O_DATE];
    char *end;
    long year = strtol(y, &end, 10);
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    rec.source = "openalex";
    rec.file = w->file;
    rec.line = line;
    rec.id = after(v[O_ID], "https://openalex.org/");
    rec.title = v[O_TITLE];
    rec.venue = v[O_VENUE];
    rec.doi = after(after(v[O_DOI], "https://doi.org/"), "http://doi.org/");
    rec.doc_type = v[O_TYPE];
    rec.language = v[O_LANG];
    rec.cited_by = *v[O_CITED] ? atol(v[O_CITED]) : -1;
    if (*y && (end - y != 4 || (*end && *end != '-') || year < 1000)) {
        mct__diag(diag, line, 0, "publication_year \"%.20s\" is not a year",
                  y);
        return MCT_EPARSE;
    }
    rec.year = *y ? (int)year : 0;
    if (!*rec.title) {
        mct__diag(diag, line, 0, "work %s has no title", rec.id);
        return MCT_EPARSE;
    }
    if ((rc = csv_abstract(w, v[O_ABS], &rec.abstract, line, diag)) ||
        (rc = csv_lists(w, v)))
        return rc;
    rec.authors = (const char *const *)w->au.items;
    rec.n_authors = w->au.n;
    rec.index_keywords = (const char *const *)w->ikw.items;
    rec.n_index_keywords = w->ikw.n;
    rec.categories = (const char *const *)w->cat.items;
    rec.n_categories = w->cat.n;
    return mct_records_add(w->r, &rec);
}

mct_status mct__read_openalex_csv(mct_records *r, const char *data,
                                  size_t len, const char *file,
                                  mct_diag *diag)
{
    work w;
    mct_status rc;
    memset(&w, 0, sizeof w);
    w.r = r;
    w.file = file;
    rc = mct__read_csv_table(data, len, "an OpenAlex CSV export", oa_fields,
                             N_O, O_TITLE, csv_work, &w, diag);
    work_free(&w);
    return rc;
}

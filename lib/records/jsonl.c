/*
 * jsonl.c - the project's JSON Lines records, read with cJSON.
 *
 * One JSON object per line; blank lines are skipped. Known keys: id,
 * source, title, authors, year, venue (or journal), doi, abstract,
 * keywords, index_keywords, doc_type (or type), language, cited_by,
 * categories. Lists may be JSON arrays of strings or one string with
 * "; " between the items. Other keys are ignored. A record must have a
 * title.
 */
#include <cjson/cJSON.h>

#include "jsondepth.h"
#include <stdio.h>
#include <stdlib.h>

#include "records.h"

typedef struct jrec {
    mct__list authors, keywords, index_keywords, categories;
    char num_id[32];
} jrec;

static void jrec_free(jrec *j)
{
    mct__list_free(&j->authors);
    mct__list_free(&j->keywords);
    mct__list_free(&j->index_keywords);
    mct__list_free(&j->categories);
}

/* A string field; NULL-valued keys count as absent. */
static mct_status get_str(const cJSON *o, const char *key, const char **out,
                          mct_diag *diag, size_t line)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = "";
    if (!v || cJSON_IsNull(v))
        return MCT_OK;
    if (!cJSON_IsString(v)) {
        mct__diag(diag, line, 0, "\"%s\" must be a string", key);
        return MCT_EPARSE;
    }
    *out = v->valuestring;
    return MCT_OK;
}

static mct_status get_list(const cJSON *o, const char *key, mct__list *l,
                           mct_diag *diag, size_t line)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key), *e;
    mct__list_clear(l);
    if (!v || cJSON_IsNull(v))
        return MCT_OK;
    if (cJSON_IsString(v))
        return mct__list_split(l, v->valuestring, strlen(v->valuestring),
                               ';');
    if (!cJSON_IsArray(v)) {
        mct__diag(diag, line, 0,
                  "\"%s\" must be an array of strings or a string", key);
        return MCT_EPARSE;
    }
    cJSON_ArrayForEach(e, v)
    {
        mct_status rc;
        if (!cJSON_IsString(e)) {
            mct__diag(diag, line, 0, "\"%s\" must hold only strings", key);
            return MCT_EPARSE;
        }
        if (e->valuestring[0] &&
            (rc = mct__list_add(l, e->valuestring, strlen(e->valuestring))))
            return rc;
    }
    return MCT_OK;
}

/* A whole number, as a JSON number or a numeric string; absent gives def. */
static mct_status get_int(const cJSON *o, const char *key, long def,
                          long lo, long hi, long *out, mct_diag *diag,
                          size_t line)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    double d;
    *out = def;
    if (!v || cJSON_IsNull(v) ||
        (cJSON_IsString(v) && v->valuestring[0] == '\0'))
        return MCT_OK;
    if (cJSON_IsNumber(v)) {
        d = v->valuedouble;
    } else if (cJSON_IsString(v)) {
        char *end;
        d = strtod(v->valuestring, &end);
        if (end == v->valuestring || *end) {
            mct__diag(diag, line, 0, "\"%s\" is not a number: \"%.40s\"", key,
                      v->valuestring);
            return MCT_EPARSE;
        }
    } else {
        mct__diag(diag, line, 0, "\"%s\" must be a number", key);
        return MCT_EPARSE;
    }
    /* The range first: casting a double a long cannot hold is undefined. */
    if (!(d >= (double)lo && d <= (double)hi && d > -9.2e18 && d < 9.2e18) ||
        d != (double)(long)d) {
        mct__diag(diag, line, 0, "\"%s\" must be a whole number from %ld to "
                                 "%ld",
                  key, lo, hi);
        return MCT_EPARSE;
    }
    *out = (long)d;
    return MCT_OK;
}

static mct_status build(const cJSON *o, jrec *j, mct_record *rec,
                        mct_diag *diag, size_t line)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    long year, cited;
    mct_status rc;
    memset(rec, 0, sizeof *rec);
    rec->id = "";
    if (id && cJSON_IsNumber(id)) {
        snprintf(j->num_id, sizeof j->num_id, "%.0f", id->valuedouble);
        rec->id = j->num_id;
    } else if ((rc = get_str(o, "id", &rec->id, diag, line))) {
        return rc;
    }
    if ((rc = get_str(o, "source", &rec->source, diag, line)) ||
        (rc = get_str(o, "title", &rec->title, diag, line)) ||
        (rc = get_str(o, "venue", &rec->venue, diag, line)) ||
        (rc = get_str(o, "doi", &rec->doi, diag, line)) ||
        (rc = get_str(o, "abstract", &rec->abstract, diag, line)) ||
        (rc = get_str(o, "doc_type", &rec->doc_type, diag, line)) ||
        (rc = get_str(o, "language", &rec->language, diag, line)) ||
        (rc = get_list(o, "authors", &j->authors, diag, line)) ||
        (rc = get_list(o, "keywords", &j->keywords, diag, line)) ||
        (rc = get_list(o, "index_keywords", &j->index_keywords, diag,
                       line)) ||
        (rc = get_list(o, "categories", &j->categories, diag, line)) ||
        (rc = get_int(o, "year", 0, 0, 9999, &year, diag, line)) ||
        (rc = get_int(o, "cited_by", -1, -1, 2000000000L, &cited, diag,
                      line)))
        return rc;
    if (!rec->venue[0] && (rc = get_str(o, "journal", &rec->venue, diag,
                                        line)))
        return rc;
    if (!rec->doc_type[0] && (rc = get_str(o, "type", &rec->doc_type, diag,
                                           line)))
        return rc;
    if (!rec->source[0])
        rec->source = "jsonl";
    if (!rec->title[0]) {
        mct__diag(diag, line, 0, "record has no \"title\"");
        return MCT_EPARSE;
    }
    rec->year = (int)year;
    rec->cited_by = cited;
    rec->authors = (const char *const *)j->authors.items;
    rec->n_authors = j->authors.n;
    rec->keywords = (const char *const *)j->keywords.items;
    rec->n_keywords = j->keywords.n;
    rec->index_keywords = (const char *const *)j->index_keywords.items;
    rec->n_index_keywords = j->index_keywords.n;
    rec->categories = (const char *const *)j->categories.items;
    rec->n_categories = j->categories.n;
    rec->line = line;
    return MCT_OK;
}

/* cJSON turns \u0000 into a NUL inside a string: refuse such strings. */
static bool has_nul_escape(const char *s, size_t n)
{
    for (size_t i = 0; i + 5 < n; i++)
        if (s[i] == '\\' && s[i + 1] == 'u' && !memcmp(s + i + 2, "0000", 4))
            return true;
    return false;
}

mct_status mct__read_jsonl(mct_records *r, const char *data, size_t len,
                           const char *file, mct_diag *diag)
{
    size_t pos = 0, line = mct__records_line_base(r), bad;
    jrec j;
    mct_status rc = MCT_OK;
    memset(&j, 0, sizeof j);
    /* A byte-order mark only starts a file (line base 0: its first
     * block). */
    if (!line && len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len && !rc) {
        size_t end = pos, s, e, line_start = pos;
        cJSON *o;
        const char *stop = NULL;
        mct_record rec;
        while (end < len && data[end] != '\n')
            end++;
        line++;
        s = pos;
        e = end;
        pos = end + 1;
        while (s < e && (data[s] == ' ' || data[s] == '\t'))
            s++;
        while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t' ||
                         data[e - 1] == '\r'))
            e--;
        if (s == e)
            continue;
        if (memchr(data + s, '\0', e - s)) {
            mct__diag(diag, line, 0, "NUL byte in a JSON Lines file");
            rc = MCT_EPARSE;
            break;
        }
        if (!mct__utf8_valid(data + s, e - s, &bad)) {
            mct__diag(diag, line, s - line_start + bad + 1,
                      "invalid UTF-8 at byte %zu of the line",
                      s - line_start + bad + 1);
            rc = MCT_EUTF8;
            break;
        }
        o = cJSON_ParseWithLengthOpts(data + s, e - s, &stop, false);
        if (!o || (stop && stop < data + e)) {
            size_t col = stop && stop >= data + s ? (size_t)(stop - (data + s))
                                                  : 0;
            if (!mct__json_too_deep(data + s, e - s, line, diag))
                mct__diag(diag, line, col + 1,
                          "not valid JSON (problem near byte %zu)", col + 1);
            cJSON_Delete(o);
            rc = MCT_EPARSE;
            break;
        }
        if (!cJSON_IsObject(o)) {
            mct__diag(diag, line, 1, "expected a JSON object");
            rc = MCT_EPARSE;
        } else if (has_nul_escape(data + s, e - s)) {
            mct__diag(diag, line, 0, "a string contains \\u0000");
            rc = MCT_EPARSE;
        } else if (!(rc = build(o, &j, &rec, diag, line))) {
            rec.file = file;
            rc = mct_records_add(r, &rec);
        }
        cJSON_Delete(o);
    }
    jrec_free(&j);
    return rc;
}

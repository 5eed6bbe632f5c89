/*
 * theme_seeds.c - themes files: named themes with their seed terms and
 * the evidence they come from (mct_themes.h).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "mct_themes.h"

/* Deepest nesting accepted: a themes file needs three levels. */
#define MAX_DEPTH 32

typedef struct seed {
    char *name, *description, *source;
    char **terms;
    size_t n_terms;
} seed;

struct mct_theme_seeds {
    seed *v;
    size_t n;
};

static const char *const term_lists[] = {"terms", "strategic_nodes",
                                         "concept_paths", "keyword_nodes",
                                         NULL};
static const char *const text_fields[] = {"name", "description", "source",
                                          NULL};

void mct_theme_seeds_free(mct_theme_seeds *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        mct__free(s->v[i].name);
        mct__free(s->v[i].description);
        mct__free(s->v[i].source);
        for (size_t j = 0; j < s->v[i].n_terms; j++)
            mct__free(s->v[i].terms[j]);
        mct__free(s->v[i].terms);
    }
    mct__free(s->v);
    mct__free(s);
}

/* Line of byte offset off. */
static size_t line_at(const char *t, size_t off)
{
    size_t l = 1;
    for (size_t i = 0; i < off; i++)
        l += t[i] == '\n';
    return l;
}

/*
 * One pass over the JSON outside strings: the deepest nesting (the first
 * place it passes MAX_DEPTH goes to *deep) and the offset where each
 * element of the top-level array starts (at most max of them).
 */
static size_t scan(const char *t, size_t len, size_t *starts, size_t max,
                   size_t *deep)
{
    size_t depth = 0, n = 0;
    bool in_str = false, want = false;
    *deep = (size_t)-1;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (want && c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
            c != ']') {
            if (n < max)
                starts[n] = i;
            n++;
            want = false;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > MAX_DEPTH && *deep == (size_t)-1)
                *deep = i;
            want = depth == 1 && c == '[';
        } else if (c == ']' || c == '}') {
            depth -= depth > 0;
        } else if (c == ',' && depth == 1) {
            want = true;
        }
    }
    return n;
}

/* "theme 3 (\"Name\")" into buf, for messages. */
static const char *who(char *buf, size_t size, size_t i, const cJSON *th)
{
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(th, "name");
    if (cJSON_IsString(nm) && nm->valuestring[0])
        snprintf(buf, size, "theme %zu (\"%.60s\")", i + 1, nm->valuestring);
    else
        snprintf(buf, size, "theme %zu", i + 1);
    return buf;
}

static bool listed(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (!strcmp(*l, s))
            return true;
    return false;
}

/* Checks one entry; a message into diag when it is not right. */
static bool check_entry(const cJSON *th, size_t i, size_t line, mct_diag *d)
{
    char w[96];
    const cJSON *f, *nm = cJSON_GetObjectItemCaseSensitive(th, "name");
    size_t terms = 0;
    if (!cJSON_IsObject(th)) {
        mct__diag(d, line, 0, "theme %zu: expected an object "
                              "{\"name\": ..., \"terms\": [...]}", i + 1);
        return false;
    }
    cJSON_ArrayForEach(f, th)
    {
        const cJSON *e;
        if (listed(text_fields, f->string)) {
            if (!cJSON_IsString(f)) {
                mct__diag(d, line, 0, "%s: \"%s\" must be a string",
                          who(w, sizeof w, i, th), f->string);
                return false;
            }
            continue;
        }
        if (!listed(term_lists, f->string)) {
            mct__diag(d, line, 0, "%s: unknown field \"%.40s\" (expected "
                                  "name, terms, strategic_nodes, "
                                  "concept_paths, keyword_nodes, "
                                  "description, source)",
                      who(w, sizeof w, i, th), f->string);
            return false;
        }
        if (!cJSON_IsArray(f)) {
            mct__diag(d, line, 0, "%s: \"%s\" must be an array of strings",
                      who(w, sizeof w, i, th), f->string);
            return false;
        }
        cJSON_ArrayForEach(e, f)
        {
            if (!cJSON_IsString(e) || !e->valuestring[strspn(e->valuestring,
                                                             " \t")]) {
                mct__diag(d, line, 0, "%s: \"%s\" must hold non-empty "
                                      "strings",
                          who(w, sizeof w, i, th), f->string);
                return false;
            }
            terms++;
        }
    }
    if (!cJSON_IsString(nm) || !nm->valuestring[strspn(nm->valuestring, " ")] ||
        strpbrk(nm->valuestring, "\r\n\t")) {
        mct__diag(d, line, 0, "theme %zu: missing \"name\" (a non-empty "
                              "string on one line)", i + 1);
        return false;
    }
    if (!terms) {
        mct__diag(d, line, 0, "%s: no seed terms (give \"terms\", "
                              "\"strategic_nodes\", \"concept_paths\" or "
                              "\"keyword_nodes\")",
                  who(w, sizeof w, i, th));
        return false;
    }
    return true;
}

static char *dup_field(const cJSON *th, const char *name)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(th, name);
    return mct__strdup(cJSON_IsString(f) ? f->valuestring : "");
}

/* Copies one checked entry: its texts and its terms, each once. */
static mct_status take(seed *s, const cJSON *th)
{
    size_t cap = 0;
    if (!(s->name = dup_field(th, "name")) ||
        !(s->description = dup_field(th, "description")) ||
        !(s->source = dup_field(th, "source")))
        return MCT_ENOMEM;
    for (const char *const *l = term_lists; *l; l++) {
        const cJSON *e, *f = cJSON_GetObjectItemCaseSensitive(th, *l);
        cJSON_ArrayForEach(e, f)
        {
            bool seen = false;
            for (size_t j = 0; j < s->n_terms && !seen; j++)
                seen = !strcmp(s->terms[j], e->valuestring);
            if (seen)
                continue;
            if (mct__grow((void **)&s->terms, &cap, s->n_terms + 1,
                          sizeof *s->terms) ||
                !(s->terms[s->n_terms] = mct__strdup(e->valuestring)))
                return MCT_ENOMEM;
            s->n_terms++;
        }
    }
    return MCT_OK;
}

/* Parses and checks the whole document. */
static mct_status build(const char *text, size_t len, const cJSON *j,
                        const size_t *starts, size_t n_starts,
                        mct_theme_seeds *s, mct_diag *diag)
{
    const cJSON *th;
    size_t i = 0;
    if (!(s->v = mct__calloc((size_t)cJSON_GetArraySize(j) + 1, sizeof *s->v)))
        return MCT_ENOMEM;
    cJSON_ArrayForEach(th, j)
    {
        size_t line = i < n_starts ? line_at(text, starts[i]) : 0;
        mct_status rc;
        if (!check_entry(th, i, line, diag))
            return MCT_EPARSE;
        for (size_t q = 0; q < i; q++)
            if (!strcmp(s->v[q].name,
                        cJSON_GetObjectItemCaseSensitive(th, "name")
                            ->valuestring)) {
                mct__diag(diag, line, 0, "theme %zu: name \"%.60s\" is "
                                         "already the name of theme %zu",
                          i + 1, s->v[q].name, q + 1);
                return MCT_EPARSE;
            }
        s->n = i + 1;
        if ((rc = take(&s->v[i], th)))
            return rc;
        i++;
    }
    (void)len;
    return MCT_OK;
}

mct_status mct_theme_seeds_parse(const char *text, size_t len,
                                 mct_theme_seeds **out, mct_diag *diag)
{
    size_t *starts = NULL, n_starts, deep, bad;
    const char *end = NULL;
    cJSON *j = NULL;
    mct_theme_seeds *s = NULL;
    mct_status rc = MCT_EPARSE;
    if (!out || (!text && len))
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if (!mct__utf8_valid(text, len, &bad)) {
        mct__diag(diag, line_at(text, bad), 0, "invalid UTF-8");
        return MCT_EUTF8;
    }
    n_starts = scan(text, len, NULL, 0, &deep);
    if (deep != (size_t)-1) {
        mct__diag(diag, line_at(text, deep), 0, "JSON nested deeper than "
                                                "%d levels", MAX_DEPTH);
        return MCT_ETOOBIG;
    }
    if (!(starts = mct__alloc_array(n_starts + 1, sizeof *starts)))
        return MCT_ENOMEM;
    scan(text, len, starts, n_starts, &deep);
    j = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!j) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        mct__diag(diag, line_at(text, at < len ? at : len), 0,
                  "not valid JSON");
        goto out;
    }
    while (end < text + len && strchr(" \t\r\n", *end))
        end++;
    if (end != text + len) {
        mct__diag(diag, line_at(text, (size_t)(end - text)), 0,
                  "text after the JSON array");
        goto out;
    }
    if (!cJSON_IsArray(j)) {
        mct__diag(diag, 1, 0, "expected a JSON array of {\"name\": ..., "
                              "\"terms\": [...]} objects");
        goto out;
    }
    if (cJSON_GetArraySize(j) < 1) {
        mct__diag(diag, 1, 0, "no themes (an empty array)");
        rc = MCT_EEMPTY;
        goto out;
    }
    rc = MCT_ENOMEM;
    if (!(s = mct__calloc(1, sizeof *s)))
        goto out;
    if ((rc = build(text, len, j, starts, n_starts, s, diag)))
        goto out;
    *out = s;
    s = NULL;
out:
    mct_theme_seeds_free(s);
    cJSON_Delete(j);
    mct__free(starts);
    return rc;
}

mct_status mct_theme_seeds_read(const char *path, mct_theme_seeds **out,
                                mct_diag *diag)
{
    char *data = NULL;
    size_t len = 0;
    mct_status rc;
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    rc = mct_theme_seeds_parse(data, len, out, diag);
    mct__free(data);
    return rc;
}

size_t mct_theme_seeds_count(const mct_theme_seeds *s)
{
    return s ? s->n : 0;
}

mct_status mct_theme_seeds_get(const mct_theme_seeds *s, size_t i,
                               mct_theme_seed *out)
{
    if (!s || !out || i >= s->n)
        return MCT_EINVAL;
    out->name = s->v[i].name;
    out->description = s->v[i].description;
    out->source = s->v[i].source;
    out->terms = (const char *const *)s->v[i].terms;
    out->n_terms = s->v[i].n_terms;
    return MCT_OK;
}

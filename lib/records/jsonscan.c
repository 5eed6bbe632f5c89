/*
 * jsonscan.c - where JSON values begin and end, without building them.
 *
 * The OpenAlex and CSL-JSON readers walk a document's outer array (or an
 * OpenAlex page's "results") with this scanner and give cJSON one record
 * at a time: each record then knows its line, and a malformed record is
 * reported at its own line instead of "somewhere in the file". Only the
 * structure is checked here (strings, brackets, commas); cJSON checks the
 * rest when it parses the record. The scanner keeps a depth count, not a
 * call stack.
 */
#include <cjson/cJSON.h>

#include "jsondepth.h"

#include "records.h"

void mct__js_ws(mct__jscan *s)
{
    while (s->pos < s->len &&
           (s->d[s->pos] == ' ' || s->d[s->pos] == '\t' ||
            s->d[s->pos] == '\r' || s->d[s->pos] == '\n'))
        s->pos++;
}

static bool fail(mct__jscan *s, size_t at, const char *what)
{
    s->err_pos = at;
    s->err = what;
    return false;
}

/* Past the string whose opening quote is at pos. */
static bool skip_string(mct__jscan *s)
{
    size_t start = s->pos++;
    while (s->pos < s->len) {
        char c = s->d[s->pos++];
        if (c == '\\') {
            if (s->pos >= s->len)
                break;
            s->pos++;
        } else if (c == '"') {
            return true;
        } else if (c == '\n') {
            return fail(s, s->pos - 1, "a line break inside a JSON string "
                                       "(an unterminated string?)");
        }
    }
    return fail(s, start, "the file ends inside a JSON string (truncated?)");
}

bool mct__js_string(mct__jscan *s, const char **k, size_t *n)
{
    size_t start;
    mct__js_ws(s);
    if (s->pos >= s->len || s->d[s->pos] != '"')
        return fail(s, s->pos, "expected a JSON string");
    start = s->pos;
    if (!skip_string(s))
        return false;
    *k = s->d + start + 1;
    *n = s->pos - start - 2;
    return true;
}

bool mct__js_skip(mct__jscan *s)
{
    size_t depth = 0, start;
    mct__js_ws(s);
    start = s->pos;
    if (s->pos >= s->len)
        return fail(s, s->pos, "expected a JSON value, found the end of the "
                               "file");
    do {
        char c = s->d[s->pos];
        if (c == '"') {
            if (!skip_string(s))
                return false;
        } else if (c == '{' || c == '[') {
            if (++depth > MCT__JSON_DEPTH)
                return fail(s, s->pos, "JSON nested deeper than 256 "
                                       "levels");
            s->pos++;
        } else if (c == '}' || c == ']') {
            if (!depth)
                return fail(s, s->pos, "an unexpected closing bracket");
            depth--;
            s->pos++;
        } else if (!depth && (c == ',' || c == ':')) {
            return fail(s, s->pos, "expected a JSON value");
        } else {
            s->pos++;
            /* A scalar at the outer level ends at a delimiter. */
            if (!depth)
                while (s->pos < s->len && !strchr(",]}: \t\r\n",
                                                  s->d[s->pos]))
                    s->pos++;
        }
        if (depth && s->pos >= s->len)
            return fail(s, start, "the file ends inside a JSON value "
                                  "(truncated?)");
    } while (depth);
    return true;
}

void mct__js_diag(const mct__jscan *s, mct_diag *diag)
{
    size_t line = mct__line_of(s->d, s->err_pos), col = 1;
    for (size_t i = s->err_pos; i > 0 && s->d[i - 1] != '\n'; i--)
        col++;
    mct__diag(diag, line, col, "%s", s->err ? s->err : "malformed JSON");
}

bool mct__js_nul_escape(const char *s, size_t n)
{
    for (size_t i = 0; i + 5 < n; i++)
        if (s[i] == '\\' && s[i + 1] == 'u' && !memcmp(s + i + 2, "0000", 4))
            return true;
    return false;
}

typedef struct walk {
    mct__jscan s;
    const char *what, *list_key;
    mct__json_item item;
    void *user;
    mct_diag *diag;
} walk;

/* Parses data[start..end) with cJSON and hands it to item(). */
static mct_status one(walk *w, size_t start, size_t end)
{
    const char *stop = NULL;
    size_t line = mct__line_of(w->s.d, start);
    cJSON *o;
    mct_status rc;
    if (mct__js_nul_escape(w->s.d + start, end - start)) {
        mct__diag(w->diag, line, 0, "a string contains \\u0000");
        return MCT_EPARSE;
    }
    o = cJSON_ParseWithLengthOpts(w->s.d + start, end - start, &stop, false);
    if (!o) {
        size_t at = stop && stop >= w->s.d + start ? (size_t)(stop - w->s.d)
                                                   : start;
        if (!mct__json_too_deep(w->s.d + start, end - start, line, w->diag))
            mct__diag(w->diag, mct__line_of(w->s.d, at), 0,
                      "not valid JSON (in the record starting on line %zu)",
                      line);
        return MCT_EPARSE;
    }
    if (!cJSON_IsObject(o)) {
        mct__diag(w->diag, line, 0, "expected a JSON object for a record");
        rc = MCT_EPARSE;
    } else {
        rc = w->item(w->user, o, line, w->diag);
    }
    cJSON_Delete(o);
    return rc;
}

static mct_status value(walk *w, bool nested);

/* The elements of the array at pos. */
static mct_status elements(walk *w, bool nested)
{
    mct_status rc;
    w->s.pos++;
    for (;;) {
        mct__js_ws(&w->s);
        if (w->s.pos < w->s.len && w->s.d[w->s.pos] == ']') {
            w->s.pos++;
            return MCT_OK;
        }
        if ((rc = value(w, nested)))
            return rc;
        mct__js_ws(&w->s);
        if (w->s.pos < w->s.len && w->s.d[w->s.pos] == ',')
            w->s.pos++;
        else if (w->s.pos >= w->s.len || w->s.d[w->s.pos] != ']') {
            w->s.err_pos = w->s.pos;
            w->s.err = w->s.pos >= w->s.len
                           ? "the file ends inside a JSON array (truncated?)"
                           : "expected ',' or ']' after a record";
            mct__js_diag(&w->s, w->diag);
            return MCT_EPARSE;
        }
    }
}

/* The object at start: a page whose list_key array holds the records,
 * or else a record itself. Keys are scanned as they come, so that the
 * records of a page are read (and their errors found) one by one. */
static mct_status object_or_page(walk *w, size_t start)
{
    mct__jscan *s = &w->s;
    bool page = false;
    mct_status rc;
    s->pos = start + 1;
    for (;;) {
        const char *k;
        size_t n;
        mct__js_ws(s);
        if (s->pos < s->len && s->d[s->pos] == '}')
            break;
        if (!mct__js_string(s, &k, &n))
            goto bad;
        mct__js_ws(s);
        if (s->pos >= s->len || s->d[s->pos] != ':') {
            s->err_pos = s->pos;
            s->err = "expected ':' after a key";
            goto bad;
        }
        s->pos++;
        mct__js_ws(s);
        if (n == strlen(w->list_key) && !memcmp(k, w->list_key, n) &&
            s->pos < s->len && s->d[s->pos] == '[') {
            page = true;
            if ((rc = elements(w, true)))
                return rc;
        } else if (!mct__js_skip(s)) {
            goto bad;
        }
        mct__js_ws(s);
        if (s->pos < s->len && s->d[s->pos] == ',') {
            s->pos++;
        } else if (s->pos >= s->len || s->d[s->pos] != '}') {
            s->err_pos = s->pos;
            s->err = s->pos >= s->len ? "the file ends inside a JSON object "
                                        "(truncated?)"
                                      : "expected ',' or '}' in an object";
            goto bad;
        }
    }
    s->pos++;
    return page ? MCT_OK : one(w, start, s->pos);
bad:
    mct__js_diag(s, w->diag);
    return MCT_EPARSE;
}

static mct_status value(walk *w, bool nested)
{
    size_t start;
    mct__js_ws(&w->s);
    start = w->s.pos;
    if (start < w->s.len && w->s.d[start] == '[' && !nested)
        return elements(w, true);
    if (start >= w->s.len || w->s.d[start] != '{') {
        w->s.err_pos = start;
        w->s.err = "expected a JSON object (a record) here";
        mct__js_diag(&w->s, w->diag);
        return MCT_EPARSE;
    }
    if (!nested && w->list_key)
        return object_or_page(w, start);
    if (!mct__js_skip(&w->s)) {
        mct__js_diag(&w->s, w->diag);
        return MCT_EPARSE;
    }
    return one(w, start, w->s.pos);
}

mct_status mct__json_items(const char *data, size_t len, const char *what,
                           const char *list_key, mct__json_item item,
                           void *user, mct_diag *diag)
{
    walk w;
    mct_status rc;
    if ((rc = mct__check_text(data, len, what, diag)))
        return rc;
    memset(&w, 0, sizeof w);
    w.s.d = data;
    w.s.len = len;
    w.s.pos = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    w.what = what;
    w.list_key = list_key;
    w.item = item;
    w.user = user;
    w.diag = diag;
    for (;;) {
        mct__js_ws(&w.s);
        if (w.s.pos >= w.s.len)
            return MCT_OK;
        if ((rc = value(&w, false)))
            return rc;
    }
}

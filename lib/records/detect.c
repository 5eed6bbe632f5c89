/*
 * detect.c - which export a file is, from its content.
 *
 * Each format is recognised by what it must start with (tags, '@entry{',
 * a JSON bracket) or by its header's column names. Content that is none
 * of them is refused with a few words on what it looks like: a CSV file
 * from a service we do not read must not become one "title" per line.
 * Plain text is taken only where nothing else fits: no JSON, no tagged
 * lines, no header of delimited columns, no markup.
 */
#include <stdio.h>

#include "records.h"

static bool starts_with(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

static const char *eol_of(const char *p, const char *end)
{
    const char *e = memchr(p, '\n', (size_t)(end - p));
    return e ? e : end;
}

/* ---- JSON ----------------------------------------------------------- */

typedef struct jkeys {
    bool results, meta, openalex, csl, any;
    char first[3][24]; /* the first keys, for the message */
    size_t n_first;
} jkeys;

static bool key_is(const char *k, size_t n, const char *s)
{
    return n == strlen(s) && !memcmp(k, s, n);
}

static void note_key(jkeys *j, mct__jscan *s, const char *k, size_t n)
{
    static const char *const oa[] = {"publication_year", "authorships",
                                     "abstract_inverted_index",
                                     "cited_by_count", NULL};
    static const char *const csl[] = {"issued", "container-title", "author",
                                      "citation-key", NULL};
    j->any = true;
    if (j->n_first < 3) {
        size_t m = n < sizeof j->first[0] - 1 ? n : sizeof j->first[0] - 1;
        memcpy(j->first[j->n_first], k, m);
        j->first[j->n_first++][m] = '\0';
    }
    j->results |= key_is(k, n, "results");
    j->meta |= key_is(k, n, "meta");
    for (int i = 0; oa[i]; i++)
        j->openalex |= key_is(k, n, oa[i]);
    for (int i = 0; csl[i]; i++)
        j->csl |= key_is(k, n, csl[i]);
    /* "id": "https://openalex.org/W..." */
    if (key_is(k, n, "id")) {
        mct__jscan t = *s;
        const char *v;
        size_t vn;
        mct__js_ws(&t);
        if (t.pos < t.len && t.d[t.pos] == ':') {
            t.pos++;
            if (mct__js_string(&t, &v, &vn) && vn > 21 &&
                !memcmp(v, "https://openalex.org/W", 22))
                j->openalex = true;
        }
    }
}

/* The keys of the object at s->pos (its values skipped). */
static bool object_keys(mct__jscan *s, jkeys *j)
{
    mct__js_ws(s);
    if (s->pos >= s->len || s->d[s->pos] != '{')
        return false;
    s->pos++;
    for (;;) {
        const char *k;
        size_t n;
        mct__js_ws(s);
        if (s->pos < s->len && s->d[s->pos] == '}')
            return true;
        if (!mct__js_string(s, &k, &n))
            return false;
        note_key(j, s, k, n);
        mct__js_ws(s);
        if (s->pos >= s->len || s->d[s->pos] != ':')
            return false;
        s->pos++;
        if (!mct__js_skip(s))
            return false;
        mct__js_ws(s);
        if (s->pos < s->len && s->d[s->pos] == ',')
            s->pos++;
        else
            return s->pos < s->len && s->d[s->pos] == '}';
    }
}

static mct_format detect_json(const char *p, const char *end, char *what,
                              size_t cap)
{
    mct__jscan s = {p, (size_t)(end - p), 0, 0, NULL};
    jkeys j;
    bool array = *p == '[';
    memset(&j, 0, sizeof j);
    if (array) {
        s.pos = 1;
        mct__js_ws(&s);
        if (s.pos < s.len && s.d[s.pos] == ']')
            return MCT_FORMAT_CSL_JSON; /* an empty list: no records */
    }
    /* A malformed first value is left to the reader, which names it. */
    if (!object_keys(&s, &j))
        return array ? MCT_FORMAT_CSL_JSON : MCT_FORMAT_JSONL;
    if (j.openalex || (j.results && j.meta))
        return MCT_FORMAT_OPENALEX_JSON;
    if (j.csl)
        return MCT_FORMAT_CSL_JSON;
    if (!array)
        return MCT_FORMAT_JSONL;
    snprintf(what, cap, "a JSON array of objects with keys \"%s\"%s%s%s",
             j.first[0], j.n_first > 1 ? ", \"" : "", j.n_first > 1 ?
             j.first[1] : "", j.n_first > 1 ? "\", ..." : "");
    return MCT_FORMAT_AUTO;
}

/* ---- delimited headers ---------------------------------------------- */

/* The fields of the record at p split at sep, quotes respected; returns
 * how many, and where the record ends. Field texts go to names (at most
 * max, each cut to 40 bytes) when names is not NULL. */
static size_t fields(const char *p, const char *end, char sep,
                     char (*names)[41], size_t max, const char **next,
                     size_t *longest)
{
    size_t n = 0, len = 0;
    bool q = false, ended = false;
    *longest = 0;
    for (; p < end; p++) {
        char c = *p;
        if (q) {
            if (c == '"' && p + 1 < end && p[1] == '"')
                p++;
            else if (c == '"')
                q = false;
            else
                goto text;
            continue;
        }
        if (c == '"') {
            q = true;
            continue;
        }
        if (c == '\n' || c == sep) {
            if (names && n < max)
                names[n][len < 40 ? len : 40] = '\0';
            if (len > *longest)
                *longest = len;
            n++;
            len = 0;
            if (c == '\n') {
                p++;
                ended = true;
                break;
            }
            continue;
        }
        if (c == '\r')
            continue;
    text:
        if (names && n < max && len < 40)
            names[n][len] = c;
        len++;
    }
    if (!ended && (len || n)) {
        if (names && n < max)
            names[n][len < 40 ? len : 40] = '\0';
        if (len > *longest)
            *longest = len;
        n++;
    }
    *next = p;
    return n;
}

static bool has_name(char (*names)[41], size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        const char *a = names[i];
        if (!strncmp(a, "\xEF\xBB\xBF", 3))
            a += 3;
        while (*a == ' ')
            a++;
        if (!strncmp(a, s, strlen(s)) &&
            a[strlen(s) + strspn(a + strlen(s), " ")] == '\0')
            return true;
    }
    return false;
}

static bool has_prefix(char (*names)[41], size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(names[i], s, strlen(s)))
            return true;
    return false;
}

/* A header of at least 3 short columns, followed by a record as wide. */
static mct_format detect_table(const char *p, const char *end, char *what,
                               size_t cap, bool *table)
{
    static const char seps[] = {',', '\t', ';'};
    char names[64][41];
    *table = false;
    for (int k = 0; k < 3; k++) {
        const char *next, *next2;
        size_t longest, l2, n = fields(p, end, seps[k], names, 64, &next,
                                       &longest);
        size_t m = n > 64 ? 64 : n, n2;
        if (k == 0) {
            if (has_name(names, m, "Lens ID"))
                return MCT_FORMAT_LENS_CSV;
            if (has_name(names, m, "publication_year") ||
                has_prefix(names, m, "authorships.") ||
                (has_name(names, m, "id") && has_name(names, m,
                                                       "display_name")))
                return MCT_FORMAT_OPENALEX_CSV;
            if (has_name(names, m, "Title") &&
                has_name(names, m, "Authors") &&
                (has_name(names, m, "EID") ||
                 has_name(names, m, "Source title")))
                return MCT_FORMAT_SCOPUS_CSV;
        }
        if (k == 1 && n >= 2 && has_name(names, 1, "PT") &&
            has_name(names, m, "TI"))
            return MCT_FORMAT_WOS_TAB;
        if (n < (seps[k] == '\t' ? 2u : 3u) || longest > 64)
            continue;
        n2 = next < end ? fields(next, end, seps[k], NULL, 0, &next2, &l2)
                        : n;
        if (n2 != n && seps[k] != '\t')
            continue;
        *table = true;
        snprintf(what, cap, "a %s file with %zu columns: \"%s\", \"%s\", ...",
                 seps[k] == '\t' ? "tab-delimited" : seps[k] == ';'
                                                         ? "semicolon CSV"
                                                         : "CSV",
                 n, names[0], names[1]);
        return MCT_FORMAT_AUTO;
    }
    return MCT_FORMAT_AUTO;
}

/* ---- tagged lines ------------------------------------------------------ */

/* "XX  - ", "XXXX- " (RIS, PubMed) or "%X " (EndNote refer). */
static bool tag_line(const char *p, const char *e)
{
    size_t n = (size_t)(e - p), i = 0;
    if (n >= 3 && p[0] == '%' && p[2] == ' ')
        return true;
    while (i < n && i < 4 && ((p[i] >= 'A' && p[i] <= 'Z') ||
                              (i && p[i] >= '0' && p[i] <= '9')))
        i++;
    if (i < 2)
        return false;
    while (i < n && i < 4 && p[i] == ' ')
        i++;
    return i < n && p[i] == '-' && (i + 1 == n || p[i + 1] == ' ');
}

static bool tagged(const char *p, const char *end, char *what, size_t cap)
{
    size_t lines = 0, tags = 0;
    const char *first = p;
    while (p < end && lines < 3) {
        const char *e = eol_of(p, end);
        if (e > p + (e[-1] == '\r')) {
            lines++;
            tags += tag_line(p, e);
        }
        p = e + 1;
    }
    if (lines < 2 || tags < lines)
        return false;
    snprintf(what, cap, "tagged lines starting \"%.*s\"",
             (int)(eol_of(first, end) - first < 6 ? eol_of(first, end) - first
                                                   : 6),
             first);
    return true;
}

/* A BibTeX entry: "@name{" or "@name(" at the start of a line, after
 * nothing but comment lines or free text (Scopus's "Scopus / EXPORT
 * DATE" header, JabRef's "% Encoding"). */
static bool bibtex(const char *p, const char *end)
{
    for (size_t lines = 0; p < end && lines < 20; lines++) {
        const char *e = eol_of(p, end), *q = p;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        if (q < e && *q == '@') {
            q++;
            while (q < e && ((*q >= 'a' && *q <= 'z') ||
                             (*q >= 'A' && *q <= 'Z')))
                q++;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            return q < e && (*q == '{' || *q == '(');
        }
        p = e + 1;
    }
    return false;
}

mct_format mct__detect(const char *data, size_t len, char *what, size_t cap)
{
    const char *p = data, *end = data + len;
    bool table;
    mct_format f;
    snprintf(what, cap, "unknown");
    if (len >= 2 && (unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE)
        return MCT_FORMAT_WOS_TAB; /* UTF-16LE: WoS "Windows" export */
    if (starts_with(p, end, "\xEF\xBB\xBF"))
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p == end)
        return MCT_FORMAT_LINES; /* nothing: the reader says it is empty */
    if (*p == '{' || *p == '[')
        return detect_json(p, end, what, cap);
    if (starts_with(p, end, "FN ") || starts_with(p, end, "PT "))
        return MCT_FORMAT_WOS_TEXT;
    if (starts_with(p, end, "TY  -"))
        return MCT_FORMAT_RIS;
    if (starts_with(p, end, "PMID-"))
        return MCT_FORMAT_PUBMED;
    if (bibtex(p, end))
        return MCT_FORMAT_BIBTEX;
    if (*p == '<') {
        snprintf(what, cap, "XML or HTML (\"%.*s\")",
                 (int)(eol_of(p, end) - p < 20 ? eol_of(p, end) - p : 20), p);
        return MCT_FORMAT_AUTO;
    }
    if ((f = detect_table(p, end, what, cap, &table)) != MCT_FORMAT_AUTO ||
        table)
        return f;
    if (tagged(p, end, what, cap))
        return MCT_FORMAT_AUTO;
    return MCT_FORMAT_LINES;
}

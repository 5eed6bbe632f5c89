/*
 * bibtex.c - BibTeX, as Scopus, Web of Science, Zotero and JabRef write
 * it.
 *
 * Entries are "@type{key, name = value, ...}" (or with parentheses);
 * values are {braced} (nested braces kept for the TeX conversion),
 * "quoted", numbers or @string names, joined by '#'. Text outside entries
 * is a comment, as are lines starting with '%'; @comment and @preamble are
 * skipped. Field names are compared without case. Values become plain
 * UTF-8 through latex.c.
 *
 * Fields: title; author (split at " and "); year (or the year of date);
 * journal, journaltitle or booktitle as the venue; doi; abstract; the
 * author keywords (Scopus: author_keywords; others: keywords) and index
 * keywords (Scopus: keywords; Web of Science: keywords-plus), split at ';'
 * (or ',' where there is none); Web-of-Science-Categories; type (Scopus
 * and WoS) or the entry type; language; the citation count from Scopus's
 * note "Cited by: N" or WoS's Times-Cited. The id is Scopus's EID (from
 * the url), else the entry key (WoS keys are the UT, "WOS:...").
 *
 * Why our own parser: Debian's btparse (libbtparse2) keeps its state in
 * globals (one file at a time per process), prints its errors through a
 * global handler that may exit, and crashes on entries with more than
 * about 90 fields (its own documentation says so); none of that is
 * acceptable in a library. This one is iterative, keeps its state in a
 * struct and reports the line of every problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "records.h"

/* Braces nested deeper than this are refused (no real title needs 8). */
#define BIB_DEPTH 64

typedef struct bfield {
    char name[48];
    size_t line;
    char unknown[48]; /* an @string name with no definition, or "" */
    mct__buf val;
} bfield;

typedef struct bib {
    const char *d, *file;
    size_t len, pos;
    size_t cache_pos, cache_line; /* mct__line_of, incrementally */
    mct_records *r;
    mct_diag *diag;
    mct__list mnames, mvals;      /* @string macros */
    bfield *f;
    size_t nf, fcap, finit;       /* finit: slots zeroed so far */
    char type[32], key[256];
    size_t line;                  /* of the current entry's '@' */
} bib;

static size_t line_at(bib *b, size_t pos)
{
    if (pos < b->cache_pos) {
        b->cache_pos = 0;
        b->cache_line = 1;
    }
    for (; b->cache_pos < pos; b->cache_pos++)
        b->cache_line += b->d[b->cache_pos] == '\n';
    return b->cache_line;
}

static mct_status err(bib *b, size_t pos, const char *what)
{
    mct__diag(b->diag, line_at(b, pos), 0, "%s", what);
    return MCT_EPARSE;
}

static void ws(bib *b)
{
    while (b->pos < b->len && (b->d[b->pos] == ' ' || b->d[b->pos] == '\t' ||
                               b->d[b->pos] == '\r' || b->d[b->pos] == '\n'))
        b->pos++;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (c && strchr("_-:.+/'!?&*@", c));
}

/* A name (field, entry type, @string) into out, lower-cased. */
static size_t read_name(bib *b, char *out, size_t cap)
{
    size_t k = 0;
    while (b->pos < b->len && name_char(b->d[b->pos])) {
        char c = b->d[b->pos++];
        if (k + 1 < cap)
            out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[k < cap ? k : cap - 1] = '\0';
    return k;
}

/* "@name{" at the start of the line at pos (after spaces). */
static bool entry_start(const bib *b, size_t pos)
{
    while (pos < b->len && (b->d[pos] == ' ' || b->d[pos] == '\t'))
        pos++;
    if (pos >= b->len || b->d[pos] != '@')
        return false;
    pos++;
    while (pos < b->len && ((b->d[pos] >= 'a' && b->d[pos] <= 'z') ||
                            (b->d[pos] >= 'A' && b->d[pos] <= 'Z')))
        pos++;
    while (pos < b->len && (b->d[pos] == ' ' || b->d[pos] == '\t'))
        pos++;
    return pos < b->len && (b->d[pos] == '{' || b->d[pos] == '(');
}

/* A {braced} or "quoted" part, delimiters dropped, inner braces kept. */
static mct_status delimited(bib *b, mct__buf *out)
{
    char open = b->d[b->pos];
    size_t start = b->pos++, depth = 0;
    for (; b->pos < b->len; b->pos++) {
        char c = b->d[b->pos];
        if (c == '\\' && b->pos + 1 < b->len) {
            /* \{ and \} are characters, not braces. */
            if (mct__buf_add(out, b->d + b->pos, 2))
                return MCT_ENOMEM;
            b->pos++;
            continue;
        }
        if (c == '{' && ++depth > BIB_DEPTH)
            return err(b, b->pos, "braces nested deeper than 64");
        if (c == '}' && depth == 0) {
            if (open == '{') {
                b->pos++;
                return MCT_OK;
            }
            return err(b, b->pos, "a '}' without its '{' inside a quoted "
                                  "value");
        }
        if (c == '}')
            depth--;
        if (c == '"' && open == '"' && depth == 0) {
            b->pos++;
            return MCT_OK;
        }
        if (c == '\n' && entry_start(b, b->pos + 1)) {
            mct__diag(b->diag, line_at(b, start), 0,
                      "the value of entry %s starting here is not closed "
                      "before the next entry (a missing '%c'?)",
                      b->key, open == '{' ? '}' : '"');
            return MCT_EPARSE;
        }
        if (mct__buf_addc(out, c))
            return MCT_ENOMEM;
    }
    mct__diag(b->diag, line_at(b, start), 0,
              "the file ends inside a value of entry %s (a missing '%c'?)",
              b->key, open == '{' ? '}' : '"');
    return MCT_EPARSE;
}

static const char *macro(bib *b, const char *name)
{
    static const char *const months[12][2] = {
        {"jan", "January"}, {"feb", "February"}, {"mar", "March"},
        {"apr", "April"},   {"may", "May"},      {"jun", "June"},
        {"jul", "July"},    {"aug", "August"},   {"sep", "September"},
        {"oct", "October"}, {"nov", "November"}, {"dec", "December"}};
    for (size_t i = b->mnames.n; i-- > 0;)
        if (!strcmp(b->mnames.items[i], name))
            return b->mvals.items[i];
    for (int m = 0; m < 12; m++)
        if (!strcmp(months[m][0], name))
            return months[m][1];
    return NULL;
}

/* part # part # ...; an undefined @string name goes to unknown. */
static mct_status value(bib *b, mct__buf *out, char *unknown, size_t ucap)
{
    mct_status rc;
    out->len = 0;
    for (;;) {
        char c;
        ws(b);
        c = b->pos < b->len ? b->d[b->pos] : '\0';
        if (c == '{' || c == '"') {
            if ((rc = delimited(b, out)))
                return rc;
        } else if (c >= '0' && c <= '9') {
            while (b->pos < b->len && b->d[b->pos] >= '0' &&
                   b->d[b->pos] <= '9')
                if (mct__buf_addc(out, b->d[b->pos++]))
                    return MCT_ENOMEM;
        } else if (name_char(c)) {
            char name[48];
            const char *v;
            read_name(b, name, sizeof name);
            if ((v = macro(b, name))) {
                if (mct__buf_add(out, v, strlen(v)))
                    return MCT_ENOMEM;
            } else if (!unknown[0]) {
                snprintf(unknown, ucap, "%s", name);
            }
        } else {
            return err(b, b->pos, b->pos >= b->len
                                      ? "the file ends where a value should "
                                        "be (truncated?)"
                                      : "expected a value: {text}, "
                                        "\"text\", a number or a @string "
                                        "name");
        }
        ws(b);
        if (b->pos >= b->len || b->d[b->pos] != '#')
            return mct__buf_term(out);
        b->pos++;
    }
}

/* Skips a balanced {...} or (...) body (for @comment and @preamble). */
static mct_status skip_body(bib *b, char close)
{
    size_t start = b->pos, depth = 0;
    char open = b->d[b->pos];
    for (; b->pos < b->len; b->pos++) {
        char c = b->d[b->pos];
        if (c == open && ++depth > BIB_DEPTH)
            return err(b, b->pos, "brackets nested deeper than 64");
        if (c == close && --depth == 0) {
            b->pos++;
            return MCT_OK;
        }
    }
    return err(b, start, "the file ends inside an @comment or @preamble "
                         "(a missing closing bracket?)");
}

/* @string{name = value} */
static mct_status string_def(bib *b, char close)
{
    char name[48];
    char unknown[48] = "";
    mct__buf v = {0};
    mct_status rc;
    b->pos++;
    ws(b);
    if (!read_name(b, name, sizeof name))
        return err(b, b->pos, "expected a name after @string{");
    ws(b);
    if (b->pos >= b->len || b->d[b->pos] != '=')
        return err(b, b->pos, "expected '=' in @string");
    b->pos++;
    if (!(rc = value(b, &v, unknown, sizeof unknown))) {
        ws(b);
        if (unknown[0]) {
            mct__diag(b->diag, line_at(b, b->pos), 0,
                      "@string %s uses @string %s, which is not defined",
                      name, unknown);
            rc = MCT_EPARSE;
        } else if (b->pos >= b->len || b->d[b->pos] != close) {
            rc = err(b, b->pos, "expected the end of the @string");
        } else if (!(rc = mct__list_add(&b->mnames, name, strlen(name)))) {
            b->pos++;
            rc = mct__list_add(&b->mvals, v.p ? v.p : "", v.len);
        }
    }
    mct__buf_free(&v);
    return rc;
}

static mct_status emit(bib *b);

/* name = value, ... up to the closing bracket. */
static mct_status fields(bib *b, char close)
{
    mct_status rc;
    for (;;) {
        bfield *f;
        ws(b);
        if (b->pos >= b->len)
            break;
        if (b->d[b->pos] == close) {
            b->pos++;
            return MCT_OK;
        }
        if (b->d[b->pos] == ',') {
            b->pos++;
            continue;
        }
        if (mct__grow((void **)&b->f, &b->fcap, b->nf + 1, sizeof *b->f))
            return MCT_ENOMEM;
        f = &b->f[b->nf];
        if (b->nf >= b->finit) {
            memset(f, 0, sizeof *f);
            b->finit = b->nf + 1;
        }
        f->line = line_at(b, b->pos);
        f->unknown[0] = '\0';
        if (!read_name(b, f->name, sizeof f->name))
            return err(b, b->pos, "expected a field name (or the entry's "
                                  "closing bracket)");
        ws(b);
        if (b->pos >= b->len || b->d[b->pos] != '=')
            return err(b, b->pos, "expected '=' after a field name");
        b->pos++;
        if ((rc = value(b, &f->val, f->unknown, sizeof f->unknown)))
            return rc;
        b->nf++;
        ws(b);
        if (b->pos < b->len && b->d[b->pos] == '@' && entry_start(b, b->pos)) {
            mct__diag(b->diag, b->line, 0, "entry %s is not closed before "
                                           "the entry on line %zu (a "
                                           "missing '%c'?)",
                      b->key, line_at(b, b->pos), close);
            return MCT_EPARSE;
        }
        if (b->pos < b->len && b->d[b->pos] != ',' && b->d[b->pos] != close)
            return err(b, b->pos, "expected ',' or the entry's end after a "
                                  "value (a missing comma?)");
    }
    mct__diag(b->diag, b->line, 0, "the file ends inside entry %s (a missing "
                                   "'%c'?)",
              b->key, close);
    return MCT_EPARSE;
}

static mct_status entry(bib *b, char close)
{
    size_t k = 0;
    mct_status rc;
    b->pos++;
    ws(b);
    /* The key runs to the comma; Scopus writes keys with spaces in them
     * ("Carmone Jr.1997538"). */
    while (b->pos < b->len && b->d[b->pos] != ',' && b->d[b->pos] != close &&
           b->d[b->pos] != '\n') {
        if (k + 1 < sizeof b->key)
            b->key[k++] = b->d[b->pos];
        b->pos++;
    }
    while (k && (b->key[k - 1] == ' ' || b->key[k - 1] == '\t' ||
                 b->key[k - 1] == '\r'))
        k--;
    b->key[k] = '\0';
    b->nf = 0;
    if ((rc = fields(b, close)))
        return rc;
    return emit(b);
}

/* One '@...' at pos. */
static mct_status at_sign(bib *b)
{
    char close;
    b->line = line_at(b, b->pos);
    b->pos++;
    ws(b);
    if (!read_name(b, b->type, sizeof b->type))
        return err(b, b->pos, "'@' without an entry type");
    ws(b);
    if (b->pos >= b->len || (b->d[b->pos] != '{' && b->d[b->pos] != '('))
        return err(b, b->pos, "expected '{' after the entry type");
    close = b->d[b->pos] == '{' ? '}' : ')';
    if (!strcmp(b->type, "comment") || !strcmp(b->type, "preamble"))
        return skip_body(b, close);
    if (!strcmp(b->type, "string"))
        return string_def(b, close);
    return entry(b, close);
}

/* ---- from fields to a record ------------------------------------------ */

typedef struct bout {
    mct__buf title, venue, doi, abs, type, lang, tmp;
    mct__list au, kw, ikw, cat;
    char id[256], cited[32];
} bout;

static void bout_free(bout *o)
{
    mct__buf_free(&o->title);
    mct__buf_free(&o->venue);
    mct__buf_free(&o->doi);
    mct__buf_free(&o->abs);
    mct__buf_free(&o->type);
    mct__buf_free(&o->lang);
    mct__buf_free(&o->tmp);
    mct__list_free(&o->au);
    mct__list_free(&o->kw);
    mct__list_free(&o->ikw);
    mct__list_free(&o->cat);
}

/* The field's raw value, or NULL; a field given twice, or one using an
 * undefined @string, is an error (*rc). */
static const bfield *get(bib *b, const char *name, mct_status *rc)
{
    const bfield *hit = NULL;
    for (size_t i = 0; i < b->nf; i++) {
        if (strcmp(b->f[i].name, name))
            continue;
        if (hit) {
            mct__diag(b->diag, b->f[i].line, 0,
                      "field %s given twice in entry %s", name, b->key);
            *rc = MCT_EPARSE;
            return NULL;
        }
        hit = &b->f[i];
    }
    if (hit && hit->unknown[0]) {
        mct__diag(b->diag, hit->line, 0, "field %s of entry %s uses "
                                         "@string %s, which is not defined",
                  name, b->key, hit->unknown);
        *rc = MCT_EPARSE;
        return NULL;
    }
    return hit;
}

/* A field as plain text into out ("" when absent). */
static mct_status text(bib *b, const char *name, bool verbatim,
                       mct__buf *out)
{
    mct_status rc = MCT_OK;
    const bfield *f = get(b, name, &rc);
    if (rc)
        return rc;
    if (!f) {
        out->len = 0;
        return mct__buf_term(out);
    }
    return mct__tex_to_utf8(f->val.p ? f->val.p : "", f->val.len, verbatim,
                            out);
}

/* "A and B and others": the names, as text, into l. */
static mct_status authors(bib *b, const char *name, bout *o)
{
    mct_status rc = MCT_OK;
    const bfield *f = get(b, name, &rc);
    const char *s;
    size_t n, start = 0, depth = 0;
    if (rc || !f || !f->val.p)
        return rc;
    s = f->val.p;
    n = f->val.len;
    for (size_t i = 0; i <= n && !rc; i++) {
        bool cut = i == n;
        if (i < n && s[i] == '{')
            depth++;
        else if (i < n && s[i] == '}' && depth)
            depth--;
        else if (i < n && !depth && (s[i] == ' ' || s[i] == '\n' ||
                                     s[i] == '\t') &&
                 i + 4 < n && !strncasecmp(s + i + 1, "and", 3) &&
                 (s[i + 4] == ' ' || s[i + 4] == '\n' || s[i + 4] == '\t'))
            cut = true;
        if (!cut)
            continue;
        if (!(rc = mct__tex_to_utf8(s + start, i - start, false, &o->tmp)) &&
            o->tmp.len && strcmp(o->tmp.p, "others"))
            rc = mct__list_add(&o->au, o->tmp.p, o->tmp.len);
        start = i + 4;
        i += 3;
    }
    return rc;
}

/* A list field split at ';' (or, unless semi, at ',' where it has no
 * ';'). */
static mct_status split(bib *b, const char *name, mct__list *l, bout *o,
                        bool semi)
{
    mct_status rc = text(b, name, false, &o->tmp);
    if (rc || !o->tmp.len)
        return rc;
    return mct__list_split(l, o->tmp.p, o->tmp.len,
                           semi || strchr(o->tmp.p, ';') ? ';' : ',');
}

static const char *entry_type(const char *t)
{
    static const char *const map[][2] = {
        {"article", "Article"}, {"inproceedings", "Conference Paper"},
        {"conference", "Conference Paper"}, {"incollection", "Book Chapter"},
        {"inbook", "Book Chapter"}, {"book", "Book"},
        {"phdthesis", "Thesis"}, {"mastersthesis", "Thesis"},
        {"thesis", "Thesis"}, {"techreport", "Report"}, {"report", "Report"},
        {"proceedings", "Proceedings"}, {"misc", "Misc"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(t, map[i][0]))
            return map[i][1];
    return t;
}

/* Scopus and Web of Science: their ids, counts and keyword fields. */
static mct_status origin(bib *b, bout *o, mct_record *rec, bool *scopus)
{
    mct_status rc;
    const char *e;
    if ((rc = text(b, "source", false, &o->tmp)))
        return rc;
    *scopus = !strcasecmp(o->tmp.p, "scopus");
    if ((rc = text(b, "url", true, &o->tmp)))
        return rc;
    *scopus |= strstr(o->tmp.p, "scopus.com") != NULL;
    rec->id = b->key;
    rec->source = "bibtex";
    if (*scopus) {
        rec->source = "scopus";
        if ((e = strstr(o->tmp.p, "eid=")) != NULL) {
            size_t k = strcspn(e + 4, "&");
            snprintf(o->id, sizeof o->id, "%.*s", (int)k, e + 4);
            rec->id = o->id;
        }
        if ((rc = text(b, "note", false, &o->tmp)))
            return rc;
        if ((e = strstr(o->tmp.p, "Cited by:")) != NULL)
            rec->cited_by = atol(e + 9);
    } else if (!strncasecmp(b->key, "WOS:", 4) ||
               get(b, "web-of-science-categories", &rc)) {
        rec->source = "wos";
        if (rc || (rc = text(b, "times-cited", false, &o->tmp)))
            return rc;
        if (o->tmp.len)
            rec->cited_by = atol(o->tmp.p);
    }
    return rc;
}

static mct_status year_of(bib *b, bout *o, mct_record *rec)
{
    mct_status rc = text(b, "year", false, &o->tmp);
    const char *y;
    char *end;
    long v;
    if (!rc && !o->tmp.len)
        rc = text(b, "date", false, &o->tmp);
    if (rc || !o->tmp.len)
        return rc;
    y = o->tmp.p;
    v = strtol(y, &end, 10);
    if (end - y != 4 || v < 1000 || (*end && *end != '-' && *end != '/')) {
        mct__diag(b->diag, b->line, 0, "entry %s: year \"%.20s\" is not a "
                                       "year",
                  b->key, y);
        return MCT_EPARSE;
    }
    rec->year = (int)v;
    return MCT_OK;
}

static mct_status fill(bib *b, bout *o, mct_record *rec)
{
    bool scopus;
    mct_status rc;
    if ((rc = origin(b, o, rec, &scopus)) || (rc = year_of(b, o, rec)) ||
        (rc = text(b, "title", false, &o->title)) ||
        (rc = text(b, "journal", false, &o->venue)) ||
        (!o->venue.len && (rc = text(b, "journaltitle", false, &o->venue))) ||
        (!o->venue.len && (rc = text(b, "booktitle", false, &o->venue))) ||
        (rc = text(b, "doi", true, &o->doi)) ||
        (rc = text(b, "abstract", false, &o->abs)) ||
        (rc = text(b, "type", false, &o->type)) ||
        (rc = text(b, "language", false, &o->lang)) ||
        (rc = authors(b, "author", o)) ||
        (rc = split(b, "author_keywords", &o->kw, o, false)) ||
        (rc = split(b, scopus ? "keywords" : "keywords-plus", &o->ikw, o,
                    false)) ||
        (!scopus && !o->kw.n &&
         (rc = split(b, "keywords", &o->kw, o, false))) ||
        (rc = split(b, "web-of-science-categories", &o->cat, o, true)))
        return rc;
    rec->title = o->title.p;
    rec->venue = o->venue.p;
    rec->doi = o->doi.p;
    if (!strncasecmp(rec->doi, "https://doi.org/", 16))
        rec->doi += 16;
    rec->abstract = o->abs.p;
    rec->doc_type = o->type.len ? o->type.p : entry_type(b->type);
    rec->language = o->lang.p;
    return MCT_OK;
}

static mct_status emit(bib *b)
{
    mct_record rec;
    bout o;
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    memset(&o, 0, sizeof o);
    rec.file = b->file;
    rec.line = b->line;
    rec.cited_by = -1;
    if (!(rc = fill(b, &o, &rec))) {
        if (!*rec.title) {
            mct__diag(b->diag, b->line, 0, "entry %s has no title", b->key);
            rc = MCT_EPARSE;
        } else {
            rec.authors = (const char *const *)o.au.items;
            rec.n_authors = o.au.n;
            rec.keywords = (const char *const *)o.kw.items;
            rec.n_keywords = o.kw.n;
            rec.index_keywords = (const char *const *)o.ikw.items;
            rec.n_index_keywords = o.ikw.n;
            rec.categories = (const char *const *)o.cat.items;
            rec.n_categories = o.cat.n;
            rc = mct_records_add(b->r, &rec);
        }
    }
    bout_free(&o);
    return rc;
}

mct_status mct__read_bibtex(mct_records *r, const char *data, size_t len,
                            const char *file, mct_diag *diag)
{
    bib b;
    mct_status rc;
    if ((rc = mct__check_text(data, len, "a BibTeX file", diag)))
        return rc;
    memset(&b, 0, sizeof b);
    b.d = data;
    b.len = len;
    b.file = file;
    b.r = r;
    b.diag = diag;
    b.cache_line = 1;
    while (!rc && b.pos < b.len) {
        char c = b.d[b.pos];
        if (c == '@')
            rc = at_sign(&b);
        else if (c == '%')
            while (b.pos < b.len && b.d[b.pos] != '\n')
                b.pos++;
        else
            b.pos++;
    }
    for (size_t i = 0; i < b.finit; i++)
        mct__buf_free(&b.f[i].val);
    mct__free(b.f);
    mct__list_free(&b.mnames);
    mct__list_free(&b.mvals);
    return rc;
}

/*
 * records.c - the record set: storage, copying, format detection and
 * dispatch, documents from fields, and JSON Lines output.
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "records.h"

/*
 * Records are kept in blocks of REC_BLOCK that never move, so a growing
 * set never holds an old and a new copy of its records at once, and
 * their strings in a pool (strpool.c) that stores each distinct string
 * once: memory grows with the records and what is distinct in them, not
 * with the size of the files they came from.
 */
#define REC_SHIFT 12
#define REC_BLOCK ((size_t)1 << REC_SHIFT)
/* The first REC_BLOCK records go in blocks of 64, 64, 128, ..., 2048
 * (REC_SMALL of them), so that a set of a few records costs a few
 * kilobytes; the rest in blocks of REC_BLOCK. */
#define REC_FIRST_SHIFT 6
#define REC_SMALL (REC_SHIFT - REC_FIRST_SHIFT + 1)

struct mct_records {
    mct_record **blk;
    size_t n, cap, n_blk, blk_cap;
    mct__spool *pool; /* strings and lists */
    mct__list files;  /* file names the records point at */
    size_t line_base; /* lines before the block a reader parses */
};

static unsigned high_bit(size_t j)
{
    unsigned b = 0;
    while (j >>= 1)
        b++;
    return b;
}

/* Block b's size. */
static size_t block_size(size_t b)
{
    if (b >= REC_SMALL)
        return REC_BLOCK;
    return (size_t)1 << (b ? REC_FIRST_SHIFT + b - 1 : REC_FIRST_SHIFT);
}

static mct_record *rec_at(const mct_records *r, size_t i)
{
    const size_t first = (size_t)1 << REC_FIRST_SHIFT;
    unsigned hb;
    if (i >= REC_BLOCK)
        return &r->blk[REC_SMALL - 1 + (i >> REC_SHIFT)][i & (REC_BLOCK - 1)];
    if (i < first)
        return &r->blk[0][i];
    hb = high_bit(i); /* records 2^hb .. 2^(hb+1) - 1 */
    return &r->blk[hb - REC_FIRST_SHIFT + 1][i - ((size_t)1 << hb)];
}

static const char *const format_names[] = {
    "auto",     "jsonl",        "lines",         "scopus-csv",
    "wos-text", "wos-tab",      "ris",           "openalex-csv",
    "openalex-json", "lens-csv", "pubmed",       "bibtex",
    "csl-json"};

const char *mct_format_name(mct_format f)
{
    if ((unsigned)f < sizeof format_names / sizeof *format_names)
        return format_names[f];
    return "unknown";
}

mct_status mct_format_parse(const char *name, mct_format *out)
{
    if (!name || !out)
        return MCT_EINVAL;
    for (unsigned i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (!strcmp(name, format_names[i])) {
            *out = (mct_format)i;
            return MCT_OK;
        }
    if (!strcmp(name, "text") || !strcmp(name, "titles"))
        *out = MCT_FORMAT_LINES;
    else if (!strcmp(name, "scopus") || !strcmp(name, "csv"))
        *out = MCT_FORMAT_SCOPUS_CSV;
    else if (!strcmp(name, "wos") || !strcmp(name, "wos-txt"))
        *out = MCT_FORMAT_WOS_TEXT;
    else if (!strcmp(name, "json") || !strcmp(name, "ndjson"))
        *out = MCT_FORMAT_JSONL;
    else if (!strcmp(name, "openalex"))
        *out = MCT_FORMAT_OPENALEX_JSON;
    else if (!strcmp(name, "lens"))
        *out = MCT_FORMAT_LENS_CSV;
    else if (!strcmp(name, "nbib") || !strcmp(name, "medline"))
        *out = MCT_FORMAT_PUBMED;
    else if (!strcmp(name, "bib"))
        *out = MCT_FORMAT_BIBTEX;
    else if (!strcmp(name, "csl"))
        *out = MCT_FORMAT_CSL_JSON;
    else
        return MCT_ENOTFOUND;
    return MCT_OK;
}

mct_status mct_field_parse(const char *name, mct_field *out)
{
    static const char *const names[] = {"title", "abstract", "keywords",
                                        "all", "text"};
    if (!name || !out)
        return MCT_EINVAL;
    for (unsigned i = 0; i < 5; i++)
        if (!strcmp(name, names[i])) {
            *out = (mct_field)i;
            return MCT_OK;
        }
    return MCT_ENOTFOUND;
}

/* ---- lists ---------------------------------------------------------- */

mct_status mct__list_add(mct__list *l, const char *s, size_t n)
{
    char *c;
    if (mct__grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items))
        return MCT_ENOMEM;
    if (!(c = mct__strndup(s, n)))
        return MCT_ENOMEM;
    l->items[l->n++] = c;
    return MCT_OK;
}

mct_status mct__list_split(mct__list *l, const char *s, size_t n, char sep)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i, a, b;
        mct_status rc;
        while (j < n && s[j] != sep)
            j++;
        a = i;
        b = j;
        while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' ||
                         s[a] == '\n'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' ||
                         s[b - 1] == '\r' || s[b - 1] == '\n'))
            b--;
        if (b > a && (rc = mct__list_add(l, s + a, b - a)))
            return rc;
        i = j + 1;
    }
    return MCT_OK;
}

mct_status mct__list_add_unique(mct__list *l, const char *s, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->items[i]) == n && !memcmp(l->items[i], s, n))
            return MCT_OK;
    return mct__list_add(l, s, n);
}

void mct__list_clear(mct__list *l)
{
    for (size_t i = 0; i < l->n; i++)
        mct__free(l->items[i]);
    l->n = 0;
}

void mct__list_free(mct__list *l)
{
    mct__list_clear(l);
    mct__free(l->items);
    l->items = NULL;
    l->cap = 0;
}

/* ---- the set -------------------------------------------------------- */

static mct_status records_new(mct__spool *base, mct_records **out)
{
    mct_records *r;
    *out = NULL;
    if (!(r = mct__calloc(1, sizeof *r)))
        return MCT_ENOMEM;
    if (!(r->pool = mct__spool_new(base))) {
        mct__free(r);
        return MCT_ENOMEM;
    }
    *out = r;
    return MCT_OK;
}

mct_status mct_records_new(mct_records **out)
{
    if (!out)
        return MCT_EINVAL;
    return records_new(NULL, out);
}

mct_status mct__records_new_derived(const mct_records *base,
                                    mct_records **out)
{
    return records_new(base ? base->pool : NULL, out);
}

void mct_records_free(mct_records *r)
{
    if (!r)
        return;
    for (size_t b = 0; b < r->n_blk; b++)
        mct__free(r->blk[b]);
    mct__free(r->blk);
    mct__spool_unref(r->pool);
    mct__list_free(&r->files);
    mct__free(r);
}

size_t mct_records_count(const mct_records *r) { return r ? r->n : 0; }

const mct_record *mct_records_get(const mct_records *r, size_t i)
{
    return r && i < r->n ? rec_at(r, i) : NULL;
}

/* Room for record n: a new block when the last one is full. */
static mct_status reserve(mct_records *r)
{
    if (r->n < r->cap)
        return MCT_OK;
    if (mct__grow((void **)&r->blk, &r->blk_cap, r->n_blk + 1,
                  sizeof *r->blk) ||
        !(r->blk[r->n_blk] = mct__alloc_array(block_size(r->n_blk),
                                              sizeof(mct_record))))
        return MCT_ENOMEM;
    r->cap += block_size(r->n_blk++);
    return MCT_OK;
}

const char *mct__records_file(mct_records *r, const char *file)
{
    for (size_t i = 0; i < r->files.n; i++)
        if (!strcmp(r->files.items[i], file))
            return r->files.items[i];
    if (mct__list_add(&r->files, file, strlen(file)))
        return NULL;
    return r->files.items[r->files.n - 1];
}

static const char *dup_str(mct__spool *p, const char *s)
{
    return mct__spool_intern(p, s ? s : "", s ? strlen(s) : 0);
}

/* A list: its strings interned, then the list itself (the same authors
 * or keywords on many records are one array). */
static mct_status dup_list(mct_records *r, const char *const *src, size_t n,
                           const char *const **dst)
{
    const char *small[32], **l = small;
    mct_status rc = MCT_OK;
    if (!n) {
        static const char *const empty[1] = {NULL};
        *dst = empty;
        return MCT_OK;
    }
    if (n >= sizeof small / sizeof *small &&
        !(l = mct__alloc_array(n + 1, sizeof *l)))
        return MCT_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++)
        if (!(l[i] = dup_str(r->pool, src[i])))
            rc = MCT_ENOMEM;
    l[n] = NULL;
    if (!rc && !(*dst = mct__spool_intern_list(r->pool, l, n)))
        rc = MCT_ENOMEM;
    if (l != small)
        mct__free(l);
    return rc;
}

mct_status mct_records_add(mct_records *r, const mct_record *rec)
{
    mct_record *d;
    mct__spool *p;
    if (!r || !rec)
        return MCT_EINVAL;
    if (reserve(r))
        return MCT_ENOMEM;
    d = rec_at(r, r->n);
    p = r->pool;
    *d = *rec;
    /* Identifiers are nearly always unique: copied, not looked up. */
    if (!(d->source = dup_str(p, rec->source)) ||
        !(d->id = rec->id ? mct__spool_copy(p, rec->id, strlen(rec->id))
                          : "") ||
        !(d->title = dup_str(p, rec->title)) ||
        !(d->venue = dup_str(p, rec->venue)) ||
        !(d->doi = dup_str(p, rec->doi)) ||
        !(d->abstract = dup_str(p, rec->abstract)) ||
        !(d->doc_type = dup_str(p, rec->doc_type)) ||
        !(d->language = dup_str(p, rec->language)) ||
        !(d->file = rec->file ? mct__records_file(r, rec->file) : "") ||
        dup_list(r, rec->authors, rec->n_authors, &d->authors) ||
        dup_list(r, rec->keywords, rec->n_keywords, &d->keywords) ||
        dup_list(r, rec->index_keywords, rec->n_index_keywords,
                 &d->index_keywords) ||
        dup_list(r, rec->categories, rec->n_categories, &d->categories))
        return MCT_ENOMEM;
    r->n++;
    return MCT_OK;
}

/* ---- reading -------------------------------------------------------- */

size_t mct__line_of(const char *data, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

mct_status mct__check_text(const char *data, size_t len, const char *what,
                           mct_diag *diag)
{
    const char *nul = memchr(data, '\0', len);
    size_t bad;
    if (nul) {
        mct__diag(diag, mct__line_of(data, (size_t)(nul - data)), 0,
                  "NUL byte in %s", what);
        return MCT_EPARSE;
    }
    if (!mct__utf8_valid(data, len, &bad)) {
        mct__diag(diag, mct__line_of(data, bad), 0, "invalid UTF-8 in %s",
                  what);
        return MCT_EUTF8;
    }
    return MCT_OK;
}

mct_format mct_records_detect(const char *data, size_t len)
{
    char what[8];
    return data || !len ? mct__detect(data ? data : "", len, what,
                                      sizeof what)
                        : MCT_FORMAT_AUTO;
}

mct__reader mct__reader_for(mct_format f)
{
    switch (f) {
    case MCT_FORMAT_JSONL:
        return mct__read_jsonl;
    case MCT_FORMAT_LINES:
        return mct__read_lines;
    case MCT_FORMAT_SCOPUS_CSV:
        return mct__read_scopus;
    case MCT_FORMAT_WOS_TEXT:
        return mct__read_wos_text;
    case MCT_FORMAT_WOS_TAB:
        return mct__read_wos_tab;
    case MCT_FORMAT_RIS:
        return mct__read_ris;
    case MCT_FORMAT_OPENALEX_CSV:
        return mct__read_openalex_csv;
    case MCT_FORMAT_OPENALEX_JSON:
        return mct__read_openalex_json;
    case MCT_FORMAT_LENS_CSV:
        return mct__read_lens;
    case MCT_FORMAT_PUBMED:
        return mct__read_pubmed;
    case MCT_FORMAT_BIBTEX:
        return mct__read_bibtex;
    case MCT_FORMAT_CSL_JSON:
        return mct__read_csl;
    default:
        return NULL;
    }
}

/*
 * UTF-16LE (with its byte-order mark) to UTF-8, for Web of Science's
 * "Windows" exports. An unpaired surrogate or an odd length is an error
 * naming the line.
 */
static mct_status utf16le_to_utf8(const char *data, size_t len, char **out,
                                  size_t *out_len, mct_diag *diag)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 2, line = 1;
    mct__buf b = {0};
    if (len % 2) {
        mct__diag(diag, 0, 0, "UTF-16 file with an odd number of bytes "
                              "(truncated?)");
        return MCT_EUTF8;
    }
    if (mct__grow((void **)&b.p, &b.cap, len + len / 2 + 1, 1))
        return MCT_ENOMEM;
    while (i + 1 < len) {
        uint32_t u = (uint32_t)p[i] | ((uint32_t)p[i + 1] << 8);
        char enc[4];
        size_t k;
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF) {
            uint32_t lo = i + 1 < len
                              ? ((uint32_t)p[i] | ((uint32_t)p[i + 1] << 8))
                              : 0;
            if (lo < 0xDC00 || lo > 0xDFFF)
                goto bad;
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            goto bad;
        }
        if (u == '\n')
            line++;
        if (u < 0x80) {
            enc[0] = (char)u;
            k = 1;
        } else if (u < 0x800) {
            enc[0] = (char)(0xC0 | (u >> 6));
            enc[1] = (char)(0x80 | (u & 0x3F));
            k = 2;
        } else if (u < 0x10000) {
            enc[0] = (char)(0xE0 | (u >> 12));
            enc[1] = (char)(0x80 | ((u >> 6) & 0x3F));
            enc[2] = (char)(0x80 | (u & 0x3F));
            k = 3;
        } else {
            enc[0] = (char)(0xF0 | (u >> 18));
            enc[1] = (char)(0x80 | ((u >> 12) & 0x3F));
            enc[2] = (char)(0x80 | ((u >> 6) & 0x3F));
            enc[3] = (char)(0x80 | (u & 0x3F));
            k = 4;
        }
        if (mct__buf_add(&b, enc, k)) {
            mct__buf_free(&b);
            return MCT_ENOMEM;
        }
    }
    if (mct__buf_term(&b)) {
        mct__buf_free(&b);
        return MCT_ENOMEM;
    }
    *out = b.p;
    *out_len = b.len;
    return MCT_OK;
bad:
    mct__buf_free(&b);
    mct__diag(diag, line, 0, "invalid UTF-16 (an unpaired surrogate)");
    return MCT_EUTF8;
}

mct_status mct_records_parse(mct_records *r, const char *data, size_t len,
                             const char *name, mct_format fmt,
                             size_t *n_read, mct_diag *diag)
{
    size_t before, u8len = 0;
    char *u8 = NULL;
    mct__reader rd;
    mct_status rc;
    if (!r || (!data && len))
        return MCT_EINVAL;
    if (n_read)
        *n_read = 0;
    mct_diag_clear(diag);
    /* UTF-16LE (Web of Science's Windows exports) becomes UTF-8 first. */
    if (len >= 2 && (unsigned char)data[0] == 0xFF &&
        (unsigned char)data[1] == 0xFE) {
        if ((rc = utf16le_to_utf8(data, len, &u8, &u8len, diag)))
            return rc;
        data = u8;
        len = u8len;
    }
    if (fmt == MCT_FORMAT_AUTO) {
        char what[80];
        fmt = mct__detect(data ? data : "", len, what, sizeof what);
        if (fmt == MCT_FORMAT_AUTO) {
            mct__diag(diag, 1, 0,
                      "not a recognised export (%s); reads scopus-csv, "
                      "wos-text, wos-tab, ris, pubmed, bibtex, csl-json, "
                      "openalex-json, openalex-csv, lens-csv, jsonl; format "
                      "lines reads it as titles",
                      what);
            mct__free(u8);
            return MCT_EUNSUPPORTED;
        }
    }
    if (!(rd = mct__reader_for(fmt))) {
        mct__diag(diag, 0, 0, "the %s format is not supported",
                  mct_format_name(fmt));
        mct__free(u8);
        return MCT_EUNSUPPORTED;
    }
    before = r->n;
    rc = rd(r, data ? data : "", len, name ? name : "", diag);
    mct__free(u8);
    return mct__records_finish(r, before, rc, n_read, diag);
}

mct_status mct__records_finish(mct_records *r, size_t before, mct_status rc,
                               size_t *n_read, mct_diag *diag)
{
    if (!rc && r->n == before) {
        mct__diag(diag, 0, 0, "no records in the file");
        rc = MCT_EEMPTY;
    }
    if (rc) {
        r->n = before; /* the pool keeps the bytes until the set is freed */
        if (diag && !diag->msg[0])
            mct__diag(diag, 0, 0, "%s", mct_strerror(rc));
        return rc;
    }
    if (n_read)
        *n_read = r->n - before;
    return MCT_OK;
}

void mct__records_set_line_base(mct_records *r, size_t line)
{
    r->line_base = line;
}

size_t mct__records_line_base(const mct_records *r) { return r->line_base; }

void mct__lines_init(mct__lines *l, const char *data, size_t len,
                     const char *what, bool trim)
{
    l->data = data;
    l->len = len;
    l->what = what;
    l->trim = trim;
    l->line = 0;
    l->pos = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

void mct__lines_init_at(mct__lines *l, const mct_records *r,
                        const char *data, size_t len, const char *what,
                        bool trim)
{
    mct__lines_init(l, data, len, what, trim);
    if ((l->line = r->line_base))
        l->pos = 0; /* a later block: a byte-order mark only starts files */
}

bool mct__lines_next(mct__lines *l, const char **s, size_t *n,
                     mct_status *rc, mct_diag *diag)
{
    size_t end = l->pos, bad;
    if (l->pos >= l->len)
        return false;
    while (end < l->len && l->data[end] != '\n')
        end++;
    *s = l->data + l->pos;
    *n = end - l->pos;
    l->pos = end + 1;
    l->line++;
    if (*n && (*s)[*n - 1] == '\r')
        (*n)--;
    if (memchr(*s, '\0', *n)) {
        mct__diag(diag, l->line, 0, "NUL byte in %s", l->what);
        *rc = MCT_EPARSE;
        return false;
    }
    if (!mct__utf8_valid(*s, *n, &bad)) {
        mct__diag(diag, l->line, bad + 1, "invalid UTF-8");
        *rc = MCT_EUTF8;
        return false;
    }
    while (l->trim && *n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
    return true;
}

/* One title per line: the simplest source of records. */
mct_status mct__read_lines(mct_records *r, const char *data, size_t len,
                           const char *file, mct_diag *diag)
{
    mct_docs *d = NULL;
    mct_status rc;
    mct_record rec;
    if ((rc = mct_docs_new(&d)))
        return rc;
    rc = mct_docs_parse_lines(d, data, len, NULL, diag);
    memset(&rec, 0, sizeof rec);
    rec.source = "lines";
    rec.file = file;
    rec.cited_by = -1;
    for (size_t i = 0; !rc && i < mct_docs_count(d); i++) {
        rec.title = mct_docs_text(d, i, NULL);
        rec.line = mct_docs_line(d, i);
        rc = mct_records_add(r, &rec);
    }
    mct_docs_free(d);
    return rc;
}

/* ---- documents from fields ------------------------------------------- */

static mct_status add_list(mct__buf *b, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mct_status rc;
        if ((i && (rc = mct__buf_add(b, "; ", 2))) ||
            (rc = mct__buf_add(b, l[i], strlen(l[i]))))
            return rc;
    }
    return MCT_OK;
}

static mct_status field_text(const mct_record *x, mct_field f, mct__buf *b)
{
    mct_status rc = MCT_OK;
    bool abs = x->abstract[0] != '\0';
    b->len = 0;
    switch (f) {
    case MCT_FIELD_TITLE:
        return mct__buf_add(b, x->title, strlen(x->title));
    case MCT_FIELD_ABSTRACT:
        return mct__buf_add(b, x->abstract, strlen(x->abstract));
    case MCT_FIELD_KEYWORDS:
        return add_list(b, x->keywords, x->n_keywords);
    case MCT_FIELD_TEXT:
        if (abs)
            return mct__buf_add(b, x->abstract, strlen(x->abstract));
        /* No abstract: title and keywords, as for "all". */
        /* fall through */
    case MCT_FIELD_ALL:
        /* ". " keeps sentences apart for the concept map's windows. */
        if ((rc = mct__buf_add(b, x->title, strlen(x->title))))
            return rc;
        if (f == MCT_FIELD_ALL && abs &&
            ((rc = mct__buf_add(b, ". ", 2)) ||
             (rc = mct__buf_add(b, x->abstract, strlen(x->abstract)))))
            return rc;
        if (x->n_keywords && ((rc = mct__buf_add(b, ". ", 2)) ||
                              (rc = add_list(b, x->keywords, x->n_keywords))))
            return rc;
        return MCT_OK;
    }
    return MCT_EINVAL;
}

mct_status mct_records_to_docs(const mct_records *r, mct_field f,
                               mct_docs *out)
{
    mct__buf b = {0};
    mct_status rc = MCT_OK;
    if (!r || !out)
        return MCT_EINVAL;
    for (size_t i = 0; i < r->n && !rc; i++) {
        if (!(rc = field_text(rec_at(r, i), f, &b)) &&
            !(rc = mct__buf_term(&b)))
            rc = mct_docs_add(out, b.p, b.len, rec_at(r, i)->line);
    }
    mct__buf_free(&b);
    return rc;
}

/* ---- JSON Lines output ------------------------------------------------ */

static bool json_list(cJSON *o, const char *key, const char *const *l,
                      size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(o, key);
    if (!a)
        return false;
    for (size_t i = 0; i < n; i++) {
        cJSON *s = cJSON_CreateString(l[i]);
        if (!s)
            return false;
        cJSON_AddItemToArray(a, s);
    }
    return true;
}

static char *record_json(const mct_record *x, mct__json_extra extra,
                         void *user, size_t i)
{
    cJSON *o = cJSON_CreateObject();
    char *s = NULL;
    if (!o)
        return NULL;
    if (cJSON_AddStringToObject(o, "id", x->id) &&
        cJSON_AddStringToObject(o, "source", x->source) &&
        cJSON_AddStringToObject(o, "title", x->title) &&
        json_list(o, "authors", x->authors, x->n_authors) &&
        /* Unknown is null, never a 0 that reads as a year. */
        (x->year ? cJSON_AddNumberToObject(o, "year", x->year)
                 : cJSON_AddNullToObject(o, "year")) &&
        cJSON_AddStringToObject(o, "venue", x->venue) &&
        cJSON_AddStringToObject(o, "doi", x->doi) &&
        cJSON_AddStringToObject(o, "abstract", x->abstract) &&
        json_list(o, "keywords", x->keywords, x->n_keywords) &&
        json_list(o, "index_keywords", x->index_keywords,
                  x->n_index_keywords) &&
        cJSON_AddStringToObject(o, "doc_type", x->doc_type) &&
        cJSON_AddStringToObject(o, "language", x->language) &&
        (x->cited_by >= 0
             ? cJSON_AddNumberToObject(o, "cited_by", (double)x->cited_by)
             : cJSON_AddNullToObject(o, "cited_by")) &&
        json_list(o, "categories", x->categories, x->n_categories) &&
        (!extra || extra(user, i, o)))
        s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

mct_status mct_records_write_jsonl(const mct_records *r, const char *path,
                                   mct_diag *diag)
{
    mct_diag_clear(diag);
    return mct__records_write_jsonl_with(r, path, NULL, NULL, diag);
}

mct_status mct__records_write_jsonl_with(const mct_records *r,
                                         const char *path,
                                         mct__json_extra extra, void *user,
                                         mct_diag *diag)
{
    mct__wfile w;
    mct_status rc;
    if (!r || !path)
        return MCT_EINVAL;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    for (size_t i = 0; i < r->n; i++) {
        char *s = record_json(rec_at(r, i), extra, user, i);
        if (!s) {
            mct__wfile_abort(&w);
            mct__diag(diag, 0, 0, "out of memory");
            return MCT_ENOMEM;
        }
        fputs(s, w.fp);
        fputc('\n', w.fp);
        cJSON_free(s);
    }
    return mct__wfile_commit(&w, diag);
}

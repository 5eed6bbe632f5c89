/*
 * docs.c - document lists and the one-document-per-line reader.
 */
#include "internal.h"
#include "mct_text.h"

/*
 * Texts live in the arena (mct_docs_add) or in whole file buffers kept as
 * blobs, split in place: a line's end becomes its NUL, so reading a file
 * copies nothing.
 */
struct mct_docs {
    char **texts;
    size_t *lens;
    size_t *lines;
    size_t n, cap;
    mct__arena arena;
    char **blobs;
    size_t n_blobs, blobs_cap;
};

mct_docs_opts mct_docs_opts_default(void)
{
    mct_docs_opts o;
    o.max_line_bytes = (size_t)1 << 20;
    o.keep_blank = false;
    return o;
}

mct_status mct_docs_new(mct_docs **out)
{
    if (!out)
        return MCT_EINVAL;
    *out = mct__calloc(1, sizeof **out);
    return *out ? MCT_OK : MCT_ENOMEM;
}

void mct_docs_free(mct_docs *d)
{
    if (!d)
        return;
    mct__arena_free(&d->arena);
    for (size_t i = 0; i < d->n_blobs; i++)
        mct__free(d->blobs[i]);
    mct__free(d->blobs);
    mct__free(d->texts);
    mct__free(d->lens);
    mct__free(d->lines);
    mct__free(d);
}

static mct_status docs_reserve(mct_docs *d, size_t need)
{
    size_t c1 = d->cap, c2 = d->cap, c3 = d->cap;
    mct_status rc;
    if (need <= d->cap)
        return MCT_OK;
    if ((rc = mct__grow((void **)&d->texts, &c1, need, sizeof *d->texts)) ||
        (rc = mct__grow((void **)&d->lens, &c2, need, sizeof *d->lens)) ||
        (rc = mct__grow((void **)&d->lines, &c3, need, sizeof *d->lines)))
        return rc;
    /* The three arrays grow by the same rule, so their capacities agree. */
    d->cap = c1;
    return MCT_OK;
}

/* Appends a text that stays where it is (checked by the caller). */
static mct_status docs_push_ref(mct_docs *d, char *text, size_t len,
                                size_t line)
{
    mct_status rc = docs_reserve(d, d->n + 1);
    if (rc)
        return rc;
    d->texts[d->n] = text;
    d->lens[d->n] = len;
    d->lines[d->n] = line;
    d->n++;
    return MCT_OK;
}

/* Appends a copy of a text (checked by the caller). */
static mct_status docs_push(mct_docs *d, const char *text, size_t len,
                            size_t line)
{
    char *copy = mct__arena_strndup(&d->arena, text, len);
    if (!copy)
        return MCT_ENOMEM;
    return docs_push_ref(d, copy, len, line);
}

mct_status mct_docs_add(mct_docs *d, const char *text, size_t len,
                        size_t line)
{
    if (!d || (!text && len))
        return MCT_EINVAL;
    if (len && memchr(text, '\0', len))
        return MCT_EINVAL;
    if (!mct__utf8_valid(text, len, NULL))
        return MCT_EUTF8;
    return docs_push(d, text ? text : "", len, line);
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

/* Drops the documents appended after the first `keep`, after a failure
 * (their bytes stay in the arena until the list is freed). */
static void docs_truncate(mct_docs *d, size_t keep) { d->n = keep; }

/*
 * Splits data (owned by the caller, NUL-terminated at data[len]) into
 * lines in place and appends them. On failure d is as it was.
 */
static mct_status parse_in_place(mct_docs *d, char *data, size_t len,
                                 const mct_docs_opts *opts, mct_diag *diag)
{
    mct_docs_opts o = opts ? *opts : mct_docs_opts_default();
    size_t pos = 0, line = 0, start_n = d->n, bad, nl = 1;
    mct_status rc = MCT_OK;
    for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data)));
         p++)
        nl++;
    if ((rc = docs_reserve(d, d->n + nl))) {
        mct__diag(diag, 0, 0, "out of memory");
        return rc;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        size_t end = pos, next;
        const char *nul;
        while (end < len && data[end] != '\n' && data[end] != '\r')
            end++;
        next = end;
        if (next < len && data[next] == '\r')
            next++;
        if (next < len && data[next] == '\n' &&
            (next == end || data[end] == '\r'))
            next++;
        line++;
        if (end - pos > o.max_line_bytes) {
            mct__diag(diag, line, 0,
                      "line is %zu bytes long, more than the limit of %zu",
                      end - pos, o.max_line_bytes);
            rc = MCT_ETOOBIG;
            goto fail;
        }
        if ((nul = memchr(data + pos, '\0', end - pos)) != NULL) {
            mct__diag(diag, line, (size_t)(nul - (data + pos)) + 1,
                      "NUL byte at byte %zu of the line; is this a text file?",
                      (size_t)(nul - (data + pos)) + 1);
            rc = MCT_EPARSE;
            goto fail;
        }
        if (!mct__utf8_valid(data + pos, end - pos, &bad)) {
            mct__diag(diag, line, bad + 1,
                      "invalid UTF-8 at byte %zu of the line (byte 0x%02X)",
                      bad + 1, (unsigned)(unsigned char)data[pos + bad]);
            rc = MCT_EUTF8;
            goto fail;
        }
        if (o.keep_blank || !is_blank(data + pos, end - pos)) {
            data[end] = '\0'; /* the line ends here, in place */
            if ((rc = docs_push_ref(d, data + pos, end - pos, line))) {
                mct__diag(diag, line, 0, "out of memory");
                goto fail;
            }
        }
        pos = next;
    }
    if (d->n == start_n) {
        mct__diag(diag, 0, 0, "no documents: the input is empty or blank");
        return MCT_EEMPTY;
    }
    return MCT_OK;
fail:
    docs_truncate(d, start_n);
    return rc;
}

/* Takes ownership of blob (allocated with mct__malloc) on success. */
static mct_status parse_blob(mct_docs *d, char *blob, size_t len,
                             const mct_docs_opts *opts, mct_diag *diag)
{
    mct_status rc;
    if (mct__grow((void **)&d->blobs, &d->blobs_cap, d->n_blobs + 1,
                  sizeof *d->blobs)) {
        mct__diag(diag, 0, 0, "out of memory");
        return MCT_ENOMEM;
    }
    if ((rc = parse_in_place(d, blob, len, opts, diag)))
        return rc;
    d->blobs[d->n_blobs++] = blob;
    return MCT_OK;
}

mct_status mct_docs_parse_lines(mct_docs *d, const char *data, size_t len,
                                const mct_docs_opts *opts, mct_diag *diag)
{
    char *blob;
    mct_status rc;
    mct_diag_clear(diag);
    if (!d || (!data && len))
        return MCT_EINVAL;
    if (!(blob = mct__strndup(data ? data : "", len))) {
        mct__diag(diag, 0, 0, "out of memory");
        return MCT_ENOMEM;
    }
    if ((rc = parse_blob(d, blob, len, opts, diag)))
        mct__free(blob);
    return rc;
}

mct_status mct_docs_read_lines(mct_docs *d, const char *path,
                               const mct_docs_opts *opts, mct_diag *diag)
{
    char *data;
    size_t len;
    mct_status rc;
    mct_diag_clear(diag);
    if (!d || !path)
        return MCT_EINVAL;
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    if ((rc = parse_blob(d, data, len, opts, diag)))
        mct__free(data);
    return rc;
}

size_t mct_docs_count(const mct_docs *d) { return d ? d->n : 0; }

const char *mct_docs_text(const mct_docs *d, size_t i, size_t *len)
{
    if (!d || i >= d->n)
        return NULL;
    if (len)
        *len = d->lens[i];
    return d->texts[i];
}

size_t mct_docs_line(const mct_docs *d, size_t i)
{
    return d && i < d->n ? d->lines[i] : 0;
}

const char *const *mct_docs_texts(const mct_docs *d)
{
    return d ? (const char *const *)d->texts : NULL;
}

const size_t *mct_docs_lengths(const mct_docs *d) { return d ? d->lens : NULL; }

/*
 * records_read.c - reading an export from a file in blocks, so that the
 * memory a read needs grows with the records kept, not with the file.
 *
 * Formats whose records end on a line of their own (JSON Lines: every
 * line; Web of Science plain text and RIS: the ER line) are read a block
 * at a time: the reader parses the block up to its last record end, with
 * its lines numbered from where the block starts, and the rest of the
 * block waits for the next. A reader starts every record from the same
 * state (nothing pending after an ER line, nothing at all across JSON
 * Lines), so reading in blocks gives the records, the errors and the
 * lines that reading the whole file gives. Other formats (tables whose
 * quoted fields may span lines, JSON documents, BibTeX, PubMed, UTF-16)
 * and small files are read whole, as mct_records_parse reads them.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "records.h"

/* The first read: enough to detect the format of any file; a file this
 * small is parsed whole. Then blocks of STEP. */
#define FIRST ((size_t)1 << 20)
#define STEP ((size_t)4 << 20)

typedef struct rfile {
    FILE *f;
    bool is_stdin, eof;
    mct__buf b; /* bytes read and not yet parsed */
} rfile;

static mct_status rfile_open(rfile *s, const char *path, mct_diag *diag)
{
    struct stat st;
    memset(s, 0, sizeof *s);
    s->is_stdin = strcmp(path, "-") == 0;
    s->f = s->is_stdin ? stdin : fopen(path, "rb");
    if (!s->f) {
        mct__diag(diag, 0, 0, "cannot open: %s", strerror(errno));
        return errno == ENOENT ? MCT_ENOTFOUND : MCT_EIO;
    }
    if (fstat(fileno(s->f), &st) == 0 && S_ISDIR(st.st_mode)) {
        mct__diag(diag, 0, 0, "is a directory, not a file");
        return MCT_EIO;
    }
    return MCT_OK;
}

static void rfile_close(rfile *s)
{
    if (s->f && !s->is_stdin)
        fclose(s->f);
    mct__buf_free(&s->b);
}

/* Reads up to `more` bytes after those held (all that is left when more
 * is SIZE_MAX); the buffer stays NUL-terminated. */
static mct_status rfile_fill(rfile *s, size_t more, mct_diag *diag)
{
    while (more && !s->eof) {
        size_t want = more < STEP ? more : STEP, got;
        if (mct__grow((void **)&s->b.p, &s->b.cap, s->b.len + want + 1, 1)) {
            mct__diag(diag, 0, 0, "out of memory reading the file");
            return MCT_ENOMEM;
        }
        got = fread(s->b.p + s->b.len, 1, want, s->f);
        s->b.len += got;
        more -= more == SIZE_MAX ? 0 : got;
        if (got < want) {
            if (ferror(s->f)) {
                mct__diag(diag, 0, 0, "read error: %s", strerror(errno));
                return MCT_EIO;
            }
            s->eof = true;
        }
    }
    if (mct__buf_term(&s->b)) {
        mct__diag(diag, 0, 0, "out of memory reading the file");
        return MCT_ENOMEM;
    }
    return MCT_OK;
}

/* ---- where records end ------------------------------------------------ */

/* Whether a line (its CR and trailing spaces and tabs dropped, as the
 * tagged readers see it) ends a record of format f. */
static bool ends_record(mct_format f, const char *s, size_t n)
{
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (f == MCT_FORMAT_WOS_TEXT)
        return mct__wos_ends_record(s, n);
    return mct__ris_ends_record(s, n);
}

/* The length of the longest prefix of d[0..len) that ends with a whole
 * record (0: none yet). */
static size_t cut(mct_format f, const char *d, size_t len)
{
    size_t e = len;
    if (f == MCT_FORMAT_JSONL) {
        while (e && d[e - 1] != '\n')
            e--;
        return e;
    }
    /* Back from the last line end: the last line that ends a record. */
    while (e && d[e - 1] != '\n')
        e--;
    while (e) {
        size_t b = e - 1;
        while (b && d[b - 1] != '\n')
            b--;
        if (ends_record(f, d + b, e - 1 - b))
            return e;
        e = b;
    }
    return 0;
}

/* Whether detection on the first block decides as it would on the whole
 * file: the formats read in blocks are known by how the file starts, and
 * JSON Lines by the keys of its first object, when that is whole. */
static bool decided(mct_format f, const char *d, size_t len)
{
    mct__jscan s = {d, len, 0, 0, NULL};
    if (f == MCT_FORMAT_WOS_TEXT || f == MCT_FORMAT_RIS)
        return true;
    if (f != MCT_FORMAT_JSONL)
        return false;
    if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
        s.pos = 3;
    return mct__js_skip(&s) && s.pos < len;
}

static size_t count_lines(const char *d, size_t n)
{
    size_t k = 0;
    for (const char *p = d; (p = memchr(p, '\n', (size_t)(d + n - p)));
         p++)
        k++;
    return k;
}

/* Parses the file block by block with reader rd. */
static mct_status stream(mct_records *r, rfile *s, mct_format f,
                         const char *name, mct_diag *diag)
{
    mct__reader rd = mct__reader_for(f);
    size_t line = 0;
    mct_status rc = MCT_OK;
    for (;;) {
        size_t n = s->eof ? s->b.len : cut(f, s->b.p, s->b.len);
        if (n || s->eof) {
            mct__records_set_line_base(r, line);
            if ((rc = rd(r, s->b.p, n, name, diag)))
                break;
            line += count_lines(s->b.p, n);
            memmove(s->b.p, s->b.p + n, s->b.len - n + 1);
            s->b.len -= n;
            if (s->eof)
                break;
        }
        if ((rc = rfile_fill(s, STEP, diag)))
            break;
    }
    mct__records_set_line_base(r, 0);
    return rc;
}

mct_status mct_records_read(mct_records *r, const char *path, mct_format fmt,
                            size_t *n_read, mct_diag *diag)
{
    rfile s;
    size_t before;
    mct_format f = fmt;
    mct_status rc;
    mct_diag_clear(diag);
    if (!r || !path)
        return MCT_EINVAL;
    if (n_read)
        *n_read = 0;
    if ((rc = rfile_open(&s, path, diag)) || (rc = rfile_fill(&s, FIRST, diag)))
        goto out;
    if (f == MCT_FORMAT_AUTO && !s.eof) {
        char what[80];
        f = mct__detect(s.b.p, s.b.len, what, sizeof what);
        if (!decided(f, s.b.p, s.b.len))
            f = MCT_FORMAT_AUTO;
    }
    if (s.eof || (f != MCT_FORMAT_JSONL && f != MCT_FORMAT_WOS_TEXT &&
                  f != MCT_FORMAT_RIS) ||
        (s.b.len >= 2 && (unsigned char)s.b.p[0] == 0xFF &&
         (unsigned char)s.b.p[1] == 0xFE)) {
        /* Read whole: small, not read in blocks, or UTF-16. */
        if (!(rc = rfile_fill(&s, SIZE_MAX, diag)))
            rc = mct_records_parse(r, s.b.p, s.b.len, path, fmt, n_read,
                                   diag);
        goto out;
    }
    before = mct_records_count(r);
    rc = stream(r, &s, f, path, diag);
    rc = mct__records_finish(r, before, rc, n_read, diag);
out:
    rfile_close(&s);
    return rc;
}

/*
 * numfmt.h - numbers to text without printf (numfmt.c), and the buffered,
 * block-parallel writer every table goes through (outbuf.c). Internal.
 */
#ifndef MCT_NUMFMT_H
#define MCT_NUMFMT_H

#include <stdio.h>

#include "internal.h"

/* Room mct__fmt_double and mct__fmt_u64 may need (no NUL is written). */
#define MCT__FMT_MAX 32

/*
 * Writes the shortest decimal that reads back (strtod, round to nearest)
 * as exactly v, choosing the closest such decimal when several have that
 * length. The layout is %.17g's: plain digits when the decimal exponent X
 * of the first digit is in [-4, 17), otherwise d.ddde+XX; no trailing
 * zeros after a point. So the text is never longer than %.17g's and is
 * the same whenever %.17g's already was shortest. -0 is "-0"; infinities
 * and NaN are "inf", "-inf", "nan". Returns the length; p needs room for
 * MCT__FMT_MAX bytes. No NUL is written.
 */
size_t mct__fmt_double(char *p, double v);

/* Writes v in decimal; returns the length (at most 20). No NUL. */
size_t mct__fmt_u64(char *p, uint64_t v);

/* mct__fmt_double as a NUL-terminated string in b, for printf's "%s"
 * where a line is not worth formatting by hand. */
typedef struct mct__num {
    char s[MCT__FMT_MAX + 1];
} mct__num;
static inline const char *mct__dstr(mct__num *b, double v)
{
    b->s[mct__fmt_double(b->s, v)] = '\0';
    return b->s;
}

/*
 * A large output buffer over a FILE: bytes are gathered in memory and
 * handed to fwrite in large blocks. The first error sticks: later writes
 * do nothing and mct__outbuf_flush returns it.
 */
typedef struct mct__outbuf {
    FILE *fp;
    char *p;
    size_t len, cap;
    mct_status err;
    int errnum; /* errno of the failed write */
} mct__outbuf;

/* cap 0 chooses the default (1 MiB). */
mct_status mct__outbuf_init(mct__outbuf *o, FILE *fp, size_t cap);
mct_status mct__outbuf_add(mct__outbuf *o, const void *s, size_t n);
static inline mct_status mct__outbuf_str(mct__outbuf *o, const char *s)
{
    return mct__outbuf_add(o, s, strlen(s));
}
mct_status mct__outbuf_double(mct__outbuf *o, double v);
mct_status mct__outbuf_u64(mct__outbuf *o, uint64_t v);
/* Writes out what is buffered; returns the first error (MCT_EIO). */
mct_status mct__outbuf_flush(mct__outbuf *o);
/* Flushes and frees the buffer (not the FILE). */
mct_status mct__outbuf_close(mct__outbuf *o);

/*
 * Formats rows [begin, end) of some table, appending their text to out.
 * Must depend on nothing but the rows, so that any thread may run it.
 */
typedef mct_status (*mct__rows_fn)(const void *ctx, size_t begin, size_t end,
                                   mct__buf *out);

/*
 * Writes n_rows rows through o: rows are cut into blocks of block_rows
 * rows (a fixed size, so the cut does not depend on the thread count),
 * n_threads threads format a round of blocks into buffers that are kept
 * and reused from round to round, and the blocks are written in order.
 * The bytes are those of formatting every row in one thread.
 */
mct_status mct__write_rows(mct__outbuf *o, size_t n_rows, size_t block_rows,
                           int n_threads, mct__rows_fn fn, const void *ctx);

#endif /* MCT_NUMFMT_H */

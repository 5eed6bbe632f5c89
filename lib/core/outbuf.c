/*
 * outbuf.c - the output layer under every table the library writes: one
 * large buffer handed to fwrite in big blocks, and rows formatted by
 * several threads in fixed-size blocks, written in order.
 */
#include "numfmt.h"

#include <errno.h>

#define OUTBUF_DEFAULT (1u << 20)

mct_status mct__outbuf_init(mct__outbuf *o, FILE *fp, size_t cap)
{
    o->fp = fp;
    o->len = 0;
    o->err = MCT_OK;
    o->errnum = 0;
    o->cap = cap ? cap : OUTBUF_DEFAULT;
    if (!(o->p = mct__malloc(o->cap))) {
        o->cap = 0;
        return o->err = MCT_ENOMEM;
    }
    return MCT_OK;
}

mct_status mct__outbuf_flush(mct__outbuf *o)
{
    if (!o->err && o->len && fwrite(o->p, 1, o->len, o->fp) != o->len) {
        o->err = MCT_EIO;
        o->errnum = errno;
    }
    o->len = 0;
    return o->err;
}

mct_status mct__outbuf_add(mct__outbuf *o, const void *s, size_t n)
{
    if (o->err)
        return o->err;
    if (n > o->cap - o->len && mct__outbuf_flush(o))
        return o->err;
    /* Bigger than the whole buffer: straight through. */
    if (n > o->cap) {
        if (fwrite(s, 1, n, o->fp) != n) {
            o->err = MCT_EIO;
            o->errnum = errno;
        }
        return o->err;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    return MCT_OK;
}

mct_status mct__outbuf_double(mct__outbuf *o, double v)
{
    char b[MCT__FMT_MAX];
    return mct__outbuf_add(o, b, mct__fmt_double(b, v));
}

mct_status mct__outbuf_u64(mct__outbuf *o, uint64_t v)
{
    char b[MCT__FMT_MAX];
    return mct__outbuf_add(o, b, mct__fmt_u64(b, v));
}

mct_status mct__outbuf_close(mct__outbuf *o)
{
    mct_status rc = mct__outbuf_flush(o);
    mct__free(o->p);
    o->p = NULL;
    o->cap = 0;
    return rc;
}

/* Formats one round's blocks [b0, b1), each into its own buffer. */
static mct_status format_round(mct__buf *bufs, size_t b0, size_t b1,
                               size_t n_rows, size_t block_rows, int nt,
                               mct__rows_fn fn, const void *ctx)
{
    mct_status rc = MCT_OK;
    long nb = (long)(b1 - b0);
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
    for (long b = 0; b < nb; b++) {
        size_t first = (b0 + (size_t)b) * block_rows;
        size_t last = first + block_rows < n_rows ? first + block_rows
                                                  : n_rows;
        mct_status r;
        bufs[b].len = 0;
        r = fn(ctx, first, last, &bufs[b]);
        if (r) {
#pragma omp critical(mct_write_rows)
            rc = r;
        }
    }
    return rc;
}

/* A large block goes to fwrite as it is, after what is buffered; a
 * small one is gathered with its neighbours. */
static mct_status put_block(mct__outbuf *o, const mct__buf *b)
{
    if (b->len < o->cap / 4)
        return mct__outbuf_add(o, b->p, b->len);
    if (mct__outbuf_flush(o))
        return o->err;
    if (b->len && fwrite(b->p, 1, b->len, o->fp) != b->len) {
        o->err = MCT_EIO;
        o->errnum = errno;
    }
    return o->err;
}

mct_status mct__write_rows(mct__outbuf *o, size_t n_rows, size_t block_rows,
                           int n_threads, mct__rows_fn fn, const void *ctx)
{
    size_t n_blocks, per_round, b0;
    mct__buf *bufs;
    mct_status rc = MCT_OK;
    int nt = n_threads > 0 ? n_threads : 1;
    if (o->err)
        return o->err;
    if (!block_rows)
        block_rows = 1;
    n_blocks = (n_rows + block_rows - 1) / block_rows;
    /* A few blocks per thread per round keeps threads busy when rows
     * differ in length, while the buffers stay a few MB in all. */
    per_round = (size_t)nt * 4;
    if (nt == 1 || n_blocks <= 1)
        per_round = 1;
    if (!(bufs = mct__calloc(per_round, sizeof *bufs)))
        return o->err = MCT_ENOMEM;
    for (b0 = 0; b0 < n_blocks && !rc; b0 += per_round) {
        size_t b1 = b0 + per_round < n_blocks ? b0 + per_round : n_blocks;
        rc = format_round(bufs, b0, b1, n_rows, block_rows,
                          per_round > 1 ? nt : 1, fn, ctx);
        for (size_t b = b0; b < b1 && !rc; b++)
            rc = put_block(o, &bufs[b - b0]);
    }
    for (size_t b = 0; b < per_round; b++)
        mct__buf_free(&bufs[b]);
    mct__free(bufs);
    if (rc && !o->err)
        o->err = rc;
    return rc;
}

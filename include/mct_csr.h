/*
 * mct_csr.h - sparse matrices in compressed sparse row form.
 *
 * Column indices are uint32_t, so a matrix has at most 4,294,967,295
 * columns; row pointers are size_t. Within a row, column indices are
 * strictly increasing.
 */
#ifndef MCT_CSR_H
#define MCT_CSR_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mct_csr mct_csr;

/* Read-only view of a matrix; valid until the matrix is freed. */
typedef struct mct_csr_view {
    size_t n_rows, n_cols, nnz;
    const size_t *indptr;    /* n_rows + 1 entries */
    const uint32_t *indices; /* nnz entries */
    const double *data;      /* nnz entries */
} mct_csr_view;

/*
 * Creates a matrix from CSR arrays (copied). MCT_EINVAL when the arrays
 * are inconsistent: indptr not starting at 0 or decreasing, a column out
 * of range, or columns not strictly increasing within a row.
 */
MCT_API mct_status mct_csr_new(size_t n_rows, size_t n_cols,
                               const size_t *indptr, const uint32_t *indices,
                               const double *data, mct_csr **out);

/* The arrays of the matrix. */
MCT_API mct_csr_view mct_csr_get(const mct_csr *m);

/*
 * Writes the matrix in Matrix Market format ("coordinate real general",
 * 1-based indices, each value as the shortest decimal that reads back as
 * exactly the same double: never longer than %.17g, and equal to it
 * whenever %.17g's digits are already the shortest). comment (may be
 * NULL) is written as %-lines after the banner. Rows are formatted by all
 * threads (mct_csr_write_mtx_threads to choose); the bytes do not depend
 * on the thread count. The file is written to a temporary name and
 * renamed into place.
 * Errors: MCT_EIO (diag says why: the file cannot be created or
 * written), MCT_EINVAL for a NULL matrix or path, MCT_ENOMEM.
 */
MCT_API mct_status mct_csr_write_mtx(const mct_csr *m, const char *path,
                                     const char *comment, mct_diag *diag);

/*
 * As mct_csr_write_mtx, formatting the rows with n_threads threads (0:
 * all, see mct_threads_resolve). The file's bytes are the same for any
 * n_threads. Errors: as mct_csr_write_mtx.
 */
MCT_API mct_status mct_csr_write_mtx_threads(const mct_csr *m,
                                             const char *path,
                                             const char *comment,
                                             int n_threads, mct_diag *diag);

/* Rows a Matrix Market file may declare beyond four per entry (each row
 * costs 8 bytes whether or not it has entries). */
#define MCT_MTX_EMPTY_ROWS_MAX ((size_t)1 << 20)

/*
 * Reads a Matrix Market file (coordinate real/integer general; duplicate
 * entries are summed). Errors name the line: MCT_EPARSE (a size line that
 * is not three unsigned numbers up to 4294967295, promises more entries
 * than the file has bytes, or more rows than MCT_MTX_EMPTY_ROWS_MAX plus
 * four per entry; a bad entry; too few entries),
 * MCT_EUNSUPPORTED (another kind of matrix), MCT_ENOTFOUND, MCT_EIO,
 * MCT_EINVAL for NULL arguments, MCT_ENOMEM.
 */
MCT_API mct_status mct_csr_read_mtx(const char *path, mct_csr **out,
                                    mct_diag *diag);

/* Frees the matrix. NULL is a no-op. */
MCT_API void mct_csr_free(mct_csr *m);

#ifdef __cplusplus
}
#endif
#endif /* MCT_CSR_H */

/*
 * mct_dense.h - dense matrices of numbers as text: one row per line, the
 * form mctsne embed --dense, the benchmarks and most tools exchange
 * (numpy.savetxt, R's write.table without names, a spreadsheet's TSV).
 */
#ifndef MCT_DENSE_H
#define MCT_DENSE_H

#include <stddef.h>

#include "mct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Parses len bytes of text (need not be NUL-terminated): every line that
 * is not blank is one row; values are separated by tabs, spaces or
 * commas; every row has the width of the first. CRLF line ends and a
 * UTF-8 byte-order mark are accepted. *X gets n x d values, row-major
 * (free with mct_free). Errors, with diag naming the line and column:
 * MCT_EPARSE for a value that is not a finite number (NaN and infinities
 * included) or a row of another width, MCT_EEMPTY for no rows,
 * MCT_EINVAL for NULL arguments, MCT_ENOMEM.
 */
MCT_API mct_status mct_dense_parse(const char *text, size_t len, double **X,
                                   size_t *n, size_t *d, mct_diag *diag);

/*
 * Reads a file ("-": standard input) as mct_dense_parse does.
 * MCT_ENOTFOUND when it does not exist, MCT_EIO when it cannot be read,
 * and the errors of mct_dense_parse.
 */
MCT_API mct_status mct_dense_read(const char *path, double **X, size_t *n,
                                  size_t *d, mct_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* MCT_DENSE_H */

/*
 * dense.h - the dense input of mctsne embed --dense: a TSV of numbers.
 */
#ifndef MCTSNE_DENSE_H
#define MCTSNE_DENSE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads a TSV of numbers: every non-blank line one row, all rows the same
 * width, every value a finite number. On success *X (n x d, row-major,
 * to free()) holds the rows; otherwise a one-line error naming the file,
 * line and column has been printed and false comes back.
 */
bool cli_read_dense(const char *path, double **X, size_t *n, size_t *d);

#endif

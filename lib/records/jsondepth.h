/*
 * jsondepth.h - why cJSON refused a text, when the reason is depth.
 * Internal: names start with mct__.
 */
#ifndef MCT_JSONDEPTH_H
#define MCT_JSONDEPTH_H

#include <stdbool.h>
#include <stddef.h>

#include "internal.h"

/* The deepest nesting of arrays and objects in s[0..n), strings and
 * their escapes skipped; no recursion, so any text is safe. */
size_t mct__json_depth(const char *s, size_t n);

/*
 * When s[0..n) nests deeper than cJSON's limit (CJSON_NESTING_LIMIT,
 * 1000), which is why cJSON refused it, writes "JSON nested deeper than
 * 1000 levels" to diag at line (column 0) and returns true; otherwise
 * leaves diag alone and returns false.
 */
bool mct__json_too_deep(const char *s, size_t n, size_t line, mct_diag *diag);

#endif

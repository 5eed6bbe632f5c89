/*
 * bundled.h - the data mctsne carries inside itself, so that
 * `mctsne review -o DIR` works from anywhere with no input: the
 * micro-credentials records of corpora/microcredentials/ and the paper's
 * five themes (corpora/themes-microcredentials.json). The build generates
 * the definitions with scripts/embed.sh.
 */
#ifndef MCTSNE_BUNDLED_H
#define MCTSNE_BUNDLED_H

#include <stddef.h>

/* How the report names them. */
#define BUNDLED_RECORDS_NAME "corpora/microcredentials/microcredentials.jsonl"
#define BUNDLED_THEMES_NAME "corpora/themes-microcredentials.json"
/* The search of the paper the bundled corpus follows (its Table 1, as in
 * Scopus): every bundled title matches it. */
#define BUNDLED_QUERY "TITLE(micro-creden*) OR TITLE(microcreden*)"

extern const unsigned char bundled_records[];
extern const size_t bundled_records_len;
extern const unsigned char bundled_themes[];
extern const size_t bundled_themes_len;

#endif

/*
 * mct_concepts.h - a concept map of texts, made the way Leximancer makes
 * them: the text is cut into blocks of a few sentences (two by default),
 * concepts are the most frequent stemmed words and two-word phrases of
 * the blocks (or a given seed list), and two concepts are linked by the
 * number of blocks they share. Concept "themes" are communities of that
 * network, each named after its most frequent concept; the strongest
 * paths are its maximum spanning tree.
 *
 * Counts are of blocks, not words: a concept's count is the number of
 * blocks that mention it, its relevance that count divided by the count
 * of the most frequent concept.
 */
#ifndef MCT_CONCEPTS_H
#define MCT_CONCEPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_net.h"
#include "mct_text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mct_concepts_opts {
    size_t window;          /* sentences per block (default 2) */
    size_t n_concepts;      /* most frequent terms kept (default 40) */
    size_t min_count;       /* blocks a concept needs (default 2) */
    bool phrases;           /* two-word phrases too (default true) */
    /* Seed concepts instead of the most frequent terms (may be NULL);
     * each is a word or phrase, normalised like the text. */
    const char *const *seeds;
    size_t n_seeds;
    /* Extra stop words for the concept terms (may be NULL). */
    const char *const *stop_words;
    size_t n_stop_words;
    const char *stem_language; /* default "english" */
    mct_net_norm norm;      /* link weights (default association) */
    uint64_t seed;          /* communities and layout (default 42) */
    /* Leave out the words abstracts use about themselves ("study",
     * "paper", "results", "approach", ...: MCT_STOPLIST_ACADEMIC). Default
     * true. */
    bool academic_stop;
    /* Terms left out, such as the search query's (mct_query_terms), as
     * patterns: '*' any characters, '?' one; a hyphenated pattern covers
     * the compound and its two words, a phrase each of its words. May be
     * NULL. */
    const char *const *exclude_terms;
    size_t n_exclude_terms;
} mct_concepts_opts;

/* The defaults given with each field above. */
MCT_API mct_concepts_opts mct_concepts_opts_default(void);

typedef struct mct_concepts mct_concepts;

/*
 * Builds the concept map of n texts (blocks never span two texts).
 * Errors: MCT_EINVAL for options out of range, MCT_EEMPTY when no concept
 * reaches min_count, MCT_EUTF8 for invalid text, MCT_ENOMEM. Not to be
 * run in two threads at once (it uses igraph, see mct_net.h).
 */
MCT_API mct_status mct_concepts_build(const mct_concepts_opts *o,
                                      const char *const *texts,
                                      const size_t *lens, size_t n,
                                      mct_concepts **out);

/* Number of blocks the texts were cut into. */
MCT_API size_t mct_concepts_n_blocks(const mct_concepts *c);

/* The concept network: node i is concept i. Valid until freed. */
MCT_API const mct_net *mct_concepts_network(const mct_concepts *c);

typedef struct mct_concept {
    const char *key;     /* stems ("higher educ") */
    const char *label;   /* most frequent spelling ("higher education") */
    size_t count;        /* blocks that mention it */
    double relevance;    /* count / the largest count, in (0, 1] */
    int theme;           /* its community in the network */
} mct_concept;

/* Number of concepts, and concept i (most frequent first). Strings are
 * valid until the map is freed. MCT_EINVAL when i is out of range. */
MCT_API size_t mct_concepts_count(const mct_concepts *c);
MCT_API mct_status mct_concepts_get(const mct_concepts *c, size_t i,
                                    mct_concept *out);

/* Number of themes; theme t's name is its most frequent concept. */
MCT_API size_t mct_concepts_n_themes(const mct_concepts *c);
MCT_API const char *mct_concepts_theme_name(const mct_concepts *c, size_t t);

/* Frees the map. NULL is a no-op. */
MCT_API void mct_concepts_free(mct_concepts *c);

#ifdef __cplusplus
}
#endif
#endif /* MCT_CONCEPTS_H */

/*
 * phrases.h - internal: the terms that themes and concept maps count.
 *
 * A phraser turns a sentence into stemmed words and the pairs of words
 * that stand next to each other ("higher educ", "digit badg"), leaving
 * out stop words, words academic prose uses about itself (optional),
 * numbers, tokens shorter than three characters and words that match an
 * exclusion pattern (the search query's terms). A pair never spans a word
 * that was left out. A keyword phrase is also counted whole.
 *
 * Exclusion patterns are case-folded like the text; '*' stands for any
 * characters and '?' for one. A pattern with a hyphen ("micro-creden*")
 * matches the compound however it is written ("micro-credentials",
 * "microcredentials") and the two separate words ("micro credentials");
 * a pattern of several words matches each of its words alone.
 */
#ifndef MCT_PHRASES_H
#define MCT_PHRASES_H

#include "analyzer.h"

typedef struct mct__phrase_opts {
    const char *stem_language;       /* NULL: English */
    const char *const *stop_words;   /* extra stop words (may be NULL) */
    size_t n_stop_words;
    bool academic_stop;              /* MCT_STOPLIST_ACADEMIC too */
    const char *const *exclude;      /* patterns (may be NULL) */
    size_t n_exclude;
    bool pairs;                      /* pairs of adjacent words */
} mct__phrase_opts;

typedef struct mct__phraser mct__phraser;

mct_status mct__phraser_new(const mct__phrase_opts *o, mct__phraser **out);
void mct__phraser_free(mct__phraser *p);

/*
 * Called for each term: its key (stems joined by spaces), its surface
 * (case-folded words joined by spaces) and its number of words. Neither
 * string is NUL-terminated. A non-OK status stops the run and is
 * returned.
 */
typedef mct_status (*mct__phrase_fn)(void *user, const char *key,
                                     size_t key_len, const char *surface,
                                     size_t surface_len, unsigned words);

/* The words and pairs of one sentence, in text order (a pair right after
 * its second word). */
mct_status mct__phraser_sentence(mct__phraser *p, const char *s, size_t len,
                                 mct__phrase_fn fn, void *user);

/* The same for a text of several sentences (split first, so that no pair
 * spans two sentences). */
mct_status mct__phraser_text(mct__phraser *p, const char *s, size_t len,
                             mct__phrase_fn fn, void *user);

/*
 * A keyword or seed phrase: its words and pairs, and, when it has three
 * or more words of which at least two count, the whole phrase as one
 * term (its words stemmed, stop words kept). Nothing whole when a word
 * is excluded by a pattern.
 */
mct_status mct__phraser_phrase(mct__phraser *p, const char *s, size_t len,
                               mct__phrase_fn fn, void *user);

/*
 * Publisher boilerplate in an abstract: 2 for a sentence that starts a
 * copyright statement ("(c) 2019 Elsevier Ltd.", a copyright sign,
 * "Copyright"), which runs to the end of the text; 1 for a sentence that
 * says "All rights reserved"; 0 otherwise. Such sentences name no theme
 * and would otherwise make "ltd" and "authors" terms.
 */
int mct__boilerplate(const char *s, size_t n);

/* Whether a case-folded word (hyphens allowed) is excluded by one of the
 * patterns. */
bool mct__phraser_excluded(const mct__phraser *p, const char *w, size_t n);

/* Glob match of s[0..n) against a NUL-terminated pattern ('*', '?'). */
bool mct__glob(const char *pat, const char *s, size_t n);

#endif

/*
 * analyzer_impl.h - the analyzer's own state, shared by its two files:
 * analyzer.c (construction, thesaurus, stop words, stemming, n-grams) and
 * tokenize.c (code points, classes and the tokenisers). Not installed.
 */
#ifndef MCT_ANALYZER_IMPL_H
#define MCT_ANALYZER_IMPL_H

#include "analyzer.h"

/* GCC and Clang on x86-64 can build an AVX-512BW path next to the
 * portable one; which runs is decided at run time (tokenize.c). */
#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX512 1
#endif

enum {
    C_OTHER = 0,
    C_LETTER = 1,
    C_DIGIT = 2,
    C_MARK = 3,
    C_HYPHEN = 4,
    C_APOS = 5
};

struct mct_analyzer {
    mct_analyzer_opts o;
    char lang[64];
    mct__strtab stop;        /* keys of stop words */
    mct__strtab thes;        /* thesaurus labels: keys joined by ' ' */
    mct__strtab thes_first;  /* first key of every label */
    char **thes_repl;        /* per label id: replacement surfaces, ' ' */
    unsigned thes_max;       /* most keys in one label */
    size_t max_repl;         /* most tokens in one replacement */
    mct_stemmer *stemmer;
    mct__tokens tk;          /* scratch of mct_analyzer_run */
    mct__buf terms;          /* scratch of mct_analyzer_run */
    bool avx512;             /* classify with AVX-512BW (CPU has it) */
};

/* Tokenising (tokenize.c). Each fills tk with the text's surfaces. */
mct_status mct__tokenize_raw(const mct_analyzer *a, const char *text,
                             size_t len, mct__tokens *tk);
mct_status mct__tokenize_ascii(const mct_analyzer *a, const char *text,
                               size_t len, mct__tokens *tk, bool *ascii);
mct_status mct__tokenize_unicode(const mct_analyzer *a, const char *text,
                                 size_t len, mct__tokens *tk);
/* Appends a surface to tk. */
mct_status mct__push_token(mct__tokens *tk, const char *s, size_t n);
/* Fewer than min code points, hyphens not counted. */
bool mct__surface_short(const char *s, size_t n, size_t min);
/* Only digits (and separators within a number). */
bool mct__surface_is_number(const char *s, size_t n);

#endif

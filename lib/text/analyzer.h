/*
 * analyzer.h - internal interface of the analyzer, shared with the
 * vectorizer and the other text modules. Not installed.
 */
#ifndef MCT_ANALYZER_INTERNAL_H
#define MCT_ANALYZER_INTERNAL_H

#include "internal.h"
#include "mct_text.h"

/*
 * Per-thread scratch for tokenising: the analyzer itself is read-only
 * while tokenising, so many threads can share it, each with its own
 * mct__tokens.
 */
/* Bytes readable after the end of every token in mct__tokens.bytes, so
 * that keys can be loaded as whole words (mct__key_of_padded). */
#define MCT__TOKEN_PAD 16

typedef struct mct__tokens {
    int32_t *cps;        /* normalised code points of the text */
    size_t cps_cap;
    uint8_t *cls;        /* class per code point */
    size_t cls_cap;
    char *bytes;         /* surfaces (not NUL-terminated: see tlen) */
    size_t len, cap;
    uint32_t *off;       /* per token: offset into bytes */
    uint32_t *tlen;      /* per token: surface length */
    size_t count, tcap;
    /* scratch for thesaurus matching */
    char *tmp;
    size_t tmp_cap;
} mct__tokens;

void mct__tokens_free(mct__tokens *tk);

/*
 * Tokenises text into surfaces (case-folded, compounds keep their hyphen
 * as '-'), applies the thesaurus, the length and number filters and the
 * stop words, and leaves the surviving surfaces in tk (replacing what was
 * there). The analyzer is only read. MCT_EUTF8 on invalid UTF-8.
 */
mct_status mct__analyze_surfaces(const mct_analyzer *a, const char *text,
                                 size_t len, mct__tokens *tk);

/*
 * As above, but keeps stop words, short tokens and numbers: the caller
 * filters with mct__surface_dropped (the vectorizer does it once per
 * distinct surface rather than once per token).
 */
mct_status mct__analyze_words(const mct_analyzer *a, const char *text,
                              size_t len, mct__tokens *tk);

/*
 * mct__analyze_words for a text that is ASCII without NUL bytes, the
 * common case: *ascii says whether it was. When it was not, nothing is
 * done (tk is empty) and the text needs mct__analyze_words, after the
 * UTF-8 check that such a text was spared.
 */
mct_status mct__analyze_ascii(const mct_analyzer *a, const char *text,
                              size_t len, mct__tokens *tk, bool *ascii);

/* mct__analyze_words for a text known not to be ASCII (one that
 * mct__analyze_ascii turned down, once checked as UTF-8): straight to the
 * code-point path, without trying the ASCII one again. */
mct_status mct__analyze_unicode(const mct_analyzer *a, const char *text,
                                size_t len, mct__tokens *tk);

/* Whether the filters drop a surface (too short, a number when asked, a
 * stop word). scratch must hold n bytes. */
bool mct__surface_dropped(const mct_analyzer *a, const char *s, size_t n,
                          char *scratch);
/* The same, given the surface's key (mct__key_of(s, n)), which is the
 * stop-word lookup's key too unless the surface has a hyphen. */
bool mct__surface_dropped_key(const mct_analyzer *a, const char *s, size_t n,
                              const mct__key *k, char *scratch);

/*
 * The key of a surface: the surface without the hyphens that joined a
 * compound. out must hold n bytes; returns the key's length.
 */
size_t mct__surface_key(const char *s, size_t n, char *out);

/* Most tokens one token can become through the thesaurus (at least 1). */
size_t mct__analyzer_max_expansion(const mct_analyzer *a);

/* Options the analyzer was made with (pointers inside are not valid). */
const mct_analyzer_opts *mct__analyzer_opts(const mct_analyzer *a);

/*
 * Whether the ASCII tokeniser uses AVX-512BW (chosen when the analyzer is
 * made, if the processor has it); use = 0 or 1 changes it (1 only takes
 * where the processor has it), -1 just asks. The two paths give the same
 * tokens; tests compare them.
 */
bool mct__analyzer_simd(mct_analyzer *a, int use);

/* The analyzer's own stemmer (NULL when it does not stem). */
mct_stemmer *mct__analyzer_stemmer(mct_analyzer *a);

#endif

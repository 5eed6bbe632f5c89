/*
 * mct_text.h - documents, stemming, stop words, thesauri and the analyzer
 * that turns a text into terms.
 *
 * All text is UTF-8. Functions that take text check it and return
 * MCT_EUTF8 for invalid sequences; nothing is silently dropped or
 * replaced.
 */
#ifndef MCT_TEXT_H
#define MCT_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================
 * Documents: a list of texts, each remembering the input line it came
 * from.
 * ==================================================================== */

typedef struct mct_docs mct_docs;

/* Options for reading a text file with one document per line. */
typedef struct mct_docs_opts {
    /* Longest line accepted, in bytes; a longer one is an error
     * (MCT_ETOOBIG). Default 1 MiB. */
    size_t max_line_bytes;
    /* Keep whitespace-only lines as empty documents instead of skipping
     * them. Default false: blank lines are skipped, and every document
     * still knows its line number. */
    bool keep_blank;
} mct_docs_opts;

/* Default reading options. */
MCT_API mct_docs_opts mct_docs_opts_default(void);

/* Creates an empty document list. MCT_ENOMEM when out of memory. */
MCT_API mct_status mct_docs_new(mct_docs **out);

/*
 * Appends one document (copied). text need not be NUL-terminated. line is
 * the caller's 1-based source line (0 when none). Returns MCT_EUTF8 when
 * text is not valid UTF-8 and MCT_EINVAL when it contains a NUL byte.
 */
MCT_API mct_status mct_docs_add(mct_docs *d, const char *text, size_t len,
                                size_t line);

/*
 * Appends the documents of a text file, one per line. "-" reads standard
 * input. A UTF-8 byte-order mark, CRLF and CR line ends are accepted.
 * Fails with a diagnostic naming the line on invalid UTF-8 (MCT_EUTF8),
 * a NUL byte (MCT_EPARSE) or an over-long line (MCT_ETOOBIG), and with
 * MCT_EEMPTY when the file holds no document. On failure d is unchanged.
 * opts may be NULL for the defaults.
 */
MCT_API mct_status mct_docs_read_lines(mct_docs *d, const char *path,
                                       const mct_docs_opts *opts,
                                       mct_diag *diag);

/* Same as mct_docs_read_lines, from a buffer in memory. */
MCT_API mct_status mct_docs_parse_lines(mct_docs *d, const char *data,
                                        size_t len,
                                        const mct_docs_opts *opts,
                                        mct_diag *diag);

/* Number of documents. */
MCT_API size_t mct_docs_count(const mct_docs *d);

/*
 * Text of document i (NUL-terminated; its length goes to *len when len is
 * not NULL). Valid until the list is changed or freed. NULL when i is out
 * of range.
 */
MCT_API const char *mct_docs_text(const mct_docs *d, size_t i, size_t *len);

/* Source line of document i (0 when unknown or out of range). */
MCT_API size_t mct_docs_line(const mct_docs *d, size_t i);

/*
 * Arrays of all texts and lengths, for the functions that take a batch.
 * Valid until the list is changed or freed.
 */
MCT_API const char *const *mct_docs_texts(const mct_docs *d);
MCT_API const size_t *mct_docs_lengths(const mct_docs *d);

/* Frees the list. NULL is a no-op. */
MCT_API void mct_docs_free(mct_docs *d);

/* ======================================================================
 * Stemming with Snowball (libstemmer).
 * ==================================================================== */

typedef struct mct_stemmer mct_stemmer;

/*
 * Creates a stemmer for a Snowball language ("english", "french", "porter"
 * and the others that mct_stemmer_languages lists; ISO 639 codes such as
 * "en" work too). MCT_ENOTFOUND for an unknown language. A stemmer is not
 * thread-safe: use one per thread.
 */
MCT_API mct_status mct_stemmer_new(const char *language, mct_stemmer **out);

/*
 * Stems one word (UTF-8, already lower-cased). The stem goes to *stem and
 * its length to *stem_len; it is owned by the stemmer and valid until the
 * next call on the same stemmer. Time: linear in the word's length.
 */
MCT_API mct_status mct_stemmer_stem(mct_stemmer *s, const char *word,
                                    size_t len, const char **stem,
                                    size_t *stem_len);

/* NULL-terminated list of the language names libstemmer knows. Static. */
MCT_API const char *const *mct_stemmer_languages(void);

/* Frees the stemmer. NULL is a no-op. */
MCT_API void mct_stemmer_free(mct_stemmer *s);

/* ======================================================================
 * Word lists (stop words) and thesauri.
 * ==================================================================== */

/* Built-in stop-word lists. */
typedef enum mct_stoplist {
    /* No built-in list. */
    MCT_STOPLIST_NONE = 0,
    /* Snowball's English stop-word list (174 words, contractions
     * included). The default of the Unicode analyzer. */
    MCT_STOPLIST_ENGLISH = 1,
    /* The Glasgow Information Retrieval Group list that scikit-learn uses
     * as stop_words='english' (318 words). The default of the
     * scikit-learn-compatible analyzer. */
    MCT_STOPLIST_SKLEARN = 2,
    /* Words that academic prose uses about itself rather than about its
     * subject: "study", "paper", "results", "explore", "potential",
     * "approach", ... (190 words, inflections listed). Themes and
     * concept maps leave them out by default, on top of a general list. */
    MCT_STOPLIST_ACADEMIC = 3
} mct_stoplist;

/* The words of a built-in list; their number goes to *n. Static. */
MCT_API const char *const *mct_stoplist_words(mct_stoplist which, size_t *n);

typedef struct mct_wordlist mct_wordlist;

/*
 * Reads a word list: one entry per line, UTF-8, blank lines and lines that
 * start with '#' ignored, surrounding white space trimmed. A BOM and CRLF
 * are accepted. MCT_EUTF8 names the line of an invalid sequence.
 */
MCT_API mct_status mct_wordlist_read(const char *path, mct_wordlist **out,
                                     mct_diag *diag);

/* The entries, in file order; their number goes to *n. Valid until the
 * list is freed. */
MCT_API const char *const *mct_wordlist_words(const mct_wordlist *w,
                                              size_t *n);

/* Frees the list. NULL is a no-op. */
MCT_API void mct_wordlist_free(mct_wordlist *w);

/*
 * A thesaurus merges synonyms: each label is replaced by its replacement
 * before anything is counted; an empty replacement removes the label.
 * Labels may be phrases of several words. This is VOSviewer's thesaurus
 * file format.
 */
typedef struct mct_thesaurus mct_thesaurus;

/* Creates an empty thesaurus. MCT_ENOMEM when out of memory. */
MCT_API mct_status mct_thesaurus_new(mct_thesaurus **out);

/*
 * Adds one pair (both copied). A later pair for the same label replaces an
 * earlier one. Errors: MCT_EINVAL for NULL arguments, MCT_EUTF8,
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_thesaurus_add(mct_thesaurus *t, const char *label,
                                     const char *replace_by);

/*
 * Reads a VOSviewer thesaurus file: a header line "label<TAB>replace by",
 * then one "label<TAB>replacement" pair per line; blank lines are ignored.
 * A missing header, a line without a tab or invalid UTF-8 gives
 * MCT_EPARSE or MCT_EUTF8 with the line in diag.
 */
MCT_API mct_status mct_thesaurus_read(mct_thesaurus *t, const char *path,
                                      mct_diag *diag);

/* Number of pairs. */
MCT_API size_t mct_thesaurus_count(const mct_thesaurus *t);

/* Pair i in insertion order. Pointers valid until t changes or is freed.
 * MCT_EINVAL when i is out of range. */
MCT_API mct_status mct_thesaurus_get(const mct_thesaurus *t, size_t i,
                                     const char **label,
                                     const char **replace_by);

/* Frees the thesaurus. NULL is a no-op. */
MCT_API void mct_thesaurus_free(mct_thesaurus *t);

/* ======================================================================
 * Analyzer: text -> terms.
 * ==================================================================== */

typedef enum mct_token_mode {
    /*
     * Unicode words: NFKC normalisation and full case folding (utf8proc),
     * default-ignorable characters removed. A token is a run of letters,
     * marks and digits; a hyphen between two such characters joins them
     * ("micro-credentials" and "microcredentials" are one term) and an
     * apostrophe between two letters stays inside the word.
     */
    MCT_TOKEN_MODE_UNICODE = 0,
    /*
     * scikit-learn's default: Python's lower() and the token pattern
     * (?u)\b\w\w+\b, so results match TfidfVectorizer.
     */
    MCT_TOKEN_MODE_SKLEARN = 1
} mct_token_mode;

typedef struct mct_analyzer_opts {
    mct_token_mode mode;
    /* Lower-case (Unicode mode: case-fold) the text. Default true. */
    bool lowercase;
    /* Stem every word with Snowball. Default true in Unicode mode. */
    bool stem;
    /* Snowball language for stemming. Default "english". */
    const char *stem_language;
    /* Built-in stop words removed before stemming and n-grams. */
    mct_stoplist stop_list;
    /* Extra stop words (may be NULL); normalised like the text. */
    const char *const *stop_words;
    size_t n_stop_words;
    /* Synonyms merged before stop words and stemming (may be NULL). The
     * analyzer copies what it needs; t may be freed afterwards. */
    const mct_thesaurus *thesaurus;
    /* Word n-grams from ngram_min to ngram_max words. Default 1..1. */
    unsigned ngram_min, ngram_max;
    /* Shortest token kept, in code points. Default 2. */
    unsigned min_token_chars;
    /* Drop tokens made only of digits. Default false. */
    bool drop_numbers;
} mct_analyzer_opts;

/* Defaults of the Unicode analyzer: stemming, Snowball English stop
 * words, unigrams, tokens of at least 2 characters. */
MCT_API mct_analyzer_opts mct_analyzer_opts_default(void);

/* The scikit-learn-compatible preset: TfidfVectorizer's token pattern and
 * lower-casing, stop_words='english', no stemming. */
MCT_API mct_analyzer_opts mct_analyzer_opts_sklearn(void);

typedef struct mct_analyzer mct_analyzer;

/* Creates an analyzer. MCT_EINVAL for inconsistent options,
 * MCT_ENOTFOUND for an unknown stemming language. */
MCT_API mct_status mct_analyzer_new(const mct_analyzer_opts *o,
                                    mct_analyzer **out);

/*
 * Called once per term of a text, in text order: term is the string that
 * is counted (the stem, or stems joined by a space for n-grams) and
 * surface the text's own (case-folded) word or phrase. Neither is
 * NUL-terminated. Return false to stop early.
 */
typedef bool (*mct_term_fn)(void *user, const char *term, size_t term_len,
                            const char *surface, size_t surface_len);

/*
 * Analyses one text and calls fn for each term (unigrams first, then
 * n-grams by length). MCT_EUTF8 for invalid UTF-8. An analyzer is not
 * thread-safe. Time: linear in the text.
 */
MCT_API mct_status mct_analyzer_run(mct_analyzer *a, const char *text,
                                    size_t len, mct_term_fn fn, void *user);

/*
 * Normalises one keyword or phrase as the analyzer sees words: case
 * folding, compounds joined, stemming, tokens separated by one space;
 * stop words are kept. The result goes to *out (NUL-terminated, free
 * with mct_free). Used to merge keyword variants ("Micro-Credentials",
 * "microcredential"). Errors: MCT_EINVAL for NULL arguments, MCT_EUTF8,
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_analyzer_normalize(mct_analyzer *a, const char *text,
                                          size_t len, char **out);

/* Frees the analyzer. NULL is a no-op. */
MCT_API void mct_analyzer_free(mct_analyzer *a);

/* ======================================================================
 * Sentences.
 * ==================================================================== */

/*
 * Splits a text into sentences and calls fn with each one's byte offset
 * and length (surrounding space trimmed). A sentence ends at '.', '!' or
 * '?' (and any closing quotes or brackets) followed by space and a
 * capital letter, a digit or an opening quote, or at a blank line or the
 * end of the text. A period does not end a sentence after a known
 * abbreviation ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Dr.",
 * "Fig.", "No.", "U.S.", "U.K.", ...), after a single capital letter (an
 * initial), or inside a number. fn returns false to stop.
 */
typedef bool (*mct_sentence_fn)(void *user, size_t offset, size_t len);

/* Errors: MCT_EINVAL for a NULL text of non-zero length or a NULL fn,
 * MCT_EUTF8 for invalid UTF-8. */
MCT_API mct_status mct_split_sentences(const char *text, size_t len,
                                       mct_sentence_fn fn, void *user);

/* Earlier names, kept for programs written against 0.1.0 (deprecated):
 * enum constants now carry their type's name. */
#define MCT_STOP_NONE MCT_STOPLIST_NONE
#define MCT_STOP_ENGLISH MCT_STOPLIST_ENGLISH
#define MCT_STOP_SKLEARN MCT_STOPLIST_SKLEARN
#define MCT_STOP_ACADEMIC MCT_STOPLIST_ACADEMIC
#define MCT_TOKENS_UNICODE MCT_TOKEN_MODE_UNICODE
#define MCT_TOKENS_SKLEARN MCT_TOKEN_MODE_SKLEARN

#ifdef __cplusplus
}
#endif
#endif /* MCT_TEXT_H */

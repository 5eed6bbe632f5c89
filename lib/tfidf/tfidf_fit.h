/*
 * tfidf_fit.h - the state that fit_transform's phases share, and the
 * phases that live in their own files (tfidf_terms.c: C and D;
 * tfidf_rows.c: E to G). Phases A and B and the driver are in
 * tfidf_fit.c, whose head comment describes them all. Not installed.
 */
#ifndef MCT_TFIDF_FIT_H
#define MCT_TFIDF_FIT_H

#include "tfidf_internal.h"

/*
 * One thread's share of the texts: a contiguous range, so that its tokens
 * go in text order into one growing array and its distinct surfaces into
 * one table that stays warm in the cache for the whole range. Parts are
 * merged in part order afterwards. Surface ids therefore depend on the
 * number of threads, but nothing that comes out does: every later choice
 * between surfaces, stems or terms is made on their strings or counts.
 */
typedef struct part {
    size_t d0, d1;
    size_t bytes;      /* of its texts */
    mct__strtab tab;   /* its surfaces; ids local to the part */
    uint32_t *toks;    /* local surface id of each token */
    size_t ntok, cap;
    uint32_t *cnt;     /* per local surface: tokens */
    uint8_t *drop;     /* per local surface: dropped by the filters */
    size_t drop_cap;
    mct_status rc;
    size_t bad;        /* the first failing text when rc != MCT_OK */
} part;

/* A term's document frequency and total count. */
typedef struct tcount {
    size_t df, tf;
} tcount;

/* Everything the fit needs between phases. */
typedef struct fit {
    size_t n;
    int nt;
    mct__strtab surf;    /* distinct surfaces */
    size_t *surf_cnt;    /* per surface: tokens */
    uint8_t *drop;       /* per surface: dropped by the filters */
    uint32_t *toks;      /* per token: surface id (n-grams: later term id) */
    size_t *doc_off;     /* n + 1: where each text's tokens start */
    mct__strtab stems;
    uint32_t *stem_of;   /* per surface; UINT32_MAX when dropped */
    uint32_t *best_surf; /* per stem: display surface */
    bool tok_is_term;    /* toks hold term ids (n-grams), not surfaces */
    size_t n_terms;
    const char **tstr;   /* per term */
    uint32_t *tlen;
    const char **tdisp;
    uint32_t *rank;      /* per term: alphabetical place */
    uint32_t *order;     /* per rank: term */
    size_t *uniq;        /* per text: distinct ranks */
    tcount *cnt;         /* per rank */
    uint32_t *col_of;    /* per rank: final column or UINT32_MAX */
    size_t n_cols;
    mct__strtab grams;   /* n-gram keys (stem ids as bytes) */
    mct__buf gbuf;       /* n-gram strings */
    size_t *gstr_off, *gdisp_off;
} fit;


/* Phase C: each stem's display surface, then the terms. */
mct_status mct__fit_best_surfaces(fit *f);
mct_status mct__fit_terms_unigram(fit *f);
mct_status mct__fit_terms_ngram(mct_vectorizer *v, fit *f);
/* Phase D: terms ranked alphabetically. */
mct_status mct__fit_rank_terms(fit *f);
/* Phase E: rows, document frequencies and counts. */
mct_status mct__fit_rows(fit *f);
/* Phase F: pruning and the kept vocabulary. */
mct_status mct__fit_choose_vocab(mct_vectorizer *v, fit *f, mct_diag *diag);
mct_status mct__fit_keep_vocab(mct_vectorizer *v, fit *f);
/* Phase G: the matrix. */
mct_status mct__fit_matrix(mct_vectorizer *v, fit *f, mct_csr **out);

#endif

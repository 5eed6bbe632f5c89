/*
 * tfidf_rows.c - phases E to G of fit_transform (see tfidf_fit.c): each
 * text's ranks sorted into a row with document frequencies and counts,
 * pruning by df and max_features, and the weighted matrix.
 */
#include <math.h>
#include <stdlib.h>

#include "tfidf_fit.h"

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- phase E: rows, in rank order ------------------------------------ */

/*
 * Rows are often short (seven terms on average in WordNet's glosses) and
 * their order random, so a branchy sort mispredicts on most comparisons:
 * rows of up to eight terms go through a sorting network of their exact
 * size (optimal networks, Knuth TAOCP 5.3.4; each checked on all 0-1
 * inputs, which by the 0-1 principle proves it); padding every row to
 * eight or sixteen measured slower. Up to INSERTION_MAX terms, insertion
 * sort; past that (abstracts run to hundreds of words) a radix sort on
 * the ranks' significant bits, O(n) where insertion sort is O(n^2).
 */
#define INSERTION_MAX 24

/* LSD radix sort, 8-bit digits, of n values below 2^bits; tmp holds n. */
static void radix_u32(uint32_t *a, size_t n, uint32_t *tmp, unsigned bits)
{
    uint32_t *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < bits; shift += 8) {
        uint32_t cnt[256] = {0}, sum = 0;
        uint32_t *t;
        for (size_t i = 0; i < n; i++)
            cnt[(src[i] >> shift) & 0xFF]++;
        for (size_t b = 0; b < 256; b++) {
            uint32_t k = cnt[b];
            cnt[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> shift) & 0xFF]++] = src[i];
        t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
#define CSWAP(i, j)                                                            \
    do {                                                                       \
        uint32_t x_ = a[i], y_ = a[j];                                         \
        a[i] = x_ < y_ ? x_ : y_;                                              \
        a[j] = x_ < y_ ? y_ : x_;                                              \
    } while (0)

static void sort_ranks(uint32_t *a, size_t n, uint32_t *tmp, unsigned bits)
{
    switch (n) {
    case 0:
    case 1:
        return;
    case 2:
        CSWAP(0, 1);
        return;
    case 3:
        CSWAP(1, 2); CSWAP(0, 2); CSWAP(0, 1);
        return;
    case 4:
        CSWAP(0, 1); CSWAP(2, 3); CSWAP(0, 2); CSWAP(1, 3); CSWAP(1, 2);
        return;
    case 5:
        CSWAP(0, 1); CSWAP(3, 4); CSWAP(2, 4); CSWAP(2, 3); CSWAP(0, 3);
        CSWAP(0, 2); CSWAP(1, 4); CSWAP(1, 3); CSWAP(1, 2);
        return;
    case 6:
        CSWAP(1, 2); CSWAP(4, 5); CSWAP(0, 2); CSWAP(3, 5); CSWAP(0, 1);
        CSWAP(3, 4); CSWAP(1, 4); CSWAP(0, 3); CSWAP(2, 5); CSWAP(1, 3);
        CSWAP(2, 4); CSWAP(2, 3);
        return;
    case 7:
        CSWAP(1, 2); CSWAP(3, 4); CSWAP(5, 6); CSWAP(0, 2); CSWAP(3, 5);
        CSWAP(4, 6); CSWAP(0, 1); CSWAP(4, 5); CSWAP(2, 6); CSWAP(0, 4);
        CSWAP(1, 5); CSWAP(0, 3); CSWAP(2, 5); CSWAP(1, 3); CSWAP(2, 4);
        CSWAP(2, 3);
        return;
    case 8:
        CSWAP(0, 2); CSWAP(1, 3); CSWAP(4, 6); CSWAP(5, 7); CSWAP(0, 4);
        CSWAP(1, 5); CSWAP(2, 6); CSWAP(3, 7); CSWAP(0, 1); CSWAP(2, 3);
        CSWAP(4, 5); CSWAP(6, 7); CSWAP(2, 4); CSWAP(3, 5); CSWAP(1, 4);
        CSWAP(3, 6); CSWAP(1, 2); CSWAP(3, 4); CSWAP(5, 6);
        return;
    default:
        break;
    }
    if (n <= INSERTION_MAX || !tmp || n >= UINT32_MAX) {
        if (n > 64) { /* no scratch, or a row too long to count in 32 bits */
            qsort(a, n, sizeof *a, u32_cmp);
            return;
        }
        for (size_t i = 1; i < n; i++) {
            uint32_t x = a[i];
            size_t j = i;
            while (j > 0 && a[j - 1] > x) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    radix_u32(a, n, tmp, bits);
}

void mct__sort_u32(uint32_t *a, size_t n) { sort_ranks(a, n, NULL, 32); }
#undef CSWAP

/*
 * Each text's tokens become ranks (dropped surfaces left out), sorted in
 * place in its own slice of toks; every distinct rank of a text adds one
 * to its document frequency and its count to its total. The texts are
 * cut into one range per thread with counts of its own, added up after:
 * integer sums, the same whatever the cut.
 */
typedef struct rowstat {
    size_t d0, d1;
    tcount *c;     /* per rank */
    uint32_t *tmp; /* scratch for sorting long rows */
    size_t tmp_cap;
} rowstat;

static void rows_range(fit *f, const uint32_t *map, rowstat *r)
{
    unsigned bits = 0;
    while (bits < 32 && (f->n_terms >> bits))
        bits++;
    for (size_t d = r->d0; d < r->d1; d++) {
        uint32_t *a = f->toks + f->doc_off[d];
        size_t u = 0, m = f->doc_off[d + 1] - f->doc_off[d];
        /* Every token left has a term: dropped surfaces never got in. */
        for (size_t i = 0; i < m; i++)
            a[i] = map[a[i]];
        /* Without scratch (out of memory) the sort falls back to qsort. */
        if (m > INSERTION_MAX)
            (void)mct__grow((void **)&r->tmp, &r->tmp_cap, m, sizeof *r->tmp);
        sort_ranks(a, m, r->tmp_cap >= m ? r->tmp : NULL, bits);
        for (size_t i = 0; i < m; i++) {
            bool first = i == 0 || a[i] != a[i - 1];
            r->c[a[i]].df += first;
            r->c[a[i]].tf++;
            u += first;
        }
        f->uniq[d] = u;
    }
}

mct_status mct__fit_rows(fit *f)
{
    size_t n = f->n, nmap = f->tok_is_term ? f->n_terms : f->surf.n;
    size_t tok = 0, total = f->doc_off[n], d = 0;
    /* Each range holds counts for the whole vocabulary: no more ranges
     * than the tokens keep worth it (a range per 2 x vocabulary tokens),
     * nor than texts, so that a big vocabulary on many threads does not
     * cost more memory and summing than it saves. */
    size_t nr = total / (2 * (f->n_terms + 1));
    uint32_t *map = mct__alloc_array(nmap + 1, sizeof *map);
    rowstat *rs = NULL;
    mct_status rc = MCT_ENOMEM;
    if (nr > (size_t)f->nt)
        nr = (size_t)f->nt;
    if (nr > n)
        nr = n;
    if (nr < 1)
        nr = 1;
    rs = mct__calloc(nr, sizeof *rs);
    if (!map || !rs ||
        !(f->uniq = mct__alloc_array(n + 1, sizeof *f->uniq)))
        goto out;
    for (size_t i = 0; i < nr; i++)
        if (!(rs[i].c = mct__calloc(f->n_terms + 1, sizeof *rs[i].c)))
            goto out;
    for (size_t s = 0; s < nmap; s++) {
        uint32_t t = f->tok_is_term ? (uint32_t)s : f->stem_of[s];
        map[s] = t == UINT32_MAX ? UINT32_MAX : f->rank[t];
    }
    /* Ranges of about equal numbers of tokens. */
    for (size_t i = 0; i < nr; i++) {
        rs[i].d0 = d;
        while (d < n && (i == nr - 1 || tok < total / nr * (i + 1)))
            tok = f->doc_off[++d];
        rs[i].d1 = d;
    }
#pragma omp parallel for num_threads((int)nr) schedule(static, 1)
    for (size_t i = 0; i < nr; i++)
        rows_range(f, map, &rs[i]);
    f->cnt = rs[0].c;
    rs[0].c = NULL;
    /* The ranges' counts, summed term by term (integers: any order). */
    if (nr > 1) {
#pragma omp parallel for num_threads(f->nt) schedule(static)
        for (size_t t = 0; t < f->n_terms; t++)
            for (size_t i = 1; i < nr; i++) {
                f->cnt[t].df += rs[i].c[t].df;
                f->cnt[t].tf += rs[i].c[t].tf;
            }
    }
    rc = MCT_OK;
out:
    for (size_t i = 0; rs && i < nr; i++) {
        mct__free(rs[i].c);
        mct__free(rs[i].tmp);
    }
    mct__free(rs);
    mct__free(map);
    return rc;
}

/* ---- phase F: pruning and the kept vocabulary ------------------------ */

typedef struct tfrank {
    size_t tf;
    uint32_t rank; /* alphabetical position */
} tfrank;

static int tfrank_cmp(const void *a, const void *b)
{
    const tfrank *x = a, *y = b;
    if (x->tf != y->tf)
        return x->tf > y->tf ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Final column of every rank, UINT32_MAX when pruned. */
mct_status mct__fit_choose_vocab(mct_vectorizer *v, fit *f, mct_diag *diag)
{
    const mct_vectorizer_opts *o = &v->o;
    double n = (double)f->n;
    double hi = o->max_df_is_fraction ? o->max_df * n : o->max_df;
    double lo = o->min_df_is_fraction ? o->min_df * n : o->min_df;
    tfrank *kept = NULL;
    size_t nk = 0;
    if (hi < lo) {
        mct__diag(diag, 0, 0, "max_df allows fewer documents than min_df");
        return MCT_EINVAL;
    }
    if (!(f->col_of = mct__alloc_array(f->n_terms + 1, sizeof *f->col_of)) ||
        !(kept = mct__alloc_array(f->n_terms + 1, sizeof *kept)))
        return MCT_ENOMEM;
    for (uint32_t r = 0; r < f->n_terms; r++) {
        f->col_of[r] = UINT32_MAX;
        if ((double)f->cnt[r].df <= hi && (double)f->cnt[r].df >= lo) {
            kept[nk].tf = f->cnt[r].tf;
            kept[nk].rank = r;
            nk++;
        }
    }
    if (o->max_features && nk > o->max_features) {
        /* Most frequent first, ties in alphabetical order, then back to
         * alphabetical order. */
        qsort(kept, nk, sizeof *kept, tfrank_cmp);
        nk = o->max_features;
        for (size_t k = 0; k < nk; k++)
            kept[k].tf = 0;
        qsort(kept, nk, sizeof *kept, tfrank_cmp);
    }
    for (size_t k = 0; k < nk; k++)
        f->col_of[kept[k].rank] = (uint32_t)k;
    f->n_cols = nk;
    mct__free(kept);
    if (nk == 0) {
        mct__diag(diag, 0, 0, "no terms remain after pruning by min_df, "
                              "max_df and max_features");
        return MCT_EEMPTY;
    }
    return MCT_OK;
}

/*
 * Hands the vocabulary to the vectorizer. For unigrams the table of stems
 * and the surfaces' strings move over as they are (ids map to columns),
 * so nothing is copied or hashed again; n-gram strings, which the fit
 * keeps outside any table, are interned.
 */
mct_status mct__fit_keep_vocab(mct_vectorizer *v, fit *f)
{
    double sm = v->o.smooth_idf ? 1.0 : 0.0;
    size_t nc = f->n_cols, nt = f->n_terms;
    mct_status rc;
    if (!(v->col_of_id = mct__alloc_array(nt + 1, sizeof *v->col_of_id)) ||
        !(v->id_of_col = mct__alloc_array(nc + 1, sizeof *v->id_of_col)) ||
        !(v->display = mct__calloc(nc + 1, sizeof *v->display)) ||
        !(v->df = mct__alloc_array(nc + 1, sizeof *v->df)) ||
        !(v->idf = mct__alloc_array(nc + 1, sizeof *v->idf)) ||
        !(v->count = mct__alloc_array(nc + 1, sizeof *v->count)))
        return MCT_ENOMEM;
    if (!f->tok_is_term) {
        v->vocab = f->stems;
        memset(&f->stems, 0, sizeof f->stems);
        v->strings = f->surf.arena;
        f->surf.arena = NULL;
    } else {
        if ((rc = mct__strtab_init(&v->vocab, nt + 16)))
            return rc;
        v->strings = f->gbuf.p;
        f->gbuf.p = NULL;
    }
    for (uint32_t t = 0; t < nt; t++) {
        uint32_t id = t;
        if (f->tok_is_term) {
            mct__key k = mct__key_of(f->tstr[t], f->tlen[t]);
            if ((rc = mct__strtab_intern_key(&v->vocab, f->tstr[t],
                                             f->tlen[t], &k, &id)))
                return rc;
        }
        v->col_of_id[id] = f->col_of[f->rank[t]];
        if (v->col_of_id[id] != UINT32_MAX)
            v->id_of_col[v->col_of_id[id]] = id;
    }
    v->n_terms = nc;
    for (uint32_t r = 0; r < nt; r++) {
        uint32_t j = f->col_of[r], t = f->order[r];
        if (j == UINT32_MAX)
            continue;
        v->display[j] = f->tdisp[t];
        v->df[j] = f->cnt[r].df;
        v->count[j] = (double)f->cnt[r].tf;
        /* scikit-learn: log(n_samples / df) + 1 after adding 1 to both
         * when smoothing, as a true division of the integers. */
        v->idf[j] = v->o.use_idf ? log(((double)f->n + sm) /
                                       ((double)f->cnt[r].df + sm)) +
                                       1.0
                                 : 1.0;
    }
    return MCT_OK;
}

/* ---- phase G: the matrix ---------------------------------------------- */

/* Entries of one text's sorted ranks that survive pruning, as columns
 * with their counts; returns how many (ix and x may be NULL to count). */
static size_t row_entries(const fit *f, const uint32_t *a, size_t m,
                          uint32_t *ix, double *x)
{
    size_t u = 0;
    if (f->n_cols == f->n_terms && ix) {
        /* Nothing pruned: the columns are the ranks. */
        for (size_t i = 0; i < m;) {
            size_t j = i + 1;
            while (j < m && a[j] == a[i])
                j++;
            ix[u] = a[i];
            x[u] = (double)(int64_t)(j - i);
            u++;
            i = j;
        }
        return u;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        uint32_t c = f->col_of[a[i]];
        while (j < m && a[j] == a[i])
            j++;
        if (c != UINT32_MAX) {
            if (ix) {
                ix[u] = c;
                x[u] = (double)(int64_t)(j - i);
            }
            u++;
        }
        i = j;
    }
    return u;
}

/* Rows filled and weighted in parallel once their offsets are known. */
mct_status mct__fit_matrix(mct_vectorizer *v, fit *f, mct_csr **out)
{
    size_t n = f->n, *ip = mct__alloc_array(n + 1, sizeof *ip);
    uint32_t *ix = NULL;
    double *x = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!ip)
        return MCT_ENOMEM;
    if (f->n_cols == f->n_terms) {
        /* Nothing pruned: a row has an entry per distinct rank. */
        for (size_t d = 0; d < n; d++)
            ip[d + 1] = f->uniq[d];
    } else {
#pragma omp parallel for num_threads(f->nt) schedule(dynamic, 1024)
        for (size_t d = 0; d < n; d++)
            ip[d + 1] = row_entries(f, f->toks + f->doc_off[d],
                                    f->doc_off[d + 1] - f->doc_off[d],
                                    NULL, NULL);
    }
    ip[0] = 0;
    for (size_t d = 0; d < n; d++)
        ip[d + 1] += ip[d];
    if (!(ix = mct__alloc_array(ip[n] + 1, sizeof *ix)) ||
        !(x = mct__alloc_array(ip[n] + 1, sizeof *x)))
        goto out;
    /* Contiguous halves (thirds, ...) of the rows per thread: each thread
     * then takes the first page faults of its own part of the fresh
     * arrays. Interleaved chunks had the threads queue on the same huge
     * pages and made two threads slower than one. */
#pragma omp parallel for num_threads(f->nt) schedule(static)
    for (size_t d = 0; d < n; d++) {
        row_entries(f, f->toks + f->doc_off[d],
                    f->doc_off[d + 1] - f->doc_off[d], ix + ip[d],
                    x + ip[d]);
        mct__tfidf_weight_row(v, ix + ip[d], x + ip[d], ip[d + 1] - ip[d]);
    }
    if ((rc = mct__csr_wrap(n, f->n_cols, ip, ix, x, out)))
        goto out;
    return MCT_OK;
out:
    mct__free(ip);
    mct__free(ix);
    mct__free(x);
    return rc;
}


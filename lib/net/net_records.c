/*
 * net_records.c - co-word networks straight from records: each record's
 * author keywords, indexed keywords or text terms are one transaction
 * (mct_net_build_records in mct_net.h).
 */
#include <stdlib.h>

#include "internal.h"
#include "mct_net.h"

/* Every (term, surface) of a record, deduplicated by term afterwards. */
typedef struct termset {
    char **term, **items;
    size_t n, cap, cap2;
    bool oom;
} termset;

static void termset_free(termset *t)
{
    for (size_t i = 0; i < t->n; i++) {
        mct__free(t->term ? t->term[i] : NULL);
        mct__free(t->items ? t->items[i] : NULL);
    }
    mct__free(t->term);
    mct__free(t->items);
    memset(t, 0, sizeof *t);
}

static bool take_term(void *u, const char *term, size_t tl,
                      const char *surface, size_t sl)
{
    termset *t = u;
    if (mct__grow((void **)&t->term, &t->cap, t->n + 1, sizeof *t->term) ||
        mct__grow((void **)&t->items, &t->cap2, t->n + 1, sizeof *t->items)) {
        t->oom = true;
        return false;
    }
    t->term[t->n] = mct__strndup(term, tl);
    t->items[t->n] = mct__strndup(surface, sl);
    if (!t->term[t->n] || !t->items[t->n]) {
        mct__free(t->term[t->n]);
        mct__free(t->items[t->n]);
        t->oom = true;
        return false;
    }
    t->n++;
    return true;
}

static int by_term(const void *a, const void *b, void *u)
{
    const termset *t = u;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(t->term[i], t->term[j]);
    return c ? c : strcmp(t->items[i], t->items[j]);
}

/* Sorts indices ord[0..n) by term, then surface (insertion sort: one
 * record's terms are few, and qsort_r is not standard C). */
static void sort_terms(size_t *ord, size_t n, termset *t)
{
    for (size_t a = 1; a < n; a++) {
        size_t x = ord[a], b = a;
        while (b > 0 && by_term(&ord[b - 1], &x, t) > 0) {
            ord[b] = ord[b - 1];
            b--;
        }
        ord[b] = x;
    }
}

/* One surface per distinct term (the smallest), so a record counts a
 * term once. */
static mct_status dedupe_terms(termset *t)
{
    size_t *ord = mct__alloc_array(t->n + 1, sizeof *ord), m = 0;
    char **keep = mct__alloc_array(t->n + 1, sizeof *keep);
    if (!ord || !keep) {
        mct__free(ord);
        mct__free(keep);
        return MCT_ENOMEM;
    }
    for (size_t i = 0; i < t->n; i++)
        ord[i] = i;
    sort_terms(ord, t->n, t);
    for (size_t k = 0; k < t->n; k++) {
        size_t i = ord[k];
        if (k && !strcmp(t->term[i], t->term[ord[k - 1]]))
            mct__free(t->items[i]);
        else
            keep[m++] = t->items[i];
    }
    for (size_t i = 0; i < t->n; i++)
        mct__free(t->term[i]);
    mct__free(t->term);
    mct__free(t->items);
    mct__free(ord);
    t->term = NULL;
    t->items = keep;
    t->n = m;
    t->cap = 0;
    t->cap2 = m;
    return MCT_OK;
}

/* The terms of every record's title, abstract and keywords. */
static mct_status record_terms(const mct_records *r, termset *ts)
{
    mct_analyzer_opts ao = mct_analyzer_opts_default();
    mct_analyzer *an = NULL;
    mct_docs *docs = NULL;
    mct_status rc;
    ao.drop_numbers = true;
    ao.min_token_chars = 3;
    if ((rc = mct_analyzer_new(&ao, &an)) || (rc = mct_docs_new(&docs)) ||
        (rc = mct_records_to_docs(r, MCT_FIELD_ALL, docs)))
        goto out;
    for (size_t i = 0; i < mct_records_count(r) && !rc; i++) {
        size_t len;
        const char *t = mct_docs_text(docs, i, &len);
        rc = mct_analyzer_run(an, t, len, take_term, &ts[i]);
        if (!rc && ts[i].oom)
            rc = MCT_ENOMEM;
        if (!rc)
            rc = dedupe_terms(&ts[i]);
    }
out:
    mct_analyzer_free(an);
    mct_docs_free(docs);
    return rc;
}

mct_status mct_net_build_records(const mct_net_opts *o, const mct_records *r,
                                 mct_net_field field, mct_net **out)
{
    size_t n = mct_records_count(r);
    const char *const **items = NULL;
    size_t *ni = NULL;
    termset *ts = NULL;
    mct_status rc = MCT_ENOMEM;
    if (!r || !out || field > MCT_NET_FIELD_TERMS)
        return MCT_EINVAL;
    *out = NULL;
    if (!(items = mct__calloc(n + 1, sizeof *items)) ||
        !(ni = mct__calloc(n + 1, sizeof *ni)) ||
        !(ts = mct__calloc(n + 1, sizeof *ts)))
        goto out;
    if (field == MCT_NET_FIELD_TERMS && (rc = record_terms(r, ts)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        const mct_record *x = mct_records_get(r, i);
        items[i] = field == MCT_NET_FIELD_KEYWORDS ? x->keywords
                   : field == MCT_NET_FIELD_INDEX_KEYWORDS
                       ? x->index_keywords
                       : (const char *const *)ts[i].items;
        ni[i] = field == MCT_NET_FIELD_KEYWORDS ? x->n_keywords
                : field == MCT_NET_FIELD_INDEX_KEYWORDS ? x->n_index_keywords
                                                        : ts[i].n;
    }
    rc = mct_net_build(o, items, ni, n, out);
out:
    for (size_t i = 0; ts && i < n; i++)
        termset_free(&ts[i]);
    mct__free(ts);
    mct__free(items);
    mct__free(ni);
    return rc;
}

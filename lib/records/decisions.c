/*
 * decisions.c - a reviewer's decisions on possible duplicates: references
 * to records that survive a round trip through a TSV file, and the file's
 * reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "mct_dedup.h"
#include "records.h"

/* Records whose id is s; the first goes to *first. */
static size_t count_id(const mct_records *in, const char *s, size_t *first)
{
    size_t k = 0;
    for (size_t i = 0; i < mct_records_count(in); i++)
        if (!strcmp(mct_records_get(in, i)->id, s) && !k++)
            *first = i;
    return k;
}

/* Records whose normalised DOI is the normalised s. */
static size_t count_doi(const mct_records *in, const char *s, size_t *first)
{
    char want[512], have[512];
    size_t k = 0;
    if (!mct_doi_normalize(s, want, sizeof want))
        return 0;
    for (size_t i = 0; i < mct_records_count(in); i++) {
        mct_doi_normalize(mct_records_get(in, i)->doi, have, sizeof have);
        if (!strcmp(have, want) && !k++)
            *first = i;
    }
    return k;
}

size_t mct_dedup_record_ref(const mct_records *in, size_t i, char *out,
                            size_t cap)
{
    const mct_record *r = mct_records_get(in, i);
    size_t first;
    int n;
    if (!r) {
        n = snprintf(out, cap, "%s", "");
    } else if (r->id[0] && count_id(in, r->id, &first) == 1) {
        n = snprintf(out, cap, "%s", r->id);
    } else if (r->doi[0] && count_doi(in, r->doi, &first) == 1 &&
               count_id(in, r->doi, &first) == 0) {
        n = snprintf(out, cap, "%s", r->doi);
    } else {
        n = snprintf(out, cap, "%s:%zu", r->file, r->line);
    }
    /* Tabs or line breaks would break the TSV the reference goes into. */
    for (char *p = out; cap && *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
    return n < 0 ? 0 : (size_t)n;
}

/* The record a reference names: 0 found, 1 none, 2 ambiguous (*n). */
static int resolve(const mct_records *in, const char *ref, size_t *idx,
                   size_t *n)
{
    const char *colon = strrchr(ref, ':');
    if ((*n = count_id(in, ref, idx)) > 0)
        return *n == 1 ? 0 : 2;
    if ((*n = count_doi(in, ref, idx)) > 0)
        return *n == 1 ? 0 : 2;
    if (colon && colon[1] && strspn(colon + 1, "0123456789") ==
                                 strlen(colon + 1)) {
        size_t line = (size_t)strtoul(colon + 1, NULL, 10),
               flen = (size_t)(colon - ref);
        for (size_t i = 0; i < mct_records_count(in); i++) {
            const mct_record *r = mct_records_get(in, i);
            if (r->line == line && strlen(r->file) == flen &&
                !memcmp(r->file, ref, flen)) {
                *idx = i;
                *n = 1;
                return 0;
            }
        }
    }
    return 1;
}

/* Field k (0-based) of a tab-separated line, trimmed, into buf. */
static bool field(const char *s, size_t n, int k, char *buf, size_t cap)
{
    size_t a = 0, b;
    for (int i = 0; i < k; i++) {
        const char *t = memchr(s + a, '\t', n - a);
        if (!t)
            return false;
        a = (size_t)(t - s) + 1;
    }
    b = a;
    while (b < n && s[b] != '\t')
        b++;
    while (a < b && (s[a] == ' ' || s[a] == '\r'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\r'))
        b--;
    snprintf(buf, cap, "%.*s", (int)(b - a), s + a);
    return true;
}

typedef struct dstate {
    const mct_records *in;
    mct_dup_decision *d;
    size_t n, cap;
    mct_diag *diag;
} dstate;

static mct_status ref_of(dstate *st, const char *ref, size_t line,
                         size_t *idx)
{
    size_t n;
    int r = resolve(st->in, ref, idx, &n);
    if (r == 1)
        mct__diag(st->diag, line, 0, "no record has the id, DOI or "
                                     "FILE:LINE '%.120s'",
                  ref);
    else if (r == 2)
        mct__diag(st->diag, line, 0, "'%.120s' names %zu records; use "
                                     "FILE:LINE for one",
                  ref, n);
    return r ? MCT_EPARSE : MCT_OK;
}

static mct_status add(dstate *st, size_t a, size_t b, mct_decision dec,
                      size_t line)
{
    size_t lo = a < b ? a : b, hi = a < b ? b : a;
    if (a == b) {
        mct__diag(st->diag, line, 0, "both references name the same record");
        return MCT_EPARSE;
    }
    for (size_t i = 0; i < st->n; i++)
        if (st->d[i].a == lo && st->d[i].b == hi) {
            if (st->d[i].decision == dec)
                return MCT_OK;
            mct__diag(st->diag, line, 0, "this pair was decided otherwise "
                                         "on line %zu",
                      st->d[i].line);
            return MCT_EPARSE;
        }
    if (mct__grow((void **)&st->d, &st->cap, st->n + 1, sizeof *st->d))
        return MCT_ENOMEM;
    st->d[st->n].a = lo;
    st->d[st->n].b = hi;
    st->d[st->n].decision = dec;
    st->d[st->n++].line = line;
    return MCT_OK;
}

static mct_status one_line(dstate *st, const char *s, size_t n, size_t line,
                           bool first)
{
    char ra[512], rb[512], dec[64];
    size_t a, b;
    mct_decision d;
    mct_status rc;
    if (!field(s, n, 0, ra, sizeof ra) || !field(s, n, 1, rb, sizeof rb) ||
        !field(s, n, 2, dec, sizeof dec)) {
        mct__diag(st->diag, line, 0, "expected \"REF_A<TAB>REF_B<TAB>merge|"
                                     "keep\"");
        return MCT_EPARSE;
    }
    if (first && !strcasecmp(dec, "decision"))
        return MCT_OK; /* the header of possible-duplicates.tsv */
    if (!dec[0] || !strcasecmp(dec, "undecided") || !strcmp(dec, "?"))
        return MCT_OK;
    if (!strcasecmp(dec, "merge"))
        d = MCT_DECISION_MERGE;
    else if (!strcasecmp(dec, "keep"))
        d = MCT_DECISION_KEEP;
    else {
        mct__diag(st->diag, line, 0, "the decision must be merge or keep, "
                                     "not '%.40s'",
                  dec);
        return MCT_EPARSE;
    }
    if ((rc = ref_of(st, ra, line, &a)) || (rc = ref_of(st, rb, line, &b)))
        return rc;
    return add(st, a, b, d, line);
}

mct_status mct_dedup_decisions_parse(const mct_records *in, const char *data,
                                     size_t len, mct_dup_decision **out,
                                     size_t *n, mct_diag *diag)
{
    mct__lines l;
    dstate st;
    const char *s;
    size_t k;
    bool first = true;
    mct_status rc = MCT_OK;
    if (!in || (!data && len) || !out || !n)
        return MCT_EINVAL;
    *out = NULL;
    *n = 0;
    mct_diag_clear(diag);
    memset(&st, 0, sizeof st);
    st.in = in;
    st.diag = diag;
    mct__lines_init(&l, data ? data : "", len, "a decisions file", true);
    while (!rc && mct__lines_next(&l, &s, &k, &rc, diag)) {
        size_t b = 0;
        while (b < k && (s[b] == ' ' || s[b] == '\t'))
            b++;
        if (b == k || s[b] == '#')
            continue;
        rc = one_line(&st, s, k, l.line, first);
        first = false;
    }
    if (rc) {
        mct__free(st.d);
        return rc;
    }
    *out = st.d;
    *n = st.n;
    return MCT_OK;
}

mct_status mct_dedup_decisions_read(const mct_records *in, const char *path,
                                    mct_dup_decision **out, size_t *n,
                                    mct_diag *diag)
{
    char *data;
    size_t len;
    mct_status rc;
    mct_diag_clear(diag);
    if (!in || !path || !out || !n)
        return MCT_EINVAL;
    *out = NULL;
    *n = 0;
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    rc = mct_dedup_decisions_parse(in, data, len, out, n, diag);
    mct__free(data);
    return rc;
}

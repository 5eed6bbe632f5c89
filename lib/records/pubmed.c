/*
 * pubmed.c - PubMed / MEDLINE text (.nbib, "PubMed format").
 *
 * A line is a tag left-justified in four columns, "- " and the value
 * ("PMID- 30689646", "TI  - A title"); lines that begin with spaces
 * continue the previous value. A record starts with PMID and ends at a
 * blank line. Fields: PMID (id), TI (or BTI for books), FAU full author
 * names (AU where they are missing, CN for a group), DP (year), JT (or
 * TA) venue, the DOI from LID or AID ("10.1371/... [doi]"), AB, OT
 * (author keywords), MH (MeSH headings, as indexed keywords, without the
 * '*' that marks major topics), PT (document type) and LA.
 */
#include <stdlib.h>

#include "records.h"

enum ptag { P_PMID, P_TI, P_BTI, P_AB, P_FAU, P_AU, P_CN, P_DP, P_JT, P_TA,
            P_LID, P_AID, P_OT, P_MH, P_PT, P_LA, N_PTAGS };
static const char *const ptag_names[N_PTAGS] = {
    "PMID", "TI", "BTI", "AB", "FAU", "AU", "CN", "DP", "JT", "TA", "LID",
    "AID", "OT", "MH", "PT", "LA"};

typedef struct prec {
    mct__list v[N_PTAGS];
    mct__list mh;
    char doi[256];
} prec;

/* "TAG - " or "TAG- " with a tag of 2-4 capitals: the tag's length, or 0. */
static size_t tag_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < 4 && i < n && ((s[i] >= 'A' && s[i] <= 'Z') ||
                              (i && s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i < 2)
        return 0;
    for (size_t j = i; j < 4; j++)
        if (j >= n || s[j] != ' ')
            return 0;
    return n >= 5 && s[4] == '-' && (n == 5 || s[5] == ' ') ? i : 0;
}

static int ptag(const char *s, size_t k)
{
    for (int t = 0; t < N_PTAGS; t++)
        if (strlen(ptag_names[t]) == k && !memcmp(s, ptag_names[t], k))
            return t;
    return -1;
}

static const char *first(const prec *p, int a, int b)
{
    if (p->v[a].n)
        return p->v[a].items[0];
    return b >= 0 && p->v[b].n ? p->v[b].items[0] : "";
}

/* The DOI of the first "value [doi]" of LID or AID. */
static const char *doi_of(prec *p)
{
    static const int tags[2] = {P_LID, P_AID};
    for (int t = 0; t < 2; t++)
        for (size_t i = 0; i < p->v[tags[t]].n; i++) {
            const char *s = p->v[tags[t]].items[i], *d = strstr(s, " [doi]");
            size_t n = d ? (size_t)(d - s) : 0;
            if (d && n < sizeof p->doi) {
                memcpy(p->doi, s, n);
                p->doi[n] = '\0';
                return p->doi;
            }
        }
    return "";
}

static mct_status emit(mct_records *rs, prec *p, const char *file,
                       size_t line, mct_diag *diag)
{
    mct_record rec;
    const char *dp = first(p, P_DP, -1);
    mct__list *au = p->v[P_FAU].n >= p->v[P_AU].n && p->v[P_FAU].n
                        ? &p->v[P_FAU]
                        : p->v[P_AU].n ? &p->v[P_AU] : &p->v[P_CN];
    mct_status rc;
    memset(&rec, 0, sizeof rec);
    rec.source = "pubmed";
    rec.file = file;
    rec.line = line;
    rec.id = first(p, P_PMID, -1);
    rec.title = first(p, P_TI, P_BTI);
    rec.venue = first(p, P_JT, P_TA);
    rec.doi = doi_of(p);
    rec.abstract = first(p, P_AB, -1);
    rec.doc_type = first(p, P_PT, -1);
    rec.language = first(p, P_LA, -1);
    rec.cited_by = -1;
    rec.year = atoi(dp);
    if (*dp && (rec.year < 1000 || rec.year > 9999)) {
        mct__diag(diag, line, 0, "DP \"%.20s\" is not a date", dp);
        return MCT_EPARSE;
    }
    if (!*rec.title) {
        mct__diag(diag, line, 0, "record PMID %s has no TI (title)", rec.id);
        return MCT_EPARSE;
    }
    /* MeSH headings without the major-topic stars. */
    mct__list_clear(&p->mh);
    for (size_t i = 0; i < p->v[P_MH].n; i++) {
        const char *s = p->v[P_MH].items[i];
        char *c;
        if ((rc = mct__list_add(&p->mh, s, strlen(s))))
            return rc;
        c = p->mh.items[p->mh.n - 1];
        for (char *d = c; ; c++)
            if (*c != '*' && !(*d++ = *c))
                break;
    }
    rec.authors = (const char *const *)au->items;
    rec.n_authors = au->n;
    rec.keywords = (const char *const *)p->v[P_OT].items;
    rec.n_keywords = p->v[P_OT].n;
    rec.index_keywords = (const char *const *)p->mh.items;
    rec.n_index_keywords = p->mh.n;
    return mct_records_add(rs, &rec);
}

/* Appends a continuation line to the last value of list l. */
static mct_status continue_value(mct__list *l, const char *s, size_t n)
{
    char *old, *neu;
    size_t ol;
    if (!l->n)
        return mct__list_add(l, s, n);
    old = l->items[l->n - 1];
    ol = strlen(old);
    if (!(neu = mct__realloc(old, ol + n + 2)))
        return MCT_ENOMEM;
    neu[ol] = ' ';
    memcpy(neu + ol + 1, s, n);
    neu[ol + 1 + n] = '\0';
    l->items[l->n - 1] = neu;
    return MCT_OK;
}

typedef struct pstate {
    prec r;
    bool in_rec;
    int cur;
    size_t rec_line;
} pstate;

static mct_status tag_line(pstate *st, mct_records *rs, const char *s,
                           size_t n, size_t k, size_t line, const char *file,
                           mct_diag *diag)
{
    int t = ptag(s, k);
    size_t a = n > 6 ? 6 : n;
    mct_status rc;
    if (t == P_PMID) {
        if (st->in_rec && (rc = emit(rs, &st->r, file, st->rec_line, diag)))
            return rc;
        for (int i = 0; i < N_PTAGS; i++)
            mct__list_clear(&st->r.v[i]);
        st->in_rec = true;
        st->rec_line = line;
    } else if (!st->in_rec) {
        mct__diag(diag, line, 1, "tag %.*s outside a record (records start "
                                 "with PMID-)",
                  (int)k, s);
        return MCT_EPARSE;
    }
    st->cur = t;
    return t >= 0 ? mct__list_add(&st->r.v[t], s + a, n - a) : MCT_OK;
}

mct_status mct__read_pubmed(mct_records *rs, const char *data, size_t len,
                            const char *file, mct_diag *diag)
{
    mct__lines lines;
    const char *s;
    size_t n;
    pstate st;
    mct_status rc = MCT_OK;
    memset(&st, 0, sizeof st);
    st.cur = -1;
    mct__lines_init(&lines, data, len, "a PubMed file", true);
    while (!rc && mct__lines_next(&lines, &s, &n, &rc, diag)) {
        size_t k = tag_len(s, n);
        if (n == 0) {
            if (st.in_rec)
                rc = emit(rs, &st.r, file, st.rec_line, diag);
            st.in_rec = false;
            st.cur = -1;
        } else if (k) {
            rc = tag_line(&st, rs, s, n, k, lines.line, file, diag);
        } else if (st.in_rec && (s[0] == ' ' || s[0] == '\t')) {
            size_t b = 0;
            while (b < n && (s[b] == ' ' || s[b] == '\t'))
                b++;
            if (st.cur >= 0 && b < n)
                rc = continue_value(&st.r.v[st.cur], s + b, n - b);
        } else {
            mct__diag(diag, lines.line, 1, "expected a PubMed tag line "
                                           "(\"TAG - value\"), got \"%.*s\"",
                      (int)(n < 20 ? n : 20), s);
            rc = MCT_EPARSE;
        }
    }
    if (!rc && st.in_rec)
        rc = emit(rs, &st.r, file, st.rec_line, diag);
    for (int i = 0; i < N_PTAGS; i++)
        mct__list_free(&st.r.v[i]);
    mct__list_free(&st.r.mh);
    return rc;
}

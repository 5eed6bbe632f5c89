/*
 * dedup.c - duplicate records: DOI, then title and year, then a fuzzy
 * title match within the same first author and near years.
 */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <strings.h>
#include <utf8proc.h>

#include "mct_dedup.h"
#include "records.h"

struct mct_dedup {
    mct_records *kept;
    mct_dup_info *info;
    size_t n_in, n_dup, n_reviewer;
    mct_dup_pair *pairs;
    size_t n_pairs, pairs_cap;
};

mct_dedup_opts mct_dedup_opts_default(void)
{
    mct_dedup_opts o;
    o.fuzzy = true;
    o.fuzzy_similarity = 0.95;
    o.fuzzy_year_window = 1;
    o.decisions = NULL;
    o.n_decisions = 0;
    return o;
}

const char *mct_dup_rule_name(mct_dup_rule r)
{
    switch (r) {
    case MCT_DUP_RULE_KEPT: return "kept";
    case MCT_DUP_RULE_DOI: return "doi";
    case MCT_DUP_RULE_TITLE_YEAR: return "title+year";
    case MCT_DUP_RULE_FUZZY: return "fuzzy-title";
    case MCT_DUP_RULE_REVIEWER: return "reviewer";
    }
    return "unknown";
}

const char *mct_decision_name(mct_decision d)
{
    switch (d) {
    case MCT_DECISION_NONE: return "undecided";
    case MCT_DECISION_MERGE: return "merge";
    case MCT_DECISION_KEEP: return "keep";
    }
    return "unknown";
}

const char *mct_doubt_name(mct_doubt d)
{
    switch (d) {
    case MCT_DOUBT_DOI: return "same title and year, different DOIs";
    case MCT_DOUBT_FUZZY_DOI:
        return "near-identical titles, same first author, different DOIs";
    case MCT_DOUBT_FUZZY_YEAR:
        return "near-identical titles, same first author, years apart";
    case MCT_DOUBT_REVIEWER: return "paired by the reviewer";
    }
    return "unknown";
}

size_t mct_doi_normalize(const char *doi, char *out, size_t cap)
{
    static const char *const prefixes[] = {
        "https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
        "http://dx.doi.org/", "doi.org/", "dx.doi.org/", "doi:", NULL};
    size_t n = 0, len;
    const char *s = doi ? doi : "";
    if (!cap)
        return 0;
    while (*s == ' ' || *s == '\t')
        s++;
    for (int again = 1; again;) {
        again = 0;
        for (int k = 0; prefixes[k]; k++) {
            size_t pl = strlen(prefixes[k]);
            if (!strncasecmp(s, prefixes[k], pl)) {
                s += pl;
                while (*s == ' ')
                    s++;
                again = 1;
            }
        }
    }
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
                   s[len - 1] == '.'))
        len--;
    for (size_t i = 0; i < len && n + 1 < cap; i++) {
        char c = s[i];
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}

/*
 * Case-folded, accent-stripped, letters and digits only: "Micro-
 * Credentials: a Review" and "microcredentials a review" agree.
 */
static mct_status fold_alnum(const char *s, mct__buf *out)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t n;
    out->len = 0;
    n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                         UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                         UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? MCT_ENOMEM : MCT_EUTF8;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &cp);
        utf8proc_category_t c;
        if (k <= 0)
            break;
        c = utf8proc_category(cp);
        if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
            (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO))
            if (mct__buf_add(out, m + i, (size_t)k)) {
                free(m);
                return MCT_ENOMEM;
            }
        i += k;
    }
    free(m);
    return mct__buf_term(out);
}

/* The family name of "Aguiar, L", "Aguiar L." or "Luis Aguiar". */
static mct_status family(const char *author, mct__buf *out)
{
    char tmp[256];
    const char *comma = strchr(author, ',');
    size_t n = comma ? (size_t)(comma - author) : strlen(author);
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, author, n);
    tmp[n] = '\0';
    if (!comma) {
        /* Drop trailing initials ("L.", "J.-P.", "JK"). */
        for (;;) {
            char *sp = strrchr(tmp, ' ');
            const char *w = sp ? sp + 1 : tmp;
            size_t letters = 0;
            bool initial = true;
            if (!sp)
                break;
            for (const char *p = w; *p; p++) {
                if (*p == '.' || *p == '-')
                    continue;
                if (!(*p >= 'A' && *p <= 'Z'))
                    initial = false;
                letters++;
            }
            if (!initial || letters > 3)
                break;
            *sp = '\0';
        }
    }
    return fold_alnum(tmp, out);
}

/*
 * Levenshtein distance, computed only within k of the diagonal (Ukkonen's
 * band): enough to decide "at most k", in O(k * n). Returns k + 1 when
 * the distance is above k. row holds nb + 2 entries.
 */
static size_t lev_banded(const char *a, size_t na, const char *b, size_t nb,
                         size_t k, size_t *row)
{
    const size_t inf = k + 1;
    if ((na > nb ? na - nb : nb - na) > k)
        return inf;
    for (size_t j = 0; j <= nb; j++)
        row[j] = j <= k ? j : inf;
    for (size_t i = 1; i <= na; i++) {
        size_t lo = i > k ? i - k : 1, hi = i + k < nb ? i + k : nb;
        size_t diag = row[lo - 1], best = inf;
        /* D[i][lo - 1]: the first column, or just outside the band. */
        row[lo - 1] = lo == 1 && i <= k ? i : inf;
        for (size_t j = lo; j <= hi; j++) {
            size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (v > inf)
                v = inf;
            diag = up;
            row[j] = v;
            if (v < best)
                best = v;
        }
        /* The cell right of the band is outside it for the next row. */
        if (hi < nb)
            row[hi + 1] = inf;
        if (best > k)
            return inf;
    }
    return row[nb];
}

/* ---- the run ---------------------------------------------------------- */

/* A record's normalised DOI, title and first author's family name. */
typedef struct norm {
    const char *doi, *title, *fam;
    size_t tlen;
    /* The title's bytes counted in 32 bins: one edit changes the L1
     * distance of two such histograms by at most 2, so half of it is a
     * lower bound of the edit distance, found in 32 steps. */
    const uint16_t *hist;
} norm;

/* What a record keeps of it: ids of the distinct normalised strings, so
 * that a million copies of one record cost 12 bytes each. */
typedef struct nid {
    uint32_t doi, title, fam;
} nid;

typedef struct group {
    size_t rep;                  /* input index of the kept record */
    size_t src[8];               /* per field: input index providing it */
    long cited;
    int year;
} group;

enum { F_AUTHORS, F_VENUE, F_DOI, F_ABS, F_KW, F_IKW, F_TYPE, F_LANG };

static bool has(const mct_record *r, int f)
{
    switch (f) {
    case F_AUTHORS: return r->n_authors > 0;
    case F_VENUE: return r->venue[0] != '\0';
    case F_DOI: return r->doi[0] != '\0';
    case F_ABS: return r->abstract[0] != '\0';
    case F_KW: return r->n_keywords > 0;
    case F_IKW: return r->n_index_keywords > 0;
    case F_TYPE: return r->doc_type[0] != '\0';
    default: return r->language[0] != '\0';
    }
}

static void absorb(group *g, const mct_records *in, size_t i)
{
    const mct_record *r = mct_records_get(in, i);
    for (int f = 0; f < 8; f++)
        if (!has(mct_records_get(in, g->src[f]), f) && has(r, f))
            g->src[f] = i;
    if (r->cited_by > g->cited)
        g->cited = r->cited_by;
    if (!g->year)
        g->year = r->year;
}

static mct_status emit_group(mct_records *out, const mct_records *in,
                             const group *g)
{
    mct_record m = *mct_records_get(in, g->rep);
    const mct_record *s;
    s = mct_records_get(in, g->src[F_AUTHORS]);
    m.authors = s->authors;
    m.n_authors = s->n_authors;
    m.venue = mct_records_get(in, g->src[F_VENUE])->venue;
    m.doi = mct_records_get(in, g->src[F_DOI])->doi;
    m.abstract = mct_records_get(in, g->src[F_ABS])->abstract;
    s = mct_records_get(in, g->src[F_KW]);
    m.keywords = s->keywords;
    m.n_keywords = s->n_keywords;
    s = mct_records_get(in, g->src[F_IKW]);
    m.index_keywords = s->index_keywords;
    m.n_index_keywords = s->n_index_keywords;
    m.doc_type = mct_records_get(in, g->src[F_TYPE])->doc_type;
    m.language = mct_records_get(in, g->src[F_LANG])->language;
    m.cited_by = g->cited;
    m.year = g->year;
    return mct_records_add(out, &m);
}

typedef struct state {
    const mct_dedup_opts *o;
    const mct_records *in;
    nid *nm;
    mct__strtab ndoi, ntitle, nfam; /* distinct normalised strings */
    uint16_t (*thist)[32];          /* per distinct title */
    size_t thcap;
    group *g;
    size_t ng, gcap;
    mct__strtab doi, ty, fam;
    size_t *doi_g, *ty_g;           /* per key: group */
    size_t **fam_list, *fam_n, *fam_cap; /* per family: groups */
    size_t dcap, tcap, fcap, fncap, fccap, fam_made;
    size_t *row;
    size_t row_cap;
    mct_dedup *d;
    /* The decisions, grouped by their later record b: those of record i
     * are dec[dec_idx[dec_off[i]] .. dec_idx[dec_off[i + 1] - 1]]. */
    size_t *dec_off, *dec_idx;
    /* The doubtful groups of the record being classified. */
    struct doubt {
        size_t g;
        mct_doubt why;
        double sim;
    } *dbt;
    size_t n_dbt, dbt_cap;
} state;

static norm nm(const state *s, size_t i)
{
    norm v;
    const nid *x = &s->nm[i];
    v.doi = mct__strtab_str(&s->ndoi, x->doi);
    v.title = mct__strtab_str(&s->ntitle, x->title);
    v.fam = mct__strtab_str(&s->nfam, x->fam);
    v.tlen = s->ntitle.lens[x->title];
    v.hist = s->thist[x->title];
    return v;
}

static bool doi_conflict(state *s, size_t i, size_t gi)
{
    const char *a = nm(s, i).doi, *b = nm(s, s->g[gi].src[F_DOI]).doi;
    return a[0] && b[0] && strcmp(a, b) != 0;
}

/*
 * key -> group, keeping the first group for a key. Keys are small binary
 * ones made of ids of the normalised strings (DOI; title and year), so
 * that the maps hold no copy of any string.
 */
static mct_status map_put(mct__strtab *t, size_t **vals, size_t *cap,
                          const void *k, size_t n, size_t g)
{
    uint32_t id;
    bool added;
    mct_status rc = mct__strtab_intern(t, k, n, mct__hash(k, n), &id, &added);
    if (rc)
        return rc;
    if (added) {
        if (mct__grow((void **)vals, cap, t->n, sizeof **vals))
            return MCT_ENOMEM;
        (*vals)[id] = g;
    }
    return MCT_OK;
}

static long map_get(const mct__strtab *t, const size_t *vals, const void *k,
                    size_t n)
{
    long id = mct__strtab_find(t, k, n, mct__hash(k, n));
    return id < 0 ? -1 : (long)vals[id];
}

/* The title+year key of record i: its title's id and its year. */
static void ty_key(const state *s, size_t i, unsigned char key[8])
{
    uint32_t t = s->nm[i].title;
    int32_t y = (int32_t)mct_records_get(s->in, i)->year;
    memcpy(key, &t, 4);
    memcpy(key + 4, &y, 4);
}

static mct_status join_keys(state *s, size_t i, size_t gi)
{
    unsigned char k[8];
    const norm v = nm(s, i);
    mct_status rc = MCT_OK;
    if (v.doi[0])
        rc = map_put(&s->doi, &s->doi_g, &s->dcap, &s->nm[i].doi, 4, gi);
    if (!rc && v.title[0]) {
        ty_key(s, i, k);
        rc = map_put(&s->ty, &s->ty_g, &s->tcap, k, 8, gi);
    }
    return rc;
}

/* The reviewer's decision on records a < b, or MCT_DECISION_NONE. */
static mct_decision decided(const state *s, size_t a, size_t b)
{
    for (size_t k = s->dec_off[b]; k < s->dec_off[b + 1]; k++) {
        const mct_dup_decision *x = &s->o->decisions[s->dec_idx[k]];
        if (x->a == a)
            return x->decision;
    }
    return MCT_DECISION_NONE;
}

/* Whether a "keep" decision keeps record i out of group gi. */
static bool kept_apart(const state *s, size_t i, long gi)
{
    for (size_t k = s->dec_off[i]; gi >= 0 && k < s->dec_off[i + 1]; k++) {
        const mct_dup_decision *x = &s->o->decisions[s->dec_idx[k]];
        if (x->decision == MCT_DECISION_KEEP &&
            s->d->info[x->a].kept == (size_t)gi)
            return true;
    }
    return false;
}

/* The group a "merge" decision sends record i to (the earlier record's),
 * or -1; the earlier record goes to *partner. */
static long merged_by_reviewer(const state *s, size_t i, size_t *partner)
{
    for (size_t k = s->dec_off[i]; k < s->dec_off[i + 1]; k++) {
        const mct_dup_decision *x = &s->o->decisions[s->dec_idx[k]];
        if (x->decision == MCT_DECISION_MERGE) {
            *partner = x->a;
            return (long)s->d->info[x->a].kept;
        }
    }
    return -1;
}

static mct_status doubt(state *s, size_t gi, mct_doubt why, double sim)
{
    for (size_t k = 0; k < s->n_dbt; k++)
        if (s->dbt[k].g == gi)
            return MCT_OK;
    if (mct__grow((void **)&s->dbt, &s->dbt_cap, s->n_dbt + 1,
                  sizeof *s->dbt))
        return MCT_ENOMEM;
    s->dbt[s->n_dbt].g = gi;
    s->dbt[s->n_dbt].why = why;
    s->dbt[s->n_dbt++].sim = sim;
    return MCT_OK;
}

/* Title similarity of records i and j (at least min, else 0). */
static mct_status similarity(state *s, size_t i, size_t j, double min,
                             double *sim)
{
    const norm va = nm(s, i), vb = nm(s, j), *a = &va, *b = &vb;
    size_t maxlen = a->tlen > b->tlen ? a->tlen : b->tlen, k, d;
    *sim = 0;
    if (!maxlen)
        return MCT_OK;
    k = (size_t)floor((1.0 - min) * (double)maxlen + 1e-9);
    {
        size_t l1 = 0;
        for (int h = 0; h < 32; h++)
            l1 += (size_t)abs((int)a->hist[h] - (int)b->hist[h]);
        if ((l1 + 1) / 2 > k)
            return MCT_OK; /* further apart than k edits */
    }
    if (mct__grow((void **)&s->row, &s->row_cap, b->tlen + 2,
                  sizeof *s->row))
        return MCT_ENOMEM;
    d = lev_banded(a->title, a->tlen, b->title, b->tlen, k, s->row);
    if (d <= k)
        *sim = 1.0 - (double)d / (double)maxlen;
    return MCT_OK;
}

/*
 * Rule 3 for record i: the most similar group of the same first author
 * within the year window and without a DOI conflict, in *best (or -1).
 * Near-identical titles that conflict in DOI or year are doubts.
 */
static mct_status fuzzy_match(state *s, size_t i, long *best, double *sim)
{
    const norm va = nm(s, i), *a = &va;
    int year = mct_records_get(s->in, i)->year;
    long fid;
    double best_sim = 0;
    mct_status rc;
    *best = -1;
    *sim = 0;
    if (!a->fam[0] || !a->title[0])
        return MCT_OK;
    fid = mct__strtab_find(&s->fam, a->fam, strlen(a->fam),
                           mct__hash(a->fam, strlen(a->fam)));
    for (size_t q = 0; fid >= 0 && q < s->fam_n[fid]; q++) {
        size_t gi = s->fam_list[fid][q];
        double sm;
        if ((rc = similarity(s, i, s->g[gi].rep, s->o->fuzzy_similarity,
                             &sm)))
            return rc;
        if (sm < s->o->fuzzy_similarity)
            continue;
        if (doi_conflict(s, i, gi))
            rc = doubt(s, gi, MCT_DOUBT_FUZZY_DOI, sm);
        else if (abs(s->g[gi].year - year) > s->o->fuzzy_year_window)
            rc = doubt(s, gi, MCT_DOUBT_FUZZY_YEAR, sm);
        else if (sm > best_sim && !kept_apart(s, i, (long)gi)) {
            best_sim = sm;
            *best = (long)gi;
        }
        if (rc)
            return rc;
    }
    *sim = best_sim;
    return MCT_OK;
}

static mct_status add_pair(mct_dedup *d, size_t a, size_t b, mct_doubt why,
                           double sim, mct_decision dec)
{
    mct_dup_pair *p;
    if (mct__grow((void **)&d->pairs, &d->pairs_cap, d->n_pairs + 1,
                  sizeof *d->pairs))
        return MCT_ENOMEM;
    p = &d->pairs[d->n_pairs++];
    p->a = a < b ? a : b;
    p->b = a < b ? b : a;
    p->reason = why;
    p->similarity = sim;
    p->decision = dec;
    return MCT_OK;
}

static mct_status add_family(state *s, size_t i, size_t gi)
{
    uint32_t id;
    bool added;
    const char *f = nm(s, i).fam;
    mct_status rc;
    if (!f[0])
        return MCT_OK;
    if ((rc = mct__strtab_intern(&s->fam, f, strlen(f),
                                 mct__hash(f, strlen(f)), &id, &added)))
        return rc;
    if (added) {
        /* Each array keeps its own capacity, and only the lists made so
         * far are freed, so that a failure here leaves nothing unknown. */
        if (mct__grow((void **)&s->fam_list, &s->fcap, s->fam.n,
                      sizeof *s->fam_list))
            return MCT_ENOMEM;
        s->fam_list[id] = NULL;
        s->fam_made = id + 1;
        if (mct__grow((void **)&s->fam_n, &s->fncap, s->fam.n,
                      sizeof *s->fam_n) ||
            mct__grow((void **)&s->fam_cap, &s->fccap, s->fam.n,
                      sizeof *s->fam_cap))
            return MCT_ENOMEM;
        s->fam_n[id] = 0;
        s->fam_cap[id] = 0;
    }
    if (mct__grow((void **)&s->fam_list[id], &s->fam_cap[id],
                  s->fam_n[id] + 1, sizeof **s->fam_list))
        return MCT_ENOMEM;
    s->fam_list[id][s->fam_n[id]++] = gi;
    return MCT_OK;
}

/* s[0..n) interned in t: its id in *id, *added whether it is new. */
static mct_status intern(mct__strtab *t, const char *str, size_t n,
                         uint32_t *id, bool *added)
{
    return mct__strtab_intern(t, str, n, mct__hash(str, n), id, added);
}

static mct_status normalise_all(state *s, size_t n)
{
    mct__buf b = {0};
    char doi[512];
    bool added;
    mct_status rc = MCT_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const mct_record *r = mct_records_get(s->in, i);
        nid *x = &s->nm[i];
        size_t dn = mct_doi_normalize(r->doi, doi, sizeof doi);
        if ((rc = intern(&s->ndoi, doi, dn, &x->doi, &added)) ||
            (rc = fold_alnum(r->title, &b)) ||
            (rc = intern(&s->ntitle, b.p ? b.p : "", b.len, &x->title,
                         &added)))
            break;
        if (added) {
            if (mct__grow((void **)&s->thist, &s->thcap, s->ntitle.n,
                          sizeof *s->thist)) {
                rc = MCT_ENOMEM;
                break;
            }
            memset(s->thist[x->title], 0, sizeof *s->thist);
            for (size_t k = 0; k < b.len; k++)
                s->thist[x->title][(unsigned char)b.p[k] & 31]++;
        }
        if (!(rc = family(r->n_authors ? r->authors[0] : "", &b)))
            rc = intern(&s->nfam, b.p ? b.p : "", b.len, &x->fam, &added);
    }
    mct__buf_free(&b);
    return rc;
}

/* Rules 1 and 2 for record i, in *gi (or -1), with their doubts. */
static mct_status exact_rules(state *s, size_t i, long *gi,
                              mct_dup_rule *rule)
{
    long g;
    unsigned char k[8];
    const norm v = nm(s, i);
    *gi = -1;
    if (v.doi[0] && (g = map_get(&s->doi, s->doi_g, &s->nm[i].doi, 4)) >= 0 &&
        !kept_apart(s, i, g)) {
        *gi = g;
        *rule = MCT_DUP_RULE_DOI;
        return MCT_OK;
    }
    if (!v.title[0])
        return MCT_OK;
    ty_key(s, i, k);
    g = map_get(&s->ty, s->ty_g, k, 8);
    if (g >= 0 && doi_conflict(s, i, (size_t)g))
        return doubt(s, (size_t)g, MCT_DOUBT_DOI, 1.0);
    if (g >= 0 && !kept_apart(s, i, g)) {
        *gi = g;
        *rule = MCT_DUP_RULE_TITLE_YEAR;
    }
    return MCT_OK;
}

static mct_status new_group(state *s, size_t i, long *gi)
{
    group *g;
    if (mct__grow((void **)&s->g, &s->gcap, s->ng + 1, sizeof *s->g))
        return MCT_ENOMEM;
    g = &s->g[s->ng];
    g->rep = i;
    for (int f = 0; f < 8; f++)
        g->src[f] = i;
    g->cited = mct_records_get(s->in, i)->cited_by;
    g->year = mct_records_get(s->in, i)->year;
    *gi = (long)s->ng++;
    return add_family(s, i, (size_t)*gi);
}

static mct_status classify(state *s, mct_dedup *d, size_t i)
{
    long gi = -1, mg;
    mct_dup_rule rule = MCT_DUP_RULE_KEPT;
    double sim = 0;
    size_t partner = i;
    mct_status rc;
    s->n_dbt = 0;
    if ((rc = exact_rules(s, i, &gi, &rule)))
        return rc;
    if (gi < 0 && s->o->fuzzy) {
        if ((rc = fuzzy_match(s, i, &gi, &sim)))
            return rc;
        if (gi >= 0)
            rule = MCT_DUP_RULE_FUZZY;
    }
    /* The reviewer's merge wins over the rules. */
    if ((mg = merged_by_reviewer(s, i, &partner)) >= 0) {
        gi = mg;
        rule = MCT_DUP_RULE_REVIEWER;
        sim = 0;
    }
    if (gi < 0) {
        if ((rc = new_group(s, i, &gi)))
            return rc;
        d->info[i].matched = i;
    } else {
        absorb(&s->g[gi], s->in, i);
        d->n_dup++;
        d->n_reviewer += rule == MCT_DUP_RULE_REVIEWER;
        d->info[i].similarity = sim;
        d->info[i].matched = rule == MCT_DUP_RULE_REVIEWER ? partner
                                                      : s->g[gi].rep;
    }
    d->info[i].rule = rule;
    d->info[i].kept = (size_t)gi;
    d->info[i].kept_input = s->g[gi].rep;
    for (size_t k = 0; k < s->n_dbt && !rc; k++) {
        size_t rep = s->g[s->dbt[k].g].rep;
        mct_decision dec = decided(s, rep, i);
        if (s->dbt[k].g != (size_t)gi || dec != MCT_DECISION_NONE)
            rc = add_pair(d, rep, i, s->dbt[k].why, s->dbt[k].sim, dec);
    }
    /* A duplicate's DOI and title join its group, so that later records
     * matching it find the group too. */
    return rc ? rc : join_keys(s, i, (size_t)gi);
}

/* Decisions on pairs the rules did not doubt are listed too. */
static mct_status decided_pairs(state *s, mct_dedup *d)
{
    size_t listed = d->n_pairs;
    for (size_t k = 0; k < s->o->n_decisions; k++) {
        const mct_dup_decision *x = &s->o->decisions[k];
        bool found = false;
        double sim;
        mct_status rc;
        for (size_t p = 0; p < listed && !found; p++)
            found = d->pairs[p].a == x->a && d->pairs[p].b == x->b;
        if (found)
            continue;
        if ((rc = similarity(s, x->b, x->a, 0.0, &sim)) ||
            (rc = add_pair(d, x->a, x->b, MCT_DOUBT_REVIEWER, sim,
                           x->decision)))
            return rc;
    }
    return MCT_OK;
}

/* The decisions indexed by their later record. */
static mct_status index_decisions(state *s, size_t n)
{
    const mct_dup_decision *x = s->o->decisions;
    size_t nd = s->o->n_decisions, *fill;
    if (!(s->dec_off = mct__calloc(n + 2, sizeof *s->dec_off)) ||
        !(s->dec_idx = mct__calloc(nd + 1, sizeof *s->dec_idx)) ||
        !(fill = mct__calloc(n + 1, sizeof *fill)))
        return MCT_ENOMEM;
    for (size_t k = 0; k < nd; k++)
        s->dec_off[x[k].b + 1]++;
    for (size_t i = 0; i < n; i++)
        s->dec_off[i + 1] += s->dec_off[i];
    for (size_t k = 0; k < nd; k++)
        s->dec_idx[s->dec_off[x[k].b] + fill[x[k].b]++] = k;
    mct__free(fill);
    return MCT_OK;
}

mct_status mct_dedup_run(const mct_dedup_opts *opts, const mct_records *in,
                         mct_dedup **out)
{
    const mct_dedup_opts od_ = opts ? *opts : mct_dedup_opts_default();
    const mct_dedup_opts *o = &od_;
    mct_dedup_opts opt = o ? *o : mct_dedup_opts_default();
    size_t n = mct_records_count(in);
    mct_dedup *d;
    state s;
    mct_status rc = MCT_ENOMEM;
    if (out)
        *out = NULL;
    if (!in || !out || !(opt.fuzzy_similarity > 0) ||
        opt.fuzzy_similarity > 1 || opt.fuzzy_year_window < 0 ||
        (opt.n_decisions && !opt.decisions))
        return MCT_EINVAL;
    for (size_t k = 0; k < opt.n_decisions; k++)
        if (opt.decisions[k].a >= opt.decisions[k].b ||
            opt.decisions[k].b >= n)
            return MCT_EINVAL;
    *out = NULL;
    memset(&s, 0, sizeof s);
    s.o = &opt;
    s.in = in;
    if (!(d = mct__calloc(1, sizeof *d)))
        return MCT_ENOMEM;
    s.d = d;
    d->n_in = n;
    if (!(d->info = mct__calloc(n + 1, sizeof *d->info)) ||
        !(s.nm = mct__calloc(n + 1, sizeof *s.nm)) ||
        mct__records_new_derived(in, &d->kept) ||
        mct__strtab_init(&s.doi, 1024) || mct__strtab_init(&s.ty, 1024) ||
        mct__strtab_init(&s.fam, 1024) || mct__strtab_init(&s.ndoi, 1024) ||
        mct__strtab_init(&s.ntitle, 1024) ||
        mct__strtab_init(&s.nfam, 1024))
        goto out;
    if ((rc = normalise_all(&s, n)) || (rc = index_decisions(&s, n)))
        goto out;
    for (size_t i = 0; i < n && !rc; i++)
        rc = classify(&s, d, i);
    if (!rc)
        rc = decided_pairs(&s, d);
    for (size_t g = 0; g < s.ng && !rc; g++)
        rc = emit_group(d->kept, in, &s.g[g]);
out:
    mct__free(s.nm);
    mct__free(s.thist);
    mct__strtab_destroy(&s.ndoi);
    mct__strtab_destroy(&s.ntitle);
    mct__strtab_destroy(&s.nfam);
    mct__free(s.g);
    mct__strtab_destroy(&s.doi);
    mct__strtab_destroy(&s.ty);
    for (size_t f = 0; f < s.fam_made; f++)
        mct__free(s.fam_list[f]);
    mct__free(s.fam_list);
    mct__free(s.fam_n);
    mct__free(s.fam_cap);
    mct__strtab_destroy(&s.fam);
    mct__free(s.doi_g);
    mct__free(s.ty_g);
    mct__free(s.row);
    mct__free(s.dec_off);
    mct__free(s.dec_idx);
    mct__free(s.dbt);
    if (rc) {
        mct_dedup_free(d);
        return rc;
    }
    *out = d;
    return MCT_OK;
}

const mct_records *mct_dedup_kept(const mct_dedup *d)
{
    return d ? d->kept : NULL;
}

mct_status mct_dedup_info(const mct_dedup *d, size_t i, mct_dup_info *out)
{
    if (!d || !out || i >= d->n_in)
        return MCT_EINVAL;
    *out = d->info[i];
    return MCT_OK;
}

size_t mct_dedup_n_duplicates(const mct_dedup *d) { return d ? d->n_dup : 0; }

size_t mct_dedup_n_by_reviewer(const mct_dedup *d)
{
    return d ? d->n_reviewer : 0;
}

size_t mct_dedup_n_pairs(const mct_dedup *d) { return d ? d->n_pairs : 0; }

mct_status mct_dedup_pair(const mct_dedup *d, size_t i, mct_dup_pair *out)
{
    if (!d || !out || i >= d->n_pairs)
        return MCT_EINVAL;
    *out = d->pairs[i];
    return MCT_OK;
}

void mct_dedup_free(mct_dedup *d)
{
    if (!d)
        return;
    mct_records_free(d->kept);
    mct__free(d->info);
    mct__free(d->pairs);
    mct__free(d);
}

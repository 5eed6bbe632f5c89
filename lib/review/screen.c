/*
 * screen.c - identification, de-duplication, automation and screening,
 * with the PRISMA 2020 counts (mct_screen.h).
 */
#include <stdio.h>

#include "internal.h"
#include "mct_screen.h"
#include "records.h"

/* ---- exclusions ------------------------------------------------------ */

typedef struct exclusion {
    char *ref, *reason;
    size_t line;
} exclusion;

struct mct_exclusions {
    exclusion *v;
    size_t n;
};

void mct_exclusions_free(mct_exclusions *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        mct__free(x->v[i].ref);
        mct__free(x->v[i].reason);
    }
    mct__free(x->v);
    mct__free(x);
}

size_t mct_exclusions_count(const mct_exclusions *x) { return x ? x->n : 0; }

/* One "ref<TAB>reason" line, or a comment. */
static mct_status take_line(mct_exclusions *x, const char *text, size_t line,
                            mct_diag *diag)
{
    const char *ref = text + strspn(text, " \t"), *tab;
    exclusion *e;
    if (*ref == '#')
        return MCT_OK;
    if (!(tab = strchr(ref, '\t')) || !tab[1 + strspn(tab + 1, " \t")]) {
        mct__diag(diag, line, 0, "expected \"id<TAB>reason\"");
        return MCT_EPARSE;
    }
    e = &x->v[x->n];
    e->line = line;
    if (!(e->ref = mct__strndup(ref, (size_t)(tab - ref))) ||
        !(e->reason = mct__strdup(tab + 1))) {
        mct__free(e->ref);
        return MCT_ENOMEM;
    }
    x->n++;
    return MCT_OK;
}

static mct_status from_docs(const mct_docs *d, mct_exclusions **out,
                            mct_diag *diag)
{
    mct_exclusions *x = mct__calloc(1, sizeof *x);
    mct_status rc = MCT_ENOMEM;
    if (!x || !(x->v = mct__calloc(mct_docs_count(d) + 1, sizeof *x->v)))
        goto fail;
    for (size_t i = 0; i < mct_docs_count(d); i++)
        if ((rc = take_line(x, mct_docs_text(d, i, NULL), mct_docs_line(d, i),
                            diag)))
            goto fail;
    *out = x;
    return MCT_OK;
fail:
    mct_exclusions_free(x);
    return rc;
}

mct_status mct_exclusions_parse(const char *data, size_t len,
                                mct_exclusions **out, mct_diag *diag)
{
    mct_docs *d = NULL;
    mct_status rc;
    mct_diag_clear(diag);
    if (!out || (!data && len))
        return MCT_EINVAL;
    *out = NULL;
    if (!(rc = mct_docs_new(&d))) {
        rc = mct_docs_parse_lines(d, data, len, NULL, diag);
        if (rc == MCT_EEMPTY)
            rc = MCT_OK; /* no exclusions at all */
        if (!rc)
            rc = from_docs(d, out, diag);
    }
    mct_docs_free(d);
    return rc;
}

mct_status mct_exclusions_read(const char *path, mct_exclusions **out,
                               mct_diag *diag)
{
    char *data = NULL;
    size_t len = 0;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    rc = mct_exclusions_parse(data, len, out, diag);
    mct__free(data);
    return rc;
}

/* ---- screening ------------------------------------------------------------ */

typedef struct counted {
    char *name;
    size_t n;
} counted;

struct mct_screening {
    mct_screen_opts o;
    mct_query *q;
    const mct_records *all;
    mct_dedup *dd;
    const mct_records *kept;
    mct_records *own_kept; /* an update's: prior records unchanged */
    size_t *rep;          /* per kept record: its input record */
    mct_records *inc;
    unsigned char *fate;  /* per kept record */
    const char **reason;  /* per kept record */
    counted *src, *why;   /* sources and exclusion reasons */
    size_t n_src, n_why, cap_src, cap_why;
    mct_prisma p;
    bool fitted;
};

mct_screen_opts mct_screen_opts_default(void)
{
    mct_screen_opts o;
    memset(&o, 0, sizeof o);
    o.dedup = true;
    o.dedup_opts = mct_dedup_opts_default();
    return o;
}

static void clear(mct_screening *s)
{
    for (size_t i = 0; i < s->n_src; i++)
        mct__free(s->src[i].name);
    for (size_t i = 0; i < s->n_why; i++)
        mct__free(s->why[i].name);
    mct__free(s->src);
    mct__free(s->why);
    mct__free(s->fate);
    mct__free(s->reason);
    mct_records_free(s->inc);
    mct_records_free(s->own_kept);
    mct__free(s->rep);
    s->own_kept = NULL;
    s->rep = NULL;
    mct_dedup_free(s->dd);
    mct_query_free(s->q);
    s->src = s->why = NULL;
    s->n_src = s->n_why = s->cap_src = s->cap_why = 0;
    s->fate = NULL;
    s->reason = NULL;
    s->inc = NULL;
    s->dd = NULL;
    s->q = NULL;
    s->kept = s->all = NULL;
    memset(&s->p, 0, sizeof s->p);
    s->fitted = false;
}

void mct_screening_free(mct_screening *s)
{
    if (!s)
        return;
    clear(s);
    mct__free(s);
}

mct_status mct_screening_new(const mct_screen_opts *opts, mct_screening **out)
{
    const mct_screen_opts od_ = opts ? *opts : mct_screen_opts_default();
    const mct_screen_opts *o = &od_;
    if (!out)
        return MCT_EINVAL;
    *out = NULL;
    if (o->year_from < 0 || o->year_to < 0 ||
        (o->year_from && o->year_to && o->year_from > o->year_to))
        return MCT_EINVAL;
    if (o->n_prior && !o->prior_fate)
        return MCT_EINVAL;
    if (!(*out = mct__calloc(1, sizeof **out)))
        return MCT_ENOMEM;
    (*out)->o = *o;
    return MCT_OK;
}

/* Adds one to the count of name in a first-seen list; *kept (may be NULL)
 * gets the list's copy of the name. */
static mct_status count(counted **v, size_t *n, size_t *cap, const char *name,
                        const char **kept)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i].name, name)) {
            (*v)[i].n++;
            if (kept)
                *kept = (*v)[i].name;
            return MCT_OK;
        }
    if (mct__grow((void **)v, cap, *n + 1, sizeof **v) ||
        !((*v)[*n].name = mct__strdup(name)))
        return MCT_ENOMEM;
    (*v)[*n].n = 1;
    if (kept)
        *kept = (*v)[*n].name;
    (*n)++;
    return MCT_OK;
}

/* The kept record a REF (id or DOI) belongs to, or -1. */
static long find_kept(const mct_screening *s, const char *ref)
{
    char want[512], have[512];
    mct_doi_normalize(ref, want, sizeof want);
    for (size_t i = 0; i < mct_records_count(s->all); i++) {
        const mct_record *r = mct_records_get(s->all, i);
        bool hit = r->id[0] && !strcmp(r->id, ref);
        if (!hit && r->doi[0] && want[0]) {
            mct_doi_normalize(r->doi, have, sizeof have);
            hit = !strcmp(have, want);
        }
        if (hit) {
            mct_dup_info in;
            if (!s->dd)
                return (long)i;
            mct_dedup_info(s->dd, i, &in);
            return (long)in.kept;
        }
    }
    return -1;
}

static mct_status apply_exclusions(mct_screening *s, mct_diag *diag)
{
    const mct_exclusions *x = s->o.exclusions;
    for (size_t i = 0; x && i < x->n; i++) {
        long k = find_kept(s, x->v[i].ref);
        if (k < 0) {
            mct__diag(diag, x->v[i].line, 0,
                      "no record has the id or DOI '%.200s'", x->v[i].ref);
            return MCT_ENOTFOUND;
        }
        if (s->fate[k] == MCT_FATE_INCLUDED && s->rep[k] >= s->o.n_prior) {
            if (count(&s->why, &s->n_why, &s->cap_why, x->v[i].reason,
                      &s->reason[k]))
                return MCT_ENOMEM;
            s->fate[k] = MCT_FATE_EXCLUDED;
        }
    }
    return MCT_OK;
}

/* Which input record each kept record stands for; in an update, the
 * kept set with the earlier review's records as they were (a merge with
 * a new duplicate would change their text, and with it everything that
 * the earlier review found in them). */
static mct_status representatives(mct_screening *s)
{
    size_t nk = mct_records_count(s->kept), n = mct_records_count(s->all);
    mct_status rc;
    if (!(s->rep = mct__alloc_array(nk + 1, sizeof *s->rep)))
        return MCT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        mct_dup_info in = {0};
        if (!s->dd) {
            s->rep[i] = i;
            continue;
        }
        mct_dedup_info(s->dd, i, &in);
        if (in.kept_input == i)
            s->rep[in.kept] = i;
    }
    if (!s->o.n_prior)
        return MCT_OK;
    if ((rc = mct__records_new_derived(s->all, &s->own_kept)))
        return rc;
    for (size_t k = 0; k < nk; k++)
        if ((rc = mct_records_add(s->own_kept,
                                  s->rep[k] < s->o.n_prior
                                      ? mct_records_get(s->all, s->rep[k])
                                      : mct_records_get(s->kept, k))))
            return rc;
    s->kept = s->own_kept;
    return MCT_OK;
}

static mct_status dedup(mct_screening *s)
{
    mct_status rc;
    if (!s->o.dedup) {
        s->kept = s->all;
        return representatives(s);
    }
    if ((rc = mct_dedup_run(&s->o.dedup_opts, s->all, &s->dd)))
        return rc;
    s->kept = mct_dedup_kept(s->dd);
    s->p.duplicates = mct_dedup_n_duplicates(s->dd);
    s->p.duplicates_by_reviewer = mct_dedup_n_by_reviewer(s->dd);
    s->p.possible_duplicates = mct_dedup_n_pairs(s->dd);
    for (size_t i = 0; i < s->p.possible_duplicates; i++) {
        mct_dup_pair pr;
        mct_dedup_pair(s->dd, i, &pr);
        s->p.undecided += pr.decision == MCT_DECISION_NONE;
    }
    return representatives(s);
}

/* An earlier review's record keeps what it had there. */
static void prior_fate(mct_screening *s, size_t k, size_t i)
{
    const char *why = s->o.prior_reason ? s->o.prior_reason[i] : NULL;
    s->fate[k] = (unsigned char)s->o.prior_fate[i];
    s->p.prior++;
    s->p.prior_ineligible += s->fate[k] == MCT_FATE_INELIGIBLE;
    s->p.prior_excluded += s->fate[k] == MCT_FATE_EXCLUDED;
    s->p.prior_included += s->fate[k] == MCT_FATE_INCLUDED;
    s->p.ineligible += s->fate[k] == MCT_FATE_INELIGIBLE;
    /* The reasons counted (mct_screening_reason) are the new records'. */
    if (s->fate[k] != MCT_FATE_INCLUDED)
        s->reason[k] = why;
}

/* Automation: the years, then the query; an earlier review's records
 * are not screened again. */
static void automation(mct_screening *s)
{
    for (size_t k = 0; k < mct_records_count(s->kept); k++) {
        const mct_record *r = mct_records_get(s->kept, k);
        if (s->rep[k] < s->o.n_prior) {
            prior_fate(s, k, s->rep[k]);
            continue;
        }
        if ((s->o.year_from && r->year < s->o.year_from) ||
            (s->o.year_to && r->year > s->o.year_to)) {
            s->fate[k] = MCT_FATE_INELIGIBLE;
            s->reason[k] = "outside the year range";
        } else if (s->q && !mct_query_match(s->q, r)) {
            s->fate[k] = MCT_FATE_INELIGIBLE;
            s->reason[k] = "does not match the query";
        }
        s->p.ineligible += s->fate[k] == MCT_FATE_INELIGIBLE;
    }
}

static mct_status tally(mct_screening *s)
{
    size_t nk = mct_records_count(s->kept);
    mct_status rc;
    s->p.screened = nk - s->p.ineligible;
    if ((rc = mct__records_new_derived(s->kept, &s->inc)))
        return rc;
    for (size_t k = 0; k < nk; k++) {
        s->p.excluded += s->fate[k] == MCT_FATE_EXCLUDED;
        s->p.included += s->fate[k] == MCT_FATE_INCLUDED;
        if (s->fate[k] == MCT_FATE_INCLUDED &&
            (rc = mct_records_add(s->inc, mct_records_get(s->kept, k))))
            return rc;
    }
    return MCT_OK;
}

static mct_status fit(mct_screening *s, mct_diag *diag)
{
    size_t nk;
    mct_status rc;
    if (s->o.query && (rc = mct_query_parse(s->o.query, &s->q, diag)))
        return rc;
    s->p.identified = mct_records_count(s->all);
    /* In an update the sources are those of the new records. */
    for (size_t i = s->o.n_prior; i < s->p.identified; i++)
        if (count(&s->src, &s->n_src, &s->cap_src,
                  mct_source_name(mct_records_get(s->all, i)->source), NULL))
            return MCT_ENOMEM;
    if ((rc = dedup(s)))
        return rc;
    nk = mct_records_count(s->kept);
    if (!(s->fate = mct__calloc(nk + 1, 1)) ||
        !(s->reason = mct__calloc(nk + 1, sizeof *s->reason)))
        return MCT_ENOMEM;
    automation(s);
    if ((rc = apply_exclusions(s, diag)))
        return rc;
    return tally(s);
}

mct_status mct_screening_fit(mct_screening *s, const mct_records *all,
                             mct_diag *diag)
{
    mct_status rc;
    mct_diag_clear(diag);
    if (!s || !all)
        return MCT_EINVAL;
    clear(s);
    s->all = all;
    if ((rc = fit(s, diag))) {
        clear(s);
        return rc;
    }
    s->fitted = true;
    return MCT_OK;
}

mct_status mct_screening_prisma(const mct_screening *s, mct_prisma *out)
{
    if (!s || !out)
        return MCT_EINVAL;
    if (!s->fitted)
        return MCT_ESTATE;
    *out = s->p;
    return MCT_OK;
}

size_t mct_screening_n_sources(const mct_screening *s)
{
    return s ? s->n_src : 0;
}

mct_status mct_screening_source(const mct_screening *s, size_t i,
                                const char **name, size_t *n)
{
    if (!s || i >= s->n_src)
        return MCT_EINVAL;
    if (name)
        *name = s->src[i].name;
    if (n)
        *n = s->src[i].n;
    return MCT_OK;
}

const mct_records *mct_screening_kept(const mct_screening *s)
{
    return s ? s->kept : NULL;
}

const mct_records *mct_screening_included(const mct_screening *s)
{
    return s ? s->inc : NULL;
}

const mct_dedup *mct_screening_dedup(const mct_screening *s)
{
    return s ? s->dd : NULL;
}

const mct_query *mct_screening_query(const mct_screening *s)
{
    return s ? s->q : NULL;
}

mct_fate mct_screening_fate(const mct_screening *s, size_t k,
                            const char **reason)
{
    if (reason)
        *reason = NULL;
    if (!s || !s->fate || k >= mct_records_count(s->kept))
        return MCT_FATE_INCLUDED;
    if (reason)
        *reason = s->reason[k];
    return (mct_fate)s->fate[k];
}

size_t mct_screening_n_reasons(const mct_screening *s)
{
    return s ? s->n_why : 0;
}

mct_status mct_screening_reason(const mct_screening *s, size_t i,
                                const char **reason, size_t *n)
{
    if (!s || i >= s->n_why)
        return MCT_EINVAL;
    if (reason)
        *reason = s->why[i].name;
    if (n)
        *n = s->why[i].n;
    return MCT_OK;
}

const char *mct_source_name(const char *source)
{
    static const char *const names[][2] = {
        {"scopus", "Scopus"}, {"wos", "Web of Science"},
        {"openalex", "OpenAlex"}, {"pubmed", "PubMed"}, {"lens", "Lens.org"}};
    /* Reference managers' files are no database of their own. */
    static const char *const files[] = {"jsonl", "lines", "ris", "bibtex",
                                        "csl", ""};
    if (!source)
        return "Other sources";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(source, names[i][0]))
            return names[i][1];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (!strcmp(source, files[i]))
            return "Other sources";
    return source;
}

/*
 * screen.c - identification, de-duplication, automation and screening,
 * with the PRISMA 2020 counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outdir.h"
#include "screen.h"
#include "digest.h"

int screen_option(int ch, const char *arg, screen_opts *o)
{
    switch (ch) {
    case SO_QUERY: o->query = arg; return 1;
    case SO_YEARS:
        o->years = arg;
        return screen_parse_years(arg, &o->year_from, &o->year_to) ? 1 : -1;
    case SO_EXCLUDE: o->exclude_file = arg; return 1;
    case SO_FORMAT:
        if (mct_format_parse(arg, &o->format)) {
            cli_err("--format: unknown format '%s'", arg);
            return -1;
        }
        return 1;
    case SO_NODEDUP: o->dedup = false; return 1;
    case SO_DECISIONS: o->decisions_file = arg; return 1;
    default: return 0;
    }
}

bool screen_parse_years(const char *s, int *from, int *to)
{
    char *end;
    const char *dash = strchr(s, '-');
    long a = 0, b = 0;
    if (!dash) {
        a = b = strtol(s, &end, 10);
        if (end == s || *end)
            goto bad;
    } else {
        if (dash > s) {
            a = strtol(s, &end, 10);
            if (end != dash)
                goto bad;
        }
        if (dash[1]) {
            b = strtol(dash + 1, &end, 10);
            if (*end)
                goto bad;
        }
    }
    if ((a && (a < 1000 || a > 9999)) || (b && (b < 1000 || b > 9999)) ||
        (a && b && a > b))
        goto bad;
    *from = (int)a;
    *to = (int)b;
    return true;
bad:
    cli_err("--years: expected a range such as 2014-2024, got '%s'", s);
    return false;
}

const char *screen_source_name(const char *source)
{
    if (!strcmp(source, "scopus"))
        return "Scopus";
    if (!strcmp(source, "wos"))
        return "Web of Science";
    if (!strcmp(source, "openalex"))
        return "OpenAlex";
    if (!strcmp(source, "pubmed"))
        return "PubMed";
    if (!strcmp(source, "lens"))
        return "Lens.org";
    /* Reference managers' files are no database of their own. */
    if (!strcmp(source, "jsonl") || !strcmp(source, "lines") ||
        !strcmp(source, "ris") || !strcmp(source, "bibtex") ||
        !strcmp(source, "csl") || !source[0])
        return "Other sources";
    return source;
}

static void count_source(screened *s, const char *name)
{
    for (size_t i = 0; i < s->n_src; i++)
        if (!strcmp(s->src[i].name, name)) {
            s->src[i].n++;
            return;
        }
    if (s->n_src < sizeof s->src / sizeof *s->src) {
        snprintf(s->src[s->n_src].name, sizeof s->src[s->n_src].name, "%s",
                 name);
        s->src[s->n_src++].n = 1;
    }
}

static bool add_reason(screened *s, const char *reason, const char **kept)
{
    for (size_t i = 0; i < s->n_reasons; i++)
        if (!strcmp(s->reasons[i], reason)) {
            s->reason_n[i]++;
            *kept = s->reasons[i];
            return true;
        }
    {
        char **r = realloc(s->reasons, (s->n_reasons + 1) * sizeof *r);
        size_t *n;
        if (!r)
            return false;
        s->reasons = r;
        if (!(n = realloc(s->reason_n, (s->n_reasons + 1) * sizeof *n)))
            return false;
        s->reason_n = n;
        if (!(r[s->n_reasons] = strdup(reason)))
            return false;
        n[s->n_reasons] = 1;
        *kept = r[s->n_reasons++];
    }
    return true;
}

/* The kept record an input id (source id or DOI) belongs to, or -1. */
static long find_kept(const screened *s, const char *id)
{
    char want[512], have[512];
    mct_doi_normalize(id, want, sizeof want);
    for (size_t i = 0; i < mct_records_count(s->all); i++) {
        const mct_record *r = mct_records_get(s->all, i);
        bool hit = r->id[0] && !strcmp(r->id, id);
        if (!hit && r->doi[0]) {
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

/* "id<TAB>reason" per line; '#' comments and blank lines skipped. */
static bool apply_exclusions(screened *s, const char *path)
{
    mct_docs *l = NULL;
    mct_diag d;
    mct_status rc;
    bool ok = false;
    if (mct_docs_new(&l))
        return false;
    if ((rc = mct_docs_read_lines(l, path, NULL, &d))) {
        cli_diag(path, &d, rc);
        goto done;
    }
    for (size_t i = 0; i < mct_docs_count(l); i++) {
        char *line = strdup(mct_docs_text(l, i, NULL)), *tab, *id;
        long k;
        if (!line)
            goto done;
        id = line + strspn(line, " \t");
        if (*id == '#') {
            free(line);
            continue;
        }
        if (!(tab = strchr(id, '\t')) || !tab[1]) {
            cli_err("%s:%zu: expected \"id<TAB>reason\"", path,
                    mct_docs_line(l, i));
            free(line);
            goto done;
        }
        *tab = '\0';
        if ((k = find_kept(s, id)) < 0) {
            cli_err("%s:%zu: no record has the id or DOI '%s'", path,
                    mct_docs_line(l, i), id);
            free(line);
            goto done;
        }
        if (s->state[k] == ST_INCLUDED) {
            const char *r;
            if (!add_reason(s, tab + 1, &r)) {
                free(line);
                goto done;
            }
            s->state[k] = ST_EXCLUDED;
            s->reason[k] = r;
        }
        free(line);
    }
    ok = true;
done:
    mct_docs_free(l);
    return ok;
}

static void hash_input(screened *s, const char *data, size_t len)
{
    digest h;
    digest_init(&h);
    digest_update(&h, data, len);
    digest_hex(&h, s->file_sha256[s->n_files]);
    s->file_bytes[s->n_files] = len;
}

/* Reads one input: its bytes once, hashed and parsed. */
static bool read_input(screened *s, char *path, const screen_opts *o,
                       const cli_common *c)
{
    char *data;
    size_t len, n = 0;
    mct_diag d;
    mct_status rc;
    if (o->outdir && outdir_holds(o->outdir, path)) {
        cli_err("%s is inside the output directory %s, which the run "
                "replaces; move it or choose another -o",
                path, o->outdir);
        return false;
    }
    if (!cli_read_file(path, &data, &len))
        return false;
    hash_input(s, data, len);
    rc = mct_records_parse(s->all, data, len, path, o->format, &n, &d);
    free(data);
    if (rc) {
        cli_diag(path, &d, rc);
        return false;
    }
    cli_note(c, "%s: %zu records", path, n);
    s->files[s->n_files] = path;
    s->file_n[s->n_files++] = n;
    return true;
}

/* De-duplication, with the reviewer's decisions where there are some. */
static bool dedup(screened *s, const screen_opts *o)
{
    mct_dedup_opts dop = mct_dedup_opts_default();
    size_t nd = 0;
    if (o->decisions_file) {
        mct_diag d;
        mct_status rc;
        if (o->outdir && outdir_holds(o->outdir, o->decisions_file)) {
            cli_err("%s is inside the output directory %s, which the run "
                    "replaces; copy it elsewhere first",
                    o->decisions_file, o->outdir);
            return false;
        }
        rc = mct_dedup_decisions_read(s->all, o->decisions_file,
                                      &s->decisions, &nd, &d);
        if (rc) {
            cli_diag(o->decisions_file, &d, rc);
            return false;
        }
        dop.decisions = s->decisions;
        dop.n_decisions = nd;
    }
    if (mct_dedup_run(&dop, s->all, &s->dd)) {
        cli_err("out of memory");
        return false;
    }
    s->kept = mct_dedup_kept(s->dd);
    s->duplicates = mct_dedup_n_duplicates(s->dd);
    s->dup_reviewer = mct_dedup_n_by_reviewer(s->dd);
    s->pairs = mct_dedup_n_pairs(s->dd);
    for (size_t i = 0; i < s->pairs; i++) {
        mct_dup_pair p;
        mct_dedup_pair(s->dd, i, &p);
        s->pairs_undecided += p.decision == MCT_DECISION_NONE;
    }
    return true;
}

bool screen_run(char **inputs, size_t n_inputs, const screen_opts *o,
                const cli_common *c, screened *s)
{
    mct_query *q = NULL;
    size_t nk;
    memset(s, 0, sizeof *s);
    if (o->decisions_file && !o->dedup) {
        cli_err("--decisions needs de-duplication: drop --no-dedup");
        return false;
    }
    if (o->query) {
        mct_diag d;
        mct_status rc = mct_query_parse(o->query, &q, &d);
        if (rc) {
            cli_err("--query: %s", d.msg[0] ? d.msg : mct_strerror(rc));
            return false;
        }
    }
    if (mct_records_new(&s->all) ||
        !(s->files = calloc(n_inputs + 2, sizeof *s->files)) ||
        !(s->file_n = calloc(n_inputs + 2, sizeof *s->file_n)) ||
        !(s->file_bytes = calloc(n_inputs + 2, sizeof *s->file_bytes)) ||
        !(s->file_sha256 = calloc(n_inputs + 2, sizeof *s->file_sha256))) {
        cli_err("out of memory");
        goto fail;
    }
    for (size_t f = 0; f < n_inputs; f++)
        if (!read_input(s, inputs[f], o, c))
            goto fail;
    if (!n_inputs && o->builtin) {
        /* The bundled corpus is JSON Lines, whatever --format says. */
        mct_diag d;
        size_t n = 0;
        mct_status rc = mct_records_parse(s->all, o->builtin, o->builtin_len,
                                          o->builtin_name, MCT_FORMAT_JSONL,
                                          &n, &d);
        if (rc) {
            cli_diag(o->builtin_name, &d, rc);
            goto fail;
        }
        cli_note(c, "%s (bundled): %zu records", o->builtin_name, n);
        hash_input(s, o->builtin, o->builtin_len);
        s->files[s->n_files] = (char *)o->builtin_name;
        s->file_n[s->n_files++] = n;
    }
    s->identified = mct_records_count(s->all);
    for (size_t i = 0; i < s->identified; i++)
        count_source(s, screen_source_name(mct_records_get(s->all, i)->source));
    if (o->dedup) {
        if (!dedup(s, o))
            goto fail;
    } else {
        s->kept = s->all;
    }
    nk = mct_records_count(s->kept);
    if (!(s->state = calloc(nk + 1, 1)) ||
        !(s->reason = calloc(nk + 1, sizeof *s->reason))) {
        cli_err("out of memory");
        goto fail;
    }
    for (size_t k = 0; k < nk; k++) {
        const mct_record *r = mct_records_get(s->kept, k);
        if ((o->year_from && r->year < o->year_from) ||
            (o->year_to && r->year > o->year_to)) {
            s->state[k] = ST_AUTOMATION;
            s->reason[k] = "outside the year range";
        } else if (q && !mct_query_match(q, r)) {
            s->state[k] = ST_AUTOMATION;
            s->reason[k] = "does not match the query";
        }
        s->automation += s->state[k] == ST_AUTOMATION;
    }
    s->screened = nk - s->automation;
    if (o->exclude_file && !apply_exclusions(s, o->exclude_file))
        goto fail;
    for (size_t k = 0; k < nk; k++) {
        s->excluded += s->state[k] == ST_EXCLUDED;
        s->included += s->state[k] == ST_INCLUDED;
    }
    mct_query_free(q);
    cli_note(c, "identified %zu, duplicates %zu, ineligible by query/years "
                "%zu, screened %zu, excluded %zu, included %zu",
             s->identified, s->duplicates, s->automation, s->screened,
             s->excluded, s->included);
    if (s->pairs_undecided)
        cli_note(c, "%zu possible duplicates for the reviewer to decide "
                    "(possible-duplicates.tsv, --decisions)",
                 s->pairs_undecided);
    return true;
fail:
    mct_query_free(q);
    screen_free(s);
    return false;
}

void screen_free(screened *s)
{
    for (size_t i = 0; i < s->n_reasons; i++)
        free(s->reasons[i]);
    free(s->reasons);
    free(s->reason_n);
    free(s->state);
    free(s->reason);
    free(s->files);
    free(s->file_n);
    free(s->file_bytes);
    free(s->file_sha256);
    mct_dedup_free(s->dd);
    mct_free(s->decisions);
    mct_records_free(s->all);
    memset(s, 0, sizeof *s);
}

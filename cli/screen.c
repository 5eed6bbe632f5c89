/*
 * screen.c - identification, de-duplication, automation and screening,
 * with the PRISMA 2020 counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outdir.h"
#include "screen.h"
#include "digest.h"

int screen_option(int code, const char *arg, void *so)
{
    screen_opts *o = so;
    if (code == SO_YEARS) {
        o->years = arg;
        return screen_parse_years(arg, &o->year_from, &o->year_to) ? 1 : -1;
    }
    if (mct_format_parse(arg, &o->format)) {
        cli_err("--format: unknown format '%s'", arg);
        return -1;
    }
    return 1;
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
    return mct_source_name(source);
}

static void hash_input(screened *s, const char *data, size_t len)
{
    digest h;
    digest_init(&h);
    digest_update(&h, data, len);
    digest_hex(&h, s->file_sha256[s->n_files]);
    s->file_bytes[s->n_files] = len;
}

/* A file read later must not lie in the directory the run replaces. */
static bool outside(const screen_opts *o, const char *path)
{
    return outdir_refuse_inputs(o->outdir, &path, 1);
}

/*
 * Hashes a file in blocks (the manifest's SHA-256 and size), with the
 * messages cli_read_file gives for a file that cannot be read.
 */
static bool hash_file(screened *s, const char *path)
{
    static unsigned char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    struct stat st;
    unsigned long long total = 0;
    size_t n;
    digest h;
    if (!f) {
        cli_err("%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_err("%s: is a directory, not a file", path);
        fclose(f);
        return false;
    }
    digest_init(&h);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        digest_update(&h, buf, n);
        total += n;
    }
    if (ferror(f)) {
        cli_err("%s: cannot read: %s", path, strerror(errno));
        fclose(f);
        return false;
    }
    fclose(f);
    digest_hex(&h, s->file_sha256[s->n_files]);
    s->file_bytes[s->n_files] = total;
    return true;
}

/* Reads one input, hashed and parsed. A file is hashed in blocks and read
 * by the library in blocks, so that its bytes are never all in memory;
 * standard input is read once, whole. */
static bool read_input(screened *s, char *path, const screen_opts *o,
                       const cli_common *c)
{
    mct_file *f;
    size_t n = 0;
    mct_diag d;
    mct_status rc;
    if (!outside(o, path))
        return false;
    if (strcmp(path, "-") != 0) {
        if (!hash_file(s, path))
            return false;
        rc = mct_records_read(s->all, path, o->format, &n, &d);
    } else {
        if (!cli_read_file(path, &f))
            return false;
        hash_input(s, mct_file_data(f), mct_file_size(f));
        rc = mct_records_parse(s->all, mct_file_data(f), mct_file_size(f),
                               path, o->format, &n, &d);
        mct_file_free(f);
    }
    if (rc) {
        cli_diag(path, &d, rc);
        return false;
    }
    cli_note(c, "%s: %zu records", path, n);
    s->files[s->n_files] = path;
    s->file_n[s->n_files++] = n;
    return true;
}

/* Every input, or the bundled corpus (JSON Lines, whatever --format). */
static bool read_inputs(screened *s, char **inputs, size_t n_inputs,
                        const screen_opts *o, const cli_common *c)
{
    mct_diag d;
    size_t n = 0;
    mct_status rc;
    if (mct_records_new(&s->all) ||
        !(s->files = calloc(n_inputs + 2, sizeof *s->files)) ||
        !(s->file_n = calloc(n_inputs + 2, sizeof *s->file_n)) ||
        !(s->file_bytes = calloc(n_inputs + 2, sizeof *s->file_bytes)) ||
        !(s->file_sha256 = calloc(n_inputs + 2, sizeof *s->file_sha256))) {
        cli_err("out of memory");
        return false;
    }
    /* An update screens the earlier review's records first. */
    for (size_t i = 0; i < mct_records_count(o->prior); i++)
        if (mct_records_add(s->all, mct_records_get(o->prior, i))) {
            cli_err("out of memory");
            return false;
        }
    for (size_t f = 0; f < n_inputs; f++)
        if (!read_input(s, inputs[f], o, c))
            return false;
    if (n_inputs || !o->builtin || o->prior)
        return true;
    rc = mct_records_parse(s->all, o->builtin, o->builtin_len,
                           o->builtin_name, MCT_FORMAT_JSONL, &n, &d);
    if (rc) {
        cli_diag(o->builtin_name, &d, rc);
        return false;
    }
    cli_note(c, "%s (bundled): %zu records", o->builtin_name, n);
    hash_input(s, o->builtin, o->builtin_len);
    s->files[s->n_files] = (char *)o->builtin_name;
    s->file_n[s->n_files++] = n;
    return true;
}

/* The exclusions and the reviewer's decisions, read and checked. */
static bool read_aux(screened *s, const screen_opts *o, mct_screen_opts *so)
{
    mct_diag d;
    mct_status rc;
    size_t nd = 0;
    if (!outside(o, o->exclude_file) || !outside(o, o->decisions_file))
        return false;
    if (o->exclude_file &&
        (rc = mct_exclusions_read(o->exclude_file, &s->exclusions, &d))) {
        cli_diag(o->exclude_file, &d, rc);
        return false;
    }
    if (o->decisions_file &&
        (rc = mct_dedup_decisions_read(s->all, o->decisions_file,
                                       &s->decisions, &nd, &d))) {
        cli_diag(o->decisions_file, &d, rc);
        return false;
    }
    so->exclusions = s->exclusions;
    so->dedup_opts.decisions = s->decisions;
    so->dedup_opts.n_decisions = nd;
    return true;
}

/* The library's results, laid out for the writers. */
static bool lay_out(screened *s)
{
    mct_prisma p;
    size_t nk;
    mct_screening_prisma(s->view, &p);
    s->kept = mct_screening_kept(s->view);
    s->dd = mct_screening_dedup(s->view);
    s->identified = p.identified;
    s->duplicates = p.duplicates;
    s->dup_reviewer = p.duplicates_by_reviewer;
    s->pairs = p.possible_duplicates;
    s->pairs_undecided = p.undecided;
    s->automation = p.ineligible;
    s->screened = p.screened;
    s->excluded = p.excluded;
    s->included = p.included;
    s->total = p.included;
    if ((s->prior = p.prior)) {
        /* An update: the counts of the flow are the new records'. */
        s->prior_included = p.prior_included;
        s->identified -= p.prior;
        s->automation -= p.prior_ineligible;
        s->screened -= p.prior - p.prior_ineligible;
        s->excluded -= p.prior_excluded;
        s->included -= p.prior_included;
    }
    for (size_t i = 0; i < mct_screening_n_sources(s->view) && i < 16; i++)
        mct_screening_source(s->view, i, &s->src[i].name, &s->src[i].n);
    s->n_src = mct_screening_n_sources(s->view);
    s->n_src = s->n_src < 16 ? s->n_src : 16;
    nk = mct_records_count(s->kept);
    s->n_reasons = mct_screening_n_reasons(s->view);
    if (!(s->state = calloc(nk + 1, 1)) ||
        !(s->reason = calloc(nk + 1, sizeof *s->reason)) ||
        !(s->reasons = calloc(s->n_reasons + 1, sizeof *s->reasons)) ||
        !(s->reason_n = calloc(s->n_reasons + 1, sizeof *s->reason_n)))
        return false;
    for (size_t k = 0; k < nk; k++)
        s->state[k] = (unsigned char)mct_screening_fate(s->view, k,
                                                        &s->reason[k]);
    for (size_t i = 0; i < s->n_reasons; i++)
        mct_screening_reason(s->view, i, &s->reasons[i], &s->reason_n[i]);
    return true;
}

bool screen_read(char **inputs, size_t n_inputs, const screen_opts *o,
                 const cli_common *c, screened *s, mct_screen_opts *so)
{
    memset(s, 0, sizeof *s);
    *so = mct_screen_opts_default();
    if (o->decisions_file && !o->dedup) {
        cli_err("--decisions needs de-duplication: drop --no-dedup");
        return false;
    }
    so->query = o->query;
    so->year_from = o->year_from;
    so->year_to = o->year_to;
    so->dedup = o->dedup;
    if (!read_inputs(s, inputs, n_inputs, o, c) || !read_aux(s, o, so)) {
        screen_free(s);
        return false;
    }
    return true;
}

void screen_report(const screen_opts *o, mct_status rc, const mct_diag *d)
{
    if (rc == MCT_EPARSE || rc == MCT_EUTF8)
        cli_err("--query: %s", d->msg[0] ? d->msg : mct_strerror(rc));
    else if (rc == MCT_ENOTFOUND)
        cli_diag(o->exclude_file, d, rc);
    else
        cli_err("screening: %s", mct_strerror(rc));
}

bool screen_layout(screened *s, const mct_screening *sc, const cli_common *c)
{
    s->view = sc;
    if (!lay_out(s)) {
        cli_err("out of memory");
        return false;
    }
    if (s->prior)
        cli_note(c, "earlier review: %zu records kept, %zu included", s->prior,
                 s->prior_included);
    cli_note(c, "%sidentified %zu, duplicates %zu, ineligible by query/years "
                "%zu, screened %zu, excluded %zu, included %zu",
             s->prior ? "new records: " : "", s->identified, s->duplicates,
             s->automation, s->screened, s->excluded, s->included);
    if (s->pairs_undecided)
        cli_note(c, "%zu possible duplicates for the reviewer to decide "
                    "(possible-duplicates.tsv, --decisions)",
                 s->pairs_undecided);
    return true;
}

bool screen_run(char **inputs, size_t n_inputs, const screen_opts *o,
                const cli_common *c, screened *s)
{
    mct_screen_opts so;
    mct_diag d;
    mct_status rc;
    if (!screen_read(inputs, n_inputs, o, c, s, &so))
        return false;
    if ((rc = mct_screening_new(&so, &s->sc)) ||
        (rc = mct_screening_fit(s->sc, s->all, &d))) {
        screen_report(o, rc, &d);
        goto fail;
    }
    if (!screen_layout(s, s->sc, c))
        goto fail;
    return true;
fail:
    screen_free(s);
    return false;
}

void screen_free(screened *s)
{
    free(s->reasons);
    free(s->reason_n);
    free(s->state);
    free(s->reason);
    free(s->files);
    free(s->file_n);
    free(s->file_bytes);
    free(s->file_sha256);
    mct_screening_free(s->sc);
    mct_exclusions_free(s->exclusions);
    mct_free(s->decisions);
    mct_records_free(s->all);
    memset(s, 0, sizeof *s);
}

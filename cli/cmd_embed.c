/*
 * cmd_embed.c - mctsne embed: a t-SNE map of titles, records or numbers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "outdir.h"
#include "svg.h"

static const char usage[] =
    "usage: mctsne embed INPUT [options]\n"
    "       mctsne INPUT [options]\n"
    "\n"
    "Draws a t-SNE map. INPUT is a text file with one title per line,\n"
    "records (JSON Lines or any export mctsne prisma reads; --field picks\n"
    "the text), or with --dense a TSV of numbers (one row per point, no\n"
    "header). Text is turned into TF-IDF (Unicode words, Snowball stemming)\n"
    "and reduced by truncated SVD first. Writes a TSV with a header and one\n"
    "row per input row, in input order: the coordinates, then the title (or\n"
    "\"row N\", N counting the non-blank rows).\n"
    "\n"
    "  -o, --output FILE      the TSV (default: standard output)\n"
    "      --svg FILE         also draw the map as SVG\n"
    "      --labels FILE      one label per input row, to colour the SVG\n"
    "      --dense            INPUT is a TSV of numbers\n"
    "      --field F          title|abstract|keywords|all|text (default title)\n"
    "      --format F         input format (default: detected)\n"
    "      --perplexity P     default 30 (lowered when too large for N)\n"
    "      --theta T          Barnes-Hut accuracy, 0 = exact (default 0.5)\n"
    "      --method M         exact|bh|fft|auto (default auto: Barnes-Hut\n"
    "                         below 20,000 points, FFT from there in 1-2 D)\n"
    "      --exact            the same as --method exact\n"
    "      --iters N          iterations (default 1000)\n"
    "      --early-exag X     early exaggeration (default 12)\n"
    "      --exag-iters N     its length in iterations (default 250)\n"
    "      --learning-rate R  default auto: max(N / early-exag, 50)\n"
    "      --init I           pca|random (default pca)\n"
    "      --seed S           random seed (default 42)\n"
    "      --threads N        threads (default all; the map is the same)\n"
    "      --dims D           1, 2 or 3 (default 2)\n"
    "      --pca-dims K       reduce to K dimensions first, 0 = no (50)\n"
    "      --metric M         euclidean|cosine (default euclidean)\n"
    "      --knn K            neighbour search: exact|approx|auto (default\n"
    "                         auto: exact below 10,000 points)\n"
    "      --add-to MAP.tsv   place INPUT on an existing map (made by\n"
    "                         mctsne embed from text) without moving it; the\n"
    "                         output is the map's rows, then the new ones\n"
    "  -q, --quiet            no messages\n"
    "  -v, --verbose          KL divergence every 50 iterations\n"
    "  -h, --help             this help\n";

typedef struct embed_args {
    mct_tsne_opts o;
    cli_common c;
    const char *input, *out, *svg, *labels, *add_to;
    bool dense;
    mct_format fmt;
    mct_field field;
} embed_args;

/* ---- reading numbers -------------------------------------------------- */

/* A TSV of numbers (mct_dense.h); one-line errors naming the line. */
static bool read_dense(const char *path, double **X, size_t *n, size_t *d)
{
    mct_diag dg;
    mct_status rc = mct_dense_read(path, X, n, d, &dg);
    if (rc)
        cli_diag(path, &dg, rc);
    return rc == MCT_OK;
}

/* ---- labels and output ---------------------------------------------- */

typedef struct groups {
    size_t *of;    /* per point */
    char **names;  /* per group, first-seen order */
    size_t n;
} groups;

static void groups_free(groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->names[i]);
    free(g->names);
    free(g->of);
}

static bool read_groups(const char *path, size_t n, groups *g)
{
    mct_docs *l = NULL;
    mct_docs_opts lo = mct_docs_opts_default();
    mct_diag dg;
    mct_status rc;
    bool ok = false;
    memset(g, 0, sizeof *g);
    lo.keep_blank = true;
    if (mct_docs_new(&l))
        return false;
    if ((rc = mct_docs_read_lines(l, path, &lo, &dg))) {
        cli_diag(path, &dg, rc);
        goto done;
    }
    /* A final newline leaves no extra label; tolerate one blank end. */
    if (mct_docs_count(l) < n) {
        cli_err("%s: %zu labels for %zu points", path, mct_docs_count(l), n);
        goto done;
    }
    if (!(g->of = calloc(n + 1, sizeof *g->of)) ||
        !(g->names = calloc(n + 1, sizeof *g->names))) {
        cli_err("out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = mct_docs_text(l, i, NULL);
        size_t k = 0;
        while (k < g->n && strcmp(g->names[k], s))
            k++;
        if (k == g->n && !(g->names[g->n++] = strdup(s))) {
            cli_err("out of memory");
            goto done;
        }
        g->of[i] = k;
    }
    ok = true;
done:
    mct_docs_free(l);
    return ok;
}

/* Tabs and newlines would break the TSV: they become spaces. */
static void put_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static bool write_tsv(const char *path, const double *Y, size_t n, int dims,
                      const char *const *label, const size_t *line)
{
    static const char *const axis[] = {"x", "y", "z"};
    FILE *f = path ? NULL : stdout;
    char *tmp = NULL;
    if (path) {
        size_t l = strlen(path) + 16;
        if (!(tmp = malloc(l)))
            return false;
        snprintf(tmp, l, "%s.tmp", path);
        if (!(f = fopen(tmp, "w"))) {
            cli_err("cannot write %s: %s", path, strerror(errno));
            free(tmp);
            return false;
        }
    }
    for (int k = 0; k < dims; k++)
        fprintf(f, "%s\t", axis[k]);
    fputs("label\n", f);
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < dims; k++)
            fprintf(f, "%.9g\t", Y[i * (size_t)dims + (size_t)k]);
        if (label)
            put_field(f, label[i]);
        else
            fprintf(f, "row %zu", line[i]);
        fputc('\n', f);
    }
    if (path) {
        bool bad = ferror(f) != 0;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, path) != 0) {
            cli_err("cannot write %s: %s", path, strerror(errno));
            remove(tmp);
            free(tmp);
            return false;
        }
        free(tmp);
    } else {
        fflush(stdout);
    }
    return true;
}

static bool write_svg(const char *path, const double *Y, size_t n, int dims,
                      const char *const *tips, const groups *g,
                      const char *title)
{
    FILE *f;
    svg_scatter s;
    size_t l = strlen(path) + 16;
    char *tmp = malloc(l);
    if (!tmp)
        return false;
    snprintf(tmp, l, "%s.tmp", path);
    if (!(f = fopen(tmp, "w"))) {
        cli_err("cannot write %s: %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    memset(&s, 0, sizeof s);
    s.xy = Y;
    s.n = n;
    s.dims = dims;
    s.tip = tips;
    s.title = title;
    if (g && g->of) {
        s.group = g->of;
        s.group_names = (const char *const *)g->names;
        s.n_groups = g->n;
    }
    svg_scatter_write(f, &s, true);
    if (ferror(f) | fclose(f) || rename(tmp, path)) {
        cli_err("cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        free(tmp);
        return false;
    }
    free(tmp);
    return true;
}

/* ---- an existing map ---------------------------------------------------- */

typedef struct map {
    double *Y;
    char **label;
    size_t n;
    int dims;
} map;

static void map_free(map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->label[i]);
    free(m->label);
    free(m->Y);
}

/* Reads a TSV written by mctsne embed: a header, then dims numbers and a
 * label per row. */
static bool read_map(const char *path, int dims, map *m)
{
    mct_docs *l = NULL;
    mct_diag dg;
    mct_status rc;
    bool ok = false;
    int label_col = dims; /* by default, right after the coordinates */
    memset(m, 0, sizeof *m);
    m->dims = dims;
    if (mct_docs_new(&l))
        return false;
    if ((rc = mct_docs_read_lines(l, path, NULL, &dg))) {
        cli_diag(path, &dg, rc);
        goto done;
    }
    if (!(m->Y = calloc(mct_docs_count(l) * (size_t)dims + 1, sizeof *m->Y)) ||
        !(m->label = calloc(mct_docs_count(l) + 1, sizeof *m->label))) {
        cli_err("out of memory");
        goto done;
    }
    for (size_t i = 0; i < mct_docs_count(l); i++) {
        const char *p = mct_docs_text(l, i, NULL);
        char *end;
        if (i == 0 && !strncmp(p, "x\t", 2)) {
            /* The header: the label is the column named title or label
             * (mctsne review's map.tsv has theme, year and id between). */
            int col = 0;
            for (const char *q = p; q; q = strchr(q, '\t'), col++) {
                q += *q == '\t';
                if (!strncmp(q, "title", 5) || !strncmp(q, "label", 5))
                    label_col = col;
            }
            continue;
        }
        for (int k = 0; k < dims; k++) {
            double v = strtod(p, &end);
            if (end == p || *end != '\t' || !isfinite(v)) {
                cli_err("%s:%zu: expected %d coordinates and a label", path,
                        mct_docs_line(l, i), dims);
                goto done;
            }
            m->Y[m->n * (size_t)dims + (size_t)k] = v;
            p = end + 1;
        }
        for (int c = dims; c < label_col && strchr(p, '\t'); c++)
            p = strchr(p, '\t') + 1;
        if (!(m->label[m->n] = strndup(p, strcspn(p, "\t")))) {
            cli_err("out of memory");
            goto done;
        }
        m->n++;
    }
    if (m->n < 2) {
        cli_err("%s: a map needs at least two points", path);
        goto done;
    }
    ok = true;
done:
    mct_docs_free(l);
    return ok;
}

/* ---- the command ------------------------------------------------------- */

/* The choices of --init, --metric, --knn and --method, each in its
 * enum's order. */
enum { CH_INIT, CH_METRIC, CH_KNN, CH_METHOD };
static int choice_option(int code, const char *arg, void *args)
{
    static const char *const inits[] = {"pca", "random", NULL};
    static const char *const metrics[] = {"euclidean", "cosine", NULL};
    static const char *const knns[] = {"auto", "exact", "approx", NULL};
    static const char *const methods[] = {"auto", "exact", "bh", "fft", NULL};
    static const char *const *const names[] = {inits, metrics, knns, methods};
    static const char *const opts[] = {"--init", "--metric", "--knn",
                                       "--method"};
    mct_tsne_opts *o = &((embed_args *)args)->o;
    int v;
    if (!cli_choice(opts[code], arg, names[code], &v))
        return -1;
    if (code == CH_INIT)
        o->init = (mct_init)v;
    else if (code == CH_METRIC)
        o->metric = (mct_metric)v;
    else if (code == CH_KNN)
        o->knn = (mct_knn_method)v;
    else
        o->method = v == 0 ? MCT_TSNE_AUTO : v == 1 ? MCT_TSNE_EXACT
                    : v == 2 ? MCT_TSNE_BH : MCT_TSNE_FFT;
    return 1;
}

/* --exact, --exag-iters (the momentum switches with it), --learning-rate
 * (a number or "auto"), --field and --format. */
enum { OT_EXACT, OT_EITERS, OT_LR, OT_FIELD, OT_FORMAT };
static int other_option(int code, const char *arg, void *args)
{
    embed_args *a = args;
    long l;
    switch (code) {
    case OT_EXACT: a->o.method = MCT_TSNE_EXACT; return 1;
    case OT_EITERS:
        if (!cli_long("--exag-iters", arg, 0, 1000000, &l))
            return -1;
        a->o.exaggeration_iters = a->o.momentum_switch_iter = (int)l;
        return 1;
    case OT_LR:
        if (!strcmp(arg, "auto")) {
            a->o.learning_rate = 0;
            return 1;
        }
        return cli_double("--learning-rate", arg, 1e-6, 1e9,
                          &a->o.learning_rate) ? 1 : -1;
    case OT_FIELD:
        if (!mct_field_parse(arg, &a->field))
            return 1;
        cli_err("--field: expected title, abstract, keywords, all or text, "
                "got '%s'", arg);
        return -1;
    default:
        if (!mct_format_parse(arg, &a->fmt))
            return 1;
        cli_err("--format: unknown format '%s'", arg);
        return -1;
    }
}

/* The combinations that make no sense, and the outputs, checked before
 * any work. */
static int check_args(embed_args *a)
{
    if (a->o.method == MCT_TSNE_FFT && a->o.dims > 2) {
        cli_err("embed: --method fft maps to 1 or 2 dimensions, not %d "
                "(use --method bh)", a->o.dims);
        return CLI_USAGE;
    }
    if (a->dense && a->add_to) {
        cli_err("embed: --add-to works on text maps, not with --dense");
        return CLI_USAGE;
    }
    a->o.n_threads = a->c.threads;
    return outfile_check(a->out) && outfile_check(a->svg) ? CLI_OK
                                                          : CLI_FAIL;
}

static int parse(int argc, char **argv, embed_args *a)
{
    mct_tsne_opts *o = &a->o;
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&a->out),
        {.name = "svg", .kind = CLI_STRING, .dst = &a->svg},
        {.name = "labels", .kind = CLI_STRING, .dst = &a->labels},
        {.name = "dense", .kind = CLI_FLAG, .dst = &a->dense},
        {.name = "field", .kind = CLI_CALL, .dst = a, .call = other_option,
         .code = OT_FIELD},
        {.name = "format", .kind = CLI_CALL, .dst = a, .call = other_option,
         .code = OT_FORMAT},
        {.name = "perplexity", .kind = CLI_DOUBLE, .dst = &o->perplexity,
         .lo = 1, .hi = 1e6},
        {.name = "theta", .kind = CLI_DOUBLE, .dst = &o->theta, .hi = 10},
        {.name = "exact", .kind = CLI_CALL, .dst = a, .call = other_option,
         .code = OT_EXACT, .no_arg = true},
        {.name = "method", .kind = CLI_CALL, .dst = a, .call = choice_option,
         .code = CH_METHOD},
        {.name = "iters", .kind = CLI_INT, .dst = &o->n_iter, .hi = 1e6},
        {.name = "early-exag", .kind = CLI_DOUBLE,
         .dst = &o->early_exaggeration, .lo = 1, .hi = 1000},
        {.name = "exag-iters", .kind = CLI_CALL, .dst = a,
         .call = other_option, .code = OT_EITERS},
        {.name = "learning-rate", .kind = CLI_CALL, .dst = a,
         .call = other_option, .code = OT_LR},
        {.name = "init", .kind = CLI_CALL, .dst = a, .call = choice_option,
         .code = CH_INIT},
        CLI_OPT_SEED(&o->seed),
        CLI_OPT_THREADS(&a->c),
        {.name = "dims", .kind = CLI_INT, .dst = &o->dims, .lo = 1, .hi = 3},
        {.name = "pca-dims", .kind = CLI_SIZE, .dst = &o->pca_dims,
         .hi = 100000},
        {.name = "metric", .kind = CLI_CALL, .dst = a, .call = choice_option,
         .code = CH_METRIC},
        {.name = "knn", .kind = CLI_CALL, .dst = a, .call = choice_option,
         .code = CH_KNN},
        {.name = "add-to", .kind = CLI_STRING, .dst = &a->add_to},
        CLI_OPT_QUIET(&a->c),
        CLI_OPT_VERBOSE(&a->c),
        CLI_OPT_END};
    int first, st;
    memset(a, 0, sizeof *a);
    a->o = mct_tsne_opts_default();
    a->fmt = MCT_FORMAT_AUTO;
    a->field = MCT_FIELD_TITLE;
    if ((st = cli_parse(opts, usage, argc, argv, &first)))
        return st;
    if (first != argc - 1) {
        cli_err("embed: expected one INPUT file (see mctsne embed --help)");
        return CLI_USAGE;
    }
    a->input = argv[first];
    return check_args(a);
}

static const char *method_name(const mct_tsne *t)
{
    return tsne_method_text(mct_tsne_method_used(t));
}

/* The library says which text failed; the user wants the line. */
static void text_error(const char *input, mct_diag *d, mct_status rc,
                       const mct_docs *docs)
{
    if (d->line && d->line <= mct_docs_count(docs))
        d->line = mct_docs_line(docs, d->line - 1);
    cli_diag(input, d, rc);
}

static mct_status tfidf(const embed_args *a, const mct_docs *docs,
                        mct_vectorizer **v, mct_csr **X, mct_diag *d)
{
    mct_vectorizer_opts to = mct_vectorizer_opts_default();
    mct_status rc;
    to.n_threads = a->o.n_threads;
    if ((rc = mct_vectorizer_new(&to, v)))
        return rc;
    return mct_vectorizer_fit_transform(*v, mct_docs_texts(docs),
                                        mct_docs_lengths(docs),
                                        mct_docs_count(docs), X, d);
}

/* What a map of text is made from and gives: the documents (and an
 * earlier map's), the TF-IDF, and the rows written with their labels. */
typedef struct text_run {
    mct_records *recs;
    mct_docs *docs, *refdocs;
    mct_vectorizer *v;
    mct_csr *X, *Xn;
    map m;
    double *Y;
    const char **lab;
    size_t n, total;
} text_run;

static void text_run_free(text_run *r)
{
    free(r->Y);
    free(r->lab);
    map_free(&r->m);
    mct_csr_free(r->X);
    mct_csr_free(r->Xn);
    mct_vectorizer_free(r->v);
    mct_docs_free(r->docs);
    mct_docs_free(r->refdocs);
    mct_records_free(r->recs);
}

/* Room for total rows of coordinates and their labels. */
static bool text_rows(text_run *r, size_t total, int dims)
{
    r->total = total;
    if ((r->Y = malloc(total * (size_t)dims * sizeof *r->Y)) &&
        (r->lab = calloc(total + 1, sizeof *r->lab)))
        return true;
    cli_err("out of memory");
    return false;
}

/* The earlier map's titles as documents, numbered by their map line. */
static bool map_docs(const embed_args *a, text_run *r)
{
    mct_status rc;
    if (!read_map(a->add_to, a->o.dims, &r->m) || mct_docs_new(&r->refdocs))
        return false;
    for (size_t i = 0; i < r->m.n; i++)
        if ((rc = mct_docs_add(r->refdocs, r->m.label[i],
                               strlen(r->m.label[i]), i + 2))) {
            cli_err("%s:%zu: %s", a->add_to, i + 2, mct_strerror(rc));
            return false;
        }
    return true;
}

/* --add-to: the map's rows as they are, then the new points placed on
 * it without moving it. */
static bool place_on_map(embed_args *a, mct_tsne *t, text_run *r, double t0)
{
    size_t dims = (size_t)a->o.dims;
    mct_diag d;
    mct_status rc;
    if (!map_docs(a, r))
        return false;
    if ((rc = tfidf(a, r->refdocs, &r->v, &r->X, &d))) {
        text_error(a->add_to, &d, rc, r->refdocs);
        return false;
    }
    if ((rc = mct_vectorizer_transform(r->v, mct_docs_texts(r->docs),
                                       mct_docs_lengths(r->docs), r->n,
                                       &r->Xn, &d))) {
        text_error(a->input, &d, rc, r->docs);
        return false;
    }
    if (!text_rows(r, r->m.n + r->n, a->o.dims))
        return false;
    memcpy(r->Y, r->m.Y, r->m.n * dims * sizeof *r->Y);
    if ((rc = mct_tsne_set_map_csr(t, r->X, r->m.Y)) ||
        (rc = mct_tsne_transform_csr(t, r->Xn, r->Y + r->m.n * dims))) {
        cli_err("placing %s on %s: %s", a->input, a->add_to,
                mct_strerror(rc));
        return false;
    }
    for (size_t i = 0; i < r->m.n; i++)
        r->lab[i] = r->m.label[i];
    for (size_t i = 0; i < r->n; i++)
        r->lab[r->m.n + i] = mct_docs_text(r->docs, i, NULL);
    cli_note(&a->c, "placed %zu new points on a map of %zu (%.1f s)", r->n,
             r->m.n, cli_now() - t0);
    return true;
}

/* A new map of the documents. */
static bool fit_text_map(embed_args *a, mct_tsne *t, cli_progress *pr,
                         text_run *r, double t0)
{
    mct_diag d;
    mct_status rc;
    bool exact;
    double kl;
    if ((rc = tfidf(a, r->docs, &r->v, &r->X, &d))) {
        text_error(a->input, &d, rc, r->docs);
        return false;
    }
    cli_note(&a->c, "%zu documents, %zu terms", r->n,
             mct_vectorizer_n_terms(r->v));
    rc = mct_tsne_fit_csr(t, r->X, &d);
    cli_progress_end(pr);
    if (rc) {
        cli_diag(a->input, &d, rc);
        return false;
    }
    if (!text_rows(r, r->n, a->o.dims))
        return false;
    memcpy(r->Y, mct_tsne_embedding(t, NULL, NULL),
           r->n * (size_t)a->o.dims * sizeof *r->Y);
    for (size_t i = 0; i < r->n; i++)
        r->lab[i] = mct_docs_text(r->docs, i, NULL);
    kl = mct_tsne_kl(t, &exact);
    cli_note(&a->c, "t-SNE of %zu points (%s): KL %.4f (%s), perplexity %g, "
                    "%.1f s",
             r->n, method_name(t), kl, exact ? "exact" : "estimate",
             mct_tsne_perplexity_used(t), cli_now() - t0);
    return true;
}

static int embed_text(embed_args *a, mct_tsne *t, cli_progress *pr)
{
    text_run r;
    groups g;
    mct_status rc;
    double t0 = cli_now();
    int status = CLI_FAIL;
    memset(&r, 0, sizeof r);
    memset(&g, 0, sizeof g);
    if (mct_records_new(&r.recs) || mct_docs_new(&r.docs)) {
        cli_err("out of memory");
        goto done;
    }
    if (!cli_load_records(a->input, a->fmt, r.recs, &a->c))
        goto done;
    if ((rc = mct_records_to_docs(r.recs, a->field, r.docs))) {
        cli_err("%s: %s", a->input, mct_strerror(rc));
        goto done;
    }
    r.n = mct_docs_count(r.docs);
    if (!(a->add_to ? place_on_map(a, t, &r, t0)
                    : fit_text_map(a, t, pr, &r, t0)))
        goto done;
    if (a->labels && !read_groups(a->labels, r.total, &g))
        goto done;
    if (!write_tsv(a->out, r.Y, r.total, a->o.dims, r.lab, NULL) ||
        (a->svg && !write_svg(a->svg, r.Y, r.total, a->o.dims, r.lab, &g,
                              "t-SNE map")))
        goto done;
    status = CLI_OK;
done:
    groups_free(&g);
    text_run_free(&r);
    return status;
}

static int embed_dense(embed_args *a, mct_tsne *t, cli_progress *pr)
{
    double *X = NULL, t0 = cli_now(), kl;
    size_t n, d, *line = NULL;
    groups g;
    mct_diag dg;
    mct_status rc;
    bool exact;
    int status = CLI_FAIL;
    memset(&g, 0, sizeof g);
    if (!read_dense(a->input, &X, &n, &d))
        goto done;
    cli_note(&a->c, "%s: %zu rows of %zu numbers", a->input, n, d);
    rc = mct_tsne_fit_dense(t, X, n, d, &dg);
    cli_progress_end(pr);
    if (rc) {
        cli_diag(a->input, &dg, rc);
        goto done;
    }
    kl = mct_tsne_kl(t, &exact);
    cli_note(&a->c, "t-SNE of %zu points (%s): KL %.4f (%s), perplexity "
                    "%g, %.1f s",
             n, method_name(t), kl, exact ? "exact" : "estimate",
             mct_tsne_perplexity_used(t), cli_now() - t0);
    if (!(line = malloc((n + 1) * sizeof *line))) {
        cli_err("out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        line[i] = i + 1;
    if (a->labels && !read_groups(a->labels, n, &g))
        goto done;
    if (!write_tsv(a->out, mct_tsne_embedding(t, NULL, NULL), n, a->o.dims,
                   NULL, line))
        goto done;
    if (a->svg && !write_svg(a->svg, mct_tsne_embedding(t, NULL, NULL), n,
                             a->o.dims, NULL, &g, "t-SNE map"))
        goto done;
    status = CLI_OK;
done:
    mct_free(X);
    free(line);
    groups_free(&g);
    return status;
}

int cmd_embed(int argc, char **argv)
{
    embed_args a;
    cli_progress pr;
    mct_tsne *t = NULL;
    int status = parse(argc, argv, &a);
    if (status == -1)
        return CLI_OK;
    if (status)
        return status;
    cli_progress_init(&pr, &a.c);
    /* Quiet: no callback, so the library skips the KL it would compute
     * for the report every 50 iterations (a tenth of an exact run). */
    a.o.progress = a.c.quiet ? NULL : cli_progress_cb;
    a.o.progress_user = &pr;
    /* The KL is shown with -v only; without, it is not computed. */
    a.o.progress_kl = a.c.verbose;
    if (mct_tsne_new(&a.o, &t)) {
        cli_err("embed: invalid options");
        return CLI_USAGE;
    }
    status = a.dense ? embed_dense(&a, t, &pr) : embed_text(&a, t, &pr);
    mct_tsne_free(t);
    return status;
}

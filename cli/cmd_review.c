/*
 * cmd_review.c - mctsne review: the paper's whole analysis in one run.
 * Import, de-duplication and screening (PRISMA 2020), publications per
 * year, a t-SNE map of the titles, the keyword network, the concept map
 * of the abstracts, themes and their triangulation; every table and
 * figure, results.json, manifest.json and a self-contained index.html,
 * written into OUTDIR all at once.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundled.h"
#include "review.h"
#include "digest.h"
#include "svg.h"

static const char usage[] =
    "usage: mctsne review [INPUT...] -o OUTDIR [options]\n"
    "\n"
    "The whole review in one run: import the exports (Scopus CSV, Web of\n"
    "Science text or tab-delimited, RIS, PubMed, BibTeX, CSL-JSON, OpenAlex\n"
    "JSON or CSV, Lens.org CSV, JSON Lines), remove duplicates (listing\n"
    "the doubtful ones in possible-duplicates.tsv),\n"
    "screen (query, years, exclusions), count publications per year, map\n"
    "the titles with t-SNE, build the author-keyword network and the\n"
    "concept map of the abstracts (titles and keywords where a record has\n"
    "no abstract), find themes and triangulate them. Writes every table\n"
    "and figure, results.json, manifest.json (inputs with SHA-256, every\n"
    "parameter, versions) and OUTDIR/index.html, a self-contained page.\n"
    "Without INPUT it reviews the bundled micro-credentials corpus with\n"
    "the paper's five themes. Same inputs and seed, same bytes, whatever\n"
    "--threads.\n"
    "\n"
    "  -o, --output DIR      where to write (replaced as a whole, only when\n"
    "                        everything succeeded)\n"
    SCREEN_HELP
    THEMES_HELP
    "      --seed S          one seed for every random choice (default 42)\n"
    "      --threads N       default all processors; results do not depend\n"
    "                        on it\n"
    "      --perplexity P    of the title map (default 30)\n"
    "      --iters N         of the title map (default 1000)\n"
    "      --min-count N     records a keyword needs (default 2)\n"
    "      --thesaurus FILE  VOSviewer thesaurus for the keywords\n"
    "      --concepts N      concepts on the concept map (default 40)\n"
    "      --window N        sentences per concept block (default 2)\n"
    "      --json            print results.json on stdout\n"
    "  -q, --quiet           no progress\n"
    "  -v, --verbose         more progress\n"
    "  -h, --help\n";

enum {
    O_SEED = 256, O_THREADS, O_PERP, O_ITERS, O_MIN, O_THES, O_CONCEPTS,
    O_WINDOW, O_JSON
};

typedef struct args {
    cli_common c;
    screen_opts so;
    themes_args ta;
    const char *out, *thesaurus;
    uint64_t seed;
    double perplexity;
    int iters;
    size_t min_count, n_concepts, window;
    char **inputs;
    size_t n_inputs;
    char *themes_text;        /* the --themes file as read */
    size_t themes_len;
} args;

static int parse(int argc, char **argv, args *a)
{
    static const struct option lo[] = {
        {"output", required_argument, NULL, 'o'},
        SCREEN_LONGOPTS,
        THEMES_LONGOPTS,
        {"seed", required_argument, NULL, O_SEED},
        {"threads", required_argument, NULL, O_THREADS},
        {"perplexity", required_argument, NULL, O_PERP},
        {"iters", required_argument, NULL, O_ITERS},
        {"min-count", required_argument, NULL, O_MIN},
        {"thesaurus", required_argument, NULL, O_THES},
        {"concepts", required_argument, NULL, O_CONCEPTS},
        {"window", required_argument, NULL, O_WINDOW},
        {"json", no_argument, NULL, O_JSON},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;
    long l;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:qvh", lo, NULL)) != -1) {
        int taken = screen_option(ch, optarg, &a->so);
        if (!taken)
            taken = themes_option(ch, optarg, &a->ta);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (ch) {
        case 'o': a->out = optarg; break;
        case 'q': a->c.quiet = true; break;
        case 'v': a->c.verbose = true; break;
        case 'h': fputs(usage, stdout); return -1;
        case O_SEED:
            if (!cli_long("--seed", optarg, 0, 2147483647L, &l))
                return CLI_USAGE;
            a->seed = (uint64_t)l;
            break;
        case O_THREADS:
            if (!cli_long("--threads", optarg, 0, 4096, &l))
                return CLI_USAGE;
            a->c.threads = (int)l;
            break;
        case O_PERP:
            if (!cli_double("--perplexity", optarg, 1, 1e6, &a->perplexity))
                return CLI_USAGE;
            break;
        case O_ITERS:
            if (!cli_long("--iters", optarg, 1, 100000, &l))
                return CLI_USAGE;
            a->iters = (int)l;
            break;
        case O_MIN:
            if (!cli_long("--min-count", optarg, 1, 1000000, &l))
                return CLI_USAGE;
            a->min_count = (size_t)l;
            break;
        case O_THES: a->thesaurus = optarg; break;
        case O_CONCEPTS:
            if (!cli_long("--concepts", optarg, 1, 10000, &l))
                return CLI_USAGE;
            a->n_concepts = (size_t)l;
            break;
        case O_WINDOW:
            if (!cli_long("--window", optarg, 1, 100, &l))
                return CLI_USAGE;
            a->window = (size_t)l;
            break;
        case O_JSON: a->c.json = true; break;
        default: fputs(usage, stderr); return CLI_USAGE;
        }
    }
    if (!a->out) {
        cli_err("review: -o OUTDIR is required (see mctsne review --help)");
        return CLI_USAGE;
    }
    a->inputs = argv + optind;
    a->n_inputs = (size_t)(argc - optind);
    return CLI_OK;
}

/* ---- the title map --------------------------------------------------------- */

static bool title_map(const args *a, review *r, cli_progress *pr)
{
    mct_docs *docs = NULL;
    mct_vectorizer *v = NULL;
    mct_csr *X = NULL;
    mct_tsne *t = NULL;
    mct_vectorizer_opts to = mct_vectorizer_opts_default();
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_diag d;
    mct_status rc;
    size_t n = mct_records_count(r->inc);
    bool ok = false;
    mct_diag_clear(&d);
    if (n < 2) {
        cli_err("review: %zu included record%s; a map needs at least 2", n,
                n == 1 ? "" : "s");
        return false;
    }
    to.n_threads = a->c.threads;
    o.seed = a->seed;
    o.n_threads = a->c.threads;
    o.perplexity = a->perplexity;
    o.n_iter = a->iters;
    o.progress = cli_progress_cb;
    o.progress_user = pr;
    if (mct_docs_new(&docs) ||
        mct_records_to_docs(r->inc, MCT_FIELD_TITLE, docs)) {
        cli_err("out of memory");
        goto done;
    }
    if ((rc = mct_vectorizer_new(&to, &v)) ||
        (rc = mct_vectorizer_fit_transform(v, mct_docs_texts(docs),
                                           mct_docs_lengths(docs), n, &X,
                                           &d))) {
        cli_err("review: titles: %s", d.msg[0] ? d.msg : mct_strerror(rc));
        goto done;
    }
    r->map_terms = mct_vectorizer_n_terms(v);
    if ((rc = mct_tsne_new(&o, &t))) {
        cli_err("review: t-SNE: %s", mct_strerror(rc));
        goto done;
    }
    rc = mct_tsne_fit_csr(t, X, &d);
    cli_progress_end(pr);
    if (rc) {
        cli_err("review: t-SNE of the titles: %s",
                d.msg[0] ? d.msg : mct_strerror(rc));
        goto done;
    }
    if (!(r->map = malloc(2 * n * sizeof *r->map))) {
        cli_err("out of memory");
        goto done;
    }
    memcpy(r->map, mct_tsne_embedding(t, NULL, NULL), 2 * n * sizeof *r->map);
    r->map_kl = mct_tsne_kl(t, &r->map_kl_exact);
    r->map_perplexity = mct_tsne_perplexity_used(t);
    ok = true;
done:
    mct_tsne_free(t);
    mct_csr_free(X);
    mct_vectorizer_free(v);
    mct_docs_free(docs);
    return ok;
}

/* map.tsv: coordinates, theme (empty: none), year (empty: unknown). */
static bool write_map_tsv(outdir *od, const review *r)
{
    size_t n = mct_records_count(r->inc);
    char yb[16];
    FILE *f = outdir_open(od, "map.tsv");
    if (!f)
        return false;
    fputs("x\ty\ttheme\tyear\tid\ttitle\n", f);
    for (size_t i = 0; i < n; i++) {
        const mct_record *x = mct_records_get(r->inc, i);
        int th = theme_of(&r->th, i);
        fprintf(f, "%.6f\t%.6f\t", r->map[2 * i], r->map[2 * i + 1]);
        if (th >= 0)
            fprintf(f, "%d", th + 1);
        fprintf(f, "\t%s\t", year_text(x->year, yb));
        tsv_field(f, x->id ? x->id : "");
        fputc('\t', f);
        tsv_field(f, x->title ? x->title : "");
        fputc('\n', f);
    }
    return outdir_close(od, f, "map.tsv");
}

/* The regions of the title map (its clusters) and the terms that set
 * each apart: their names on map.svg, and map-regions.tsv. */
typedef struct regions {
    size_t n;
    double *xy;     /* per region: centre of its points */
    char **label;   /* per region: its three most distinctive terms */
    size_t *count;  /* per region: its records */
} regions;

static void regions_free(regions *g)
{
    for (size_t c = 0; g->label && c < g->n; c++)
        free(g->label[c]);
    free(g->label);
    free(g->xy);
    free(g->count);
    memset(g, 0, sizeof *g);
}

static bool region_names(const review *r, regions *g, FILE *tsv)
{
    size_t n = mct_records_count(r->inc), k = r->th.k;
    const int *cl = r->th.map_cluster;
    memset(g, 0, sizeof *g);
    if (!(g->xy = calloc(2 * k + 1, sizeof *g->xy)) ||
        !(g->label = calloc(k + 1, sizeof *g->label)) ||
        !(g->count = calloc(k + 1, sizeof *g->count)))
        return false;
    g->n = k;
    fputs("region\trecords\tx\ty\tterms\n", tsv);
    for (size_t c = 0; c < k; c++) {
        const char *tm[3];
        double sc[3];
        size_t cnt = 0, m;
        for (size_t i = 0; i < n; i++)
            if (cl[i] == (int)c) {
                g->xy[2 * c] += r->map[2 * i];
                g->xy[2 * c + 1] += r->map[2 * i + 1];
                cnt++;
            }
        g->count[c] = cnt;
        g->xy[2 * c] /= cnt ? (double)cnt : 1;
        g->xy[2 * c + 1] /= cnt ? (double)cnt : 1;
        m = mct_themes_group_terms(r->th.th, cl, n, (int)c, 3, tm, sc);
        if (asprintf(&g->label[c], "%s%s%s%s%s", m > 0 ? tm[0] : "",
                     m > 1 ? ", " : "", m > 1 ? tm[1] : "", m > 2 ? ", " : "",
                     m > 2 ? tm[2] : "") < 0) {
            g->label[c] = NULL;
            return false;
        }
        fprintf(tsv, "%zu\t%zu\t%.6f\t%.6f\t", c + 1, cnt, g->xy[2 * c],
                g->xy[2 * c + 1]);
        for (size_t q = 0; q < m; q++) {
            fputs(q ? "; " : "", tsv);
            tsv_field(tsv, tm[q]);
            fprintf(tsv, " (%.3f)", sc[q]);
        }
        fputc('\n', tsv);
    }
    return true;
}

static bool write_map(outdir *od, review *r)
{
    size_t n = mct_records_count(r->inc), k = r->th.k;
    size_t *group = calloc(n + 1, sizeof *group);
    char **tip = calloc(n + 1, sizeof *tip);
    const char **names = calloc(k + 2, sizeof *names);
    bool ok = false, none = false;
    FILE *f;
    svg_scatter s;
    regions reg;
    memset(&reg, 0, sizeof reg);
    if (!group || !tip || !names)
        goto nomem;
    for (size_t c = 0; c < k; c++)
        names[c] = theme_name(&r->th, c);
    names[k] = "no theme";
    for (size_t i = 0; i < n; i++) {
        int th = theme_of(&r->th, i);
        group[i] = th >= 0 ? (size_t)th : k;
        none |= th < 0;
        if (!(tip[i] = report_point_tip(r, i)))
            goto nomem;
    }
    if (!write_map_tsv(od, r) || !(f = outdir_open(od, "map-regions.tsv")))
        goto done;
    if (!region_names(r, &reg, f)) {
        fclose(f);
        goto nomem;
    }
    if (!outdir_close(od, f, "map-regions.tsv") ||
        !(f = outdir_open(od, "map.svg")))
        goto done;
    memset(&s, 0, sizeof s);
    s.region_xy = reg.xy;
    s.region_label = (const char *const *)reg.label;
    s.n_regions = reg.n;
    s.xy = r->map;
    s.n = n;
    s.dims = 2;
    s.group = group;
    s.group_names = names;
    s.n_groups = k + none;
    s.last_is_none = none;
    s.tip = (const char *const *)tip;
    s.title = "t-SNE map of the titles, coloured by theme";
    svg_scatter_write(f, &s, true);
    ok = outdir_close(od, f, "map.svg");
    /* The report lists the regions too: their names move to r. */
    r->n_regions = reg.n;
    r->region_label = reg.label;
    r->region_n = reg.count;
    reg.label = NULL;
    reg.count = NULL;
    goto done;
nomem:
    cli_err("out of memory");
done:
    for (size_t i = 0; tip && i < n; i++)
        free(tip[i]);
    free(tip);
    free(group);
    free(names);
    regions_free(&reg);
    return ok;
}

/* ---- results.json and manifest.json ------------------------------------------ */

static cJSON *results_json(const review *r)
{
    cJSON *o = cJSON_CreateObject(), *m;
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "generator", "mctsne " MCT_VERSION_STRING);
    cJSON_AddItemToObject(o, "prisma", prisma_json(&r->s));
    cJSON_AddItemToObject(o, "trends", trends_json(&r->tr));
    m = cJSON_AddObjectToObject(o, "title_map");
    if (m) {
        cJSON_AddNumberToObject(m, "records",
                                (double)mct_records_count(r->inc));
        cJSON_AddNumberToObject(m, "terms", (double)r->map_terms);
        cJSON_AddNumberToObject(m, "perplexity", r->map_perplexity);
        cJSON_AddNumberToObject(m, "kl_divergence",
                                round(r->map_kl * 1e6) / 1e6);
        cJSON_AddBoolToObject(m, "kl_exact", r->map_kl_exact);
        cJSON_AddStringToObject(m, "file", "map.tsv");
    }
    cJSON_AddItemToObject(o, "keyword_network",
                          r->net ? lens_network_json(r->net)
                                 : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "concept_map",
                          r->con ? lens_concepts_json(r->con)
                                 : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "themes", lens_themes_json(r->inc, &r->th));
    return o;
}

/* An entry of the manifest for a file: its name, size and SHA-256 (of
 * data when given, else of the file as it is now). */
static bool hash_into(cJSON *a, const char *name, const void *data,
                      size_t len, const char *hex_given, size_t records,
                      bool bundled)
{
    char hex[65];
    uint64_t bytes = len;
    cJSON *x = cJSON_CreateObject();
    if (!x)
        return false;
    if (hex_given) {
        memcpy(hex, hex_given, sizeof hex);
    } else if (data) {
        digest s;
        digest_init(&s);
        digest_update(&s, data, len);
        digest_hex(&s, hex);
    } else if (!digest_file(name, hex, &bytes)) {
        cli_err("%s: cannot read to hash", name);
        cJSON_Delete(x);
        return false;
    }
    cJSON_AddStringToObject(x, "path", name);
    if (bundled)
        cJSON_AddBoolToObject(x, "bundled", true);
    cJSON_AddNumberToObject(x, "bytes", (double)bytes);
    cJSON_AddStringToObject(x, "sha256", hex);
    if (records != (size_t)-1)
        cJSON_AddNumberToObject(x, "records", (double)records);
    cJSON_AddItemToArray(a, x);
    return true;
}

static const char *const out_files[] = {
    "index.html", "results.json", "prisma.svg", "PRISMA.csv", "included.csv",
    "included.jsonl", "duplicates.tsv", "possible-duplicates.tsv",
    "excluded.tsv", "trends.tsv", "trends.svg", "map.tsv", "map-regions.tsv",
    "map.svg", "network.svg", "network.graphml",
    "network.gexf", "network-vosviewer-map.txt",
    "network-vosviewer-network.txt", "network.json", "network-nodes.tsv",
    "concepts.svg", "concepts.tsv", "concept-paths.tsv",
    "concept-network.graphml", "concept-network.gexf",
    "concept-network-vosviewer-map.txt",
    "concept-network-vosviewer-network.txt", "concept-network.json",
    "concept-network-nodes.tsv", "themes.tsv", "seed-coverage.tsv",
    "theme-titles.tsv",
    "theme-years.tsv", "records.tsv", "triangulation.tsv", NULL};

static bool write_manifest(outdir *od, const args *a, const review *r,
                           const mct_net_opts *no,
                           const mct_concepts_opts *co)
{
    cJSON *o = cJSON_CreateObject(), *x, *p, *arr;
    mct_dependency dep[16];
    size_t nd = mct_dependencies(dep, 16);
    mct_tsne_opts to = mct_tsne_opts_default();
    char *txt = NULL;
    FILE *f;
    bool ok = false;
    if (!o)
        return false;
    x = cJSON_AddObjectToObject(o, "generator");
    cJSON_AddStringToObject(x, "program", "mctsne");
    cJSON_AddStringToObject(x, "version", MCT_VERSION_STRING);
    cJSON_AddStringToObject(x, "libmctext", mct_version());
    arr = cJSON_AddArrayToObject(o, "dependencies");
    for (size_t i = 0; i < nd && i < 16; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", dep[i].name);
        cJSON_AddStringToObject(e, "version", dep[i].version);
        cJSON_AddItemToArray(arr, e);
    }
    {
        char nettle[32];
        cJSON *e = cJSON_CreateObject();
        digest_library_version(nettle, sizeof nettle);
        cJSON_AddStringToObject(e, "name", "Nettle");
        cJSON_AddStringToObject(e, "version", nettle);
        cJSON_AddItemToArray(arr, e);
    }
    arr = cJSON_AddArrayToObject(o, "inputs");
    for (size_t i = 0; i < r->s.n_files; i++)
        if (!hash_into(arr, r->s.files[i], NULL, r->s.file_bytes[i],
                       r->s.file_sha256[i], r->s.file_n[i], !a->n_inputs))
            goto done;
    arr = cJSON_AddArrayToObject(o, "other_files");
    if (r->themes_name &&
        !hash_into(arr, r->themes_name,
                   a->themes_text ? a->themes_text
                                  : (const char *)bundled_themes,
                   a->themes_text ? a->themes_len : bundled_themes_len, NULL,
                   (size_t)-1, !a->themes_text))
        goto done;
    if (a->so.exclude_file && !hash_into(arr, a->so.exclude_file, NULL, 0,
                                         NULL, (size_t)-1, false))
        goto done;
    if (a->so.decisions_file &&
        !hash_into(arr, a->so.decisions_file, NULL, 0, NULL, (size_t)-1,
                   false))
        goto done;
    if (a->thesaurus &&
        !hash_into(arr, a->thesaurus, NULL, 0, NULL, (size_t)-1, false))
        goto done;
    p = cJSON_AddObjectToObject(o, "parameters");
    cJSON_AddNumberToObject(p, "seed", (double)a->seed);
    x = cJSON_AddObjectToObject(p, "screening");
    cJSON_AddStringToObject(x, "format", mct_format_name(a->so.format));
    cJSON_AddBoolToObject(x, "dedup", a->so.dedup);
    if (a->so.query)
        cJSON_AddStringToObject(x, "query", a->so.query);
    else
        cJSON_AddNullToObject(x, "query");
    if (a->so.years)
        cJSON_AddStringToObject(x, "years", a->so.years);
    else
        cJSON_AddNullToObject(x, "years");
    x = cJSON_AddObjectToObject(p, "title_map");
    cJSON_AddStringToObject(x, "text", "title");
    cJSON_AddStringToObject(x, "tfidf", "defaults: Unicode words, English "
                                        "stop words, Snowball stems, l2");
    cJSON_AddNumberToObject(x, "perplexity", a->perplexity);
    cJSON_AddNumberToObject(x, "iterations", a->iters);
    cJSON_AddNumberToObject(x, "theta", to.theta);
    cJSON_AddNumberToObject(x, "early_exaggeration", to.early_exaggeration);
    cJSON_AddNumberToObject(x, "exaggeration_iterations",
                            to.exaggeration_iters);
    cJSON_AddStringToObject(x, "learning_rate", "auto");
    cJSON_AddStringToObject(x, "init", "pca");
    cJSON_AddNumberToObject(x, "pca_dims", (double)to.pca_dims);
    cJSON_AddStringToObject(x, "metric", "euclidean");
    x = cJSON_AddObjectToObject(p, "keyword_network");
    cJSON_AddStringToObject(x, "field", "author keywords");
    cJSON_AddNumberToObject(x, "min_count", (double)no->min_count);
    cJSON_AddStringToObject(x, "norm", mct_net_norm_name(no->norm));
    cJSON_AddStringToObject(x, "communities", "Louvain (and Leiden)");
    x = cJSON_AddObjectToObject(p, "concept_map");
    cJSON_AddNumberToObject(x, "window", (double)co->window);
    cJSON_AddNumberToObject(x, "concepts", (double)co->n_concepts);
    cJSON_AddNumberToObject(x, "min_count", (double)co->min_count);
    x = cJSON_AddObjectToObject(p, "themes");
    cJSON_AddNumberToObject(x, "k", (double)r->th.k);
    if (r->themes_name)
        cJSON_AddStringToObject(x, "themes_file", r->themes_name);
    else
        cJSON_AddNullToObject(x, "themes_file");
    cJSON_AddStringToObject(x, "method",
                            r->themes_name
                                ? "spherical k-means from the themes' seed "
                                  "terms"
                                : "spherical k-means, k-means++, 10 "
                                  "restarts");
    cJSON_AddStringToObject(o, "threads",
                            "not recorded: the results do not depend on it");
    /* Every other file of the report, so a reader can verify it. The
     * index is written before this, so it is listed too. */
    arr = cJSON_AddArrayToObject(o, "outputs");
    for (const char *const *name = out_files; *name; name++) {
        char hex[65];
        uint64_t bytes;
        cJSON *e;
        if (!digest_file(outdir_path((outdir *)od, *name), hex, &bytes))
            continue; /* a lens that had nothing to show */
        e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "file", *name);
        cJSON_AddNumberToObject(e, "bytes", (double)bytes);
        cJSON_AddStringToObject(e, "sha256", hex);
        cJSON_AddItemToArray(arr, e);
    }
    if (!(txt = cJSON_Print(o))) {
        cli_err("out of memory");
        goto done;
    }
    if (!(f = outdir_open(od, "manifest.json")))
        goto done;
    fprintf(f, "%s\n", txt);
    ok = outdir_close(od, f, "manifest.json");
done:
    cJSON_free(txt);
    cJSON_Delete(o);
    return ok;
}

static bool write_json(outdir *od, cJSON *j, const char *name)
{
    char *txt = j ? cJSON_Print(j) : NULL;
    FILE *f;
    bool ok = false;
    if (!txt)
        cli_err("out of memory");
    else if ((f = outdir_open(od, name))) {
        fprintf(f, "%s\n", txt);
        ok = outdir_close(od, f, name);
    }
    cJSON_free(txt);
    return ok;
}

/* ---- the run ----------------------------------------------------------------------- */

/* What the stages are run with, set up before any of them starts. */
typedef struct setup {
    mct_net_opts no;
    mct_concepts_opts co;
    themes_opts to;
    mct_thesaurus *thes;
    mct_theme_seeds *seeds;
    char **qterms;   /* the query's terms, left out of themes and concepts */
    size_t n_qterms;
} setup;

static void setup_free(setup *u, args *a)
{
    mct_thesaurus_free(u->thes);
    mct_theme_seeds_free(u->seeds);
    lens_terms_free(u->qterms, u->n_qterms);
    free(a->themes_text);
}

static void stage(const cli_common *c, int i, const char *what)
{
    cli_note(c, "[%d/7] %s", i, what);
}

/* The themes: a file, the bundled paper's themes for the bundled corpus
 * (unless --themes none or --k), or unguided. Read and checked now, not
 * after the long stages. */
static bool setup_themes(args *a, setup *u, review *r)
{
    const char *file = a->ta.file;
    u->to.lib = mct_themes_opts_default();
    themes_args_apply(&a->ta, &u->to.lib);
    u->to.lib.seed = a->seed;
    u->to.lib.n_threads = a->c.threads;
    u->to.query = a->so.query;
    u->to.keep_query_terms = a->ta.keep_query;
    if (file && strcmp(file, "none")) {
        if (!cli_read_file(file, &a->themes_text, &a->themes_len) ||
            !lens_themes_read(file, a->themes_text, a->themes_len, &u->seeds))
            return false;
        r->themes_name = file;
    } else if (!file && !a->n_inputs && !a->ta.k_given) {
        if (!lens_themes_read(BUNDLED_THEMES_NAME,
                              (const char *)bundled_themes,
                              bundled_themes_len, &u->seeds))
            return false;
        r->themes_name = BUNDLED_THEMES_NAME;
    }
    u->to.seeds = u->seeds;
    return true;
}

/* Options of the stages; the files they read, checked. */
static bool setup_run(args *a, setup *u, review *r)
{
    /* Files read later must not be in the directory we replace. */
    const char *aux[3] = {a->themes_text ? a->ta.file : NULL,
                          a->so.exclude_file, a->thesaurus};
    if (!a->n_inputs) {
        a->so.builtin = (const char *)bundled_records;
        a->so.builtin_len = bundled_records_len;
        a->so.builtin_name = BUNDLED_RECORDS_NAME;
        /* The paper's own search, so that its terms stay out of the
         * themes and concepts, as they would with a user's --query. */
        if (!a->so.query)
            a->so.query = BUNDLED_QUERY;
    }
    if (!setup_themes(a, u, r))
        return false;
    for (int i = 0; i < 3; i++)
        if (aux[i] && outdir_holds(a->out, aux[i])) {
            cli_err("%s is inside the output directory %s, which the run "
                    "replaces; move it or choose another -o",
                    aux[i], a->out);
            return false;
        }
    if (a->thesaurus) {
        mct_diag d;
        mct_status rc;
        mct_diag_clear(&d);
        if ((rc = mct_thesaurus_new(&u->thes)) ||
            (rc = mct_thesaurus_read(u->thes, a->thesaurus, &d))) {
            cli_diag(a->thesaurus, &d, rc);
            return false;
        }
        u->no.thesaurus = u->thes;
    }
    if (!a->ta.keep_query &&
        !lens_query_terms(a->so.query, &u->qterms, &u->n_qterms))
        return false;
    u->no.min_count = a->min_count;
    u->no.seed = a->seed;
    u->co.n_concepts = a->n_concepts;
    u->co.window = a->window;
    u->co.seed = a->seed;
    u->co.exclude_terms = (const char *const *)u->qterms;
    u->co.n_exclude_terms = u->n_qterms;
    u->co.academic_stop = !a->ta.keep_academic;
    r->seed = a->seed;
    r->window = a->window;
    r->min_count = a->min_count;
    return true;
}

/* Stages 1 and 2: screening and trends. */
static bool run_screening(args *a, review *r, outdir *od)
{
    size_t k = a->ta.k;
    stage(&a->c, 1, "import, de-duplication and screening");
    a->so.outdir = a->out;
    if (!screen_run(a->inputs, a->n_inputs, &a->so, &a->c, &r->s))
        return false;
    if (!screen_included(&r->s, &r->inc)) {
        cli_err("out of memory");
        return false;
    }
    if (!prisma_write(od, &r->s))
        return false;
    if (r->themes_name)
        k = 1;
    if (k > mct_records_count(r->inc)) {
        cli_err("review: %zu themes for %zu included records", k,
                mct_records_count(r->inc));
        return false;
    }
    stage(&a->c, 2, "publications per year");
    return trends_compute(&r->s, a->so.year_from, a->so.year_to, &r->tr) &&
           trends_write(od, &r->tr);
}

/* Stages 3 to 6: the lenses and the themes. */
static bool run_lenses(args *a, setup *u, review *r, cli_progress *pr)
{
    stage(&a->c, 3, "t-SNE map of the titles");
    if (!title_map(a, r, pr))
        return false;
    cli_note(&a->c, "map of %zu titles (%zu terms): KL %.4f (%s), "
                    "perplexity %g",
             mct_records_count(r->inc), r->map_terms, r->map_kl,
             r->map_kl_exact ? "exact" : "estimate", r->map_perplexity);
    stage(&a->c, 4, "keyword network");
    if (!lens_network(r->inc, NET_KEYWORDS, &u->no, true, &r->net))
        return false;
    if (r->net)
        cli_note(&a->c, "%zu keywords, %zu links, %zu communities",
                 mct_net_n_nodes(r->net), mct_net_n_edges(r->net),
                 mct_net_n_communities(r->net));
    else
        cli_note(&a->c, "no author keyword occurs in %zu or more records: "
                        "no network", u->no.min_count);
    stage(&a->c, 5, "concept map of the abstracts");
    if (!lens_concepts(r->inc, &u->co, true, &r->con))
        return false;
    if (r->con)
        cli_note(&a->c, "%zu concepts in %zu blocks",
                 mct_concepts_count(r->con), mct_concepts_n_blocks(r->con));
    else
        cli_note(&a->c, "too little text for a concept map");
    stage(&a->c, 6, "themes and triangulation");
    u->to.map = r->map;
    if (!lens_themes(r->inc, &u->to, r->net, &r->th))
        return false;
    lens_themes_warn(&r->th, &a->c);
    return true;
}

/* Stage 7: every file of the report. */
static bool run_report(args *a, setup *u, review *r, outdir *od,
                       cJSON **results)
{
    stage(&a->c, 7, "writing the report");
    if (!write_map(od, r) ||
        (r->net && !lens_network_write(od, "network", r->net,
                                       "Co-word network of author keywords")) ||
        (r->con && !lens_concepts_write(od, r->con)) ||
        !lens_themes_write(od, r->inc, &r->th))
        return false;
    if (!(*results = results_json(r))) {
        cli_err("out of memory");
        return false;
    }
    return write_json(od, *results, "results.json") && report_html(od, r) &&
           write_manifest(od, a, r, &u->no, &u->co) && outdir_commit(od);
}

static void print_summary(const args *a, const review *r, cJSON *results)
{
    if (a->c.json) {
        char *txt = cJSON_Print(results);
        if (txt)
            printf("%s\n", txt);
        cJSON_free(txt);
        return;
    }
    printf("%zu records identified, %zu duplicates removed, %zu screened, "
           "%zu included; %zu theme%s\n",
           r->s.identified, r->s.duplicates, r->s.screened, r->s.included,
           r->th.k, r->th.k == 1 ? "" : "s");
    printf("report: %s/index.html\n", a->out);
}

static void args_default(args *a, const setup *u)
{
    memset(a, 0, sizeof *a);
    a->so.format = MCT_FORMAT_AUTO;
    a->so.dedup = true;
    themes_args_default(&a->ta);
    a->seed = 42;
    a->perplexity = 30;
    a->iters = 1000;
    a->min_count = u->no.min_count;
    a->n_concepts = u->co.n_concepts;
    a->window = u->co.window;
}

int cmd_review(int argc, char **argv)
{
    args a;
    setup u;
    review r;
    outdir od;
    cli_progress pr;
    cJSON *results = NULL;
    int st;
    bool began = false;
    memset(&u, 0, sizeof u);
    memset(&r, 0, sizeof r);
    u.no = mct_net_opts_default();
    u.co = mct_concepts_opts_default();
    args_default(&a, &u);
    if ((st = parse(argc, argv, &a)))
        return st < 0 ? CLI_OK : st;
    st = CLI_FAIL;
    if (!setup_run(&a, &u, &r) || !outdir_begin(&od, a.out))
        goto done;
    began = true;
    cli_progress_init(&pr, &a.c);
    if (!run_screening(&a, &r, &od) || !run_lenses(&a, &u, &r, &pr) ||
        !run_report(&a, &u, &r, &od, &results))
        goto done;
    began = false;
    print_summary(&a, &r, results);
    st = CLI_OK;
done:
    if (began)
        outdir_abort(&od);
    cJSON_Delete(results);
    themes_free(&r.th);
    mct_concepts_free(r.con);
    mct_net_free(r.net);
    free(r.map);
    for (size_t c = 0; r.region_label && c < r.n_regions; c++)
        free(r.region_label[c]);
    free(r.region_label);
    free(r.region_n);
    trends_free(&r.tr);
    mct_records_free(r.inc);
    if (r.s.all)
        screen_free(&r.s);
    setup_free(&u, &a);
    return st;
}

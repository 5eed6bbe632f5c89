/*
 * review_write.c - the files of mctsne review that are not a lens's own:
 * the title map (map.tsv, map-regions.tsv, map.svg), results.json and
 * manifest.json (every input and output with its SHA-256, every
 * parameter, the versions).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundled.h"
#include "digest.h"
#include "review.h"
#include "svg.h"

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

/* The regions of the title map, named by the library (mct_review_region):
 * map-regions.tsv, and their names for map.svg and the report. */
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
    size_t k = mct_review_n_regions(r->rv);
    memset(g, 0, sizeof *g);
    if (!(g->xy = calloc(2 * k + 1, sizeof *g->xy)) ||
        !(g->label = calloc(k + 1, sizeof *g->label)) ||
        !(g->count = calloc(k + 1, sizeof *g->count)))
        return false;
    g->n = k;
    fputs("region\trecords\tx\ty\tterms\n", tsv);
    for (size_t c = 0; c < k; c++) {
        mct_map_region rg;
        size_t m;
        mct_review_region(r->rv, c, &rg);
        m = rg.n_terms;
        g->count[c] = rg.records;
        g->xy[2 * c] = rg.x;
        g->xy[2 * c + 1] = rg.y;
        if (asprintf(&g->label[c], "%s%s%s%s%s", m > 0 ? rg.terms[0] : "",
                     m > 1 ? ", " : "", m > 1 ? rg.terms[1] : "",
                     m > 2 ? ", " : "", m > 2 ? rg.terms[2] : "") < 0) {
            g->label[c] = NULL;
            return false;
        }
        fprintf(tsv, "%zu\t%zu\t%.6f\t%.6f\t", c + 1, rg.records, rg.x,
                rg.y);
        for (size_t q = 0; q < m; q++) {
            fputs(q ? "; " : "", tsv);
            tsv_field(tsv, rg.terms[q]);
            fprintf(tsv, " (%.3f)", rg.scores[q]);
        }
        fputc('\n', tsv);
    }
    return true;
}

/* map.svg: the title map coloured by theme (the records of no theme
 * grey), with the regions' names. */
static bool map_svg(outdir *od, const review *r, const regions *reg)
{
    size_t n = mct_records_count(r->inc), k = r->th.k;
    size_t *group = calloc(n + 1, sizeof *group);
    char **tip = calloc(n + 1, sizeof *tip);
    const char **names = calloc(k + 2, sizeof *names);
    bool ok = false, none = false;
    FILE *f;
    svg_scatter s;
    memset(&s, 0, sizeof s);
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
    if (!(f = outdir_open(od, "map.svg")))
        goto done;
    s.region_xy = reg->xy;
    s.region_label = (const char *const *)reg->label;
    s.n_regions = reg->n;
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
    goto done;
nomem:
    cli_err("out of memory");
done:
    for (size_t i = 0; tip && i < n; i++)
        free(tip[i]);
    free(tip);
    free(group);
    free(names);
    return ok;
}

bool review_write_map(outdir *od, review *r)
{
    FILE *f;
    regions reg;
    bool ok = false;
    memset(&reg, 0, sizeof reg);
    if (!write_map_tsv(od, r) || !(f = outdir_open(od, "map-regions.tsv")))
        return false;
    if (!region_names(r, &reg, f)) {
        fclose(f);
        cli_err("out of memory");
        goto done;
    }
    if (!outdir_close(od, f, "map-regions.tsv") || !map_svg(od, r, &reg))
        goto done;
    /* The report lists the regions too: their names move to r. */
    r->n_regions = reg.n;
    r->region_label = reg.label;
    r->region_n = reg.count;
    reg.label = NULL;
    reg.count = NULL;
    ok = true;
done:
    regions_free(&reg);
    return ok;
}

cJSON *review_results_json(const review *r)
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
    "theme-years.tsv", "records.tsv", "triangulation.tsv", REVIEW_STATE,
    REVIEW_THEMES_USED, "changes.tsv", NULL};

/* Who made the report, with what. */
static void manifest_generator(cJSON *o)
{
    cJSON *x = cJSON_AddObjectToObject(o, "generator"), *arr, *e;
    mct_dependency dep[16];
    size_t nd = mct_dependencies(dep, 16);
    char nettle[32];
    cJSON_AddStringToObject(x, "program", "mctsne");
    cJSON_AddStringToObject(x, "version", MCT_VERSION_STRING);
    cJSON_AddStringToObject(x, "libmctext", mct_version());
    arr = cJSON_AddArrayToObject(o, "dependencies");
    for (size_t i = 0; i < nd && i < 16; i++) {
        e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", dep[i].name);
        cJSON_AddStringToObject(e, "version", dep[i].version);
        cJSON_AddItemToArray(arr, e);
    }
    e = cJSON_CreateObject();
    digest_library_version(nettle, sizeof nettle);
    cJSON_AddStringToObject(e, "name", "Nettle");
    cJSON_AddStringToObject(e, "version", nettle);
    cJSON_AddItemToArray(arr, e);
}

/* An update: the earlier review's state and manifest, with their
 * SHA-256, so that the chain of versions can be checked. */
static bool manifest_previous(cJSON *o, const review_args *a)
{
    cJSON *arr;
    char *state, *manifest;
    bool ok;
    if (!a->update)
        return true;
    arr = cJSON_AddArrayToObject(o, "previous");
    if (asprintf(&state, "%s/%s", a->update, REVIEW_STATE) < 0)
        return false;
    if (asprintf(&manifest, "%s/manifest.json", a->update) < 0) {
        free(state);
        return false;
    }
    ok = arr &&
         hash_into(arr, state, NULL, 0, NULL,
                   mct_review_prior_count(a->prior), false) &&
         hash_into(arr, manifest, NULL, 0, NULL, (size_t)-1, false);
    free(state);
    free(manifest);
    return ok;
}

/* The inputs and the other files read, with their SHA-256. */
static bool manifest_inputs(cJSON *o, const review_args *a, const review *r)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "inputs");
    for (size_t i = 0; i < r->s.n_files; i++)
        if (!hash_into(arr, r->s.files[i], NULL, r->s.file_bytes[i],
                       r->s.file_sha256[i], r->s.file_n[i], !a->n_inputs))
            return false;
    arr = cJSON_AddArrayToObject(o, "other_files");
    return (!r->themes_name ||
            hash_into(arr, r->themes_name,
                      a->themes_text ? a->themes_text
                                     : (const char *)bundled_themes,
                      a->themes_text ? a->themes_len : bundled_themes_len,
                      NULL, (size_t)-1, !a->themes_text)) &&
           (!a->so.exclude_file || hash_into(arr, a->so.exclude_file, NULL, 0,
                                             NULL, (size_t)-1, false)) &&
           (!a->so.decisions_file ||
            hash_into(arr, a->so.decisions_file, NULL, 0, NULL, (size_t)-1,
                      false)) &&
           (!a->thesaurus ||
            hash_into(arr, a->thesaurus, NULL, 0, NULL, (size_t)-1, false)) &&
           manifest_previous(o, a);
}

static void add_string_or_null(cJSON *x, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(x, key, v);
    else
        cJSON_AddNullToObject(x, key);
}

static void manifest_map(cJSON *p, const review_args *a)
{
    mct_tsne_opts to = mct_tsne_opts_default();
    cJSON *x = cJSON_AddObjectToObject(p, "title_map");
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
}

static void manifest_themes(cJSON *p, const review_args *a, const review *r)
{
    cJSON *x = cJSON_AddObjectToObject(p, "themes"), *w;
    cJSON_AddNumberToObject(x, "k", (double)r->th.k);
    add_string_or_null(x, "themes_file", r->themes_name);
    cJSON_AddStringToObject(x, "method",
                            r->themes_name
                                ? "spherical k-means anchored to the seeds "
                                  "(seeded, von Mises-Fisher prior), names "
                                  "by a Hungarian matching of the records' "
                                  "centroids to the seeds"
                                : "spherical k-means, k-means++, 10 "
                                  "restarts");
    cJSON_AddNumberToObject(x, "seed_weight", a->ta.seed_weight);
    cJSON_AddNumberToObject(x, "weak_cosine", a->ta.weak_cosine);
    w = cJSON_AddObjectToObject(x, "weights");
    cJSON_AddNumberToObject(w, "title", a->ta.weights[0]);
    cJSON_AddNumberToObject(w, "keywords", a->ta.weights[1]);
    cJSON_AddNumberToObject(w, "abstract", a->ta.weights[2]);
    cJSON_AddBoolToObject(x, "query_terms_left_out", !a->ta.keep_query);
    cJSON_AddBoolToObject(x, "academic_words_left_out", !a->ta.keep_academic);
}

static void manifest_parameters(cJSON *o, const review_args *a,
                                const review *r, const mct_net_opts *no,
                                const mct_concepts_opts *co)
{
    cJSON *p = cJSON_AddObjectToObject(o, "parameters"), *x;
    cJSON_AddNumberToObject(p, "seed", (double)a->seed);
    x = cJSON_AddObjectToObject(p, "screening");
    cJSON_AddStringToObject(x, "format", mct_format_name(a->so.format));
    cJSON_AddBoolToObject(x, "dedup", a->so.dedup);
    add_string_or_null(x, "query", a->so.query);
    add_string_or_null(x, "years", a->so.years);
    manifest_map(p, a);
    x = cJSON_AddObjectToObject(p, "keyword_network");
    cJSON_AddStringToObject(x, "field", "author keywords");
    cJSON_AddNumberToObject(x, "min_count", (double)no->min_count);
    cJSON_AddStringToObject(x, "norm", mct_net_norm_name(no->norm));
    cJSON_AddStringToObject(x, "communities", "Louvain (and Leiden)");
    x = cJSON_AddObjectToObject(p, "concept_map");
    cJSON_AddNumberToObject(x, "window", (double)co->window);
    cJSON_AddNumberToObject(x, "concepts", (double)co->n_concepts);
    cJSON_AddNumberToObject(x, "min_count", (double)co->min_count);
    cJSON_AddStringToObject(x, "paths", "maximum spanning tree of the "
                                        "association strengths");
    manifest_themes(p, a, r);
    cJSON_AddStringToObject(o, "threads",
                            "not recorded: the results do not depend on it");
}

/* Every other file of the report, so a reader can verify it. The index
 * is written before this, so it is listed too. */
static void manifest_outputs(cJSON *o, outdir *od)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "outputs");
    for (const char *const *name = out_files; *name; name++) {
        char hex[65];
        uint64_t bytes;
        cJSON *e;
        if (!digest_file(outdir_path(od, *name), hex, &bytes))
            continue; /* a lens that had nothing to show */
        e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "file", *name);
        cJSON_AddNumberToObject(e, "bytes", (double)bytes);
        cJSON_AddStringToObject(e, "sha256", hex);
        cJSON_AddItemToArray(arr, e);
    }
}

bool review_write_manifest(outdir *od, const review_args *a,
                           const review *r, const mct_net_opts *no,
                           const mct_concepts_opts *co)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = false;
    if (!o)
        return false;
    manifest_generator(o);
    if (manifest_inputs(o, a, r)) {
        manifest_parameters(o, a, r, no, co);
        manifest_outputs(o, od);
        ok = review_write_json(od, o, "manifest.json");
    }
    cJSON_Delete(o);
    return ok;
}

bool review_write_json(outdir *od, cJSON *j, const char *name)
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


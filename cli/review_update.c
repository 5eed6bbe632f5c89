/*
 * review_update.c - mctsne review --update PREV: a living review. The
 * earlier review's directory gives the defaults (its manifest's
 * parameters, its themes file as used) and the state (its
 * review-records.jsonl); what changed is written to changes.tsv and
 * results.json and shown in the report.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundled.h"
#include "review.h"
#include "svg.h"

const char *review_find_update(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "--update") && i + 1 < argc)
            return argv[i + 1];
        if (!strncmp(argv[i], "--update=", 9))
            return argv[i] + 9;
    }
    return NULL;
}

/* PREV/name, allocated. */
static char *prev_path(const char *prev, const char *name)
{
    char *p;
    return asprintf(&p, "%s/%s", prev, name) < 0 ? NULL : p;
}

static const cJSON *item(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A number of the manifest, when it is there. */
static void number(const cJSON *o, const char *k, double *v)
{
    const cJSON *x = item(o, k);
    if (cJSON_IsNumber(x))
        *v = x->valuedouble;
}

static void size_number(const cJSON *o, const char *k, size_t *v)
{
    double d = (double)*v;
    number(o, k, &d);
    if (d >= 0 && d < 1e15)
        *v = (size_t)d;
}

static void flag(const cJSON *o, const char *k, bool *v, bool invert)
{
    const cJSON *x = item(o, k);
    if (cJSON_IsBool(x))
        *v = cJSON_IsTrue(x) != invert;
}

/* A string of the manifest, copied into a (freed with the arguments). */
static bool string(review_args *a, const cJSON *o, const char *k,
                   const char **v)
{
    const cJSON *x = item(o, k);
    if (!cJSON_IsString(x))
        return true;
    if (a->n_owned == sizeof a->owned / sizeof *a->owned ||
        !(a->owned[a->n_owned] = strdup(x->valuestring)))
        return false;
    *v = a->owned[a->n_owned++];
    return true;
}

/* The themes the earlier review used: its copy of the themes file, or
 * unguided with its k. */
static bool themes_defaults(review_args *a, const cJSON *t)
{
    double k = 0, w[3] = {a->ta.weights[0], a->ta.weights[1],
                          a->ta.weights[2]};
    const cJSON *ws = item(t, "weights");
    number(t, "seed_weight", &a->ta.seed_weight);
    number(t, "weak_cosine", &a->ta.weak_cosine);
    number(ws, "title", &w[0]);
    number(ws, "keywords", &w[1]);
    number(ws, "abstract", &w[2]);
    memcpy(a->ta.weights, w, sizeof w);
    flag(t, "query_terms_left_out", &a->ta.keep_query, true);
    flag(t, "academic_words_left_out", &a->ta.keep_academic, true);
    if (cJSON_IsString(item(t, "themes_file"))) {
        if (a->n_owned == sizeof a->owned / sizeof *a->owned ||
            !(a->owned[a->n_owned] = prev_path(a->update, REVIEW_THEMES_USED)))
            return false;
        a->ta.file = a->owned[a->n_owned++];
        return true;
    }
    number(t, "k", &k);
    if (k >= 1 && k <= 1000) {
        a->ta.k = (size_t)k;
        a->ta.k_given = true;
        a->ta.file = "none";
    }
    return true;
}

/* The earlier review's parameters as defaults: what it was run with is
 * what an update should be run with, unless the options say otherwise. */
static bool parameters(review_args *a, const cJSON *p)
{
    const cJSON *s = item(p, "screening"), *m = item(p, "title_map");
    const cJSON *n = item(p, "keyword_network"), *c = item(p, "concept_map");
    double seed = (double)a->seed, iters = a->iters;
    number(p, "seed", &seed);
    if (seed >= 0 && seed <= 2147483647.0)
        a->seed = (uint64_t)seed;
    flag(s, "dedup", &a->so.dedup, false);
    if (!string(a, s, "query", &a->so.query) ||
        !string(a, s, "years", &a->so.years))
        return false;
    if (a->so.years &&
        !screen_parse_years(a->so.years, &a->so.year_from, &a->so.year_to))
        return false;
    number(m, "perplexity", &a->perplexity);
    number(m, "iterations", &iters);
    if (iters >= 1 && iters <= 100000)
        a->iters = (int)iters;
    size_number(n, "min_count", &a->min_count);
    size_number(c, "window", &a->window);
    size_number(c, "concepts", &a->n_concepts);
    return themes_defaults(a, item(p, "themes"));
}

bool review_update_defaults(review_args *a)
{
    char *path = prev_path(a->update, "manifest.json");
    mct_file *f = NULL;
    cJSON *m = NULL;
    bool ok = false;
    if (!path) {
        cli_err("out of memory");
        return false;
    }
    if (!cli_read_file(path, &f))
        goto out;
    if (!(m = cJSON_ParseWithLength(mct_file_data(f), mct_file_size(f))) ||
        !cJSON_IsObject(item(m, "parameters"))) {
        cli_err("%s: not a manifest of mctsne review (no \"parameters\")",
                path);
        goto out;
    }
    if (!(ok = parameters(a, item(m, "parameters"))))
        cli_err("%s: out of memory or a bad year range", path);
out:
    cJSON_Delete(m);
    mct_file_free(f);
    free(path);
    return ok;
}

bool review_update_read(review_args *a, mct_review_prior **out)
{
    char *path = prev_path(a->update, REVIEW_STATE);
    mct_diag d;
    mct_status rc;
    bool ok = false;
    if (!path) {
        cli_err("out of memory");
        return false;
    }
    if (outdir_holds(a->out, path))
        cli_err("--update %s: the update must go to another directory (the "
                "earlier review stays as it was)", a->update);
    else if ((rc = mct_review_prior_read(path, out, &d)))
        cli_diag(path, &d, rc);
    else
        ok = true;
    free(path);
    return ok;
}

/* ---- what changed --------------------------------------------------------- */

/* One row of what changed: an aspect ("records", "year", "theme",
 * "keyword"), its name, and the counts before and after. */
typedef void (*change_fn)(void *ctx, const char *aspect, const char *name,
                          size_t before, size_t after);

/* Included records per theme, before and after. */
static void theme_rows(const review *r, size_t n0, change_fn row, void *ctx)
{
    const mct_themes *t = mct_review_themes_found(r->rv);
    size_t n;
    const int *lab = mct_themes_labels(t, &n);
    for (size_t c = 0; c < r->th.k; c++) {
        mct_theme_info ti;
        size_t before = 0, after = 0;
        mct_themes_get(t, c, &ti);
        for (size_t i = 0; i < n; i++)
            if (lab[i] == (int)c) {
                before += i < n0;
                after++;
            }
        row(ctx, "theme", ti.name, before, after);
    }
}

/* Included records per year that gained some. */
static void year_rows(const review *r, size_t n0, change_fn row, void *ctx)
{
    const trends *t = &r->tr;
    for (int y = t->first; y <= t->last; y++) {
        size_t before = 0, after = t->count[y - t->first];
        char name[16];
        for (size_t i = 0; i < n0; i++)
            before += mct_records_get(r->inc, i)->year == y;
        snprintf(name, sizeof name, "%d", y);
        if (after != before)
            row(ctx, "year", name, before, after);
    }
}

/* Keywords that entered the network (before 0) or left it (after 0),
 * with their occurrences. */
static void keyword_rows(const review *r, change_fn row, void *ctx)
{
    const mct_net *now = r->net, *was = mct_review_keywords_before(r->rv);
    mct_net_node nd;
    for (size_t i = 0; now && i < mct_net_n_nodes(now); i++) {
        mct_net_node_get(now, i, &nd);
        if (!was || mct_net_find(was, nd.key) < 0)
            row(ctx, "keyword", nd.label, 0, nd.occurrences);
    }
    for (size_t i = 0; was && i < mct_net_n_nodes(was); i++) {
        mct_net_node_get(was, i, &nd);
        if (!now || mct_net_find(now, nd.key) < 0)
            row(ctx, "keyword", nd.label, nd.occurrences, 0);
    }
}

static void changes(const review *r, change_fn row, void *ctx)
{
    size_t n0 = mct_review_n_earlier(r->rv);
    row(ctx, "records", "included", n0, mct_records_count(r->inc));
    year_rows(r, n0, row, ctx);
    theme_rows(r, n0, row, ctx);
    keyword_rows(r, row, ctx);
}

static void tsv_row(void *ctx, const char *aspect, const char *name,
                    size_t before, size_t after)
{
    FILE *f = ctx;
    fprintf(f, "%s\t", aspect);
    tsv_field(f, name);
    fprintf(f, "\t%zu\t%zu\n", before, after);
}

bool review_write_changes(outdir *od, const review *r)
{
    FILE *f = outdir_open(od, "changes.tsv");
    if (!f)
        return false;
    fputs("aspect\tname\tbefore\tafter\n", f);
    changes(r, tsv_row, f);
    return outdir_close(od, f, "changes.tsv");
}

static void html_row(void *ctx, const char *aspect, const char *name,
                     size_t before, size_t after)
{
    FILE *f = ctx;
    fprintf(f, "<tr><td>%s</td><td>", aspect);
    svg_escape(f, name);
    fprintf(f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
               "<td class=\"n\">%+lld</td></tr>\n",
            before, after, (long long)after - (long long)before);
}

void review_report_changes(FILE *f, const review *r)
{
    fputs("<section id=\"changes\">\n<h2>What changed</h2>\n<p>An update "
          "of the review in <code>", f);
    svg_escape(f, r->update);
    fprintf(f, "</code>: its %zu included records keep their places on the "
               "map and their themes; %zu new records were identified and "
               "%zu included. Years that gained records, records per theme, "
               "and keywords that entered or left the network (<a href=\""
               "changes.tsv\">changes.tsv</a>):</p>\n",
            r->s.prior_included, r->s.identified, r->s.included);
    fputs("<table><tr><th>Aspect</th><th>Name</th><th>Before</th>"
          "<th>After</th><th>Change</th></tr>\n", f);
    changes(r, html_row, f);
    fputs("</table>\n</section>\n", f);
}

/* ---- what an update needs ------------------------------------------------ */

bool review_write_state(outdir *od, const review_args *a, const review *r)
{
    const char *text = a->themes_text ? a->themes_text
                                      : (const char *)bundled_themes;
    size_t len = a->themes_text ? a->themes_len : bundled_themes_len;
    mct_diag d;
    mct_status rc;
    FILE *f;
    if ((rc = mct_review_write_state(r->rv, outdir_path(od, REVIEW_STATE),
                                     &d))) {
        cli_diag(REVIEW_STATE, &d, rc);
        return false;
    }
    if (!r->themes_name)
        return true;
    if (!(f = outdir_open(od, REVIEW_THEMES_USED)))
        return false;
    fwrite(text, 1, len, f);
    return outdir_close(od, f, REVIEW_THEMES_USED);
}

/*
 * cmd_themes.c - mctsne themes: the themes of the records (mct_themes.h
 * through the review pipeline's screening, keyword network and themes
 * stages), triangulated with the keyword communities, a title map and
 * the Web of Science categories.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenses.h"
#include "prisma.h"

static const char th_usage[] =
    "usage: mctsne themes INPUT... -o DIR [options]\n"
    "\n"
    "Themes by spherical k-means on each record's title, author keywords\n"
    "and abstract (words and two-word phrases, TF-IDF; the query's terms\n"
    "and words like 'study' or 'paper' left out). Unguided: k-means++,\n"
    "10 restarts, themes named by their top terms. With --themes FILE,\n"
    "each theme stays anchored to its seed terms, and the themes are named\n"
    "by an optimal one-to-one matching of their records with the seeds;\n"
    "a weak match is flagged. Per theme: its name and the evidence for it,\n"
    "size, top terms, most representative titles, counts per year, seed\n"
    "coverage; per record: its theme and its similarity to every theme.\n"
    "Triangulation: agreement (NMI, ARI) with the author-keyword\n"
    "communities, clusters of a title map (--embedding) and Web of Science\n"
    "subject categories. Writes themes.tsv, seed-coverage.tsv,\n"
    "theme-titles.tsv, theme-years.tsv, records.tsv, triangulation.tsv.\n"
    "\n"
    "  -o, --output DIR      where to write (replaced as a whole)\n"
    THEMES_HELP
    "      --embedding MAP   a map from mctsne embed of the same records, in\n"
    "                        the same order\n"
    "      --seed S          default 42\n"
    "      --threads N       the result does not depend on it\n"
    SCREEN_HELP
    "      --json, -q, --quiet, -h, --help\n";

/* x, y per record from a map TSV (header, then x, y, label). */
static double *read_map_xy(const char *path, const mct_records *r)
{
    mct_docs *l = NULL;
    mct_diag d;
    mct_status rc;
    size_t n = mct_records_count(r), k = 0;
    double *xy = NULL;
    if (mct_docs_new(&l))
        return NULL;
    if ((rc = mct_docs_read_lines(l, path, NULL, &d))) {
        cli_diag(path, &d, rc);
        goto fail;
    }
    if (!(xy = malloc((2 * n + 1) * sizeof *xy)))
        goto fail;
    for (size_t i = 0; i < mct_docs_count(l); i++) {
        const char *p = mct_docs_text(l, i, NULL);
        char *e;
        if (i == 0 && !strncmp(p, "x\t", 2))
            continue;
        if (k == n) {
            cli_err("%s: more rows than the %zu records", path, n);
            goto fail;
        }
        xy[2 * k] = strtod(p, &e);
        if (*e != '\t')
            goto bad;
        xy[2 * k + 1] = strtod(e + 1, &e);
        if (*e != '\t' && *e)
            goto bad;
        k++;
        continue;
    bad:
        cli_err("%s:%zu: expected x<TAB>y<TAB>label", path,
                mct_docs_line(l, i));
        goto fail;
    }
    if (k != n) {
        cli_err("%s: %zu rows for %zu records", path, k, n);
        goto fail;
    }
    mct_docs_free(l);
    return xy;
fail:
    free(xy);
    mct_docs_free(l);
    return NULL;
}

static void print_themes(const themes *t)
{
    for (size_t c = 0; c < t->k; c++) {
        mct_theme_info in;
        mct_themes_get(t->th, c, &in);
        printf("theme %zu (%zu records): %s", c + 1, in.records, in.name);
        if (t->seeded)
            printf(" [cosine %.3f%s%s]", in.seed_cosine, in.flags ? "; " : "",
                   theme_flag_text(in.flags));
        printf("\n");
    }
    if (!isnan(t->agree[0][0]))
        printf("themes ~ keyword communities: NMI %.4f, ARI %.4f\n",
               t->agree[0][0], t->agree[0][1]);
    if (!isnan(t->agree[1][0]))
        printf("themes ~ title map clusters:  NMI %.4f, ARI %.4f\n",
               t->agree[1][0], t->agree[1][1]);
    if (!isnan(t->agree[3][0]))
        printf("themes ~ WoS subject categories: NMI %.4f\n", t->agree[3][0]);
}

typedef struct th_args {
    lens_args a;
    themes_args ta;
    const char *emb;
} th_args;

static int themes_parse(int argc, char **argv, th_args *t)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&t->a.out),
        CLI_OPTS_THEMES(&t->ta),
        {.name = "embedding", .kind = CLI_STRING, .dst = &t->emb},
        CLI_OPT_SEED(&t->a.seed),
        CLI_OPT_THREADS(&t->a.c),
        CLI_OPTS_SCREEN(&t->a.so),
        CLI_OPT_JSON(&t->a.c),
        CLI_OPT_QUIET(&t->a.c),
        CLI_OPT_END};
    memset(t, 0, sizeof *t);
    lens_args_default(&t->a);
    themes_args_default(&t->ta);
    t->emb = NULL;
    return lens_parse(opts, th_usage, "themes", argc, argv, &t->a);
}

/* The stages of a review that themes needs: screening, the map given,
 * the keyword network, the themes. */
static bool themes_stages(lens_args *a, mct_review *rv, screened *s,
                          const char *emb)
{
    double *xy = NULL;
    mct_diag d;
    mct_status rc;
    bool ok = false;
    if ((rc = mct_review_screen(rv, s->all, &d))) {
        screen_report(&a->so, rc, &d);
        return false;
    }
    if (!screen_layout(s, mct_review_screening(rv), &a->c))
        return false;
    if (emb) {
        const mct_records *inc = mct_review_included(rv);
        if (!(xy = read_map_xy(emb, inc)))
            return false;
        if ((rc = mct_review_set_map(rv, xy, mct_records_count(inc)))) {
            cli_err("%s: %s", emb, mct_strerror(rc));
            goto done;
        }
    }
    if ((rc = mct_review_network(rv, &d)))
        review_report(rc, &d, "network");
    else if ((rc = mct_review_themes(rv, &d)))
        review_report(rc, &d, "themes");
    ok = rc == MCT_OK;
done:
    free(xy);
    return ok;
}

int cmd_themes(int argc, char **argv)
{
    th_args a;
    mct_review_opts ro = mct_review_opts_default();
    mct_review *rv = NULL;
    screened s;
    themes t;
    outdir od;
    int st = themes_parse(argc, argv, &a);
    if (st)
        return st == CLI_HELP ? CLI_OK : st;
    memset(&s, 0, sizeof s);
    if (a.ta.file && strcmp(a.ta.file, "none") &&
        !lens_themes_read(a.ta.file, NULL, 0, (mct_theme_seeds **)&ro.seeds))
        return CLI_FAIL;
    st = CLI_FAIL;
    if (!outdir_begin(&od, a.a.out))
        goto done;
    a.a.so.outdir = a.a.out;
    themes_args_apply(&a.ta, &ro.themes);
    ro.keep_query_terms = a.ta.keep_query;
    ro.seed = a.a.seed;
    ro.n_threads = a.a.c.threads;
    ro.network.layout = false;
    if (!screen_read(a.a.inputs, a.a.n_inputs, &a.a.so, &a.a.c, &s,
                     &ro.screen) ||
        mct_review_new(&ro, &rv) || !themes_stages(&a.a, rv, &s, a.emb))
        goto fail;
    themes_view(rv, ro.seeds != NULL, &t);
    if (!lens_themes_write(&od, mct_review_included(rv), &t) ||
        !outdir_commit(&od))
        goto fail;
    lens_themes_warn(&t, &a.a.c);
    if (a.a.c.json)
        print_json(lens_themes_json(mct_review_included(rv), &t));
    else
        print_themes(&t);
    st = CLI_OK;
    goto done;
fail:
    outdir_abort(&od);
done:
    mct_review_free(rv);
    mct_theme_seeds_free((mct_theme_seeds *)ro.seeds);
    screen_free(&s);
    return st;
}

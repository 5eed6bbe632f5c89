/*
 * cmd_review.c - mctsne review: the paper's whole analysis in one run.
 * Import, de-duplication and screening (PRISMA 2020), publications per
 * year, a t-SNE map of the titles, the keyword network, the concept map
 * of the abstracts, themes and their triangulation; every table and
 * figure, results.json, manifest.json and a self-contained index.html,
 * written into OUTDIR all at once.
 */
#define _GNU_SOURCE
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
    "      --update PREV     update the review in directory PREV with the\n"
    "                        new exports: its records keep their fates, map\n"
    "                        places and themes, its parameters are the\n"
    "                        defaults; only the new records are screened\n"
    "                        (no INPUT: none). Adds changes.tsv\n"
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

static int parse(int argc, char **argv, review_args *a)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&a->out),
        CLI_OPTS_SCREEN(&a->so),
        CLI_OPTS_THEMES(&a->ta),
        CLI_OPT_SEED(&a->seed),
        CLI_OPT_THREADS(&a->c),
        {.name = "perplexity", .kind = CLI_DOUBLE, .dst = &a->perplexity,
         .lo = 1, .hi = 1e6},
        {.name = "iters", .kind = CLI_INT, .dst = &a->iters, .lo = 1,
         .hi = 100000},
        {.name = "min-count", .kind = CLI_SIZE, .dst = &a->min_count, .lo = 1,
         .hi = 1e6},
        {.name = "thesaurus", .kind = CLI_STRING, .dst = &a->thesaurus},
        {.name = "concepts", .kind = CLI_SIZE, .dst = &a->n_concepts,
         .lo = 1, .hi = 10000},
        {.name = "window", .kind = CLI_SIZE, .dst = &a->window, .lo = 1,
         .hi = 100},
        CLI_OPT_JSON(&a->c),
        {.name = "update", .kind = CLI_STRING, .dst = &a->update},
        CLI_OPT_QUIET(&a->c),
        CLI_OPT_VERBOSE(&a->c),
        CLI_OPT_END};
    int first, st = cli_parse(opts, usage, argc, argv, &first);
    if (st)
        return st;
    if (!a->out) {
        cli_err("review: -o OUTDIR is required (see mctsne review --help)");
        return CLI_USAGE;
    }
    a->inputs = argv + first;
    a->n_inputs = (size_t)(argc - first);
    return CLI_OK;
}

/* ---- setting up -------------------------------------------------------- */

/* What the stages are run with, set up before any of them starts. */
typedef struct setup {
    mct_review_opts ro;
    mct_thesaurus *thes;
    mct_theme_seeds *seeds;
} setup;

static void setup_free(setup *u, review_args *a)
{
    mct_thesaurus_free(u->thes);
    mct_theme_seeds_free(u->seeds);
    mct_review_prior_free(a->prior);
    for (size_t i = 0; i < a->n_owned; i++)
        free(a->owned[i]);
    mct_file_free(a->themes_file);
}

/* The themes: a file, the bundled paper's themes for the bundled corpus
 * (unless --themes none or --k), or unguided. Read and checked now, not
 * after the long stages. */
static bool setup_themes(review_args *a, setup *u, review *r)
{
    const char *file = a->ta.file;
    themes_args_apply(&a->ta, &u->ro.themes);
    u->ro.keep_query_terms = a->ta.keep_query;
    u->ro.concepts.academic_stop = !a->ta.keep_academic;
    if (file && strcmp(file, "none")) {
        if (!cli_read_file(file, &a->themes_file))
            return false;
        a->themes_text = mct_file_data(a->themes_file);
        a->themes_len = mct_file_size(a->themes_file);
        if (!lens_themes_read(file, a->themes_text, a->themes_len, &u->seeds))
            return false;
        r->themes_name = file;
    } else if (!file && !a->n_inputs && !a->update && !a->ta.k_given) {
        if (!lens_themes_read(BUNDLED_THEMES_NAME,
                              (const char *)bundled_themes,
                              bundled_themes_len, &u->seeds))
            return false;
        r->themes_name = BUNDLED_THEMES_NAME;
    }
    u->ro.seeds = u->seeds;
    return true;
}

/* The thesaurus of the keyword network, when there is one. */
static bool setup_thesaurus(review_args *a, setup *u)
{
    if (a->thesaurus && !lens_thesaurus_read(a->thesaurus, &u->thes))
        return false;
    u->ro.network.thesaurus = u->thes;
    return true;
}

/* Options of the stages; the files they read, checked. */
static bool setup_run(review_args *a, setup *u, review *r)
{
    /* Files read later must not be in the directory we replace. */
    const char *aux[3] = {a->themes_text ? a->ta.file : NULL,
                          a->so.exclude_file, a->thesaurus};
    if (a->update) {
        if (!review_update_read(a, &a->prior))
            return false;
        a->so.prior = mct_review_prior_records(a->prior);
        u->ro.prior = a->prior;
    } else if (!a->n_inputs) {
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
    if (!outdir_refuse_inputs(a->out, aux, 3))
        return false;
    if (!setup_thesaurus(a, u))
        return false;
    u->ro.seed = a->seed;
    u->ro.n_threads = a->c.threads;
    u->ro.map.perplexity = a->perplexity;
    u->ro.map.n_iter = a->iters;
    u->ro.network.min_count = a->min_count;
    u->ro.concepts.n_concepts = a->n_concepts;
    u->ro.concepts.window = a->window;
    r->seed = a->seed;
    r->update = a->update;
    r->window = a->window;
    r->min_count = a->min_count;
    return true;
}

/* ---- running ----------------------------------------------------------------- */

static void stage(const cli_common *c, int i, const char *what)
{
    cli_note(c, "[%d/7] %s", i, what);
}

/* The library's progress: the stages are announced here, the t-SNE's own
 * steps go to the progress display. */
static bool on_progress(void *user, const char *what, size_t done,
                        size_t total, double value)
{
    static const char *const stages[] = {"screening", "map", "network",
                                         "concepts", "themes"};
    for (size_t i = 0; i < sizeof stages / sizeof *stages; i++)
        if (!strcmp(what, stages[i]))
            return true;
    return cli_progress_cb(user, what, done, total, value);
}

/* Stages 1 and 2: screening and trends. */
static bool run_screening(review_args *a, setup *u, review *r, outdir *od)
{
    mct_diag d;
    mct_status rc;
    stage(&a->c, 1, "import, de-duplication and screening");
    a->so.outdir = a->out;
    if (!screen_read(a->inputs, a->n_inputs, &a->so, &a->c, &r->s,
                     &u->ro.screen) ||
        mct_review_new(&u->ro, &r->rv))
        return false;
    if ((rc = mct_review_screen(r->rv, r->s.all, &d))) {
        if (rc == MCT_EEMPTY)
            cli_err("review: no record is included");
        else
            screen_report(&a->so, rc, &d);
        return false;
    }
    if (!screen_layout(&r->s, mct_review_screening(r->rv), &a->c) ||
        !prisma_write(od, &r->s))
        return false;
    r->inc = mct_review_included(r->rv);
    if (!r->themes_name && a->ta.k > mct_records_count(r->inc)) {
        cli_err("review: %zu themes for %zu included records", a->ta.k,
                mct_records_count(r->inc));
        return false;
    }
    stage(&a->c, 2, "publications per year");
    return trends_compute(&r->s, a->so.year_from, a->so.year_to, &r->tr) &&
           trends_write(od, &r->tr);
}

static bool run_map(review_args *a, review *r, cli_progress *pr)
{
    mct_review_map_info mi;
    mct_diag d;
    mct_status rc;
    stage(&a->c, 3, "t-SNE map of the titles");
    rc = mct_review_map(r->rv, &d);
    cli_progress_end(pr);
    if (rc) {
        review_report(rc, &d, "review: title map");
        return false;
    }
    r->map = mct_review_map_xy(r->rv, NULL, &mi);
    r->map_terms = mi.terms;
    r->map_kl = mi.kl;
    r->map_kl_exact = mi.kl_exact;
    r->map_method = mi.method;
    r->map_perplexity = mi.perplexity;
    cli_note(&a->c, "map of %zu titles (%zu terms): KL %.4f (%s), "
                    "perplexity %g",
             mct_records_count(r->inc), r->map_terms, r->map_kl,
             r->map_kl_exact ? "exact" : "estimate", r->map_perplexity);
    return true;
}

/* Stages 3 to 6: the lenses and the themes. */
static bool run_lenses(review_args *a, setup *u, review *r, cli_progress *pr)
{
    mct_diag d;
    mct_status rc;
    if (!run_map(a, r, pr))
        return false;
    stage(&a->c, 4, "keyword network");
    if ((rc = mct_review_network(r->rv, &d))) {
        review_report(rc, &d, "review: keyword network");
        return false;
    }
    if ((r->net = mct_review_keywords(r->rv)))
        cli_note(&a->c, "%zu keywords, %zu links, %zu communities",
                 mct_net_n_nodes(r->net), mct_net_n_edges(r->net),
                 mct_net_n_communities(r->net));
    else
        cli_note(&a->c, "no author keyword occurs in %zu or more records: "
                        "no network", u->ro.network.min_count);
    stage(&a->c, 5, "concept map of the abstracts");
    if ((rc = mct_review_concepts(r->rv, &d))) {
        review_report(rc, &d, "review: concept map");
        return false;
    }
    if ((r->con = mct_review_concept_map(r->rv)))
        cli_note(&a->c, "%zu concepts in %zu blocks",
                 mct_concepts_count(r->con), mct_concepts_n_blocks(r->con));
    else
        cli_note(&a->c, "too little text for a concept map");
    stage(&a->c, 6, "themes and triangulation");
    if ((rc = mct_review_themes(r->rv, &d))) {
        review_report(rc, &d, "themes");
        return false;
    }
    themes_view(r->rv, u->seeds != NULL, &r->th);
    lens_themes_warn(&r->th, &a->c);
    return true;
}

/* Stage 7: every file of the report. */
static bool run_report(review_args *a, setup *u, review *r, outdir *od,
                       cJSON **results)
{
    stage(&a->c, 7, "writing the report");
    if (!review_write_map(od, r) ||
        (r->net && !lens_network_write(od, "network", r->net,
                                       "Co-word network of author keywords")) ||
        (r->con && !lens_concepts_write(od, r->con)) ||
        !lens_themes_write(od, r->inc, &r->th) ||
        !review_write_state(od, a, r) ||
        (r->update && !review_write_changes(od, r)))
        return false;
    if (!(*results = review_results_json(r))) {
        cli_err("out of memory");
        return false;
    }
    return review_write_json(od, *results, "results.json") &&
           report_html(od, r) &&
           review_write_manifest(od, a, r, &u->ro.network, &u->ro.concepts) &&
           outdir_commit(od);
}

static void print_summary(const review_args *a, const review *r,
                          cJSON *results)
{
    if (a->c.json) {
        char *txt = cJSON_Print(results);
        if (txt)
            printf("%s\n", txt);
        cJSON_free(txt);
        return;
    }
    if (r->update)
        printf("update of %s: %zu new records identified, %zu duplicates "
               "removed, %zu screened, %zu newly included; %zu included in "
               "all (%zu before); %zu theme%s\n",
               r->update, r->s.identified, r->s.duplicates, r->s.screened,
               r->s.included, r->s.total, r->s.prior_included, r->th.k,
               r->th.k == 1 ? "" : "s");
    else
        printf("%zu records identified, %zu duplicates removed, %zu "
               "screened, %zu included; %zu theme%s\n",
               r->s.identified, r->s.duplicates, r->s.screened,
               r->s.included, r->th.k, r->th.k == 1 ? "" : "s");
    printf("report: %s/index.html\n", a->out);
}

static void args_default(review_args *a, const setup *u)
{
    memset(a, 0, sizeof *a);
    a->so.format = MCT_FORMAT_AUTO;
    a->so.dedup = true;
    themes_args_default(&a->ta);
    a->seed = 42;
    a->perplexity = 30;
    a->iters = 1000;
    a->min_count = u->ro.network.min_count;
    a->n_concepts = u->ro.concepts.n_concepts;
    a->window = u->ro.concepts.window;
}

static void review_free(review *r)
{
    for (size_t c = 0; r->region_label && c < r->n_regions; c++)
        free(r->region_label[c]);
    free(r->region_label);
    free(r->region_n);
    trends_free(&r->tr);
    mct_review_free(r->rv);
    screen_free(&r->s);
}

int cmd_review(int argc, char **argv)
{
    review_args a;
    setup u;
    review r;
    outdir od;
    cli_progress pr;
    cJSON *results = NULL;
    int st;
    bool began = false;
    memset(&u, 0, sizeof u);
    memset(&r, 0, sizeof r);
    u.ro = mct_review_opts_default();
    args_default(&a, &u);
    /* An update's defaults come first, for the options to override. */
    st = CLI_FAIL;
    if ((a.update = review_find_update(argc, argv)) &&
        !review_update_defaults(&a))
        goto done;
    if ((st = parse(argc, argv, &a))) {
        st = st < 0 ? CLI_OK : st;
        goto done;
    }
    st = CLI_FAIL;
    if (!setup_run(&a, &u, &r) || !outdir_begin(&od, a.out))
        goto done;
    began = true;
    cli_progress_init(&pr, &a.c);
    u.ro.progress = on_progress;
    u.ro.progress_user = &pr;
    if (!run_screening(&a, &u, &r, &od) || !run_lenses(&a, &u, &r, &pr) ||
        !run_report(&a, &u, &r, &od, &results))
        goto done;
    began = false;
    print_summary(&a, &r, results);
    st = CLI_OK;
done:
    if (began)
        outdir_abort(&od);
    cJSON_Delete(results);
    review_free(&r);
    setup_free(&u, &a);
    return st;
}

/*
 * cmd_lenses.c - mctsne network, concepts and themes: one lens each, on
 * the records of INPUT... after duplicates are removed.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenses.h"
#include "prisma.h"

static void print_json(cJSON *j)
{
    char *t = j ? cJSON_Print(j) : NULL;
    if (t)
        printf("%s\n", t);
    cJSON_free(t);
    cJSON_Delete(j);
}

/* Options every lens shares. */
typedef struct lens_args {
    cli_common c;
    screen_opts so;
    uint64_t seed;
    const char *out;
    char **inputs;
    size_t n_inputs;
} lens_args;

enum {
    O_JSON = 256, O_FIELD, O_MIN, O_TOP, O_NORM, O_THES, O_SEED, O_WINDOW,
    O_CONCEPTS, O_SEEDS, O_EMB, O_THREADS, O_STOP
};

/* The options every lens takes: 1 taken, 0 not one of them, -1 bad. */
static int common_opt(int ch, lens_args *a)
{
    switch (ch) {
    case 'o': a->out = optarg; return 1;
    case 'q': a->c.quiet = true; return 1;
    case O_JSON: a->c.json = true; return 1;
    default: return screen_option(ch, optarg, &a->so);
    }
}

/* Inputs and the n option files (NULL when not given) are checked
 * against -o before any work: a file inside it would be lost. */
static int finish_args(int argc, char **argv, lens_args *a, const char *cmd,
                       const char *const *files, size_t n)
{
    if (optind >= argc) {
        cli_err("%s: expected INPUT files (see mctsne %s --help)", cmd, cmd);
        return CLI_USAGE;
    }
    if (!a->out) {
        cli_err("%s: -o DIR is required", cmd);
        return CLI_USAGE;
    }
    a->inputs = argv + optind;
    a->n_inputs = (size_t)(argc - optind);
    if (!outdir_refuse_inputs(a->out, files, n) ||
        !outdir_refuse_inputs(a->out, (const char *const *)a->inputs,
                              a->n_inputs))
        return CLI_FAIL;
    return CLI_OK;
}

static bool load(lens_args *a, screened *s, mct_records **inc)
{
    a->so.outdir = a->out;
    if (!screen_run(a->inputs, a->n_inputs, &a->so, &a->c, s))
        return false;
    if (!screen_included(s, inc)) {
        cli_err("out of memory");
        screen_free(s);
        return false;
    }
    return true;
}

/* ---- network -------------------------------------------------------------- */

static const char net_usage[] =
    "usage: mctsne network INPUT... -o DIR [options]\n"
    "\n"
    "The co-word network of the records' author keywords (after removing\n"
    "duplicates): nodes are keywords, normalised (case, Unicode, hyphens,\n"
    "plurals, a thesaurus), edges their co-occurrences in records. Writes\n"
    "network.svg, network.graphml and network.gexf (Gephi), network-\n"
    "vosviewer-map.txt and network-vosviewer-network.txt (VOSviewer),\n"
    "network.json and network-nodes.tsv (occurrences, degree, strength,\n"
    "betweenness, closeness, eigenvector, PageRank, Louvain and Leiden\n"
    "communities).\n"
    "\n"
    "  -o, --output DIR      where to write (replaced as a whole)\n"
    "      --field F         keywords|index-keywords|terms (the terms of\n"
    "                        title, abstract and keywords); default keywords\n"
    "      --min-count N     records a keyword needs (default 2)\n"
    "      --top N           keep the N most frequent (default all)\n"
    "      --norm N          association|cosine|jaccard|inclusion|raw\n"
    "                        (default association, as VOSviewer)\n"
    "      --thesaurus FILE  VOSviewer thesaurus (label<TAB>replace by)\n"
    "      --seed S          communities and layout (default 42)\n"
    SCREEN_HELP
    "      --json, -q, --quiet, -h, --help\n";

int cmd_network(int argc, char **argv)
{
    static const struct option lo[] = {
        {"output", required_argument, NULL, 'o'},
        {"field", required_argument, NULL, O_FIELD},
        {"min-count", required_argument, NULL, O_MIN},
        {"top", required_argument, NULL, O_TOP},
        {"norm", required_argument, NULL, O_NORM},
        {"thesaurus", required_argument, NULL, O_THES},
        {"seed", required_argument, NULL, O_SEED},
        SCREEN_LONGOPTS,
        {"json", no_argument, NULL, O_JSON},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    lens_args a;
    mct_net_opts no = mct_net_opts_default();
    net_field field = NET_KEYWORDS;
    const char *thes_file = NULL;
    mct_thesaurus *thes = NULL;
    screened s;
    mct_records *inc = NULL;
    mct_net *g = NULL;
    outdir od;
    int ch, st = CLI_FAIL;
    long l;
    memset(&a, 0, sizeof a);
    a.so.format = MCT_FORMAT_AUTO;
    a.so.dedup = true;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:qh", lo, NULL)) != -1) {
        int taken = common_opt(ch, &a);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (ch) {
        case 'h': fputs(net_usage, stdout); return CLI_OK;
        case O_FIELD:
            if (!net_field_parse(optarg, &field)) {
                cli_err("--field: expected keywords, index-keywords or terms, "
                        "got '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case O_MIN:
            if (!cli_long("--min-count", optarg, 1, 1000000, &l))
                return CLI_USAGE;
            no.min_count = (size_t)l;
            break;
        case O_TOP:
            if (!cli_long("--top", optarg, 1, 1000000, &l))
                return CLI_USAGE;
            no.top = (size_t)l;
            break;
        case O_NORM:
            if (mct_net_norm_parse(optarg, &no.norm)) {
                cli_err("--norm: expected association, cosine, jaccard, "
                        "inclusion or raw, got '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case O_THES: thes_file = optarg; break;
        case O_SEED:
            if (!cli_long("--seed", optarg, 0, 2147483647L, &l))
                return CLI_USAGE;
            no.seed = (uint64_t)l;
            break;
        default: fputs(net_usage, stderr); return CLI_USAGE;
        }
    }
    if ((st = finish_args(argc, argv, &a, "network", &thes_file, 1)))
        return st;
    st = CLI_FAIL;
    if (thes_file) {
        mct_diag d;
        mct_status rc;
        if ((rc = mct_thesaurus_new(&thes)) ||
            (rc = mct_thesaurus_read(thes, thes_file, &d))) {
            cli_diag(thes_file, &d, rc);
            mct_thesaurus_free(thes);
            return CLI_FAIL;
        }
        no.thesaurus = thes;
    }
    if (!outdir_begin(&od, a.out)) {
        mct_thesaurus_free(thes);
        return CLI_FAIL;
    }
    if (!load(&a, &s, &inc)) {
        outdir_abort(&od);
        mct_thesaurus_free(thes);
        return CLI_FAIL;
    }
    if (lens_network(inc, field, &no, false, &g) &&
        lens_network_write(&od, "network", g, "Co-word network") &&
        outdir_commit(&od)) {
        st = CLI_OK;
        if (a.c.json)
            print_json(lens_network_json(g));
        else
            printf("%zu nodes, %zu edges, %zu communities, modularity %.4f "
                   "(Louvain), %.4f (Leiden)\n",
                   mct_net_n_nodes(g), mct_net_n_edges(g),
                   mct_net_n_communities(g), mct_net_modularity(g, false),
                   mct_net_modularity(g, true));
    } else {
        outdir_abort(&od);
    }
    mct_net_free(g);
    mct_records_free(inc);
    screen_free(&s);
    mct_thesaurus_free(thes);
    return st;
}

/* ---- concepts ----------------------------------------------------------------- */

static const char con_usage[] =
    "usage: mctsne concepts INPUT... -o DIR [options]\n"
    "\n"
    "A concept map of the abstracts (the title and keywords where a record\n"
    "has none), made the way Leximancer makes them: the text is cut into\n"
    "blocks of sentences, concepts are the most frequent stemmed words and\n"
    "two-word phrases (or a seed list), linked by the blocks they share;\n"
    "themes are communities of concepts, named after their most frequent\n"
    "one. Writes concepts.svg, concepts.tsv, concept-paths.tsv (the\n"
    "strongest connecting paths, a maximum spanning tree on association\n"
    "strength) and the concept network in the formats of mctsne network.\n"
    "\n"
    "  -o, --output DIR     where to write (replaced as a whole)\n"
    "      --window N       sentences per block (default 2)\n"
    "      --concepts N     concepts kept (default 40)\n"
    "      --min-count N    blocks a concept needs (default 2)\n"
    "      --seeds FILE     concepts to use, one per line\n"
    "      --stopwords FILE more words to leave out\n"
    "      --keep-query-terms   keep the terms of --query (left out by\n"
    "                       default: every record has them)\n"
    "      --keep-academic-words  keep words like study, paper, explore\n"
    "      --seed S         themes and layout (default 42)\n"
    SCREEN_HELP
    "      --json, -q, --quiet, -h, --help\n";

int cmd_concepts(int argc, char **argv)
{
    static const struct option lo[] = {
        {"output", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, O_WINDOW},
        {"concepts", required_argument, NULL, O_CONCEPTS},
        {"min-count", required_argument, NULL, O_MIN},
        {"seeds", required_argument, NULL, O_SEEDS},
        {"stopwords", required_argument, NULL, O_STOP},
        {"seed", required_argument, NULL, O_SEED},
        {"keep-query-terms", no_argument, NULL, TO_KEEPQ},
        {"keep-academic-words", no_argument, NULL, TO_KEEPACAD},
        SCREEN_LONGOPTS,
        {"json", no_argument, NULL, O_JSON},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    lens_args a;
    mct_concepts_opts co = mct_concepts_opts_default();
    const char *seeds_file = NULL, *stop_file = NULL;
    mct_wordlist *seeds = NULL, *stop = NULL;
    char **qterms = NULL;
    size_t n_qterms = 0;
    bool keep_query = false;
    screened s;
    mct_records *inc = NULL;
    mct_concepts *c = NULL;
    outdir od;
    int ch, st;
    long l;
    memset(&a, 0, sizeof a);
    a.so.format = MCT_FORMAT_AUTO;
    a.so.dedup = true;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:qh", lo, NULL)) != -1) {
        int taken = common_opt(ch, &a);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (ch) {
        case 'h': fputs(con_usage, stdout); return CLI_OK;
        case O_WINDOW:
            if (!cli_long("--window", optarg, 1, 100, &l))
                return CLI_USAGE;
            co.window = (size_t)l;
            break;
        case O_CONCEPTS:
            if (!cli_long("--concepts", optarg, 1, 10000, &l))
                return CLI_USAGE;
            co.n_concepts = (size_t)l;
            break;
        case O_MIN:
            if (!cli_long("--min-count", optarg, 1, 1000000, &l))
                return CLI_USAGE;
            co.min_count = (size_t)l;
            break;
        case O_SEEDS: seeds_file = optarg; break;
        case O_STOP: stop_file = optarg; break;
        case TO_KEEPQ: keep_query = true; break;
        case TO_KEEPACAD: co.academic_stop = false; break;
        case O_SEED:
            if (!cli_long("--seed", optarg, 0, 2147483647L, &l))
                return CLI_USAGE;
            co.seed = (uint64_t)l;
            break;
        default: fputs(con_usage, stderr); return CLI_USAGE;
        }
    }
    {
        const char *files[2] = {seeds_file, stop_file};
        if ((st = finish_args(argc, argv, &a, "concepts", files, 2)))
            return st;
    }
    st = CLI_FAIL;
    {
        mct_diag d;
        mct_status rc;
        if (seeds_file && (rc = mct_wordlist_read(seeds_file, &seeds, &d))) {
            cli_diag(seeds_file, &d, rc);
            return CLI_FAIL;
        }
        if (stop_file && (rc = mct_wordlist_read(stop_file, &stop, &d))) {
            cli_diag(stop_file, &d, rc);
            mct_wordlist_free(seeds);
            return CLI_FAIL;
        }
        if (!keep_query &&
            !lens_query_terms(a.so.query, &qterms, &n_qterms))
            goto done;
        co.exclude_terms = (const char *const *)qterms;
        co.n_exclude_terms = n_qterms;
        if (seeds)
            co.seeds = mct_wordlist_words(seeds, &co.n_seeds);
        if (stop)
            co.stop_words = mct_wordlist_words(stop, &co.n_stop_words);
    }
    if (!outdir_begin(&od, a.out))
        goto done;
    if (!load(&a, &s, &inc)) {
        outdir_abort(&od);
        goto done;
    }
    if (lens_concepts(inc, &co, false, &c) && lens_concepts_write(&od, c) &&
        outdir_commit(&od)) {
        st = CLI_OK;
        if (a.c.json) {
            print_json(lens_concepts_json(c));
        } else {
            printf("%zu concepts in %zu blocks, %zu themes:", mct_concepts_count(c),
                   mct_concepts_n_blocks(c), mct_concepts_n_themes(c));
            for (size_t t = 0; t < mct_concepts_n_themes(c); t++)
                printf("%s %s", t ? "," : "", mct_concepts_theme_name(c, t));
            printf("\n");
        }
    } else {
        outdir_abort(&od);
    }
    mct_concepts_free(c);
    mct_records_free(inc);
    screen_free(&s);
done:
    lens_terms_free(qterms, n_qterms);
    mct_wordlist_free(seeds);
    mct_wordlist_free(stop);
    return st;
}

/* ---- themes -------------------------------------------------------------------- */

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

static int themes_parse(int argc, char **argv, lens_args *a, themes_args *ta,
                        const char **emb)
{
    static const struct option lo[] = {
        {"output", required_argument, NULL, 'o'},
        THEMES_LONGOPTS,
        {"embedding", required_argument, NULL, O_EMB},
        {"seed", required_argument, NULL, O_SEED},
        {"threads", required_argument, NULL, O_THREADS},
        SCREEN_LONGOPTS,
        {"json", no_argument, NULL, O_JSON},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;
    long l;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:qh", lo, NULL)) != -1) {
        int taken = common_opt(ch, a);
        if (!taken)
            taken = themes_option(ch, optarg, ta);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        switch (ch) {
        case 'h': fputs(th_usage, stdout); return -1;
        case O_EMB: *emb = optarg; break;
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
        default: fputs(th_usage, stderr); return CLI_USAGE;
        }
    }
    {
        const char *files[2] = {ta->file, *emb};
        return finish_args(argc, argv, a, "themes", files, 2);
    }
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
    lens_args a;
    themes_args ta;
    const char *emb = NULL;
    mct_review_opts ro = mct_review_opts_default();
    mct_review *rv = NULL;
    screened s;
    themes t;
    outdir od;
    int st;
    memset(&a, 0, sizeof a);
    memset(&s, 0, sizeof s);
    a.so.format = MCT_FORMAT_AUTO;
    a.so.dedup = true;
    a.seed = 42;
    themes_args_default(&ta);
    if ((st = themes_parse(argc, argv, &a, &ta, &emb)))
        return st < 0 ? CLI_OK : st;
    if (ta.file && strcmp(ta.file, "none") &&
        !lens_themes_read(ta.file, NULL, 0, (mct_theme_seeds **)&ro.seeds))
        return CLI_FAIL;
    st = CLI_FAIL;
    if (!outdir_begin(&od, a.out))
        goto done;
    a.so.outdir = a.out;
    themes_args_apply(&ta, &ro.themes);
    ro.keep_query_terms = ta.keep_query;
    ro.seed = a.seed;
    ro.n_threads = a.c.threads;
    ro.network.layout = false;
    if (!screen_read(a.inputs, a.n_inputs, &a.so, &a.c, &s, &ro.screen) ||
        mct_review_new(&ro, &rv) || !themes_stages(&a, rv, &s, emb))
        goto fail;
    themes_view(rv, ro.seeds != NULL, &t);
    if (!lens_themes_write(&od, mct_review_included(rv), &t) ||
        !outdir_commit(&od))
        goto fail;
    lens_themes_warn(&t, &a.c);
    if (a.c.json)
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

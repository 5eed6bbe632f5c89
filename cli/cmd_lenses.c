/*
 * cmd_lenses.c - mctsne network and concepts: one lens each, on the
 * records of INPUT... after duplicates are removed (mctsne themes is in
 * cmd_themes.c). Each command parses its options, runs its lens and
 * writes the files.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenses.h"
#include "prisma.h"

void lens_args_default(lens_args *a)
{
    memset(a, 0, sizeof *a);
    a->so.format = MCT_FORMAT_AUTO;
    a->so.dedup = true;
    a->seed = 42;
}

int lens_parse(const cli_opt *opts, const char *usage, const char *cmd,
               int argc, char **argv, lens_args *a)
{
    int first, st = cli_parse(opts, usage, argc, argv, &first);
    if (st)
        return st;
    return cli_operands(cmd, argc, argv, first, true, &a->out, &a->inputs,
                        &a->n_inputs);
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

typedef struct net_args {
    lens_args a;
    mct_net_opts no;
    net_field field;
    const char *thes_file;
} net_args;

static int field_option(int code, const char *arg, void *field)
{
    (void)code;
    if (net_field_parse(arg, field))
        return 1;
    cli_err("--field: expected keywords, index-keywords or terms, got '%s'",
            arg);
    return -1;
}

static int norm_option(int code, const char *arg, void *norm)
{
    (void)code;
    if (!mct_net_norm_parse(arg, norm))
        return 1;
    cli_err("--norm: expected association, cosine, jaccard, inclusion or "
            "raw, got '%s'", arg);
    return -1;
}

static int network_parse(int argc, char **argv, net_args *n)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&n->a.out),
        {.name = "field", .kind = CLI_CALL, .dst = &n->field,
         .call = field_option},
        {.name = "min-count", .kind = CLI_SIZE, .dst = &n->no.min_count,
         .lo = 1, .hi = 1e6},
        {.name = "top", .kind = CLI_SIZE, .dst = &n->no.top, .lo = 1,
         .hi = 1e6},
        {.name = "norm", .kind = CLI_CALL, .dst = &n->no.norm,
         .call = norm_option},
        {.name = "thesaurus", .kind = CLI_STRING, .dst = &n->thes_file},
        CLI_OPT_SEED(&n->no.seed),
        CLI_OPTS_SCREEN(&n->a.so),
        CLI_OPT_JSON(&n->a.c),
        CLI_OPT_QUIET(&n->a.c),
        CLI_OPT_END};
    memset(n, 0, sizeof *n);
    lens_args_default(&n->a);
    n->no = mct_net_opts_default();
    n->field = NET_KEYWORDS;
    return lens_parse(opts, net_usage, "network", argc, argv, &n->a);
}

static void network_print(const net_args *n, const mct_net *g)
{
    if (n->a.c.json) {
        print_json(lens_network_json(g));
        return;
    }
    printf("%zu nodes, %zu edges, %zu communities, modularity %.4f "
           "(Louvain), %.4f (Leiden)\n",
           mct_net_n_nodes(g), mct_net_n_edges(g), mct_net_n_communities(g),
           mct_net_modularity(g, false), mct_net_modularity(g, true));
}

int cmd_network(int argc, char **argv)
{
    net_args n;
    mct_thesaurus *thes = NULL;
    screened s;
    mct_records *inc = NULL;
    mct_net *g = NULL;
    outdir od;
    int st = network_parse(argc, argv, &n);
    if (st)
        return st == CLI_HELP ? CLI_OK : st;
    if (n.thes_file && !lens_thesaurus_read(n.thes_file, &thes))
        return CLI_FAIL;
    n.no.thesaurus = thes;
    st = CLI_FAIL;
    if (!outdir_begin(&od, n.a.out))
        goto done;
    if (!load(&n.a, &s, &inc)) {
        outdir_abort(&od);
        goto done;
    }
    if (lens_network(inc, n.field, &n.no, false, &g) &&
        lens_network_write(&od, "network", g, "Co-word network") &&
        outdir_commit(&od)) {
        network_print(&n, g);
        st = CLI_OK;
    } else {
        outdir_abort(&od);
    }
    mct_net_free(g);
    mct_records_free(inc);
    screen_free(&s);
done:
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

typedef struct con_args {
    lens_args a;
    mct_concepts_opts co;
    const char *seeds_file, *stop_file;
    bool keep_query, keep_academic;
    /* read before the work starts */
    mct_wordlist *seeds, *stop;
    char **qterms;
    size_t n_qterms;
} con_args;

static int concepts_parse(int argc, char **argv, con_args *c)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&c->a.out),
        {.name = "window", .kind = CLI_SIZE, .dst = &c->co.window, .lo = 1,
         .hi = 100},
        {.name = "concepts", .kind = CLI_SIZE, .dst = &c->co.n_concepts,
         .lo = 1, .hi = 10000},
        {.name = "min-count", .kind = CLI_SIZE, .dst = &c->co.min_count,
         .lo = 1, .hi = 1e6},
        {.name = "seeds", .kind = CLI_STRING, .dst = &c->seeds_file},
        {.name = "stopwords", .kind = CLI_STRING, .dst = &c->stop_file},
        {.name = "keep-query-terms", .kind = CLI_FLAG, .dst = &c->keep_query},
        {.name = "keep-academic-words", .kind = CLI_FLAG,
         .dst = &c->keep_academic},
        CLI_OPT_SEED(&c->co.seed),
        CLI_OPTS_SCREEN(&c->a.so),
        CLI_OPT_JSON(&c->a.c),
        CLI_OPT_QUIET(&c->a.c),
        CLI_OPT_END};
    memset(c, 0, sizeof *c);
    lens_args_default(&c->a);
    c->co = mct_concepts_opts_default();
    return lens_parse(opts, con_usage, "concepts", argc, argv, &c->a);
}

/* The word lists and the query's terms, read before the work starts. */
static bool concepts_setup(con_args *c)
{
    mct_diag d;
    mct_status rc;
    if (c->seeds_file &&
        (rc = mct_wordlist_read(c->seeds_file, &c->seeds, &d))) {
        cli_diag(c->seeds_file, &d, rc);
        return false;
    }
    if (c->stop_file && (rc = mct_wordlist_read(c->stop_file, &c->stop, &d))) {
        cli_diag(c->stop_file, &d, rc);
        return false;
    }
    if (!c->keep_query &&
        !lens_query_terms(c->a.so.query, &c->qterms, &c->n_qterms))
        return false;
    c->co.academic_stop = !c->keep_academic;
    c->co.exclude_terms = (const char *const *)c->qterms;
    c->co.n_exclude_terms = c->n_qterms;
    if (c->seeds)
        c->co.seeds = mct_wordlist_words(c->seeds, &c->co.n_seeds);
    if (c->stop)
        c->co.stop_words = mct_wordlist_words(c->stop, &c->co.n_stop_words);
    return true;
}

static void concepts_print(const con_args *a, const mct_concepts *c)
{
    if (a->a.c.json) {
        print_json(lens_concepts_json(c));
        return;
    }
    printf("%zu concepts in %zu blocks, %zu themes:", mct_concepts_count(c),
           mct_concepts_n_blocks(c), mct_concepts_n_themes(c));
    for (size_t t = 0; t < mct_concepts_n_themes(c); t++)
        printf("%s %s", t ? "," : "", mct_concepts_theme_name(c, t));
    printf("\n");
}

int cmd_concepts(int argc, char **argv)
{
    con_args a;
    screened s;
    mct_records *inc = NULL;
    mct_concepts *c = NULL;
    outdir od;
    int st = concepts_parse(argc, argv, &a);
    if (st)
        return st == CLI_HELP ? CLI_OK : st;
    st = CLI_FAIL;
    if (!concepts_setup(&a) || !outdir_begin(&od, a.a.out))
        goto done;
    if (!load(&a.a, &s, &inc)) {
        outdir_abort(&od);
        goto done;
    }
    if (lens_concepts(inc, &a.co, false, &c) && lens_concepts_write(&od, c) &&
        outdir_commit(&od)) {
        concepts_print(&a, c);
        st = CLI_OK;
    } else {
        outdir_abort(&od);
    }
    mct_concepts_free(c);
    mct_records_free(inc);
    screen_free(&s);
done:
    lens_terms_free(a.qterms, a.n_qterms);
    mct_wordlist_free(a.seeds);
    mct_wordlist_free(a.stop);
    return st;
}

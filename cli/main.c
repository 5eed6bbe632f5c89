/*
 * main.c - mctsne: the command-line tool over libmctext.
 *
 *   mctsne SUBCOMMAND [options]    one stage of the analysis
 *   mctsne FILE [options]          the same as: mctsne embed FILE
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "digest.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"concepts", cmd_concepts, "concept map of abstracts (Leximancer-style)"},
    {"embed", cmd_embed, "t-SNE map of titles, records or numbers"},
    {"network", cmd_network, "co-word network of author keywords"},
    {"prisma", cmd_prisma, "PRISMA 2020 counts and flow diagram, "
                           "de-duplication"},
    {"review", cmd_review, "the whole review: every stage, one HTML "
                           "report"},
    {"tfidf", cmd_tfidf, "TF-IDF matrix of a corpus (Matrix Market)"},
    {"themes", cmd_themes, "themes by spherical k-means, triangulation"},
    {"trends", cmd_trends, "publications per year and growth rate"},
    {NULL, NULL, NULL}};

static void help(FILE *f)
{
    fprintf(f, "usage: mctsne SUBCOMMAND [options] INPUT...\n"
               "       mctsne INPUT [options]    (the same as mctsne embed)\n"
               "       mctsne --version | --help\n\n"
               "Text mining and t-SNE maps for systematic literature "
               "reviews.\n\nSubcommands:\n");
    for (const command *c = commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\n'mctsne SUBCOMMAND --help' describes each one.\n");
}

/*
 * OpenBLAS splits some of its sums (dot products, norms) among its own
 * threads, so their order, and the last bits of the PCA, depend on how
 * many it runs. mctsne promises the same bytes on any machine, so BLAS
 * runs on one thread; libmctext parallelises the heavy work itself. Weak,
 * so that mctsne still links against another BLAS.
 */
extern void openblas_set_num_threads(int n) __attribute__((weak));

int main(int argc, char **argv)
{
    if (openblas_set_num_threads)
        openblas_set_num_threads(1);
    if (argc < 2) {
        help(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        help(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        mct_dependency dep[16];
        size_t nd = mct_dependencies(dep, 16);
        printf("mctsne %s (libmctext %s)\n", MCT_VERSION_STRING,
               mct_version());
        char nettle[32];
        for (size_t i = 0; i < nd && i < 16; i++)
            printf("  %s %s\n", dep[i].name, dep[i].version);
        digest_library_version(nettle, sizeof nettle);
        printf("  Nettle %s (mctsne's SHA-256)\n", nettle);
        return CLI_OK;
    }
    for (const command *c = commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    /* mctsne FILE: a map of the file, as mctsne embed FILE. */
    {
        struct stat st;
        if (argv[1][0] != '-' && (stat(argv[1], &st) == 0 ||
                                  strchr(argv[1], '.') || strchr(argv[1], '/')))
            return cmd_embed(argc, argv);
    }
    cli_err("unknown subcommand '%s' (see mctsne --help)", argv[1]);
    return CLI_USAGE;
}

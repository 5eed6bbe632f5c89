/*
 * opts.h - one option parser for every subcommand. A command lists its
 * options in a table (name, where the value goes, its range); cli_parse
 * runs getopt_long over it, checks every value, and says what is wrong
 * in one line. Options that several commands share are spelled once,
 * as the CLI_OPT_* macros below, so they read and behave the same way
 * everywhere.
 */
#ifndef MCTSNE_OPTS_H
#define MCTSNE_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"

typedef enum cli_opt_kind {
    CLI_FLAG,   /* bool *: set true; takes no argument */
    CLI_UNFLAG, /* bool *: set false; takes no argument */
    CLI_STRING, /* const char **: the argument itself */
    CLI_INT,    /* int *, from lo to hi */
    CLI_SIZE,   /* size_t *, from lo to hi */
    CLI_U64,    /* uint64_t *, from lo to hi */
    CLI_DOUBLE, /* double *, from lo to hi */
    CLI_CALL    /* call(code, arg, dst): 1 taken, -1 bad (said why) */
} cli_opt_kind;

typedef struct cli_opt {
    const char *name; /* the long name, without "--"; NULL ends a table */
    char letter;      /* the short option, or 0 */
    cli_opt_kind kind;
    void *dst;
    double lo, hi;
    int (*call)(int code, const char *arg, void *dst);
    int code;         /* passed to call */
    bool no_arg;      /* CLI_CALL only: the option takes no argument */
} cli_opt;

/* The options most commands take, spelled the same everywhere. Tables
 * use designated initializers: fields left out are 0. */
#define CLI_OPT_OUTPUT(p)                                                  \
    {.name = "output", .letter = 'o', .kind = CLI_STRING, .dst = (p)}
#define CLI_OPT_QUIET(c)                                                   \
    {.name = "quiet", .letter = 'q', .kind = CLI_FLAG, .dst = &(c)->quiet}
#define CLI_OPT_VERBOSE(c)                                                 \
    {.name = "verbose", .letter = 'v', .kind = CLI_FLAG,                   \
     .dst = &(c)->verbose}
#define CLI_OPT_JSON(c) {.name = "json", .kind = CLI_FLAG, .dst = &(c)->json}
#define CLI_OPT_THREADS(c)                                                 \
    {.name = "threads", .kind = CLI_INT, .dst = &(c)->threads,             \
     .hi = CLI_MAX_THREADS}
#define CLI_OPT_SEED(p)                                                    \
    {.name = "seed", .kind = CLI_U64, .dst = (p), .hi = 2147483647.0}
#define CLI_OPT_END {.name = NULL}

/* The most threads --threads accepts. */
#define CLI_MAX_THREADS 4096

/* What cli_parse returns besides CLI_OK and CLI_USAGE: -h or --help
 * printed the usage (the command then ends with CLI_OK). */
enum { CLI_HELP = -1 };

/*
 * Parses argv[1..] against opts (ended by CLI_OPT_END); -h and --help
 * print usage on stdout. Values are stored as they come, so a later
 * option overrides an earlier one. On CLI_OK, *first is the index of the
 * first operand. An unknown option or a bad value gets one line on
 * stderr (and for an unknown option, the usage) and CLI_USAGE.
 */
int cli_parse(const cli_opt *opts, const char *usage, int argc, char **argv,
              int *first);

/*
 * The operands after the options: CLI_USAGE with a one-line error when
 * need_inputs and there are none, or when need_out and *out is NULL.
 */
int cli_operands(const char *cmd, int argc, char **argv, int first,
                 bool need_inputs, const char *const *out, char ***inputs,
                 size_t *n_inputs);

#endif

/*
 * opts.c - the option parser of every subcommand (opts.h).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

static bool takes_arg(const cli_opt *o)
{
    if (o->kind == CLI_CALL)
        return !o->no_arg;
    return o->kind != CLI_FLAG && o->kind != CLI_UNFLAG;
}

/* Stores one value; false after saying what is wrong with it. */
static bool store(const cli_opt *o, const char *arg)
{
    char opt[64];
    long l = 0;
    snprintf(opt, sizeof opt, "--%s", o->name);
    switch (o->kind) {
    case CLI_FLAG: *(bool *)o->dst = true; return true;
    case CLI_UNFLAG: *(bool *)o->dst = false; return true;
    case CLI_STRING: *(const char **)o->dst = arg; return true;
    case CLI_DOUBLE: return cli_double(opt, arg, o->lo, o->hi, o->dst);
    case CLI_CALL: return o->call(o->code, arg, o->dst) > 0;
    default: break;
    }
    if (!cli_long(opt, arg, (long)o->lo, (long)o->hi, &l))
        return false;
    if (o->kind == CLI_INT)
        *(int *)o->dst = (int)l;
    else if (o->kind == CLI_SIZE)
        *(size_t *)o->dst = (size_t)l;
    else
        *(uint64_t *)o->dst = (uint64_t)l;
    return true;
}

/* getopt_long's tables for opts: long options, then the short ones. */
static bool tables(const cli_opt *opts, size_t n, struct option **lo,
                   char **so)
{
    char *s;
    *lo = calloc(n + 2, sizeof **lo);
    *so = s = malloc(2 * n + 2);
    if (!*lo || !s) {
        cli_err("out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        (*lo)[i].name = opts[i].name;
        (*lo)[i].has_arg = takes_arg(&opts[i]) ? required_argument
                                                : no_argument;
        (*lo)[i].val = opts[i].letter ? opts[i].letter : 256 + (int)i;
        if (opts[i].letter) {
            *s++ = opts[i].letter;
            if (takes_arg(&opts[i]))
                *s++ = ':';
        }
    }
    (*lo)[n] = (struct option){"help", no_argument, NULL, 'h'};
    *s++ = 'h';
    *s = '\0';
    return true;
}

static const cli_opt *find(const cli_opt *opts, size_t n, int ch)
{
    for (size_t i = 0; i < n; i++)
        if (ch == (opts[i].letter ? opts[i].letter : 256 + (int)i))
            return &opts[i];
    return NULL;
}

int cli_parse(const cli_opt *opts, const char *usage, int argc, char **argv,
              int *first)
{
    size_t n = 0;
    struct option *lo = NULL;
    char *so = NULL;
    int ch, st = CLI_OK;
    while (opts[n].name)
        n++;
    if (!tables(opts, n, &lo, &so)) {
        st = CLI_USAGE;
        goto done;
    }
    optind = 1;
    while (st == CLI_OK && (ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
        const cli_opt *o = find(opts, n, ch);
        if (ch == 'h' && !o) {
            fputs(usage, stdout);
            st = CLI_HELP;
        } else if (!o) {
            fputs(usage, stderr);
            st = CLI_USAGE;
        } else if (!store(o, optarg)) {
            st = CLI_USAGE;
        }
    }
    *first = optind;
done:
    free(lo);
    free(so);
    return st;
}

int cli_operands(const char *cmd, int argc, char **argv, int first,
                 bool need_inputs, const char *const *out, char ***inputs,
                 size_t *n_inputs)
{
    if (need_inputs && first >= argc) {
        cli_err("%s: expected INPUT files (see mctsne %s --help)", cmd, cmd);
        return CLI_USAGE;
    }
    if (out && !*out) {
        cli_err("%s: -o DIR is required (see mctsne %s --help)", cmd, cmd);
        return CLI_USAGE;
    }
    *inputs = argv + first;
    *n_inputs = (size_t)(argc - first);
    return CLI_OK;
}

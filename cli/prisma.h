/*
 * prisma.h - PRISMA and trends outputs, shared by mctsne prisma, trends
 * and review.
 */
#ifndef MCTSNE_PRISMA_H
#define MCTSNE_PRISMA_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "outdir.h"
#include "screen.h"

/* mctsne prisma and trends: the same options (-o DIR optional, the
 * screening options, --json, -q) and the same run around what each
 * writes and prints. */
typedef struct screen_cmd {
    cli_common c;
    screen_opts so;
    const char *out;  /* NULL: print only */
    char **inputs;
    size_t n_inputs;
    outdir od;        /* begun when out is set */
    screened s;       /* the screening, once begun */
    bool began;
} screen_cmd;

/* Parses the options, begins the output directory and screens the
 * inputs: CLI_OK, CLI_HELP, or CLI_USAGE / CLI_FAIL after one line. */
int screen_cmd_begin(screen_cmd *a, const char *cmd, const char *help,
                     int argc, char **argv);
/* Moves the files into place when written is true (and there is an
 * output directory); otherwise removes them. False when nothing was
 * written or the move failed. */
bool screen_cmd_commit(screen_cmd *a, bool written);
void screen_cmd_free(screen_cmd *a);

/* Prints j on stdout and frees it (NULL: nothing). */
void print_json(cJSON *j);

/* A CSV field, quoted when needed (RFC 4180). */
void csv_field(FILE *f, const char *s);
/* A TSV field: tabs and line breaks become spaces. */
void tsv_field(FILE *f, const char *s);

/* The counts as a JSON object (free with cJSON_Delete). */
cJSON *prisma_json(const screened *s);
/* The PRISMA 2020 flow diagram. */
void prisma_svg(FILE *f, const screened *s, bool standalone);
/* prisma.svg, PRISMA.csv, included.csv/.jsonl, duplicates.tsv,
 * excluded.tsv. */
bool prisma_write(outdir *o, const screened *s);

/* Publications per year of the included records. */
typedef struct trends {
    int first, last;   /* the year range shown */
    size_t *count;     /* last - first + 1 values */
    size_t no_year;    /* included records without a year */
    double growth;     /* annual growth rate in %, NAN when undefined */
} trends;

/* Years from..to (0: from the data). */
bool trends_compute(const screened *s, int from, int to, trends *t);
void trends_free(trends *t);
cJSON *trends_json(const trends *t);
void trends_svg(FILE *f, const trends *t, bool standalone);
/* trends.tsv and trends.svg */
bool trends_write(outdir *o, const trends *t);

#endif

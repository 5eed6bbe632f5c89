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

/*
 * cmd_trends.c - mctsne trends: publications per year and the annual
 * growth rate, as bibliometrix computes it.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prisma.h"
#include "svg.h"

static const char usage[] =
    "usage: mctsne trends INPUT... [-o DIR] [options]\n"
    "\n"
    "Publications per year of the records (after removing duplicates and\n"
    "applying --query, --years and --exclude as mctsne prisma does), every\n"
    "year of the range included, zeros too, and the annual growth rate as\n"
    "bibliometrix computes it: ((last / first)^(1 / (last year - first\n"
    "year)) - 1) x 100. With -o DIR writes trends.tsv and trends.svg.\n"
    "\n"
    "  -o, --output DIR     write the files there (replaced as a whole)\n"
    "      --years A-B      the range (default: first to last year found)\n"
    "      --query Q        as mctsne prisma\n"
    "      --exclude FILE   as mctsne prisma\n"
    "      --format F       input format (default: detected)\n"
    "      --no-dedup       count duplicates too\n"
    "      --json           print the figures as JSON\n"
    "  -q, --quiet          no messages\n"
    "  -h, --help           this help\n";

bool trends_compute(const screened *s, int from, int to, trends *t)
{
    mct_trends *lt = NULL;
    const mct_records *inc = mct_screening_included(s->view);
    const size_t *c;
    memset(t, 0, sizeof *t);
    if (mct_trends_count(inc, from, to, &lt)) {
        cli_err("out of memory");
        return false;
    }
    c = mct_trends_counts(lt, &t->first, &t->last);
    t->no_year = mct_trends_without_year(lt);
    t->growth = mct_trends_growth(lt);
    if (c && !(t->count = calloc((size_t)(t->last - t->first + 1),
                                 sizeof *t->count))) {
        mct_trends_free(lt);
        cli_err("out of memory");
        return false;
    }
    if (c)
        memcpy(t->count, c, (size_t)(t->last - t->first + 1) * sizeof *c);
    mct_trends_free(lt);
    return true;
}

void trends_free(trends *t)
{
    free(t->count);
    t->count = NULL;
}

cJSON *trends_json(const trends *t)
{
    cJSON *o = cJSON_CreateObject(), *y;
    if (!o)
        return NULL;
    y = cJSON_AddObjectToObject(o, "per_year");
    for (int k = t->first; y && t->count && k <= t->last; k++) {
        char key[16];
        snprintf(key, sizeof key, "%d", k);
        cJSON_AddNumberToObject(y, key, (double)t->count[k - t->first]);
    }
    if (isnan(t->growth))
        cJSON_AddNullToObject(o, "annual_growth_rate_percent");
    else
        cJSON_AddNumberToObject(o, "annual_growth_rate_percent",
                                round(t->growth * 100) / 100);
    cJSON_AddNumberToObject(o, "without_year", (double)t->no_year);
    return o;
}

void trends_svg(FILE *f, const trends *t, bool standalone)
{
    size_t n = t->count ? (size_t)(t->last - t->first + 1) : 0;
    char **lab = calloc(n + 1, sizeof *lab);
    double *v = calloc(n + 1, sizeof *v);
    char title[128];
    svg_bars b;
    if (!lab || !v)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (asprintf(&lab[i], "%d", t->first + (int)i) < 0)
            lab[i] = NULL;
        v[i] = (double)t->count[i];
    }
    if (isnan(t->growth))
        snprintf(title, sizeof title, "Publications per year");
    else
        snprintf(title, sizeof title,
                 "Publications per year (annual growth %.2f%%)", t->growth);
    b.label = (const char *const *)lab;
    b.value = v;
    b.n = n;
    b.title = title;
    b.y_label = "publications";
    svg_bars_write(f, &b, standalone);
out:
    for (size_t i = 0; lab && i < n; i++)
        free(lab[i]);
    free(lab);
    free(v);
}

bool trends_write(outdir *o, const trends *t)
{
    FILE *f = outdir_open(o, "trends.tsv");
    if (!f)
        return false;
    fputs("year\tpublications\n", f);
    for (int y = t->first; t->count && y <= t->last; y++)
        fprintf(f, "%d\t%zu\n", y, t->count[y - t->first]);
    if (!outdir_close(o, f, "trends.tsv") ||
        !(f = outdir_open(o, "trends.svg")))
        return false;
    trends_svg(f, t, true);
    return outdir_close(o, f, "trends.svg");
}

static void trends_print(const trends *t, const cli_common *c)
{
    if (c->json) {
        print_json(trends_json(t));
        return;
    }
    printf("year\tpublications\n");
    for (int y = t->first; t->count && y <= t->last; y++)
        printf("%d\t%zu\n", y, t->count[y - t->first]);
    if (isnan(t->growth))
        printf("annual growth rate: undefined\n");
    else
        printf("annual growth rate: %.2f%%\n", t->growth);
}

int cmd_trends(int argc, char **argv)
{
    screen_cmd a;
    trends t;
    bool ok;
    int st = screen_cmd_begin(&a, "trends", usage, argc, argv);
    if (st)
        return st == CLI_HELP ? CLI_OK : st;
    ok = trends_compute(&a.s, a.so.year_from, a.so.year_to, &t);
    if (screen_cmd_commit(&a, ok && (!a.out || trends_write(&a.od, &t))))
        trends_print(&t, &a.c);
    else
        st = CLI_FAIL;
    if (ok)
        trends_free(&t);
    screen_cmd_free(&a);
    return st;
}

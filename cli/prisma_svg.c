/*
 * prisma_svg.c - the PRISMA 2020 flow diagram as SVG: identification,
 * screening and included, with an update's earlier studies and total.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prisma.h"
#include "svg.h"

static void box(FILE *f, double x, double y, double w, double h,
                const char *fill, char **lines, size_t n)
{
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
               "fill=\"%s\" stroke=\"#333\"/>\n",
            x, y, w, h, fill);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\"%s>", x + 10,
                y + 20 + 16 * (double)i, i == 0 ? " font-weight=\"bold\"" : "");
        svg_escape(f, lines[i]);
        fputs("</text>\n", f);
    }
}

static void arrow(FILE *f, double x1, double y1, double x2, double y2)
{
    fprintf(f, "<path d=\"M%.0f %.0fL%.0f %.0f\" stroke=\"#333\" "
               "stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n",
            x1, y1, x2, y2);
}

static void phase(FILE *f, double y, double h, const char *name)
{
    fprintf(f, "<rect x=\"10\" y=\"%.0f\" width=\"28\" height=\"%.0f\" "
               "rx=\"6\" fill=\"#a6c8e4\"/>\n<text x=\"24\" y=\"%.0f\" "
               "transform=\"rotate(-90 24 %.0f)\" text-anchor=\"middle\" "
               "font-weight=\"bold\">%s</text>\n",
            y, h, y + h / 2, y + h / 2, name);
}

/* Lines of text, allocated; freed by free_lines. */
static size_t add_line(char **l, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static size_t add_line(char **l, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&l[n], fmt, ap) < 0)
        l[n] = NULL;
    va_end(ap);
    return l[n] ? n + 1 : n;
}

static void free_lines(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
}

/* Bytes of the longest prefix of s with at most max bytes that does not
 * end inside a UTF-8 character. */
static int utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* An update's flow ends in the earlier review's studies and the total. */
static void update_boxes(FILE *f, const screened *s, double y5)
{
    char *l[2];
    size_t n = 0;
    n = add_line(l, n, "Studies included in previous version");
    n = add_line(l, n, "of review (n = %zu)", s->prior_included);
    box(f, 450, y5, 330, 60, "#ffffff", l, n);
    free_lines(l, n);
    n = 0;
    n = add_line(l, n, "Total studies included in review");
    n = add_line(l, n, "(n = %zu)", s->total);
    box(f, 250, y5 + 90, 330, 60, "#ffffff", l, n);
    free_lines(l, n);
    arrow(f, 215, y5 + 60, 300, y5 + 90);
    arrow(f, 615, y5 + 60, 530, y5 + 90);
}

/* The boxes' heights and tops: the flow's layout. */
typedef struct flow {
    double h1, h2, h4, y1, y3, y5, H;
    size_t nr; /* exclusion reasons shown */
} flow;

static void flow_layout(const screened *s, flow *w)
{
    w->nr = s->n_reasons < 12 ? s->n_reasons : 12;
    w->h1 = 40 + 16.0 * (double)(s->n_src + 1);
    w->h4 = 40 + 16.0 * (double)w->nr;
    w->h2 = 106;
    w->y1 = 60;
    w->y3 = w->y1 + (w->h1 > w->h2 ? w->h1 : w->h2) + 50;
    w->y5 = w->y3 + (w->h4 > 70 ? w->h4 : 70) + 50;
    w->H = w->y5 + (s->prior ? 200 : 110);
}

static void flow_open(FILE *f, double H, bool standalone)
{
    if (standalone)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" "
               "height=\"%.0f\" viewBox=\"0 0 800 %.0f\" "
               "font-family=\"sans-serif\" font-size=\"13\">\n"
               "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" "
               "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
               "orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#333\"/>"
               "</marker></defs>\n<rect width=\"800\" height=\"%.0f\" "
               "fill=\"#ffffff\"/>\n<text x=\"50\" y=\"30\" font-size=\"16\">"
               "PRISMA 2020 flow diagram</text>\n",
            H, H, H);
}

/* The identification row: the sources, and what was removed before
 * screening. */
static void identification(FILE *f, const screened *s, const flow *w)
{
    char *l[48];
    size_t n = 0;
    n = add_line(l, n, "Records identified from:");
    for (size_t i = 0; i < s->n_src; i++)
        n = add_line(l, n, "%s (n = %zu)", s->src[i].name, s->src[i].n);
    n = add_line(l, n, "Total (n = %zu)", s->identified);
    box(f, 50, w->y1, 330, w->h1 > 90 ? w->h1 : 90, "#ffffff", l, n);
    free_lines(l, n);
    n = 0;
    n = add_line(l, n, "Records removed before screening:");
    n = add_line(l, n, "Duplicate records (n = %zu): by", s->duplicates);
    n = add_line(l, n, "automation %zu, by the reviewer %zu",
                 s->duplicates - s->dup_reviewer, s->dup_reviewer);
    n = add_line(l, n, "Marked ineligible by automation");
    n = add_line(l, n, "tools: query, years (n = %zu)", s->automation);
    box(f, 450, w->y1, 330, w->h2, "#ffffff", l, n);
    free_lines(l, n);
}

/* The screening row, and the studies included. */
static void screening(FILE *f, const screened *s, const flow *w)
{
    char *l[48];
    size_t n = 0;
    n = add_line(l, n, "Records screened");
    n = add_line(l, n, "(n = %zu)", s->screened);
    box(f, 50, w->y3, 330, 70, "#ffffff", l, n);
    free_lines(l, n);
    n = 0;
    n = add_line(l, n, "Records excluded (n = %zu)", s->excluded);
    for (size_t i = 0; i < w->nr; i++)
        n = add_line(l, n, "%.*s (n = %zu)", utf8_prefix(s->reasons[i], 36),
                     s->reasons[i], s->reason_n[i]);
    box(f, 450, w->y3, 330, w->h4 > 70 ? w->h4 : 70, "#ffffff", l, n);
    free_lines(l, n);
    n = 0;
    n = add_line(l, n, s->prior ? "New studies included in review"
                                : "Studies included in review");
    n = add_line(l, n, "(n = %zu)", s->included);
    box(f, 50, w->y5, 330, 60, "#ffffff", l, n);
    free_lines(l, n);
}

void prisma_svg(FILE *f, const screened *s, bool standalone)
{
    flow w;
    flow_layout(s, &w);
    flow_open(f, w.H, standalone);
    phase(f, w.y1, w.h1 > w.h2 ? w.h1 : w.h2, "Identification");
    phase(f, w.y3, w.y5 - w.y3 - 30, "Screening");
    phase(f, w.y5, s->prior ? 150 : 60, "Included");
    identification(f, s, &w);
    screening(f, s, &w);
    if (s->prior)
        update_boxes(f, s, w.y5);
    arrow(f, 380, w.y1 + 45, 450, w.y1 + 45);
    arrow(f, 215, w.y1 + (w.h1 > 90 ? w.h1 : 90), 215, w.y3);
    arrow(f, 380, w.y3 + 35, 450, w.y3 + 35);
    arrow(f, 215, w.y3 + 70, 215, w.y5);
    fputs("</svg>\n", f);
}


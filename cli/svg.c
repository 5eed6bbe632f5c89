/*
 * svg.c - scatter plots as SVG.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "mctext.h"
#include "svg.h"

void svg_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            /* Control characters are not allowed in XML 1.0. */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
                fputc(' ', f);
            else
                fputc(*s, f);
        }
    }
}

/* Tableau 10 plus two, distinguishable and print-safe. */
static const char *const palette[] = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b"};

const char *svg_colour(size_t g) { return palette[g % 12]; }


static const char *group_colour(const svg_scatter *s, size_t g)
{
    return s->last_is_none && g + 1 == s->n_groups ? "#aaaaaa" : svg_colour(g);
}

/* A text with a white halo, so that it reads over lines and points. */
static void halo_text(FILE *f, double x, double y, const char *attrs,
                      const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
               "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" "
               "paint-order=\"stroke\"%s>",
            x, y, attrs);
    svg_escape(f, text);
    fputs("</text>\n", f);
}

/* The document's start: the svg element on a white page, and the
 * caption at height title_y (none when title is NULL). */
static void svg_open(FILE *f, double w, double h, int font_size,
                     const char *title, int title_y, bool standalone)
{
    if (standalone)
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
               "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
               "font-family=\"sans-serif\" font-size=\"%d\">\n"
               "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
            w, h, w, h, font_size, w, h);
    if (title) {
        fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"16\">", title_y);
        svg_escape(f, title);
        fputs("</text>\n", f);
    }
}

/* A legend entry: a dot of colour at (x, y) and the name beside it;
 * y with the given decimals. */
static void legend_entry(FILE *f, double x, double y, int decimals,
                         const char *colour, const char *name)
{
    fprintf(f, "<circle cx=\"%.0f\" cy=\"%.*f\" r=\"5\" fill=\"%s\"/>"
               "<text x=\"%.0f\" y=\"%.*f\">",
            x, decimals, y, colour, x + 10, decimals, y + 4);
    svg_escape(f, name);
    fputs("</text>\n", f);
}

/* A box around points in data coordinates, and the one scale for both
 * axes that fits it into a plot (distances on a map are isotropic). */
typedef struct frame {
    double minx, maxx, miny, maxy, sx, sy;
} frame;

static void frame_init(frame *b)
{
    b->minx = b->miny = INFINITY;
    b->maxx = b->maxy = -INFINITY;
}

static void frame_add(frame *b, double x, double y)
{
    if (x < b->minx) b->minx = x;
    if (x > b->maxx) b->maxx = x;
    if (y < b->miny) b->miny = y;
    if (y > b->maxy) b->maxy = y;
}

/* The scale that fits the box into w x h pixels. */
static void frame_fit(frame *b, double w, double h)
{
    if (!(b->maxx > b->minx)) { b->minx -= 1; b->maxx += 1; }
    if (!(b->maxy > b->miny)) { b->miny -= 1; b->maxy += 1; }
    b->sx = w / (b->maxx - b->minx);
    b->sy = h / (b->maxy - b->miny);
    if (b->sx > b->sy) b->sx = b->sy; else b->sy = b->sx;
}

/* The regions' names, placed over as few points as possible. */
static void scatter_regions(FILE *f, const svg_scatter *s, double minx,
                            double miny, double sx, double sy, double pad,
                            int w, int h, double r)
{
    label_mark *mk = calloc(s->n + 1, sizeof *mk);
    label_in *in = calloc(s->n_regions + 1, sizeof *in);
    label_out *out = calloc(s->n_regions + 1, sizeof *out);
    label_canvas c;
    if (!mk || !in || !out)
        goto done;
    for (size_t i = 0; i < s->n; i++) {
        mk[i].x = pad + (s->xy[i * (size_t)s->dims] - minx) * sx;
        mk[i].y = h - pad - ((s->dims > 1 ? s->xy[i * (size_t)s->dims + 1]
                                          : 0) - miny) * sy;
        mk[i].r = r + 1;
    }
    for (size_t g = 0; g < s->n_regions; g++) {
        in[g].x = pad + (s->region_xy[2 * g] - minx) * sx;
        in[g].y = h - pad - (s->region_xy[2 * g + 1] - miny) * sy;
        in[g].w = labels_text_width(labels_chars(s->region_label[g]), 13);
        in[g].h = 17;
        in[g].own = -1;
    }
    c.x0 = 0;
    c.y0 = s->title ? 32 : 0;
    c.x1 = w;
    c.y1 = h;
    c.marks = mk;
    c.n_marks = s->n;
    c.reach = 8;
    c.always = true;
    labels_place(&c, in, s->n_regions, out);
    fputs("<g class=\"regions\" font-size=\"13\" font-weight=\"bold\" "
          "fill=\"#333333\">\n", f);
    for (size_t g = 0; g < s->n_regions; g++)
        if (out[g].placed)
            halo_text(f, out[g].x, out[g].y + 5, "", s->region_label[g]);
    fputs("</g>\n", f);
done:
    free(mk);
    free(in);
    free(out);
}

/* Width of the legend: enough for the longest name (about 7 px a
 * character at 12 px sans-serif), within reason; 0 without groups. */
static int scatter_legend_width(const svg_scatter *s)
{
    size_t longest = 0;
    int legend;
    if (!s->group || s->n_groups < 2)
        return 0;
    for (size_t g = 0; g < s->n_groups && g < 30; g++) {
        const char *nm = s->group_names ? s->group_names[g] : NULL;
        size_t l = nm ? labels_chars(nm) : 0;
        if (l > longest)
            longest = l;
    }
    legend = 40 + 7 * (int)(longest < 60 ? longest : 60);
    return legend < 120 ? 120 : legend;
}

static void scatter_points(FILE *f, const svg_scatter *s, const frame *b,
                           double pad, int h, double r)
{
    fputs("<g class=\"points\" stroke=\"#ffffff\" stroke-width=\"0.4\">\n", f);
    for (size_t i = 0; i < s->n; i++) {
        double x = s->xy[i * (size_t)s->dims];
        double y = s->dims > 1 ? s->xy[i * (size_t)s->dims + 1] : 0;
        double px = pad + (x - b->minx) * b->sx;
        double py = h - pad - (y - b->miny) * b->sy;
        size_t g = s->group ? s->group[i] : 0;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"",
                px, py, r, group_colour(s, g));
        if (s->tip && s->tip[i]) {
            fputs("><title>", f);
            svg_escape(f, s->tip[i]);
            fputs("</title></circle>\n", f);
        } else {
            fputs("/>\n", f);
        }
    }
    fputs("</g>\n", f);
}

void svg_scatter_write(FILE *f, const svg_scatter *s, bool standalone)
{
    int w = s->width ? s->width : 800, h = s->height ? s->height : 800;
    int legend = scatter_legend_width(s);
    double pad = 20, r;
    frame b;
    frame_init(&b);
    for (size_t i = 0; i < s->n; i++)
        frame_add(&b, s->xy[i * (size_t)s->dims],
                  s->dims > 1 ? s->xy[i * (size_t)s->dims + 1] : 0);
    frame_fit(&b, w - 2 * pad, h - 2 * pad - (s->title ? 30 : 0));
    r = s->n > 5000 ? 1.5 : s->n > 500 ? 2.5 : 4;
    svg_open(f, w + legend, h, 12, s->title, 24, standalone);
    scatter_points(f, s, &b, pad, h, r);
    if (s->n_regions)
        scatter_regions(f, s, b.minx, b.miny, b.sx, b.sy, pad, w, h, r);
    if (legend) {
        fputs("<g class=\"legend\">\n", f);
        for (size_t g = 0; g < s->n_groups && g < 30; g++)
            legend_entry(f, w + 10, pad + 18.0 * (double)g + (s->title ? 30 : 0),
                         1, group_colour(s, g),
                         s->group_names && s->group_names[g] ? s->group_names[g]
                                                             : "");
        fputs("</g>\n", f);
    }
    fputs("</svg>\n", f);
}

void svg_bars_write(FILE *f, const svg_bars *b, bool standalone)
{
    const double W = 760, H = 380, left = 60, right = 20, top = 50,
                 bottom = 50;
    double vmax = 0, slot, bw;
    for (size_t i = 0; i < b->n; i++)
        if (b->value[i] > vmax)
            vmax = b->value[i];
    if (vmax <= 0)
        vmax = 1;
    slot = (W - left - right) / (double)(b->n ? b->n : 1);
    bw = slot * 0.7;
    svg_open(f, W, H, 12, b->title, 24, standalone);
    fprintf(f, "<path d=\"M%.0f %.0fH%.0f\" stroke=\"#333\"/>\n", left,
            H - bottom, W - right);
    if (b->y_label) {
        fprintf(f, "<text x=\"14\" y=\"%.0f\" transform=\"rotate(-90 14 %.0f)"
                   "\" text-anchor=\"middle\">",
                (H - bottom + top) / 2, (H - bottom + top) / 2);
        svg_escape(f, b->y_label);
        fputs("</text>\n", f);
    }
    fputs("<g class=\"bars\">\n", f);
    for (size_t i = 0; i < b->n; i++) {
        double h = b->value[i] / vmax * (H - top - bottom);
        double x = left + slot * (double)i + (slot - bw) / 2;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                   " fill=\"#4e79a7\"><title>",
                x, H - bottom - h, bw, h);
        svg_escape(f, b->label[i]);
        fprintf(f, ": %g</title></rect>\n", b->value[i]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g"
                   "</text>\n",
                x + bw / 2, H - bottom - h - 4, b->value[i]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x + bw / 2, H - bottom + 16);
        svg_escape(f, b->label[i]);
        fputs("</text>\n", f);
    }
    fputs("</g>\n</svg>\n", f);
}


static double node_radius(size_t occ, size_t maxocc)
{
    return 3 + 14 * sqrt((double)occ / (double)maxocc);
}

/*
 * Labels of the first n_labels nodes (the most frequent): each beside
 * its node, inside the drawing, over no other label; the first eight on
 * the fewest nodes even when crowded, the rest only where they cover no
 * node.
 */
static void net_labels(FILE *f, const svg_net *s, const double *px,
                       const double *py, size_t maxocc, double W, double H,
                       double top)
{
    size_t n = mct_net_n_nodes(s->g), nl = n < s->n_labels ? n : s->n_labels;
    label_mark *mk = calloc(n + 1, sizeof *mk);
    label_in *in = calloc(nl + 1, sizeof *in);
    label_out *out = calloc(nl + 1, sizeof *out);
    label_canvas c;
    if (!mk || !in || !out)
        goto done;
    for (size_t i = 0; i < n; i++) {
        mct_net_node nd;
        mct_net_node_get(s->g, i, &nd);
        mk[i].x = px[i];
        mk[i].y = py[i];
        mk[i].r = node_radius(nd.occurrences, maxocc);
        if (i < nl) {
            const char *l = s->label ? s->label[i] : nd.label;
            in[i].x = px[i];
            in[i].y = py[i];
            in[i].r = mk[i].r;
            in[i].w = labels_text_width(labels_chars(l), 11);
            in[i].h = 14;
            in[i].own = (int)i;
        }
    }
    c.x0 = 2;
    c.y0 = top + 2;
    c.x1 = W;
    c.y1 = H - 2;
    c.marks = mk;
    c.n_marks = n;
    c.reach = 1;
    c.always = true;
    labels_place(&c, in, nl < 8 ? nl : 8, out);
    c.always = false;
    for (size_t i = 8; i < nl; i++)
        out[i].placed = false;
    if (nl > 8)
        labels_place_more(&c, in, nl, out, 8);
    fputs("<g class=\"labels\">\n", f);
    for (size_t i = 0; i < nl; i++) {
        mct_net_node nd;
        mct_net_node_get(s->g, i, &nd);
        if (out[i].placed)
            halo_text(f, out[i].x, out[i].y + 4, "",
                      s->label ? s->label[i] : nd.label);
    }
    fputs("</g>\n", f);
done:
    free(mk);
    free(in);
    free(out);
}

static void net_edges(FILE *f, const svg_net *s, const double *px,
                      const double *py)
{
    fputs("<g class=\"edges\">\n", f);
    for (size_t e = 0; e < mct_net_n_edges(s->g); e++) {
        size_t i, j;
        bool strong = s->path && s->path[e];
        mct_net_edge_get(s->g, e, &i, &j, NULL, NULL);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"%s\" stroke-width=\"%s\" stroke-opacity=\"%s\"/>\n",
                px[i], py[i], px[j], py[j], strong ? "#555555" : "#bbbbbb",
                strong ? "1.6" : "0.6", strong ? "0.9" : "0.5");
    }
    fputs("</g>\n", f);
}

static void net_nodes(FILE *f, const svg_net *s, const double *px,
                      const double *py, size_t maxocc)
{
    fputs("<g class=\"nodes\" stroke=\"#ffffff\" stroke-width=\"0.8\">\n", f);
    for (size_t i = 0; i < mct_net_n_nodes(s->g); i++) {
        mct_net_node nd;
        mct_net_node_get(s->g, i, &nd);
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\">"
                   "<title>",
                px[i], py[i], node_radius(nd.occurrences, maxocc),
                svg_colour((size_t)nd.community));
        svg_escape(f, s->label ? s->label[i] : nd.label);
        fprintf(f, " (%zu)</title></circle>\n", nd.occurrences);
    }
    fputs("</g>\n", f);
}

static void net_legend(FILE *f, const svg_net *s, double x, double y0)
{
    size_t nc = mct_net_n_communities(s->g);
    char name[32];
    if (nc < 2)
        return;
    fputs("<g class=\"legend\">\n", f);
    for (size_t c = 0; c < nc && c < 24; c++) {
        snprintf(name, sizeof name, "cluster %zu", c + 1);
        legend_entry(f, x, y0 + 18.0 * (double)c, 0, svg_colour(c),
                     s->legend && s->legend[c] ? s->legend[c] : name);
    }
    fputs("</g>\n", f);
}

void svg_net_write(FILE *f, const svg_net *s, bool standalone)
{
    const double W = 900, H = 760, pad = 60;
    size_t n = mct_net_n_nodes(s->g), maxocc = 1;
    double top = s->title ? 40 : 0;
    double *px = calloc(n + 1, sizeof *px), *py = calloc(n + 1, sizeof *py);
    frame b;
    if (!px || !py)
        goto done;
    frame_init(&b);
    for (size_t i = 0; i < n; i++) {
        mct_net_node nd;
        mct_net_node_get(s->g, i, &nd);
        frame_add(&b, nd.x, nd.y);
        if (nd.occurrences > maxocc)
            maxocc = nd.occurrences;
    }
    frame_fit(&b, W - 2 * pad - 180, H - 2 * pad - top);
    for (size_t i = 0; i < n; i++) {
        mct_net_node nd;
        mct_net_node_get(s->g, i, &nd);
        px[i] = pad + (nd.x - b.minx) * b.sx;
        py[i] = top + pad + (nd.y - b.miny) * b.sy;
    }
    svg_open(f, W, H, 11, s->title, 26, standalone);
    net_edges(f, s, px, py);
    net_nodes(f, s, px, py, maxocc);
    net_labels(f, s, px, py, maxocc, W - 180, H, top);
    net_legend(f, s, W - 170, top + pad);
    fputs("</svg>\n", f);
done:
    free(px);
    free(py);
}

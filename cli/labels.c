/*
 * labels.c - greedy label placement (labels.h): candidate positions
 * around the anchor, nearest first, each judged by the labels it would
 * overlap (never allowed), the marks it would cover and whether it stays
 * inside the canvas.
 */
#include <math.h>
#include <stdlib.h>

#include "labels.h"

double labels_text_width(size_t chars, double px)
{
    /* An average sans-serif character is a little over half the size. */
    return 0.6 * px * (double)chars + 4;
}

size_t labels_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool boxes_meet(double ax, double ay, double aw, double ah, double bx,
                       double by, double bw, double bh)
{
    return fabs(ax - bx) * 2 < aw + bw && fabs(ay - by) * 2 < ah + bh;
}

/* Marks a box at (x, y) would cover (other than its own). */
static size_t covered(const label_canvas *c, const label_in *l, double x,
                      double y)
{
    size_t n = 0;
    for (size_t m = 0; m < c->n_marks; m++) {
        const label_mark *k = &c->marks[m];
        double dx = fmax(fabs(k->x - x) - l->w / 2, 0);
        double dy = fmax(fabs(k->y - y) - l->h / 2, 0);
        if ((int)m != l->own && dx * dx + dy * dy < k->r * k->r)
            n++;
    }
    return n;
}

static bool inside(const label_canvas *c, const label_in *l, double x,
                   double y)
{
    return x - l->w / 2 >= c->x0 && x + l->w / 2 <= c->x1 &&
           y - l->h / 2 >= c->y0 && y + l->h / 2 <= c->y1;
}

static bool hits_label(const label_in *l, double x, double y,
                       const label_in *in, const label_out *out, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (out[j].placed &&
            boxes_meet(x, y, l->w, l->h, out[j].x, out[j].y, in[j].w, in[j].h))
            return true;
    return false;
}

/* Candidate k of a label: first the eight places touching its mark
 * (above, below, right, left, then the corners), then rings further out. */
static void candidate(const label_in *l, int k, double *x, double *y)
{
    static const double dir[8][2] = {{0, -1}, {0, 1}, {1, 0}, {-1, 0},
                                     {1, -1}, {-1, -1}, {1, 1}, {-1, 1}};
    int ring = k / 8;
    const double *d = dir[k % 8];
    double gap = l->r + 2 + (double)ring * l->h;
    *x = l->x + d[0] * (gap + l->w / 2);
    *y = l->y + d[1] * (gap + l->h / 2);
}

/* The best place for label i, or false when none will do. */
static bool place_one(const label_canvas *c, const label_in *in, size_t i,
                      label_out *out)
{
    const label_in *l = &in[i];
    int rings = 1 + (int)ceil(c->reach), best_k = -1;
    size_t best_cover = (size_t)-1;
    double bx = 0, by = 0;
    for (int k = 0; k < 8 * rings; k++) {
        double x, y;
        size_t cv;
        candidate(l, k, &x, &y);
        if (!inside(c, l, x, y) || hits_label(l, x, y, in, out, i))
            continue;
        cv = covered(c, l, x, y);
        if (cv < best_cover) {
            best_cover = cv;
            best_k = k;
            bx = x;
            by = y;
            if (!cv)
                break;
        }
    }
    if (best_k < 0 || (best_cover && !c->always))
        return false;
    out[i].x = bx;
    out[i].y = by;
    return true;
}

void labels_place(const label_canvas *c, const label_in *in, size_t n,
                  label_out *out)
{
    for (size_t i = 0; i < n; i++)
        out[i].placed = false;
    labels_place_more(c, in, n, out, 0);
}

void labels_place_more(const label_canvas *c, const label_in *in, size_t n,
                       label_out *out, size_t from)
{
    for (size_t i = from; i < n; i++)
        out[i].placed = place_one(c, in, i, out);
}

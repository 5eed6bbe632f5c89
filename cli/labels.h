/*
 * labels.h - where to put the labels of a figure: next to what they
 * name, inside the canvas, over no other label and over as few marks as
 * possible. Greedy, in the order given (the most important first), as
 * map-labelling programs place point labels; deterministic.
 */
#ifndef MCTSNE_LABELS_H
#define MCTSNE_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/* A round mark: a point or a node. */
typedef struct label_mark {
    double x, y, r;
} label_mark;

typedef struct label_in {
    double x, y;   /* what the label names */
    double r;      /* keep this far from it (its mark's radius) */
    double w, h;   /* the label's box */
    int own;       /* index of its own mark (may be covered), or -1 */
} label_in;

/* A placed label: its box's centre (text baseline is y + h / 3). */
typedef struct label_out {
    double x, y;
    bool placed;
} label_out;

typedef struct label_canvas {
    double x0, y0, x1, y1;      /* where labels may go */
    const label_mark *marks;
    size_t n_marks;
    /* How far from its anchor a label may wander, in label heights
     * (map regions wander; node labels stay close). */
    double reach;
    /* Place every label, on the fewest marks, even when none is free;
     * otherwise a label that would cover a mark or another label is left
     * out. */
    bool always;
} label_canvas;

/* Places n labels; out[i].placed says which went in. */
void labels_place(const label_canvas *c, const label_in *in, size_t n,
                  label_out *out);

/* Places labels from..n-1 around those of 0..from-1 already placed
 * (in out), with this canvas's rules. */
void labels_place_more(const label_canvas *c, const label_in *in, size_t n,
                       label_out *out, size_t from);

/* The box of a text of `chars` characters at font size px (sans-serif). */
double labels_text_width(size_t chars, double px);

/* Characters (not bytes) of UTF-8 text. */
size_t labels_chars(const char *s);

#endif

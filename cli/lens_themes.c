/*
 * lens_themes.c - the themes lens of mctsne themes and review: the
 * library finds and names the themes (mct_themes.h); this file adds the
 * other partitions for triangulation and writes the tables.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenses.h"

void themes_args_default(themes_args *a)
{
    mct_themes_opts o = mct_themes_opts_default();
    memset(a, 0, sizeof *a);
    a->k = o.k;
    a->seed_weight = o.seed_weight;
    a->weak_cosine = o.weak_cosine;
    a->weights[0] = o.title_weight;
    a->weights[1] = o.keywords_weight;
    a->weights[2] = o.abstract_weight;
}

/* "T,K,A": three weights >= 0, not all 0. */
static bool parse_weights(const char *s, double w[3])
{
    char *e;
    for (int i = 0; i < 3; i++) {
        w[i] = strtod(s, &e);
        if (e == s || !(w[i] >= 0) || w[i] > 1e6 || *e != (i < 2 ? ',' : '\0'))
            goto bad;
        s = e + 1;
    }
    if (w[0] + w[1] + w[2] > 0)
        return true;
bad:
    cli_err("--weights: expected three weights >= 0 for title, keywords and "
            "abstract, such as 1,1,1");
    return false;
}

int themes_option(int code, const char *arg, void *ta)
{
    themes_args *a = ta;
    long l;
    if (code == TO_WEIGHTS)
        return parse_weights(arg, a->weights) ? 1 : -1;
    if (!cli_long("--k", arg, 1, 1000, &l))
        return -1;
    a->k = (size_t)l;
    a->k_given = true;
    return 1;
}

void themes_args_apply(const themes_args *a, mct_themes_opts *o)
{
    o->k = a->k;
    o->seed_weight = a->seed_weight;
    o->weak_cosine = a->weak_cosine;
    o->title_weight = a->weights[0];
    o->keywords_weight = a->weights[1];
    o->abstract_weight = a->weights[2];
    o->academic_stop = !a->keep_academic;
}

bool lens_themes_read(const char *path, const char *text, size_t len,
                      mct_theme_seeds **out)
{
    mct_diag d;
    mct_status rc;
    mct_diag_clear(&d);
    rc = text ? mct_theme_seeds_parse(text, len, out, &d)
              : mct_theme_seeds_read(path, out, &d);
    if (rc)
        cli_diag(path, &d, rc);
    return rc == MCT_OK;
}

void lens_terms_free(char **terms, size_t n)
{
    for (size_t i = 0; terms && i < n; i++)
        free(terms[i]);
    free(terms);
}

bool lens_query_terms(const char *query, char ***terms, size_t *n)
{
    mct_query *q = NULL;
    mct_diag d;
    const char *const *qt;
    *terms = NULL;
    *n = 0;
    if (!query)
        return true;
    if (mct_query_parse(query, &q, &d)) {
        cli_err("--query: %s", d.msg);
        return false;
    }
    qt = mct_query_terms(q, n);
    if (!(*terms = calloc(*n + 1, sizeof **terms)))
        goto nomem;
    for (size_t i = 0; i < *n; i++)
        if (!((*terms)[i] = strdup(qt[i])))
            goto nomem;
    mct_query_free(q);
    return true;
nomem:
    cli_err("out of memory");
    lens_terms_free(*terms, *n);
    *terms = NULL;
    *n = 0;
    mct_query_free(q);
    return false;
}

int theme_of(const themes *t, size_t i)
{
    return mct_themes_labels(t->th, NULL)[i];
}

const char *theme_name(const themes *t, size_t c)
{
    mct_theme_info in;
    return mct_themes_get(t->th, c, &in) ? "" : in.name;
}

const char *theme_flag_text(unsigned flags)
{
    if (flags & MCT_THEME_FLAG_OTHER_SEED)
        return flags & MCT_THEME_FLAG_LOW_COSINE
                   ? "weak: another seed is closer, and a low cosine"
                   : "weak: another seed is closer";
    return flags & MCT_THEME_FLAG_LOW_COSINE ? "weak: low cosine" : "";
}

static void agreement(const mct_review *rv, mct_partition a, mct_partition b,
                      double out[2])
{
    if (mct_review_agreement(rv, a, b, &out[0], &out[1])) {
        out[0] = NAN;
        out[1] = NAN;
    }
}

void themes_view(const mct_review *rv, bool seeded, themes *t)
{
    memset(t, 0, sizeof *t);
    t->th = mct_review_themes_found(rv);
    t->seeded = seeded;
    t->k = mct_themes_count(t->th);
    t->n = mct_themes_n_records(t->th);
    t->keyword_comm = mct_review_partition(rv, MCT_PARTITION_KEYWORDS);
    t->map_cluster = mct_review_partition(rv, MCT_PARTITION_MAP);
    agreement(rv, MCT_PARTITION_THEMES, MCT_PARTITION_KEYWORDS, t->agree[0]);
    agreement(rv, MCT_PARTITION_THEMES, MCT_PARTITION_MAP, t->agree[1]);
    agreement(rv, MCT_PARTITION_KEYWORDS, MCT_PARTITION_MAP, t->agree[2]);
    agreement(rv, MCT_PARTITION_THEMES, MCT_PARTITION_CATEGORIES,
              t->agree[3]);
}

void review_report(mct_status rc, const mct_diag *d, const char *stage)
{
    cli_err("%s: %s", stage, d->msg[0] ? d->msg : mct_strerror(rc));
}

void lens_themes_warn(const themes *t, const cli_common *c)
{
    for (size_t k = 0; t->seeded && !c->quiet && k < t->k; k++) {
        size_t n = mct_themes_n_seed_terms(t->th, k), missing = 0;
        char buf[512] = "";
        for (size_t j = 0; j < n; j++) {
            mct_seed_term st;
            mct_themes_seed_term(t->th, k, j, &st);
            if (st.status == MCT_SEED_TERM_STATUS_FOUND)
                continue;
            if (missing++ < 6 && strlen(buf) + strlen(st.term) + 8 < sizeof buf) {
                strcat(buf, missing > 1 ? ", " : "");
                strcat(buf, st.term);
                if (st.status == MCT_SEED_TERM_STATUS_EXCLUDED)
                    strcat(buf, " (left out)");
            }
        }
        if (missing)
            fprintf(stderr, "mctsne: themes: theme %zu (\"%s\"): %zu of %zu "
                            "seed terms not among the features: %s%s\n",
                    k + 1, theme_name(t, k), missing, n, buf,
                    missing > 6 ? ", ..." : "");
    }
}

/*
 * themes_write.c - the tables and JSON of the themes lens: themes.tsv
 * (names with the evidence for them), seed-coverage.tsv,
 * theme-titles.tsv, theme-years.tsv, records.tsv and triangulation.tsv.
 * A record without a year or without a theme shows an empty cell, never
 * a 0.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lenses.h"
#include "prisma.h"

static const char *const pair_names[4] = {
    "abstract themes ~ keyword communities", "abstract themes ~ title map",
    "keyword communities ~ title map", "abstract themes ~ WoS categories"};

static const char *const status_names[] = {"found", "absent", "left out"};

/* themes.tsv: one line per theme, its name and the evidence for it. */
static void themes_tsv(FILE *f, const themes *t)
{
    fputs("theme\tname\trecords\tseed_cosine\tclosest_other_seed\t"
          "other_cosine\tflag\tseed_share\ttop_terms\n",
          f);
    for (size_t c = 0; c < t->k; c++) {
        const char *terms[10];
        double w[10];
        size_t m = mct_themes_top_terms(t->th, c, 10, terms, w);
        mct_theme_info in;
        mct_themes_get(t->th, c, &in);
        fprintf(f, "%zu\t", c + 1);
        tsv_field(f, in.name);
        fprintf(f, "\t%zu\t", in.records);
        if (t->seeded) {
            fprintf(f, "%.4f\t", in.seed_cosine);
            if (in.other_seed >= 0) {
                tsv_field(f, theme_name(t, (size_t)in.other_seed));
                fprintf(f, "\t%.4f", in.other_cosine);
            } else {
                fputc('\t', f);
            }
            fprintf(f, "\t%s\t%.2f\t", theme_flag_text(in.flags),
                    in.seed_share);
        } else {
            fputs("\t\t\t\t\t", f);
        }
        for (size_t q = 0; q < m; q++) {
            fprintf(f, "%s", q ? "; " : "");
            tsv_field(f, terms[q]);
            fprintf(f, " (%.3f)", w[q]);
        }
        fputc('\n', f);
    }
}

/* seed-coverage.tsv: every seed term, and how often the records have it. */
static void coverage_tsv(FILE *f, const themes *t)
{
    fputs("theme\tname\tterm\tstatus\trecords\toccurrences\n", f);
    for (size_t c = 0; c < t->k; c++)
        for (size_t j = 0; j < mct_themes_n_seed_terms(t->th, c); j++) {
            mct_seed_term st;
            mct_themes_seed_term(t->th, c, j, &st);
            fprintf(f, "%zu\t", c + 1);
            tsv_field(f, theme_name(t, c));
            fputc('\t', f);
            tsv_field(f, st.term);
            fprintf(f, "\t%s\t%zu\t%zu\n", status_names[st.status],
                    st.records, st.occurrences);
        }
}

static void titles_tsv(FILE *f, const mct_records *r, const themes *t)
{
    const double *sim = mct_themes_similarities(t->th);
    size_t rec[5];
    char yb[16];
    fputs("theme\trank\tsimilarity\tyear\ttitle\n", f);
    for (size_t c = 0; c < t->k; c++) {
        size_t m = mct_themes_top_records(t->th, c, 5, rec);
        for (size_t q = 0; q < m; q++) {
            const mct_record *x = mct_records_get(r, rec[q]);
            fprintf(f, "%zu\t%zu\t%.4f\t%s\t", c + 1, q + 1,
                    sim[rec[q] * t->k + c], year_text(x->year, yb));
            tsv_field(f, x->title);
            fputc('\n', f);
        }
    }
}

/* One line of theme-years.tsv: year y (0: records without one). */
static void years_row(FILE *f, const mct_records *r, const themes *t, int y)
{
    if (y)
        fprintf(f, "%d", y);
    else
        fputs("no year", f);
    for (long c = 0; c <= (long)t->k; c++) {
        long want = c == (long)t->k ? -1 : c; /* the last: no theme */
        size_t cnt = 0;
        for (size_t i = 0; i < t->n; i++)
            cnt += theme_of(t, i) == want && mct_records_get(r, i)->year == y;
        fprintf(f, "\t%zu", cnt);
    }
    fputc('\n', f);
}

/* Counts per year and theme; records without a year on a last line. */
static void years_tsv(FILE *f, const mct_records *r, const themes *t)
{
    int lo = 0, hi = 0;
    bool undated = false;
    for (size_t i = 0; i < t->n; i++) {
        int y = mct_records_get(r, i)->year;
        undated |= !y;
        if (y && (!lo || y < lo))
            lo = y;
        if (y > hi)
            hi = y;
    }
    fputs("year", f);
    for (size_t c = 0; c < t->k; c++)
        fprintf(f, "\ttheme %zu", c + 1);
    fputs("\tno theme\n", f);
    for (int y = lo; lo && y <= hi; y++)
        years_row(f, r, t, y);
    if (undated)
        years_row(f, r, t, 0);
}

static void records_tsv(FILE *f, const mct_records *r, const themes *t)
{
    const double *sim = mct_themes_similarities(t->th);
    char yb[16];
    fputs("record\tid\tyear\ttitle\ttheme", f);
    for (size_t c = 0; c < t->k; c++)
        fprintf(f, "\tsimilarity %zu", c + 1);
    fputs("\tkeyword_community\tmap_cluster\n", f);
    for (size_t i = 0; i < t->n; i++) {
        const mct_record *x = mct_records_get(r, i);
        int th = theme_of(t, i);
        fprintf(f, "%zu\t", i + 1);
        tsv_field(f, x->id);
        fprintf(f, "\t%s\t", year_text(x->year, yb));
        tsv_field(f, x->title);
        if (th >= 0)
            fprintf(f, "\t%d", th + 1);
        else
            fputc('\t', f);
        for (size_t c = 0; c < t->k; c++)
            fprintf(f, "\t%.4f", sim[i * t->k + c]);
        fputc('\t', f);
        if (t->keyword_comm && t->keyword_comm[i] >= 0)
            fprintf(f, "%d", t->keyword_comm[i] + 1);
        fputc('\t', f);
        if (t->map_cluster)
            fprintf(f, "%d", t->map_cluster[i] + 1);
        fputc('\n', f);
    }
}

static void triangulation_tsv(FILE *f, const themes *t)
{
    fputs("partitions\tnmi\tari\n", f);
    for (int p = 0; p < 4; p++)
        if (!isnan(t->agree[p][0]))
            fprintf(f, "%s\t%.4f\t%.4f\n", pair_names[p], t->agree[p][0],
                    t->agree[p][1]);
}

typedef void (*table_fn)(FILE *, const mct_records *, const themes *);

static void themes_tsv_r(FILE *f, const mct_records *r, const themes *t)
{
    (void)r;
    themes_tsv(f, t);
}
static void coverage_tsv_r(FILE *f, const mct_records *r, const themes *t)
{
    (void)r;
    coverage_tsv(f, t);
}
static void triangulation_tsv_r(FILE *f, const mct_records *r,
                                const themes *t)
{
    (void)r;
    triangulation_tsv(f, t);
}

bool lens_themes_write(outdir *od, const mct_records *r, const themes *t)
{
    static const struct {
        const char *name;
        table_fn fn;
        bool seeded_only;
    } tables[] = {{"themes.tsv", themes_tsv_r, false},
                  {"seed-coverage.tsv", coverage_tsv_r, true},
                  {"theme-titles.tsv", titles_tsv, false},
                  {"theme-years.tsv", years_tsv, false},
                  {"records.tsv", records_tsv, false},
                  {"triangulation.tsv", triangulation_tsv_r, false}};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        FILE *f;
        if (tables[i].seeded_only && !t->seeded)
            continue;
        if (!(f = outdir_open(od, tables[i].name)))
            return false;
        tables[i].fn(f, r, t);
        if (!outdir_close(od, f, tables[i].name))
            return false;
    }
    return true;
}

static double r4(double x)
{
    return round(x * 1e4) / 1e4;
}

/* One theme's object in results.json. */
static cJSON *theme_json(const mct_records *r, const themes *t, size_t c)
{
    cJSON *x = cJSON_CreateObject(), *a;
    const char *tm[10];
    double w[10];
    size_t rec[5], m = mct_themes_top_terms(t->th, c, 10, tm, w);
    mct_theme_info in;
    if (!x)
        return NULL;
    mct_themes_get(t->th, c, &in);
    cJSON_AddNumberToObject(x, "theme", (double)(c + 1));
    cJSON_AddStringToObject(x, "name", in.name);
    cJSON_AddNumberToObject(x, "records", (double)in.records);
    if (t->seeded) {
        cJSON_AddNumberToObject(x, "seed_cosine", r4(in.seed_cosine));
        if (in.other_seed >= 0) {
            cJSON_AddStringToObject(x, "closest_other_seed",
                                    theme_name(t, (size_t)in.other_seed));
            cJSON_AddNumberToObject(x, "other_cosine", r4(in.other_cosine));
        }
        cJSON_AddBoolToObject(x, "weak", in.flags != 0);
        if (in.flags)
            cJSON_AddStringToObject(x, "flag", theme_flag_text(in.flags));
        cJSON_AddNumberToObject(x, "seed_share", r4(in.seed_share));
    }
    a = cJSON_AddArrayToObject(x, "top_terms");
    for (size_t q = 0; a && q < m; q++) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "term", tm[q]);
        cJSON_AddNumberToObject(p, "weight", r4(w[q]));
        cJSON_AddItemToArray(a, p);
    }
    a = cJSON_AddArrayToObject(x, "representative_titles");
    m = mct_themes_top_records(t->th, c, 5, rec);
    for (size_t q = 0; a && q < m; q++)
        cJSON_AddItemToArray(
            a, cJSON_CreateString(mct_records_get(r, rec[q])->title));
    return x;
}

/* Seed terms the records do not have, per theme. */
static cJSON *missing_json(const themes *t, size_t c)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t j = 0; a && j < mct_themes_n_seed_terms(t->th, c); j++) {
        mct_seed_term st;
        mct_themes_seed_term(t->th, c, j, &st);
        if (st.status != MCT_SEED_TERM_STATUS_FOUND)
            cJSON_AddItemToArray(a, cJSON_CreateString(st.term));
    }
    return a;
}

cJSON *lens_themes_json(const mct_records *r, const themes *t)
{
    cJSON *o = cJSON_CreateObject(), *a, *tri;
    size_t none = 0;
    if (!o)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        none += theme_of(t, i) < 0;
    cJSON_AddStringToObject(o, "method", t->seeded ? "seeded" : "unguided");
    cJSON_AddNumberToObject(o, "objective", mct_themes_objective(t->th));
    cJSON_AddNumberToObject(o, "records_without_theme", (double)none);
    a = cJSON_AddArrayToObject(o, "themes");
    for (size_t c = 0; a && c < t->k; c++) {
        cJSON *x = theme_json(r, t, c);
        if (x && t->seeded)
            cJSON_AddItemToObject(x, "seed_terms_missing", missing_json(t, c));
        cJSON_AddItemToArray(a, x);
    }
    tri = cJSON_AddArrayToObject(o, "triangulation");
    for (int p = 0; tri && p < 4; p++) {
        cJSON *x;
        if (isnan(t->agree[p][0]))
            continue;
        x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "partitions", pair_names[p]);
        cJSON_AddNumberToObject(x, "nmi", r4(t->agree[p][0]));
        cJSON_AddNumberToObject(x, "ari", r4(t->agree[p][1]));
        cJSON_AddItemToArray(tri, x);
    }
    return o;
}

/*
 * test_update.c - living reviews (mct_review.h): a review's state written
 * and read back, an update that keeps every earlier point and theme, the
 * PRISMA counts of an update, the checks on its input, bad states, and
 * mct_themes_extend.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mctext.h"
#include "tap.h"

static const char *const query = "TITLE(micro-creden*) OR TITLE(microcreden*)";

/* Records first..first+n-1 of r, appended to out. */
static void take(mct_records *out, const mct_records *r, size_t first,
                 size_t n)
{
    for (size_t i = first; i < first + n; i++)
        mct_records_add(out, mct_records_get(r, i));
}

static mct_review *review(const mct_records *r, const mct_review_prior *p)
{
    mct_review_opts o = mct_review_opts_default();
    mct_review *rv = NULL;
    mct_diag d;
    o.screen.query = query;
    o.map.n_iter = 300;
    o.prior = p;
    if (mct_review_new(&o, &rv) || mct_review_run(rv, r, &d)) {
        mct_review_free(rv);
        return NULL;
    }
    return rv;
}

static void test_update(const mct_records *all)
{
    char path[] = "/tmp/mct-update-XXXXXX";
    int fd = mkstemp(path);
    mct_records *a = NULL, *b = NULL, *wrong = NULL;
    mct_review *r0, *r1 = NULL, *rw = NULL;
    mct_review_prior *p = NULL;
    mct_prisma pc;
    mct_diag d;
    size_t n0, n1;
    close(fd);
    mct_records_new(&a);
    mct_records_new(&wrong);
    take(a, all, 0, 80);
    r0 = review(a, NULL);
    OK(r0 && mct_review_write_state(r0, path, &d) == MCT_OK &&
           mct_review_prior_read(path, &p, &d) == MCT_OK &&
           mct_review_prior_count(p) == 80 &&
           mct_review_prior_included(p) == 80,
       "a review's state written and read back: 80 records, 80 included");
    mct_records_new(&b);
    take(b, mct_review_prior_records(p), 0, mct_review_prior_count(p));
    take(b, all, 80, mct_records_count(all) - 80);
    if (r0 && p)
        r1 = review(b, p);
    OK(r1 && mct_review_n_earlier(r1) == 80 &&
           mct_records_count(mct_review_included(r1)) == 113,
       "the update: 80 earlier records first, 113 in all");
    if (r0 && r1) {
        const double *m0 = mct_review_map_xy(r0, &n0, NULL);
        const double *m1 = mct_review_map_xy(r1, &n1, NULL);
        const int *l0 = mct_themes_labels(mct_review_themes_found(r0), NULL);
        const int *l1 = mct_themes_labels(mct_review_themes_found(r1), NULL);
        OK(n0 == 80 && n1 == 113 && !memcmp(m0, m1, 160 * sizeof *m0),
           "the earlier points keep their places bit for bit");
        OK(!memcmp(l0, l1, 80 * sizeof *l0),
           "the earlier records keep their themes");
        mct_screening_prisma(mct_review_screening(r1), &pc);
        OK(pc.prior == 80 && pc.prior_included == 80 && pc.included == 113 &&
               pc.identified == 113 && mct_review_keywords_before(r1) &&
               mct_review_keywords_before(r0) == NULL,
           "PRISMA: 80 earlier, 113 in all; the earlier keyword network");
    }
    take(wrong, all, 80, mct_records_count(all) - 80);
    {
        mct_review_opts o = mct_review_opts_default();
        o.prior = p;
        mct_review_new(&o, &rw);
        OK(mct_review_screen(rw, wrong, &d) == MCT_EINVAL &&
               strstr(d.msg, "earlier review"),
           "an update's records must begin with the earlier ones: %s", d.msg);
    }
    mct_review_free(rw);
    mct_review_free(r1);
    mct_review_free(r0);
    mct_review_prior_free(p);
    mct_records_free(wrong);
    mct_records_free(b);
    mct_records_free(a);
    remove(path);
}

static void test_bad_states(void)
{
    static const char bad_fate[] =
        "{\"id\":\"a\",\"title\":\"One\",\"fate\":\"included\"}\n"
        "{\"id\":\"b\",\"title\":\"Two\",\"fate\":\"maybe\"}\n";
    static const char bad_fit[] =
        "{\"id\":\"a\",\"title\":\"One\",\"fate\":\"included\","
        "\"theme_fit\":false}\n"
        "{\"id\":\"b\",\"title\":\"Two\",\"fate\":\"included\","
        "\"theme_fit\":true}\n";
    static const char no_map[] =
        "{\"id\":\"a\",\"title\":\"One\",\"fate\":\"included\",\"x\":1,"
        "\"y\":2}\n"
        "{\"id\":\"b\",\"title\":\"Two\",\"fate\":\"excluded\","
        "\"reason\":\"off topic\"}\n"
        "{\"id\":\"c\",\"title\":\"Three\",\"fate\":\"included\"}\n";
    mct_review_prior *p = NULL;
    mct_diag d;
    OK(mct_review_prior_parse(bad_fate, sizeof bad_fate - 1, "s", &p, &d) ==
               MCT_EPARSE &&
           d.line == 2 && strstr(d.msg, "fate") && !p,
       "an unknown fate: line 2 (%s)", d.msg);
    OK(mct_review_prior_parse(bad_fit, sizeof bad_fit - 1, "s", &p, &d) ==
               MCT_EPARSE &&
           d.line == 2,
       "a record that fitted the themes after one placed in them: line 2");
    OK(mct_review_prior_parse(no_map, sizeof no_map - 1, "s", &p, &d) ==
               MCT_OK &&
           mct_review_prior_count(p) == 3 && mct_review_prior_included(p) == 2,
       "a state with a place missing reads (the update makes a new map)");
    mct_review_prior_free(p);
    OK(mct_review_prior_read("/nonexistent/state.jsonl", &p, &d) == MCT_ENOTFOUND,
       "a missing state: MCT_ENOTFOUND");
}

static void test_extend(const mct_records *all)
{
    mct_themes *t = NULL;
    mct_records *a = NULL, *b = NULL;
    mct_diag d;
    int lab[40];
    const int *l;
    size_t n = 0;
    mct_records_new(&a);
    mct_records_new(&b);
    take(a, all, 0, 80);
    take(b, all, 80, 33);
    OK(mct_themes_new(NULL, &t) == MCT_OK &&
           mct_themes_extend(t, b) == MCT_EINVAL,
       "extend before a fit: MCT_EINVAL");
    OK(mct_themes_fit(t, a, NULL, &d) == MCT_OK &&
           mct_themes_assign(t, b, lab, NULL) == MCT_OK &&
           mct_themes_extend(t, b) == MCT_OK &&
           mct_themes_n_records(t) == 113,
       "extend: 80 fitted and 33 placed");
    l = mct_themes_labels(t, &n);
    OK(n == 113 && !memcmp(l + 80, lab, 33 * sizeof *lab) &&
           mct_csr_get(mct_themes_features(t)).n_rows == 113,
       "placed as mct_themes_assign places them; features grown");
    mct_themes_free(t);
    mct_records_free(b);
    mct_records_free(a);
}

int main(void)
{
    mct_records *r = NULL;
    mct_records_new(&r);
    if (OK(mct_records_read(r, "corpora/microcredentials/microcredentials.jsonl",
                            MCT_FORMAT_AUTO, NULL, NULL) == MCT_OK &&
               mct_records_count(r) == 113,
           "the bundled corpus")) {
        test_update(r);
        test_extend(r);
    }
    test_bad_states();
    mct_records_free(r);
    return tap_done();
}

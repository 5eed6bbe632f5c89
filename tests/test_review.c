/*
 * test_review.c - the review pipeline (mct_review.h) and co-word networks
 * from records (mct_net_build_records): stages in order and out of it,
 * an adopted map, the four partitions and their agreement, the map's
 * regions, the same bytes for 1 and 2 threads, and the Web of Science
 * categories of the real export.
 */
#include <math.h>

#include "mctext.h"
#include "tap.h"

static mct_records *bundled(void)
{
    mct_records *r = NULL;
    mct_records_new(&r);
    if (mct_records_read(r, "corpora/microcredentials/microcredentials.jsonl",
                         MCT_FORMAT_AUTO, NULL, NULL)) {
        mct_records_free(r);
        return NULL;
    }
    return r;
}

static mct_review *run(const mct_records *r, int threads)
{
    mct_review_opts o = mct_review_opts_default();
    mct_review *rv = NULL;
    mct_diag d;
    o.screen.query = "TITLE(micro-creden*) OR TITLE(microcreden*)";
    o.n_threads = threads;
    o.map.n_iter = 300;
    if (mct_review_new(&o, &rv) || mct_review_run(rv, r, &d)) {
        mct_review_free(rv);
        return NULL;
    }
    return rv;
}

static void test_order(const mct_records *r)
{
    mct_review *rv = NULL;
    double xy[4] = {0, 0, 1, NAN};
    mct_diag d;
    mct_review_new(NULL, &rv);
    OK(mct_review_map(rv, &d) == MCT_ESTATE &&
           mct_review_network(rv, &d) == MCT_ESTATE &&
           mct_review_concepts(rv, &d) == MCT_ESTATE &&
           mct_review_themes(rv, &d) == MCT_ESTATE &&
           mct_review_set_map(rv, xy, 2) == MCT_ESTATE,
       "every stage wants the screening first");
    OK(mct_review_screen(rv, r, &d) == MCT_OK &&
           mct_records_count(mct_review_included(rv)) == 113 &&
           mct_review_trends(rv) && mct_review_screening(rv),
       "screening: 113 included, trends counted");
    OK(mct_review_set_map(rv, xy, 2) == MCT_EINVAL,
       "an adopted map needs a point per included record");
    OK(mct_review_network(rv, &d) == MCT_OK && mct_review_keywords(rv) &&
           mct_review_themes(rv, &d) == MCT_OK &&
           !mct_review_partition(rv, MCT_PARTITION_MAP) &&
           mct_review_n_regions(rv) == 0 &&
           mct_review_partition(rv, MCT_PARTITION_KEYWORDS),
       "themes without a map: no map partition, no regions");
    {
        size_t n = 113;
        double *m = malloc(2 * n * sizeof *m);
        for (size_t i = 0; i < 2 * n; i++)
            m[i] = (double)(i % 7) + (double)i / 1000;
        OK(mct_review_set_map(rv, m, n) == MCT_OK &&
               mct_review_themes(rv, &d) == MCT_OK &&
               mct_review_n_regions(rv) == mct_themes_count(
                                               mct_review_themes_found(rv)),
           "an adopted map: one region per theme");
        free(m);
    }
    mct_review_free(rv);
}

static void test_results(const mct_records *r)
{
    mct_review *a = run(r, 1), *b = run(r, 2);
    size_t n = 0, sum = 0;
    mct_review_map_info mi;
    const double *xa, *xb;
    double nmi, ari;
    if (!OK(a && b, "the whole review of the bundled corpus, 1 and 2 threads"))
        goto out;
    xa = mct_review_map_xy(a, &n, &mi);
    xb = mct_review_map_xy(b, NULL, NULL);
    OK(n == 113 && mi.terms > 100 && mi.kl > 0 && mi.perplexity == 30 &&
           !memcmp(xa, xb, 2 * n * sizeof *xa),
       "the title map: 113 points, the same bits with 1 and 2 threads");
    OK(!memcmp(mct_review_partition(a, MCT_PARTITION_THEMES),
               mct_review_partition(b, MCT_PARTITION_THEMES), n * sizeof(int)),
       "the same themes with 1 and 2 threads");
    OK(mct_review_concept_map(a) &&
           mct_concepts_count(mct_review_concept_map(a)) == 40,
       "a concept map of 40 concepts");
    for (size_t g = 0; g < mct_review_n_regions(a); g++) {
        mct_map_region rg;
        mct_review_region(a, g, &rg);
        sum += rg.records;
        OK(rg.n_terms >= 1 && rg.scores[0] > 0 && isfinite(rg.x),
           "region %zu: %zu records, named %s", g + 1, rg.records,
           rg.n_terms ? rg.terms[0] : "(nothing)");
    }
    OK(sum == 113, "the regions hold every point");
    OK(mct_review_agreement(a, MCT_PARTITION_THEMES, MCT_PARTITION_MAP, &nmi,
                            &ari) == MCT_OK &&
           nmi >= 0 && nmi <= 1,
       "themes ~ map: NMI %.3f", nmi);
    OK(mct_review_agreement(a, MCT_PARTITION_THEMES,
                            MCT_PARTITION_CATEGORIES, &nmi,
                            &ari) == MCT_EEMPTY &&
           !mct_review_category(a, 0),
       "no subject categories in the bundled corpus");
out:
    mct_review_free(a);
    mct_review_free(b);
}

static void test_networks(const mct_records *r)
{
    mct_net *k = NULL, *t = NULL;
    OK(mct_net_build_records(NULL, r, MCT_NET_FIELD_KEYWORDS, &k) == MCT_OK &&
           mct_net_n_nodes(k) == 23,
       "keyword network of the records: 23 nodes");
    OK(mct_net_build_records(NULL, r, MCT_NET_FIELD_TERMS, &t) == MCT_OK &&
           mct_net_n_nodes(t) > 100,
       "term network: %zu nodes", mct_net_n_nodes(t));
    OK(mct_net_build_records(NULL, r, (mct_net_field)9, &k) == MCT_EINVAL,
       "an unknown field");
    mct_net_free(k);
    mct_net_free(t);
}

static void test_categories(void)
{
    const char *sh = tap_shared();
    char p[8192];
    mct_records *r = NULL;
    mct_review_opts o = mct_review_opts_default();
    mct_review *rv = NULL;
    double nmi;
    if (!sh) {
        SKIP("../shared is absent: the WoS export is read in place");
        return;
    }
    snprintf(p, sizeof p, "%s/corpora/exports/absorptive-capacity/wos.txt",
             sh);
    mct_records_new(&r);
    mct_records_read(r, p, MCT_FORMAT_AUTO, NULL, NULL);
    mct_review_new(&o, &rv);
    OK(mct_review_screen(rv, r, NULL) == MCT_OK &&
           mct_review_themes(rv, NULL) == MCT_OK &&
           mct_review_category(rv, 0) &&
           mct_review_agreement(rv, MCT_PARTITION_THEMES,
                                MCT_PARTITION_CATEGORIES, &nmi, NULL) ==
               MCT_OK,
       "Web of Science categories join the triangulation (first: %s)",
       mct_review_category(rv, 0) ? mct_review_category(rv, 0) : "");
    mct_review_free(rv);
    mct_records_free(r);
}

int main(void)
{
    mct_records *r = bundled();
    if (OK(r != NULL, "the bundled corpus")) {
        test_order(r);
        test_results(r);
        test_networks(r);
    }
    test_categories();
    mct_records_free(r);
    return tap_done();
}

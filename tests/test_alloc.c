/*
 * test_alloc.c - allocation failure everywhere: every allocation of a
 * whole operation (each record reader, reading a file in blocks,
 * de-duplication, the query, screening, k-means, networks, concept maps,
 * themes) fails in turn, and each time the operation must return
 * MCT_ENOMEM (or succeed where the allocation was optional), never
 * another error, a crash or, under the sanitizer, a leak.
 *
 * MCT_TEST_LIGHT=1 tries about 60 failure points per operation, spread
 * over all of them, instead of every one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mctext.h"
#include "tap.h"

typedef mct_status (*op_fn)(const void *ctx);

/*
 * Runs op once to count its allocations, then makes each fail in turn.
 * op frees whatever it made, whatever happened.
 */
static void walk(const char *name, op_fn op, const void *ctx)
{
    long total, step = 1, nomem = 0, wrong = 0, worst = 0;
    mct_status rc0, rc, bad = MCT_OK;
    const char *light = getenv("MCT_TEST_LIGHT");
    mct__test_alloc_fail_after(-1);
    rc0 = op(ctx);
    total = mct__test_alloc_fail_after(-1);
    if (light && *light && *light != '0' && total > 60)
        step = total / 60;
    for (long k = 0; k < total; k += step) {
        mct__test_alloc_fail_after(k);
        rc = op(ctx);
        mct__test_alloc_fail_after(-1);
        if (rc == MCT_ENOMEM)
            nomem++;
        else if (rc != MCT_OK) {
            wrong++;
            worst = k;
            bad = rc;
        }
    }
    OK(rc0 == MCT_OK && total > 0 && nomem > 0 && wrong == 0,
       "%s: %ld allocations, every %ld-th failed: %ld MCT_ENOMEM, %ld "
       "other errors (last at %ld: %s); unfailed: %s",
       name, total, step, nomem, wrong, worst, mct_strerror(bad),
       mct_strerror(rc0));
}

/* ---- records ------------------------------------------------------- */

typedef struct parse_ctx {
    const char *data;
    mct_format fmt;
} parse_ctx;

static mct_status op_parse(const void *ctx)
{
    const parse_ctx *c = ctx;
    mct_records *r = NULL;
    mct_docs *d = NULL;
    mct_status rc;
    if (!(rc = mct_records_new(&r)) &&
        !(rc = mct_records_parse(r, c->data, strlen(c->data), "t", c->fmt,
                                 NULL, NULL)) &&
        !(rc = mct_docs_new(&d)))
        rc = mct_records_to_docs(r, MCT_FIELD_ALL, d);
    mct_docs_free(d);
    mct_records_free(r);
    return rc;
}

static const parse_ctx samples[] = {
    {"{\"id\":\"a\",\"title\":\"Open badges\",\"authors\":[\"X, Y\"],"
     "\"year\":2020,\"doi\":\"10.1/a\",\"keywords\":[\"k1\",\"k2\"]}\n"
     "{\"id\":\"b\",\"title\":\"Micro credentials\",\"year\":2021,"
     "\"keywords\":\"k1; k3\"}\n",
     MCT_FORMAT_JSONL},
    {"Open badges\nMicro credentials\n", MCT_FORMAT_LINES},
    {"Authors,Title,Year,Source title,DOI,Author Keywords,EID\n"
     "\"X Y.; Z W.\",Open badges,2020,J,10.1/a,k1; k2,2-s2.0-1\n",
     MCT_FORMAT_SCOPUS_CSV},
    {"FN Clarivate\nVR 1.0\nPT J\nAU X, Y\n   Z, W\nTI Open badges\n"
     "   and more\nPY 2020\nDE k1; k2\nID k3\nWC Education\nUT WOS:1\nER\n"
     "\nPT J\nAU Q, R\nTI Micro credentials\nEA MAR 2022\nER\n\nEF\n",
     MCT_FORMAT_WOS_TEXT},
    {"PT\tAU\tTI\tPY\tDE\tUT\nJ\tX, Y; Z, W\tOpen badges\t2020\tk1; k2\t"
     "WOS:1\n",
     MCT_FORMAT_WOS_TAB},
    {"TY  - JOUR\nAU  - X, Y\nAU  - Z, W\nTI  - Open badges\nPY  - 2020\n"
     "KW  - k1\nKW  - k2\nDO  - 10.1/a\nER  - \n",
     MCT_FORMAT_RIS},
    {"PMID- 1\nTI  - Open badges\n      and more\nFAU - X, Y\nDP  - 2020\n"
     "OT  - k1\n\nPMID- 2\nTI  - Micro\nDP  - 2021\n",
     MCT_FORMAT_PUBMED},
    {"@article{a, title = {Open {\\\"o} badges}, author = {X, Y and Z, W},"
     " year = {2020}, keywords = {k1; k2}}\n",
     MCT_FORMAT_BIBTEX},
    {"[{\"id\":\"a\",\"title\":\"Open badges\",\"author\":[{\"family\":"
     "\"X\",\"given\":\"Y\"}],\"issued\":{\"date-parts\":[[2020]]}}]",
     MCT_FORMAT_CSL_JSON},
    {"{\"meta\":{},\"results\":[{\"id\":\"https://openalex.org/W1\","
     "\"display_name\":\"Open badges\",\"publication_year\":2020,"
     "\"authorships\":[{\"author\":{\"display_name\":\"Y X\"}}]}]}",
     MCT_FORMAT_OPENALEX_JSON},
    {"id,display_name,publication_year\nhttps://openalex.org/W1,"
     "Open badges,2020\n",
     MCT_FORMAT_OPENALEX_CSV},
    {"Lens ID,Title,Publication Year,Author/s\n1,Open badges,2020,"
     "X Y; Z W\n",
     MCT_FORMAT_LENS_CSV},
};

/* A file of JSON Lines past the first block, so that it is read in
 * blocks. */
static mct_status op_read(const void *ctx)
{
    mct_records *r = NULL;
    mct_status rc;
    if (!(rc = mct_records_new(&r)))
        rc = mct_records_read(r, ctx, MCT_FORMAT_AUTO, NULL, NULL);
    mct_records_free(r);
    return rc;
}

static void test_records(void)
{
    char path[64];
    FILE *f;
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        char name[64];
        snprintf(name, sizeof name, "parse %s",
                 mct_format_name(samples[i].fmt));
        walk(name, op_parse, &samples[i]);
    }
    snprintf(path, sizeof path, "/tmp/mct-alloc-%ld.jsonl", (long)getpid());
    if (!(f = fopen(path, "w"))) {
        SKIP("cannot write %s", path);
        return;
    }
    for (int i = 0; i < 12000; i++)
        fprintf(f, "{\"id\": \"r%d\", \"title\": \"Title %d of badges\", "
                   "\"year\": %d, \"venue\": \"Journal of Badges\"}\n",
                i, i % 700, 2000 + i % 20);
    fclose(f);
    walk("read JSON Lines in blocks", op_read, path);
    remove(path);
}

/* ---- on a set of records ------------------------------------------- */

/* Duplicates by each rule, doubtful pairs, keywords for a network,
 * abstracts for concepts and themes. */
static const char corpus[] =
    "{\"id\":\"1\",\"title\":\"Open badges for learning\",\"authors\":"
    "[\"Aguiar, L\"],\"year\":2020,\"doi\":\"10.1/a\",\"keywords\":"
    "[\"open badges\",\"microcredentials\"],\"abstract\":\"Open badges "
    "recognise learning. Badges certify skills of learners.\"}\n"
    "{\"id\":\"2\",\"title\":\"Open Badges for Learning\",\"year\":2020,"
    "\"doi\":\"https://doi.org/10.1/A\",\"keywords\":[\"badges\"]}\n"
    "{\"id\":\"3\",\"title\":\"Micro-credentials in higher education\","
    "\"authors\":[\"Brown, K\"],\"year\":2021,\"keywords\":"
    "[\"microcredentials\",\"higher education\"],\"abstract\":"
    "\"Micro-credentials certify skills. Universities issue "
    "micro-credentials to learners.\"}\n"
    "{\"id\":\"4\",\"title\":\"Micro credentials in higher education\","
    "\"year\":2021,\"keywords\":[\"higher education\",\"badges\"]}\n"
    "{\"id\":\"5\",\"title\":\"Microcredentials in higher educatio\","
    "\"authors\":[\"Brown, K.\"],\"year\":2022,\"doi\":\"10.1/c\"}\n"
    "{\"id\":\"6\",\"title\":\"Digital badges and employers\",\"authors\":"
    "[\"Carr, J\"],\"year\":2019,\"keywords\":[\"open badges\","
    "\"employers\"],\"abstract\":\"Employers read digital badges. Badges "
    "show skills to employers.\"}\n"
    "{\"id\":\"7\",\"title\":\"Digital badges and employers\",\"year\":2019,"
    "\"doi\":\"10.1/d\",\"keywords\":[\"employers\",\"microcredentials\"]}"
    "\n{\"id\":\"8\",\"title\":\"Learning analytics of badges\",\"year\":"
    "2018,\"keywords\":[\"learning analytics\",\"open badges\"],"
    "\"abstract\":\"Learning analytics count badges. Learners earn skills "
    "and badges.\"}\n";

static mct_status op_dedup(const void *ctx)
{
    mct_dedup *d = NULL;
    mct_dup_decision dec[1] = {{5, 6, MCT_DECISION_MERGE, 0}};
    mct_dedup_opts o = mct_dedup_opts_default();
    mct_status rc;
    o.decisions = dec;
    o.n_decisions = 1;
    rc = mct_dedup_run(&o, ctx, &d);
    mct_dedup_free(d);
    return rc;
}

static mct_status op_query(const void *ctx)
{
    const mct_records *r = ctx;
    mct_query *q = NULL;
    mct_status rc = mct_query_parse(
        "TITLE-ABS-KEY(badge* OR \"micro-credential*\") AND NOT "
        "TITLE(employers)",
        &q, NULL);
    for (size_t i = 0; !rc && i < mct_records_count(r); i++)
        mct_query_match(q, mct_records_get(r, i));
    mct_query_free(q);
    return rc;
}

static mct_status op_screen(const void *ctx)
{
    mct_screening *s = NULL;
    mct_exclusions *x = NULL;
    mct_screen_opts o = mct_screen_opts_default();
    const char ex[] = "3\tnot about badges\n10.1/d\toff topic\n";
    mct_status rc;
    o.query = "TITLE(badge* OR micro*)";
    o.year_from = 2019;
    if (!(rc = mct_exclusions_parse(ex, strlen(ex), &x, NULL))) {
        o.exclusions = x;
        if (!(rc = mct_screening_new(&o, &s)))
            rc = mct_screening_fit(s, ctx, NULL);
    }
    mct_screening_free(s);
    mct_exclusions_free(x);
    return rc;
}

static mct_status op_net(const void *ctx)
{
    mct_net *g = NULL;
    mct_net_opts o = mct_net_opts_default();
    mct_status rc;
    o.min_count = 1;
    rc = mct_net_build_records(&o, ctx, MCT_NET_FIELD_KEYWORDS, &g);
    mct_net_free(g);
    return rc;
}

static mct_status op_concepts(const void *ctx)
{
    const mct_records *r = ctx;
    const char *t[8];
    size_t l[8], n = 0;
    mct_concepts *c = NULL;
    mct_concepts_opts o = mct_concepts_opts_default();
    mct_status rc;
    for (size_t i = 0; i < mct_records_count(r) && n < 8; i++)
        if (mct_records_get(r, i)->abstract[0]) {
            t[n] = mct_records_get(r, i)->abstract;
            l[n] = strlen(t[n]);
            n++;
        }
    o.min_count = 1;
    rc = mct_concepts_build(&o, t, l, n, &c);
    mct_concepts_free(c);
    return rc;
}

static mct_status op_kmeans(const void *ctx)
{
    static const double X[] = {1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9, 0.5, 0.5,
                               1, 0.2};
    mct_kmeans_opts o = mct_kmeans_opts_default();
    mct_kmeans *km = NULL;
    mct_status rc;
    (void)ctx;
    o.k = 2;
    o.n_threads = 1;
    rc = mct_kmeans_fit_dense(&o, X, 6, 2, NULL, &km);
    mct_kmeans_free(km);
    return rc;
}

static mct_status op_themes(const void *ctx)
{
    mct_themes_opts o = mct_themes_opts_default();
    mct_themes *t = NULL;
    mct_status rc;
    o.k = 2;
    o.n_threads = 1;
    if (!(rc = mct_themes_new(&o, &t)))
        rc = mct_themes_fit(t, ctx, NULL, NULL);
    mct_themes_free(t);
    return rc;
}

static void test_on_records(void)
{
    mct_records *r = NULL;
    if (mct_records_new(&r) ||
        mct_records_parse(r, corpus, strlen(corpus), "c", MCT_FORMAT_JSONL,
                          NULL, NULL)) {
        OK(0, "the corpus parses");
        mct_records_free(r);
        return;
    }
    walk("de-duplication with a decision", op_dedup, r);
    walk("query parse and match", op_query, r);
    walk("screening: query, years, exclusions, dedup", op_screen, r);
    walk("k-means", op_kmeans, r);
    walk("network of keywords", op_net, r);
    walk("concept map", op_concepts, r);
    walk("themes", op_themes, r);
    mct_records_free(r);
}

int main(void)
{
    test_records();
    test_on_records();
    return tap_done();
}

/*
 * test_screen.c - screening and publications per year (mct_screen.h,
 * mct_trends.h): exclusions files and their errors, every record's fate,
 * the PRISMA counts adding up, sources, a query's terms, the real
 * Scopus + Web of Science exports, trends with a growth rate counted by
 * hand, and every allocation failure.
 */
#include <math.h>

#include "internal.h"
#include "mctext.h"
#include "tap.h"

/* Eight records: two duplicates by DOI, one without a year, one outside
 * the years, one not matching the query, one to exclude. */
static mct_records *sample(void)
{
    static const struct {
        const char *id, *title, *doi, *source;
        int year;
    } v[] = {
        {"s1", "Digital badges in higher education", "10.1/a", "scopus", 2019},
        {"w1", "Digital badges in higher education", "10.1/A", "wos", 2019},
        {"s2", "Blockchain badges for teachers", "10.1/b", "scopus", 2021},
        {"s3", "Micro-credentials and employers", "", "scopus", 2021},
        {"w2", "Badges for nurses", "", "wos", 0},
        {"s4", "Old badges", "10.1/c", "scopus", 2001},
        {"w3", "Open education resources", "10.1/d", "wos", 2022},
        {"r1", "Badges and credentials", "10.1/e", "ris", 2022}};
    mct_records *r = NULL;
    mct_records_new(&r);
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        mct_record x;
        memset(&x, 0, sizeof x);
        x.id = v[i].id;
        x.title = v[i].title;
        x.doi = v[i].doi;
        x.source = v[i].source;
        x.year = v[i].year;
        mct_records_add(r, &x);
    }
    return r;
}

static void test_exclusions(void)
{
    mct_exclusions *x = NULL;
    mct_diag d;
    const char *ok = "\xEF\xBB\xBF# reviewer A\r\ns2\tnot about credentials\r\n\n"
                     "10.1/E\toff topic\n";
    OK(mct_exclusions_parse(ok, strlen(ok), &x, &d) == MCT_OK &&
           mct_exclusions_count(x) == 2,
       "exclusions: BOM, CRLF, comment and blank lines (%zu)",
       mct_exclusions_count(x));
    mct_exclusions_free(x);
    OK(mct_exclusions_parse("s2 no tab\n", 10, &x, &d) == MCT_EPARSE &&
           d.line == 1 && strstr(d.msg, "id<TAB>reason") && !x,
       "a line without a tab: line %zu, %s", d.line, d.msg);
    OK(mct_exclusions_parse("a\tb\ns2\t \n", 9, &x, &d) == MCT_EPARSE &&
           d.line == 2,
       "a line without a reason: line %zu", d.line);
    OK(mct_exclusions_parse("", 0, &x, &d) == MCT_OK &&
           mct_exclusions_count(x) == 0,
       "an empty file: no exclusions");
    mct_exclusions_free(x);
    OK(mct_exclusions_read("/nonexistent/excl.tsv", &x, &d) ==
               MCT_ENOTFOUND &&
           d.msg[0],
       "a missing file: MCT_ENOTFOUND (%s)", d.msg);
    mct_exclusions_free(NULL);
}

static void test_fates(void)
{
    mct_records *r = sample();
    mct_screen_opts o = mct_screen_opts_default();
    mct_exclusions *x = NULL;
    mct_screening *s = NULL;
    mct_prisma p;
    mct_diag d;
    const char *why;
    size_t n, k;
    mct_exclusions_parse("s2\tnot about credentials\n", 24, &x, NULL);
    o.query = "TITLE(badge* OR credential*)";
    o.year_from = 2010;
    o.exclusions = x;
    if (!OK(mct_screening_new(&o, &s) == MCT_OK &&
                mct_screening_fit(s, r, &d) == MCT_OK,
            "screening of 8 records: %s", d.msg))
        return;
    mct_screening_prisma(s, &p);
    OK(p.identified == 8 && p.duplicates == 1 && p.ineligible == 3 &&
           p.screened == 4 && p.excluded == 1 && p.included == 3,
       "PRISMA: 8 identified, 1 duplicate, 3 ineligible, 4 screened, "
       "1 excluded, 3 included (%zu %zu %zu %zu %zu %zu)",
       p.identified, p.duplicates, p.ineligible, p.screened, p.excluded,
       p.included);
    OK(p.identified == p.duplicates + mct_records_count(mct_screening_kept(s)) &&
           mct_records_count(mct_screening_included(s)) == p.included,
       "identified = duplicates + kept; the included set has them all");
    k = 4; /* s4: 2001 */
    OK(mct_screening_fate(s, k, &why) == MCT_FATE_INELIGIBLE &&
           !strcmp(why, "outside the year range"),
       "before the years: ineligible (%s)", why ? why : "");
    OK(mct_screening_fate(s, 5, &why) == MCT_FATE_INELIGIBLE &&
           !strcmp(why, "does not match the query"),
       "not matching the query: ineligible");
    OK(mct_screening_fate(s, 1, &why) == MCT_FATE_EXCLUDED &&
           !strcmp(why, "not about credentials"),
       "excluded with the reviewer's reason");
    OK(mct_screening_fate(s, 3, &why) == MCT_FATE_INELIGIBLE &&
           !strcmp(why, "outside the year range"),
       "a record without a year is outside a year range");
    OK(mct_screening_fate(s, 2, &why) == MCT_FATE_INCLUDED && !why,
       "micro-credentials matches credential*: included");
    OK(mct_screening_n_reasons(s) == 1 &&
           !mct_screening_reason(s, 0, &why, &n) && n == 1 &&
           mct_screening_reason(s, 1, &why, &n) == MCT_EINVAL,
       "one exclusion reason, counted once");
    OK(mct_screening_n_sources(s) == 3 &&
           !mct_screening_source(s, 0, &why, &n) && !strcmp(why, "Scopus") &&
           n == 4 && !mct_screening_source(s, 2, &why, &n) &&
           !strcmp(why, "Other sources"),
       "sources in first-seen order: Scopus 4, Web of Science 3, other 1");
    OK(mct_screening_dedup(s) && mct_screening_query(s) &&
           mct_query_terms(mct_screening_query(s), &n) && n == 2,
       "the de-duplication and the query's two terms are there");
    mct_screening_free(s);
    mct_exclusions_free(x);
    mct_exclusions_parse("zz9\tno such\n", 11, &x, NULL);
    o.exclusions = x;
    mct_screening_new(&o, &s);
    OK(mct_screening_fit(s, r, &d) == MCT_ENOTFOUND && d.line == 1 &&
           strstr(d.msg, "'zz9'"),
       "an exclusion of no record: line %zu, %s", d.line, d.msg);
    mct_screening_free(s);
    mct_exclusions_free(x);
    mct_records_free(r);
}

static void test_errors(void)
{
    mct_records *r = sample();
    mct_screen_opts o = mct_screen_opts_default();
    mct_screening *s = NULL;
    mct_prisma p;
    mct_diag d;
    o.year_from = 2020;
    o.year_to = 2010;
    OK(mct_screening_new(&o, &s) == MCT_EINVAL && !s, "years the wrong way");
    OK(mct_screening_new(NULL, &s) == MCT_OK, "NULL options: the defaults");
    OK(mct_screening_prisma(s, &p) == MCT_ESTATE, "no counts before a fit");
    mct_screening_free(s);
    o = mct_screen_opts_default();
    o.query = "TITLE(badge* AND";
    mct_screening_new(&o, &s);
    OK(mct_screening_fit(s, r, &d) == MCT_EPARSE && d.column > 0,
       "a malformed query: column %zu, %s", d.column, d.msg);
    mct_screening_free(s);
    o = mct_screen_opts_default();
    o.dedup = false;
    mct_screening_new(&o, &s);
    mct_screening_fit(s, r, NULL);
    mct_screening_prisma(s, &p);
    OK(p.duplicates == 0 && p.included == 8 && !mct_screening_dedup(s),
       "without de-duplication every record is kept");
    mct_screening_free(s);
    OK(!strcmp(mct_source_name("pubmed"), "PubMed") &&
           !strcmp(mct_source_name("bibtex"), "Other sources") &&
           !strcmp(mct_source_name("dimensions"), "dimensions"),
       "source names");
    mct_records_free(r);
}

static void test_trends(void)
{
    mct_records *r = NULL;
    mct_trends *t = NULL;
    int years[] = {2015, 2015, 2017, 2017, 2017, 2017, 0, 2019};
    int first, last;
    const size_t *c;
    mct_records_new(&r);
    for (size_t i = 0; i < 8; i++) {
        mct_record x;
        memset(&x, 0, sizeof x);
        x.title = "t";
        x.year = years[i];
        mct_records_add(r, &x);
    }
    OK(mct_trends_count(r, 0, 0, &t) == MCT_OK, "trends");
    c = mct_trends_counts(t, &first, &last);
    OK(first == 2015 && last == 2019 && c[0] == 2 && c[1] == 0 && c[2] == 4 &&
           c[4] == 1 && mct_trends_without_year(t) == 1,
       "every year of the range, zeros too, one without a year");
    /* (1/2)^(1/4) - 1 */
    NEAR(mct_trends_growth(t), (pow(0.5, 0.25) - 1) * 100, 1e-12,
         "growth as bibliometrix computes it");
    mct_trends_free(t);
    mct_trends_count(r, 2016, 2017, &t);
    c = mct_trends_counts(t, &first, &last);
    OK(first == 2016 && last == 2017 && c[0] == 0 && c[1] == 4 &&
           isnan(mct_trends_growth(t)),
       "a given range; no growth from a year of none");
    mct_trends_free(t);
    OK(mct_trends_count(r, 2020, 2010, &t) == MCT_EINVAL,
       "a range the wrong way");
    mct_records_free(r);
}

static void test_real_exports(void)
{
    const char *sh = tap_shared();
    char a[8192], b[8192];
    mct_records *r = NULL;
    mct_screening *s = NULL;
    mct_prisma p;
    if (!sh) {
        SKIP("../shared is absent: the real exports are read in place");
        return;
    }
    snprintf(a, sizeof a, "%s/corpora/exports/absorptive-capacity/scopus.csv",
             sh);
    snprintf(b, sizeof b, "%s/corpora/exports/absorptive-capacity/wos.txt", sh);
    mct_records_new(&r);
    mct_records_read(r, a, MCT_FORMAT_AUTO, NULL, NULL);
    mct_records_read(r, b, MCT_FORMAT_AUTO, NULL, NULL);
    mct_screening_new(NULL, &s);
    mct_screening_fit(s, r, NULL);
    mct_screening_prisma(s, &p);
    OK(p.identified == 748 && p.duplicates == 59 && p.included == 689 &&
           p.possible_duplicates >= 1,
       "Scopus + WoS: 748 identified, 59 duplicates, 689 included, %zu "
       "pairs for the reviewer",
       p.possible_duplicates);
    mct_screening_free(s);
    mct_records_free(r);
}

/* Every allocation failure of a screening fit gives MCT_ENOMEM. */
static void test_alloc_failures(void)
{
    mct_records *r = sample();
    mct_exclusions *x = NULL;
    mct_screen_opts o = mct_screen_opts_default();
    mct_screening *s = NULL;
    long total;
    size_t bad = 0;
    mct_exclusions_parse("s2\tno\n", 6, &x, NULL);
    o.query = "TITLE(badge*)";
    o.exclusions = x;
    mct__test_alloc_fail_after(-1);
    mct_screening_new(&o, &s);
    mct_screening_fit(s, r, NULL);
    mct_screening_free(s);
    total = mct__test_alloc_fail_after(-1);
    for (long k = 0; k < total; k++) {
        mct_status rc;
        s = NULL;
        mct__test_alloc_fail_after(k);
        rc = mct_screening_new(&o, &s);
        if (!rc)
            rc = mct_screening_fit(s, r, NULL);
        mct__test_alloc_fail_after(-1);
        bad += rc != MCT_ENOMEM;
        mct_screening_free(s);
    }
    OK(bad == 0, "%ld allocation failure points: each MCT_ENOMEM (%zu not)",
       total, bad);
    mct_exclusions_free(x);
    mct_records_free(r);
}

int main(void)
{
    test_exclusions();
    test_fates();
    test_errors();
    test_trends();
    test_real_exports();
    test_alloc_failures();
    return tap_done();
}

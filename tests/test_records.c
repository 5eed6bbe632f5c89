/*
 * test_records.c - record import (the real Scopus and Web of Science
 * exports in ../shared, read in place; hand-made edge cases for every
 * parser), de-duplication and its accounting, and queries.
 */
#include "mctext.h"
#include "internal.h"
#include "tap.h"

static char exports[4200];

static const mct_record *last(const mct_records *r)
{
    return mct_records_get(r, mct_records_count(r) - 1);
}

static mct_status parse(mct_records *r, const char *s, size_t n,
                        mct_format f, mct_diag *d)
{
    return mct_records_parse(r, s, n, "test", f, NULL, d);
}

/* ---- the real exports --------------------------------------------------- */

static void test_real_exports(void)
{
    mct_records *r = NULL;
    mct_diag d;
    size_t n = 0;
    char path[4400];
    const mct_record *x;
    mct_records_new(&r);
    snprintf(path, sizeof path, "%s/scopus.csv", exports);
    OK(mct_records_read(r, path, MCT_FORMAT_AUTO, &n, &d) == MCT_OK &&
           n == 127,
       "Scopus CSV: %zu of 127 records", n);
    x = mct_records_get(r, 0);
    OK(x && !strcmp(x->source, "scopus") &&
           !strcmp(x->title, "Absorptive capacity, knowledge spillovers "
                             "and incentive contracts") &&
           x->n_authors == 2 && !strcmp(x->authors[0], "Aguiar L.") &&
           !strcmp(x->authors[1], "Gagnepain P.") && x->year == 2022 &&
           !strcmp(x->id, "2-s2.0-85126271708") &&
           !strcmp(x->doi, "10.1016/j.ijindorg.2022.102830") &&
           x->n_keywords == 6 && !strcmp(x->keywords[0], "Absorptive capacity") &&
           x->n_index_keywords == 15 && x->cited_by == -1 &&
           !strcmp(x->venue, "International Journal of Industrial Organization") &&
           x->line == 2,
       "Scopus CSV record 1: title, comma-separated authors, year, EID, DOI, "
       "keywords, venue, line");
    x = last(r);
    OK(!strcmp(x->authors[0], "Tsai W.") && x->year == 2001 &&
           x->cited_by == 2633 && !strcmp(x->id, "2-s2.0-0035643025"),
       "Scopus CSV record 127: Tsai 2001, cited by 2633");

    snprintf(path, sizeof path, "%s/wos.txt", exports);
    OK(mct_records_read(r, path, MCT_FORMAT_AUTO, &n, &d) == MCT_OK &&
           n == 621,
       "Web of Science plain text: %zu of 621 records", n);
    x = mct_records_get(r, 127);
    OK(!strcmp(x->source, "wos") && !strcmp(x->id, "WOS:000779383300004") &&
           !strcmp(x->title, "Absorptive capacity, knowledge spillovers and "
                             "incentive contracts *") &&
           x->n_authors == 2 && !strcmp(x->authors[1], "Gagnepain, P") &&
           x->n_keywords == 6 && !strcmp(x->keywords[4], "Diversity of knowledge") &&
           x->n_index_keywords == 3 &&
           !strcmp(x->index_keywords[0], "RESEARCH-AND-DEVELOPMENT") &&
           x->line == 3,
       "WoS record 1: UT, title, one author per line, DE across a "
       "continuation line, ID");
    x = last(r);
    OK(!strcmp(x->id, "WOS:000482250100007") && x->n_categories == 3 &&
           !strcmp(x->categories[2], "Operations Research & Management Science"),
       "WoS record 621: subject categories joined across lines");

    snprintf(path, sizeof path, "%s/scopus.ris", exports);
    OK(mct_records_read(r, path, MCT_FORMAT_AUTO, &n, &d) == MCT_OK &&
           n == 127,
       "Scopus RIS: %zu of 127 records", n);
    x = mct_records_get(r, 748);
    OK(!strcmp(x->source, "scopus") && x->n_authors == 2 &&
           !strcmp(x->authors[0], "Aguiar, L.") && x->year == 2022 &&
           !strcmp(x->doi, "10.1016/j.ijindorg.2022.102830"),
       "Scopus RIS record 1");
    snprintf(path, sizeof path, "%s/wos.ris", exports);
    OK(mct_records_read(r, path, MCT_FORMAT_AUTO, &n, &d) == MCT_OK && n == 50,
       "Web of Science RIS: %zu records (50 TY...ER pairs in the file)", n);
    x = mct_records_get(r, 875);
    OK(!strcmp(x->source, "wos") && x->cited_by == 0 &&
           !strcmp(x->title, "Absorptive capacity, knowledge spillovers and "
                             "incentive contracts *"),
       "WoS RIS record 1: title and times cited from N1");
    mct_records_free(r);
}

static void test_merge_accounting(void)
{
    mct_records *r = NULL;
    mct_dedup *dd = NULL;
    char path[4400];
    size_t n = 0, kept = 0, dup = 0, bad = 0, rules[4] = {0};
    mct_records_new(&r);
    snprintf(path, sizeof path, "%s/scopus.csv", exports);
    mct_records_read(r, path, MCT_FORMAT_AUTO, NULL, NULL);
    snprintf(path, sizeof path, "%s/wos.txt", exports);
    mct_records_read(r, path, MCT_FORMAT_AUTO, NULL, NULL);
    n = mct_records_count(r);
    OK(mct_dedup_run(NULL, r, &dd) == MCT_OK, "Scopus + WoS de-duplicated");
    for (size_t i = 0; i < n; i++) {
        mct_dup_info in;
        const mct_record *a, *b;
        mct_dedup_info(dd, i, &in);
        rules[in.rule]++;
        if (in.rule == MCT_DUP_RULE_KEPT) {
            kept++;
            bad += in.kept_input != i;
            continue;
        }
        dup++;
        /* A duplicate points at an earlier kept record of the same year
         * (or one apart) from the other database here. */
        a = mct_records_get(r, i);
        b = mct_records_get(r, in.kept_input);
        bad += in.kept_input >= i || abs(a->year - b->year) > 1 ||
               mct_records_get(mct_dedup_kept(dd), in.kept) == NULL;
    }
    OK(kept + dup == n && kept == mct_records_count(mct_dedup_kept(dd)) &&
           dup == mct_dedup_n_duplicates(dd) && bad == 0,
       "every one of %zu records kept (%zu) or a listed duplicate (%zu): "
       "%zu by DOI, %zu by title+year, %zu fuzzy",
       n, kept, dup, rules[1], rules[2], rules[3]);
    OK(dup >= 50, "the two databases overlap (%zu duplicates)", dup);
    {
        /* The WoS copy of record 1 merges into the Scopus one, which
         * keeps its own fields and gains WoS's categories-free fields. */
        mct_dup_info in;
        mct_dedup_info(dd, 127, &in);
        OK(in.rule == MCT_DUP_RULE_DOI && in.kept_input == 0,
           "WoS 'Absorptive capacity, knowledge spillovers...' is Scopus "
           "record 1's duplicate by DOI");
    }
    mct_dedup_free(dd);
    mct_records_free(r);
}

/* ---- hand-made edge cases ----------------------------------------------- */

static void test_scopus_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char good[] =
        "\xEF\xBB\xBF" "Authors,Title,Year,Source title,DOI,Abstract,"
        "Author Keywords,EID\r\n"
        "\"Smith J.; Doe A.\",\"A title, with a comma and \"\"quotes\"\"\","
        "2021,J,10.1/X,\"Line one\r\nline two\",\"a; b\",2-s2.0-1\r\n"
        "\"Lee K., Park S.\",Plain,2020,J,,[No abstract available],,2-s2.0-2\r\n";
    mct_records_new(&r);
    OK(parse(r, good, sizeof good - 1, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 2,
       "Scopus CSV with BOM, CRLF, quotes and a quoted line break");
    OK(!strcmp(mct_records_get(r, 0)->title,
               "A title, with a comma and \"quotes\"") &&
           !strcmp(mct_records_get(r, 0)->abstract, "Line one\r\nline two") &&
           mct_records_get(r, 0)->n_authors == 2 &&
           !strcmp(mct_records_get(r, 0)->authors[1], "Doe A.") &&
           mct_records_get(r, 1)->n_authors == 2 &&
           !strcmp(mct_records_get(r, 1)->authors[1], "Park S.") &&
           !strcmp(mct_records_get(r, 1)->abstract, "") &&
           mct_records_get(r, 1)->line == 4,
       "fields, ';' and ',' author lists, [No abstract available], lines");
    {
        const char trunc[] = "Authors,Title,Year\nA,\"B,2020\n";
        OK(parse(r, trunc, sizeof trunc - 1, MCT_FORMAT_SCOPUS_CSV, &d) ==
                   MCT_EPARSE &&
               d.line == 2,
           "truncated last record: line %zu: %s", d.line, d.msg);
    }
    {
        const char extra[] = "Authors,Title,Year\nA,B,2020\nA,B,2020,extra\n";
        OK(parse(r, extra, sizeof extra - 1, MCT_FORMAT_SCOPUS_CSV, &d) ==
                   MCT_EPARSE && d.line == 3,
           "a row wider than the header: line %zu: %s", d.line, d.msg);
    }
    {
        const char notitle[] = "Authors,Year\nA,2020\n";
        OK(parse(r, notitle, sizeof notitle - 1, MCT_FORMAT_SCOPUS_CSV, &d) ==
               MCT_EPARSE,
           "no Title column: %s", d.msg);
    }
    OK(parse(r, "", 0, MCT_FORMAT_SCOPUS_CSV, &d) == MCT_EEMPTY,
       "empty Scopus file: %s", d.msg);
    OK(mct_records_count(r) == 2, "failed reads leave the set as it was");
    mct_records_free(r);
}

static void test_wos_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char good[] =
        "\xEF\xBB\xBF" "FN Clarivate Analytics Web of Science\r\n"
        "VR 1.0\r\n"
        "PT J\r\n"
        "AU Smith, J\r\n"
        "   Doe, A\r\n"
        "TI A long title\r\n"
        "   on two lines\r\n"
        "ZZ an unknown tag is ignored\r\n"
        "PY 2021\r\n"
        "DE one; two;\r\n"
        "   three\r\n"
        "UT WOS:1\r\n"
        "ER\r\n"
        "\r\n";
    mct_records_new(&r);
    OK(parse(r, good, sizeof good - 1, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 1,
       "WoS text: BOM, CRLF, continuations, an unknown tag, no EF");
    {
        const mct_record *x = mct_records_get(r, 0);
        OK(!strcmp(x->title, "A long title on two lines") &&
               x->n_authors == 2 && x->n_keywords == 3 &&
               !strcmp(x->keywords[2], "three") && x->year == 2021 &&
               x->line == 3,
           "continuation lines joined; one author per line");
    }
    {
        const char noer[] = "FN x\nVR 1.0\nPT J\nTI a\nPT J\nTI b\nER\nEF\n";
        OK(parse(r, noer, sizeof noer - 1, MCT_FORMAT_AUTO, &d) ==
                   MCT_EPARSE && d.line == 3,
           "missing ER: line %zu: %s", d.line, d.msg);
    }
    {
        const char trunc[] = "FN x\nVR 1.0\nPT J\nTI a\nPY 2020\n";
        OK(parse(r, trunc, sizeof trunc - 1, MCT_FORMAT_AUTO, &d) ==
                   MCT_EPARSE && d.line == 3,
           "truncated record: line %zu: %s", d.line, d.msg);
    }
    {
        const char bad[] = "FN x\nPT J\nTI a\nthis is not a tag\nER\n";
        OK(parse(r, bad, sizeof bad - 1, MCT_FORMAT_WOS_TEXT, &d) ==
                   MCT_EPARSE && d.line == 4,
           "malformed line: line %zu: %s", d.line, d.msg);
    }
    {
        const char notitle[] = "FN x\nPT J\nPY 2020\nER\nEF\n";
        OK(parse(r, notitle, sizeof notitle - 1, MCT_FORMAT_AUTO, &d) ==
                   MCT_EPARSE && d.line == 2,
           "record without a title is reported, not dropped: %s", d.msg);
    }
    /* The same record in UTF-16LE, as the Windows export writes it. */
    {
        const char *u8 = "FN x\nVR 1.0\nPT J\nTI Caf\xC3\xA9 \xF0\x9F\x98\x80\nER\nEF\n";
        char u16[256];
        size_t m = 2;
        u16[0] = (char)0xFF;
        u16[1] = (char)0xFE;
        for (const unsigned char *p = (const unsigned char *)u8; *p;) {
            uint32_t cp;
            if (*p < 0x80)
                cp = *p++;
            else if (*p < 0xE0) {
                cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
                p += 2;
            } else if (*p < 0xF0) {
                cp = ((uint32_t)(p[0] & 0x0F) << 12) |
                     ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
                p += 3;
            } else {
                cp = ((uint32_t)(p[0] & 0x07) << 18) |
                     ((uint32_t)(p[1] & 0x3F) << 12) |
                     ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
                p += 4;
            }
            if (cp >= 0x10000) {
                uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10),
                         lo = 0xDC00 + (v & 0x3FF);
                u16[m++] = (char)(hi & 0xFF);
                u16[m++] = (char)(hi >> 8);
                u16[m++] = (char)(lo & 0xFF);
                u16[m++] = (char)(lo >> 8);
            } else {
                u16[m++] = (char)(cp & 0xFF);
                u16[m++] = (char)(cp >> 8);
            }
        }
        OK(parse(r, u16, m, MCT_FORMAT_AUTO, &d) == MCT_OK &&
               !strcmp(last(r)->title, "Caf\xC3\xA9 \xF0\x9F\x98\x80"),
           "UTF-16LE WoS text (with a surrogate pair) is read: %s", d.msg);
        OK(parse(r, u16, m - 1, MCT_FORMAT_AUTO, &d) == MCT_EUTF8,
           "odd-length UTF-16: %s", d.msg);
    }
    {
        const char tab[] = "PT\tAU\tTI\tPY\tDE\tUT\t\n"
                           "J\tSmith, J; Doe, A\tTab title\t2019\ta; b\tWOS:9\t\n";
        OK(parse(r, tab, sizeof tab - 1, MCT_FORMAT_AUTO, &d) == MCT_OK &&
               !strcmp(last(r)->title, "Tab title") &&
               last(r)->n_authors == 2 && last(r)->n_keywords == 2 &&
               !strcmp(last(r)->id, "WOS:9") && last(r)->line == 2,
           "WoS tab-delimited with trailing tabs: %s", d.msg);
        const char tabbad[] = "PT\tAU\tTI\n" "J\tx\n";
        OK(parse(r, tabbad, sizeof tabbad - 1, MCT_FORMAT_WOS_TAB, &d) ==
                   MCT_EPARSE && d.line == 2,
           "tab-delimited row too short: %s", d.msg);
    }
    OK(parse(r, "", 0, MCT_FORMAT_WOS_TEXT, &d) == MCT_EEMPTY,
       "empty WoS file: %s", d.msg);
    mct_records_free(r);
}

static void test_ris_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char good[] =
        "\xEF\xBB\xBFTY  - JOUR\r\n"
        "TI  - A RIS title\r\n"
        "AU  - Smith, J.\r\n"
        "AU  - Doe, A.\r\n"
        "PY  - 2018\r\n"
        "AB  - An abstract\r\n"
        "that continues\r\n"
        "KW  - one\r\n"
        "KW  - two\r\n"
        "XY  - unknown tag\r\n"
        "N1  - Cited By: 12\r\n"
        "UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-42&x=1\r\n"
        "ER  - \r\n";
    mct_records_new(&r);
    OK(parse(r, good, sizeof good - 1, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 1,
       "RIS with BOM, CRLF, a continuation and an unknown tag");
    {
        const mct_record *x = last(r);
        OK(!strcmp(x->abstract, "An abstract that continues") &&
               x->n_authors == 2 && x->n_keywords == 2 && x->year == 2018 &&
               x->cited_by == 12 && !strcmp(x->id, "2-s2.0-42") &&
               !strcmp(x->source, "scopus") &&
               !strcmp(x->doc_type, "Article"),
           "RIS fields, Scopus EID from UR, cited by from N1");
    }
    {
        const char noer[] = "TY  - JOUR\nTI  - a\nTY  - JOUR\nTI  - b\nER  -\n";
        OK(parse(r, noer, sizeof noer - 1, MCT_FORMAT_RIS, &d) == MCT_EPARSE &&
               d.line == 1,
           "missing ER: line %zu: %s", d.line, d.msg);
    }
    {
        const char trunc[] = "TY  - JOUR\nTI  - a\nER  -\nTY  - JOUR\nTI  - b\n";
        OK(parse(r, trunc, sizeof trunc - 1, MCT_FORMAT_RIS, &d) ==
                   MCT_EPARSE && d.line == 4,
           "truncated last record: line %zu: %s", d.line, d.msg);
    }
    {
        const char outside[] = "TI  - stray\nTY  - JOUR\nTI  - a\nER  -\n";
        OK(parse(r, outside, sizeof outside - 1, MCT_FORMAT_RIS, &d) ==
                   MCT_EPARSE && d.line == 1,
           "a tag outside a record: %s", d.msg);
    }
    OK(parse(r, "TY  - JOUR\nTI  - \xFF\nER  -\n", 22, MCT_FORMAT_RIS, &d) ==
               MCT_EUTF8 && d.line == 2,
       "invalid UTF-8 in RIS: line %zu", d.line);
    mct_records_free(r);
}

/* ---- de-duplication ------------------------------------------------------ */

static void add(mct_records *r, const char *title, int year, const char *doi,
                const char *author, const char *abstract)
{
    mct_record x;
    const char *au[1];
    memset(&x, 0, sizeof x);
    au[0] = author;
    x.title = title;
    x.year = year;
    x.doi = doi;
    x.authors = au;
    x.n_authors = author ? 1 : 0;
    x.abstract = abstract;
    x.cited_by = -1;
    mct_records_add(r, &x);
}

static void test_dedup_rules(void)
{
    mct_records *r = NULL;
    mct_dedup *d = NULL;
    mct_dup_info in;
    char buf[64];
    mct_records_new(&r);
    add(r, "Micro-credentials in higher education", 2021, "10.1/ABC",
        "Smith J.", "");                                          /* 0 */
    add(r, "Another paper", 2020, "https://doi.org/10.1/abc", "Doe, A",
        "An abstract");                                           /* 1 doi */
    add(r, "Microcredentials in Higher Education!", 2021, "", "Jones, B",
        "");                                                      /* 2 t+y */
    add(r, "Microcredentials in higher education", 2019, "", "Lee, K",
        "");                                                      /* 3 kept */
    add(r, "Digital badges for lifelong learning in universitiez", 2022, "",
        "Brown, M", "");                                          /* 4 kept */
    add(r, "Digital badges for lifelong learning in universities", 2021, "",
        "Brown M.", "Text");                                      /* 5 fuzzy */
    add(r, "Digital badges for lifelong learning in universitiex", 2021, "",
        "Green, P", "");                                          /* 6 kept */
    add(r, "Same title, other DOI", 2020, "10.2/x", "A, B", "");  /* 7 kept */
    add(r, "Same title other DOI", 2020, "10.2/y", "A, B", "");   /* 8 kept */
    OK(mct_dedup_run(NULL, r, &d) == MCT_OK, "dedup runs");
    mct_dedup_info(d, 1, &in);
    OK(in.rule == MCT_DUP_RULE_DOI && in.kept_input == 0,
       "DOI rule with URL prefix and case");
    mct_dedup_info(d, 2, &in);
    OK(in.rule == MCT_DUP_RULE_TITLE_YEAR && in.kept_input == 0,
       "title rule: hyphen, case and punctuation ignored");
    mct_dedup_info(d, 3, &in);
    OK(in.rule == MCT_DUP_RULE_KEPT, "same title, two years apart: kept");
    mct_dedup_info(d, 5, &in);
    OK(in.rule == MCT_DUP_RULE_FUZZY && in.kept_input == 4 &&
           in.similarity >= 0.95 && in.similarity < 1,
       "fuzzy rule: one letter off, year within 1, same first author "
       "(similarity %.3f)", in.similarity);
    mct_dedup_info(d, 6, &in);
    OK(in.rule == MCT_DUP_RULE_KEPT, "fuzzy rule needs the same first author");
    mct_dedup_info(d, 8, &in);
    OK(in.rule == MCT_DUP_RULE_KEPT, "different DOIs are never merged by title");
    OK(mct_records_count(mct_dedup_kept(d)) == 6 &&
           mct_dedup_n_duplicates(d) == 3,
       "6 kept, 3 duplicates");
    OK(!strcmp(mct_records_get(mct_dedup_kept(d), 0)->abstract,
               "An abstract") &&
           !strcmp(mct_records_get(mct_dedup_kept(d), 2)->abstract, "Text"),
       "kept records take the abstracts their duplicates add");
    mct_doi_normalize("  DOI: 10.1000/ABC.  ", buf, sizeof buf);
    OK(!strcmp(buf, "10.1000/abc"), "DOI normalised: '%s'", buf);
    mct_dedup_free(d);
    mct_records_free(r);
}

/* ---- queries -------------------------------------------------------------- */

static bool q_match(const char *q, const char *title, const char *kw)
{
    mct_query *qq = NULL;
    mct_record x;
    const char *k[1];
    bool m;
    memset(&x, 0, sizeof x);
    x.title = title;
    x.abstract = "";
    k[0] = kw;
    x.keywords = k;
    x.n_keywords = kw ? 1 : 0;
    x.index_keywords = NULL;
    if (mct_query_parse(q, &qq, NULL))
        return false;
    m = mct_query_match(qq, &x);
    mct_query_free(qq);
    return m;
}

static void test_queries(void)
{
    const char *paper = "TITLE(micro-creden*) OR TITLE(microcreden*)";
    const char *wos = "TI=(micro-creden*) OR TI=(microcreden*)";
    mct_query *q = NULL;
    mct_diag d;
    OK(q_match(paper, "Micro-Credentials in higher education", NULL) &&
           q_match(paper, "The value of microcredentials", NULL) &&
           q_match(paper, "Micro credentials: a review", NULL) &&
           !q_match(paper, "Digital badges", NULL),
       "the paper's Scopus query");
    OK(q_match(wos, "MICRO-CREDENTIALING and badges", NULL) &&
           !q_match(wos, "credentials for micro enterprises", NULL),
       "the paper's Web of Science query (a hyphen is a phrase)");
    OK(q_match("TITLE(badge AND NOT blockchain)", "Open badges", NULL) &&
           !q_match("TITLE(badge* AND NOT blockchain)",
                    "Badges on the blockchain", NULL) &&
           q_match("TI=badge* NOT TI=blockchain", "Open badges", NULL),
       "AND NOT and binary NOT");
    OK(q_match("TITLE(\"higher education\")", "Higher-education strategy", NULL) &&
           !q_match("TITLE(\"higher education\")", "Education, higher", NULL),
       "quoted phrases");
    OK(q_match("KEY(lifelong learning)", "x", "Lifelong Learning") &&
           !q_match("TITLE(lifelong)", "x", "Lifelong Learning") &&
           q_match("TS=(lifelong)", "x", "lifelong learning") &&
           q_match("TITLE-ABS-KEY(lif?long)", "x", "lifelong"),
       "KEY, TS and the ? wildcard");
    OK(q_match("(TITLE(a1) OR TITLE(b2)) AND TITLE(c3)", "b2 c3", NULL) &&
           !q_match("TITLE(a1) OR TITLE(b2) AND TITLE(c3)", "b2", NULL),
       "parentheses and precedence (AND before OR)");
    OK(mct_query_parse("TITLE(micro-creden* OR", &q, &d) == MCT_EPARSE &&
           d.column == 23,
       "unfinished query: column %zu: %s", d.column, d.msg);
    OK(mct_query_parse("TITLE(a)) OR TITLE(b)", &q, &d) == MCT_EPARSE &&
           d.column == 9,
       "unbalanced parenthesis: column %zu: %s", d.column, d.msg);
    OK(mct_query_parse("badges", &q, &d) == MCT_EPARSE && d.column == 1,
       "a term outside a field: %s", d.msg);
    OK(mct_query_parse("TITLE(TI=(x))", &q, &d) == MCT_EPARSE && d.column == 7,
       "a field inside a field: %s", d.msg);
    OK(mct_query_parse("   ", &q, &d) == MCT_EPARSE, "empty query");
    OK(mct_query_parse("TITLE(\"open", &q, &d) == MCT_EPARSE,
       "unterminated phrase: %s", d.msg);
}

/* Records live in blocks of growing size (64, 64, 128, ... 2048, then
 * 4096): every record across the boundaries is where it was put, and a
 * pointer taken early still holds after many more adds. */
static void test_many_records(void)
{
    mct_records *r = NULL;
    const mct_record *first;
    mct_record rec = {0};
    char id[32];
    size_t bad = 0;
    if (mct_records_new(&r)) {
        OK(0, "mct_records_new");
        return;
    }
    for (size_t i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "r%zu", i);
        rec.id = id;
        rec.year = (int)(i % 3000);
        if (mct_records_add(r, &rec)) {
            OK(0, "mct_records_add");
            mct_records_free(r);
            return;
        }
    }
    first = mct_records_get(r, 0);
    for (size_t i = 0; i < 20000; i++) {
        const mct_record *g = mct_records_get(r, i);
        snprintf(id, sizeof id, "r%zu", i);
        bad += !g || strcmp(g->id, id) || g->year != (int)(i % 3000);
    }
    for (size_t i = 0; i < 5000 && !mct_records_add(r, first); i++)
        ;
    OK(bad == 0 && mct_records_count(r) == 25000 &&
           !strcmp(mct_records_get(r, 24999)->id, "r0") &&
           mct_records_get(r, 0) == first && !mct_records_get(r, 25000),
       "20,000 records added and read back across every block boundary "
       "(%zu wrong); records do not move as the set grows",
       bad);
    mct_records_free(r);
}

int main(void)
{
    const char *sh = tap_shared();
    if (sh) {
        snprintf(exports, sizeof exports, "%s/corpora/exports/absorptive-capacity",
                 sh);
        test_real_exports();
        test_merge_accounting();
    } else {
        SKIP("../shared is absent: the real Scopus and Web of Science "
             "exports are read in place from there");
    }
    test_scopus_edges();
    test_wos_edges();
    test_ris_edges();
    test_dedup_rules();
    test_queries();
    test_many_records();
    return tap_done();
}

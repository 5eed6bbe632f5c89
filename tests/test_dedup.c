/*
 * test_dedup.c - doubtful duplicates put to the reviewer, and the
 * reviewer's decisions: hand-made pairs for each reason, the decisions
 * file and its errors, and the 2020 MIS Quarterly paper that the shared
 * absorptive-capacity exports give with two DOIs.
 */
#include "mctext.h"
#include "internal.h"
#include "tap.h"
#include <unistd.h>

static void add(mct_records *r, const char *id, const char *title, int year,
                const char *doi, const char *author)
{
    mct_record x;
    const char *au[1];
    memset(&x, 0, sizeof x);
    au[0] = author;
    x.id = id;
    x.title = title;
    x.year = year;
    x.doi = doi;
    x.authors = au;
    x.n_authors = author ? 1 : 0;
    x.file = "hand.jsonl";
    x.line = mct_records_count(r) + 1;
    x.cited_by = -1;
    mct_records_add(r, &x);
}

/* The pair (a, b) of a run, or NULL. */
static bool find_pair(const mct_dedup *d, size_t a, size_t b,
                      mct_dup_pair *out)
{
    for (size_t i = 0; i < mct_dedup_n_pairs(d); i++) {
        mct_dedup_pair(d, i, out);
        if (out->a == a && out->b == b)
            return true;
    }
    return false;
}

static mct_records *hand_made(void)
{
    mct_records *r = NULL;
    mct_records_new(&r);
    add(r, "r0", "Open badges in higher education", 2020, "10.1/a",
        "Smith, J");                                        /* 0 */
    add(r, "r1", "OPEN BADGES IN HIGHER EDUCATION", 2020, "10.1/b",
        "Jones, K");                                        /* 1: DOI */
    add(r, "r2", "Micro-credentials for nurses: a scoping review", 2018,
        "", "Brown, M");                                    /* 2 */
    add(r, "r3", "Micro-credentials for nurses: a scoping reviews", 2022,
        "", "Brown M.");                                    /* 3: years */
    add(r, "r4", "Digital credentials and employability", 2019, "10.2/x",
        "Green, P");                                        /* 4 */
    add(r, "r5", "Digital credential and employability", 2019, "10.2/y",
        "Green P.");                                        /* 5: fuzzy DOI */
    add(r, "r6", "Blockchain certificates", 2021, "10.3/z", "Lee, A");
    add(r, "r7", "Blockchain certificates", 2021, "10.3/Z", "Lee, A");
    /* 7: DOI duplicate of 6 */
    return r;
}

static void test_pairs(void)
{
    mct_records *r = hand_made();
    mct_dedup *d = NULL;
    mct_dup_pair p;
    OK(mct_dedup_run(NULL, r, &d) == MCT_OK, "dedup runs");
    OK(mct_dedup_n_duplicates(d) == 1 && mct_dedup_n_by_reviewer(d) == 0,
       "one duplicate, by automation");
    OK(find_pair(d, 0, 1, &p) && p.reason == MCT_DOUBT_DOI &&
           p.decision == MCT_DECISION_NONE && p.similarity == 1.0,
       "same title and year, different DOIs: paired, not merged");
    OK(find_pair(d, 2, 3, &p) && p.reason == MCT_DOUBT_FUZZY_YEAR &&
           p.similarity >= 0.95 && p.similarity < 1,
       "near-identical titles, same first author, 4 years apart (%.3f)",
       p.similarity);
    OK(find_pair(d, 4, 5, &p) && p.reason == MCT_DOUBT_FUZZY_DOI,
       "near-identical titles, same first author, different DOIs");
    OK(mct_dedup_n_pairs(d) == 3, "%zu pairs, no others",
       mct_dedup_n_pairs(d));
    {
        mct_dup_info in;
        size_t lost = 0;
        for (size_t i = 0; i < mct_records_count(r); i++) {
            mct_dedup_info(d, i, &in);
            lost += in.rule != MCT_DUP_RULE_KEPT && in.rule != MCT_DUP_RULE_DOI;
        }
        OK(lost == 0 && mct_records_count(mct_dedup_kept(d)) == 7,
           "every doubtful record is kept");
    }
    mct_dedup_free(d);
    mct_records_free(r);
}

static void test_decisions(void)
{
    mct_records *r = hand_made();
    mct_dedup *d = NULL;
    mct_dedup_opts o = mct_dedup_opts_default();
    mct_dup_decision *dec = NULL;
    mct_dup_pair p;
    mct_dup_info in;
    mct_diag dg;
    size_t n = 0;
    char ref[64];
    const char file[] =
        "ref_a\tref_b\tdecision\treason\n"
        "# the reviewer's decisions\n"
        "r0\t10.1/B\tmerge\tsame paper, DOI typo\n"
        "r2\thand.jsonl:4\tKEEP\n"
        "r4\tr5\tundecided\n"
        "\n"
        "10.3/z\tr7\tkeep\n";
    /* "10.3/z" names records 6 and 7 (the same DOI): ambiguous. */
    OK(mct_dedup_decisions_parse(r, file, sizeof file - 1, &dec, &n, &dg) ==
               MCT_EPARSE &&
           n == 0 && dec == NULL && dg.line == 7 &&
           strstr(dg.msg, "2 records"),
       "an ambiguous reference is an error: line %zu: %s", dg.line, dg.msg);
    {
        const char ok_file[] = "r0\t10.1/B\tmerge\n"
                               "r2\thand.jsonl:4\tKEEP\n"
                               "r4\tr5\tundecided\n"
                               "r7\tr6\tkeep\n";
        OK(mct_dedup_decisions_parse(r, ok_file, sizeof ok_file - 1, &dec,
                                     &n, &dg) == MCT_OK &&
               n == 3 && dec[0].a == 0 && dec[0].b == 1 &&
               dec[0].decision == MCT_DECISION_MERGE && dec[2].a == 6 &&
               dec[2].b == 7 && dec[2].decision == MCT_DECISION_KEEP,
           "three decisions read, pairs ordered: %s", dg.msg);
    }
    {
        /* The same decisions from a file, and a file that is not there. */
        char path[] = "/tmp/mct-decisions-XXXXXX";
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
        mct_dup_decision *fd_dec = NULL;
        size_t fn = 0;
        if (f) {
            fputs("r0\t10.1/B\tmerge\nr7\tr6\tkeep\n", f);
            fclose(f);
        }
        OK(f && mct_dedup_decisions_read(r, path, &fd_dec, &fn, &dg) ==
                    MCT_OK &&
               fn == 2 && fd_dec[1].decision == MCT_DECISION_KEEP,
           "decisions read from a file");
        mct_free(fd_dec);
        unlink(path);
        OK(mct_dedup_decisions_read(r, path, &fd_dec, &fn, &dg) != MCT_OK &&
               dg.msg[0],
           "a missing decisions file: %s", dg.msg);
    }
    o.decisions = dec;
    o.n_decisions = n;
    OK(mct_dedup_run(&o, r, &d) == MCT_OK, "dedup with the decisions");
    mct_dedup_info(d, 1, &in);
    OK(in.rule == MCT_DUP_RULE_REVIEWER && in.kept_input == 0 &&
           in.matched == 0,
       "merge: record 1 joins record 0, by the reviewer");
    mct_dedup_info(d, 7, &in);
    OK(in.rule == MCT_DUP_RULE_KEPT,
       "keep: the DOI rule no longer joins record 7 to record 6");
    OK(mct_dedup_n_duplicates(d) == 1 && mct_dedup_n_by_reviewer(d) == 1,
       "one duplicate, removed by the reviewer");
    OK(find_pair(d, 0, 1, &p) && p.decision == MCT_DECISION_MERGE &&
           p.reason == MCT_DOUBT_DOI,
       "the merged pair is still listed, with its decision");
    OK(find_pair(d, 2, 3, &p) && p.decision == MCT_DECISION_KEEP &&
           find_pair(d, 4, 5, &p) && p.decision == MCT_DECISION_NONE,
       "kept and undecided pairs listed");
    OK(find_pair(d, 6, 7, &p) && p.reason == MCT_DOUBT_REVIEWER &&
           p.decision == MCT_DECISION_KEEP,
       "a decision on a pair the rules merged is listed as the reviewer's");
    mct_dedup_record_ref(r, 3, ref, sizeof ref);
    OK(!strcmp(ref, "r3"), "a record's reference is its unique id: %s", ref);
    mct_dedup_free(d);
    mct_free(dec);
    {
        static const struct { const char *text, *want; size_t line; } bad[] = {
            {"r0\tr1\n", "expected", 1},
            {"r0\tr1\tmaybe\n", "merge or keep", 1},
            {"\nr0\tnosuch\tmerge\n", "no record", 2},
            {"r0\tr0\tkeep\n", "same record", 1},
            {"r0\tr1\tkeep\nr1\tr0\tmerge\n", "line 1", 2},
            {"r0\t\xFF\tkeep\n", "UTF-8", 1}};
        size_t wrong = 0;
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            mct_status rc = mct_dedup_decisions_parse(
                r, bad[i].text, strlen(bad[i].text), &dec, &n, &dg);
            if (rc == MCT_OK || dg.line != bad[i].line ||
                !strstr(dg.msg, bad[i].want) || dec != NULL) {
                DIAG("case %zu: rc %d, line %zu: %s", i, rc, dg.line, dg.msg);
                wrong++;
            }
        }
        OK(wrong == 0, "bad decision lines are errors naming their line");
    }
    {
        mct_dup_decision bad = {3, 1, MCT_DECISION_MERGE, 0};
        o.decisions = &bad;
        o.n_decisions = 1;
        OK(mct_dedup_run(&o, r, &d) == MCT_EINVAL && d == NULL,
           "a decision with a > b is refused");
    }
    mct_records_free(r);
}

/* The shared exports: the 2020 MIS Quarterly paper, in both databases
 * with the same title and year and two DOIs, is listed. */
static void test_shared(const char *dir)
{
    mct_records *r = NULL;
    mct_dedup *d = NULL;
    char path[4400];
    bool listed = false;
    mct_records_new(&r);
    snprintf(path, sizeof path, "%s/scopus.csv", dir);
    mct_records_read(r, path, MCT_FORMAT_AUTO, NULL, NULL);
    snprintf(path, sizeof path, "%s/wos.txt", dir);
    mct_records_read(r, path, MCT_FORMAT_AUTO, NULL, NULL);
    OK(mct_records_count(r) == 748 && mct_dedup_run(NULL, r, &d) == MCT_OK,
       "Scopus CSV + WoS text de-duplicated");
    for (size_t i = 0; i < mct_dedup_n_pairs(d); i++) {
        mct_dup_pair p;
        const mct_record *a, *b;
        mct_dedup_pair(d, i, &p);
        a = mct_records_get(r, p.a);
        b = mct_records_get(r, p.b);
        DIAG("pair: %s %s (%d) / %s %s (%d): %s", a->id, a->doi, a->year,
             b->id, b->doi, b->year, mct_doubt_name(p.reason));
        listed |= p.reason == MCT_DOUBT_DOI &&
                  !strcmp(a->doi, "10.25300/MISQ/2020/13216") &&
                  !strcmp(b->doi, "10.25300/MISQ/2020/13991") &&
                  a->year == 2020 && b->year == 2020 &&
                  !strcmp(a->source, "scopus") && !strcmp(b->source, "wos");
    }
    OK(listed, "the 2020 MIS Quarterly paper (two DOIs) is a possible "
               "duplicate, listed with its reason");
    OK(mct_dedup_n_duplicates(d) == 59,
       "the 59 automatic duplicates are unchanged");
    mct_dedup_free(d);
    mct_records_free(r);
}

int main(void)
{
    const char *sh = tap_shared();
    test_pairs();
    test_decisions();
    if (sh) {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/corpora/exports/absorptive-capacity",
                 sh);
        test_shared(dir);
    } else {
        SKIP("../shared is absent: the absorptive-capacity exports are read "
             "in place from there");
    }
    return tap_done();
}

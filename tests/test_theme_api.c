/*
 * test_theme_api.c - the themes module (mct_themes.h): anchored k-means
 * and the Hungarian matching against an independent reference
 * (tests/ref/make_seeded_ref.py), themes files and their errors, names
 * that follow content whatever the order of the seeds, the same bytes
 * for 1 and 2 threads, query terms and academic words left out, seed
 * coverage, records without terms, distinctive terms of groups, the
 * concept map's phrases and paths, and every allocation failure.
 */
#include "internal.h"
#include "mctext.h"
#include "tap.h"
#include "themes_internal.h"

#define MAXN 64

/* ---- against the reference ------------------------------------------------ */

static bool read_doubles(FILE *f, const char *tag, double *v, size_t n)
{
    char t[16];
    if (fscanf(f, " %15s", t) != 1 || strcmp(t, tag))
        return false;
    for (size_t i = 0; i < n; i++)
        if (fscanf(f, " %lf", &v[i]) != 1)
            return false;
    return true;
}

static void test_reference(void)
{
    FILE *f = fopen("tests/golden/seeded_ref.txt", "r");
    static double X[60 * 6], S[3 * 6], C[49];
    char line[256];
    int runs = 0, hung = 0;
    if (!OK(f && fgets(line, sizeof line, f) && read_doubles(f, "X", X, 360) &&
                read_doubles(f, "S", S, 18),
            "reference file"))
        return;
    for (;;) {
        double anchor, obj;
        int lab[60], k;
        char tag[16];
        if (fscanf(f, " %15s", tag) != 1)
            break;
        if (!strcmp(tag, "anchor")) {
            mct_kmeans_opts o = mct_kmeans_opts_default();
            mct_kmeans *km = NULL;
            bool same;
            if (fscanf(f, " %lf labels", &anchor) != 1)
                break;
            for (int i = 0; i < 60; i++)
                if (fscanf(f, " %d", &lab[i]) != 1)
                    break;
            if (fscanf(f, " objective %lf", &obj) != 1)
                break;
            o.k = 3;
            o.anchor = anchor;
            mct_kmeans_fit_dense(&o, X, 60, 6, S, &km);
            same = km && !memcmp(mct_kmeans_labels(km, NULL), lab, sizeof lab);
            OK(same, "anchor %g: the reference's labels", anchor);
            NEAR(mct_kmeans_objective(km), obj, 1e-9,
                 "anchor %g: the reference's objective", anchor);
            mct_kmeans_free(km);
            runs++;
        } else if (!strcmp(tag, "cost")) {
            size_t as[7];
            int ref[7];
            double total, mine = 0;
            if (fscanf(f, " %d", &k) != 1)
                break;
            for (int i = 0; i < k * k; i++)
                if (fscanf(f, " %lf", &C[i]) != 1)
                    break;
            if (fscanf(f, " assign") != 0)
                break;
            for (int i = 0; i < k; i++)
                if (fscanf(f, " %d", &ref[i]) != 1)
                    break;
            if (fscanf(f, " total %lf", &total) != 1)
                break;
            mct__hungarian(C, (size_t)k, as);
            for (int i = 0; i < k; i++)
                mine += C[i * k + (int)as[i]];
            NEAR(mine, total, 1e-12,
                 "Hungarian %dx%d: the same least total as scipy's "
                 "linear_sum_assignment", k, k);
            hung++;
        }
    }
    fclose(f);
    OK(runs == 4 && hung == 4, "all reference cases read (%d, %d)", runs,
       hung);
}

/* ---- themes files -------------------------------------------------------------- */

static mct_status parse(const char *json, mct_theme_seeds **s, mct_diag *d)
{
    *s = NULL;
    return mct_theme_seeds_parse(json, strlen(json), s, d);
}

static void expect_error(const char *json, mct_status want, size_t line,
                         const char *msg, const char *what)
{
    mct_theme_seeds *s;
    mct_diag d;
    mct_status rc = parse(json, &s, &d);
    OK(rc == want && d.line == line && strstr(d.msg, msg) && !s,
       "%s: %s at line %zu: \"%s\"", what, mct_status_name(rc), d.line, d.msg);
    mct_theme_seeds_free(s);
}

static void test_seeds_file(void)
{
    mct_theme_seeds *s;
    mct_theme_seed sd;
    mct_diag d;
    char deep[200];
    const char *good =
        "[\n {\"name\": \"Badges\", \"terms\": [\"digital badges\", \"badges\"],\n"
        "  \"keyword_nodes\": [\"badges\", \"blockchain\"],\n"
        "  \"description\": \"Proof of skills.\", \"source\": \"Fig. 4\"},\n"
        " {\"name\": \"Work\", \"strategic_nodes\": [\"employers\"]}\n]\n";
    OK(parse(good, &s, &d) == MCT_OK && mct_theme_seeds_count(s) == 2,
       "a themes file with every field: %s", d.msg);
    mct_theme_seeds_get(s, 0, &sd);
    OK(!strcmp(sd.name, "Badges") && sd.n_terms == 3 &&
           !strcmp(sd.terms[2], "blockchain") &&
           !strcmp(sd.description, "Proof of skills.") &&
           !strcmp(sd.source, "Fig. 4"),
       "terms of the four lists, each once, in file order");
    mct_theme_seeds_get(s, 1, &sd);
    OK(!strcmp(sd.description, "") && sd.n_terms == 1, "absent text is \"\"");
    mct_theme_seeds_free(s);
    expect_error("[\n{\"name\": \"A\", \"terms\": [\"x\"]},\n"
                 "{\"name\": \"B\", \"term\": [\"y\"]}\n]",
                 MCT_EPARSE, 3, "theme 2 (\"B\"): unknown field \"term\"",
                 "a misspelt field");
    expect_error("[{\"terms\": [\"x\"]}]", MCT_EPARSE, 1,
                 "theme 1: missing \"name\"", "no name");
    expect_error("[{\"name\": \"A\"}]", MCT_EPARSE, 1,
                 "theme 1 (\"A\"): no seed terms", "no terms");
    expect_error("[{\"name\": \"A\", \"terms\": [\"x\"]},\n"
                 " {\"name\": \"A\", \"terms\": [\"y\"]}]",
                 MCT_EPARSE, 2, "already the name of theme 1", "same name twice");
    expect_error("[{\"name\": \"A\", \"terms\": [3]}]", MCT_EPARSE, 1,
                 "must hold non-empty strings", "a term that is a number");
    expect_error("[{\"name\": \"A\", \"terms\": \"x\"}]", MCT_EPARSE, 1,
                 "must be an array", "terms not in an array");
    expect_error("[]", MCT_EEMPTY, 1, "no themes", "an empty array");
    expect_error("{\"name\": \"A\"}", MCT_EPARSE, 1, "expected a JSON array",
                 "an object, not an array");
    expect_error("[\n{\"name\": \"A\",\n \"terms\": [\"x\"]\n", MCT_EPARSE, 3,
                 "not valid JSON", "cut off");
    expect_error("[{\"name\": \"A\", \"terms\": [\"x\"]}] x", MCT_EPARSE, 1,
                 "text after", "text after the array");
    memset(deep, '[', 100);
    deep[100] = '\0';
    expect_error(deep, MCT_ETOOBIG, 1, "nested deeper", "deep nesting");
    expect_error("[{\"name\": \"\xff\"}]", MCT_EUTF8, 1, "invalid UTF-8",
                 "bad UTF-8");
}

/* ---- records --------------------------------------------------------------------- */

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

static mct_theme_seeds *bundled_seeds(bool reversed)
{
    FILE *f = fopen("corpora/themes-microcredentials.json", "rb");
    static char buf[65536], rev[65536];
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    mct_theme_seeds *s = NULL;
    if (f)
        fclose(f);
    buf[n] = '\0';
    if (reversed) {
        /* The five objects in the opposite order: split at "},\n  {". */
        const char *starts[8];
        size_t k = 0;
        char *p = buf;
        while ((p = strstr(p, "\n  {")) && k < 8)
            starts[k++] = ++p;
        strcpy(rev, "[");
        for (size_t i = k; i-- > 0;) {
            const char *e = i + 1 < k ? starts[i + 1] : buf + n;
            size_t len = (size_t)(e - starts[i]);
            strncat(rev, starts[i], len);
            while (rev[strlen(rev) - 1] != '}')
                rev[strlen(rev) - 1] = '\0';
            strcat(rev, i ? ",\n" : "\n]\n");
        }
        mct_theme_seeds_parse(rev, strlen(rev), &s, NULL);
        return s;
    }
    mct_theme_seeds_parse(buf, n, &s, NULL);
    return s;
}

static mct_themes *fit(const mct_records *r, const mct_theme_seeds *s,
                       int threads, bool exclude)
{
    static const char *q[] = {"micro-creden*", "microcreden*"};
    mct_themes_opts o = mct_themes_opts_default();
    mct_themes *t = NULL;
    o.n_threads = threads;
    if (exclude) {
        o.exclude_terms = q;
        o.n_exclude_terms = 2;
    }
    if (mct_themes_new(&o, &t) || mct_themes_fit(t, r, s, NULL)) {
        mct_themes_free(t);
        return NULL;
    }
    return t;
}

/* Names follow content: reversing the file renames no record's theme. */
static void test_order_and_threads(const mct_records *r)
{
    mct_theme_seeds *s = bundled_seeds(false), *rs = bundled_seeds(true);
    mct_themes *a = fit(r, s, 1, true), *b = fit(r, rs, 2, true),
               *c = fit(r, s, 2, true);
    size_t n = mct_records_count(r), same = 0, k;
    if (!OK(s && rs && a && b && c && mct_theme_seeds_count(rs) == 5,
            "seeded themes of the bundled corpus, seeds in both orders"))
        goto out;
    for (size_t i = 0; i < n; i++) {
        int la = mct_themes_labels(a, NULL)[i], lb = mct_themes_labels(b, NULL)[i];
        mct_theme_info ia, ib;
        same += la < 0   ? lb < 0
                : lb < 0 ? 0
                         : !mct_themes_get(a, (size_t)la, &ia) &&
                               !mct_themes_get(b, (size_t)lb, &ib) &&
                               !strcmp(ia.name, ib.name);
    }
    OK(same == n, "reversed seeds: every record keeps its theme's name "
                  "(%zu of %zu)", same, n);
    k = mct_themes_count(a);
    OK(!memcmp(mct_themes_labels(a, NULL), mct_themes_labels(c, NULL),
               n * sizeof(int)) &&
           !memcmp(mct_themes_similarities(a), mct_themes_similarities(c),
                   n * k * sizeof(double)),
       "1 and 2 threads: the same labels and similarities, bit for bit");
    {
        mct_theme_info in;
        mct_themes_get(b, 0, &in);
        OK(!strcmp(in.name, "Critiques and challenges") && in.seed == 0,
           "themes are numbered in the file's order (first: %s)", in.name);
    }
out:
    mct_themes_free(a);
    mct_themes_free(b);
    mct_themes_free(c);
    mct_theme_seeds_free(s);
    mct_theme_seeds_free(rs);
}

/* Whether any top term of any theme contains the string. */
static bool in_top_terms(const mct_themes *t, const char *what)
{
    for (size_t c = 0; c < mct_themes_count(t); c++) {
        const char *tm[10];
        size_t m = mct_themes_top_terms(t, c, 10, tm, NULL);
        for (size_t q = 0; q < m; q++)
            if (strstr(tm[q], what))
                return true;
    }
    return false;
}

static void test_exclusion_and_coverage(const mct_records *r)
{
    mct_theme_seeds *s = bundled_seeds(false);
    mct_themes *kept = fit(r, s, 0, false), *left = fit(r, s, 0, true);
    bool excluded = false, found = false;
    if (!OK(kept && left, "themes with and without the query's terms"))
        goto out;
    OK(in_top_terms(kept, "credential") && !in_top_terms(left, "micro"),
       "the search term tops themes unless its terms are left out");
    for (size_t c = 0; c < 5; c++)
        for (size_t j = 0; j < mct_themes_n_seed_terms(left, c); j++) {
            mct_seed_term st;
            mct_themes_seed_term(left, c, j, &st);
            if (!strcmp(st.term, "research"))
                excluded = st.status == MCT_SEED_TERM_STATUS_EXCLUDED;
            if (!strcmp(st.term, "digital badge"))
                found = st.status == MCT_SEED_TERM_STATUS_FOUND && st.records >= 5 &&
                        st.occurrences >= st.records;
        }
    OK(excluded, "coverage: an academic word is 'left out'");
    OK(found, "coverage: a phrase of the corpus is found, with its counts");
    {
        mct_theme_info in;
        size_t sum = 0;
        for (size_t c = 0; c < 5; c++) {
            mct_themes_get(left, c, &in);
            sum += in.records;
            OK(in.seed_cosine >= -1 && in.seed_cosine <= 1 &&
                   (in.flags == 0) == (in.seed_cosine >= 0.1 &&
                                       in.seed_cosine >= in.other_cosine),
               "theme %zu: flags %u agree with its cosines %.3f / %.3f", c + 1,
               in.flags, in.seed_cosine, in.other_cosine);
        }
        OK(sum <= mct_records_count(r), "theme sizes count records once");
    }
out:
    mct_themes_free(kept);
    mct_themes_free(left);
    mct_theme_seeds_free(s);
}

/* Records without a counted term have no theme; a seed the records lack
 * is an error naming it; an unrelated seed is flagged. */
static void test_edges(void)
{
    mct_records *r = NULL;
    mct_themes *t = NULL;
    mct_themes_opts o = mct_themes_opts_default();
    mct_theme_seeds *s = NULL;
    mct_diag d;
    const char *titles[] = {"Digital badges for teachers",
                            "Digital badges and blockchain",
                            "Blockchain for digital badges",
                            "Employers value skills",
                            "Skills that employers value",
                            "Employers and skills", "The of and"};
    mct_records_new(&r);
    for (size_t i = 0; i < 7; i++) {
        mct_record x;
        memset(&x, 0, sizeof x);
        x.title = titles[i];
        mct_records_add(r, &x);
    }
    mct_themes_new(&o, &t);
    parse("[{\"name\": \"Badges\", \"terms\": [\"digital badges\"]},"
          " {\"name\": \"Work\", \"terms\": [\"employers\"]},"
          " {\"name\": \"Cooking\", \"terms\": [\"blockchain\"]}]",
          &s, NULL);
    OK(mct_themes_fit(t, r, s, &d) == MCT_OK, "seeded fit of 7 titles: %s",
       d.msg);
    OK(mct_themes_labels(t, NULL)[6] == -1, "a title of stop words: no theme");
    {
        int g[7] = {0, 0, 0, 1, 1, 1, -1};
        const char *tm[3];
        size_t m = mct_themes_group_terms(t, g, 7, 1, 3, tm, NULL);
        OK(m >= 2 && (!strcmp(tm[0], "employers") || !strcmp(tm[0], "skills")),
           "distinctive terms of a group: %s", m ? tm[0] : "(none)");
    }
    mct_theme_seeds_free(s);
    parse("[{\"name\": \"A\", \"terms\": [\"badges\"]},"
          " {\"name\": \"Nothing\", \"terms\": [\"zzqx\"]}]",
          &s, NULL);
    OK(mct_themes_fit(t, r, s, &d) == MCT_EEMPTY &&
           strstr(d.msg, "theme 2 (\"Nothing\")"),
       "a seed the records lack: %s", d.msg);
    mct_theme_seeds_free(s);
    mct_themes_free(t);
    mct_records_free(r);
}

/* The rest of the handle's API on a seeded fit: features, terms, the
 * anchor's weight, representative records, agreement, placing more
 * records, and the file reader. */
static void test_handle(const mct_records *r)
{
    mct_theme_seeds *s = NULL;
    mct_themes *t = NULL;
    mct_themes_opts o = mct_themes_opts_default();
    mct_diag d;
    const mct_csr *X;
    size_t rec[3], m, n = mct_records_count(r);
    int lab[2] = {-2, -2}, *other = malloc(n * sizeof *other);
    double nmi = -1;
    OK(mct_theme_seeds_read("corpora/themes-microcredentials.json", &s, &d) ==
           MCT_OK,
       "the bundled themes file read from disk");
    mct_themes_new(&o, &t);
    mct_themes_fit(t, r, s, NULL);
    X = mct_themes_features(t);
    OK(mct_themes_n_records(t) == n && mct_csr_get(X).n_rows == n &&
           mct_themes_term(t, 0) && !mct_themes_term(t, mct_csr_get(X).n_cols),
       "features: a row per record, a label per column");
    OK(mct_themes_lambda(t) > 0 && mct_themes_objective(t) > 0 &&
           mct_themes_seed_vectors(t),
       "seeded: lambda %.3f, objective %.3f", mct_themes_lambda(t),
       mct_themes_objective(t));
    m = mct_themes_top_records(t, 2, 3, rec);
    OK(m == 3 && mct_themes_labels(t, NULL)[rec[0]] == 2 &&
           mct_themes_similarities(t)[rec[0] * 5 + 2] >=
               mct_themes_similarities(t)[rec[1] * 5 + 2],
       "the most representative records of a theme, best first");
    for (size_t i = 0; i < n; i++)
        other[i] = mct_themes_labels(t, NULL)[i];
    OK(mct_themes_agreement(t, other, &nmi, NULL) == MCT_OK &&
           fabs(nmi - 1) < 1e-12,
       "agreement with itself: NMI 1");
    {
        mct_records *two = NULL;
        mct_record x;
        memset(&x, 0, sizeof x);
        mct_records_new(&two);
        x.title = "Blockchain and digital badges for verification";
        mct_records_add(two, &x);
        x.title = "zzqy xxwv";
        mct_records_add(two, &x);
        OK(mct_themes_assign(t, two, lab, NULL) == MCT_OK && lab[0] == 2 &&
               lab[1] == -1,
           "new records placed: the blockchain one in the digital proof "
           "theme, one without a known term in none (%d, %d)",
           lab[0], lab[1]);
        mct_records_free(two);
    }
    mct_themes_free(t);
    mct_theme_seeds_free(s);
    free(other);
}

/* ---- queries and the concept map ---------------------------------------------------- */

static void test_query_terms(void)
{
    mct_query *q = NULL;
    size_t n = 0;
    const char *const *t;
    mct_query_parse("TITLE(micro-creden* OR \"open badges\") AND NOT "
                    "TITLE(survey) OR TS=(micro-creden*)",
                    &q, NULL);
    t = mct_query_terms(q, &n);
    OK(n == 2 && !strcmp(t[0], "micro-creden*") && !strcmp(t[1], "open badges"),
       "query terms: as written, each once, none under NOT (%zu)", n);
    mct_query_free(q);
}

static void test_concepts(void)
{
    const char *t[] = {
        "Higher education offers badges. Micro-credentials in higher "
        "education. Higher education and digital badges.",
        "Higher education and micro credentials. Digital badges grow.",
        "Microcredentials change higher education. Badges matter."};
    size_t lens[3];
    static const char *q[] = {"micro-creden*"};
    mct_concepts_opts o = mct_concepts_opts_default();
    mct_concepts *c = NULL;
    bool micro = false, higher = false, phrase = false;
    for (int i = 0; i < 3; i++)
        lens[i] = strlen(t[i]);
    o.window = 1;
    o.exclude_terms = q;
    o.n_exclude_terms = 1;
    if (!OK(mct_concepts_build(&o, t, lens, 3, &c) == MCT_OK, "concept map"))
        return;
    for (size_t i = 0; i < mct_concepts_count(c); i++) {
        mct_concept k;
        mct_concepts_get(c, i, &k);
        micro |= strstr(k.label, "micro") != NULL ||
                 strstr(k.label, "credential") != NULL;
        higher |= !strcmp(k.label, "higher");
        phrase |= !strcmp(k.label, "higher education");
    }
    OK(!micro, "the query's term, hyphenated, joined or spaced, is no concept");
    OK(phrase && !higher, "\"higher education\" stands for \"higher\"");
    OK(mct_concepts_n_themes(c) >= 1 && mct_concepts_theme_name(c, 0)[0] &&
           !mct_concepts_theme_name(c, 99)[0] &&
           mct_net_n_communities(mct_concepts_network(c)) ==
               mct_concepts_n_themes(c),
       "concept themes, named, one per community");
    {
        size_t *pe = NULL, np = 0;
        OK(mct_net_strongest_paths_weighted(mct_concepts_network(c), &pe,
                                            &np) == MCT_OK &&
               np + 1 == mct_concepts_count(c),
           "strongest paths on association strength: a spanning tree of "
           "%zu links", np);
        mct_free(pe);
    }
    mct_concepts_free(c);
}

/* ---- allocation failures ----------------------------------------------------------------- */

static void test_alloc_failures(const mct_records *r)
{
    mct_theme_seeds *s = bundled_seeds(false);
    long total;
    size_t bad = 0, steps = 0;
    mct_themes *t = NULL;
    mct_themes_opts o = mct_themes_opts_default();
    mct__test_alloc_fail_after(-1);
    mct_themes_new(&o, &t);
    mct_themes_fit(t, r, s, NULL);
    mct_themes_free(t);
    total = mct__test_alloc_fail_after(-1);
    /* Every failure point of making and fitting, stepping so that the
     * walk stays short: allocations come in runs of the same kind. */
    for (long k = 0; k < total; k += 1 + k / 40, steps++) {
        mct_status rc;
        t = NULL;
        mct__test_alloc_fail_after(k);
        rc = mct_themes_new(&o, &t);
        if (!rc)
            rc = mct_themes_fit(t, r, s, NULL);
        mct__test_alloc_fail_after(-1);
        bad += rc != MCT_ENOMEM;
        mct_themes_free(t);
    }
    OK(bad == 0, "%zu of %ld allocation failure points tried: each gives "
                 "MCT_ENOMEM (%zu did not)", steps, total, bad);
    mct_theme_seeds_free(s);
}

int main(void)
{
    mct_records *r = bundled();
    test_reference();
    test_seeds_file();
    test_query_terms();
    test_concepts();
    test_edges();
    if (OK(r != NULL, "the bundled corpus")) {
        test_order_and_threads(r);
        test_handle(r);
        test_exclusion_and_coverage(r);
        test_alloc_failures(r);
    }
    mct_records_free(r);
    return tap_done();
}

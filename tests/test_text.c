/*
 * test_text.c - documents, stemming (Snowball's own vocabulary), stop
 * words, thesauri and the analyzer.
 */
#include "mctext.h"
#include "internal.h"
#include "analyzer.h"
#include "tap.h"

/* ---- helpers -------------------------------------------------------- */

typedef struct collect {
    char buf[4096];
    size_t n;
} collect;

static bool collect_term(void *u, const char *t, size_t tl, const char *s,
                         size_t sl)
{
    collect *c = u;
    (void)s;
    (void)sl;
    if (c->n + tl + 2 >= sizeof c->buf)
        return false;
    if (c->n)
        c->buf[c->n++] = '|';
    memcpy(c->buf + c->n, t, tl);
    c->n += tl;
    c->buf[c->n] = '\0';
    return true;
}

static bool collect_surface(void *u, const char *t, size_t tl, const char *s,
                            size_t sl)
{
    (void)t;
    (void)tl;
    return collect_term(u, s, sl, NULL, 0);
}

static const char *terms(mct_analyzer *a, const char *text, collect *c)
{
    c->n = 0;
    c->buf[0] = '\0';
    if (mct_analyzer_run(a, text, strlen(text), collect_term, c))
        return "<error>";
    return c->buf;
}

static mct_analyzer *make(mct_analyzer_opts o)
{
    mct_analyzer *a = NULL;
    if (mct_analyzer_new(&o, &a))
        return NULL;
    return a;
}

static const char *write_tmp(const char *name, const char *data, size_t n)
{
    static char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/mct-test-%s", getenv("TMPDIR") ?
             getenv("TMPDIR") : "/tmp", name);
    f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

/* ---- stemming --------------------------------------------------------- */

/* Stems every word of one Snowball vocabulary; returns the number of
 * words (0 when the files are absent) and counts mismatches in *bad. */
static size_t snowball_check(const char *lang, size_t *bad, size_t *ascii)
{
    char pv[512], pe[512], w[1024], e[1024];
    FILE *fv, *fe;
    mct_stemmer *s = NULL;
    size_t n = 0;
    *bad = *ascii = 0;
    snprintf(pv, sizeof pv, "/usr/share/snowball/data/%s/voc.txt", lang);
    snprintf(pe, sizeof pe, "/usr/share/snowball/data/%s/output.txt", lang);
    fv = fopen(pv, "r");
    fe = fopen(pe, "r");
    if (fv && fe && mct_stemmer_new(lang, &s) == MCT_OK) {
        while (fgets(w, sizeof w, fv) && fgets(e, sizeof e, fe)) {
            const char *st = "";
            size_t sl = 0, wl;
            bool a = true;
            w[strcspn(w, "\r\n")] = '\0';
            e[strcspn(e, "\r\n")] = '\0';
            wl = strlen(w);
            for (size_t i = 0; i < wl; i++)
                a &= (unsigned char)w[i] < 0x80;
            n++;
            *ascii += a;
            if (mct_stemmer_stem(s, w, wl, &st, &sl) || sl != strlen(e) ||
                memcmp(st, e, sl) != 0) {
                if (*bad < 3)
                    DIAG("%s: %s -> %.*s, expected %s", lang, w, (int)sl, st,
                         e);
                (*bad)++;
            }
        }
    }
    mct_stemmer_free(s);
    if (fv)
        fclose(fv);
    if (fe)
        fclose(fe);
    return n;
}

/*
 * Snowball's own test vocabularies (Debian snowball-data): every word of
 * every language libstemmer knows must give the expected stem. Most
 * vocabularies mix ASCII words (stemmed by the single-byte build) with
 * others (the UTF-8 build), so this checks both and the switch between
 * them.
 */
static void test_snowball_vocabulary(void)
{
    const char *const *langs = mct_stemmer_languages();
    size_t n_lang = 0, words = 0, ascii = 0, bad = 0;
    char failed[512] = "";
    size_t bad_en = 0, ascii_en = 0;
    size_t n_en = snowball_check("english", &bad_en, &ascii_en);
    if (n_en == 0) {
        SKIP("Snowball's vocabulary is not installed (Debian snowball-data)");
        return;
    }
    OK(n_en == 29417 && bad_en == 0,
       "Snowball English vocabulary: %zu words, %zu mismatches", n_en,
       bad_en);
    for (; *langs; langs++) {
        size_t b, a, n = snowball_check(*langs, &b, &a);
        if (!n)
            continue;
        n_lang++;
        words += n;
        ascii += a;
        bad += b;
        if (b && strlen(failed) + strlen(*langs) + 2 < sizeof failed) {
            strcat(failed, " ");
            strcat(failed, *langs);
        }
    }
    OK(n_lang >= 20 && bad == 0,
       "Snowball vocabularies of %zu languages: %zu words (%zu ASCII), "
       "%zu mismatches%s",
       n_lang, words, ascii, bad, failed);
}

static void test_stemmer_api(void)
{
    mct_stemmer *s = NULL;
    const char *st;
    size_t sl;
    const char *const *langs = mct_stemmer_languages();
    size_t nl = 0;
    while (langs[nl])
        nl++;
    OK(nl >= 20, "libstemmer lists %zu languages", nl);
    OK(mct_stemmer_new("klingon", &s) == MCT_ENOTFOUND && !s,
       "unknown language is MCT_ENOTFOUND");
    OK(mct_stemmer_new("french", &s) == MCT_OK, "french stemmer");
    OK(!mct_stemmer_stem(s, "continuellement", 15, &st, &sl) &&
           sl == 9 && !memcmp(st, "continuel", 9),
       "french stems 'continuellement'");
    mct_stemmer_free(s);
    mct_stemmer_free(NULL);
}

/* ---- documents -------------------------------------------------------- */

static void test_docs(void)
{
    mct_docs *d = NULL;
    mct_diag dg;
    size_t len;
    const char *t;
    const char good[] = "\xEF\xBB\xBF" "first line\r\n\r\n  \nthird\rfourth\n";
    mct_docs_new(&d);
    OK(mct_docs_parse_lines(d, good, sizeof good - 1, NULL, &dg) == MCT_OK,
       "BOM, CRLF, CR and blank lines parse");
    OK(mct_docs_count(d) == 3, "three documents (blank lines skipped)");
    t = mct_docs_text(d, 0, &len);
    OK(t && len == 10 && !strcmp(t, "first line"), "BOM and CR stripped");
    OK(mct_docs_line(d, 1) == 4 && mct_docs_line(d, 2) == 5,
       "documents keep their line numbers (%zu, %zu)", mct_docs_line(d, 1),
       mct_docs_line(d, 2));
    mct_docs_free(d);

    mct_docs_new(&d);
    {
        const char bad[] = "ok\nstill ok\nbad \xC3\x28 here\n";
        OK(mct_docs_parse_lines(d, bad, sizeof bad - 1, NULL, &dg) ==
                   MCT_EUTF8 &&
               dg.line == 3 && dg.column == 5,
           "invalid UTF-8 reported at line %zu byte %zu: %s", dg.line,
           dg.column, dg.msg);
        OK(mct_docs_count(d) == 0, "a failed read adds nothing");
    }
    {
        const char bad[] = "ok\nnul\0byte\n";
        OK(mct_docs_parse_lines(d, bad, sizeof bad - 1, NULL, &dg) ==
                   MCT_EPARSE &&
               dg.line == 2,
           "NUL byte reported at line %zu: %s", dg.line, dg.msg);
    }
    {
        const char overlong[] = "\xC0\xAF\n";
        const char surrogate[] = "\xED\xA0\x80\n";
        const char big[] = "\xF4\x90\x80\x80\n";
        const char trunc[] = "abc\xE2\x82";
        OK(mct_docs_parse_lines(d, overlong, 3, NULL, NULL) == MCT_EUTF8 &&
               mct_docs_parse_lines(d, surrogate, 4, NULL, NULL) == MCT_EUTF8 &&
               mct_docs_parse_lines(d, big, 5, NULL, NULL) == MCT_EUTF8 &&
               mct_docs_parse_lines(d, trunc, 5, NULL, NULL) == MCT_EUTF8,
           "overlong, surrogate, >U+10FFFF and truncated sequences rejected");
    }
    OK(mct_docs_parse_lines(d, "", 0, NULL, &dg) == MCT_EEMPTY,
       "empty input is MCT_EEMPTY: %s", dg.msg);
    OK(mct_docs_parse_lines(d, "\n \n\t\n", 5, NULL, &dg) == MCT_EEMPTY,
       "blank input is MCT_EEMPTY");
    {
        size_t n = (size_t)10 << 20;
        char *huge = malloc(n + 2);
        memset(huge, 'a', n);
        huge[n] = '\n';
        OK(mct_docs_parse_lines(d, huge, n + 1, NULL, &dg) == MCT_ETOOBIG &&
               dg.line == 1,
           "a 10 MB line is refused: %s", dg.msg);
        free(huge);
    }
    OK(mct_docs_read_lines(d, "/nonexistent/titles.txt", NULL, &dg) ==
           MCT_ENOTFOUND,
       "missing file: %s", dg.msg);
    OK(mct_docs_read_lines(d, "/", NULL, &dg) == MCT_EIO,
       "a directory: %s", dg.msg);
    OK(mct_docs_add(d, "a\xFF", 2, 1) == MCT_EUTF8 &&
           mct_docs_add(d, "a\0b", 3, 1) == MCT_EINVAL &&
           mct_docs_add(d, "fine", 4, 7) == MCT_OK &&
           mct_docs_count(d) == 1 && mct_docs_line(d, 0) == 7,
       "mct_docs_add checks its text");
    mct_docs_free(d);
    mct_docs_free(NULL);
}

/* ---- analyzer --------------------------------------------------------- */

static void test_analyzer_default(void)
{
    collect c;
    mct_analyzer_opts o = mct_analyzer_opts_default();
    mct_analyzer *a = make(o);
    OK(a != NULL, "default analyzer");
    OK(!strcmp(terms(a, "micro-credentials Micro-Credential microcredentials",
                     &c),
               "microcredenti|microcredenti|microcredenti"),
       "compound variants are one term: %s", c.buf);
    OK(!strcmp(terms(a, "The badges of the learners", &c), "badg|learner"),
       "stop words removed, words stemmed: %s", c.buf);
    OK(!strcmp(terms(a, "COVID-19 in 2019-2021", &c), "covid19|2019|2021"),
       "hyphen joins letter-digit, not digit-digit: %s", c.buf);
    OK(!strcmp(terms(a, "employer\xE2\x80\x99s view", &c), "employ|view"),
       "curly apostrophe stays in the word, possessive stemmed: %s", c.buf);
    OK(!strcmp(terms(a, "STRASSE Stra\xC3\x9F" "e", &c), "strass|strass"),
       "full case folding (\xC3\x9F -> ss): %s", c.buf);
    OK(!strcmp(terms(a, "\xEF\xAC\x81nance micro\xC2\xAD" "credential", &c),
               "financ|microcredenti"),
       "NFKC ligature and soft hyphen: %s", c.buf);
    OK(!strcmp(terms(a, "e - learning, x", &c), "learn"),
       "spaced hyphen splits; one-letter tokens dropped: %s", c.buf);
    c.n = 0;
    mct_analyzer_run(a, "Micro-Credentials", 17, collect_surface, &c);
    OK(!strcmp(c.buf, "micro-credentials"),
       "surface keeps the hyphen: %s", c.buf);
    OK(mct_analyzer_run(a, "bad\xFF", 4, collect_term, &c) == MCT_EUTF8,
       "invalid UTF-8 refused");
    {
        char *norm = NULL;
        OK(mct_analyzer_normalize(a, "Micro-Credentials in Higher Education",
                                  37, &norm) == MCT_OK &&
               !strcmp(norm, "microcredenti in higher educ"),
           "keyword normalisation keeps stop words: %s", norm ? norm : "-");
        mct_free(norm);
    }
    mct_analyzer_free(a);

    o.ngram_max = 2;
    a = make(o);
    OK(!strcmp(terms(a, "open digital badges", &c),
               "open|digit|badg|open digit|digit badg"),
       "unigrams and bigrams: %s", c.buf);
    mct_analyzer_free(a);
    o.ngram_min = 2;
    o.ngram_max = 3;
    a = make(o);
    OK(!strcmp(terms(a, "open digital badges", &c),
               "open digit|digit badg|open digit badg"),
       "bigrams and trigrams only: %s", c.buf);
    mct_analyzer_free(a);

    o = mct_analyzer_opts_default();
    o.stem = false;
    o.drop_numbers = true;
    o.min_token_chars = 3;
    {
        const char *extra[] = {"learning", "Badges"};
        o.stop_words = extra;
        o.n_stop_words = 2;
        a = make(o);
        OK(!strcmp(terms(a, "Learning badges in 2024 for AI and ML users",
                         &c),
                   "users"),
           "user stop words, numbers and short tokens dropped: %s", c.buf);
        mct_analyzer_free(a);
    }
    o = mct_analyzer_opts_default();
    o.stem_language = "klingon";
    {
        mct_analyzer *x = NULL;
        OK(mct_analyzer_new(&o, &x) == MCT_ENOTFOUND && !x,
           "unknown stemming language refused");
        o = mct_analyzer_opts_default();
        o.ngram_min = 3;
        o.ngram_max = 2;
        OK(mct_analyzer_new(&o, &x) == MCT_EINVAL, "ngram 3..2 refused");
    }
    o = mct_analyzer_opts_default();
    o.stem_language = "french";
    o.stop_list = MCT_STOPLIST_NONE;
    a = make(o);
    OK(!strcmp(terms(a, "Les \xC3\xA9tudiants continuellement", &c),
               "le|etudi|continuel") ||
           !strcmp(c.buf, "le|\xC3\xA9tudi|continuel"),
       "french stemming: %s", c.buf);
    mct_analyzer_free(a);
}

static void test_analyzer_sklearn(void)
{
    collect c;
    mct_analyzer *a = make(mct_analyzer_opts_sklearn());
    OK(a != NULL, "sklearn analyzer");
    OK(!strcmp(terms(a, "Micro-credentials: the system's MOOCs_2021 a b",
                     &c),
               "micro|credentials|moocs_2021"),
       "sklearn token pattern and Glasgow stop words: %s", c.buf);
    OK(!strcmp(terms(a, "\xC4\xB0stanbul caf\xC3\xA9 cafe\xCC\x81 "
                        "\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3",
                     &c),
               "stanbul|caf\xC3\xA9|cafe|"
               "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82"),
       "Python lower(): dotted I, combining marks split, final sigma: %s",
       c.buf);
    mct_analyzer_free(a);
}

static void test_thesaurus(void)
{
    mct_thesaurus *t = NULL;
    mct_diag dg;
    collect c;
    const char *p;
    mct_analyzer_opts o = mct_analyzer_opts_default();
    mct_analyzer *a;
    const char good[] =
        "label\treplace by\n"
        "digital badges\topen badge\n"
        "micro credentials\tmicro-credential\n"
        "the paper\t\n"
        "MOOCs\tmassive open online course\n";
    OK(mct_thesaurus_new(&t) == MCT_OK, "thesaurus");
    p = write_tmp("thes.txt", good, sizeof good - 1);
    OK(mct_thesaurus_read(t, p, &dg) == MCT_OK && mct_thesaurus_count(t) == 4,
       "VOSviewer thesaurus read: %zu pairs", mct_thesaurus_count(t));
    o.thesaurus = t;
    o.stop_list = MCT_STOPLIST_NONE;
    a = make(o);
    mct_thesaurus_free(t); /* the analyzer keeps its own copy */
    OK(!strcmp(terms(a, "Digital Badges and micro credentials in the paper "
                        "on MOOCs",
                     &c),
               "open|badg|and|microcredenti|in|on|massiv|open|onlin|cours"),
       "phrases replaced, empty replacement removes: %s", c.buf);
    mct_analyzer_free(a);

    mct_thesaurus_new(&t);
    p = write_tmp("thes-bad.txt", "label\treplace by\nno tab here\n", 29);
    OK(mct_thesaurus_read(t, p, &dg) == MCT_EPARSE && dg.line == 2,
       "line without a tab: line %zu: %s", dg.line, dg.msg);
    p = write_tmp("thes-nohead.txt", "a\tb\n", 4);
    OK(mct_thesaurus_read(t, p, &dg) == MCT_EPARSE && dg.line == 1,
       "missing header: %s", dg.msg);
    OK(mct_thesaurus_count(t) == 0, "failed reads add nothing");
    OK(mct_thesaurus_add(t, "x\xFF", "y") == MCT_EUTF8, "add checks UTF-8");
    mct_thesaurus_free(t);
}

static void test_wordlist(void)
{
    mct_wordlist *w = NULL;
    mct_diag dg;
    size_t n;
    const char *const *words;
    const char data[] = "\xEF\xBB\xBF# my stop words\r\nstudy\r\n\r\n  paper \n";
    const char *p = write_tmp("stop.txt", data, sizeof data - 1);
    OK(mct_wordlist_read(p, &w, &dg) == MCT_OK, "word list read");
    words = mct_wordlist_words(w, &n);
    OK(n == 2 && !strcmp(words[0], "study") && !strcmp(words[1], "paper"),
       "comments, blanks, BOM, CRLF and spaces handled");
    mct_wordlist_free(w);
    p = write_tmp("stop-bad.txt", "ok\n\xFE\n", 5);
    OK(mct_wordlist_read(p, &w, &dg) == MCT_EUTF8 && dg.line == 2 && !w,
       "invalid UTF-8 in a word list: line %zu", dg.line);
    words = mct_stoplist_words(MCT_STOPLIST_SKLEARN, &n);
    OK(n == 318, "Glasgow list has 318 words");
    words = mct_stoplist_words(MCT_STOPLIST_ENGLISH, &n);
    OK(n == 174, "Snowball English list has 174 words");
}

/* Tokens of one ASCII text as "off:len " pairs, for comparing paths. */
static void token_list(mct_analyzer *a, const char *t, size_t n, mct__buf *b)
{
    mct__tokens tk;
    bool ascii = false;
    memset(&tk, 0, sizeof tk);
    b->len = 0;
    if (mct__analyze_ascii(a, t, n, &tk, &ascii) || !ascii) {
        mct__buf_printf(b, "not ascii");
    } else {
        for (size_t i = 0; i < tk.count; i++)
            mct__buf_printf(b, "%.*s|", (int)tk.tlen[i],
                            tk.bytes + tk.off[i]);
    }
    mct__tokens_free(&tk);
}

/*
 * The ASCII tokeniser has a portable path and an AVX-512BW one; they must
 * give the same tokens. Random texts over the characters the rules care
 * about (letters of both cases, digits, hyphens, apostrophes, '_', NUL,
 * a byte above 127) and every length around the 64-byte blocks.
 */
static void test_tokeniser_paths(void)
{
    const char alpha[] = "aZm9-'_ .\t-'x";
    mct_analyzer_opts o[2];
    mct__buf x = {0}, y = {0};
    mct__rng r;
    size_t same = 0, total = 0;
    char t[300];
    o[0] = mct_analyzer_opts_default();
    o[1] = mct_analyzer_opts_sklearn();
    mct__rng_seed(&r, 42, 7);
    for (int k = 0; k < 2; k++) {
        mct_analyzer *a = NULL;
        OK(mct_analyzer_new(&o[k], &a) == MCT_OK, "analyzer");
        if (!mct__analyzer_simd(a, 1)) {
            SKIP("this processor has no AVX-512BW: one path only");
            mct_analyzer_free(a);
            return;
        }
        for (int i = 0; i < 4000; i++) {
            size_t n = (size_t)i % 260;
            for (size_t j = 0; j < n; j++)
                t[j] = alpha[mct__rng_below(&r, sizeof alpha - 1)];
            if (i % 97 == 0 && n)
                t[mct__rng_below(&r, (uint32_t)n)] = i % 2 ? '\0' : '\xC3';
            mct__analyzer_simd(a, 1);
            token_list(a, t, n, &x);
            mct__analyzer_simd(a, 0);
            token_list(a, t, n, &y);
            total++;
            if (x.len == y.len && (!x.len || !memcmp(x.p, y.p, x.len)))
                same++;
            else if (total - same <= 3)
                DIAG("length %zu: '%.*s' vs '%.*s'", n, (int)x.len, x.p,
                     (int)y.len, y.p);
        }
        mct_analyzer_free(a);
    }
    OK(same == total, "AVX-512 and portable tokenisers agree on %zu of %zu "
                      "texts", same, total);
    mct__buf_free(&x);
    mct__buf_free(&y);
}

static bool count_term(void *u, const char *t, size_t tl, const char *s,
                       size_t sl)
{
    (void)t;
    (void)tl;
    (void)s;
    (void)sl;
    (*(size_t *)u)++;
    return true;
}

/*
 * Allocation failures leave the analyzer usable and consistent: every
 * failure point of a run on a long text, then a run that succeeds on the
 * same analyzer (its scratch must not claim room it lacks); and every
 * failure point of making an analyzer with a thesaurus (whose labels may
 * outlive a failure), freed each time. ASan checks the memory.
 */
static void test_analyzer_alloc_failures(void)
{
    static char big[400], mid[120];
    mct_analyzer_opts o = mct_analyzer_opts_default();
    mct_thesaurus *th = NULL;
    char lab[32], rep[32];
    long walked = 0, total;
    size_t bad_after = 0, bad_new = 0;
    for (int i = 0; i < 400; i++)
        big[i] = i % 2 ? ' ' : 'a';
    for (int i = 0; i < 120; i++)
        mid[i] = i % 2 ? ' ' : 'b';
    o.stem = false;
    o.stop_list = MCT_STOPLIST_NONE;
    o.min_token_chars = 1;
    for (long k = 0; k < 12; k++) {
        mct_analyzer *a = NULL;
        size_t n = 0;
        mct_analyzer_new(&o, &a);
        mct_analyzer_run(a, "a", 1, count_term, &n);
        mct__test_alloc_fail_after(k);
        mct_analyzer_run(a, big, sizeof big, count_term, &n);
        mct__test_alloc_fail_after(-1);
        n = 0;
        bad_after += mct_analyzer_run(a, mid, sizeof mid, count_term, &n) ||
                     n != 60;
        mct_analyzer_free(a);
    }
    OK(bad_after == 0, "runs after a failed run: %zu wrong", bad_after);
    mct_thesaurus_new(&th);
    for (int i = 0; i < 40; i++) {
        snprintf(lab, sizeof lab, "label%d word", i);
        snprintf(rep, sizeof rep, "repl%d", i);
        mct_thesaurus_add(th, lab, rep);
    }
    o = mct_analyzer_opts_default();
    o.thesaurus = th;
    mct__test_alloc_fail_after(-1);
    {
        mct_analyzer *a = NULL;
        mct_analyzer_new(&o, &a);
        mct_analyzer_free(a);
    }
    total = mct__test_alloc_fail_after(-1);
    for (long k = 0; k < total; k++, walked++) {
        mct_analyzer *a = NULL;
        mct_status rc;
        mct__test_alloc_fail_after(k);
        rc = mct_analyzer_new(&o, &a);
        mct__test_alloc_fail_after(-1);
        bad_new += rc != MCT_ENOMEM || a != NULL;
        mct_analyzer_free(a);
    }
    OK(walked > 40 && bad_new == 0,
       "analyzer with a thesaurus: %ld failure points, %zu not ENOMEM",
       walked, bad_new);
    mct_thesaurus_free(th);
}

int main(void)
{
    test_snowball_vocabulary();
    test_stemmer_api();
    test_docs();
    test_analyzer_default();
    test_analyzer_sklearn();
    test_tokeniser_paths();
    test_analyzer_alloc_failures();
    test_thesaurus();
    test_wordlist();
    return tap_done();
}

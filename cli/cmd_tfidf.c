/*
 * cmd_tfidf.c - mctsne tfidf: a corpus in, a TF-IDF matrix out.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lenses.h"
#include "opts.h"
#include "outdir.h"

static const char usage[] =
    "usage: mctsne tfidf INPUT -o OUT.mtx [options]\n"
    "\n"
    "Writes the TF-IDF matrix of INPUT as Matrix Market (rows are documents\n"
    "in input order, columns terms in vocabulary order) and the vocabulary\n"
    "as OUT.vocab.tsv (term, display form, document frequency, idf).\n"
    "INPUT is a text file with one document per line, or records (JSON\n"
    "Lines, Scopus CSV, Web of Science text or tab-delimited, RIS).\n"
    "\n"
    "  -o, --output FILE      the .mtx file to write (required)\n"
    "      --field F          title|abstract|keywords|all|text (records;\n"
    "                         default title)\n"
    "      --format F         input format (default: detected)\n"
    "      --min-df X         drop terms in fewer documents: a count (2) or\n"
    "                         a fraction (0.01); default 1\n"
    "      --max-df X         drop terms in more documents; default 1.0\n"
    "      --max-features N   keep the N most frequent terms\n"
    "      --ngram N          word n-grams of 1..N words (default 1)\n"
    "      --no-stem          do not stem\n"
    "      --stem-lang L      Snowball language (default english)\n"
    "      --stopwords FILE   extra stop words, one per line\n"
    "      --thesaurus FILE   VOSviewer thesaurus (label<TAB>replace by)\n"
    "      --sublinear-tf     tf = 1 + ln(count)\n"
    "      --norm N           l2|l1|none (default l2)\n"
    "      --no-idf           no idf weighting\n"
    "      --sklearn-compat   scikit-learn's TfidfVectorizer(stop_words=\n"
    "                         'english'): its tokens, no stemming\n"
    "      --threads N        threads (default: all; results do not change)\n"
    "  -q, --quiet            no messages on stderr\n"
    "  -h, --help             this help\n";

/* The command's options, as given. */
typedef struct tfidf_args {
    cli_common c;
    const char *out, *input, *stop_file, *thes_file, *stem_lang;
    mct_format fmt;
    mct_field field;
    bool compat, no_stem, sublinear, no_idf, min_frac, max_frac;
    size_t ngram, max_features;
    int norm;
    double min_df, max_df;
} tfidf_args;

/* --min-df and --max-df: "2" is a count, "0.05" or "1.0" a fraction, as
 * in scikit-learn. */
enum { DF_MIN, DF_MAX };
static int df_option(int code, const char *s, void *args)
{
    tfidf_args *a = args;
    const char *opt = code == DF_MIN ? "--min-df" : "--max-df";
    double *v = code == DF_MIN ? &a->min_df : &a->max_df;
    bool *frac = code == DF_MIN ? &a->min_frac : &a->max_frac;
    long n;
    *frac = strpbrk(s, ".eE") != NULL;
    if (*frac)
        return cli_double(opt, s, 0, 1, v) ? 1 : -1;
    if (!cli_long(opt, s, 0, 2000000000L, &n))
        return -1;
    *v = (double)n;
    return 1;
}

static int field_option(int code, const char *s, void *field)
{
    (void)code;
    if (!mct_field_parse(s, field))
        return 1;
    cli_err("--field: expected title, abstract, keywords, all or text, got "
            "'%s'", s);
    return -1;
}

static int format_option(int code, const char *s, void *fmt)
{
    (void)code;
    if (!mct_format_parse(s, fmt))
        return 1;
    cli_err("--format: unknown format '%s'", s);
    return -1;
}

static int norm_option(int code, const char *s, void *norm)
{
    static const char *const norms[] = {"none", "l1", "l2", NULL};
    (void)code;
    return cli_choice("--norm", s, norms, norm) ? 1 : -1;
}

static int tfidf_parse(int argc, char **argv, tfidf_args *a)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&a->out),
        {.name = "field", .kind = CLI_CALL, .dst = &a->field,
         .call = field_option},
        {.name = "format", .kind = CLI_CALL, .dst = &a->fmt,
         .call = format_option},
        {.name = "min-df", .kind = CLI_CALL, .dst = a, .call = df_option,
         .code = DF_MIN},
        {.name = "max-df", .kind = CLI_CALL, .dst = a, .call = df_option,
         .code = DF_MAX},
        {.name = "max-features", .kind = CLI_SIZE, .dst = &a->max_features,
         .lo = 1, .hi = 2e9},
        {.name = "ngram", .kind = CLI_SIZE, .dst = &a->ngram, .lo = 1, .hi = 8},
        {.name = "no-stem", .kind = CLI_FLAG, .dst = &a->no_stem},
        {.name = "stem-lang", .kind = CLI_STRING, .dst = &a->stem_lang},
        {.name = "stopwords", .kind = CLI_STRING, .dst = &a->stop_file},
        {.name = "thesaurus", .kind = CLI_STRING, .dst = &a->thes_file},
        {.name = "sublinear-tf", .kind = CLI_FLAG, .dst = &a->sublinear},
        {.name = "norm", .kind = CLI_CALL, .dst = &a->norm,
         .call = norm_option},
        {.name = "no-idf", .kind = CLI_FLAG, .dst = &a->no_idf},
        {.name = "sklearn-compat", .kind = CLI_FLAG, .dst = &a->compat},
        CLI_OPT_THREADS(&a->c),
        CLI_OPT_QUIET(&a->c),
        CLI_OPT_END};
    int first, st;
    memset(a, 0, sizeof *a);
    a->fmt = MCT_FORMAT_AUTO;
    a->field = MCT_FIELD_TITLE;
    a->ngram = 1;
    a->norm = MCT_NORM_L2;
    a->min_df = 1;
    a->max_df = 1.0;
    a->max_frac = true;
    if ((st = cli_parse(opts, usage, argc, argv, &first)))
        return st;
    if (first != argc - 1) {
        cli_err("tfidf: expected one INPUT file (see mctsne tfidf --help)");
        return CLI_USAGE;
    }
    if (!a->out) {
        cli_err("tfidf: -o OUT.mtx is required");
        return CLI_USAGE;
    }
    a->input = argv[first];
    /* Before any work: an output that cannot be written is said now. */
    return outfile_check(a->out) ? CLI_OK : CLI_FAIL;
}

/* What the vectorizer is made with; the word lists it points to. */
typedef struct tfidf_setup {
    mct_vectorizer_opts o;
    mct_wordlist *stop;
    mct_thesaurus *thes;
} tfidf_setup;

static bool tfidf_options(const tfidf_args *a, tfidf_setup *u)
{
    mct_vectorizer_opts *o = &u->o;
    mct_diag d;
    mct_status rc;
    *o = mct_vectorizer_opts_default();
    if (a->compat)
        o->analyzer = mct_analyzer_opts_sklearn();
    if (a->no_stem)
        o->analyzer.stem = false;
    if (a->stem_lang) {
        o->analyzer.stem = true;
        o->analyzer.stem_language = a->stem_lang;
    }
    o->analyzer.ngram_max = (unsigned)a->ngram;
    o->min_df = a->min_df;
    o->min_df_is_fraction = a->min_frac;
    o->max_df = a->max_df;
    o->max_df_is_fraction = a->max_frac;
    o->max_features = a->max_features;
    o->sublinear_tf = a->sublinear;
    o->use_idf = !a->no_idf;
    o->norm = (mct_norm)a->norm;
    o->n_threads = a->c.threads;
    if (a->stop_file) {
        if ((rc = mct_wordlist_read(a->stop_file, &u->stop, &d))) {
            cli_diag(a->stop_file, &d, rc);
            return false;
        }
        o->analyzer.stop_words = mct_wordlist_words(u->stop,
                                                    &o->analyzer.n_stop_words);
    }
    if (a->thes_file && !lens_thesaurus_read(a->thes_file, &u->thes))
        return false;
    o->analyzer.thesaurus = u->thes;
    return true;
}

/* OUT.mtx -> OUT.vocab.tsv */
static char *vocab_path(const char *out)
{
    size_t n = strlen(out);
    char *p = malloc(n + 16);
    if (!p)
        return NULL;
    memcpy(p, out, n + 1);
    if (n > 4 && !strcmp(p + n - 4, ".mtx"))
        p[n - 4] = '\0';
    strcat(p, ".vocab.tsv");
    return p;
}

/*
 * The documents of INPUT, the file read once: plain text (one title a
 * line) goes straight to documents, as the records' reader would take
 * it, without a record per line; anything else through the records.
 */
static bool load_docs(const char *input, mct_format fmt, mct_field field,
                      mct_records *recs, mct_docs *docs, const cli_common *c)
{
    mct_file *f = NULL;
    const char *data;
    size_t len, n = 0;
    mct_diag d;
    mct_status rc;
    if (!cli_read_file(input, &f))
        return false;
    data = mct_file_data(f);
    len = mct_file_size(f);
    if (field == MCT_FIELD_TITLE &&
        (fmt == MCT_FORMAT_LINES ||
         (fmt == MCT_FORMAT_AUTO &&
          mct_records_detect(data, len) == MCT_FORMAT_LINES))) {
        rc = mct_docs_parse_lines(docs, data, len, NULL, &d);
        n = mct_docs_count(docs);
    } else {
        rc = mct_records_parse(recs, data, len, input, fmt, &n, &d);
        if (!rc && (rc = mct_records_to_docs(recs, field, docs)))
            mct_diag_clear(&d);
    }
    mct_file_free(f);
    if (rc) {
        cli_diag(input, &d, rc);
        return false;
    }
    cli_note(c, "%s: %zu records", input, n);
    return true;
}

/* The matrix and its vocabulary, each named in the other's header. */
static bool tfidf_write(const tfidf_args *a, const mct_vectorizer *v,
                        const mct_csr *x)
{
    char *vpath = vocab_path(a->out), comment[512];
    mct_diag d;
    mct_status rc;
    mct_csr_view xv = mct_csr_get(x);
    if (!vpath) {
        cli_err("out of memory");
        return false;
    }
    snprintf(comment, sizeof comment,
             "TF-IDF of %s by mctsne %s; rows: documents in input order; "
             "columns: terms in %s",
             a->input, mct_version(), vpath);
    if ((rc = mct_csr_write_mtx_threads(x, a->out, comment, a->c.threads,
                                         &d)) ||
        (rc = mct_vectorizer_write_vocab(v, vpath, &d)))
        cli_diag(NULL, &d, rc);
    else
        cli_note(&a->c, "%zu documents x %zu terms, %zu non-zeros -> %s, %s",
                 xv.n_rows, xv.n_cols, xv.nnz, a->out, vpath);
    free(vpath);
    return rc == MCT_OK;
}

/* The fit on the documents of the input. */
static bool tfidf_run(const tfidf_args *a, mct_vectorizer *v,
                      mct_records *recs, mct_docs *docs, mct_csr **x)
{
    mct_diag d;
    mct_status rc;
    if (!load_docs(a->input, a->fmt, a->field, recs, docs, &a->c))
        return false;
    if ((rc = mct_vectorizer_fit_transform(v, mct_docs_texts(docs),
                                           mct_docs_lengths(docs),
                                           mct_docs_count(docs), x, &d))) {
        /* The library numbers texts; tell the user the input line. */
        if (d.line && d.line <= mct_docs_count(docs))
            d.line = mct_docs_line(docs, d.line - 1);
        cli_diag(a->input, &d, rc);
        return false;
    }
    return true;
}

int cmd_tfidf(int argc, char **argv)
{
    tfidf_args a;
    tfidf_setup u = {0};
    mct_records *recs = NULL;
    mct_docs *docs = NULL;
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_status rc;
    int st = tfidf_parse(argc, argv, &a);
    if (st)
        return st == CLI_HELP ? CLI_OK : st;
    st = CLI_FAIL;
    if (!tfidf_options(&a, &u))
        goto done;
    if ((rc = mct_vectorizer_new(&u.o, &v))) {
        if (rc == MCT_ENOTFOUND)
            cli_err("--stem-lang: unknown Snowball language '%s'",
                    a.stem_lang ? a.stem_lang : "");
        else
            cli_err("tfidf: %s", mct_strerror(rc));
        goto done;
    }
    if (mct_records_new(&recs) || mct_docs_new(&docs)) {
        cli_err("out of memory");
        goto done;
    }
    if (tfidf_run(&a, v, recs, docs, &x) && tfidf_write(&a, v, x))
        st = CLI_OK;
done:
    mct_csr_free(x);
    mct_vectorizer_free(v);
    mct_docs_free(docs);
    mct_records_free(recs);
    mct_thesaurus_free(u.thes);
    mct_wordlist_free(u.stop);
    return st;
}

/*
 * cmd_tfidf.c - mctsne tfidf: a corpus in, a TF-IDF matrix out.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

enum {
    O_FIELD = 256, O_FORMAT, O_MINDF, O_MAXDF, O_MAXFEAT, O_NGRAM, O_NOSTEM,
    O_STEMLANG, O_STOP, O_THES, O_SUBLIN, O_NORM, O_NOIDF, O_COMPAT,
    O_THREADS
};

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"field", required_argument, NULL, O_FIELD},
    {"format", required_argument, NULL, O_FORMAT},
    {"min-df", required_argument, NULL, O_MINDF},
    {"max-df", required_argument, NULL, O_MAXDF},
    {"max-features", required_argument, NULL, O_MAXFEAT},
    {"ngram", required_argument, NULL, O_NGRAM},
    {"no-stem", no_argument, NULL, O_NOSTEM},
    {"stem-lang", required_argument, NULL, O_STEMLANG},
    {"stopwords", required_argument, NULL, O_STOP},
    {"thesaurus", required_argument, NULL, O_THES},
    {"sublinear-tf", no_argument, NULL, O_SUBLIN},
    {"norm", required_argument, NULL, O_NORM},
    {"no-idf", no_argument, NULL, O_NOIDF},
    {"sklearn-compat", no_argument, NULL, O_COMPAT},
    {"threads", required_argument, NULL, O_THREADS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* "2" is a count, "0.05" or "1.0" a fraction, as in scikit-learn. */
static bool df_value(const char *opt, const char *s, double *v, bool *frac)
{
    *frac = strpbrk(s, ".eE") != NULL;
    if (*frac)
        return cli_double(opt, s, 0, 1, v);
    {
        long n;
        if (!cli_long(opt, s, 0, 2000000000L, &n))
            return false;
        *v = (double)n;
    }
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

int cmd_tfidf(int argc, char **argv)
{
    static const char *const norms[] = {"none", "l1", "l2", NULL};
    mct_vectorizer_opts o = mct_vectorizer_opts_default();
    cli_common c = {false, false, false, 0};
    const char *out = NULL, *input, *stop_file = NULL, *thes_file = NULL;
    const char *stem_lang = NULL;
    mct_format fmt = MCT_FORMAT_AUTO;
    mct_field field = MCT_FIELD_TITLE;
    bool compat = false, no_stem = false, sublinear = false, no_idf = false;
    long ngram = 1, maxfeat = 0, threads = 0;
    int norm = MCT_NORM_L2, ch, status = CLI_FAIL;
    double min_df = 1, max_df = 1.0;
    bool min_frac = false, max_frac = true;
    mct_wordlist *stop = NULL;
    mct_thesaurus *thes = NULL;
    mct_records *recs = NULL;
    mct_docs *docs = NULL;
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_diag d;
    mct_status rc;
    char *vpath = NULL;

    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o': out = optarg; break;
        case 'q': c.quiet = true; break;
        case 'h': fputs(usage, stdout); return CLI_OK;
        case O_FIELD:
            if (mct_field_parse(optarg, &field)) {
                cli_err("--field: expected title, abstract, keywords, all or "
                        "text, got '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case O_FORMAT:
            if (mct_format_parse(optarg, &fmt)) {
                cli_err("--format: unknown format '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        case O_MINDF:
            if (!df_value("--min-df", optarg, &min_df, &min_frac))
                return CLI_USAGE;
            break;
        case O_MAXDF:
            if (!df_value("--max-df", optarg, &max_df, &max_frac))
                return CLI_USAGE;
            break;
        case O_MAXFEAT:
            if (!cli_long("--max-features", optarg, 1, 2000000000L, &maxfeat))
                return CLI_USAGE;
            break;
        case O_NGRAM:
            if (!cli_long("--ngram", optarg, 1, 8, &ngram))
                return CLI_USAGE;
            break;
        case O_NOSTEM: no_stem = true; break;
        case O_STEMLANG: stem_lang = optarg; break;
        case O_STOP: stop_file = optarg; break;
        case O_THES: thes_file = optarg; break;
        case O_SUBLIN: sublinear = true; break;
        case O_NORM:
            if (!cli_choice("--norm", optarg, norms, &norm))
                return CLI_USAGE;
            break;
        case O_NOIDF: no_idf = true; break;
        case O_COMPAT: compat = true; break;
        case O_THREADS:
            if (!cli_long("--threads", optarg, 0, 4096, &threads))
                return CLI_USAGE;
            break;
        default:
            fputs(usage, stderr);
            return CLI_USAGE;
        }
    }
    if (optind != argc - 1) {
        cli_err("tfidf: expected one INPUT file (see mctsne tfidf --help)");
        return CLI_USAGE;
    }
    if (!out) {
        cli_err("tfidf: -o OUT.mtx is required");
        return CLI_USAGE;
    }
    input = argv[optind];
    if (!outfile_check(out))
        return CLI_FAIL;

    if (compat)
        o.analyzer = mct_analyzer_opts_sklearn();
    if (no_stem)
        o.analyzer.stem = false;
    if (stem_lang) {
        o.analyzer.stem = true;
        o.analyzer.stem_language = stem_lang;
    }
    o.analyzer.ngram_max = (unsigned)ngram;
    o.min_df = min_df;
    o.min_df_is_fraction = min_frac;
    o.max_df = max_df;
    o.max_df_is_fraction = max_frac;
    o.max_features = (size_t)maxfeat;
    o.sublinear_tf = sublinear;
    o.use_idf = !no_idf;
    o.norm = (mct_norm)norm;
    o.n_threads = (int)threads;

    if (stop_file) {
        if ((rc = mct_wordlist_read(stop_file, &stop, &d))) {
            cli_diag(stop_file, &d, rc);
            goto done;
        }
        o.analyzer.stop_words = mct_wordlist_words(stop,
                                                   &o.analyzer.n_stop_words);
    }
    if (thes_file) {
        if ((rc = mct_thesaurus_new(&thes)) ||
            (rc = mct_thesaurus_read(thes, thes_file, &d))) {
            cli_diag(thes_file, &d, rc);
            goto done;
        }
        o.analyzer.thesaurus = thes;
    }
    if ((rc = mct_vectorizer_new(&o, &v))) {
        if (rc == MCT_ENOTFOUND)
            cli_err("--stem-lang: unknown Snowball language '%s'",
                    stem_lang ? stem_lang : "");
        else
            cli_err("tfidf: %s", mct_strerror(rc));
        goto done;
    }
    if (mct_records_new(&recs) || mct_docs_new(&docs)) {
        cli_err("out of memory");
        goto done;
    }
    if (!cli_load_records(input, fmt, recs, &c))
        goto done;
    if ((rc = mct_records_to_docs(recs, field, docs))) {
        cli_err("%s: %s", input, mct_strerror(rc));
        goto done;
    }
    if ((rc = mct_vectorizer_fit_transform(v, mct_docs_texts(docs),
                                           mct_docs_lengths(docs),
                                           mct_docs_count(docs), &x, &d))) {
        /* The library numbers texts; tell the user the input line. */
        if (d.line && d.line <= mct_docs_count(docs))
            d.line = mct_docs_line(docs, d.line - 1);
        cli_diag(input, &d, rc);
        goto done;
    }
    if (!(vpath = vocab_path(out))) {
        cli_err("out of memory");
        goto done;
    }
    {
        char comment[512];
        snprintf(comment, sizeof comment,
                 "TF-IDF of %s by mctsne %s; rows: documents in input order; "
                 "columns: terms in %s",
                 input, mct_version(), vpath);
        if ((rc = mct_csr_write_mtx(x, out, comment, &d)) ||
            (rc = mct_vectorizer_write_vocab(v, vpath, &d))) {
            cli_diag(NULL, &d, rc);
            goto done;
        }
    }
    {
        mct_csr_view xv = mct_csr_get(x);
        cli_note(&c, "%zu documents x %zu terms, %zu non-zeros -> %s, %s",
                 xv.n_rows, xv.n_cols, xv.nnz, out, vpath);
    }
    status = CLI_OK;
done:
    free(vpath);
    mct_csr_free(x);
    mct_vectorizer_free(v);
    mct_docs_free(docs);
    mct_records_free(recs);
    mct_thesaurus_free(thes);
    mct_wordlist_free(stop);
    return status;
}

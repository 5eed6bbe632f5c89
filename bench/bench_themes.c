/*
 * bench_themes.c - do seeded themes find what their names say? Labelled
 * tasks built from real data, where each record's true theme is known:
 *
 *   bench_themes wos WOS.txt OUTDIR      Web of Science subject categories
 *   bench_themes wordnet DICT OUTDIR     WordNet lexicographer files
 *   bench_themes wordnet2 DICT OUTDIR    another five of them
 *   bench_themes corpus RECORDS THEMES QUERY   a real corpus (see corpus())
 *
 * wos: five frequent subject categories (WC) that overlap little (of the
 * twelve most frequent, the five whose records carrying exactly one of
 * them make the largest smallest class), and those records. wordnet: five noun files (animal,
 * plant, food, artifact, person), the first 600 synsets of each, the gloss
 * as the title. Each theme is seeded with the words of its category's
 * name, as a user would write them.
 *
 * Prints, per method, the accuracy of the named assignment (a record is
 * right when the theme it is put in is named after its category):
 *   seeded         mct_themes with the seeds (default options)
 *   seeded-shuffle the seeds in reverse order (names must follow content)
 *   nearest-seed   each record to its most similar seed vector
 *   unguided       k-means without seeds, matched to the categories
 *                  afterwards by the best one-to-one matching
 *   previous       the former method: TF-IDF of the abstract (title and
 *                  keywords without one), k-means started from the seed
 *                  terms, theme c named after seed c
 * and seed_weight from 0 to 4 for the record. Writes OUTDIR/features.mtx
 * and OUTDIR/labels.txt for the supervised ceiling (peer_themes.py).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mctext.h"

#define K 5

typedef struct task {
    mct_records *r;
    int *truth;
    char *names[K];
    char seeds_json[4096];
    const char *query_term; /* the export's search, left out; or NULL */
} task;

static void die(const char *what, mct_status rc)
{
    fprintf(stderr, "bench_themes: %s: %s\n", what, mct_strerror(rc));
    exit(1);
}

/* ---- the WoS task ------------------------------------------------------------ */

typedef struct cat {
    const char *name;
    size_t n;
} cat;

static int cat_cmp(const void *a, const void *b)
{
    const cat *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

static bool has_cat(const mct_record *x, const char *c)
{
    for (size_t q = 0; q < x->n_categories; q++)
        if (!strcmp(x->categories[q], c))
            return true;
    return false;
}

static size_t count_cats(const mct_records *all, cat *cats, size_t max)
{
    size_t nc = 0;
    for (size_t i = 0; i < mct_records_count(all); i++) {
        const mct_record *x = mct_records_get(all, i);
        for (size_t q = 0; q < x->n_categories; q++) {
            size_t c = 0;
            while (c < nc && strcmp(cats[c].name, x->categories[q]))
                c++;
            if (c == nc && nc < max)
                cats[nc++] = (cat){x->categories[q], 0};
            if (c < nc)
                cats[c].n++;
        }
    }
    qsort(cats, nc, sizeof *cats, cat_cmp);
    return nc;
}

/* Records that carry exactly one of the five categories pick[], and the
 * size of the smallest resulting class. */
static size_t smallest_class(const mct_records *all, const char **pick,
                             size_t *total)
{
    size_t size[K] = {0}, small = (size_t)-1;
    *total = 0;
    for (size_t i = 0; i < mct_records_count(all); i++) {
        const mct_record *x = mct_records_get(all, i);
        int which = -1, hits = 0;
        for (int c = 0; c < K; c++)
            if (has_cat(x, pick[c])) {
                which = c;
                hits++;
            }
        if (hits == 1) {
            size[which]++;
            (*total)++;
        }
    }
    for (int c = 0; c < K; c++)
        if (size[c] < small)
            small = size[c];
    return small;
}

/* Of the twelve most frequent categories, the five whose records overlap
 * least: the choice with the largest smallest class of records carrying
 * exactly one of them (ties: more such records, then the first found). */
static void choose_cats(const mct_records *all, cat *cats, size_t nc,
                        const char **pick)
{
    size_t top = nc < 12 ? nc : 12, best = 0, best_total = 0;
    const char *cur[K];
    int ix[K];
    if (top < K) {
        fprintf(stderr, "bench_themes: fewer than %d categories\n", K);
        exit(1);
    }
    for (int c = 0; c < K; c++)
        ix[c] = c;
    for (;;) {
        size_t total, small;
        int q;
        for (int c = 0; c < K; c++)
            cur[c] = cats[ix[c]].name;
        small = smallest_class(all, cur, &total);
        if (small > best || (small == best && total > best_total)) {
            best = small;
            best_total = total;
            memcpy(pick, cur, sizeof cur);
        }
        /* next combination of K out of top, in lexicographic order */
        for (q = K - 1; q >= 0 && ix[q] == (int)top - K + q; q--)
            ;
        if (q < 0)
            break;
        ix[q]++;
        for (int c = q + 1; c < K; c++)
            ix[c] = ix[c - 1] + 1;
    }
}

/* Seed terms from a category's name: its parts between commas and '&'. */
static void seed_entry(char *out, size_t size, const char *name)
{
    char buf[256], *save = NULL, *p;
    size_t len = strlen(out);
    snprintf(buf, sizeof buf, "%s", name);
    len += (size_t)snprintf(out + len, size - len, "%s{\"name\": \"%s\", "
                            "\"terms\": [", len > 1 ? ", " : "", name);
    for (p = strtok_r(buf, ",&", &save); p; p = strtok_r(NULL, ",&", &save)) {
        while (*p == ' ')
            p++;
        if (!*p)
            continue;
        len += (size_t)snprintf(out + len, size - len, "%s\"%s\"",
                                out[len - 1] == '[' ? "" : ", ", p);
    }
    snprintf(out + len, size - len, "]}");
}

static void wos_task(const char *path, task *t)
{
    mct_records *all = NULL;
    mct_diag d;
    mct_status rc;
    cat cats[512];
    const char *pick[K];
    size_t nc;
    if ((rc = mct_records_new(&all)) ||
        (rc = mct_records_read(all, path, MCT_FORMAT_AUTO, NULL, &d)))
        die(path, rc);
    /* The exports come from the title search "absorptive capacity"
     * (../shared/corpora/exports/SOURCES.md), as mctsne themes would be
     * told with --query. */
    t->query_term = "absorptive capacity";
    nc = count_cats(all, cats, 512);
    choose_cats(all, cats, nc, pick);
    if ((rc = mct_records_new(&t->r)))
        die("records", rc);
    t->truth = calloc(mct_records_count(all) + 1, sizeof *t->truth);
    strcpy(t->seeds_json, "[");
    for (int c = 0; c < K; c++) {
        t->names[c] = strdup(pick[c]);
        seed_entry(t->seeds_json, sizeof t->seeds_json, pick[c]);
    }
    strcat(t->seeds_json, "]");
    for (size_t i = 0; i < mct_records_count(all); i++) {
        const mct_record *x = mct_records_get(all, i);
        int which = -1, hits = 0;
        for (int c = 0; c < K; c++)
            if (has_cat(x, pick[c])) {
                which = c;
                hits++;
            }
        if (hits != 1)
            continue;
        t->truth[mct_records_count(t->r)] = which;
        if ((rc = mct_records_add(t->r, x)))
            die("records", rc);
    }
    mct_records_free(all);
}

/* ---- the WordNet task ------------------------------------------------------------ */

typedef struct lexfile {
    int lex;
    const char *name;
} lexfile;

/* Two sets of five noun files: concrete things, and abstractions. */
static const lexfile lex_sets[2][K] = {
    {{5, "animal"}, {20, "plant"}, {13, "food"}, {6, "artifact"},
     {18, "person"}},
    {{8, "body"}, {10, "communication"}, {15, "location"}, {12, "feeling"},
     {27, "substance"}}};

static void wordnet_task(const char *dict, int set, task *t)
{
    const lexfile *files = lex_sets[set];
    char path[4096], line[65536];
    size_t got[K] = {0};
    FILE *f;
    mct_status rc;
    snprintf(path, sizeof path, "%s/data.noun", dict);
    if (!(f = fopen(path, "r")) || (rc = mct_records_new(&t->r))) {
        fprintf(stderr, "bench_themes: cannot read %s\n", path);
        exit(1);
    }
    t->truth = calloc(K * 600 + 1, sizeof *t->truth);
    strcpy(t->seeds_json, "[");
    for (int c = 0; c < K; c++) {
        t->names[c] = strdup(files[c].name);
        seed_entry(t->seeds_json, sizeof t->seeds_json, files[c].name);
    }
    strcat(t->seeds_json, "]");
    while (fgets(line, sizeof line, f)) {
        int lex;
        char *bar = strchr(line, '|');
        mct_record x;
        if (line[0] == ' ' || !bar || sscanf(line, "%*s %d", &lex) != 1)
            continue;
        for (int c = 0; c < K; c++) {
            if (files[c].lex != lex || got[c] == 600)
                continue;
            memset(&x, 0, sizeof x);
            bar[strcspn(bar, "\n")] = '\0';
            x.title = bar + 2;
            x.source = "wordnet";
            t->truth[mct_records_count(t->r)] = c;
            if ((rc = mct_records_add(t->r, &x)))
                die("records", rc);
            got[c]++;
        }
    }
    fclose(f);
}

/* ---- methods ------------------------------------------------------------------------ */

static double accuracy(const int *pred, const int *truth, size_t n)
{
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += pred[i] == truth[i];
    return n ? (double)ok / (double)n : 0;
}

static mct_themes *seeded(const task *t, const char *json, double w,
                          const int **lab)
{
    mct_themes_opts o = mct_themes_opts_default();
    mct_theme_seeds *s = NULL;
    mct_themes *th = NULL;
    mct_diag d;
    mct_status rc;
    o.seed_weight = w;
    o.exclude_terms = &t->query_term;
    o.n_exclude_terms = t->query_term != NULL;
    if ((rc = mct_theme_seeds_parse(json, strlen(json), &s, &d)) ||
        (rc = mct_themes_new(&o, &th)) ||
        (rc = mct_themes_fit(th, t->r, s, &d)))
        die(d.msg[0] ? d.msg : "themes", rc);
    *lab = mct_themes_labels(th, NULL);
    mct_theme_seeds_free(s);
    return th;
}

/* The index of the name in t->names (a theme's seed name). */
static int name_index(const task *t, const char *name)
{
    for (int c = 0; c < K; c++)
        if (!strcmp(t->names[c], name))
            return c;
    return -1;
}

static double named_accuracy(const task *t, mct_themes *th, const int *lab)
{
    size_t n = mct_records_count(t->r);
    int *pred = calloc(n + 1, sizeof *pred);
    double a;
    for (size_t i = 0; i < n; i++) {
        mct_theme_info in;
        pred[i] = -1;
        if (lab[i] >= 0 && !mct_themes_get(th, (size_t)lab[i], &in))
            pred[i] = name_index(t, in.name);
    }
    a = accuracy(pred, t->truth, n);
    free(pred);
    return a;
}

static double nearest_seed(const task *t, mct_themes *th)
{
    const mct_csr *X = mct_themes_features(th);
    mct_csr_view v = mct_csr_get(X);
    const double *S = mct_themes_seed_vectors(th);
    size_t d = v.n_cols;
    int *pred = calloc(v.n_rows + 1, sizeof *pred);
    double a;
    for (size_t i = 0; i < v.n_rows; i++) {
        double best = 0;
        /* No theme when it shares no term with any seed: a tie broken
         * by the seeds' order would be a guess. */
        pred[i] = -1;
        for (int c = 0; c < K && v.indptr[i] < v.indptr[i + 1]; c++) {
            double s = 0;
            for (size_t q = v.indptr[i]; q < v.indptr[i + 1]; q++)
                s += v.data[q] * S[(size_t)c * d + v.indices[q]];
            if (s > best) {
                best = s;
                pred[i] = c;
            }
        }
    }
    a = accuracy(pred, t->truth, v.n_rows);
    free(pred);
    return a;
}

/* The best one-to-one matching of clusters to categories, by counts. */
static double matched_accuracy(const int *lab, const int *truth, size_t n)
{
    size_t cnt[K][K] = {{0}}, best = 0;
    int perm[K] = {0, 1, 2, 3, 4};
    for (size_t i = 0; i < n; i++)
        if (lab[i] >= 0)
            cnt[lab[i]][truth[i]]++;
    /* all 120 permutations (Heap's algorithm) */
    for (int c[K] = {0}, i = 0;;) {
        size_t s = 0;
        for (int q = 0; q < K; q++)
            s += cnt[q][perm[q]];
        if (s > best)
            best = s;
        while (i < K && c[i] >= i) {
            c[i] = 0;
            i++;
        }
        if (i == K)
            break;
        {
            int j = i % 2 ? c[i] : 0, x = perm[j];
            perm[j] = perm[i];
            perm[i] = x;
        }
        c[i]++;
        i = 0;
    }
    return n ? (double)best / (double)n : 0;
}

static double unguided(const task *t)
{
    mct_themes_opts o = mct_themes_opts_default();
    mct_themes *th = NULL;
    mct_diag d;
    mct_status rc;
    double a;
    o.k = K;
    o.exclude_terms = &t->query_term;
    o.n_exclude_terms = t->query_term != NULL;
    if ((rc = mct_themes_new(&o, &th)) ||
        (rc = mct_themes_fit(th, t->r, NULL, &d)))
        die("unguided", rc);
    a = matched_accuracy(mct_themes_labels(th, NULL), t->truth,
                         mct_records_count(t->r));
    mct_themes_free(th);
    return a;
}

/* The former method, as cli/lenses.c ran it before the themes module. */
static double previous(const task *t)
{
    size_t n = mct_records_count(t->r), dcols;
    mct_docs *docs = NULL;
    mct_vectorizer_opts to = mct_vectorizer_opts_default();
    mct_vectorizer *vec = NULL;
    mct_csr *X = NULL, *C = NULL;
    mct_kmeans_opts ko = mct_kmeans_opts_default();
    mct_kmeans *km = NULL;
    mct_theme_seeds *s = NULL;
    const char *texts[K];
    size_t lens[K];
    char buf[K][1024];
    double *init, a;
    mct_diag d;
    mct_status rc;
    to.analyzer.drop_numbers = true;
    to.min_df = n >= 20 ? 2 : 1;
    if ((rc = mct_docs_new(&docs)) ||
        (rc = mct_records_to_docs(t->r, MCT_FIELD_TEXT, docs)) ||
        (rc = mct_vectorizer_new(&to, &vec)) ||
        (rc = mct_vectorizer_fit_transform(vec, mct_docs_texts(docs),
                                           mct_docs_lengths(docs), n, &X, &d)) ||
        (rc = mct_theme_seeds_parse(t->seeds_json, strlen(t->seeds_json), &s,
                                    &d)))
        die("previous", rc);
    for (int c = 0; c < K; c++) {
        mct_theme_seed sd;
        mct_theme_seeds_get(s, (size_t)c, &sd);
        buf[c][0] = '\0';
        for (size_t j = 0; j < sd.n_terms; j++) {
            strcat(buf[c], sd.terms[j]);
            strcat(buf[c], ". ");
        }
        texts[c] = buf[c];
        lens[c] = strlen(buf[c]);
    }
    dcols = mct_vectorizer_n_terms(vec);
    if ((rc = mct_vectorizer_transform(vec, texts, lens, K, &C, NULL)))
        die("previous", rc);
    init = calloc(K * dcols + 1, sizeof *init);
    {
        mct_csr_view v = mct_csr_get(C);
        for (size_t c = 0; c < K; c++)
            for (size_t q = v.indptr[c]; q < v.indptr[c + 1]; q++)
                init[c * dcols + v.indices[q]] = v.data[q];
    }
    ko.k = K;
    if ((rc = mct_kmeans_fit_csr(&ko, X, init, &km)))
        die("previous k-means", rc);
    a = accuracy(mct_kmeans_labels(km, NULL), t->truth, n);
    mct_kmeans_free(km);
    free(init);
    mct_csr_free(C);
    mct_csr_free(X);
    mct_vectorizer_free(vec);
    mct_docs_free(docs);
    mct_theme_seeds_free(s);
    return a;
}

/* The seeds in reverse order. */
static void reversed(const task *t, char *out, size_t size)
{
    strcpy(out, "[");
    for (int c = K - 1; c >= 0; c--)
        seed_entry(out, size, t->names[c]);
    strcat(out, "]");
}

static void write_outputs(const task *t, mct_themes *th, const char *dir)
{
    char path[4096];
    FILE *f;
    mct_status rc;
    snprintf(path, sizeof path, "%s/features.mtx", dir);
    if ((rc = mct_csr_write_mtx(mct_themes_features(th), path, NULL, NULL)))
        die(path, rc);
    snprintf(path, sizeof path, "%s/labels.txt", dir);
    if (!(f = fopen(path, "w")))
        die(path, MCT_EIO);
    for (size_t i = 0; i < mct_records_count(t->r); i++)
        fprintf(f, "%d\n", t->truth[i]);
    fclose(f);
    snprintf(path, sizeof path, "%s/seeds.tsv", dir);
    if (!(f = fopen(path, "w")))
        die(path, MCT_EIO);
    {
        const double *S = mct_themes_seed_vectors(th);
        size_t d = mct_csr_get(mct_themes_features(th)).n_cols;
        for (size_t c = 0; c < K; c++)
            for (size_t j = 0; j < d; j++)
                if (S[c * d + j] != 0)
                    fprintf(f, "%zu\t%zu\t%.17g\n", c, j, S[c * d + j]);
    }
    fclose(f);
}

/*
 * corpus RECORDS THEMES QUERY OUTDIR: per theme of a real corpus, the
 * cosine of its records with its seed, the closest other seed, the flag,
 * the share of its top terms that come from its seed, and how many of
 * its records are closest to its own seed among those that share a term
 * with some seed.
 */
static int corpus(char **argv)
{
    mct_records *r = NULL;
    mct_theme_seeds *s = NULL;
    mct_themes_opts o = mct_themes_opts_default();
    mct_themes *th = NULL;
    const char *q[1] = {NULL};
    mct_query *qq = NULL;
    mct_diag d;
    mct_status rc;
    size_t own = 0, seeded = 0;
    if ((rc = mct_records_new(&r)) ||
        (rc = mct_records_read(r, argv[2], MCT_FORMAT_AUTO, NULL, &d)) ||
        (rc = mct_theme_seeds_read(argv[3], &s, &d)) ||
        (rc = mct_query_parse(argv[4], &qq, &d)))
        die(d.msg, rc);
    o.exclude_terms = mct_query_terms(qq, &o.n_exclude_terms);
    (void)q;
    if ((rc = mct_themes_new(&o, &th)) || (rc = mct_themes_fit(th, r, s, &d)))
        die(d.msg, rc);
    {
        const mct_csr *X = mct_themes_features(th);
        mct_csr_view v = mct_csr_get(X);
        const double *S = mct_themes_seed_vectors(th);
        const int *lab = mct_themes_labels(th, NULL);
        size_t k = mct_themes_count(th);
        for (size_t i = 0; i < v.n_rows; i++) {
            double best = 0;
            int bs = -1;
            for (size_t c = 0; c < k; c++) {
                double x = 0;
                for (size_t t = v.indptr[i]; t < v.indptr[i + 1]; t++)
                    x += v.data[t] * S[c * v.n_cols + v.indices[t]];
                if (x > best) {
                    best = x;
                    bs = (int)c;
                }
            }
            seeded += bs >= 0;
            own += bs >= 0 && bs == lab[i];
        }
        printf("records,%zu,closest to their theme's own seed,%zu of %zu "
               "that share a term with a seed\n",
               v.n_rows, own, seeded);
        for (size_t c = 0; c < k; c++) {
            mct_theme_info in;
            const char *tm[5];
            size_t m = mct_themes_top_terms(th, c, 5, tm, NULL);
            mct_themes_get(th, c, &in);
            printf("theme %zu,%s,records %zu,cosine %.3f,other %.3f,"
                   "flag %s,seed share %.1f,top:",
                   c + 1, in.name, in.records, in.seed_cosine,
                   in.other_cosine, in.flags ? "weak" : "-", in.seed_share);
            for (size_t t = 0; t < m; t++)
                printf("%s%s", t ? "; " : " ", tm[t]);
            printf("\n");
        }
    }
    mct_themes_free(th);
    mct_theme_seeds_free(s);
    mct_query_free(qq);
    mct_records_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    task t;
    mct_themes *th, *th2;
    const int *lab, *lab2;
    char rev[4096];
    size_t n, same = 0;
    static const double ws[] = {0, 0.1, 0.25, 0.5, 1, 2, 4};
    if (argc == 5 && !strcmp(argv[1], "corpus"))
        return corpus(argv);
    if (argc != 4) {
        fprintf(stderr, "usage: bench_themes wos|wordnet|wordnet2 INPUT "
                        "OUTDIR\n"
                        "       bench_themes corpus RECORDS THEMES QUERY\n");
        return 2;
    }
    memset(&t, 0, sizeof t);
    if (!strcmp(argv[1], "wos"))
        wos_task(argv[2], &t);
    else
        wordnet_task(argv[2], !strcmp(argv[1], "wordnet2"), &t);
    n = mct_records_count(t.r);
    printf("task %s: %zu records;", argv[1], n);
    for (int c = 0; c < K; c++)
        printf(" %s%s", c ? "| " : "", t.names[c]);
    printf("\n");
    th = seeded(&t, t.seeds_json, mct_themes_opts_default().seed_weight, &lab);
    printf("seeded,%.4f\n", named_accuracy(&t, th, lab));
    reversed(&t, rev, sizeof rev);
    th2 = seeded(&t, rev, mct_themes_opts_default().seed_weight, &lab2);
    for (size_t i = 0; i < n; i++) {
        mct_theme_info a, b;
        bool ok = lab[i] < 0 ? lab2[i] < 0
                  : lab2[i] >= 0 && !mct_themes_get(th, (size_t)lab[i], &a) &&
                        !mct_themes_get(th2, (size_t)lab2[i], &b) &&
                        !strcmp(a.name, b.name);
        same += ok;
    }
    printf("seeded-shuffle,%.4f,same-named-theme %zu/%zu\n",
           named_accuracy(&t, th2, lab2), same, n);
    printf("nearest-seed,%.4f\n", nearest_seed(&t, th));
    printf("unguided,%.4f\n", unguided(&t));
    printf("previous,%.4f\n", previous(&t));
    for (size_t q = 0; q < sizeof ws / sizeof *ws; q++) {
        mct_themes *tw = seeded(&t, t.seeds_json, ws[q], &lab2);
        printf("seed_weight %g,%.4f\n", ws[q], named_accuracy(&t, tw, lab2));
        mct_themes_free(tw);
    }
    for (size_t c = 0; c < K; c++) {
        mct_theme_info in;
        mct_themes_get(th, c, &in);
        const char *tm[8];
        double w[8];
        size_t m = mct_themes_top_terms(th, c, 8, tm, w);
        printf("theme %zu,%s,records %zu,cosine %.3f,other %.3f,flags %u,"
               "seed share %.2f,top:",
               c + 1, in.name, in.records, in.seed_cosine, in.other_cosine,
               in.flags, in.seed_share);
        for (size_t q = 0; q < m; q++)
            printf(" %s", tm[q]);
        printf("\n");
    }
    write_outputs(&t, th, argv[3]);
    mct_themes_free(th);
    mct_themes_free(th2);
    mct_records_free(t.r);
    free(t.truth);
    for (int c = 0; c < K; c++)
        free(t.names[c]);
    return 0;
}

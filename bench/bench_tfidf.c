/*
 * bench_tfidf.c - tokenise + stem + TF-IDF throughput on a text file with
 * one document per line. Prints one CSV line per thread count:
 *
 *   tool,threads,docs,mbytes,median_s,mb_per_s,terms,nnz
 *
 * usage: bench_tfidf FILE REPEATS THREADS...
 * The file is read once; each repeat runs the whole fit_transform (the
 * default Unicode analyzer: NFKC, case folding, compounds, Snowball
 * English, stop words, l2 TF-IDF). The median of the repeats is quoted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mctext.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    mct_docs *d = NULL;
    mct_diag dg;
    size_t bytes = 0;
    int reps;
    if (argc < 4) {
        fprintf(stderr, "usage: bench_tfidf FILE REPEATS THREADS...\n");
        return 2;
    }
    reps = atoi(argv[2]);
    mct_docs_new(&d);
    if (mct_docs_read_lines(d, argv[1], NULL, &dg)) {
        fprintf(stderr, "bench_tfidf: %s:%zu: %s\n", argv[1], dg.line, dg.msg);
        return 1;
    }
    for (size_t i = 0; i < mct_docs_count(d); i++)
        bytes += mct_docs_lengths(d)[i] + 1;
    for (int a = 3; a < argc; a++) {
        int nt = atoi(argv[a]);
        double *t = calloc((size_t)reps, sizeof *t);
        size_t terms = 0, nnz = 0;
        for (int r = 0; r < reps; r++) {
            mct_vectorizer_opts o = mct_vectorizer_opts_default();
            mct_vectorizer *v = NULL;
            mct_csr *x = NULL;
            double t0;
            o.n_threads = nt;
            t0 = now();
            if (mct_vectorizer_new(&o, &v) ||
                mct_vectorizer_fit_transform(v, mct_docs_texts(d),
                                             mct_docs_lengths(d),
                                             mct_docs_count(d), &x, &dg)) {
                fprintf(stderr, "bench_tfidf: %s\n", dg.msg);
                return 1;
            }
            t[r] = now() - t0;
            terms = mct_vectorizer_n_terms(v);
            nnz = mct_csr_get(x).nnz;
            mct_csr_free(x);
            mct_vectorizer_free(v);
        }
        qsort(t, (size_t)reps, sizeof *t, dcmp);
        printf("libmctext,%d,%zu,%.3f,%.4f,%.2f,%zu,%zu\n", nt,
               mct_docs_count(d), (double)bytes / 1e6, t[reps / 2],
               (double)bytes / 1e6 / t[reps / 2], terms, nnz);
        fflush(stdout);
        free(t);
    }
    mct_docs_free(d);
    return 0;
}

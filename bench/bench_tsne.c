/*
 * bench_tsne.c - the t-SNE harness's C side (exact, Barnes-Hut, FFT).
 *
 *   bench_tsne pca MNIST.tsv N OUT.tsv
 *       the first N rows of MNIST reduced to 50 dimensions by libmctext's
 *       own PCA (the input every tool gets)
 *   bench_tsne mixture N SEED OUT.tsv LABELS
 *       N points of a mixture of 10 Gaussians in 50 dimensions (centres
 *       N(0, 1.5^2) per coordinate, unit spread; component i % 10 for
 *       point i), with their components as labels
 *   bench_tsne run IN50.tsv LABELS N bh|exact|fft|auto THREADS EMB.tsv
 *       t-SNE of the first N rows (perplexity 30, 1000 iterations,
 *       defaults otherwise); prints "seconds,peak_mb,kl" where seconds is
 *       the t-SNE alone and peak_mb the process's peak resident memory.
 *       With TSNE_ITER_LOG=FILE set, appends "iteration,seconds,cpu_s"
 *       every 50 iterations (wall and CPU time since iteration 50, the
 *       first report) to FILE. TSNE_PCA_DIMS=K reduces the input to K
 *       dimensions by PCA first.
 *   bench_tsne metrics IN50.tsv LABELS N EMB.tsv THREADS
 *       prints "kl,trust10,knn10" for any embedding: KL against the
 *       Barnes-Hut affinities of the input with Q exact (one yardstick
 *       for every tool), trustworthiness (k = 10) against the 50-dim
 *       input, and leave-one-out 10-NN accuracy in the embedding
 *   bench_tsne svd TEXT.txt OUT.tsv LABELS
 *       one text per line: TF-IDF (libmctext's defaults) and truncated
 *       SVD to 50 dimensions; LABELS gets a 0 per row (no classes)
 *   bench_tsne sample IN50.tsv LABELS N EMB.tsv THREADS [S]
 *       for maps too large for the metrics above: prints
 *       "kl,trust10,knn10" where KL and trustworthiness (k = 10) are
 *       those of a fixed sample of S points (default 10,000, drawn
 *       uniformly with a fixed seed; affinities within the sample) and
 *       the 10-NN accuracy is over all N points
 *   bench_tsne plot TSNE.csv OUT.svg
 *       wall time against N for every tool, log-log
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mctext.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The first n rows of d numbers of a dense text file. */
static double *read_rows(const char *path, size_t n, size_t d)
{
    double *x = NULL;
    size_t rows = 0, cols = 0;
    mct_diag dg;
    mct_status rc = mct_dense_read(path, &x, &rows, &cols, &dg);
    if (rc || rows < n || cols != d) {
        fprintf(stderr, "bench_tsne: %s:%zu: %s (%zu rows of %zu; want %zu of "
                "%zu)\n", path, dg.line, rc ? dg.msg : "wrong size", rows,
                cols, n, d);
        exit(1);
    }
    return x;
}

static int *read_labels(const char *path, size_t n)
{
    FILE *f = fopen(path, "r");
    int *l = malloc(n * sizeof *l);
    if (!f || !l)
        exit(1);
    for (size_t i = 0; i < n; i++)
        if (fscanf(f, "%d", &l[i]) != 1)
            exit(1);
    fclose(f);
    return l;
}

static double peak_mb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_maxrss / 1024.0;
}

static int cmd_pca(char **a)
{
    size_t n = (size_t)atol(a[3]);
    double *X = read_rows(a[2], n, 784), *Y = NULL;
    mct_pca_opts o = mct_pca_opts_default();
    mct_pca *p = NULL;
    FILE *f;
    o.n_components = 50;
    if (mct_pca_fit_dense(&o, X, n, 784, &p, &Y))
        return 1;
    f = fopen(a[4], "w");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < 50; j++)
            fprintf(f, "%.10g%c", Y[i * 50 + j], j == 49 ? '\n' : '\t');
    fclose(f);
    mct_pca_free(p);
    mct_free(Y);
    mct_free(X);
    return 0;
}

/* splitmix64 and Box-Muller: the mixture is the same on every machine. */
static uint64_t sm_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double sm_normal(uint64_t *s)
{
    double u = ((double)(sm_next(s) >> 11) + 1.0) / 9007199254740993.0;
    double v = (double)(sm_next(s) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static int cmd_mixture(char **a)
{
    size_t n = (size_t)atol(a[2]);
    uint64_t s = (uint64_t)atoll(a[3]);
    double c[10][50];
    FILE *f = fopen(a[4], "w"), *l = fopen(a[5], "w");
    if (!f || !l)
        return 1;
    for (int k = 0; k < 10; k++)
        for (int j = 0; j < 50; j++)
            c[k][j] = 1.5 * sm_normal(&s);
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < 50; j++)
            fprintf(f, "%.6g%c", c[i % 10][j] + sm_normal(&s),
                    j == 49 ? '\n' : '\t');
        fprintf(l, "%zu\n", i % 10);
    }
    return fclose(f) || fclose(l);
}

static double cpu_now(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec * 1e-6 +
           (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec * 1e-6;
}

typedef struct iter_log {
    FILE *f;
    double t0, c0;
} iter_log;

static bool log_iter(void *user, const char *stage, size_t done,
                     size_t total, double value)
{
    iter_log *g = user;
    (void)total;
    (void)value;
    if (!strcmp(stage, "optimise")) {
        if (g->t0 == 0) {
            g->t0 = now();
            g->c0 = cpu_now();
        }
        fprintf(g->f, "%zu,%.4f,%.4f\n", done, now() - g->t0,
                cpu_now() - g->c0);
        fflush(g->f);
    }
    return true;
}

static int cmd_run(char **a)
{
    size_t n = (size_t)atol(a[4]), m;
    double *X = read_rows(a[2], n, 50), t0, t1, kl;
    mct_tsne_opts o = mct_tsne_opts_default();
    mct_tsne *t = NULL;
    mct_diag dg;
    const double *Y;
    int dims;
    FILE *f;
    iter_log g = {NULL, 0, 0};
    o.method = !strcmp(a[5], "exact") ? MCT_TSNE_EXACT
               : !strcmp(a[5], "fft") ? MCT_TSNE_FFT
               : !strcmp(a[5], "bh")  ? MCT_TSNE_BH
                                      : MCT_TSNE_AUTO;
    o.n_threads = atoi(a[6]);
    if (getenv("TSNE_ITER_LOG") && (g.f = fopen(getenv("TSNE_ITER_LOG"), "a"))) {
        o.progress = log_iter;
        o.progress_user = &g;
        o.progress_kl = false; /* the log has no KL: do not pay for one */
    }
    o.pca_dims = 0; /* the input is already 50-dimensional */
    /* TSNE_PCA_DIMS=k: reduce to k first (for timing the optimisation on
     * sizes where the exact 50-D neighbour search would take hours). */
    if (getenv("TSNE_PCA_DIMS"))
        o.pca_dims = (size_t)atol(getenv("TSNE_PCA_DIMS"));
    t0 = now();
    if (mct_tsne_new(&o, &t) || mct_tsne_fit_dense(t, X, n, 50, &dg)) {
        fprintf(stderr, "bench_tsne: %s\n", dg.msg);
        return 1;
    }
    t1 = now();
    Y = mct_tsne_embedding(t, &m, &dims);
    kl = mct_tsne_kl(t, NULL);
    printf("%.3f,%.1f,%.4f\n", t1 - t0, peak_mb(), kl);
    f = fopen(a[7], "w");
    for (size_t i = 0; i < m; i++)
        fprintf(f, "%.9g\t%.9g\n", Y[2 * i], Y[2 * i + 1]);
    fclose(f);
    mct_tsne_free(t);
    mct_free(X);
    if (g.f)
        fclose(g.f);
    return 0;
}

static int cmd_metrics(char **a)
{
    size_t n = (size_t)atol(a[4]);
    int nt = atoi(a[6]);
    double *X = read_rows(a[2], n, 50), *Y = read_rows(a[5], n, 2);
    int *lab = read_labels(a[3], n);
    double kl, tw, acc;
    mct_metrics_opts mo = mct_metrics_opts_default(); /* k 10, perplexity 30 */
    mo.n_threads = nt;
    if (mct_kl_divergence(X, n, 50, Y, 2, &mo, &kl) ||
        mct_trustworthiness(X, n, 50, Y, 2, &mo, &tw) ||
        mct_knn_accuracy(Y, n, 2, lab, &mo, &acc))
        return 1;
    printf("%.4f,%.4f,%.4f\n", kl, tw, acc);
    mct_free(X);
    mct_free(Y);
    free(lab);
    return 0;
}

static int cmd_svd(char **a)
{
    mct_docs *d = NULL;
    mct_vectorizer_opts vo = mct_vectorizer_opts_default();
    mct_pca_opts po = mct_pca_opts_default();
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_pca *p = NULL;
    double *Y = NULL;
    mct_diag dg;
    size_t n, k;
    FILE *f, *l;
    po.n_components = 50;
    if (mct_docs_new(&d) || mct_docs_read_lines(d, a[2], NULL, &dg) ||
        mct_vectorizer_new(&vo, &v) ||
        mct_vectorizer_fit_transform(v, mct_docs_texts(d), mct_docs_lengths(d),
                                     mct_docs_count(d), &x, &dg) ||
        mct_pca_fit_csr(&po, x, &p, &Y)) {
        fprintf(stderr, "bench_tsne: svd of %s failed\n", a[2]);
        return 1;
    }
    n = mct_docs_count(d);
    k = mct_pca_n_components(p);
    if (!(f = fopen(a[3], "w")) || !(l = fopen(a[4], "w")))
        return 1;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++)
            fprintf(f, "%.8g%c", Y[i * k + j], j + 1 == k ? '\n' : '\t');
        fputs("0\n", l);
    }
    mct_free(Y);
    mct_pca_free(p);
    mct_csr_free(x);
    mct_vectorizer_free(v);
    mct_docs_free(d);
    return fclose(f) || fclose(l);
}

static int cmd_sample(int argc, char **a)
{
    size_t n = (size_t)atol(a[4]), s = argc > 7 ? (size_t)atol(a[7]) : 10000;
    int nt = atoi(a[6]);
    double *X = read_rows(a[2], n, 50), *Y = read_rows(a[5], n, 2);
    int *lab = read_labels(a[3], n);
    double *Xs, *Ys, kl, tw, acc;
    uint64_t seed = 20261202;
    if (s > n)
        s = n;
    Xs = malloc(s * 50 * sizeof *Xs);
    Ys = malloc(s * 2 * sizeof *Ys);
    /* A uniform sample of s rows in input order (selection sampling, a
     * fixed seed). Every (n/s)-th row, as before, picked one class only
     * when the classes repeat with a period dividing n/s: the mixture's
     * point i is in component i % 10, so the sample of 10^6 points was
     * all component 0, and its trustworthiness (0.56) measured the
     * shape inside one Gaussian. */
    for (size_t r = 0, i = 0; r < n && i < s; r++) {
        double u = (double)(sm_next(&seed) >> 11) / 9007199254740992.0;
        if (u * (double)(n - r) >= (double)(s - i))
            continue;
        memcpy(Xs + i * 50, X + r * 50, 50 * sizeof *X);
        memcpy(Ys + i * 2, Y + r * 2, 2 * sizeof *Y);
        i++;
    }
    mct_metrics_opts mo = mct_metrics_opts_default(); /* k 10, perplexity 30 */
    mo.n_threads = nt;
    if (mct_kl_divergence(Xs, s, 50, Ys, 2, &mo, &kl) ||
        mct_trustworthiness(Xs, s, 50, Ys, 2, &mo, &tw) ||
        mct_knn_accuracy(Y, n, 2, lab, &mo, &acc))
        return 1;
    printf("%.4f,%.4f,%.4f\n", kl, tw, acc);
    mct_free(X);
    mct_free(Y);
    free(Xs);
    free(Ys);
    free(lab);
    return 0;
}

/* ---- plot: seconds against n, one line per tool and method ------------ */

typedef struct series {
    char name[64];
    double n[8], s[8];
    int k;
} series;

static int cmd_plot(char **a)
{
    FILE *f = fopen(a[2], "r"), *o;
    char line[512];
    series ser[16];
    int ns = 0;
    double xmin = 1e300, xmax = 0, ymin = 1e300, ymax = 0;
    const char *col[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                         "#59a14f", "#b07aa1", "#9c755f", "#edc948"};
    if (!f)
        return 1;
    if (!fgets(line, sizeof line, f)) /* header */
        return 1;
    while (fgets(line, sizeof line, f)) {
        char tool[32], method[16];
        double n, th, s;
        int k;
        if (sscanf(line, "%31[^,],%15[^,],%lf,%lf,%lf", tool, method, &n, &th,
                   &s) != 5 || !(s > 0))
            continue;
        for (k = 0; k < ns; k++)
            if (!strncmp(ser[k].name, tool, strlen(tool)) &&
                strstr(ser[k].name, method))
                break;
        if (k == ns) {
            if (ns == 16)
                continue;
            snprintf(ser[ns].name, sizeof ser[ns].name, "%s %s", tool, method);
            ser[ns].k = 0;
            ns++;
        }
        if (ser[k].k < 8) {
            ser[k].n[ser[k].k] = n;
            ser[k].s[ser[k].k] = s;
            ser[k].k++;
        }
        if (n < xmin) xmin = n;
        if (n > xmax) xmax = n;
        if (s < ymin) ymin = s;
        if (s > ymax) ymax = s;
    }
    fclose(f);
    if (!ns)
        return 1;
    o = fopen(a[3], "w");
    fprintf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" "
               "height=\"460\" font-family=\"sans-serif\" font-size=\"12\">\n"
               "<rect width=\"720\" height=\"460\" fill=\"#fff\"/>\n"
               "<text x=\"60\" y=\"24\" font-size=\"15\">%s</text>\n",
            getenv("PLOT_TITLE") ? getenv("PLOT_TITLE")
                                 : "t-SNE wall time on MNIST (50 PCs), log-log");
    {
        double lx0 = log10(xmin), lx1 = log10(xmax), ly0 = floor(log10(ymin)),
               ly1 = ceil(log10(ymax));
        double X0 = 60, X1 = 520, Y0 = 420, Y1 = 40;
        if (lx1 <= lx0) lx1 = lx0 + 1;
        if (ly1 <= ly0) ly1 = ly0 + 1;
        fprintf(o, "<path d=\"M%g %gH%gM%g %gV%g\" stroke=\"#333\"/>\n", X0,
                Y0, X1, X0, Y0, Y1);
        for (double e = ly0; e <= ly1; e++) {
            double y = Y0 - (e - ly0) / (ly1 - ly0) * (Y0 - Y1);
            fprintf(o, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%g s"
                       "</text><path d=\"M%g %gH%g\" stroke=\"#ddd\"/>\n",
                    X0 - 5, y + 4, pow(10, e), X0, y, X1);
        }
        for (int i = 0; i < ser[0].k; i++) {
            double x = X0 + (log10(ser[0].n[i]) - lx0) / (lx1 - lx0) * (X1 - X0);
            fprintf(o, "<text x=\"%g\" y=\"%g\" text-anchor=\"middle\">%g"
                       "</text>\n", x, Y0 + 16, ser[0].n[i]);
        }
        for (int k = 0; k < ns; k++) {
            fprintf(o, "<polyline fill=\"none\" stroke-width=\"2\" "
                       "stroke=\"%s\" points=\"", col[k % 8]);
            for (int i = 0; i < ser[k].k; i++)
                fprintf(o, "%.1f,%.1f ",
                        X0 + (log10(ser[k].n[i]) - lx0) / (lx1 - lx0) * (X1 - X0),
                        Y0 - (log10(ser[k].s[i]) - ly0) / (ly1 - ly0) * (Y0 - Y1));
            fprintf(o, "\"/>\n<text x=\"535\" y=\"%d\" fill=\"%s\">%s</text>\n",
                    60 + 18 * k, col[k % 8], ser[k].name);
        }
    }
    fputs("</svg>\n", o);
    fclose(o);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "pca"))
        return cmd_pca(argv);
    if (argc == 6 && !strcmp(argv[1], "mixture"))
        return cmd_mixture(argv);
    if (argc == 8 && !strcmp(argv[1], "run"))
        return cmd_run(argv);
    if (argc == 7 && !strcmp(argv[1], "metrics"))
        return cmd_metrics(argv);
    if (argc == 5 && !strcmp(argv[1], "svd"))
        return cmd_svd(argv);
    if ((argc == 7 || argc == 8) && !strcmp(argv[1], "sample"))
        return cmd_sample(argc, argv);
    if (argc == 4 && !strcmp(argv[1], "plot"))
        return cmd_plot(argv);
    fprintf(stderr, "usage: see the comment at the top of bench_tsne.c\n");
    return 2;
}

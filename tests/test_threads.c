/*
 * test_threads.c - thread safety as mct_common.h states it: different
 * handles may be used at once from different threads. Each kind of work
 * (records parse, de-duplication, screening, vectorizer, k-means,
 * themes, t-SNE, kNN) runs in two pthreads at once on its own handles, and
 * its result must equal, byte for byte, the same work run alone.
 * Networks and concept maps are documented as not to be run in two
 * threads at once (igraph's process-wide state) and are left out.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mctext.h"
#include "tap.h"

static const char corpus[] =
    "{\"id\":\"1\",\"title\":\"Open badges for learning\",\"authors\":"
    "[\"Aguiar, L\"],\"year\":2020,\"doi\":\"10.1/a\",\"keywords\":"
    "[\"open badges\",\"microcredentials\"],\"abstract\":\"Open badges "
    "recognise learning. Badges certify skills of learners.\"}\n"
    "{\"id\":\"2\",\"title\":\"Open Badges for Learning\",\"year\":2020,"
    "\"doi\":\"https://doi.org/10.1/A\",\"keywords\":[\"badges\"]}\n"
    "{\"id\":\"3\",\"title\":\"Micro-credentials in higher education\","
    "\"authors\":[\"Brown, K\"],\"year\":2021,\"abstract\":"
    "\"Micro-credentials certify skills of learners at universities.\"}\n"
    "{\"id\":\"4\",\"title\":\"Micro credentials in higher education\","
    "\"year\":2021}\n"
    "{\"id\":\"5\",\"title\":\"Digital badges and employers\",\"authors\":"
    "[\"Carr, J\"],\"year\":2019,\"abstract\":\"Employers read digital "
    "badges that show skills.\"}\n"
    "{\"id\":\"6\",\"title\":\"Learning analytics of badges\",\"year\":"
    "2018,\"abstract\":\"Learning analytics count badges and skills.\"}\n"
    "{\"id\":\"7\",\"title\":\"Blockchain credentials for universities\","
    "\"year\":2022,\"abstract\":\"Blockchain stores credentials of "
    "universities and learners.\"}\n"
    "{\"id\":\"8\",\"title\":\"Stackable credentials and skills\",\"year\":"
    "2023,\"abstract\":\"Stackable credentials add skills to degrees.\"}\n";

/* Each job writes what it computed into a buffer, to compare. */
typedef struct out {
    char buf[65536];
    size_t len;
    mct_status rc;
} out;

static void put(out *o, const void *p, size_t n)
{
    if (o->len + n <= sizeof o->buf) {
        memcpy(o->buf + o->len, p, n);
        o->len += n;
    }
}

static mct_records *parsed(mct_status *rc)
{
    mct_records *r = NULL;
    if (!(*rc = mct_records_new(&r)))
        *rc = mct_records_parse(r, corpus, strlen(corpus), "c",
                                MCT_FORMAT_AUTO, NULL, NULL);
    return r;
}

static void put_records(out *o, const mct_records *r)
{
    for (size_t i = 0; i < mct_records_count(r); i++) {
        const mct_record *x = mct_records_get(r, i);
        put(o, x->title, strlen(x->title) + 1);
        put(o, x->doi, strlen(x->doi) + 1);
        put(o, &x->year, sizeof x->year);
    }
}

static void job_records(out *o)
{
    mct_records *r = parsed(&o->rc);
    put_records(o, r);
    mct_records_free(r);
}

static void job_screen(out *o)
{
    mct_records *r = parsed(&o->rc);
    mct_screening *s = NULL;
    mct_screen_opts so = mct_screen_opts_default();
    mct_prisma p;
    so.query = "TITLE(badge* OR credential*)";
    if (!o->rc && !(o->rc = mct_screening_new(&so, &s)) &&
        !(o->rc = mct_screening_fit(s, r, NULL)) &&
        !(o->rc = mct_screening_prisma(s, &p))) {
        put(o, &p, sizeof p);
        put_records(o, mct_screening_included(s));
    }
    mct_screening_free(s);
    mct_records_free(r);
}

static void put_csr(out *o, const mct_csr *x)
{
    mct_csr_view m = mct_csr_get(x);
    put(o, m.indptr, (m.n_rows + 1) * sizeof *m.indptr);
    put(o, m.indices, m.nnz * sizeof *m.indices);
    put(o, m.data, m.nnz * sizeof *m.data);
}

/* One set read by both threads at once: the kept and included records
 * of their screenings and de-duplications take their strings from it. */
static const mct_records *shared;

static void job_shared(out *o)
{
    mct_screening *s = NULL;
    mct_dedup *d = NULL;
    mct_prisma p;
    if (!(o->rc = mct_dedup_run(NULL, shared, &d)) &&
        !(o->rc = mct_screening_new(NULL, &s)) &&
        !(o->rc = mct_screening_fit(s, shared, NULL)) &&
        !(o->rc = mct_screening_prisma(s, &p))) {
        put(o, &p, sizeof p);
        put_records(o, mct_dedup_kept(d));
        put_records(o, mct_screening_included(s));
    }
    mct_screening_free(s);
    /* The kept records outlive the set they came from. */
    mct_dedup_free(d);
}

static void job_tfidf_kmeans(out *o)
{
    mct_records *r = parsed(&o->rc);
    mct_docs *d = NULL;
    mct_vectorizer *v = NULL;
    mct_csr *x = NULL;
    mct_kmeans *km = NULL;
    mct_vectorizer_opts vo = mct_vectorizer_opts_default();
    mct_kmeans_opts ko = mct_kmeans_opts_default();
    vo.n_threads = 2;
    ko.k = 3;
    ko.n_threads = 2;
    if (!o->rc && !(o->rc = mct_docs_new(&d)) &&
        !(o->rc = mct_records_to_docs(r, MCT_FIELD_ALL, d)) &&
        !(o->rc = mct_vectorizer_new(&vo, &v)) &&
        !(o->rc = mct_vectorizer_fit_transform(
              v, mct_docs_texts(d), mct_docs_lengths(d), mct_docs_count(d),
              &x, NULL)) &&
        !(o->rc = mct_kmeans_fit_csr(&ko, x, NULL, &km))) {
        size_t n;
        const int *lab = mct_kmeans_labels(km, &n);
        put_csr(o, x);
        put(o, lab, n * sizeof *lab);
    }
    mct_kmeans_free(km);
    mct_csr_free(x);
    mct_vectorizer_free(v);
    mct_docs_free(d);
    mct_records_free(r);
}

static void job_themes(out *o)
{
    mct_records *r = parsed(&o->rc);
    mct_themes *t = NULL;
    mct_themes_opts to = mct_themes_opts_default();
    to.k = 2;
    to.n_threads = 2;
    if (!o->rc && !(o->rc = mct_themes_new(&to, &t)) &&
        !(o->rc = mct_themes_fit(t, r, NULL, NULL))) {
        size_t n;
        const int *lab = mct_themes_labels(t, &n);
        put(o, lab, n * sizeof *lab);
    }
    mct_themes_free(t);
    mct_records_free(r);
}

static void job_tsne(out *o)
{
    enum { N = 60, D = 5 };
    double X[N * D];
    const double *Y;
    size_t n;
    int dims;
    mct_tsne_opts so = mct_tsne_opts_default();
    mct_tsne *t = NULL;
    for (int i = 0; i < N * D; i++)
        X[i] = (double)((i * 7919) % 101) / 101.0 + (i / D) % 3;
    so.perplexity = 10;
    so.n_iter = 250;
    so.seed = 7;
    so.n_threads = 2;
    if (!(o->rc = mct_tsne_new(&so, &t)) &&
        !(o->rc = mct_tsne_fit_dense(t, X, N, D, NULL)) &&
        (Y = mct_tsne_embedding(t, &n, &dims)))
        put(o, Y, n * (size_t)dims * sizeof *Y);
    mct_tsne_free(t);
}

/* Points for kNN: own index per thread, and one index shared by both
 * threads' queries (documented as safe: a query only reads it). */
enum { KN = 200, KD = 4, KK = 5 };
static double kx[KN * KD];
static const mct_knn *shared_knn;

static void job_knn(out *o)
{
    static _Thread_local uint32_t idx[KN * KK];
    static _Thread_local double dist[KN * KK];
    mct_knn *ix = NULL;
    mct_knn_opts ko = mct_knn_opts_default();
    ko.seed = 3;
    ko.n_threads = 2;
    if (!(o->rc = mct_knn_new(kx, KN, KD, &ko, &ix)) &&
        !(o->rc = mct_knn_query_self(ix, KK, idx, dist))) {
        put(o, idx, sizeof idx);
        put(o, dist, sizeof dist);
        if (!(o->rc = mct_knn_query(shared_knn, kx, KN, KK, idx, dist))) {
            put(o, idx, sizeof idx);
            put(o, dist, sizeof dist);
        }
    }
    mct_knn_free(ix);
}

typedef struct job {
    const char *name;
    void (*run)(out *o);
} job;

static const job jobs[] = {
    {"records parse", job_records},
    {"screening (dedup, query)", job_screen},
    {"dedup and screening of one shared set", job_shared},
    {"vectorizer and k-means", job_tfidf_kmeans},
    {"themes", job_themes},
    {"t-SNE", job_tsne},
    {"kNN: own index, and queries on one shared index", job_knn},
};

typedef struct arg {
    const job *j;
    out o;
} arg;

static void *thread_main(void *p)
{
    arg *a = p;
    a->j->run(&a->o);
    return NULL;
}

int main(void)
{
    mct_status rc;
    mct_records *r = parsed(&rc);
    mct_knn *kidx = NULL;
    shared = r;
    for (int i = 0; i < KN * KD; i++)
        kx[i] = (double)((i * 7919 + 13) % 211) / 211.0;
    mct_knn_opts ko = mct_knn_opts_default();
    ko.seed = 5;
    ko.n_threads = 2;
    if (mct_knn_new(kx, KN, KD, &ko, &kidx))
        return 1;
    shared_knn = kidx;
    for (size_t k = 0; k < sizeof jobs / sizeof *jobs; k++) {
        static arg serial, a[2];
        pthread_t th[2];
        bool same = true, started = true;
        memset(&serial, 0, sizeof serial);
        serial.j = &jobs[k];
        thread_main(&serial);
        for (int i = 0; i < 2; i++) {
            memset(&a[i], 0, sizeof a[i]);
            a[i].j = &jobs[k];
        }
        for (int i = 0; i < 2; i++)
            started &= pthread_create(&th[i], NULL, thread_main, &a[i]) == 0;
        for (int i = 0; i < 2; i++)
            pthread_join(th[i], NULL);
        for (int i = 0; i < 2; i++)
            same &= a[i].o.rc == serial.o.rc && a[i].o.len == serial.o.len &&
                    !memcmp(a[i].o.buf, serial.o.buf, serial.o.len);
        OK(started && serial.o.rc == MCT_OK && serial.o.len > 0 && same,
           "%s: two threads at once, each as serial (%zu bytes): %s",
           jobs[k].name, serial.o.len, mct_strerror(serial.o.rc));
    }
    mct_records_free(r);
    mct_knn_free(kidx);
    {
        /* Derived sets share the pool of the set they came from, and keep
         * it alive: the kept records are read after their input is freed
         * (the sanitizer and valgrind see any use after free). */
        mct_records *in = parsed(&rc);
        mct_dedup *d = NULL;
        const mct_records *k;
        bool ok = !rc && !mct_dedup_run(NULL, in, &d);
        mct_records_free(in);
        k = mct_dedup_kept(d);
        ok = ok && mct_records_count(k) == 6 &&
             !strcmp(mct_records_get(k, 0)->title, "Open badges for learning");
        mct_dedup_free(d);
        OK(ok, "kept records outlive the set they came from");
    }
    return tap_done();
}

/*
 * test_core.c - the small pieces every module leans on: versions and
 * dependencies, thread counts, status names, sparse matrices made by hand
 * and through Matrix Market, enum names both ways, records written as
 * JSON Lines and read back (no year stays no year), thesaurus pairs,
 * the vectorizer's vocabulary file, format detection, and whole files
 * held in memory (mct_file).
 */
#include <math.h>
#include <unistd.h>

#include "mctext.h"
#include "tap.h"

static void test_versions(void)
{
    mct_dependency dep[16];
    size_t n = mct_dependencies(dep, 16);
    bool blas = false;
    OK(!strcmp(mct_version(), MCT_VERSION_STRING) &&
           mct_version_number() == MCT_VERSION_NUMBER,
       "header and library agree: %s", mct_version());
    for (size_t i = 0; i < n && i < 16; i++)
        blas |= !strcmp(dep[i].name, "OpenBLAS") && dep[i].version[0];
    OK(n >= 6 && blas, "%zu dependencies with their versions", n);
    OK(mct_threads_resolve(3) == 3 && mct_threads_resolve(0) >= 1,
       "thread counts: as asked, or every processor");
    OK(!strcmp(mct_status_name(MCT_EPARSE), "MCT_EPARSE") &&
           strstr(mct_strerror(MCT_ENOMEM), "memory"),
       "status names and sentences");
}

static void test_csr(void)
{
    size_t ptr[4] = {0, 2, 2, 3};
    uint32_t ix[3] = {0, 2, 1};
    double v[3] = {1.5, -2, 0.25};
    mct_csr *m = NULL, *back = NULL;
    mct_csr_view w;
    char path[] = "/tmp/mct-core-XXXXXX";
    int fd = mkstemp(path);
    OK(mct_csr_new(3, 3, ptr, ix, v, &m) == MCT_OK, "a 3 x 3 matrix by hand");
    w = mct_csr_get(m);
    OK(w.n_rows == 3 && w.nnz == 3 && w.indptr[3] == 3 && w.data[1] == -2,
       "its arrays are the ones given");
    OK(fd >= 0 && mct_csr_write_mtx(m, path, "made by test_core", NULL) ==
                      MCT_OK &&
           mct_csr_read_mtx(path, &back, NULL) == MCT_OK,
       "written as Matrix Market and read back");
    w = mct_csr_get(back);
    OK(w.n_rows == 3 && w.n_cols == 3 && w.nnz == 3 && w.data[0] == 1.5 &&
           w.data[2] == 0.25 && w.indices[2] == 1,
       "the same entries, exactly");
    ix[1] = 7;
    mct_csr_free(back); /* (the failed call below sets it to NULL) */
    OK(mct_csr_new(3, 3, ptr, ix, v, &back) == MCT_EINVAL,
       "a column index out of range is refused");
    mct_csr_free(m);
    mct_csr_free(back);
    back = NULL;
    if (fd >= 0) {
        FILE *f = fopen(path, "w");
        mct_diag d;
        fputs("%%MatrixMarket matrix coordinate real general\n"
              "2 2 3\n2 1 1\n1 2 0.5\n2 1 2\n", f);
        fclose(f);
        w.nnz = 0;
        if (mct_csr_read_mtx(path, &back, NULL) == MCT_OK)
            w = mct_csr_get(back);
        OK(w.nnz == 2 && w.indptr[1] == 1 && w.data[0] == 0.5 &&
               w.data[1] == 3,
           "entries out of order are sorted and duplicates summed");
        mct_csr_free(back);
        f = fopen(path, "w");
        fputs("%%MatrixMarket matrix coordinate real general\n"
              "1000000 1000000 1000000000000\n1 1 1\n", f);
        fclose(f);
        OK(mct_csr_read_mtx(path, &back, &d) == MCT_EPARSE && d.line == 2,
           "a size line asking for more entries than the file holds: %s",
           d.msg);
        close(fd);
        unlink(path);
    }
}

static void test_names(void)
{
    mct_net_norm nn;
    mct_field f;
    mct_format fm;
    OK(!mct_net_norm_parse("cosine", &nn) && nn == MCT_NET_NORM_COSINE &&
           !strcmp(mct_net_norm_name(nn), "cosine") &&
           mct_net_norm_parse("pearson", &nn) == MCT_ENOTFOUND,
       "network norms by name");
    OK(!mct_field_parse("abstract", &f) && f == MCT_FIELD_ABSTRACT &&
           mct_field_parse("body", &f) == MCT_ENOTFOUND,
       "record fields by name");
    OK(!mct_format_parse("bibtex", &fm) && fm == MCT_FORMAT_BIBTEX &&
           !strcmp(mct_format_name(MCT_FORMAT_WOS_TEXT), "wos-text"),
       "formats by name");
    OK(mct_dup_rule_name(MCT_DUP_RULE_DOI)[0] &&
           mct_decision_name(MCT_DECISION_MERGE)[0],
       "duplicate rules and decisions have names (%s, %s)",
       mct_dup_rule_name(MCT_DUP_RULE_DOI),
       mct_decision_name(MCT_DECISION_MERGE));
    OK(mct_docs_opts_default().max_line_bytes == 1 << 20,
       "documents: lines up to 1 MiB by default");
}

static void test_jsonl_round_trip(void)
{
    mct_records *r = NULL, *back = NULL;
    mct_record x;
    const char *kw[] = {"digital badges", "blockchain"};
    char path[] = "/tmp/mct-core-XXXXXX";
    int fd = mkstemp(path);
    const mct_record *y;
    memset(&x, 0, sizeof x);
    x.id = "a1";
    x.title = "A title without a year";
    x.keywords = kw;
    x.n_keywords = 2;
    x.cited_by = -1;
    mct_records_new(&r);
    mct_records_add(r, &x);
    OK(fd >= 0 && mct_records_write_jsonl(r, path, NULL) == MCT_OK,
       "records written as JSON Lines");
    mct_records_new(&back);
    OK(mct_records_read(back, path, MCT_FORMAT_AUTO, NULL, NULL) == MCT_OK &&
           mct_records_count(back) == 1,
       "and read back");
    y = mct_records_get(back, 0);
    OK(y && y->year == 0 && y->cited_by == -1 && y->n_keywords == 2 &&
           !strcmp(y->keywords[1], "blockchain") && !strcmp(y->id, "a1"),
       "no year stays no year (null, never 0), keywords intact");
    OK(mct_records_detect("TY  - JOUR\nTI  - x\nER  - \n", 25) ==
           MCT_FORMAT_RIS,
       "RIS detected from its content");
    mct_records_free(r);
    mct_records_free(back);
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
}

static void test_vocab(void)
{
    const char *t[] = {"digital badges", "badges and blockchain"};
    size_t len[] = {14, 21};
    mct_vectorizer *v = NULL;
    mct_csr *X = NULL;
    mct_thesaurus *th = NULL;
    const char *a, *b;
    char path[] = "/tmp/mct-core-XXXXXX", line[256];
    int fd = mkstemp(path);
    FILE *f;
    mct_vectorizer_new(NULL, &v);
    OK(mct_vectorizer_write_vocab(v, path, NULL) == MCT_ESTATE,
       "no vocabulary before a fit");
    mct_vectorizer_fit_transform(v, t, len, 2, &X, NULL);
    OK(mct_vectorizer_n_docs(v) == 2 &&
           mct_vectorizer_write_vocab(v, path, NULL) == MCT_OK,
       "the vocabulary of 2 texts written");
    f = fopen(path, "r");
    OK(f && fgets(line, sizeof line, f) && !strncmp(line, "term\t", 5),
       "with its header: %s", f ? line : "");
    if (f)
        fclose(f);
    mct_thesaurus_new(&th);
    mct_thesaurus_add(th, "open badges", "badges");
    OK(mct_thesaurus_count(th) == 1 && !mct_thesaurus_get(th, 0, &a, &b) &&
           !strcmp(a, "open badges") && !strcmp(b, "badges") &&
           mct_thesaurus_get(th, 1, &a, &b) == MCT_EINVAL,
       "thesaurus pairs in insertion order");
    mct_thesaurus_free(th);
    mct_csr_free(X);
    mct_vectorizer_free(v);
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
}

/* One file of `size` bytes of 'x' through mct_file: the same bytes,
 * then a NUL. */
static bool file_round_trip(size_t size)
{
    char path[] = "/tmp/mct-core-XXXXXX";
    int fd = mkstemp(path);
    mct_file *f = NULL;
    bool ok = fd >= 0;
    const char *d;
    for (size_t i = 0; ok && i < size; i++)
        ok = write(fd, "x", 1) == 1;
    if (fd >= 0)
        close(fd);
    ok = ok && mct_file_open(path, &f, NULL) == MCT_OK &&
         mct_file_size(f) == size;
    d = mct_file_data(f);
    for (size_t i = 0; ok && i < size; i++)
        ok = d[i] == 'x';
    ok = ok && d[size] == '\0';
    mct_file_free(f);
    unlink(path);
    return ok;
}

static void test_file(void)
{
    mct_file *f = NULL;
    mct_diag dg;
    size_t sizes[] = {0, 1, 4095, 4096, 4097, 70000};
    bool all = true;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        all = file_round_trip(sizes[i]) && all;
    OK(all, "mct_file: files of 0, 1, 4095, 4096, 4097 and 70000 bytes "
            "read whole, each followed by a NUL (also on a page boundary)");
    OK(mct_file_open("/nonexistent/mct-file", &f, &dg) == MCT_ENOTFOUND &&
           !f && strstr(dg.msg, "cannot open"),
       "a missing file: MCT_ENOTFOUND, \"%s\"", dg.msg);
    OK(mct_file_open("/tmp", &f, &dg) == MCT_EIO && !f &&
           strstr(dg.msg, "directory"),
       "a directory: MCT_EIO, \"%s\"", dg.msg);
    OK(mct_file_open(NULL, &f, NULL) == MCT_EINVAL &&
           mct_file_size(NULL) == 0 && !*mct_file_data(NULL),
       "NULL arguments");
    mct_file_free(NULL);
}

int main(void)
{
    test_versions();
    test_csr();
    test_names();
    test_jsonl_round_trip();
    test_vocab();
    test_file();
    return tap_done();
}

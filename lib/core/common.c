/*
 * common.c - status codes, version, diagnostics, thread counts and the
 * allocation hook every module goes through.
 */
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE */
#include <cjson/cJSON.h>
#include <csv.h>
#include <igraph/igraph_version.h>
#include <lapacke.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <utf8proc.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "internal.h"

const char *mct_strerror(mct_status rc)
{
    switch (rc) {
#define MCT__STATUS_TEXT(name, num, text) \
    case MCT_##name:                      \
        return text;
        MCT_STATUS_MAP(MCT__STATUS_TEXT)
#undef MCT__STATUS_TEXT
    }
    return "unknown status";
}

const char *mct_status_name(mct_status rc)
{
    switch (rc) {
#define MCT__STATUS_NAME(name, num, text) \
    case MCT_##name:                      \
        return "MCT_" #name;
        MCT_STATUS_MAP(MCT__STATUS_NAME)
#undef MCT__STATUS_NAME
    }
    return "MCT_UNKNOWN";
}

const char *mct_version(void) { return MCT_VERSION_STRING; }

int mct_version_number(void) { return MCT_VERSION_NUMBER; }

/* OpenBLAS's own query; declared here because <cblas.h> may be another
 * BLAS's header (Debian's alternatives). Weak, so that libmctext links
 * against another BLAS too (the version is then "unknown"). */
extern char *openblas_get_config(void) __attribute__((weak));

size_t mct_dependencies(mct_dependency *out, size_t max)
{
    enum { N = 8 };
    mct_dependency d[N];
    size_t n = 0;
    memset(d, 0, sizeof d);
    {
        /* "OpenBLAS 0.3.21 DYNAMIC_ARCH ... Haswell ...": the version
         * only, since the rest names this machine's CPU. */
        const char *c = openblas_get_config ? openblas_get_config() : NULL;
        const char *v = c ? strchr(c, ' ') : NULL;
        d[n].name = "OpenBLAS";
        snprintf(d[n].version, sizeof d[n].version, "%.*s",
                 v ? (int)strcspn(v + 1, " ") : 7, v ? v + 1 : "unknown");
        n++;
    }
    {
        lapack_int a = 0, b = 0, c = 0;
        LAPACKE_ilaver(&a, &b, &c);
        d[n].name = "LAPACK";
        snprintf(d[n].version, sizeof d[n].version, "%d.%d.%d", (int)a,
                 (int)b, (int)c);
        n++;
    }
    {
        /* libstemmer has no version query: name what it offers. */
        const char **l = sb_stemmer_list();
        size_t k = 0;
        while (l && l[k])
            k++;
        d[n].name = "Snowball libstemmer";
        snprintf(d[n].version, sizeof d[n].version, "%zu algorithms", k);
        n++;
    }
    d[n].name = "cJSON";
    snprintf(d[n].version, sizeof d[n].version, "%s", cJSON_Version());
    n++;
    d[n].name = "utf8proc";
    snprintf(d[n].version, sizeof d[n].version, "%s (Unicode %s)",
             utf8proc_version(), utf8proc_unicode_version());
    n++;
    {
        const char *v = NULL;
        igraph_version(&v, NULL, NULL, NULL);
        d[n].name = "igraph";
        snprintf(d[n].version, sizeof d[n].version, "%s", v ? v : "unknown");
        n++;
    }
    d[n].name = "libcsv";
    snprintf(d[n].version, sizeof d[n].version, "%d.%d.%d (build)", CSV_MAJOR,
             CSV_MINOR, CSV_RELEASE);
    n++;
    d[n].name = "OpenMP";
#ifdef _OPENMP
    snprintf(d[n].version, sizeof d[n].version, "%d (build)", _OPENMP);
#else
    snprintf(d[n].version, sizeof d[n].version, "off");
#endif
    n++;
    for (size_t i = 0; i < n && i < max; i++)
        out[i] = d[i];
    return n;
}

void mct_diag_clear(mct_diag *d)
{
    if (!d)
        return;
    d->line = 0;
    d->column = 0;
    d->msg[0] = '\0';
}

void mct__diag(mct_diag *d, size_t line, size_t column, const char *fmt, ...)
{
    va_list ap;
    if (!d)
        return;
    d->line = line;
    d->column = column;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
}

int mct_threads_resolve(int n)
{
#ifdef _OPENMP
    int procs = omp_get_num_procs();
#else
    int procs = 1;
#endif
    if (procs < 1)
        procs = 1;
    /* More threads than this only add overhead (4096 threads on 2 cores
     * ran 76 times slower); results never depend on the count. */
    if (n > 0)
        return n / MCT_THREADS_PER_CORE_MAX < procs
                   ? n
                   : procs * MCT_THREADS_PER_CORE_MAX;
    return procs;
}

/* ---- allocation ------------------------------------------------------ */

#ifdef MCT_TESTING
/*
 * Test builds count allocations per thread so that a test can make the
 * n-th one fail. Release builds have no such state at all.
 */
static _Thread_local long fail_countdown = -1;
static _Thread_local long alloc_count;

long mct__test_alloc_fail_after(long n)
{
    long c = alloc_count;
    alloc_count = 0;
    fail_countdown = n;
    return c;
}

static bool alloc_should_fail(void)
{
    alloc_count++;
    if (fail_countdown < 0)
        return false;
    if (fail_countdown == 0)
        return true;
    fail_countdown--;
    return false;
}
#else
static inline bool alloc_should_fail(void) { return false; }
#endif

/*
 * Large blocks (matrices, token arrays) are aligned to 2 MiB and offered to
 * the kernel for transparent huge pages: on virtual machines a 4 KiB page
 * fault can cost over 10 microseconds, and a 50 MB array has 12,800 of
 * them. Where huge pages are not available this is an ordinary
 * allocation. mct__free() hands their pages back before freeing them.
 */
#define BIG_BLOCK MCT__BIG_BLOCK
#define HUGE_PAGE MCT__HUGE_PAGE

static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

/* Rounded up to whole huge pages, so even a 1 MiB block is one fault. */
static void *big_alloc(size_t n)
{
    void *p = NULL;
    if (n > SIZE_MAX - HUGE_PAGE)
        return NULL;
    n = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    if (posix_memalign(&p, HUGE_PAGE, n) != 0)
        return NULL;
    advise_huge(p, n);
    return p;
}

void *mct__malloc(size_t n)
{
    if (alloc_should_fail())
        return NULL;
    if (n >= BIG_BLOCK)
        return big_alloc(n);
    return malloc(n ? n : 1);
}

void *mct__calloc(size_t n, size_t size)
{
    void *p;
    if (alloc_should_fail())
        return NULL;
    if (n == 0 || size == 0)
        return calloc(1, 1);
    if (n > SIZE_MAX / size)
        return NULL;
    if (n * size < BIG_BLOCK)
        return calloc(n, size);
    if ((p = big_alloc(n * size)))
        memset(p, 0, n * size);
    return p;
}

void *mct__realloc(void *p, size_t n)
{
    void *q;
    if (!p)
        return mct__malloc(n);
    if (alloc_should_fail())
        return NULL;
    q = realloc(p, n ? n : 1);
    if (q && n >= BIG_BLOCK)
        advise_huge(q, n);
    return q;
}

/*
 * Before a large block goes back to malloc its pages go back to the
 * kernel. Programs run with a raised MALLOC_TRIM_THRESHOLD_ (as the
 * benchmarks are, because page faults are slow on virtual machines)
 * otherwise keep every freed block resident, and a later block that does
 * not fit the hole extends the heap: the peak then depended on the order
 * in which OpenMP threads happened to allocate, by several hundred MB
 * from run to run (docs/memory.md). Only whole pages inside the block are
 * released; malloc's own bookkeeping around it is left alone.
 */
static void release_pages(void *p)
{
#if defined(__GLIBC__) && defined(MADV_DONTNEED)
    size_t n = malloc_usable_size(p);
    long pg;
    uintptr_t a, e;
    if (n < BIG_BLOCK || (pg = sysconf(_SC_PAGESIZE)) <= 0)
        return;
    a = ((uintptr_t)p + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
    e = ((uintptr_t)p + n) & ~((uintptr_t)pg - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_DONTNEED);
#else
    (void)p;
#endif
}

void mct__free(void *p)
{
    if (p)
        release_pages(p);
    free(p);
}

void mct_free(void *p) { mct__free(p); }

size_t mct__mul(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return SIZE_MAX;
    return n * size;
}

void *mct__alloc_array(size_t n, size_t size)
{
    size_t bytes = mct__mul(n, size);
    if (bytes == SIZE_MAX)
        return NULL;
    return mct__malloc(bytes);
}

mct_status mct__grow_slow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *q;
    if (need <= *cap)
        return MCT_OK;
    /* Grow by half again so that appends stay amortised O(1). */
    ncap = *cap < 8 ? 8 : *cap + *cap / 2;
    if (ncap < need)
        ncap = need;
    if (mct__mul(ncap, size) == SIZE_MAX)
        return MCT_ENOMEM;
    q = mct__realloc(*p, ncap * size);
    if (!q)
        return MCT_ENOMEM;
    *p = q;
    *cap = ncap;
    return MCT_OK;
}

char *mct__strndup(const char *s, size_t n)
{
    char *p = mct__malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *mct__strdup(const char *s) { return mct__strndup(s, strlen(s)); }

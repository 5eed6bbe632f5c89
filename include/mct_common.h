/*
 * mct_common.h - status codes, versions, diagnostics and memory for
 * libmctext.
 *
 * Thread safety: the library holds no mutable global state. Different
 * handles may be used concurrently from different threads; one handle is
 * not thread-safe and must not be used by two threads at once unless its
 * documentation says otherwise. A handle only read (a const argument,
 * such as the records a screening reads) may be read by several threads
 * at once while none modifies it. One exception: networks and concept
 * maps (mct_net_build, mct_net_build_records, mct_concepts_build, and
 * the review stages that make them) use igraph, whose error handlers and
 * random generator are process-wide, so no two of them may run at once.
 * tests/test_threads.c checks the rest.
 *
 * Ownership: whatever the library allocates, the library frees. Buffers
 * returned to the caller are released with mct_free(); handles with their
 * own _free function. Every _free function accepts NULL as a no-op.
 *
 * Conventions (docs/api-guide.md has them all): a handle lives as
 * _new, _fit (repeatable), getters, _free; a result computed once is
 * made by one call that returns it (mct_kmeans_fit_csr, mct_net_build,
 * ...), then read and freed. Every function that takes an options struct
 * takes NULL for the defaults. Every function that takes an mct_diag
 * clears it on entry. Lookups return a long index, -1 when not found;
 * name parsers return MCT_ENOTFOUND.
 */
#ifndef MCT_COMMON_H
#define MCT_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MCT_BUILDING) && defined(__GNUC__)
#define MCT_API __attribute__((visibility("default")))
#else
#define MCT_API
#endif

/* The version's one source: the Makefile reads these three lines. */
#define MCT_VERSION_MAJOR 0
#define MCT_VERSION_MINOR 2
#define MCT_VERSION_PATCH 0
#define MCT__STR(x) #x
#define MCT__XSTR(x) MCT__STR(x)
#define MCT_VERSION_STRING                                             \
    MCT__XSTR(MCT_VERSION_MAJOR) "." MCT__XSTR(MCT_VERSION_MINOR) "."  \
        MCT__XSTR(MCT_VERSION_PATCH)
/* One integer that grows with every release: major*10000+minor*100+patch. */
#define MCT_VERSION_NUMBER \
    (MCT_VERSION_MAJOR * 10000 + MCT_VERSION_MINOR * 100 + MCT_VERSION_PATCH)

/*
 * Status codes. Every function that can fail returns one. The numbers
 * never change and are never reused; new codes are added at the end.
 */
#define MCT_STATUS_MAP(X)                                              \
    X(OK, 0, "success")                                                \
    X(ENOMEM, 1, "out of memory")                                      \
    X(EINVAL, 2, "invalid argument")                                   \
    X(EIO, 3, "input/output error")                                    \
    X(EPARSE, 4, "malformed input")                                    \
    X(EUTF8, 5, "invalid UTF-8")                                       \
    X(ENOTFOUND, 6, "not found")                                       \
    X(EEMPTY, 7, "no data")                                            \
    X(ETOOBIG, 8, "input too large")                                   \
    X(ECANCELED, 9, "cancelled by the caller")                         \
    X(ENUMERIC, 10, "numerical failure")                               \
    X(EUNSUPPORTED, 11, "not supported")                               \
    X(ESTATE, 12, "operation not valid in the current state")

typedef enum mct_status {
#define MCT__STATUS_ENUM(name, num, text) MCT_##name = num,
    MCT_STATUS_MAP(MCT__STATUS_ENUM)
#undef MCT__STATUS_ENUM
} mct_status;

/*
 * Returns a fixed English sentence describing a status code. The string is
 * static and must not be freed. Unknown codes give "unknown status".
 */
MCT_API const char *mct_strerror(mct_status rc);

/*
 * Returns the symbolic name of a status code, such as "MCT_EPARSE".
 */
MCT_API const char *mct_status_name(mct_status rc);

/*
 * Returns the library's version string, such as "0.2.0". Compare it with
 * MCT_VERSION_STRING to check that header and library match.
 */
MCT_API const char *mct_version(void);

/* Returns MCT_VERSION_NUMBER of the library that is linked. */
MCT_API int mct_version_number(void);

/* A library libmctext is built on, and its version. */
typedef struct mct_dependency {
    const char *name;   /* "OpenBLAS", "LAPACK", "cJSON", ... (static) */
    char version[64];   /* as the library reports it at run time, or as
                           its header said at build time where it has no
                           run-time query (libcsv, OpenMP) */
} mct_dependency;

/*
 * Fills out[0..max) with libmctext's dependencies and their versions, for
 * manifests and bug reports, and returns how many there are (which may
 * exceed max). Deterministic: the same build on the same machine gives
 * the same strings (no CPU model, no thread count).
 */
MCT_API size_t mct_dependencies(mct_dependency *out, size_t max);

/*
 * Diagnostics for input errors. Functions that read user input take an
 * optional mct_diag pointer (may be NULL) as their last argument and, on
 * failure, fill it with the 1-based line (and, where known, column) of
 * the problem and a one-line English message without a trailing newline.
 * line is 0 when the problem has no line (an unreadable file, say).
 */
typedef struct mct_diag {
    size_t line;
    size_t column;
    char msg[256];
} mct_diag;

/* Clears a diagnostic: line and column 0, empty message. NULL is a no-op. */
MCT_API void mct_diag_clear(mct_diag *d);

/*
 * Progress callback. stage names the work ("affinities", "optimise", ...),
 * done and total measure it in the stage's own unit, and value carries a
 * stage-specific figure (the current KL divergence during optimisation,
 * else 0). Return false to cancel: the running function then stops as
 * soon as it safely can and returns MCT_ECANCELED.
 */
typedef bool (*mct_progress_fn)(void *user, const char *stage, size_t done,
                                size_t total, double value);

/* Releases a buffer that the library allocated and handed over. NULL ok. */
MCT_API void mct_free(void *p);

/* The most threads the library runs per processor (see below). */
#define MCT_THREADS_PER_CORE_MAX 4

/*
 * Number of threads the library will use for a requested count: n > 0 is
 * taken as is up to MCT_THREADS_PER_CORE_MAX times the processors OpenMP
 * reports (more is capped there: extra threads only add overhead), and
 * n <= 0 means every processor. Results never depend on this number.
 */
MCT_API int mct_threads_resolve(int n);

/* An input file held in memory (mct_file_open). */
typedef struct mct_file mct_file;

/*
 * Opens a whole input file in memory, read-only: a regular file is mapped
 * (no copy, and its page table built in one go rather than a fault per
 * page), anything else ("-" for standard input, a pipe, an empty file)
 * is read. The bytes are followed by a NUL that the size does not count.
 * The file must not be cut short by another process while it is open.
 * Errors: MCT_ENOTFOUND, MCT_EIO (a directory, a read error), MCT_ENOMEM;
 * diag says why, without the file's name (the caller has it).
 */
MCT_API mct_status mct_file_open(const char *path, mct_file **out,
                                 mct_diag *diag);
/* The file's bytes, NUL-terminated ("" for NULL). */
MCT_API const char *mct_file_data(const mct_file *f);
/* The number of bytes (0 for NULL). */
MCT_API size_t mct_file_size(const mct_file *f);
/* Unmaps or frees. NULL is a no-op. */
MCT_API void mct_file_free(mct_file *f);

#ifdef __cplusplus
}
#endif
#endif /* MCT_COMMON_H */

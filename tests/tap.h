/*
 * tap.h - a minimal Test Anything Protocol harness (house rule R14).
 *
 * Each test binary prints "ok N - what" / "not ok N - what" lines, a plan
 * "1..N" and a summary "# tests N pass N fail N", and exits non-zero when
 * something failed. tests/run.sh adds the binaries up.
 */
#ifndef MCT_TAP_H
#define MCT_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_fail;

#ifdef __GNUC__
__attribute__((format(printf, 4, 5)))
#endif
static inline int tap_ok(int cond, const char *file, int line,
                         const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_fail++;
        printf("#   failed at %s:%d\n", file, line);
    }
    fflush(stdout);
    return cond;
}

/* The comma operator evaluates cond before the message's arguments, so
 * they may show what cond computed (C leaves the order of a call's
 * arguments unspecified). */
static int tap_cond_;
#define OK(cond, ...)                                                     \
    (tap_cond_ = (cond) ? 1 : 0,                                          \
     tap_ok(tap_cond_, __FILE__, __LINE__, __VA_ARGS__))

/* |a - b| <= tol, printing both values when not. */
#define NEAR(a, b, tol, ...)                                              \
    do {                                                                  \
        double tap_a_ = (a), tap_b_ = (b);                                \
        if (!OK(fabs(tap_a_ - tap_b_) <= (tol), __VA_ARGS__))             \
            printf("#   got %.17g, expected %.17g (tolerance %g)\n",      \
                   tap_a_, tap_b_, (double)(tol));                        \
    } while (0)

#define SKIP(...)                                                         \
    do {                                                                  \
        tap_n++;                                                          \
        printf("ok %d # SKIP ", tap_n);                                   \
        printf(__VA_ARGS__);                                              \
        printf("\n");                                                     \
    } while (0)

#define DIAG(...)                                                         \
    do {                                                                  \
        printf("# ");                                                     \
        printf(__VA_ARGS__);                                              \
        printf("\n");                                                     \
    } while (0)

static inline int tap_done(void)
{
    printf("1..%d\n# tests %d pass %d fail %d\n", tap_n, tap_n,
           tap_n - tap_fail, tap_fail);
    return tap_fail ? 1 : 0;
}

/* Directory of real data kept beside the project, or NULL when absent. */
static inline const char *tap_shared(void)
{
    static char path[4096];
    const char *env = getenv("MCT_SHARED");
    FILE *f;
    snprintf(path, sizeof path, "%s", env ? env : "../shared");
    {
        char probe[4200];
        snprintf(probe, sizeof probe, "%s/corpora/microcredentials.jsonl",
                 path);
        if (!(f = fopen(probe, "rb")))
            return NULL;
        fclose(f);
    }
    return path;
}

#endif

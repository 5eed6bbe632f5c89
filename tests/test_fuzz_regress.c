/*
 * test_fuzz_regress.c - every input kept in tests/fuzz-regress/<harness>/
 * (crashes and sanitizer reports the fuzzers found, and hand-made hostile
 * inputs), and every seed in fuzz/seeds/<harness>/, fed to the same
 * entry points as the libFuzzer harnesses, built
 * with the ordinary compiler. Under `make sanitize` the same inputs run
 * under AddressSanitizer and UBSan. See docs/robustness.md.
 */
/* The harnesses' own sources, so that no other build step is needed
 * (util.c first: it defines _GNU_SOURCE before any system header). */
#include "../cli/util.c"
#include "../fuzz/targets.c"

#include <dirent.h>

#include "tap.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool slurp(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    *data = NULL;
    if (!f)
        return false;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) || !(*data = malloc((size_t)n + 1)) ||
        fread(*data, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(*data);
        return false;
    }
    fclose(f);
    *len = (size_t)n;
    return true;
}

/* Feeds every file of dir to fn, in name order; returns how many. */
static size_t run_dir(const char *name, fuzz_fn fn, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL, path[1024];
    size_t n = 0, cap = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                names = realloc(names, cap * sizeof *names);
                if (!names)
                    abort();
            }
            names[n++] = strdup(e->d_name);
        }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        uint8_t *data;
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        /* A crash here is the finding coming back. */
        OK(slurp(path, &data, &len) && fn(data, len) == 0, "%s: %s", name,
           names[i]);
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

int main(void)
{
    char dir[512];
    size_t total = 0;
    for (const fuzz_target *t = fuzz_targets; t->name; t++) {
        snprintf(dir, sizeof dir, "tests/fuzz-regress/%s", t->name);
        total += run_dir(t->name, t->fn, dir);
        /* The fuzzers' seeds too: every harness runs here at least once. */
        snprintf(dir, sizeof dir, "fuzz/seeds/%s", t->name);
        total += run_dir(t->name, t->fn, dir);
    }
    if (!total)
        SKIP("no tests/fuzz-regress inputs (run from the source tree)");
    return tap_done();
}

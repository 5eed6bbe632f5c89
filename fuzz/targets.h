/*
 * targets.h - the fuzzing entry points: one function per parser or
 * reader, each taking arbitrary bytes. fuzz/libfuzzer.c turns one into a
 * libFuzzer harness (make fuzz, clang); tests/test_fuzz_regress.c feeds
 * them every input kept in tests/fuzz-regress/<name>/ (make check, any
 * compiler). A target must never crash, leak or trip a sanitizer,
 * whatever the bytes; it returns 0.
 */
#ifndef MCT_FUZZ_TARGETS_H
#define MCT_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef int (*fuzz_fn)(const uint8_t *data, size_t len);

typedef struct fuzz_target {
    const char *name; /* the harness: build/fuzz/NAME, tests/fuzz-regress/NAME */
    fuzz_fn fn;
} fuzz_target;

/* Every target, ending with {NULL, NULL}. */
extern const fuzz_target fuzz_targets[];

/* The target called name, or NULL. */
fuzz_fn fuzz_find(const char *name);

#endif

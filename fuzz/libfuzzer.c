/*
 * libfuzzer.c - one libFuzzer harness: FUZZ_TARGET (a name from
 * targets.c, given with -D by the Makefile) as LLVMFuzzerTestOneInput.
 */
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static fuzz_fn fn;
    if (!fn && !(fn = fuzz_find(FUZZ_TARGET)))
        abort();
    return fn(data, len);
}

/*
 * sha256.h - SHA-256 (FIPS 180-4) for the review manifest, so a reader
 * can check that a report was made from the files it names. Small enough
 * that a crypto library as a dependency would cost more than it saves.
 */
#ifndef MCTSNE_SHA256_H
#define MCTSNE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256 {
    uint32_t h[8];
    uint64_t len;          /* bytes so far */
    unsigned char buf[64];
    size_t fill;
} sha256;

void sha256_init(sha256 *s);
void sha256_update(sha256 *s, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(sha256 *s, char out[65]);

/* The digest of a whole file; false when it cannot be read. */
int sha256_file(const char *path, char out[65], uint64_t *bytes);

#endif

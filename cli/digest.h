/*
 * digest.h - SHA-256 digests for the review manifest, so a reader can
 * check that a report was made from the files it names. The hashing is
 * GNU Nettle's (Debian nettle-dev); this is only its hex and file glue.
 */
#ifndef MCTSNE_DIGEST_H
#define MCTSNE_DIGEST_H

#include <nettle/sha2.h>
#include <stddef.h>
#include <stdint.h>

typedef struct digest {
    struct sha256_ctx ctx;
} digest;

void digest_init(digest *d);
void digest_update(digest *d, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL. */
void digest_hex(digest *d, char out[65]);

/* The digest of a whole file; false when it cannot be read. */
int digest_file(const char *path, char out[65], uint64_t *bytes);

/* Nettle's version, for the manifest ("3.8"). */
void digest_library_version(char *out, size_t size);

#endif

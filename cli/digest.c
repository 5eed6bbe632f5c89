/*
 * digest.c - SHA-256 through GNU Nettle, as hex.
 */
#include <nettle/version.h>
#include <stdio.h>

#include "digest.h"

void digest_init(digest *d) { sha256_init(&d->ctx); }

void digest_update(digest *d, const void *data, size_t n)
{
    sha256_update(&d->ctx, n, data);
}

void digest_hex(digest *d, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t b[SHA256_DIGEST_SIZE];
    sha256_digest(&d->ctx, sizeof b, b);
    for (size_t i = 0; i < sizeof b; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[64] = '\0';
}

int digest_file(const char *path, char out[65], uint64_t *bytes)
{
    unsigned char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    digest d;
    size_t n;
    uint64_t total = 0;
    if (!f)
        return 0;
    digest_init(&d);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        digest_update(&d, buf, n);
        total += n;
    }
    if (ferror(f)) {
        fclose(f);
        return 0;
    }
    fclose(f);
    digest_hex(&d, out);
    if (bytes)
        *bytes = total;
    return 1;
}

void digest_library_version(char *out, size_t size)
{
    snprintf(out, size, "%d.%d", nettle_version_major(),
             nettle_version_minor());
}

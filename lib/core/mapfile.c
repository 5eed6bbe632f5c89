/*
 * mapfile.c - input files mapped instead of copied.
 *
 * A regular file is mapped read-only over an anonymous reservation one
 * byte longer than the file, rounded up to whole pages: the bytes past
 * the end of the file in its last page read as zero, and when the file
 * ends on a page boundary the next page is the reservation's zeros, so
 * the text is NUL-terminated as the parsers expect, without a copy.
 * MAP_POPULATE builds the page table in one go, which on these machines
 * costs far less than a fault per page (docs/performance.md). A file
 * cut short by another process while mapped would fault: inputs are
 * expected to stay put while they are read.
 */
/* mmap's MAP_ANONYMOUS and MAP_POPULATE are not POSIX. */
#define _DEFAULT_SOURCE
#include "mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MAP_POPULATE
#define MAP_POPULATE 0
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif

/* Maps fd's size bytes; NULL when it cannot. */
static void *map_fd(int fd, size_t size, size_t *map_len)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t pg = page > 0 ? (size_t)page : 4096;
    size_t total = (size + 1 + pg - 1) / pg * pg;
    void *res, *got;
    res = mmap(NULL, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (res == MAP_FAILED)
        return NULL;
    got = mmap(res, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE,
               fd, 0);
    if (got == MAP_FAILED) {
        munmap(res, total);
        return NULL;
    }
    *map_len = total;
    return res;
}

mct_status mct__map_file(const char *path, mct__mapped *m, mct_diag *diag)
{
    struct stat st;
    int fd;
    char *data;
    memset(m, 0, sizeof *m);
    if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) >= 0) {
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
            (uint64_t)st.st_size < SIZE_MAX / 2 &&
            (m->map = map_fd(fd, (size_t)st.st_size, &m->map_len))) {
            close(fd);
            m->data = m->map;
            m->len = (size_t)st.st_size;
            return MCT_OK;
        }
        close(fd);
    }
    /* Everything else, and every error message, as before. */
    {
        mct_status rc = mct__read_file(path, &data, &m->len, diag);
        if (rc)
            return rc;
        m->data = data;
        return MCT_OK;
    }
}

void mct__unmap_file(mct__mapped *m)
{
    if (m->map)
        munmap(m->map, m->map_len);
    else
        mct__free((void *)(uintptr_t)m->data);
    memset(m, 0, sizeof *m);
}

/* ---- the public handle --------------------------------------------- */

struct mct_file {
    mct__mapped m;
};

mct_status mct_file_open(const char *path, mct_file **out, mct_diag *diag)
{
    mct_file *f;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    if (!(f = mct__calloc(1, sizeof *f))) {
        mct__diag(diag, 0, 0, "out of memory");
        return MCT_ENOMEM;
    }
    if ((rc = mct__map_file(path, &f->m, diag))) {
        mct__free(f);
        return rc;
    }
    *out = f;
    return MCT_OK;
}

const char *mct_file_data(const mct_file *f) { return f ? f->m.data : ""; }

size_t mct_file_size(const mct_file *f) { return f ? f->m.len : 0; }

void mct_file_free(mct_file *f)
{
    if (!f)
        return;
    mct__unmap_file(&f->m);
    mct__free(f);
}

/*
 * mapfile.h - whole input files without a copy (mapfile.c). Internal.
 */
#ifndef MCT_MAPFILE_H
#define MCT_MAPFILE_H

#include "internal.h"

/* A file's bytes, read-only, followed by a NUL (not counted in len). */
typedef struct mct__mapped {
    const char *data;
    size_t len;
    void *map;     /* the mapping, or NULL when data is on the heap */
    size_t map_len;
} mct__mapped;

/*
 * Maps a regular file into memory, populated at once, so that reading it
 * costs neither a copy nor a fault per page; anything else (standard
 * input as "-", pipes, empty files, systems without mmap, a failed map)
 * is read with mct__read_file. Errors as mct__read_file: MCT_ENOTFOUND,
 * MCT_EIO (a directory, a read error), MCT_ENOMEM; diag says why.
 */
mct_status mct__map_file(const char *path, mct__mapped *m, mct_diag *diag);
/* Unmaps or frees; a zeroed or already released m is fine. */
void mct__unmap_file(mct__mapped *m);

#endif /* MCT_MAPFILE_H */

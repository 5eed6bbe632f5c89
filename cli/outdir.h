/*
 * outdir.h - an output directory written all at once: files go to a
 * temporary sibling directory, which replaces the real one only when
 * every file is complete. A failed run leaves the earlier output as it
 * was and no half-written files.
 */
#ifndef MCTSNE_OUTDIR_H
#define MCTSNE_OUTDIR_H

#include <stdbool.h>
#include <stdio.h>

typedef struct outdir {
    char *dir;  /* the final path */
    char *tmp;  /* where files go meanwhile */
    bool failed;
} outdir;

/* Creates the temporary directory; prints an error and returns false
 * when the place cannot be written, or when dir exists and is not a
 * directory that is empty or was written by mctsne (it holds the marker
 * file .mctsne, which every output directory gets). */
bool outdir_begin(outdir *o, const char *dir);

/* Opens a file in it for writing (NULL after printing an error). */
FILE *outdir_open(outdir *o, const char *name);

/* Closes a file opened by outdir_open; false on a write error. */
bool outdir_close(outdir *o, FILE *f, const char *name);

/* The path a file will have in the temporary directory (static buffer). */
const char *outdir_path(outdir *o, const char *name);

/* Moves the directory into place (replacing an earlier one). */
bool outdir_commit(outdir *o);

/* Whether path (an existing file) lies inside dir (an existing
 * directory): an input there would be lost when dir is replaced. */
bool outdir_holds(const char *dir, const char *path);

/*
 * Refuses files a run reads that lie inside its output directory dir,
 * which the run replaces as a whole (the file would be lost): prints a
 * one-line error naming the first such file and returns false. NULL
 * paths and "-" are skipped; dir NULL allows everything. Call it before
 * any work, with every input and option file.
 */
bool outdir_refuse_inputs(const char *dir, const char *const *paths,
                          size_t n);

/*
 * Checks, before any work, that an output file can be written at path
 * (written to a temporary name beside it, then renamed): it is not a
 * directory, and its directory exists and is writable. Prints a one-line
 * error and returns false otherwise. NULL and "-" (standard output) pass.
 */
bool outfile_check(const char *path);

/* Removes the temporary directory. */
void outdir_abort(outdir *o);

#endif

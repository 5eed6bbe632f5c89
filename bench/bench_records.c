/*
 * bench_records.c - record import speed on real exports repeated.
 *
 *   bench_records EXPORT FORMAT RECORDS TMPFILE
 *
 * Writes TMPFILE: EXPORT's records repeated until there are at least
 * RECORDS (a Web of Science file keeps one FN/VR header and one EF, a
 * Scopus CSV one header line, a RIS file its byte-order mark once), then
 * reads it with mct_records_read and prints
 *
 *   format,records,mbytes,seconds,records_per_s,mb_per_s,peak_mb
 *
 * peak_mb is the process's peak resident memory while reading (the file
 * is held in memory, and every record with its abstract).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mctext.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *b;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    b = malloc(*n + 1);
    if (!b || fread(b, 1, *n, f) != *n)
        exit(1);
    fclose(f);
    b[*n] = '\0';
    return b;
}

int main(int argc, char **argv)
{
    size_t n, want, per = 0, reps, got = 0, head = 0, tail;
    char *d;
    mct_format fmt;
    mct_records *r = NULL;
    mct_diag dg;
    FILE *o;
    double t0, t1, mb;
    struct rusage u;
    if (argc != 5 || mct_format_parse(argv[2], &fmt)) {
        fprintf(stderr, "usage: bench_records EXPORT FORMAT RECORDS TMPFILE\n");
        return 2;
    }
    want = (size_t)atol(argv[3]);
    if (!(d = slurp(argv[1], &n)))
        return 1;
    /* Records per copy, and the part of the file that repeats. */
    mct_records_new(&r);
    if (mct_records_parse(r, d, n, argv[1], fmt, &per, &dg) || !per) {
        fprintf(stderr, "bench_records: %s: %s\n", argv[1], dg.msg);
        return 1;
    }
    mct_records_free(r);
    tail = n;
    if (fmt == MCT_FORMAT_WOS_TEXT) {
        char *pt = strstr(d, "\nPT "), *ef = strstr(d, "\nEF");
        head = pt ? (size_t)(pt - d) + 1 : 0;
        tail = ef ? (size_t)(ef - d) + 1 : n;
    } else if (fmt == MCT_FORMAT_SCOPUS_CSV) {
        head = (size_t)(strchr(d, '\n') - d) + 1;
    } else if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) {
        head = 3;
    }
    reps = (want + per - 1) / per;
    if (!(o = fopen(argv[4], "wb")))
        return 1;
    fwrite(d, 1, head, o);
    for (size_t k = 0; k < reps; k++)
        fwrite(d + head, 1, tail - head, o);
    if (fmt == MCT_FORMAT_WOS_TEXT)
        fputs("EF\n", o);
    fclose(o);
    mb = (double)(head + reps * (tail - head)) / 1e6;
    free(d);

    mct_records_new(&r);
    t0 = now();
    if (mct_records_read(r, argv[4], fmt, &got, &dg)) {
        fprintf(stderr, "bench_records: %s:%zu: %s\n", argv[4], dg.line,
                dg.msg);
        return 1;
    }
    t1 = now();
    getrusage(RUSAGE_SELF, &u);
    printf("%s,%zu,%.1f,%.3f,%.0f,%.1f,%.1f\n", argv[2], got, mb, t1 - t0,
           (double)got / (t1 - t0), mb / (t1 - t0),
           (double)u.ru_maxrss / 1024.0);
    mct_records_free(r);
    remove(argv[4]);
    return got == reps * per ? 0 : 1;
}

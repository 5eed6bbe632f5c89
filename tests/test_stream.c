/*
 * test_stream.c - reading a file in blocks gives what parsing it whole
 * gives: the same records with the same lines, and for a bad record deep
 * in the file the same error, line and message. Files of a few MiB, so
 * that they span several blocks, for each format read in blocks (JSON
 * Lines, Web of Science plain text, RIS), and a file only read whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mctext.h"
#include "tap.h"

/* Writes n records of a format; bad (0: none) spoils record `bad`. */
static void write_file(FILE *f, mct_format fmt, int n, int bad)
{
    if (fmt == MCT_FORMAT_WOS_TEXT)
        fputs("\xEF\xBB\xBF" "FN Clarivate Analytics Web of Science\n"
              "VR 1.0\n", f);
    for (int i = 1; i <= n; i++) {
        const char *ab = "An abstract that repeats across the records of "
                         "the file, long enough to fill the blocks.";
        switch (fmt) {
        case MCT_FORMAT_JSONL:
            if (i % 97 == 0)
                fputs("\n", f); /* blank lines are skipped */
            fprintf(f, "{\"id\": \"r%d\", \"title\": \"Title %d\", "
                       "\"year\": %d, \"abstract\": \"%s\", \"keywords\": "
                       "[\"k%d\", \"k%d\"]}%s\n",
                    i, i, 2000 + i % 20, ab, i % 7, i % 11,
                    i == bad ? "," : "");
            break;
        case MCT_FORMAT_WOS_TEXT:
            fprintf(f, "\nPT J\nAU Author%d, A\n   Other, B\nTI Title %d\n"
                       "   continued\nPY %d\nAB %s\nDE k%d; k%d\nUT WOS:%d\n"
                       "%s",
                    i % 50, i, 2000 + i % 20, ab, i % 7, i % 11, i,
                    i == bad ? "" : "ER\r\n");
            break;
        default:
            fprintf(f, "TY  - JOUR\r\nAU  - Author%d, A\r\nTI  - Title %d\r\n"
                       "PY  - %d\r\nAB  - %s\r\nKW  - k%d\r\n%s\r\n",
                    i % 50, i, 2000 + i % 20, ab, i % 7,
                    i == bad ? "XX" : "ER  - ");
        }
    }
    if (fmt == MCT_FORMAT_WOS_TEXT)
        fputs("\nEF\n", f);
}

static bool same_record(const mct_record *a, const mct_record *b)
{
    bool same = !strcmp(a->id, b->id) && !strcmp(a->title, b->title) &&
                !strcmp(a->abstract, b->abstract) && a->year == b->year &&
                a->line == b->line && !strcmp(a->file, b->file) &&
                a->n_authors == b->n_authors &&
                a->n_keywords == b->n_keywords;
    for (size_t k = 0; same && k < a->n_authors; k++)
        same = !strcmp(a->authors[k], b->authors[k]);
    for (size_t k = 0; same && k < a->n_keywords; k++)
        same = !strcmp(a->keywords[k], b->keywords[k]);
    return same;
}

/* Reads path in blocks and whole; true when both agree. */
static bool agree(const char *path, mct_format fmt, size_t *n,
                  mct_status *rc, mct_diag *d)
{
    mct_records *a = NULL, *b = NULL;
    char *data = NULL;
    size_t len = 0, na = 0, nb = 0;
    mct_diag db;
    mct_status rb;
    bool same;
    mct_records_new(&a);
    mct_records_new(&b);
    *rc = mct_records_read(a, path, fmt, &na, d);
    rb = mct__read_file(path, &data, &len, &db);
    if (!rb)
        rb = mct_records_parse(b, data, len, path, fmt, &nb, &db);
    same = *rc == rb && na == nb && d->line == db.line &&
           !strcmp(d->msg, db.msg) &&
           mct_records_count(a) == mct_records_count(b);
    for (size_t i = 0; same && i < mct_records_count(a); i++)
        same = same_record(mct_records_get(a, i), mct_records_get(b, i));
    *n = na;
    mct__free(data);
    mct_records_free(a);
    mct_records_free(b);
    return same;
}

static void check(mct_format fmt, int n, int bad, bool autodetect)
{
    char path[64];
    FILE *f;
    size_t got;
    mct_status rc;
    mct_diag d;
    snprintf(path, sizeof path, "/tmp/mct-stream-%ld.txt", (long)getpid());
    if (!(f = fopen(path, "wb"))) {
        SKIP("cannot write %s", path);
        return;
    }
    write_file(f, fmt, n, bad);
    fclose(f);
    OK(agree(path, autodetect ? MCT_FORMAT_AUTO : fmt, &got, &rc, &d) &&
           (bad ? rc != MCT_OK && d.line > 1000 : rc == MCT_OK &&
                                                   got == (size_t)n),
       "%s, %d records%s%s: in blocks as whole (%zu read, %s, line %zu: "
       "%s)",
       mct_format_name(fmt), n, bad ? ", a bad one" : "",
       autodetect ? ", detected" : "", got, mct_strerror(rc),
       bad ? d.line : 0, bad ? d.msg : "");
    remove(path);
}

int main(void)
{
    static const mct_format f[] = {MCT_FORMAT_JSONL, MCT_FORMAT_WOS_TEXT,
                                   MCT_FORMAT_RIS};
    for (int k = 0; k < 3; k++) {
        check(f[k], 30000, 0, true);
        check(f[k], 30000, 0, false);
        check(f[k], 30000, 29000, true);
        check(f[k], 200, 0, true); /* under a block: read whole */
    }
    return tap_done();
}

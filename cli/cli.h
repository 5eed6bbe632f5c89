/*
 * cli.h - what the mctsne subcommands share: messages, option values,
 * input loading and progress display. The library does the work; this is
 * the thin layer that talks to people.
 */
#ifndef MCTSNE_CLI_H
#define MCTSNE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "mctext.h"

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Prints "mctsne: <message>" on stderr. */
void cli_err(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Prints "mctsne: FILE:LINE: message" (or without LINE) for a failure. */
void cli_diag(const char *file, const mct_diag *d, mct_status rc);

/* Option values: each prints its own one-line error and returns false. */
bool cli_double(const char *opt, const char *s, double lo, double hi,
                double *out);
bool cli_long(const char *opt, const char *s, long lo, long hi, long *out);
bool cli_choice(const char *opt, const char *s, const char *const *names,
                int *out);

/* Common switches every subcommand takes. */
typedef struct cli_common {
    bool quiet, verbose, json;
    int threads;
} cli_common;

/* Progress on stderr: a bar on a terminal, plain lines otherwise. */
typedef struct cli_progress {
    bool quiet, verbose, tty;
    double start;
    char last_stage[32];
    size_t last_done;
    double last_print;
} cli_progress;

void cli_progress_init(cli_progress *p, const cli_common *c);
/* An mct_progress_fn; user is a cli_progress. */
bool cli_progress_cb(void *user, const char *stage, size_t done, size_t total,
                     double value);
/* Ends a bar line, if one is open. */
void cli_progress_end(cli_progress *p);
/* Prints a status line unless quiet. */
void cli_note(const cli_common *c, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Loads INPUT as records (any format mct_records_read knows; a plain text
 * file gives one record per line). Prints the error and returns false on
 * failure.
 */
bool cli_load_records(const char *path, mct_format fmt, mct_records *recs,
                      const cli_common *c);

/* Opens a whole file ("-": standard input), mapped where it can be
 * (mct_file_open), to release with mct_file_free; prints the error and
 * returns false on failure. */
bool cli_read_file(const char *path, mct_file **f);

/* A t-SNE method as the messages and the report name it ("Barnes-Hut"). */
const char *tsne_method_text(mct_tsne_method m);

/* A record's year for a table: "" when it has none (never "0"). */
const char *year_text(int year, char buf[16]);

/* Seconds from a monotonic clock. */
double cli_now(void);

/* The subcommands. */
int cmd_tfidf(int argc, char **argv);
int cmd_embed(int argc, char **argv);
int cmd_prisma(int argc, char **argv);
int cmd_trends(int argc, char **argv);
int cmd_network(int argc, char **argv);
int cmd_concepts(int argc, char **argv);
int cmd_themes(int argc, char **argv);
int cmd_review(int argc, char **argv);

#endif

/*
 * screen.h - the first stage of a review, shared by mctsne prisma,
 * trends and review: read every input, remove duplicates, apply the
 * query and the year range (automation), apply the screening exclusions,
 * and keep the counts PRISMA 2020 asks for.
 */
#ifndef MCTSNE_SCREEN_H
#define MCTSNE_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "opts.h"

typedef struct screen_opts {
    const char *query;        /* Scopus or WoS syntax, or NULL */
    const char *years;        /* the year range as given, or NULL */
    int year_from, year_to;   /* 0: open */
    const char *exclude_file; /* "id<TAB>reason" lines, or NULL */
    const char *decisions_file; /* the reviewer's decisions on possible
                                   duplicates, or NULL */
    mct_format format;
    bool dedup;               /* default true */
    /* Records to read when there is no input file (the bundled corpus):
     * data, its length, and the name the outputs give it. */
    const char *builtin, *builtin_name;
    size_t builtin_len;
    /* An update: the earlier review's kept records, read first (and no
     * bundled corpus); NULL otherwise. */
    const mct_records *prior;
    /* The output directory, which no input may lie in (may be NULL). */
    const char *outdir;
} screen_opts;

/* Where a kept (de-duplicated) record ended up (mct_fate). */
enum { ST_INCLUDED = MCT_FATE_INCLUDED, ST_AUTOMATION = MCT_FATE_INELIGIBLE,
       ST_EXCLUDED = MCT_FATE_EXCLUDED };

typedef struct source_count {
    const char *name; /* "Scopus", "Web of Science", or the file's source */
    size_t n;
} source_count;

/* What the library's screening (mct_screen.h) found, laid out for the
 * writers; the handle owns everything but the file list. */
typedef struct screened {
    mct_screening *sc;      /* owned: screen_run's own screening */
    const mct_screening *view; /* the screening laid out (sc, or a
                                  review's) */
    mct_records *all;       /* every record read, in input order */
    const mct_dedup *dd;    /* on all (NULL when dedup is off) */
    const mct_records *kept;
    unsigned char *state;   /* per kept record: its mct_fate */
    const char **reason;    /* per kept record: why excluded (or NULL) */
    source_count src[16];
    size_t n_src;
    size_t identified, duplicates, automation, screened, excluded, included;
    /* An update of an earlier review: its kept records and of those the
     * included (0 otherwise); the counts above are then the new
     * records', and total (always) is every record included. */
    size_t prior, prior_included, total;
    /* of the duplicates, those merged by the reviewer's decisions; the
     * possible duplicates put to the reviewer, and those undecided */
    size_t dup_reviewer, pairs, pairs_undecided;
    mct_dup_decision *decisions; /* read from decisions_file */
    mct_exclusions *exclusions;  /* read from exclude_file */
    /* exclusion reasons with their counts, in first-seen order */
    const char **reasons;
    size_t *reason_n, n_reasons;
    char **files;           /* the inputs */
    size_t *file_n, n_files;
    /* What was read of each: its size and SHA-256, from the very bytes
     * that were parsed (so a pipe or a file changed since is right). */
    unsigned long long *file_bytes;
    char (*file_sha256)[65];
} screened;

/*
 * The options that choose and screen the records, the same in every
 * command that reads them: put CLI_OPTS_SCREEN(&so) in the command's
 * option table (opts.h).
 */
enum { SO_YEARS = 1000, SO_FORMAT };
#define CLI_OPTS_SCREEN(so)                                                \
    {.name = "query", .kind = CLI_STRING, .dst = &(so)->query},            \
    {.name = "years", .kind = CLI_CALL, .dst = (so),                       \
     .call = screen_option, .code = SO_YEARS},                             \
    {.name = "exclude", .kind = CLI_STRING, .dst = &(so)->exclude_file},   \
    {.name = "format", .kind = CLI_CALL, .dst = (so),                      \
     .call = screen_option, .code = SO_FORMAT},                            \
    {.name = "no-dedup", .kind = CLI_UNFLAG, .dst = &(so)->dedup},         \
    {.name = "decisions", .kind = CLI_STRING, .dst = &(so)->decisions_file}
/* The help lines for them. */
#define SCREEN_HELP                                                        \
    "      --query Q         Scopus or WoS query the records must match\n"  \
    "      --years A-B       publication years kept (A-, -B also)\n"        \
    "      --exclude FILE    excluded at screening: id<TAB>reason lines\n"  \
    "      --format F        input format (default: detected)\n"            \
    "      --no-dedup        keep duplicates\n"                              \
    "      --decisions FILE  the reviewer's decisions on possible\n"        \
    "                        duplicates: REF_A<TAB>REF_B<TAB>merge|keep\n"

/* Takes the screening option code (SO_YEARS, SO_FORMAT) with its argument
 * into the screen_opts o: 1 when taken, -1 for a bad value (after saying
 * why). */
int screen_option(int code, const char *arg, void *o);

/* Parses "2014-2024", "2014-" or "-2024". */
bool screen_parse_years(const char *s, int *from, int *to);

/* Reads the inputs and the files the screening needs (exclusions,
 * decisions) into s, and fills so for the library; one-line errors. */
bool screen_read(char **inputs, size_t n_inputs, const screen_opts *o,
                 const cli_common *c, screened *s, mct_screen_opts *so);
/* Lays a finished screening out in s (which keeps a reference), with the
 * progress note. */
bool screen_layout(screened *s, const mct_screening *sc, const cli_common *c);
/* The one-line error of a failed screening fit. */
void screen_report(const screen_opts *o, mct_status rc, const mct_diag *d);

/* Runs the stage; prints its own one-line errors. */
bool screen_run(char **inputs, size_t n_inputs, const screen_opts *o,
                const cli_common *c, screened *out);

void screen_free(screened *s);

/* Display name of a record source ("scopus" -> "Scopus"). */
const char *screen_source_name(const char *source);

#endif

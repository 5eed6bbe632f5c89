/*
 * cmd_prisma.c - mctsne prisma: the PRISMA 2020 counts, flow diagram,
 * PRISMA2020 CSV template, included records and removed duplicates.
 */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outdir.h"
#include "prisma.h"
#include "svg.h"

static const char usage[] =
    "usage: mctsne prisma INPUT... [-o DIR] [options]\n"
    "\n"
    "Reads the exports (Scopus CSV, Web of Science plain text or\n"
    "tab-delimited, RIS, PubMed, BibTeX, CSL-JSON, OpenAlex JSON or CSV,\n"
    "Lens.org CSV, JSON Lines; detected from the content), removes\n"
    "duplicates (same DOI; same title and year; near-identical title, same\n"
    "first author, year within 1), applies the query and the year range,\n"
    "then the exclusions decided at screening, and prints the PRISMA 2020\n"
    "counts. With -o DIR it also writes:\n"
    "  prisma.svg          the PRISMA 2020 flow diagram\n"
    "  PRISMA.csv          the PRISMA2020 R package's template, filled in\n"
    "  included.csv        the included records (and included.jsonl)\n"
    "  duplicates.tsv      every removed duplicate, the record it matched,\n"
    "                      the rule, and whether automation or the\n"
    "                      reviewer removed it\n"
    "  possible-duplicates.tsv  pairs put to the reviewer (same title and\n"
    "                      year but different DOIs; near-identical titles\n"
    "                      and first author but different DOIs or years),\n"
    "                      both records side by side; fill in the decision\n"
    "                      column (merge or keep) and pass it to --decisions\n"
    "  excluded.tsv        every record excluded, with the reason\n"
    "\n"
    "  -o, --output DIR     write the files there (replaced as a whole)\n"
    "      --query Q        Scopus or Web of Science syntax, e.g.\n"
    "                       'TITLE(micro-creden*) OR TITLE(microcreden*)'\n"
    "      --years A-B      publication years to keep, e.g. 2014-2024\n"
    "      --exclude FILE   records excluded at screening: one\n"
    "                       \"id<TAB>reason\" per line (id: EID, UT, or DOI)\n"
    "      --format F       input format (default: detected)\n"
    "      --no-dedup       keep duplicates\n"
    "      --decisions FILE the reviewer's decisions on possible duplicates:\n"
    "                       REF_A<TAB>REF_B<TAB>merge|keep per line (REF:\n"
    "                       id, DOI or FILE:LINE)\n"
    "      --json           print the counts as JSON on standard output\n"
    "  -q, --quiet          no messages\n"
    "  -h, --help           this help\n";

/* ---- CSV and JSON helpers --------------------------------------------- */

void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_list(FILE *f, const char *const *l, size_t n)
{
    size_t len = 0;
    char *b;
    for (size_t i = 0; i < n; i++)
        len += strlen(l[i]) + 2;
    if (!(b = malloc(len + 1)))
        return;
    b[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(b, "; ");
        strcat(b, l[i]);
    }
    csv_field(f, b);
    free(b);
}

void tsv_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

cJSON *prisma_json(const screened *s)
{
    cJSON *o = cJSON_CreateObject(), *by, *rs, *ex;
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "identified", (double)s->identified);
    by = cJSON_AddObjectToObject(o, "identified_by_database");
    for (size_t i = 0; by && i < s->n_src; i++)
        cJSON_AddNumberToObject(by, s->src[i].name, (double)s->src[i].n);
    cJSON_AddNumberToObject(o, "duplicates_removed", (double)s->duplicates);
    cJSON_AddNumberToObject(o, "duplicates_removed_by_automation",
                            (double)(s->duplicates - s->dup_reviewer));
    cJSON_AddNumberToObject(o, "duplicates_removed_by_reviewer",
                            (double)s->dup_reviewer);
    cJSON_AddNumberToObject(o, "possible_duplicates", (double)s->pairs);
    cJSON_AddNumberToObject(o, "possible_duplicates_undecided",
                            (double)s->pairs_undecided);
    cJSON_AddNumberToObject(o, "ineligible_by_automation",
                            (double)s->automation);
    cJSON_AddNumberToObject(o, "screened", (double)s->screened);
    ex = cJSON_AddObjectToObject(o, "excluded");
    if (ex) {
        cJSON_AddNumberToObject(ex, "total", (double)s->excluded);
        rs = cJSON_AddObjectToObject(ex, "reasons");
        for (size_t i = 0; rs && i < s->n_reasons; i++)
            cJSON_AddNumberToObject(rs, s->reasons[i], (double)s->reason_n[i]);
    }
    cJSON_AddNumberToObject(o, "included", (double)s->included);
    if (s->prior) {
        /* An update: the counts above are the new records'. */
        cJSON_AddNumberToObject(o, "previous_records", (double)s->prior);
        cJSON_AddNumberToObject(o, "previous_included",
                                (double)s->prior_included);
        cJSON_AddNumberToObject(o, "total_included", (double)s->total);
    }
    return o;
}

/* Text inside a quoted CSV field: quotes doubled. */
static void csv_inner(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
}

/* ---- the files ------------------------------------------------------------ */

/* The PRISMA2020 R package's template: data, node, box, description,
 * boxtext, tooltips, url, n. */
static void prisma_csv(FILE *f, const screened *s)
{
    struct row {
        const char *data, *node, *box, *text;
        size_t n;
    } rows[] = {
        {"previous_studies", "node5", "box1",
         "Studies included in previous version of review", s->prior_included},
        {"previous_reports", "NA", "box1",
         "Reports of studies included in previous version of review",
         s->prior_included},
        {"database_results", "node7", "box2", "Databases", s->identified},
        {"register_results", "NA", "box2", "Registers", 0},
        {"website_results", "node17", "box11", "Websites", 0},
        {"organisation_results", "NA", "box11", "Organisations", 0},
        {"citations_results", "NA", "box11", "Citation searching", 0},
        {"duplicates", "node8", "box3", "Duplicate records", s->duplicates},
        {"excluded_automatic", "NA", "box3",
         "Records marked as ineligible by automation tools", s->automation},
        {"excluded_other", "NA", "box3", "Records removed for other reasons",
         0},
        {"records_screened", "node9", "box4", "Records screened", s->screened},
        {"records_excluded", "node10", "box5", "Records excluded",
         s->excluded},
        {"dbr_sought_reports", "node11", "box6",
         "Reports sought for retrieval", s->included},
        {"dbr_notretrieved_reports", "node12", "box7",
         "Reports not retrieved", 0},
        {"dbr_assessed", "node13", "box8", "Reports assessed for eligibility",
         s->included},
        {"new_studies", "node15", "box10", "New studies included in review",
         s->included},
        {"new_reports", "NA", "box10", "Reports of new included studies",
         s->included},
        {"total_studies", "node22", "box16",
         "Total studies included in review", s->total},
        {"total_reports", "NA", "box16", "Reports of total included studies",
         s->total}};
    fputs("data,node,box,description,boxtext,tooltips,url,n\n", f);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        fprintf(f, "%s,%s,%s,", rows[i].data, rows[i].node, rows[i].box);
        csv_field(f, rows[i].text);
        fputc(',', f);
        csv_field(f, rows[i].text);
        fputc(',', f);
        csv_field(f, rows[i].text);
        fprintf(f, ",%s.html,%zu\n", rows[i].data, rows[i].n);
        if (!strcmp(rows[i].data, "database_results")) {
            /* "Scopus, 198; Web of Science, 143" */
            fputs("database_specific_results,NA,box2,Databases,Databases,"
                  "Databases,database_specific_results.html,\"",
                  f);
            for (size_t k = 0; k < s->n_src; k++) {
                fputs(k ? "; " : "", f);
                csv_inner(f, s->src[k].name);
                fprintf(f, ", %zu", s->src[k].n);
            }
            fputs("\"\n", f);
        }
    }
    fputs("dbr_excluded,node14,box9,Reports excluded,Reports excluded,"
          "Reports excluded,dbr_excluded.html,\"",
          f);
    for (size_t i = 0; i < s->n_reasons; i++) {
        fputs(i ? "; " : "", f);
        csv_inner(f, s->reasons[i]);
        fprintf(f, ", %zu", s->reason_n[i]);
    }
    fputs("\"\n", f);
}

static void records_csv(FILE *f, const screened *s, int state)
{
    char yb[16];
    fputs("id,source,title,authors,year,venue,doi,author_keywords,"
          "index_keywords,document_type,language,cited_by,abstract\n",
          f);
    for (size_t k = 0; k < mct_records_count(s->kept); k++) {
        const mct_record *r = mct_records_get(s->kept, k);
        if (s->state[k] != state)
            continue;
        csv_field(f, r->id);
        fputc(',', f);
        csv_field(f, r->source);
        fputc(',', f);
        csv_field(f, r->title);
        fputc(',', f);
        csv_list(f, r->authors, r->n_authors);
        fprintf(f, ",%s,", year_text(r->year, yb));
        csv_field(f, r->venue);
        fputc(',', f);
        csv_field(f, r->doi);
        fputc(',', f);
        csv_list(f, r->keywords, r->n_keywords);
        fputc(',', f);
        csv_list(f, r->index_keywords, r->n_index_keywords);
        fputc(',', f);
        csv_field(f, r->doc_type);
        fputc(',', f);
        csv_field(f, r->language);
        if (r->cited_by >= 0)
            fprintf(f, ",%ld,", r->cited_by);
        else
            fputs(",,", f);
        csv_field(f, r->abstract);
        fputc('\n', f);
    }
}

static bool included_jsonl(outdir *o, const screened *s)
{
    mct_records *inc = NULL;
    mct_diag d;
    bool ok = true;
    if (mct_records_new(&inc))
        return false;
    for (size_t k = 0; ok && k < mct_records_count(s->kept); k++)
        if (s->state[k] == ST_INCLUDED &&
            mct_records_add(inc, mct_records_get(s->kept, k)))
            ok = false;
    if (ok && mct_records_write_jsonl(inc, outdir_path(o, "included.jsonl"),
                                      &d)) {
        cli_err("%s", d.msg);
        ok = false;
    }
    mct_records_free(inc);
    return ok;
}

static void duplicates_tsv(FILE *f, const screened *s)
{
    fputs("file\tline\tsource\tid\ttitle\trule\tsimilarity\tkept_file\t"
          "kept_line\tkept_id\tkept_title\tremoved_by\n",
          f);
    for (size_t i = 0; s->dd && i < mct_records_count(s->all); i++) {
        mct_dup_info in;
        const mct_record *r = mct_records_get(s->all, i), *k;
        mct_dedup_info(s->dd, i, &in);
        if (in.rule == MCT_DUP_RULE_KEPT)
            continue;
        k = mct_records_get(s->all, in.kept_input);
        tsv_field(f, r->file);
        fprintf(f, "\t%zu\t%s\t", r->line, r->source);
        tsv_field(f, r->id);
        fputc('\t', f);
        tsv_field(f, r->title);
        fprintf(f, "\t%s\t%.4f\t", mct_dup_rule_name(in.rule),
                in.rule == MCT_DUP_RULE_FUZZY ? in.similarity : 1.0);
        tsv_field(f, k->file);
        fprintf(f, "\t%zu\t", k->line);
        tsv_field(f, k->id);
        fputc('\t', f);
        tsv_field(f, k->title);
        fprintf(f, "\t%s\n", in.rule == MCT_DUP_RULE_REVIEWER ? "reviewer"
                                                         : "automation");
    }
}

static void tsv_list(FILE *f, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(i ? "; " : "", f);
        tsv_field(f, l[i]);
    }
}

/* One field of both records: "a<TAB>b". */
static void both(FILE *f, const char *a, const char *b)
{
    fputc('\t', f);
    tsv_field(f, a);
    fputc('\t', f);
    tsv_field(f, b);
}

/* The pairs put to the reviewer, both records side by side. The first
 * three columns are a decisions file once the decision is filled in. */
static void possible_tsv(FILE *f, const screened *s)
{
    char ra[512], rb[512];
    fputs("ref_a\tref_b\tdecision\treason\tsimilarity\ttitle_a\ttitle_b\t"
          "year_a\tyear_b\tdoi_a\tdoi_b\tauthors_a\tauthors_b\tvenue_a\t"
          "venue_b\tsource_a\tsource_b\tid_a\tid_b\tfile_a\tline_a\t"
          "file_b\tline_b\n",
          f);
    for (size_t i = 0; s->dd && i < s->pairs; i++) {
        mct_dup_pair p;
        const mct_record *a, *b;
        mct_dedup_pair(s->dd, i, &p);
        a = mct_records_get(s->all, p.a);
        b = mct_records_get(s->all, p.b);
        mct_dedup_record_ref(s->all, p.a, ra, sizeof ra);
        mct_dedup_record_ref(s->all, p.b, rb, sizeof rb);
        fprintf(f, "%s\t%s\t%s\t%s\t%.4f", ra, rb,
                mct_decision_name(p.decision), mct_doubt_name(p.reason),
                p.similarity);
        both(f, a->title, b->title);
        fprintf(f, "\t%d\t%d", a->year, b->year);
        both(f, a->doi, b->doi);
        fputc('\t', f);
        tsv_list(f, a->authors, a->n_authors);
        fputc('\t', f);
        tsv_list(f, b->authors, b->n_authors);
        both(f, a->venue, b->venue);
        both(f, a->source, b->source);
        both(f, a->id, b->id);
        fputc('\t', f);
        tsv_field(f, a->file);
        fprintf(f, "\t%zu\t", a->line);
        tsv_field(f, b->file);
        fprintf(f, "\t%zu\n", b->line);
    }
}

static void excluded_tsv(FILE *f, const screened *s)
{
    char yb[16];
    fputs("id\tdoi\tyear\ttitle\tstage\treason\n", f);
    for (size_t k = 0; k < mct_records_count(s->kept); k++) {
        const mct_record *r = mct_records_get(s->kept, k);
        if (s->state[k] == ST_INCLUDED)
            continue;
        tsv_field(f, r->id);
        fputc('\t', f);
        tsv_field(f, r->doi);
        fprintf(f, "\t%s\t", year_text(r->year, yb));
        tsv_field(f, r->title);
        fprintf(f, "\t%s\t", s->state[k] == ST_AUTOMATION ? "automation"
                                                          : "screening");
        tsv_field(f, s->reason[k] ? s->reason[k] : "");
        fputc('\n', f);
    }
}

bool prisma_write(outdir *o, const screened *s)
{
    FILE *f;
    if (!(f = outdir_open(o, "prisma.svg")))
        return false;
    prisma_svg(f, s, true);
    if (!outdir_close(o, f, "prisma.svg") ||
        !(f = outdir_open(o, "PRISMA.csv")))
        return false;
    prisma_csv(f, s);
    if (!outdir_close(o, f, "PRISMA.csv") ||
        !(f = outdir_open(o, "included.csv")))
        return false;
    records_csv(f, s, ST_INCLUDED);
    if (!outdir_close(o, f, "included.csv") || !included_jsonl(o, s) ||
        !(f = outdir_open(o, "duplicates.tsv")))
        return false;
    duplicates_tsv(f, s);
    if (!outdir_close(o, f, "duplicates.tsv") ||
        !(f = outdir_open(o, "possible-duplicates.tsv")))
        return false;
    possible_tsv(f, s);
    if (!outdir_close(o, f, "possible-duplicates.tsv") ||
        !(f = outdir_open(o, "excluded.tsv")))
        return false;
    excluded_tsv(f, s);
    return outdir_close(o, f, "excluded.tsv");
}

static void print_counts(const screened *s)
{
    printf("Identification\n");
    for (size_t i = 0; i < s->n_src; i++)
        printf("  records identified from %-18s %zu\n", s->src[i].name,
               s->src[i].n);
    printf("  records identified in total         %zu\n", s->identified);
    printf("  duplicate records removed           %zu\n", s->duplicates);
    printf("    by automation                     %zu\n",
           s->duplicates - s->dup_reviewer);
    printf("    by the reviewer                   %zu\n", s->dup_reviewer);
    printf("  possible duplicates (undecided)     %zu (%zu)\n", s->pairs,
           s->pairs_undecided);
    printf("  ineligible by query or years        %zu\n", s->automation);
    printf("Screening\n  records screened                    %zu\n",
           s->screened);
    printf("  records excluded                    %zu\n", s->excluded);
    for (size_t i = 0; i < s->n_reasons; i++)
        printf("    %-33s %zu\n", s->reasons[i], s->reason_n[i]);
    printf("Included\n  studies included in the review      %zu\n",
           s->included);
}

/* ---- what prisma and trends share ---------------------------------------- */

void print_json(cJSON *j)
{
    char *t = j ? cJSON_Print(j) : NULL;
    if (t)
        printf("%s\n", t);
    cJSON_free(t);
    cJSON_Delete(j);
}

int screen_cmd_begin(screen_cmd *a, const char *cmd, const char *help,
                     int argc, char **argv)
{
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&a->out),
        CLI_OPTS_SCREEN(&a->so),
        CLI_OPT_JSON(&a->c),
        CLI_OPT_QUIET(&a->c),
        CLI_OPT_END};
    int first, st;
    memset(a, 0, sizeof *a);
    a->so.format = MCT_FORMAT_AUTO;
    a->so.dedup = true;
    if ((st = cli_parse(opts, help, argc, argv, &first)) ||
        (st = cli_operands(cmd, argc, argv, first, true, NULL, &a->inputs,
                           &a->n_inputs)))
        return st;
    if (a->out && !outdir_begin(&a->od, a->out))
        return CLI_FAIL;
    a->so.outdir = a->out;
    if (!screen_run(a->inputs, a->n_inputs, &a->so, &a->c, &a->s)) {
        if (a->out)
            outdir_abort(&a->od);
        return CLI_FAIL;
    }
    a->began = true;
    return CLI_OK;
}

bool screen_cmd_commit(screen_cmd *a, bool written)
{
    if (!a->out)
        return written;
    if (written && outdir_commit(&a->od))
        return true;
    if (!written)
        outdir_abort(&a->od);
    return false;
}

void screen_cmd_free(screen_cmd *a)
{
    if (a->began)
        screen_free(&a->s);
}

int cmd_prisma(int argc, char **argv)
{
    screen_cmd a;
    int st = screen_cmd_begin(&a, "prisma", usage, argc, argv);
    if (st)
        return st == CLI_HELP ? CLI_OK : st;
    if (screen_cmd_commit(&a, !a.out || prisma_write(&a.od, &a.s))) {
        if (a.c.json)
            print_json(prisma_json(&a.s));
        else
            print_counts(&a.s);
        if (a.out)
            cli_note(&a.c, "wrote %s/prisma.svg, PRISMA.csv, included.csv, "
                           "included.jsonl, duplicates.tsv, "
                           "possible-duplicates.tsv, excluded.tsv",
                     a.out);
    } else {
        st = CLI_FAIL;
    }
    screen_cmd_free(&a);
    return st;
}

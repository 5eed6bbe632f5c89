/*
 * mct_records.h - bibliographic records: one model for every source.
 *
 * A record set owns its records. Records are read-only views; every string
 * field is non-NULL ("" when the source has no value) and stays valid
 * until the set is freed. Reading appends to a set, so records from
 * several files can be merged later.
 *
 * Memory: a set stores each distinct string once and its records in
 * blocks that never move; mct_records_read reads JSON Lines, Web of
 * Science plain text and RIS files a block at a time, so that memory
 * grows with the records, not with the file (docs/memory.md). Sets made
 * from a set (the kept records of a de-duplication, those of a
 * screening) share its strings and keep them alive: either may be freed
 * first, from any thread.
 *
 * Thread safety: a set is not thread-safe; several threads may read one
 * set (count, get, to_docs, write, or pass it as a const argument) at
 * once while no thread adds to it.
 */
#ifndef MCT_RECORDS_H
#define MCT_RECORDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_text.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * File formats. MCT_FORMAT_AUTO detects the format from the content; a
 * file that is none of these is refused (MCT_EUNSUPPORTED) rather than
 * guessed. Plain text (MCT_FORMAT_LINES) is detected only where the file
 * cannot be anything else: no JSON, no tagged lines, no header of
 * delimited columns. docs/user-guide.md maps each format's fields.
 */
typedef enum mct_format {
    MCT_FORMAT_AUTO = 0,
    /* The project's JSON Lines records (one JSON object per line). */
    MCT_FORMAT_JSONL = 1,
    /* Plain text, one title per line. */
    MCT_FORMAT_LINES = 2,
    /* Scopus CSV export. */
    MCT_FORMAT_SCOPUS_CSV = 3,
    /* Web of Science plain-text export (FN/VR, tags, PT...ER, EF). */
    MCT_FORMAT_WOS_TEXT = 4,
    /* Web of Science tab-delimited export (UTF-8 or UTF-16LE). */
    MCT_FORMAT_WOS_TAB = 5,
    /* RIS (TY...ER), as Scopus and Web of Science write it. */
    MCT_FORMAT_RIS = 6,
    /* OpenAlex web-interface CSV (columns named after the work object's
     * fields, several values joined by '|'). */
    MCT_FORMAT_OPENALEX_CSV = 7,
    /* OpenAlex works API JSON: a response page ({"meta", "results"}), an
     * array of works, or works one per line (JSON Lines). */
    MCT_FORMAT_OPENALEX_JSON = 8,
    /* Lens.org scholarly works CSV export. */
    MCT_FORMAT_LENS_CSV = 9,
    /* PubMed / MEDLINE text (.nbib, "PubMed format"). */
    MCT_FORMAT_PUBMED = 10,
    /* BibTeX (Scopus, Web of Science, Zotero, JabRef, ...). */
    MCT_FORMAT_BIBTEX = 11,
    /* CSL-JSON (Zotero, Mendeley): an array of items. */
    MCT_FORMAT_CSL_JSON = 12
} mct_format;

/* Short name of a format ("jsonl", "scopus-csv", "pubmed", ...). */
MCT_API const char *mct_format_name(mct_format f);

/*
 * Format from its short name, or one of the aliases "text", "titles",
 * "scopus", "csv", "wos", "wos-txt", "json", "ndjson", "openalex"
 * (openalex-json), "lens", "nbib", "medline", "bib", "csl";
 * MCT_ENOTFOUND for an unknown name.
 */
MCT_API mct_status mct_format_parse(const char *name, mct_format *out);

/* One record. Fields the source does not have are "" (or 0 / -1). */
typedef struct mct_record {
    const char *source;      /* "scopus", "wos", "ris", "jsonl", "lines",
                                "openalex", "lens", "pubmed", "bibtex",
                                "csl" */
    const char *id;          /* Scopus EID, WoS UT, PMID, OpenAlex W id,
                                Lens ID, BibTeX key, RIS/JSONL/CSL id,
                                or "" */
    const char *title;
    const char *const *authors; /* "Family, Initials" as the source has */
    size_t n_authors;
    int year;                /* 0 when unknown */
    const char *venue;       /* journal, book or conference */
    const char *doi;         /* as given (see mct_doi_normalize) */
    const char *abstract;
    const char *const *keywords;       /* author keywords */
    size_t n_keywords;
    const char *const *index_keywords; /* Keywords Plus / indexed terms */
    size_t n_index_keywords;
    const char *doc_type;
    const char *language;
    long cited_by;           /* -1 when unknown */
    const char *file;        /* the file it was read from */
    size_t line;             /* the line its record starts on */
    const char *const *categories; /* subject categories (WoS WC, Lens
                                      fields of study, OpenAlex topics'
                                      subfields) */
    size_t n_categories;
} mct_record;

typedef struct mct_records mct_records;

/* Creates an empty set. MCT_ENOMEM when out of memory. */
MCT_API mct_status mct_records_new(mct_records **out);

/*
 * Reads a file and appends its records. fmt MCT_FORMAT_AUTO detects the
 * format; content that is no format read is MCT_EUNSUPPORTED, with diag
 * saying what it looks like and which formats are read. The number of
 * records read goes to *n_read (may be NULL). A record that cannot be
 * parsed stops the read with MCT_EPARSE (or MCT_EUTF8) and diag names its
 * line; on failure the set is unchanged. A file with no record is
 * MCT_EEMPTY.
 */
MCT_API mct_status mct_records_read(mct_records *r, const char *path,
                                    mct_format fmt, size_t *n_read,
                                    mct_diag *diag);

/* The same from a buffer, with the same errors (but MCT_EIO); name is
 * used as the records' file. */
MCT_API mct_status mct_records_parse(mct_records *r, const char *data,
                                     size_t len, const char *name,
                                     mct_format fmt, size_t *n_read,
                                     mct_diag *diag);

/*
 * Detects the format of a buffer, as MCT_FORMAT_AUTO reading does:
 * MCT_FORMAT_AUTO when it is none of the formats read.
 */
MCT_API mct_format mct_records_detect(const char *data, size_t len);

/* Number of records. */
MCT_API size_t mct_records_count(const mct_records *r);

/* Record i, or NULL when out of range. */
MCT_API const mct_record *mct_records_get(const mct_records *r, size_t i);

/*
 * Appends a copy of a record (from any set). Strings are copied; NULL
 * string fields are taken as "". Errors: MCT_EINVAL for NULL arguments,
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_records_add(mct_records *r, const mct_record *rec);

/* Which text of a record a text pipeline reads. */
typedef enum mct_field {
    MCT_FIELD_TITLE = 0,
    MCT_FIELD_ABSTRACT = 1,
    MCT_FIELD_KEYWORDS = 2,
    /* Title, abstract and keywords together. */
    MCT_FIELD_ALL = 3,
    /* The abstract, or title and keywords where there is no abstract. */
    MCT_FIELD_TEXT = 4
} mct_field;

/* Field from its name ("title", "abstract", "keywords", "all", "text");
 * MCT_ENOTFOUND for another name. */
MCT_API mct_status mct_field_parse(const char *name, mct_field *out);

/*
 * Appends one document per record (in record order) with the chosen text;
 * keywords are joined with "; ". Every record gives a document, empty
 * when the record has no such text, so rows stay aligned with records;
 * each document's line is its record's line. Errors: MCT_EINVAL for NULL
 * arguments, MCT_ENOMEM.
 */
MCT_API mct_status mct_records_to_docs(const mct_records *r, mct_field f,
                                       mct_docs *out);

/*
 * Writes the records as JSON Lines (the format MCT_FORMAT_JSONL reads),
 * one object per record with every field; unknown years and citation
 * counts are null. Written atomically. Errors: MCT_EIO (diag says why),
 * MCT_ENOMEM.
 */
MCT_API mct_status mct_records_write_jsonl(const mct_records *r,
                                           const char *path, mct_diag *diag);

/* Frees the set. NULL is a no-op. */
MCT_API void mct_records_free(mct_records *r);

#ifdef __cplusplus
}
#endif
#endif /* MCT_RECORDS_H */

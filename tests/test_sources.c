/*
 * test_sources.c - the readers added for issue 15: OpenAlex (API JSON,
 * web CSV), Lens.org CSV, PubMed/MEDLINE, BibTeX, CSL-JSON. The real
 * samples in ../shared are read in place and checked against a plain
 * reading of the files (record markers and abstract lines counted here,
 * fields as the files spell them); the OpenAlex web CSV and the Lens.org
 * CSV, of which no open sample exists, are built from their published
 * column lists. Every format gets malformed cases, and detection refuses
 * what it does not know.
 */
#include <strings.h>

#include "mctext.h"
#include "records.h"
#include "tap.h"

static char samples[4200];

static mct_status parse(mct_records *r, const char *s, mct_format f,
                        mct_diag *d)
{
    return mct_records_parse(r, s, strlen(s), "test", f, NULL, d);
}

static const mct_record *last(const mct_records *r)
{
    return mct_records_get(r, mct_records_count(r) - 1);
}

/* Lines of a file that start with prefix (after leading white space when
 * skip_ws; without case when nocase). */
static size_t count_lines(const char *path, const char *prefix, bool skip_ws,
                          bool nocase)
{
    FILE *f = fopen(path, "rb");
    char line[1 << 16];
    size_t n = 0, k = strlen(prefix);
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        const char *p = line;
        while (skip_ws && (*p == ' ' || *p == '\t'))
            p++;
        if (nocase ? !strncasecmp(p, prefix, k) : !strncmp(p, prefix, k))
            n++;
    }
    fclose(f);
    return n;
}

/* Occurrences of s in a file. */
static size_t count_in(const char *path, const char *s)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, k = strlen(s), len;
    char *buf, *p;
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    buf = calloc(len + 1, 1);
    if (buf && fread(buf, 1, len, f) == len)
        for (p = buf; (p = strstr(p, s)) != NULL; p += k)
            n++;
    free(buf);
    fclose(f);
    return n;
}

static size_t with_abstract(const mct_records *r, size_t from)
{
    size_t n = 0;
    for (size_t i = from; i < mct_records_count(r); i++)
        n += mct_records_get(r, i)->abstract[0] != '\0';
    return n;
}

static size_t read_sample(mct_records *r, const char *name,
                          mct_format want)
{
    char path[4400];
    mct_diag d;
    size_t n = 0;
    mct_status rc;
    char *data;
    size_t len;
    snprintf(path, sizeof path, "%s/%s", samples, name);
    if (mct__read_file(path, &data, &len, NULL) == MCT_OK) {
        OK(mct_records_detect(data, len) == want, "%s detected as %s (%s)",
           name, mct_format_name(want),
           mct_format_name(mct_records_detect(data, len)));
        mct__free(data);
    }
    rc = mct_records_read(r, path, MCT_FORMAT_AUTO, &n, &d);
    if (rc)
        DIAG("%s: line %zu: %s", name, d.line, d.msg);
    return n;
}

/* ---- the real samples -------------------------------------------------- */

static void test_openalex_sample(void)
{
    mct_records *r = NULL;
    char path[4400];
    const mct_record *x;
    size_t n;
    mct_records_new(&r);
    n = read_sample(r, "openalex/openalexpro-works-page.json",
                    MCT_FORMAT_OPENALEX_JSON);
    snprintf(path, sizeof path, "%s/openalex/openalexpro-works-page.json",
             samples);
    OK(n == 25 && n == count_in(path, "\"abstract_inverted_index\":{") &&
           with_abstract(r, 0) == 25,
       "OpenAlex page: %zu works, each with its abstract rebuilt", n);
    x = mct_records_get(r, 0);
    OK(x && !strcmp(x->source, "openalex") && !strcmp(x->id, "W1984314264") &&
           !strcmp(x->doi, "10.1111/j.1936-704x.2009.00057.x") &&
           x->year == 2009 && x->cited_by == 7 &&
           !strcmp(x->title, "Problem\xE2\x80\x90" "Centered vs. Discipline"
                             "\xE2\x80\x90" "Centered Research for the "
                             "Exploration of Sustainability") &&
           !strcmp(x->venue, "Journal of Contemporary Water Research & "
                             "Education") &&
           x->n_authors == 1 && !strcmp(x->authors[0], "William J. Smith") &&
           !strncmp(x->abstract, "The western states are experiencing "
                                 "increasing water supply challenges",
                    70) &&
           !strcmp(x->doc_type, "article") && !strcmp(x->language, "en") &&
           x->n_categories == 3 && !strcmp(x->categories[0],
                                           "Ocean Engineering"),
       "OpenAlex work 1: id, DOI, year, title, venue, author, abstract in "
       "word order, topics' subfields");
    x = mct_records_get(r, 1);
    OK(x && x->n_authors == 2 && !strcmp(x->authors[1], "Jay R. Lund") &&
           x->n_index_keywords == 2 &&
           !strcmp(x->index_keywords[0], "Dike"),
       "OpenAlex work 2: two authors, keywords as indexed keywords");
    x = last(r);
    OK(x && !strcmp(x->id, "W4298043876") && x->year == 1995 &&
           x->n_authors == 0 && !strcmp(x->venue, "Kyklos"),
       "OpenAlex work 25: no authors, venue");
    mct_records_free(r);
}

static void test_pubmed_samples(void)
{
    mct_records *r = NULL;
    char path[4400];
    const mct_record *x;
    size_t n;
    mct_records_new(&r);
    n = read_sample(r, "pubmed/revtools-restoration.nbib", MCT_FORMAT_PUBMED);
    snprintf(path, sizeof path, "%s/pubmed/revtools-restoration.nbib",
             samples);
    OK(n == 104 && n == count_lines(path, "PMID-", false, false) &&
           with_abstract(r, 0) == count_lines(path, "AB  -", false, false),
       "PubMed .nbib: %zu records (PMID- lines), %zu abstracts (AB lines)",
       n, with_abstract(r, 0));
    x = mct_records_get(r, 0);
    OK(x && !strcmp(x->source, "pubmed") && !strcmp(x->id, "30689646") &&
           !strcmp(x->title, "Ecosystem services changes between 2000 and "
                             "2015 in the Loess Plateau, China: A response "
                             "to ecological restoration.") &&
           x->year == 2019 && !strcmp(x->doi, "10.1371/journal.pone.0209483") &&
           x->n_authors == 5 && !strcmp(x->authors[0], "Wu, Dan") &&
           !strcmp(x->venue, "PloS one") && x->line == 2 &&
           !strncmp(x->abstract, "The Loess Plateau of China is one of the "
                                 "most severe soil and water loss areas in "
                                 "the world. Since 1999",
                    95),
       "PubMed record 1: PMID, title across a continuation line, DP, LID "
       "doi, FAU, JT, abstract joined");
    x = mct_records_get(r, 1);
    OK(x && x->n_keywords == 5 && !strcmp(x->keywords[0],
                                          "ecological restoration"),
       "PubMed record 2: OT as author keywords");
    n = read_sample(r, "pubmed/pybibx-mcda.txt", MCT_FORMAT_PUBMED);
    x = mct_records_get(r, 104);
    OK(n == 10 && x && !strcmp(x->id, "36206242") && x->year == 2022 &&
           !strcmp(x->authors[0], "Mazurek, Ji\xC5\x99\xC3\xAD") &&
           !strcmp(x->doi, "10.1371/journal.pone.0268950") &&
           x->n_index_keywords == 4 &&
           !strcmp(x->index_keywords[3], "Monte Carlo Method") &&
           strstr(x->abstract, "weights of criteria constitute"),
       "MEDLINE .txt with CRLF: %zu records, UTF-8 names, MH headings", n);
    mct_records_free(r);
}

static void test_bibtex_samples(void)
{
    mct_records *r = NULL;
    char path[4400];
    const mct_record *x;
    size_t n;
    mct_records_new(&r);
    n = read_sample(r, "bibtex/pybibx-scopus.bib", MCT_FORMAT_BIBTEX);
    snprintf(path, sizeof path, "%s/bibtex/pybibx-scopus.bib", samples);
    OK(n == 24 && n == count_lines(path, "@", false, false) &&
           with_abstract(r, 0) == count_lines(path, "abstract =", true, true),
       "Scopus BibTeX: %zu entries, %zu abstracts", n, with_abstract(r, 0));
    x = mct_records_get(r, 0);
    OK(x && !strcmp(x->source, "scopus") &&
           !strcmp(x->id, "2-s2.0-85083087417") && x->year == 2020 &&
           !strcmp(x->title, "Base-criterion on multi-criteria "
                             "decision-making method and its applications") &&
           x->n_authors == 3 && !strcmp(x->authors[2], "Sana, Shib Sankar") &&
           !strcmp(x->doi, "10.1080/17509653.2019.1633964") &&
           x->cited_by == 52 && x->n_keywords == 5 &&
           !strcmp(x->doc_type, "Article"),
       "Scopus BibTeX entry 1: EID from the url, authors, author_keywords, "
       "cited by from the note");
    x = mct_records_get(r, 1);
    OK(x && x->n_index_keywords == 9 && !strcmp(x->index_keywords[0],
                                                "Backpropagation"),
       "Scopus BibTeX: keywords are the index keywords");
    x = last(r);
    OK(x && !strcmp(x->authors[2], "Pel\xC3\xA1" "ez, Jos\xC3\xA9 Ignacio"),
       "Scopus BibTeX: UTF-8 names kept");
    n = read_sample(r, "bibtex/pybibx-wos.bib", MCT_FORMAT_BIBTEX);
    snprintf(path, sizeof path, "%s/bibtex/pybibx-wos.bib", samples);
    x = mct_records_get(r, 24);
    OK(n == 29 && n == count_lines(path, "@", false, false) &&
           with_abstract(r, 24) == count_lines(path, "Abstract = ", false,
                                               false),
       "Web of Science BibTeX: %zu entries", n);
    OK(x && !strcmp(x->source, "wos") && !strcmp(x->id, "WOS:000278542800018") &&
           !strcmp(x->title, "Estimation of missing judgments in AHP "
                             "pairwise matrices using a neural network-based "
                             "model") &&
           x->n_categories == 1 && !strcmp(x->categories[0],
                                           "Mathematics, Applied") &&
           x->n_keywords == 5 && !strcmp(x->keywords[3],
                                         "Multi-Layer Perceptron") &&
           x->n_index_keywords == 3 && x->cited_by == 29 &&
           !strcmp(x->venue, "APPLIED MATHEMATICS AND COMPUTATION"),
       "WoS BibTeX entry 1: key as UT, title across lines, keywords joined "
       "across lines, Keywords-Plus, categories split at ';' only");
    n = read_sample(r, "bibtex/jabref-authors.bib", MCT_FORMAT_BIBTEX);
    snprintf(path, sizeof path, "%s/bibtex/jabref-authors.bib", samples);
    OK(n == 212 && n == count_lines(path, "@", false, false) -
                            count_lines(path, "@Comment", false, true),
       "JabRef library: %zu entries, @Comment blocks skipped", n);
    x = mct_records_get(r, 53);
    OK(x && !strcmp(x->id, "GarridoKallstromKummEtAl2016") &&
           !strcmp(x->title, "CORDIC II: A New Improved CORDIC Algorithm"),
       "JabRef entry 1: case-protecting braces dropped");
    x = mct_records_get(r, 54);
    OK(x && !strcmp(x->authors[1], "H\xC3\xA5kan Johansson") &&
           !strcmp(x->doc_type, "Conference Paper"),
       "JabRef: H{\\aa}kan is H\xC3\xA5kan; @InProceedings is a conference "
       "paper");
    {
        bool seen = false;
        for (size_t i = 53; i < mct_records_count(r); i++)
            seen |= !strcmp(mct_records_get(r, i)->title,
                            "Partner\xC3\xBC" "bergreifende Gesch\xC3\xA4"
                            "ftsprozesse und ihre Realisierung in BPEL");
        OK(seen, "JabRef: {\\\"{u}} and {\\\"{a}} are \xC3\xBC and \xC3\xA4");
    }
    mct_records_free(r);
}

static void test_csl_samples(void)
{
    mct_records *r = NULL;
    char path[4400];
    const mct_record *x;
    size_t n;
    mct_records_new(&r);
    n = read_sample(r, "csl-json/latin-greek-terminology.json",
                    MCT_FORMAT_CSL_JSON);
    snprintf(path, sizeof path, "%s/csl-json/latin-greek-terminology.json",
             samples);
    OK(n == 210 && n == count_in(path, "\"title\"") &&
           with_abstract(r, 0) == count_in(path, "\"abstract\""),
       "CSL-JSON (Zotero): %zu items, %zu abstracts", n, with_abstract(r, 0));
    x = mct_records_get(r, 0);
    OK(x && !strcmp(x->source, "csl") && !strcmp(x->id, "borror:1960dictionary") &&
           x->year == 1960 && x->n_authors == 1 &&
           !strcmp(x->authors[0], "Borror, Donald J.") &&
           !strcmp(x->doc_type, "book") && x->line == 2,
       "CSL item 1: year from string date-parts, family, given");
    x = mct_records_get(r, 1);
    OK(x && x->n_authors == 0 && x->year == 1982,
       "CSL item 2: editors only, so no authors");
    x = mct_records_get(r, 2);
    OK(x && !strcmp(x->venue, "Bulletin of the Medical Library Association") &&
           x->year == 1948,
       "CSL item 3: container-title, date-parts with a month");
    n = read_sample(r, "csl-json/obsidian-citation-library.json",
                    MCT_FORMAT_CSL_JSON);
    x = mct_records_get(r, 210);
    OK(n == 5 && x && !strcmp(x->doi, "10.2113/0540001") && x->year == 2003 &&
           x->line == 2 && mct_records_get(r, 211)->line == 3 &&
           !strcmp(mct_records_get(r, 211)->authors[3], "Zuidema, Willem"),
       "CSL (mixed layout): %zu items, numeric date-parts, lines", n);
    mct_records_free(r);
}

/* ---- CSVs from the published column lists ---------------------------- */

/*
 * OpenAlex's web export names its columns after the work object's
 * fields (docs.openalex.org, "Work object"), flattened with dots, and
 * joins several values with '|'.
 */
static void test_openalex_csv(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char doc[] =
        "id,doi,title,display_name,publication_year,publication_date,"
        "language,type,cited_by_count,primary_location.source.display_name,"
        "authorships.author.display_name,authorships.author.orcid,"
        "keywords.display_name,topics.subfield.display_name,"
        "abstract_inverted_index,is_retracted\n"
        "https://openalex.org/W1,https://doi.org/10.1/A,\"Open badges, "
        "micro-credentials\",\"Open badges, micro-credentials\",2021,"
        "2021-03-01,en,article,12,Journal X,Ann Lee|Bo Chen,|,"
        "badges|credentials,Education,\"{\"\"world\"\":[1],\"\"hello\"\":"
        "[0,2]}\",false\n"
        "https://openalex.org/W2,,Second work,Second work,,2019-05-01,,"
        "book-chapter,0,,,,,,,false\n";
    const char moved[] = /* reordered, one column added, several gone */
        "publication_year,new_column,display_name,id,"
        "authorships.author.display_name\n"
        "2020,x,Moved columns,https://openalex.org/W3,Cy Dee\n";
    mct_records_new(&r);
    OK(mct_records_detect(doc, sizeof doc - 1) == MCT_FORMAT_OPENALEX_CSV &&
           parse(r, doc, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 2,
       "OpenAlex web CSV detected and read: %s", d.msg);
    {
        const mct_record *x = mct_records_get(r, 0), *y = last(r);
        OK(!strcmp(x->id, "W1") && !strcmp(x->doi, "10.1/A") &&
               !strcmp(x->title, "Open badges, micro-credentials") &&
               x->year == 2021 && x->n_authors == 2 &&
               !strcmp(x->authors[1], "Bo Chen") && x->cited_by == 12 &&
               !strcmp(x->abstract, "hello world hello") &&
               x->n_index_keywords == 2 && x->n_categories == 1 &&
               !strcmp(x->venue, "Journal X") && x->line == 2,
           "OpenAlex CSV: '|' lists, inverted-index abstract, prefixes "
           "dropped");
        OK(y->year == 2019 && y->n_authors == 0 && y->line == 3,
           "OpenAlex CSV: year from publication_date");
    }
    OK(parse(r, moved, MCT_FORMAT_OPENALEX_CSV, &d) == MCT_OK &&
           !strcmp(last(r)->title, "Moved columns") && last(r)->year == 2020 &&
           !strcmp(last(r)->id, "W3"),
       "OpenAlex CSV: columns reordered, added and removed");
    {
        const char wide[] = "id,title\nW1,a\nW2,b,c\n";
        const char year[] = "id,title,publication_year\nW1,a,20x1\n";
        const char noti[] = "id,publication_year\nW1,2020\n";
        OK(parse(r, wide, MCT_FORMAT_OPENALEX_CSV, &d) == MCT_EPARSE &&
               d.line == 3,
           "OpenAlex CSV: a row wider than the header: line %zu: %s", d.line,
           d.msg);
        OK(parse(r, year, MCT_FORMAT_OPENALEX_CSV, &d) == MCT_EPARSE &&
               d.line == 2,
           "OpenAlex CSV: a bad year: %s", d.msg);
        OK(parse(r, noti, MCT_FORMAT_OPENALEX_CSV, &d) == MCT_EPARSE &&
               strstr(d.msg, "title"),
           "OpenAlex CSV: no title column: %s", d.msg);
    }
    mct_records_free(r);
}

/* The Lens.org scholarly export's columns (support.lens.org, "Scholar
 * field definition"; the export names them as below). */
static void test_lens_csv(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char doc[] =
        "\xEF\xBB\xBF" "Lens ID,Title,Date Published,Publication Year,"
        "Publication Type,Source Title,ISSNs,Publisher,Source Country,"
        "Author/s,Abstract,Volume,Issue Number,Start Page,End Page,"
        "Fields of Study,Keywords,MeSH Terms,Chemicals,Funding,Source URLs,"
        "External URL,PMID,DOI,Microsoft Academic ID,PMCID,"
        "Citing Patents Count,References,Citing Works Count,Is Open Access,"
        "Open Access License,Open Access Colour\r\n"
        "000-111-222-333-444,\"Badges; a review\",2022-01-10,2022,"
        "journal article,Comput. Educ.,0360-1315,Elsevier,United Kingdom,"
        "Ann Lee; Bo Chen,\"An abstract, with a comma.\",170,,1,10,"
        "Education; Computer science,open badges; micro-credentials,"
        "Humans; Learning,,,https://x,https://y,,10.1016/j.compedu.2022.1,"
        ",,0,,7,true,cc-by,gold\r\n";
    const char moved[] = "Title,Author/s,Lens ID,Year Published,Extra\n"
                         "Moved,Al Bo,999,2018,x\n";
    mct_records_new(&r);
    OK(mct_records_detect(doc, sizeof doc - 1) == MCT_FORMAT_LENS_CSV &&
           parse(r, doc, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 1,
       "Lens.org CSV detected and read: %s", d.msg);
    {
        const mct_record *x = last(r);
        OK(!strcmp(x->source, "lens") && !strcmp(x->id, "000-111-222-333-444") &&
               !strcmp(x->title, "Badges; a review") && x->year == 2022 &&
               x->n_authors == 2 && !strcmp(x->authors[1], "Bo Chen") &&
               !strcmp(x->abstract, "An abstract, with a comma.") &&
               x->n_keywords == 2 && x->n_index_keywords == 2 &&
               x->n_categories == 2 &&
               !strcmp(x->doi, "10.1016/j.compedu.2022.1") &&
               x->cited_by == 7 && !strcmp(x->venue, "Comput. Educ.") &&
               !strcmp(x->doc_type, "journal article"),
           "Lens fields: authors, keywords, MeSH, fields of study, DOI, "
           "citing works");
    }
    OK(parse(r, moved, MCT_FORMAT_LENS_CSV, &d) == MCT_OK &&
           !strcmp(last(r)->title, "Moved") && last(r)->year == 2018,
       "Lens CSV: columns reordered, added and removed");
    {
        const char quote[] = "Lens ID,Title\n1,\"open\n2,b\n";
        const char year[] = "Lens ID,Title,Publication Year\n1,a,MMXX\n";
        OK(parse(r, quote, MCT_FORMAT_LENS_CSV, &d) == MCT_EPARSE &&
               d.line == 2,
           "Lens CSV: an unterminated quote: line %zu: %s", d.line, d.msg);
        OK(parse(r, year, MCT_FORMAT_LENS_CSV, &d) == MCT_EPARSE &&
               d.line == 2,
           "Lens CSV: a bad year: %s", d.msg);
    }
    mct_records_free(r);
}

/* ---- hand-made cases of the other formats ---------------------------- */

static void test_openalex_json_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char lines[] =
        "{\"id\":\"https://openalex.org/W9\",\"title\":\"A\",\"publication_"
        "year\":2020,\"abstract_inverted_index\":{\"b\":[1],\"a\":[0]}}\n"
        "\n"
        "{\"id\":\"https://openalex.org/W8\",\"display_name\":\"B\","
        "\"publication_date\":\"2018-02-01\",\"abstract_inverted_index\":"
        "null,\"host_venue\":{\"display_name\":\"V\"}}\n";
    const char array[] = "[\n {\"id\":\"https://openalex.org/W1\",\"title\":"
                         "\"x\",\"publication_year\":2001},\n {\"id\":"
                         "\"https://openalex.org/W2\",\"title\":\"y\"}\n]\n";
    mct_records_new(&r);
    OK(parse(r, lines, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 2 && !strcmp(mct_records_get(r, 0)->abstract,
                                                "a b") &&
           last(r)->year == 2018 && !strcmp(last(r)->venue, "V") &&
           last(r)->line == 3,
       "OpenAlex JSON Lines: works one per line, older host_venue: %s",
       d.msg);
    OK(parse(r, array, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 4 && last(r)->line == 3,
       "OpenAlex: an array of works, each with its line");
    {
        const char trunc[] = "{\"meta\":{},\"results\":[{\"id\":\"https://"
                             "openalex.org/W1\",\"title\":\"x\"},\n{\"id\":";
        const char notitle[] = "{\"id\":\"https://openalex.org/W5\","
                               "\"title\":null}\n";
        const char badidx[] = "{\"id\":\"https://openalex.org/W6\",\"title\":"
                              "\"t\",\"abstract_inverted_index\":{\"a\":"
                              "[\"x\"]}}\n";
        const char third[] = "{\"id\":\"https://openalex.org/W1\",\"title\":"
                             "\"a\"}\n{\"id\":\"https://openalex.org/W2\","
                             "\"title\":\"b\"}\n{\"id\": oops}\n";
        OK(parse(r, trunc, MCT_FORMAT_OPENALEX_JSON, &d) == MCT_EPARSE &&
               d.line == 2,
           "OpenAlex: a truncated page: line %zu: %s", d.line, d.msg);
        OK(parse(r, notitle, MCT_FORMAT_OPENALEX_JSON, &d) == MCT_EPARSE &&
               strstr(d.msg, "W5"),
           "OpenAlex: a work without a title is named: %s", d.msg);
        OK(parse(r, badidx, MCT_FORMAT_OPENALEX_JSON, &d) == MCT_EPARSE,
           "OpenAlex: a bad inverted index: %s", d.msg);
        OK(parse(r, third, MCT_FORMAT_OPENALEX_JSON, &d) == MCT_EPARSE &&
               d.line == 3,
           "OpenAlex JSON Lines: bad JSON on line %zu: %s", d.line, d.msg);
    }
    OK(mct_records_count(r) == 4, "failed reads leave the set as it was");
    mct_records_free(r);
}

static void test_pubmed_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char good[] = "PMID- 1\nTI  - A title\n      that goes on\n"
                        "AU  - Smith J\nDP  - 2020 Jan\nMH  - *Humans\n"
                        "MH  - Soil/*chemistry\nAID - 10.1/x [doi]\n\n"
                        "PMID- 2\nTI  - B\nCN  - A Group\n";
    mct_records_new(&r);
    OK(parse(r, good, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 2 &&
           !strcmp(mct_records_get(r, 0)->title, "A title that goes on") &&
           !strcmp(mct_records_get(r, 0)->authors[0], "Smith J") &&
           !strcmp(mct_records_get(r, 0)->index_keywords[1],
                   "Soil/chemistry") &&
           !strcmp(mct_records_get(r, 0)->doi, "10.1/x") &&
           !strcmp(last(r)->authors[0], "A Group") && last(r)->line == 10,
       "PubMed: continuation, AU without FAU, MH stars, AID doi, CN, no "
       "final blank line: %s", d.msg);
    OK(parse(r, "PMID- 1\nTI  - a\nthis is no tag\n", MCT_FORMAT_PUBMED,
             &d) == MCT_EPARSE && d.line == 3,
       "PubMed: a line that is no tag: line %zu: %s", d.line, d.msg);
    OK(parse(r, "PMID- 7\nDP  - 2020\n", MCT_FORMAT_PUBMED, &d) ==
               MCT_EPARSE && d.line == 1 && strstr(d.msg, "7"),
       "PubMed: a record without TI: %s", d.msg);
    OK(parse(r, "TI  - a\nPMID- 1\n", MCT_FORMAT_PUBMED, &d) == MCT_EPARSE &&
           d.line == 1,
       "PubMed: a tag before PMID: %s", d.msg);
    OK(parse(r, "PMID- 1\nTI  - a\nDP  - spring\n", MCT_FORMAT_PUBMED, &d) ==
           MCT_EPARSE,
       "PubMed: a DP that is no date: %s", d.msg);
    mct_records_free(r);
}

static void test_bibtex_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char good[] =
        "% a comment line with an @ sign: me@example.org\n"
        "@preamble{ \"\\newcommand{\\noop}[1]{}\" }\n"
        "@comment{ not @an{entry} }\n"
        "@String{ jn = \"Journal of \" # {Things} }\n"
        "@Article( key1 ,\n"
        "  Title = \"{\\\"O}ber Caf{\\'e}s and \\c{C}ay -- a ``study''\",\n"
        "  author = {M{\\\"u}ller, J{\\\"o}rg and Ma{\\l}gorzata {\\L}ukasz "
        "and {Barnes and Noble} and others},\n"
        "  journal = jn # { Quarterly},\n"
        "  year = 2020, month = mar,\n"
        "  abstract = {Line one\n     line two with {nested {braces}} and "
        "$\\alpha$ \\& 50\\%.},\n"
        "  keywords = {one, two, three},\n"
        "  doi = {https://doi.org/10.1/a\\_b--c},\n"
        "  note = {\\v{S}koda, \\'{\\i}, \\ss, {\\aa}}\n"
        ")\n"
        "@misc{key2, title = {Only a title}}\n";
    mct_records_new(&r);
    OK(parse(r, good, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 2,
       "BibTeX: @preamble, @comment, @string with #, parentheses, comment "
       "lines: %s", d.msg);
    {
        const mct_record *x = mct_records_get(r, 0);
        OK(!strcmp(x->title, "\xC3\x96" "ber Caf\xC3\xA9s and \xC3\x87" "ay "
                             "\xE2\x80\x93 a \xE2\x80\x9Cstudy\xE2\x80\x9D"),
           "TeX accents, dash and quotes to UTF-8: '%s'", x->title);
        OK(x->n_authors == 3 &&
               !strcmp(x->authors[0], "M\xC3\xBCller, J\xC3\xB6rg") &&
               !strcmp(x->authors[1], "Ma\xC5\x82gorzata \xC5\x81ukasz") &&
               !strcmp(x->authors[2], "Barnes and Noble"),
           "authors split at 'and' outside braces, 'others' dropped");
        OK(!strcmp(x->venue, "Journal of Things Quarterly") && x->year == 2020,
           "@string expanded and concatenated; a bare number");
        OK(!strcmp(x->abstract, "Line one line two with nested braces and "
                                "\xCE\xB1 & 50%."),
           "multi-line value, nested braces, math, escapes: '%s'",
           x->abstract);
        OK(x->n_keywords == 3 && !strcmp(x->doi, "10.1/a_b--c") &&
               !strcmp(x->id, "key1") && !strcmp(x->doc_type, "Article"),
           "keywords split at ','; the DOI verbatim: '%s'", x->doi);
    }
    {
        mct__buf b = {0};
        const char tex[] = "\\v{S}koda, \\'{\\i}, \\ss, {\\aa}, \\H{o}, "
                           "\\k{a}, \\=a, \\.z, \\u{g}, \\r{u}, \\~n, \\^e, "
                           "\\`a, \\O";
        mct__tex_to_utf8(tex, sizeof tex - 1, false, &b);
        OK(b.p && !strcmp(b.p, "\xC5\xA0koda, \xC3\xAD, \xC3\x9F, \xC3\xA5, "
                               "\xC5\x91, \xC4\x85, \xC4\x81, \xC5\xBC, "
                               "\xC4\x9F, \xC5\xAF, \xC3\xB1, \xC3\xAA, "
                               "\xC3\xA0, \xC3\x98"),
           "TeX accents compose to single code points: '%s'", b.p);
        mct__buf_free(&b);
    }
    {
        char deep[400];
        size_t k = 0;
        k += (size_t)snprintf(deep, sizeof deep, "@article{d, title = ");
        for (int i = 0; i < 70; i++)
            deep[k++] = '{';
        deep[k++] = 'x';
        for (int i = 0; i < 70; i++)
            deep[k++] = '}';
        snprintf(deep + k, sizeof deep - k, "}\n");
        OK(parse(r, deep, MCT_FORMAT_BIBTEX, &d) == MCT_EPARSE &&
               strstr(d.msg, "nested deeper than 64"),
           "BibTeX: braces nested 70 deep are refused: %s", d.msg);
    }
    OK(parse(r, "@article{a,\n title = {One,\n year = 2020\n}\n"
                "@article{b, title = {Two}}\n",
             MCT_FORMAT_BIBTEX, &d) == MCT_EPARSE && d.line == 1 &&
           strstr(d.msg, "line 5"),
       "BibTeX: an entry left open is found at the next entry: line %zu: "
       "%s", d.line, d.msg);
    OK(parse(r, "@article{a,\n title = {One\n@article{b, title = {Two}}\n",
             MCT_FORMAT_BIBTEX, &d) == MCT_EPARSE && d.line == 2,
       "BibTeX: a value left open is found at the next entry: line %zu: %s",
       d.line, d.msg);
    OK(parse(r, "@article{a,\n title {x}}\n", MCT_FORMAT_BIBTEX, &d) ==
               MCT_EPARSE && d.line == 2,
       "BibTeX: a missing '=': %s", d.msg);
    OK(parse(r, "@article{a,\n title = nodef # {x}}\n", MCT_FORMAT_BIBTEX,
             &d) == MCT_EPARSE && strstr(d.msg, "nodef"),
       "BibTeX: an undefined @string in a field read: %s", d.msg);
    OK(parse(r, "@article{a, title = {x}, Title = {y}}\n", MCT_FORMAT_BIBTEX,
             &d) == MCT_EPARSE && strstr(d.msg, "twice"),
       "BibTeX: a field given twice: %s", d.msg);
    OK(parse(r, "@article{a, title = {x}, year = {circa 1900}}\n",
             MCT_FORMAT_BIBTEX, &d) == MCT_EPARSE,
       "BibTeX: a year that is no year: %s", d.msg);
    OK(parse(r, "@article{a,\n title = {x},\n", MCT_FORMAT_BIBTEX, &d) ==
               MCT_EPARSE && d.line == 1,
       "BibTeX: the file ends inside an entry: line %zu: %s", d.line, d.msg);
    OK(parse(r, "@article{a, author = {B}}\n", MCT_FORMAT_BIBTEX, &d) ==
           MCT_EPARSE,
       "BibTeX: an entry without a title: %s", d.msg);
    OK(parse(r, "@article{a, title = {x}} @ junk\n", MCT_FORMAT_BIBTEX, &d) ==
           MCT_EPARSE,
       "BibTeX: '@' without an entry: %s", d.msg);
    OK(parse(r, "@article{a, title = {x\xC3}}\n", MCT_FORMAT_BIBTEX, &d) ==
           MCT_EUTF8 && d.line == 1,
       "BibTeX: invalid UTF-8: %s", d.msg);
    mct_records_free(r);
}

static void test_csl_edges(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char good[] =
        "[{\"id\": 7, \"title\": \"T\", \"author\": [{\"literal\": \"WHO\"}, "
        "{\"family\": \"Doe\"}], \"issued\": {\"raw\": \"c. 2019-05\"}, "
        "\"container-title\": [\"J\"], \"keyword\": \"a; b, c\"}]";
    mct_records_new(&r);
    OK(parse(r, good, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           !strcmp(last(r)->id, "7") && last(r)->n_authors == 2 &&
           !strcmp(last(r)->authors[0], "WHO") &&
           !strcmp(last(r)->authors[1], "Doe") && last(r)->year == 2019 &&
           !strcmp(last(r)->venue, "J") && last(r)->n_keywords == 2,
       "CSL: numeric id, literal names, raw date, list container-title, "
       "keywords at ';': %s", d.msg);
    OK(parse(r, "[\n{\"id\": \"a\", \"title\": \"x\"},\n{\"id\": \"b\"}\n]",
             MCT_FORMAT_CSL_JSON, &d) == MCT_EPARSE && d.line == 3 &&
           strstr(d.msg, "b"),
       "CSL: an item without a title: line %zu: %s", d.line, d.msg);
    OK(parse(r, "[{\"title\": \"x\", \"author\": \"Doe\"}]",
             MCT_FORMAT_CSL_JSON, &d) == MCT_EPARSE,
       "CSL: author that is not a list: %s", d.msg);
    OK(parse(r, "[\n{\"id\": \"a\", \"title\": \"x\"},\n", MCT_FORMAT_CSL_JSON,
             &d) == MCT_EPARSE,
       "CSL: a truncated array: line %zu: %s", d.line, d.msg);
    {
        char deep[1200];
        size_t k = (size_t)snprintf(deep, sizeof deep, "[{\"title\": \"x\", "
                                                        "\"a\": ");
        for (int i = 0; i < 500; i++)
            deep[k++] = '[';
        for (int i = 0; i < 500; i++)
            deep[k++] = ']';
        snprintf(deep + k, sizeof deep - k, "}]");
        OK(parse(r, deep, MCT_FORMAT_CSL_JSON, &d) == MCT_EPARSE &&
               strstr(d.msg, "nested deeper than 256"),
           "JSON nested 500 deep is refused, not recursed: %s", d.msg);
    }
    OK(mct_records_count(r) == 1, "failed reads leave the set as it was");
    mct_records_free(r);
}

/* ---- detection --------------------------------------------------------- */

static mct_format det(const char *s)
{
    return mct_records_detect(s, strlen(s));
}

static void test_detection(void)
{
    mct_records *r = NULL;
    mct_diag d;
    const char *titles =
        "Unboxing micro-credentials: an inside, upside and downside view\n"
        "Digital badges in higher education\n"
        "Micro-credentials, badges, and the future of work\n";
    mct_records_new(&r);
    OK(parse(r, titles, MCT_FORMAT_AUTO, &d) == MCT_OK &&
           mct_records_count(r) == 3,
       "titles with commas are still one title per line");
    OK(parse(r, "Key,Item Type,Publication Year,Author,Title\n"
                "ABC,journalArticle,2020,\"Doe, J\",A title\n",
             MCT_FORMAT_AUTO, &d) == MCT_EUNSUPPORTED && d.line == 1 &&
           strstr(d.msg, "CSV file with 5 columns") &&
           strstr(d.msg, "lens-csv") && strstr(d.msg, "lines"),
       "an unknown CSV is refused: %s", d.msg);
    OK(parse(r, "id\ttitle\n1\tA\n", MCT_FORMAT_AUTO, &d) ==
               MCT_EUNSUPPORTED && strstr(d.msg, "tab-delimited"),
       "an unknown tab-delimited file is refused: %s", d.msg);
    OK(parse(r, "%0 Journal Article\n%T A title\n%A Doe, J\n",
             MCT_FORMAT_AUTO, &d) == MCT_EUNSUPPORTED &&
           strstr(d.msg, "tagged lines"),
       "EndNote tagged text is refused: %s", d.msg);
    OK(parse(r, "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n",
             MCT_FORMAT_AUTO, &d) == MCT_EUNSUPPORTED &&
           strstr(d.msg, "XML"),
       "XML is refused: %s", d.msg);
    OK(parse(r, "[{\"name\": \"x\", \"value\": 1}]", MCT_FORMAT_AUTO, &d) ==
               MCT_EUNSUPPORTED && strstr(d.msg, "JSON array"),
       "a JSON array of other objects is refused: %s", d.msg);
    OK(parse(r, "Key,Item Type,Publication Year,Author,Title\n",
             MCT_FORMAT_LINES, &d) == MCT_OK,
       "what the user calls lines is read as lines");
    OK(det("@article{a, title={x}}") == MCT_FORMAT_BIBTEX &&
           det("Scopus\nEXPORT DATE: 1 May 2023\n\n@ARTICLE{k,\n") ==
               MCT_FORMAT_BIBTEX &&
           det("PMID- 1\n") == MCT_FORMAT_PUBMED &&
           det("{\"meta\":{},\"results\":[]}") == MCT_FORMAT_OPENALEX_JSON &&
           det("{\"title\":\"x\",\"year\":2020}") == MCT_FORMAT_JSONL &&
           det("[{\"title\":\"x\",\"issued\":{}}]") == MCT_FORMAT_CSL_JSON,
       "detection: BibTeX after a header, PubMed, OpenAlex page, project "
       "JSON Lines, CSL-JSON");
    {
        mct_format f;
        OK(mct_format_parse("bibtex", &f) == MCT_OK && f == MCT_FORMAT_BIBTEX &&
               mct_format_parse("nbib", &f) == MCT_OK &&
               f == MCT_FORMAT_PUBMED && mct_format_parse("csl", &f) == 0 &&
               f == MCT_FORMAT_CSL_JSON &&
               mct_format_parse("openalex", &f) == 0 &&
               f == MCT_FORMAT_OPENALEX_JSON &&
               !strcmp(mct_format_name(MCT_FORMAT_LENS_CSV), "lens-csv"),
           "format names and aliases");
    }
    mct_records_free(r);
}

/* Every allocation failure while parsing is MCT_ENOMEM, never a crash,
 * and leaves the set as it was. */
static void test_alloc_failures(void)
{
    static const struct { const char *text; mct_format f; } cases[] = {
        {"@article{k, title = {A {\\\"o}}, author = {X and Y}, "
         "keywords = {a; b}}\n@string{s = {t}}\n",
         MCT_FORMAT_BIBTEX},
        {"PMID- 1\nTI  - a\n  b\nFAU - X, Y\nMH  - *Z\n", MCT_FORMAT_PUBMED},
        {"{\"meta\":{},\"results\":[{\"id\":\"https://openalex.org/W1\","
         "\"title\":\"t\",\"authorships\":[{\"author\":{\"display_name\":"
         "\"A\"}}],\"abstract_inverted_index\":{\"x\":[0]}}]}",
         MCT_FORMAT_OPENALEX_JSON},
        {"[{\"id\":\"a\",\"title\":\"t\",\"author\":[{\"family\":\"F\"}]}]",
         MCT_FORMAT_CSL_JSON},
        {"Lens ID,Title,Author/s\n1,t,A; B\n", MCT_FORMAT_LENS_CSV}};
    size_t bad = 0;
    long walked = 0;
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        long total;
        mct_records *r = NULL;
        mct_records_new(&r);
        mct__test_alloc_fail_after(-1);
        parse(r, cases[c].text, cases[c].f, NULL);
        total = mct__test_alloc_fail_after(-1);
        mct_records_free(r);
        for (long k = 0; k < total; k++, walked++) {
            mct_status rc;
            mct_records_new(&r);
            mct__test_alloc_fail_after(k);
            rc = parse(r, cases[c].text, cases[c].f, NULL);
            mct__test_alloc_fail_after(-1);
            bad += (rc != MCT_OK && rc != MCT_ENOMEM) ||
                   (rc && mct_records_count(r) != 0);
            mct_records_free(r);
        }
    }
    OK(walked > 50 && bad == 0,
       "%ld allocation failures in five readers: %zu not ENOMEM", walked,
       bad);
}

int main(void)
{
    const char *sh = tap_shared();
    if (sh) {
        snprintf(samples, sizeof samples, "%s/corpora/exports/samples", sh);
        test_openalex_sample();
        test_pubmed_samples();
        test_bibtex_samples();
        test_csl_samples();
    } else {
        SKIP("../shared is absent: the real samples are read in place "
             "from there");
    }
    test_openalex_csv();
    test_lens_csv();
    test_openalex_json_edges();
    test_pubmed_edges();
    test_bibtex_edges();
    test_csl_edges();
    test_detection();
    test_alloc_failures();
    return tap_done();
}

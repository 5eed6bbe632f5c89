/*
 * review.c - a whole systematic review from C with libmctext: read the
 * exports, screen them with the search query, then the title map, the
 * keyword network, the concept map and the themes, and print what the
 * report would show.
 *
 *   cc review.c $(pkg-config --cflags --libs libmctext) \
 *       -Wl,-rpath,$(pkg-config --variable=libdir libmctext)
 *   ./a.out 'TITLE(micro-creden*) OR TITLE(microcreden*)' scopus.csv wos.txt
 */
#include <stdio.h>
#include <mctext.h>

static int fail(const char *what, const mct_diag *d, mct_status rc)
{
    if (d->line)
        fprintf(stderr, "%s:%zu: %s\n", what, d->line, d->msg);
    else
        fprintf(stderr, "%s: %s\n", what, d->msg[0] ? d->msg : mct_strerror(rc));
    return 1;
}

static void print_themes(const mct_themes *t)
{
    for (size_t c = 0; c < mct_themes_count(t); c++) {
        mct_theme_info in;
        const char *terms[5];
        size_t m = mct_themes_top_terms(t, c, 5, terms, NULL);
        mct_themes_get(t, c, &in);
        printf("theme %zu (%zu records): %s:", c + 1, in.records, in.name);
        for (size_t q = 0; q < m; q++)
            printf("%s %s", q ? "," : "", terms[q]);
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    mct_records *all = NULL;
    mct_review_opts o = mct_review_opts_default();
    mct_review *rv = NULL;
    mct_prisma p;
    mct_diag d;
    mct_status rc;
    double nmi, ari;
    if (argc < 3) {
        fprintf(stderr, "usage: review QUERY EXPORT...\n");
        return 2;
    }
    mct_diag_clear(&d);
    if ((rc = mct_records_new(&all)))
        return fail("records", &d, rc);
    for (int i = 2; i < argc; i++)
        if ((rc = mct_records_read(all, argv[i], MCT_FORMAT_AUTO, NULL, &d)))
            return fail(argv[i], &d, rc);
    o.screen.query = argv[1];
    o.themes.k = 5;
    if ((rc = mct_review_new(&o, &rv)) || (rc = mct_review_run(rv, all, &d)))
        return fail("review", &d, rc);
    mct_screening_prisma(mct_review_screening(rv), &p);
    printf("identified %zu, duplicates %zu, ineligible %zu, included %zu\n",
           p.identified, p.duplicates, p.ineligible, p.included);
    print_themes(mct_review_themes_found(rv));
    if (!mct_review_agreement(rv, MCT_PARTITION_THEMES,
                              MCT_PARTITION_KEYWORDS, &nmi, &ari))
        printf("themes ~ keyword communities: NMI %.4f, ARI %.4f\n", nmi, ari);
    mct_review_free(rv);
    mct_records_free(all);
    return 0;
}

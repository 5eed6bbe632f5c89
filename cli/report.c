/*
 * report.c - index.html of mctsne review: one self-contained page that
 * shows the whole review. The figures are the SVG files of the report,
 * read back and inlined, so the page and the files never disagree. No
 * script, no font, no external resource; a Content Security Policy of
 * default-src 'none' makes the browser refuse any request the page
 * might still make.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "svg.h"

#define esc svg_escape

/* Copies OUTDIR/name into the page, without its XML declaration. */
static bool inline_svg(FILE *out, outdir *od, const char *name)
{
    FILE *f = fopen(outdir_path(od, name), "rb");
    char buf[65536];
    size_t n;
    bool first = true;
    if (!f) {
        cli_err("%s: cannot read back for the report", name);
        return false;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        char *p = buf;
        if (first && n > 5 && !strncmp(buf, "<?xml", 5)) {
            char *nl = memchr(buf, '\n', n);
            if (nl) {
                n -= (size_t)(nl + 1 - buf);
                p = nl + 1;
            }
        }
        first = false;
        fwrite(p, 1, n, out);
    }
    fclose(f);
    return true;
}

char *report_point_tip(const review *r, size_t i)
{
    const mct_record *x = mct_records_get(r->inc, i);
    int th = theme_of(&r->th, i);
    char *s = NULL, year[16] = "no year", theme[32] = "No theme";
    if (x->year)
        snprintf(year, sizeof year, "%d", x->year);
    if (th >= 0)
        snprintf(theme, sizeof theme, "Theme %d", th + 1);
    if (asprintf(&s, "%s (%s). %s%s%s%s%s", x->title ? x->title : "", year,
                 x->venue && *x->venue ? x->venue : "",
                 x->venue && *x->venue ? ". " : "", theme, th >= 0 ? ": " : "",
                 th >= 0 ? theme_name(&r->th, (size_t)th) : "") < 0)
        return NULL;
    return s;
}

static const char style[] =
    "body{font-family:sans-serif;margin:0 auto;max-width:1100px;padding:0 "
    "16px 40px;color:#222;line-height:1.45}\n"
    "h1{margin-bottom:4px}h2{border-bottom:1px solid #ccc;padding-bottom:"
    "4px;margin-top:36px}\n"
    "nav a{margin-right:14px}\n"
    "figure{margin:12px 0}figure svg{max-width:100%;height:auto;border:1px "
    "solid #eee}\n"
    "figcaption{color:#555;font-size:90%}\n"
    "table{border-collapse:collapse;margin:8px 0;font-size:92%}\n"
    "th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f4f4f4}td.n{text-align:right}\n"
    ".swatch{display:inline-block;width:10px;height:10px;border-radius:5px;"
    "margin-right:6px}\n"
    "#fig-map circle:hover{stroke:#000;stroke-width:2}\n"
    "ul.titles{margin:0;padding-left:18px}\n"
    "table.themes td:first-child{white-space:nowrap}\n"
    ".muted{color:#666}.weak{color:#b00}\n";

static void counts_table(FILE *f, const screened *s)
{
    fputs("<table class=\"counts\"><tr><th>Stage</th><th>Records</th></tr>\n",
          f);
    for (size_t i = 0; i < s->n_src; i++) {
        fputs("<tr><td>Identified from ", f);
        esc(f, s->src[i].name);
        fprintf(f, "</td><td class=\"n\">%zu</td></tr>\n", s->src[i].n);
    }
    fprintf(f, "<tr><td>Duplicates removed</td><td class=\"n\">%zu</td></tr>\n"
               "<tr><td>Ineligible by query or years (automation)</td>"
               "<td class=\"n\">%zu</td></tr>\n"
               "<tr><td>Screened</td><td class=\"n\">%zu</td></tr>\n"
               "<tr><td>Excluded at screening</td><td class=\"n\">%zu</td>"
               "</tr>\n"
               "<tr><th>Included</th><th class=\"n\">%zu</th></tr>\n",
            s->duplicates, s->automation, s->screened, s->excluded,
            s->included);
    if (s->prior)
        fprintf(f, "<tr><td>Included in the earlier review</td>"
                   "<td class=\"n\">%zu</td></tr>\n<tr><th>Total included"
                   "</th><th class=\"n\">%zu</th></tr>\n",
                s->prior_included, s->total);
    for (size_t i = 0; i < s->n_reasons; i++) {
        fputs("<tr><td>&nbsp;&nbsp;excluded: ", f);
        esc(f, s->reasons[i]);
        fprintf(f, "</td><td class=\"n\">%zu</td></tr>\n", s->reason_n[i]);
    }
    fputs("</table>\n", f);
}

/* The evidence for a seeded theme's name: its cosine with its seed, the
 * closest other seed, the flag, and seed terms the records lack. */
static void theme_evidence(FILE *f, const themes *t, size_t c)
{
    mct_theme_info in;
    size_t missing = 0;
    mct_themes_get(t->th, c, &in);
    fprintf(f, "<br><span class=\"muted\">cosine with its seed %.3f",
            in.seed_cosine);
    if (in.other_seed >= 0) {
        fputs("; closest other: ", f);
        esc(f, theme_name(t, (size_t)in.other_seed));
        fprintf(f, " %.3f", in.other_cosine);
    }
    fputs("</span>", f);
    if (in.flags) {
        fputs("<br><strong class=\"weak\">", f);
        esc(f, theme_flag_text(in.flags));
        fputs("</strong>", f);
    }
    for (size_t j = 0; j < mct_themes_n_seed_terms(t->th, c); j++) {
        mct_seed_term st;
        mct_themes_seed_term(t->th, c, j, &st);
        if (st.status == MCT_SEED_TERM_STATUS_FOUND)
            continue;
        fputs(missing++ ? ", " : "<br><span class=\"muted\">seed terms "
                                 "not found: ",
              f);
        esc(f, st.term);
    }
    if (missing)
        fputs("</span>", f);
}

static void theme_row(FILE *f, const review *r, size_t c)
{
    const themes *t = &r->th;
    const char *terms[10];
    double w[10];
    size_t rec[3], m = mct_themes_top_terms(t->th, c, 10, terms, w);
    mct_theme_info in;
    mct_themes_get(t->th, c, &in);
    fprintf(f, "<tr><td><span class=\"swatch\" style=\"background:%s\">"
               "</span>%zu</td><td>",
            svg_colour(c), c + 1);
    esc(f, in.name);
    if (t->seeded)
        theme_evidence(f, t, c);
    fprintf(f, "</td><td class=\"n\">%zu</td><td>", in.records);
    for (size_t q = 0; q < m; q++) {
        fputs(q ? ", " : "", f);
        esc(f, terms[q]);
        fprintf(f, " <span class=\"muted\">(%.3f)</span>", w[q]);
    }
    fputs("</td><td><ul class=\"titles\">", f);
    m = mct_themes_top_records(t->th, c, 3, rec);
    for (size_t q = 0; q < m; q++) {
        const mct_record *x = mct_records_get(r->inc, rec[q]);
        fputs("<li>", f);
        esc(f, x->title);
        if (x->year)
            fprintf(f, " (%d)", x->year);
        fputs("</li>", f);
    }
    fputs("</ul></td></tr>\n", f);
}

static void theme_table(FILE *f, const review *r)
{
    fputs("<table class=\"themes\"><tr><th>#</th><th>Theme</th><th>Records"
          "</th><th>Top terms (weight in its records' centroid)</th><th>Most "
          "representative titles</th></tr>\n",
          f);
    for (size_t c = 0; c < r->th.k; c++)
        theme_row(f, r, c);
    fputs("</table>\n", f);
}

static void regions_table(FILE *f, const review *r)
{
    if (!r->n_regions)
        return;
    fputs("<table class=\"regions\"><tr><th>Region</th><th>Records</th>"
          "<th>Most distinctive terms</th></tr>\n",
          f);
    for (size_t c = 0; c < r->n_regions; c++) {
        fprintf(f, "<tr><td>%zu</td><td class=\"n\">%zu</td><td>", c + 1,
                r->region_n[c]);
        esc(f, r->region_label[c]);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<p>Per region, with the terms' scores: <a "
          "href=\"map-regions.tsv\">map-regions.tsv</a>.</p>\n",
          f);
}

static void themes_intro(FILE *f, const review *r)
{
    size_t none = 0;
    for (size_t i = 0; i < r->th.n; i++)
        none += theme_of(&r->th, i) < 0;
    fprintf(f, "<section id=\"themes\">\n<h2>6. Themes</h2>\n<p>Spherical "
               "k-means (k = %zu) on each record's title, author keywords "
               "and abstract: words and two-word phrases, TF-IDF, the "
               "search query's terms and words of academic prose left out. ",
            r->th.k);
    if (r->th.seeded)
        fputs("Each theme stays anchored to the seed terms of the themes "
              "file, and takes the name of the seed that its records match "
              "in an optimal one-to-one matching; a name is flagged weak "
              "when another seed fits its records better, or the cosine "
              "is low.</p>\n<p class=\"muted\">Themes file: <code>",
              f);
    else
        fputs("k-means++ seeding, 10 restarts; each theme is named after "
              "its three top terms.",
              f);
    if (r->th.seeded) {
        esc(f, r->themes_name);
        fputs("</code>; seed terms per theme and how often the records have "
              "them: <a href=\"seed-coverage.tsv\">seed-coverage.tsv</a>",
              f);
    }
    fputs(".</p>\n", f);
    if (none)
        fprintf(f, "<p>%zu record%s without a counted term ha%s no theme."
                   "</p>\n",
                none, none == 1 ? "" : "s", none == 1 ? "s" : "ve");
}

static void triangulation_table(FILE *f, const themes *t)
{
    static const char *const pairs[4][2] = {
        {"abstract themes", "author-keyword communities"},
        {"abstract themes", "clusters of the title map"},
        {"author-keyword communities", "clusters of the title map"},
        {"abstract themes", "Web of Science subject categories"}};
    fputs("<table class=\"triangulation\"><tr><th>Partition</th><th>"
          "against</th><th>NMI</th><th>ARI</th></tr>\n",
          f);
    for (int p = 0; p < 4; p++) {
        if (isnan(t->agree[p][0]))
            continue;
        fprintf(f, "<tr><td>%s</td><td>%s</td><td class=\"n\">%.4f</td>"
                   "<td class=\"n\">%.4f</td></tr>\n",
                pairs[p][0], pairs[p][1], t->agree[p][0], t->agree[p][1]);
    }
    fputs("</table>\n", f);
}

static void keyword_table(FILE *f, const mct_net *g)
{
    size_t n = mct_net_n_nodes(g);
    fputs("<table class=\"keywords\"><tr><th>Keyword</th><th>Records</th>"
          "<th>Degree</th><th>Betweenness</th><th>PageRank</th><th>"
          "Community</th></tr>\n",
          f);
    for (size_t i = 0; i < n && i < 15; i++) {
        mct_net_node nd;
        mct_net_node_get(g, i, &nd);
        fputs("<tr><td>", f);
        esc(f, nd.label);
        fprintf(f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                   "<td class=\"n\">%.4f</td><td class=\"n\">%.4f</td>"
                   "<td><span class=\"swatch\" style=\"background:%s\">"
                   "</span>%d</td></tr>\n",
                nd.occurrences, nd.degree, nd.betweenness, nd.pagerank,
                svg_colour((size_t)nd.community), nd.community + 1);
    }
    fputs("</table>\n", f);
}

static void file_link(FILE *f, const char *name, const char *what)
{
    fprintf(f, "<li><a href=\"%s\">%s</a>: %s</li>\n", name, name, what);
}

static void head(FILE *f, const review *r)
{
    const screened *s = &r->s;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; style-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"mctsne " MCT_VERSION_STRING
          "\">\n"
          "<title>Literature review report</title>\n<style>\n",
          f);
    fputs(style, f);
    fputs("</style>\n</head>\n<body>\n<h1>Literature review report</h1>\n"
          "<p class=\"muted\">Made by mctsne " MCT_VERSION_STRING
          " (libmctext) from ",
          f);
    for (size_t i = 0; i < s->n_files; i++) {
        fputs(i ? ", " : "", f);
        fputs("<code>", f);
        esc(f, s->files[i]);
        fprintf(f, "</code> (%zu records)", s->file_n[i]);
    }
    fprintf(f, "; seed %llu. Inputs, parameters and versions are in "
               "<a href=\"manifest.json\">manifest.json</a>, every figure in "
               "<a href=\"results.json\">results.json</a>.</p>\n",
            (unsigned long long)r->seed);
    fputs("<nav><a href=\"#prisma\">PRISMA</a><a href=\"#trends\">Trends</a>"
          "<a href=\"#map\">Title map</a><a href=\"#concepts\">Concept map</a>"
          "<a href=\"#network\">Keyword network</a><a href=\"#themes\">Themes"
          "</a><a href=\"#triangulation\">Triangulation</a><a href=\"#files\">"
          "Files</a></nav>\n",
          f);
}

/* 1. PRISMA and 2. publications per year. */
static bool section_screening(FILE *f, outdir *od, const review *r)
{
    const screened *s = &r->s;
    const trends *tr = &r->tr;
    bool ok = true;
    if (r->update)
        review_report_changes(f, r);
    fprintf(f, "<section id=\"prisma\">\n<h2>1. Identification and screening"
               " (PRISMA 2020)</h2>\n<p>%zu %srecords identified, %zu "
               "duplicates removed, %zu screened, %zu included.</p>\n",
            s->identified, r->update ? "new " : "", s->duplicates,
            s->screened, s->included);
    counts_table(f, s);
    fputs("<figure id=\"fig-prisma\">\n", f);
    ok &= inline_svg(f, od, "prisma.svg");
    fputs("<figcaption>PRISMA 2020 flow diagram (<a href=\"prisma.svg\">"
          "prisma.svg</a>; counts for the PRISMA2020 R package in <a href=\""
          "PRISMA.csv\">PRISMA.csv</a>).</figcaption>\n</figure>\n</section>\n",
          f);
    fputs("<section id=\"trends\">\n<h2>2. Publications per year</h2>\n<p>",
          f);
    if (tr->count) {
        fprintf(f, "%d&ndash;%d", tr->first, tr->last);
        if (!isnan(tr->growth))
            fprintf(f, ": annual growth rate %.2f%% (as bibliometrix: "
                       "((last/first)<sup>1/(last year &minus; first year)"
                       "</sup> &minus; 1) &times; 100)",
                    tr->growth);
        fputs(".", f);
    }
    if (tr->no_year)
        fprintf(f, " %zu included records have no year.", tr->no_year);
    fputs("</p>\n<figure id=\"fig-trends\">\n", f);
    ok &= inline_svg(f, od, "trends.svg");
    fputs("<figcaption>Included records per year, every year of the range "
          "(<a href=\"trends.tsv\">trends.tsv</a>).</figcaption>\n</figure>\n"
          "</section>\n",
          f);
    return ok;
}

/* 3. The title map and its regions. */
static bool section_map(FILE *f, outdir *od, const review *r)
{
    bool ok;
    fprintf(f, "<section id=\"map\">\n<h2>3. t-SNE map of the titles</h2>\n"
               "<p>%zu titles, TF-IDF of %zu stemmed terms, reduced by "
               "truncated SVD and mapped by %s t-SNE (perplexity "
               "%g); final KL divergence %.4f (%s). Colours are the themes "
               "of section 6; hover a point for its title, year, venue and "
               "theme.</p>\n<figure id=\"fig-map\">\n",
            mct_records_count(r->inc), r->map_terms,
            tsne_method_text(r->map_method), r->map_perplexity, r->map_kl,
            r->map_kl_exact ? "exact" : "estimate");
    ok = inline_svg(f, od, "map.svg");
    fputs("<figcaption>Coordinates in <a href=\"map.tsv\">map.tsv</a> (add "
          "new titles with <code>mctsne embed NEW.txt --add-to map.tsv</code>"
          "). Region names: the terms that set each cluster of the map "
          "apart most.</figcaption>\n</figure>\n",
          f);
    regions_table(f, r);
    fputs("</section>\n", f);
    return ok;
}

/* 4. The concept map. */
static bool section_concepts(FILE *f, outdir *od, const review *r)
{
    bool ok = true;
    fputs("<section id=\"concepts\">\n<h2>4. Concept map of the abstracts"
          "</h2>\n",
          f);
    if (r->con) {
        size_t nt = mct_concepts_n_themes(r->con);
        fprintf(f, "<p>%zu concepts (stemmed words and two-word phrases) "
                   "linked by the blocks of %zu sentence%s they share (%zu "
                   "blocks), as Leximancer builds them; records without an "
                   "abstract contribute their title and keywords. Concept "
                   "themes: ",
                mct_concepts_count(r->con), r->window,
                r->window == 1 ? "" : "s", mct_concepts_n_blocks(r->con));
        for (size_t t = 0; t < nt; t++) {
            fprintf(f, "%s<span class=\"swatch\" style=\"background:%s\">"
                       "</span>",
                    t ? ", " : "", svg_colour(t));
            esc(f, mct_concepts_theme_name(r->con, t));
        }
        fputs(". Dark links are the strongest connecting paths.</p>\n"
              "<figure id=\"fig-concepts\">\n",
              f);
        ok = inline_svg(f, od, "concepts.svg");
        fputs("<figcaption>Concepts in <a href=\"concepts.tsv\">concepts.tsv"
              "</a>, paths in <a href=\"concept-paths.tsv\">concept-paths.tsv"
              "</a>.</figcaption>\n</figure>\n",
              f);
    } else {
        fputs("<p>Too little text for a concept map.</p>\n", f);
    }
    fputs("</section>\n", f);
    return ok;
}

/* 5. The keyword network. */
static bool section_network(FILE *f, outdir *od, const review *r)
{
    bool ok = true;
    fputs("<section id=\"network\">\n<h2>5. Author-keyword network</h2>\n", f);
    if (r->net) {
        fprintf(f, "<p>%zu keywords that occur in %zu or more records, %zu "
                   "co-occurrence links (association strength), %zu Louvain "
                   "communities, modularity %.4f.</p>\n"
                   "<figure id=\"fig-network\">\n",
                mct_net_n_nodes(r->net), r->min_count, mct_net_n_edges(r->net),
                mct_net_n_communities(r->net),
                mct_net_modularity(r->net, false));
        ok = inline_svg(f, od, "network.svg");
        fputs("<figcaption>For Gephi: <a href=\"network.gexf\">network.gexf"
              "</a>, <a href=\"network.graphml\">network.graphml</a>; for "
              "VOSviewer: <a href=\"network-vosviewer-map.txt\">map</a> and "
              "<a href=\"network-vosviewer-network.txt\">network</a> files."
              "</figcaption>\n</figure>\n",
              f);
        keyword_table(f, r->net);
    } else {
        fprintf(f, "<p>No author keyword occurs in %zu or more records."
                   "</p>\n",
                r->min_count);
    }
    fputs("</section>\n", f);
    return ok;
}

/* 6. Themes, 7. triangulation, and the list of files. */
static void section_themes(FILE *f, const review *r)
{
    themes_intro(f, r);
    theme_table(f, r);
    fputs("<p>Per record: <a href=\"records.tsv\">records.tsv</a>; per year: "
          "<a href=\"theme-years.tsv\">theme-years.tsv</a>.</p>\n</section>\n",
          f);
    fputs("<section id=\"triangulation\">\n<h2>7. Triangulation</h2>\n<p>"
          "Agreement between the partitions of the included records that "
          "the lenses give: normalised mutual information (0: independent, "
          "1: the same) and adjusted Rand index (0: chance).</p>\n",
          f);
    triangulation_table(f, &r->th);
    fputs("</section>\n", f);
    fputs("<section id=\"files\">\n<h2>Files</h2>\n<ul>\n", f);
    file_link(f, "included.csv", "the included records (also .jsonl)");
    file_link(f, "duplicates.tsv", "every removed duplicate and the rule that "
                                   "matched");
    file_link(f, "excluded.tsv", "records excluded at screening, with reasons");
    file_link(f, "themes.tsv", "themes with top terms");
    file_link(f, "triangulation.tsv", "agreement scores");
    file_link(f, "results.json", "all figures, machine-readable");
    file_link(f, "manifest.json", "inputs (SHA-256), parameters, versions");
    fputs("</ul>\n</section>\n</body>\n</html>\n", f);
}

bool report_html(outdir *od, const review *r)
{
    FILE *f = outdir_open(od, "index.html");
    bool ok;
    if (!f)
        return false;
    head(f, r);
    ok = section_screening(f, od, r);
    ok &= section_map(f, od, r);
    ok &= section_concepts(f, od, r);
    ok &= section_network(f, od, r);
    section_themes(f, r);
    return outdir_close(od, f, "index.html") && ok;
}

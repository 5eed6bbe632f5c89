/*
 * net_io.c - network exports: GraphML and GEXF (Gephi), VOSviewer map,
 * network and JSON files, and a node table. Written through the public
 * accessors only.
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "internal.h"
#include "mct_net.h"
#include "numfmt.h"

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\t')
                fputc(' ', f);
            else
                fputc(*s, f);
        }
    }
}

static void tsv_text(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

mct_status mct_net_write_graphml(const mct_net *g, const char *path,
                                 mct_diag *diag)
{
    static const char *const attrs[][2] = {
        {"label", "string"},    {"occurrences", "int"},
        {"degree", "int"},      {"strength", "double"},
        {"betweenness", "double"}, {"closeness", "double"},
        {"eigenvector", "double"}, {"pagerank", "double"},
        {"community", "int"},   {"leiden", "int"},
        {"x", "double"},        {"y", "double"}};
    mct__wfile w;
    FILE *f;
    mct_status rc;
    mct_diag_clear(diag);
    if (!g || !path)
        return MCT_EINVAL;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    f = w.fp;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          f);
    for (size_t a = 0; a < sizeof attrs / sizeof *attrs; a++)
        fprintf(f, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" "
                   "attr.type=\"%s\"/>\n",
                attrs[a][0], attrs[a][0], attrs[a][1]);
    fputs("  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" "
          "attr.type=\"double\"/>\n  <key id=\"count\" for=\"edge\" "
          "attr.name=\"count\" attr.type=\"int\"/>\n"
          "  <graph id=\"G\" edgedefault=\"undirected\">\n",
          f);
    for (size_t i = 0; i < mct_net_n_nodes(g); i++) {
        mct_net_node n;
        mct__num b[5];
        mct_net_node_get(g, i, &n);
        fprintf(f, "    <node id=\"n%zu\"><data key=\"label\">", i);
        xml_text(f, n.label);
        fprintf(f, "</data><data key=\"occurrences\">%zu</data>"
                   "<data key=\"degree\">%zu</data>"
                   "<data key=\"strength\">%s</data>"
                   "<data key=\"betweenness\">%s</data>"
                   "<data key=\"closeness\">%s</data>"
                   "<data key=\"eigenvector\">%s</data>"
                   "<data key=\"pagerank\">%s</data>"
                   "<data key=\"community\">%d</data>"
                   "<data key=\"leiden\">%d</data>"
                   "<data key=\"x\">%.9g</data><data key=\"y\">%.9g</data>"
                   "</node>\n",
                n.occurrences, n.degree, mct__dstr(&b[0], n.strength),
                mct__dstr(&b[1], n.betweenness), mct__dstr(&b[2], n.closeness),
                mct__dstr(&b[3], n.eigenvector), mct__dstr(&b[4], n.pagerank),
                n.community, n.leiden, n.x, n.y);
    }
    for (size_t e = 0; e < mct_net_n_edges(g); e++) {
        size_t i, j, c;
        double wt;
        mct__num b;
        mct_net_edge_get(g, e, &i, &j, &c, &wt);
        fprintf(f, "    <edge source=\"n%zu\" target=\"n%zu\">"
                   "<data key=\"weight\">%s</data>"
                   "<data key=\"count\">%zu</data></edge>\n",
                i, j, mct__dstr(&b, wt), c);
    }
    fputs("  </graph>\n</graphml>\n", f);
    return mct__wfile_commit(&w, diag);
}

/* Community colours shared by the GEXF drawing attributes. */
static void colour(size_t c, int *r, int *g, int *b)
{
    static const int pal[12][3] = {
        {78, 121, 167}, {242, 142, 43}, {225, 87, 89}, {118, 183, 178},
        {89, 161, 79},  {237, 201, 72}, {176, 122, 161}, {255, 157, 167},
        {156, 117, 95}, {186, 176, 172}, {31, 119, 180}, {140, 86, 75}};
    *r = pal[c % 12][0];
    *g = pal[c % 12][1];
    *b = pal[c % 12][2];
}

mct_status mct_net_write_gexf(const mct_net *g, const char *path,
                              mct_diag *diag)
{
    mct__wfile w;
    FILE *f;
    mct_status rc;
    mct_diag_clear(diag);
    if (!g || !path)
        return MCT_EINVAL;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    f = w.fp;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" "
          "xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n"
          "  <meta><creator>libmctext</creator></meta>\n"
          "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n"
          "    <attributes class=\"node\">\n"
          "      <attribute id=\"0\" title=\"occurrences\" type=\"integer\"/>\n"
          "      <attribute id=\"1\" title=\"community\" type=\"integer\"/>\n"
          "      <attribute id=\"2\" title=\"betweenness\" type=\"double\"/>\n"
          "      <attribute id=\"3\" title=\"closeness\" type=\"double\"/>\n"
          "      <attribute id=\"4\" title=\"eigenvector\" type=\"double\"/>\n"
          "      <attribute id=\"5\" title=\"pagerank\" type=\"double\"/>\n"
          "    </attributes>\n    <nodes>\n",
          f);
    for (size_t i = 0; i < mct_net_n_nodes(g); i++) {
        mct_net_node n;
        int r, gg, b;
        mct__num nb[4];
        mct_net_node_get(g, i, &n);
        colour((size_t)n.community, &r, &gg, &b);
        fprintf(f, "      <node id=\"%zu\" label=\"", i);
        xml_text(f, n.label);
        fprintf(f, "\"><attvalues><attvalue for=\"0\" value=\"%zu\"/>"
                   "<attvalue for=\"1\" value=\"%d\"/>"
                   "<attvalue for=\"2\" value=\"%s\"/>"
                   "<attvalue for=\"3\" value=\"%s\"/>"
                   "<attvalue for=\"4\" value=\"%s\"/>"
                   "<attvalue for=\"5\" value=\"%s\"/></attvalues>"
                   "<viz:size value=\"%zu\"/><viz:position x=\"%.6g\" "
                   "y=\"%.6g\" z=\"0\"/><viz:color r=\"%d\" g=\"%d\" "
                   "b=\"%d\"/></node>\n",
                n.occurrences, n.community, mct__dstr(&nb[0], n.betweenness),
                mct__dstr(&nb[1], n.closeness),
                mct__dstr(&nb[2], n.eigenvector),
                mct__dstr(&nb[3], n.pagerank), n.occurrences, n.x * 50,
                n.y * 50, r, gg, b);
    }
    fputs("    </nodes>\n    <edges>\n", f);
    for (size_t e = 0; e < mct_net_n_edges(g); e++) {
        size_t i, j, c;
        double wt;
        mct__num b;
        mct_net_edge_get(g, e, &i, &j, &c, &wt);
        fprintf(f, "      <edge id=\"%zu\" source=\"%zu\" target=\"%zu\" "
                   "weight=\"%s\"/>\n",
                e, i, j, mct__dstr(&b, wt));
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", f);
    return mct__wfile_commit(&w, diag);
}

mct_status mct_net_write_vosviewer(const mct_net *g, const char *map_path,
                                   const char *network_path, mct_diag *diag)
{
    mct__wfile w;
    mct_status rc;
    size_t n = mct_net_n_nodes(g);
    double *tls;
    mct_diag_clear(diag);
    if (!g || !map_path || !network_path)
        return MCT_EINVAL;
    /* VOSviewer's "total link strength" sums the raw co-occurrences. */
    if (!(tls = mct__calloc(n + 1, sizeof *tls)))
        return MCT_ENOMEM;
    for (size_t e = 0; e < mct_net_n_edges(g); e++) {
        size_t i, j, c;
        mct_net_edge_get(g, e, &i, &j, &c, NULL);
        tls[i] += (double)c;
        tls[j] += (double)c;
    }
    if ((rc = mct__wfile_open(&w, map_path, diag))) {
        mct__free(tls);
        return rc;
    }
    fputs("id\tlabel\tx\ty\tcluster\tweight<Links>\t"
          "weight<Total link strength>\tweight<Occurrences>\n",
          w.fp);
    for (size_t i = 0; i < n; i++) {
        mct_net_node nd;
        mct_net_node_get(g, i, &nd);
        fprintf(w.fp, "%zu\t", i + 1);
        tsv_text(w.fp, nd.label);
        fprintf(w.fp, "\t%.6f\t%.6f\t%d\t%zu\t%.0f\t%zu\n", nd.x, nd.y,
                nd.community + 1, nd.degree, tls[i], nd.occurrences);
    }
    mct__free(tls);
    if ((rc = mct__wfile_commit(&w, diag)))
        return rc;
    if ((rc = mct__wfile_open(&w, network_path, diag)))
        return rc;
    for (size_t e = 0; e < mct_net_n_edges(g); e++) {
        size_t i, j, c;
        mct_net_edge_get(g, e, &i, &j, &c, NULL);
        fprintf(w.fp, "%zu\t%zu\t%zu\n", i + 1, j + 1, c);
    }
    return mct__wfile_commit(&w, diag);
}

mct_status mct_net_write_json(const mct_net *g, const char *path,
                              mct_diag *diag)
{
    cJSON *root = cJSON_CreateObject(), *net, *items, *links;
    char *txt = NULL;
    mct__wfile w;
    mct_status rc = MCT_ENOMEM;
    mct_diag_clear(diag);
    if (!g || !path) {
        cJSON_Delete(root);
        return MCT_EINVAL;
    }
    if (!root || !(net = cJSON_AddObjectToObject(root, "network")) ||
        !(items = cJSON_AddArrayToObject(net, "items")) ||
        !(links = cJSON_AddArrayToObject(net, "links")))
        goto out;
    for (size_t i = 0; i < mct_net_n_nodes(g); i++) {
        mct_net_node n;
        cJSON *it = cJSON_CreateObject(), *wts, *sc;
        if (!it)
            goto out;
        cJSON_AddItemToArray(items, it);
        mct_net_node_get(g, i, &n);
        cJSON_AddNumberToObject(it, "id", (double)(i + 1));
        cJSON_AddStringToObject(it, "label", n.label);
        cJSON_AddNumberToObject(it, "x", n.x);
        cJSON_AddNumberToObject(it, "y", n.y);
        cJSON_AddNumberToObject(it, "cluster", n.community + 1);
        if (!(wts = cJSON_AddObjectToObject(it, "weights")) ||
            !(sc = cJSON_AddObjectToObject(it, "scores")))
            goto out;
        cJSON_AddNumberToObject(wts, "Links", (double)n.degree);
        cJSON_AddNumberToObject(wts, "Occurrences", (double)n.occurrences);
        cJSON_AddNumberToObject(sc, "Strength", n.strength);
        cJSON_AddNumberToObject(sc, "Betweenness", n.betweenness);
        cJSON_AddNumberToObject(sc, "Closeness", n.closeness);
        cJSON_AddNumberToObject(sc, "Eigenvector", n.eigenvector);
        cJSON_AddNumberToObject(sc, "PageRank", n.pagerank);
    }
    for (size_t e = 0; e < mct_net_n_edges(g); e++) {
        size_t i, j, c;
        double wt;
        cJSON *l = cJSON_CreateObject();
        if (!l)
            goto out;
        cJSON_AddItemToArray(links, l);
        mct_net_edge_get(g, e, &i, &j, &c, &wt);
        cJSON_AddNumberToObject(l, "source_id", (double)(i + 1));
        cJSON_AddNumberToObject(l, "target_id", (double)(j + 1));
        cJSON_AddNumberToObject(l, "strength", (double)c);
        cJSON_AddNumberToObject(l, "weight", wt);
    }
    if (!(txt = cJSON_Print(root)))
        goto out;
    if ((rc = mct__wfile_open(&w, path, diag)))
        goto out;
    fputs(txt, w.fp);
    fputc('\n', w.fp);
    rc = mct__wfile_commit(&w, diag);
out:
    cJSON_free(txt);
    cJSON_Delete(root);
    return rc;
}

mct_status mct_net_write_tsv(const mct_net *g, const char *path,
                             mct_diag *diag)
{
    mct__wfile w;
    mct_status rc;
    mct_diag_clear(diag);
    if (!g || !path)
        return MCT_EINVAL;
    if ((rc = mct__wfile_open(&w, path, diag)))
        return rc;
    fputs("label\tkey\toccurrences\tdegree\tstrength\tbetweenness\t"
          "closeness\teigenvector\tpagerank\tcommunity\tleiden\tx\ty\n",
          w.fp);
    for (size_t i = 0; i < mct_net_n_nodes(g); i++) {
        mct_net_node n;
        mct__num b[5];
        mct_net_node_get(g, i, &n);
        tsv_text(w.fp, n.label);
        fputc('\t', w.fp);
        tsv_text(w.fp, n.key);
        fprintf(w.fp, "\t%zu\t%zu\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%.9g"
                      "\t%.9g\n",
                n.occurrences, n.degree, mct__dstr(&b[0], n.strength),
                mct__dstr(&b[1], n.betweenness), mct__dstr(&b[2], n.closeness),
                mct__dstr(&b[3], n.eigenvector), mct__dstr(&b[4], n.pagerank),
                n.community, n.leiden, n.x, n.y);
    }
    return mct__wfile_commit(&w, diag);
}

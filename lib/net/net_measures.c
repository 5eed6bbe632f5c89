/*
 * net_measures.c - a network's measures with igraph: degree and strength,
 * betweenness, closeness, eigenvector and PageRank centralities, Louvain
 * and Leiden communities, and the Fruchterman-Reingold layout. Every
 * random choice (igraph's one generator) is seeded just before it, so a
 * result does not depend on what igraph ran before.
 */
#include <igraph/igraph.h>
#include <math.h>

#include "net_internal.h"

/* igraph's objects for one network. */
typedef struct graph {
    igraph_t G;
    igraph_vector_t w;     /* edge weights */
    igraph_vector_t res;   /* a result per node */
    double total_w;
} graph;

/* Renumbers a partition so that community 0 is the largest (ties: the one
 * holding the lower node first). -1 when out of memory. */
static int renumber(const igraph_vector_int_t *mem, size_t n, int *out)
{
    size_t *size = mct__calloc(n + 1, sizeof *size);
    long *first = mct__alloc_array(n + 1, sizeof *first);
    int *order = mct__alloc_array(n + 1, sizeof *order), k = 0;
    if (!size || !first || !order) {
        k = -1;
        goto out;
    }
    for (size_t c = 0; c <= n; c++)
        first[c] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)VECTOR(*mem)[i];
        size[c]++;
        if (first[c] < 0)
            first[c] = (long)i;
    }
    /* selection by (size desc, first asc): n is small (nodes) */
    for (;;) {
        long best = -1;
        for (size_t c = 0; c < n; c++)
            if (size[c] && (best < 0 || size[c] > size[best] ||
                            (size[c] == size[best] && first[c] < first[best])))
                best = (long)c;
        if (best < 0)
            break;
        order[best] = k++;
        size[best] = 0;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = order[VECTOR(*mem)[i]];
out:
    mct__free(size);
    mct__free(first);
    mct__free(order);
    return k;
}

static void seed(const mct_net *g)
{
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)g->o.seed);
}

/* Degree and strength, summed in edge order. */
static void degrees(mct_net *g, graph *h)
{
    for (size_t e = 0; e < g->n_edges; e++) {
        g->deg[g->ei[e]]++;
        g->deg[g->ej[e]]++;
        g->strength[g->ei[e]] += g->ew[e];
        g->strength[g->ej[e]] += g->ew[e];
        h->total_w += g->ew[e];
    }
}

/* Betweenness, closeness, eigenvector and PageRank. */
static mct_status centralities(mct_net *g, graph *h)
{
    size_t n = g->n_nodes;
    igraph_arpack_options_t ap;
    igraph_real_t value;
    if (igraph_betweenness(&h->G, &h->res, igraph_vss_all(),
                           IGRAPH_UNDIRECTED, NULL))
        return MCT_ENUMERIC;
    for (size_t i = 0; i < n; i++)
        g->btw[i] = VECTOR(h->res)[i];
    if (igraph_closeness(&h->G, &h->res, NULL, NULL, igraph_vss_all(),
                         IGRAPH_ALL, NULL, true))
        return MCT_ENUMERIC;
    for (size_t i = 0; i < n; i++)
        g->clo[i] = isfinite(VECTOR(h->res)[i]) ? VECTOR(h->res)[i] : 0;
    if (g->n_edges) {
        igraph_arpack_options_init(&ap);
        seed(g); /* ARPACK may start from a random vector */
        if (igraph_eigenvector_centrality(&h->G, &h->res, &value,
                                          IGRAPH_UNDIRECTED, true, &h->w, &ap))
            return MCT_ENUMERIC;
        for (size_t i = 0; i < n; i++)
            g->eig[i] = VECTOR(h->res)[i];
    }
    if (igraph_pagerank(&h->G, IGRAPH_PAGERANK_ALGO_PRPACK, &h->res, &value,
                        igraph_vss_all(), IGRAPH_UNDIRECTED, 0.85,
                        g->n_edges ? &h->w : NULL, NULL))
        return MCT_ENUMERIC;
    for (size_t i = 0; i < n; i++)
        g->pr[i] = VECTOR(h->res)[i];
    return MCT_OK;
}

/* Leiden optimises modularity when node weights are the strengths and
 * the resolution is divided by twice the total weight. */
static mct_status leiden(mct_net *g, graph *h, igraph_vector_int_t *mem)
{
    size_t n = g->n_nodes;
    igraph_vector_t nodew;
    igraph_integer_t ncl;
    igraph_real_t q;
    mct_status rc = MCT_ENUMERIC;
    if (!(h->total_w > 0)) {
        memcpy(g->leid, g->comm, n * sizeof *g->leid);
        return MCT_OK;
    }
    if (igraph_vector_init(&nodew, (igraph_integer_t)n))
        return MCT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        VECTOR(nodew)[i] = g->strength[i];
    seed(g);
    if (!igraph_community_leiden(&h->G, &h->w, &nodew,
                                 g->o.resolution / (2 * h->total_w), 0.01,
                                 false, -1, mem, &ncl, &q) &&
        !igraph_modularity(&h->G, mem, &h->w, g->o.resolution,
                           IGRAPH_UNDIRECTED, &q)) {
        g->mod_leiden = isfinite(q) ? q : 0;
        rc = renumber(mem, n, g->leid) < 0 ? MCT_ENOMEM : MCT_OK;
    }
    igraph_vector_destroy(&nodew);
    return rc;
}

/* Louvain (igraph randomises the node order), then Leiden. */
static mct_status communities(mct_net *g, graph *h)
{
    igraph_vector_int_t mem;
    igraph_real_t q;
    igraph_vector_t *w = g->n_edges ? &h->w : NULL;
    int k;
    mct_status rc = MCT_ENUMERIC;
    if (igraph_vector_int_init(&mem, 0))
        return MCT_ENOMEM;
    seed(g);
    if (igraph_community_multilevel(&h->G, w, g->o.resolution, &mem, NULL,
                                    NULL) ||
        igraph_modularity(&h->G, &mem, w, g->o.resolution, IGRAPH_UNDIRECTED,
                          &q))
        goto out;
    g->mod = isfinite(q) ? q : 0;
    if ((k = renumber(&mem, g->n_nodes, g->comm)) < 0) {
        rc = MCT_ENOMEM;
        goto out;
    }
    g->n_comm = (size_t)k;
    rc = leiden(g, h, &mem);
out:
    igraph_vector_int_destroy(&mem);
    return rc;
}

/* Fruchterman-Reingold, when asked for. */
static mct_status layout(mct_net *g, graph *h)
{
    size_t n = g->n_nodes;
    igraph_matrix_t lay;
    mct_status rc = MCT_ENUMERIC;
    if (!g->o.layout || n < 2)
        return MCT_OK;
    if (igraph_matrix_init(&lay, 0, 0))
        return MCT_ENOMEM;
    seed(g);
    if (!igraph_layout_fruchterman_reingold(
            &h->G, &lay, false, 500, sqrt((double)n), IGRAPH_LAYOUT_AUTOGRID,
            g->n_edges ? &h->w : NULL, NULL, NULL, NULL, NULL)) {
        for (size_t i = 0; i < n; i++) {
            g->x[i] = igraph_matrix_get(&lay, (igraph_integer_t)i, 0);
            g->y[i] = igraph_matrix_get(&lay, (igraph_integer_t)i, 1);
        }
        rc = MCT_OK;
    }
    igraph_matrix_destroy(&lay);
    return rc;
}

/* The graph of g's nodes and edges, with the weights. */
static mct_status make_graph(const mct_net *g, graph *h)
{
    igraph_vector_int_t edges;
    mct_status rc = MCT_ENUMERIC;
    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->n_edges)))
        return MCT_ENOMEM;
    for (size_t e = 0; e < g->n_edges; e++) {
        VECTOR(edges)[2 * e] = g->ei[e];
        VECTOR(edges)[2 * e + 1] = g->ej[e];
        VECTOR(h->w)[e] = g->ew[e];
    }
    if (!igraph_create(&h->G, &edges, (igraph_integer_t)g->n_nodes,
                       IGRAPH_UNDIRECTED))
        rc = MCT_OK;
    igraph_vector_int_destroy(&edges);
    return rc;
}

mct_status mct__net_measures(mct_net *g)
{
    graph h;
    igraph_error_handler_t *eh;
    igraph_warning_handler_t *wh;
    mct_status rc = MCT_ENOMEM;
    memset(&h, 0, sizeof h);
    /* igraph's defaults abort and print; the library does neither. */
    eh = igraph_set_error_handler(igraph_error_handler_ignore);
    wh = igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (igraph_vector_init(&h.w, (igraph_integer_t)g->n_edges))
        goto restore;
    if (igraph_vector_init(&h.res, 0))
        goto free_w;
    if (!(rc = make_graph(g, &h))) {
        degrees(g, &h);
        if (!(rc = centralities(g, &h)) && !(rc = communities(g, &h)))
            rc = layout(g, &h);
        igraph_destroy(&h.G);
    }
    igraph_vector_destroy(&h.res);
free_w:
    igraph_vector_destroy(&h.w);
restore:
    igraph_set_error_handler(eh);
    igraph_set_warning_handler(wh);
    return rc;
}

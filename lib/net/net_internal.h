/*
 * net_internal.h - the network's state, shared by net.c (building) and
 * net_measures.c (igraph's measures, communities and layout). Not
 * installed.
 */
#ifndef MCT_NET_INTERNAL_H
#define MCT_NET_INTERNAL_H

#include "internal.h"
#include "mct_net.h"

struct mct_net {
    mct_net_opts o;
    char lang[64];
    mct_analyzer *an;       /* MCT_NET_FOLD_FULL normalisation */
    mct__strtab keys;       /* every normalised item; id = key id */
    long *node_of;          /* key id -> node, or -1 */
    size_t n_nodes, n_edges, n_comm, n_trans;
    uint32_t *key_of;       /* node -> key id */
    char **label;
    size_t *occ, *deg;
    double *strength, *btw, *clo, *eig, *pr, *x, *y;
    int *comm, *leid;
    uint32_t *ei, *ej;
    size_t *ecount;
    double *ew;
    double mod, mod_leiden;
    int *trans_comm;
    mct__arena arena;
};

/* Degree, strength, centralities, Louvain and Leiden communities and the
 * layout of the nodes and edges made: MCT_ENUMERIC when igraph fails,
 * MCT_ENOMEM. Every random choice from g->o.seed. */
mct_status mct__net_measures(mct_net *g);

#endif

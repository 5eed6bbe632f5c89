/*
 * mct_net.h - co-occurrence networks: author keywords (co-word analysis),
 * or concepts counted in windows of sentences. Graph algorithms come from
 * igraph's C library.
 *
 * Input is a list of "transactions" (a record's keywords, or the concepts
 * of one window of text), each a list of strings. Nodes are the distinct
 * items, normalised, that occur in at least min_count transactions; an
 * edge joins two nodes that occur in the same transaction, its count
 * being the number of such transactions. Edge weights are the counts or
 * a normalisation of them (c_ij co-occurrences, c_i occurrences):
 *
 *   association strength  c_ij / (c_i c_j)   (VOSviewer's default)
 *   cosine                c_ij / sqrt(c_i c_j)
 *   Jaccard               c_ij / (c_i + c_j - c_ij)
 *   inclusion             c_ij / min(c_i, c_j)
 *
 * Per node: occurrences, degree, strength (sum of weights), betweenness
 * and closeness (unweighted, on the topology; closeness normalised over
 * the reachable nodes as igraph does), eigenvector centrality (weighted,
 * largest 1) and PageRank (weighted, damping 0.85); communities by Louvain
 * and Leiden (modularity, weighted, resolution 1 by default); a
 * Fruchterman-Reingold layout. Nodes are ordered by occurrences, then
 * alphabetically; communities are numbered from the largest.
 *
 * Thread safety: igraph as Debian builds it keeps its error handler and
 * random generator process-wide, so mct_net_build must not run in two
 * threads at once. Everything else here may.
 */
#ifndef MCT_NET_H
#define MCT_NET_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "mct_common.h"
#include "mct_records.h"
#include "mct_text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mct_net_norm {
    MCT_NET_NORM_RAW = 0,
    MCT_NET_NORM_ASSOCIATION = 1,
    MCT_NET_NORM_COSINE = 2,
    MCT_NET_NORM_JACCARD = 3,
    MCT_NET_NORM_INCLUSION = 4
} mct_net_norm;

/* Name <-> value ("raw", "association", "cosine", "jaccard",
 * "inclusion"); parsing fails with MCT_ENOTFOUND for another name. */
MCT_API const char *mct_net_norm_name(mct_net_norm n);
MCT_API mct_status mct_net_norm_parse(const char *s, mct_net_norm *out);

typedef enum mct_net_fold {
    /* Case folding and NFKC only: "Open Badges" = "open badges". */
    MCT_NET_FOLD_CASE = 0,
    /* Also hyphens, closed compounds and plurals (Snowball stems) and
     * the thesaurus: "Micro-Credentials" = "microcredential". */
    MCT_NET_FOLD_FULL = 1,
    /* Items are taken exactly as given. */
    MCT_NET_FOLD_NONE = 2
} mct_net_fold;

typedef struct mct_net_opts {
    size_t min_count;        /* default 2 */
    size_t top;              /* keep the top N by occurrences; 0 = all */
    mct_net_norm norm;       /* default association strength */
    mct_net_fold fold;       /* default MCT_NET_FOLD_FULL */
    const mct_thesaurus *thesaurus; /* applied with MCT_NET_FOLD_FULL */
    const char *stem_language;      /* default "english" */
    double resolution;       /* modularity resolution, default 1 */
    uint64_t seed;           /* Louvain, Leiden and layout (default 42) */
    bool layout;             /* compute a layout (default true) */
} mct_net_opts;

/* The defaults given with each field above. */
MCT_API mct_net_opts mct_net_opts_default(void);

typedef struct mct_net mct_net;

/*
 * Builds the network of n transactions; transaction t holds n_items[t]
 * strings items[t][0..]. Errors: MCT_EINVAL for options out of range or
 * NULL arrays, MCT_EEMPTY when no node reaches min_count, MCT_EUTF8,
 * MCT_ENOMEM. Not to be run in two threads at once: igraph's error
 * handlers and random generator are process-wide (the call swaps in its
 * own and restores the caller's).
 */
MCT_API mct_status mct_net_build(const mct_net_opts *o,
                                 const char *const *const *items,
                                 const size_t *n_items, size_t n,
                                 mct_net **out);

/* Which items of a record make its transaction. */
typedef enum mct_net_field {
    MCT_NET_FIELD_KEYWORDS = 0,       /* author keywords */
    MCT_NET_FIELD_INDEX_KEYWORDS = 1, /* Keywords Plus, indexed terms */
    /* The terms of title, abstract and keywords (the default analyzer,
     * words of three or more letters, no numbers), each once */
    MCT_NET_FIELD_TERMS = 2
} mct_net_field;

/*
 * Builds the network of the records: record t is transaction t, its
 * items those of the field. The same errors as mct_net_build, and
 * MCT_EINVAL for an unknown field; the same caution about threads.
 */
MCT_API mct_status mct_net_build_records(const mct_net_opts *o,
                                         const mct_records *r,
                                         mct_net_field field, mct_net **out);

/* One node. Strings are valid until the network is freed. */
typedef struct mct_net_node {
    const char *label;     /* most frequent form of the item */
    const char *key;       /* its normalised form */
    size_t occurrences;    /* transactions that contain it */
    size_t degree;
    double strength, betweenness, closeness, eigenvector, pagerank;
    int community;         /* Louvain, 0 = largest */
    int leiden;            /* Leiden, 0 = largest */
    double x, y;           /* layout (0 when none) */
} mct_net_node;

/* Number of nodes, and node i (most occurrences first). MCT_EINVAL when
 * i is out of range. */
MCT_API size_t mct_net_n_nodes(const mct_net *g);
MCT_API mct_status mct_net_node_get(const mct_net *g, size_t i,
                                    mct_net_node *out);
/* The node of an item (normalised as the network does), or -1. */
MCT_API long mct_net_find(const mct_net *g, const char *item);

/* Number of edges, and edge e: nodes i < j, co-occurrence count and
 * weight (each output may be NULL). MCT_EINVAL when e is out of range. */
MCT_API size_t mct_net_n_edges(const mct_net *g);
MCT_API mct_status mct_net_edge_get(const mct_net *g, size_t e, size_t *i,
                                    size_t *j, size_t *count, double *weight);

/* Number of Louvain communities, and the modularity of the Louvain
 * (leiden = false) or Leiden partition. */
MCT_API size_t mct_net_n_communities(const mct_net *g);
MCT_API double mct_net_modularity(const mct_net *g, bool leiden);

/*
 * The community of transaction t: the Louvain community holding most of
 * its nodes (ties to the smaller community number), or -1 when none of
 * its items is a node.
 */
MCT_API int mct_net_transaction_community(const mct_net *g, size_t t);

/*
 * The strongest paths connecting the nodes: a maximum spanning forest by
 * co-occurrence count (ties by weight, then node order), as Pathfinder
 * and concept maps draw them. The indices of its edges go to *edges
 * (free with mct_free), their number to *n. Errors: MCT_EINVAL for NULL
 * arguments, MCT_ENOMEM.
 */
MCT_API mct_status mct_net_strongest_paths(const mct_net *g, size_t **edges,
                                           size_t *n);

/*
 * The same on the links' weights (the network's normalisation, by
 * default VOSviewer's association strength c_ij / (s_i s_j)), ties by
 * count, then node order. Raw counts make a star around the most
 * frequent node; a normalised measure links each concept to the one it
 * keeps company with beyond chance, as concept maps mean to show. The
 * same errors.
 */
MCT_API mct_status mct_net_strongest_paths_weighted(const mct_net *g,
                                                    size_t **edges,
                                                    size_t *n);

/* Exports; every file is written atomically. Errors: MCT_EIO (diag says
 * which file and why), MCT_EINVAL for NULL arguments, MCT_ENOMEM. */
MCT_API mct_status mct_net_write_graphml(const mct_net *g, const char *path,
                                         mct_diag *diag);
MCT_API mct_status mct_net_write_gexf(const mct_net *g, const char *path,
                                      mct_diag *diag);
/* VOSviewer map file (TSV with id, label, x, y, cluster and weights) and
 * network file (id1, id2, co-occurrences); errors as above. */
MCT_API mct_status mct_net_write_vosviewer(const mct_net *g,
                                           const char *map_path,
                                           const char *network_path,
                                           mct_diag *diag);
/* VOSviewer's JSON format, with the centralities as scores; errors as
 * above. */
MCT_API mct_status mct_net_write_json(const mct_net *g, const char *path,
                                      mct_diag *diag);
/* A node table: label, key, occurrences, degree, strength, betweenness,
 * closeness, eigenvector, pagerank, community, leiden, x, y; errors as
 * above. */
MCT_API mct_status mct_net_write_tsv(const mct_net *g, const char *path,
                                     mct_diag *diag);

/* Frees the network. NULL is a no-op. */
MCT_API void mct_net_free(mct_net *g);

/* Earlier names, kept for programs written against 0.1.0 (deprecated):
 * enum constants now carry their type's name. */
#define MCT_NET_RAW MCT_NET_NORM_RAW
#define MCT_NET_ASSOCIATION MCT_NET_NORM_ASSOCIATION
#define MCT_NET_COSINE MCT_NET_NORM_COSINE
#define MCT_NET_JACCARD MCT_NET_NORM_JACCARD
#define MCT_NET_INCLUSION MCT_NET_NORM_INCLUSION
#define MCT_FOLD_CASE MCT_NET_FOLD_CASE
#define MCT_FOLD_FULL MCT_NET_FOLD_FULL
#define MCT_FOLD_NONE MCT_NET_FOLD_NONE

#ifdef __cplusplus
}
#endif
#endif /* MCT_NET_H */

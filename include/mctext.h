/*
 * mctext.h - libmctext, text mining and t-SNE for literature reviews.
 *
 * Include this one header. Every public name starts with mct_ or MCT_.
 *
 * Thread safety: no mutable globals; different handles may be used
 * concurrently; one handle is not thread-safe; networks and concept maps
 * are not built in two threads at once (igraph; see mct_common.h).
 *
 * Conventions: functions that can fail return mct_status (MCT_OK is 0)
 * and write their results through the last arguments; handles are opaque,
 * made with _new and released with _free (NULL is a no-op); option
 * structs come from a _default() function and gain fields only at the
 * end; the library never prints, exits or aborts.
 */
#ifndef MCTEXT_H
#define MCTEXT_H

#include "mct_common.h"
#include "mct_csr.h"
#include "mct_dense.h"
#include "mct_text.h"
#include "mct_tfidf.h"
#include "mct_records.h"
#include "mct_knn.h"
#include "mct_pca.h"
#include "mct_tsne.h"
#include "mct_metrics.h"
#include "mct_dedup.h"
#include "mct_query.h"
#include "mct_net.h"
#include "mct_concepts.h"
#include "mct_kmeans.h"
#include "mct_themes.h"
#include "mct_screen.h"
#include "mct_trends.h"
#include "mct_review.h"

#endif /* MCTEXT_H */

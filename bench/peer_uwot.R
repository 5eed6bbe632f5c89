# peer_uwot.R IN50.tsv N THREADS EMB.tsv - UMAP in R (Debian r-cran-uwot)
# on the same 50-dimensional input with its defaults (15 neighbours by
# Annoy, min_dist 0.01, 200 epochs above 10,000 points), THREADS threads
# for the neighbours and the optimisation. Prints "seconds,nan" (no KL)
# and writes the embedding.
a <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(uwot))
n <- as.integer(a[2])
X <- as.matrix(read.table(a[1], sep = "\t", nrows = n))
th <- as.integer(a[3])
t0 <- Sys.time()
Y <- umap(X, n_components = 2, n_threads = th, n_sgd_threads = th)
t1 <- Sys.time()
cat(sprintf("%.3f,nan\n", as.numeric(difftime(t1, t0, units = "secs"))))
write.table(Y, a[4], sep = "\t", row.names = FALSE, col.names = FALSE)

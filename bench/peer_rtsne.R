# peer_rtsne.R IN50.tsv N THREADS EMB.tsv - Rtsne (Debian r-cran-rtsne) on
# the same 50-dimensional input: perplexity 30, theta 0.5, 1000
# iterations, no PCA of its own. Prints "seconds,kl" (Rtsne's own final
# cost) and writes the embedding.
a <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(Rtsne))
n <- as.integer(a[2])
X <- as.matrix(read.table(a[1], sep = "\t", nrows = n))
t0 <- Sys.time()
r <- Rtsne(X, dims = 2, perplexity = 30, theta = 0.5, pca = FALSE,
           max_iter = 1000, num_threads = as.integer(a[3]),
           check_duplicates = FALSE, verbose = FALSE)
t1 <- Sys.time()
cat(sprintf("%.3f,%.4f\n", as.numeric(difftime(t1, t0, units = "secs")),
            tail(r$itercosts, 1)))
write.table(r$Y, a[4], sep = "\t", row.names = FALSE, col.names = FALSE)

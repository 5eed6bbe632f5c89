/*
 * titles_map.c - a t-SNE map of titles with libmctext: read a file with
 * one title per line, TF-IDF, t-SNE, print x, y and the title.
 *
 *   cc titles_map.c $(pkg-config --cflags --libs libmctext)
 */
#include <stdio.h>
#include <mctext.h>

int main(int argc, char **argv)
{
    mct_docs *docs = NULL;
    mct_vectorizer *vec = NULL;
    mct_csr *X = NULL;
    mct_tsne *tsne = NULL;
    mct_diag diag;
    mct_status rc;
    mct_vectorizer_opts to = mct_vectorizer_opts_default();
    mct_tsne_opts so = mct_tsne_opts_default();

    if (argc != 2)
        return 2;
    if ((rc = mct_docs_new(&docs)) ||
        (rc = mct_docs_read_lines(docs, argv[1], NULL, &diag)) ||
        (rc = mct_vectorizer_new(&to, &vec)) ||
        (rc = mct_vectorizer_fit_transform(vec, mct_docs_texts(docs),
                                           mct_docs_lengths(docs),
                                           mct_docs_count(docs), &X, &diag)) ||
        (rc = mct_tsne_new(&so, &tsne)) ||
        (rc = mct_tsne_fit_csr(tsne, X, &diag))) {
        fprintf(stderr, "%s:%zu: %s\n", argv[1], diag.line,
                diag.msg[0] ? diag.msg : mct_strerror(rc));
        return 1;
    }
    {
        size_t n;
        int dims;
        const double *Y = mct_tsne_embedding(tsne, &n, &dims);
        for (size_t i = 0; i < n; i++)
            printf("%g\t%g\t%s\n", Y[2 * i], Y[2 * i + 1],
                   mct_docs_text(docs, i, NULL));
    }
    mct_tsne_free(tsne);
    mct_csr_free(X);
    mct_vectorizer_free(vec);
    mct_docs_free(docs);
    return 0;
}

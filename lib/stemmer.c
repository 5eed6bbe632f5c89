/*
 * stemmer.c - a thin, checked wrapper over Snowball's libstemmer.
 */
#include <libstemmer.h>

#include "internal.h"
#include "mct_text.h"

struct mct_stemmer {
    struct sb_stemmer *sb;
};

mct_status mct_stemmer_new(const char *language, mct_stemmer **out)
{
    mct_stemmer *s;
    if (!out || !language)
        return MCT_EINVAL;
    *out = NULL;
    if (!(s = mct__calloc(1, sizeof *s)))
        return MCT_ENOMEM;
    /* libstemmer accepts the language names and ISO 639 codes; it returns
     * NULL both for an unknown name and for a failed allocation, so tell
     * them apart by looking the name up in its list. */
    s->sb = sb_stemmer_new(language, "UTF_8");
    if (!s->sb) {
        const char **l = sb_stemmer_list();
        bool known = false;
        for (; *l; l++)
            known |= strcmp(*l, language) == 0;
        mct__free(s);
        return known ? MCT_ENOMEM : MCT_ENOTFOUND;
    }
    *out = s;
    return MCT_OK;
}

mct_status mct_stemmer_stem(mct_stemmer *s, const char *word, size_t len,
                            const char **stem, size_t *stem_len)
{
    const sb_symbol *r;
    if (!s || (!word && len) || !stem || len > INT32_MAX)
        return MCT_EINVAL;
    r = sb_stemmer_stem(s->sb, (const sb_symbol *)(word ? word : ""),
                        (int)len);
    if (!r)
        return MCT_ENOMEM;
    *stem = (const char *)r;
    if (stem_len)
        *stem_len = (size_t)sb_stemmer_length(s->sb);
    return MCT_OK;
}

const char *const *mct_stemmer_languages(void)
{
    return (const char *const *)sb_stemmer_list();
}

void mct_stemmer_free(mct_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    mct__free(s);
}

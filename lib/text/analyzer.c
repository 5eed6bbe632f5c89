/*
 * analyzer.c - the analyzer: options, thesaurus, stop words, stemming and
 * n-grams, over the tokens of tokenize.c: text in, terms out.
 */
#include "analyzer_impl.h"

mct_analyzer_opts mct_analyzer_opts_default(void)
{
    mct_analyzer_opts o;
    memset(&o, 0, sizeof o);
    o.mode = MCT_TOKEN_MODE_UNICODE;
    o.lowercase = true;
    o.stem = true;
    o.stem_language = "english";
    o.stop_list = MCT_STOPLIST_ENGLISH;
    o.ngram_min = 1;
    o.ngram_max = 1;
    o.min_token_chars = 2;
    return o;
}

mct_analyzer_opts mct_analyzer_opts_sklearn(void)
{
    mct_analyzer_opts o = mct_analyzer_opts_default();
    o.mode = MCT_TOKEN_MODE_SKLEARN;
    o.stem = false;
    o.stop_list = MCT_STOPLIST_SKLEARN;
    return o;
}

const mct_analyzer_opts *mct__analyzer_opts(const mct_analyzer *a)
{
    return &a->o;
}

mct_stemmer *mct__analyzer_stemmer(mct_analyzer *a) { return a->stemmer; }

bool mct__analyzer_simd(mct_analyzer *a, int use)
{
    bool was = a->avx512;
#ifdef HAVE_AVX512
    if (use >= 0)
        a->avx512 = use && __builtin_cpu_supports("avx512bw");
#else
    (void)use;
#endif
    return was;
}

size_t mct__analyzer_max_expansion(const mct_analyzer *a)
{
    return a->max_repl > 1 ? a->max_repl : 1;
}

void mct__tokens_free(mct__tokens *tk)
{
    mct__free(tk->cps);
    mct__free(tk->cls);
    mct__free(tk->bytes);
    mct__free(tk->off);
    mct__free(tk->tlen);
    mct__free(tk->tmp);
    memset(tk, 0, sizeof *tk);
}

/* ---- thesaurus and stop words --------------------------------------- */

/*
 * Replaces thesaurus labels in the token list, longest label first. The
 * result is rebuilt in place: surviving and replacement surfaces are
 * appended after the raw ones, then moved down.
 */
/*
 * The longest thesaurus label that starts at token i (of the first
 * raw_count): *id and *len (in tokens), or *id = -1. key is scratch.
 */
static mct_status longest_label(const mct_analyzer *a, const mct__tokens *tk,
                                size_t i, size_t raw_count, mct__buf *key,
                                long *id, size_t *len)
{
    size_t max_l, klen;
    mct_status rc;
    *id = -1;
    *len = 0;
    key->len = 0;
    if ((rc = mct__grow((void **)&key->p, &key->cap, tk->tlen[i] + 1, 1)))
        return rc;
    klen = mct__surface_key(tk->bytes + tk->off[i], tk->tlen[i], key->p);
    if (mct__strtab_find(&a->thes_first, key->p, klen,
                         mct__hash(key->p, klen)) < 0)
        return MCT_OK;
    /* The key of tokens i..i+l-1 for every l; the longest label wins. */
    key->len = klen;
    max_l = raw_count - i < a->thes_max ? raw_count - i : a->thes_max;
    for (size_t l = 1; l <= max_l; l++) {
        long f;
        if (l > 1) {
            const char *t = tk->bytes + tk->off[i + l - 1];
            size_t tl = tk->tlen[i + l - 1];
            if ((rc = mct__grow((void **)&key->p, &key->cap,
                                key->len + tl + 2, 1)))
                return rc;
            key->p[key->len++] = ' ';
            key->len += mct__surface_key(t, tl, key->p + key->len);
        }
        f = mct__strtab_find(&a->thes, key->p, key->len,
                             mct__hash(key->p, key->len));
        if (f >= 0) {
            *len = l;
            *id = f;
        }
    }
    return MCT_OK;
}

/* Appends the replacement's words as tokens. */
static mct_status push_words(mct__tokens *tk, const char *r)
{
    mct_status rc;
    while (*r) {
        const char *e = strchr(r, ' ');
        size_t rl = e ? (size_t)(e - r) : strlen(r);
        if ((rc = mct__push_token(tk, r, rl)))
            return rc;
        r += rl + (e ? 1 : 0);
    }
    return MCT_OK;
}

/* Appends a copy of token i (through a temporary: pushing may move
 * tk->bytes). */
static mct_status push_copy(mct__tokens *tk, size_t i)
{
    size_t tl = tk->tlen[i];
    mct_status rc;
    if ((rc = mct__grow((void **)&tk->tmp, &tk->tmp_cap, tl + 1, 1)))
        return rc;
    memcpy(tk->tmp, tk->bytes + tk->off[i], tl);
    return mct__push_token(tk, tk->tmp, tl);
}

/* Drops the first raw_count tokens, moving the rest to the front. */
static void drop_front(mct__tokens *tk, size_t raw_count)
{
    size_t n_new = tk->count - raw_count;
    size_t base = tk->off[raw_count < tk->count ? raw_count : 0];
    if (n_new == 0) {
        tk->count = 0;
        tk->len = 0;
        return;
    }
    memmove(tk->bytes, tk->bytes + base, tk->len - base);
    for (size_t k = 0; k < n_new; k++) {
        tk->off[k] = (uint32_t)(tk->off[raw_count + k] - base);
        tk->tlen[k] = tk->tlen[raw_count + k];
    }
    tk->len -= base;
    tk->count = n_new;
}

/* Rewrites the tokens through the thesaurus: the longest label starting
 * at each token is replaced by its words. The new tokens are appended
 * after the old ones, which are then dropped. */
static mct_status apply_thesaurus(const mct_analyzer *a, mct__tokens *tk)
{
    size_t raw_count = tk->count, i = 0;
    mct__buf key = {0};
    mct_status rc = MCT_OK;
    while (i < raw_count && !rc) {
        long id;
        size_t l;
        if ((rc = longest_label(a, tk, i, raw_count, &key, &id, &l)))
            break;
        if (id >= 0) {
            rc = push_words(tk, a->thes_repl[id]);
            i += l;
        } else {
            rc = push_copy(tk, i);
            i++;
        }
    }
    if (!rc)
        drop_front(tk, raw_count);
    mct__buf_free(&key);
    return rc;
}

bool mct__surface_dropped_key(const mct_analyzer *a, const char *s, size_t n,
                              const mct__key *k, char *scratch)
{
    const char *w = s;
    size_t wl = n, slot;
    bool hyphen = false;
    mct__key key;
    if (mct__surface_short(s, n, a->o.min_token_chars))
        return true;
    if (a->o.drop_numbers && mct__surface_is_number(s, n))
        return true;
    if (!a->stop.n)
        return false;
    for (size_t i = 0; i < n; i++)
        hyphen |= s[i] == '-';
    /* Stop words are listed without the hyphens of compounds. */
    if (hyphen || !k) {
        if (hyphen) {
            wl = mct__surface_key(s, n, scratch);
            w = scratch;
        }
        key = mct__key_of(w, wl);
        k = &key;
    }
    return mct__strtab_probe(&a->stop, w, wl, k, &slot) >= 0;
}

bool mct__surface_dropped(const mct_analyzer *a, const char *s, size_t n,
                          char *scratch)
{
    return mct__surface_dropped_key(a, s, n, NULL, scratch);
}

/* Drops short tokens, numbers (when asked) and stop words, in place. */
static mct_status filter_tokens(const mct_analyzer *a, mct__tokens *tk)
{
    size_t w = 0;
    for (size_t i = 0; i < tk->count; i++) {
        if (mct__grow((void **)&tk->tmp, &tk->tmp_cap, tk->tlen[i] + 1, 1))
            return MCT_ENOMEM;
        if (mct__surface_dropped(a, tk->bytes + tk->off[i], tk->tlen[i],
                                 tk->tmp))
            continue;
        tk->off[w] = tk->off[i];
        tk->tlen[w] = tk->tlen[i];
        w++;
    }
    tk->count = w;
    return MCT_OK;
}

mct_status mct__analyze_words(const mct_analyzer *a, const char *text,
                              size_t len, mct__tokens *tk)
{
    mct_status rc = mct__tokenize_raw(a, text, len, tk);
    if (!rc && a->thes.n)
        rc = apply_thesaurus(a, tk);
    return rc;
}

mct_status mct__analyze_ascii(const mct_analyzer *a, const char *text,
                              size_t len, mct__tokens *tk, bool *ascii)
{
    mct_status rc;
    tk->len = 0;
    tk->count = 0;
    rc = mct__tokenize_ascii(a, text, len, tk, ascii);
    if (!rc && *ascii && a->thes.n)
        rc = apply_thesaurus(a, tk);
    return rc;
}

mct_status mct__analyze_unicode(const mct_analyzer *a, const char *text,
                                size_t len, mct__tokens *tk)
{
    mct_status rc = mct__tokenize_unicode(a, text, len, tk);
    if (!rc && a->thes.n)
        rc = apply_thesaurus(a, tk);
    return rc;
}

mct_status mct__analyze_surfaces(const mct_analyzer *a, const char *text,
                                 size_t len, mct__tokens *tk)
{
    mct_status rc = mct__analyze_words(a, text, len, tk);
    if (!rc)
        rc = filter_tokens(a, tk);
    return rc;
}

/* ---- construction --------------------------------------------------- */

/* Keys of the raw tokens of s joined by ' ' into b; *ntok gets the count. */
static mct_status phrase_keys(mct_analyzer *a, const char *s, mct__buf *b,
                              size_t *ntok, bool surfaces)
{
    mct_status rc = mct__tokenize_raw(a, s, strlen(s), &a->tk);
    b->len = 0;
    if (rc)
        return rc;
    for (size_t i = 0; i < a->tk.count; i++) {
        const char *t = a->tk.bytes + a->tk.off[i];
        size_t n = a->tk.tlen[i];
        if (i && (rc = mct__buf_addc(b, ' ')))
            return rc;
        if ((rc = mct__grow((void **)&b->p, &b->cap, b->len + n + 1, 1)))
            return rc;
        if (surfaces) {
            memcpy(b->p + b->len, t, n);
            b->len += n;
        } else {
            b->len += mct__surface_key(t, n, b->p + b->len);
        }
    }
    *ntok = a->tk.count;
    return mct__buf_term(b);
}

static mct_status add_stop(mct_analyzer *a, const char *w, mct__buf *b)
{
    uint32_t id;
    size_t nt;
    mct_status rc;
    if (a->o.mode == MCT_TOKEN_MODE_SKLEARN) {
        /* scikit-learn compares tokens with the list literally. */
        return mct__strtab_intern(&a->stop, w, strlen(w),
                                  mct__hash(w, strlen(w)), &id, NULL);
    }
    if ((rc = phrase_keys(a, w, b, &nt, false)))
        return rc;
    if (nt != 1)
        return MCT_OK; /* a phrase or nothing: cannot match one token */
    return mct__strtab_intern(&a->stop, b->p, b->len,
                              mct__hash(b->p, b->len), &id, NULL);
}

static mct_status add_thesaurus(mct_analyzer *a, const mct_thesaurus *t,
                                mct__buf *b)
{
    size_t n = mct_thesaurus_count(t), cap = 0;
    mct_status rc;
    for (size_t i = 0; i < n; i++) {
        const char *label, *repl;
        size_t nt, nr;
        uint32_t id, fid;
        char *r;
        mct_thesaurus_get(t, i, &label, &repl);
        if ((rc = phrase_keys(a, label, b, &nt, false)))
            return rc;
        if (nt == 0)
            continue;
        /* The replacement slot a new label would take exists, empty,
         * before the label does: the table may keep the label even when
         * it then fails (growing), and mct_analyzer_free frees a slot per
         * label. */
        if ((rc = mct__grow((void **)&a->thes_repl, &cap, a->thes.n + 1,
                            sizeof *a->thes_repl)))
            return rc;
        a->thes_repl[a->thes.n] = NULL;
        if ((rc = mct__strtab_intern(&a->thes, b->p, b->len,
                                     mct__hash(b->p, b->len), &id, NULL)))
            return rc;
        if (nt > a->thes_max)
            a->thes_max = (unsigned)nt;
        {
            size_t fl = strcspn(b->p, " ");
            if ((rc = mct__strtab_intern(&a->thes_first, b->p, fl,
                                         mct__hash(b->p, fl), &fid, NULL)))
                return rc;
        }
        if ((rc = phrase_keys(a, repl, b, &nr, true)))
            return rc;
        if (nr > a->max_repl)
            a->max_repl = nr;
        if (!(r = mct__strndup(b->p, b->len)))
            return MCT_ENOMEM;
        mct__free(a->thes_repl[id]);
        a->thes_repl[id] = r;
    }
    return MCT_OK;
}

mct_status mct_analyzer_new(const mct_analyzer_opts *opts, mct_analyzer **out)
{
    const mct_analyzer_opts od_ = opts ? *opts : mct_analyzer_opts_default();
    const mct_analyzer_opts *o = &od_;
    mct_analyzer *a;
    mct__buf b = {0};
    mct_status rc = MCT_ENOMEM;
    const char *const *words;
    size_t nw;
    if (!out)
        return MCT_EINVAL;
    *out = NULL;
    if (o->ngram_min < 1 || o->ngram_max < o->ngram_min || o->ngram_max > 8 ||
        (o->mode != MCT_TOKEN_MODE_UNICODE && o->mode != MCT_TOKEN_MODE_SKLEARN) ||
        (o->n_stop_words && !o->stop_words))
        return MCT_EINVAL;
    if (o->stem && (!o->stem_language || strlen(o->stem_language) >= 64))
        return MCT_EINVAL;
    if (!(a = mct__calloc(1, sizeof *a)))
        return MCT_ENOMEM;
    a->o = *o;
    if (o->stem) {
        strcpy(a->lang, o->stem_language);
        a->o.stem_language = a->lang;
    } else {
        a->o.stem_language = NULL;
    }
    a->o.stop_words = NULL;
    a->o.n_stop_words = 0;
    a->o.thesaurus = NULL;
#ifdef HAVE_AVX512
    a->avx512 = __builtin_cpu_supports("avx512bw");
#endif
    if (mct__strtab_init(&a->stop, 512) || mct__strtab_init(&a->thes, 16) ||
        mct__strtab_init(&a->thes_first, 16))
        goto fail;
    if (o->stem && (rc = mct_stemmer_new(o->stem_language, &a->stemmer)))
        goto fail;
    words = mct_stoplist_words(o->stop_list, &nw);
    for (size_t i = 0; i < nw; i++)
        if ((rc = add_stop(a, words[i], &b)))
            goto fail;
    for (size_t i = 0; i < o->n_stop_words; i++) {
        if (!o->stop_words[i] ||
            !mct__utf8_valid(o->stop_words[i], strlen(o->stop_words[i]),
                             NULL)) {
            rc = o->stop_words[i] ? MCT_EUTF8 : MCT_EINVAL;
            goto fail;
        }
        if ((rc = add_stop(a, o->stop_words[i], &b)))
            goto fail;
    }
    if (o->thesaurus && (rc = add_thesaurus(a, o->thesaurus, &b)))
        goto fail;
    mct__buf_free(&b);
    *out = a;
    return MCT_OK;
fail:
    mct__buf_free(&b);
    mct_analyzer_free(a);
    return rc;
}

void mct_analyzer_free(mct_analyzer *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->thes.n; i++)
        mct__free(a->thes_repl ? a->thes_repl[i] : NULL);
    mct__free(a->thes_repl);
    mct__strtab_destroy(&a->stop);
    mct__strtab_destroy(&a->thes);
    mct__strtab_destroy(&a->thes_first);
    mct_stemmer_free(a->stemmer);
    mct__tokens_free(&a->tk);
    mct__buf_free(&a->terms);
    mct__free(a);
}

/* ---- running -------------------------------------------------------- */

/*
 * Writes the term (stem) of every token of a->tk into a->terms, NUL
 * separated; offsets go to toff.
 */
static mct_status stem_tokens(mct_analyzer *a, size_t *toff)
{
    mct__tokens *tk = &a->tk;
    mct_status rc;
    a->terms.len = 0;
    for (size_t i = 0; i < tk->count; i++) {
        const char *s = tk->bytes + tk->off[i];
        size_t n = tk->tlen[i], kl;
        const char *stem;
        size_t sl;
        if ((rc = mct__grow((void **)&tk->tmp, &tk->tmp_cap, n + 1, 1)))
            return rc;
        kl = mct__surface_key(s, n, tk->tmp);
        if (a->stemmer) {
            if ((rc = mct_stemmer_stem(a->stemmer, tk->tmp, kl, &stem, &sl)))
                return rc;
        } else {
            stem = tk->tmp;
            sl = kl;
        }
        toff[i] = a->terms.len;
        if ((rc = mct__buf_add(&a->terms, stem, sl)) ||
            (rc = mct__buf_addc(&a->terms, '\0')))
            return rc;
    }
    return MCT_OK;
}

static mct_status emit_ngrams(mct_analyzer *a, const size_t *toff,
                              unsigned gram, mct_term_fn fn, void *user,
                              bool *stopped)
{
    mct__tokens *tk = &a->tk;
    mct__buf t = {0}, s = {0};
    mct_status rc = MCT_OK;
    for (size_t i = 0; i + gram <= tk->count && !*stopped; i++) {
        t.len = s.len = 0;
        for (size_t k = 0; k < gram; k++) {
            const char *term = a->terms.p + toff[i + k];
            if (k && ((rc = mct__buf_addc(&t, ' ')) ||
                      (rc = mct__buf_addc(&s, ' '))))
                goto out;
            if ((rc = mct__buf_add(&t, term, strlen(term))) ||
                (rc = mct__buf_add(&s, tk->bytes + tk->off[i + k],
                                   tk->tlen[i + k])))
                goto out;
        }
        if (!fn(user, t.p, t.len, s.p, s.len))
            *stopped = true;
    }
out:
    mct__buf_free(&t);
    mct__buf_free(&s);
    return rc;
}

mct_status mct_analyzer_run(mct_analyzer *a, const char *text, size_t len,
                            mct_term_fn fn, void *user)
{
    size_t *toff = NULL;
    bool stopped = false;
    mct_status rc;
    if (!a || !fn || (!text && len))
        return MCT_EINVAL;
    if (!mct__utf8_valid(text, len, NULL))
        return MCT_EUTF8;
    if ((rc = mct__analyze_surfaces(a, text ? text : "", len, &a->tk)))
        return rc;
    if (!(toff = mct__alloc_array(a->tk.count + 1, sizeof *toff)))
        return MCT_ENOMEM;
    if ((rc = stem_tokens(a, toff)))
        goto out;
    if (a->o.ngram_min <= 1) {
        for (size_t i = 0; i < a->tk.count && !stopped; i++) {
            const char *term = a->terms.p + toff[i];
            if (!fn(user, term, strlen(term), a->tk.bytes + a->tk.off[i],
                    a->tk.tlen[i]))
                stopped = true;
        }
    }
    for (unsigned g = a->o.ngram_min < 2 ? 2 : a->o.ngram_min;
         g <= a->o.ngram_max && !stopped; g++)
        if ((rc = emit_ngrams(a, toff, g, fn, user, &stopped)))
            goto out;
out:
    mct__free(toff);
    return rc;
}

mct_status mct_analyzer_normalize(mct_analyzer *a, const char *text,
                                  size_t len, char **out)
{
    size_t *toff = NULL;
    mct__buf r = {0};
    mct_status rc;
    if (!a || !out || (!text && len))
        return MCT_EINVAL;
    *out = NULL;
    if (!mct__utf8_valid(text, len, NULL))
        return MCT_EUTF8;
    if ((rc = mct__analyze_words(a, text ? text : "", len, &a->tk)))
        return rc;
    if (!(toff = mct__alloc_array(a->tk.count + 1, sizeof *toff)))
        return MCT_ENOMEM;
    if ((rc = stem_tokens(a, toff)))
        goto out;
    for (size_t i = 0; i < a->tk.count; i++) {
        const char *term = a->terms.p + toff[i];
        if ((i && (rc = mct__buf_addc(&r, ' '))) ||
            (rc = mct__buf_add(&r, term, strlen(term))))
            goto out;
    }
    if ((rc = mct__buf_term(&r)))
        goto out;
    *out = r.p;
    r.p = NULL;
out:
    mct__buf_free(&r);
    mct__free(toff);
    return rc;
}

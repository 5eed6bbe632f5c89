/*
 * thesaurus.c - synonym pairs in VOSviewer's thesaurus format.
 */
#include "internal.h"
#include "mct_text.h"

struct mct_thesaurus {
    char **labels;
    char **repl;
    size_t n, cap;
};

mct_status mct_thesaurus_new(mct_thesaurus **out)
{
    if (!out)
        return MCT_EINVAL;
    *out = mct__calloc(1, sizeof **out);
    return *out ? MCT_OK : MCT_ENOMEM;
}

void mct_thesaurus_free(mct_thesaurus *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        mct__free(t->labels[i]);
        mct__free(t->repl[i]);
    }
    mct__free(t->labels);
    mct__free(t->repl);
    mct__free(t);
}

static mct_status add_n(mct_thesaurus *t, const char *l, size_t ln,
                        const char *r, size_t rn)
{
    size_t c1 = t->cap, c2 = t->cap;
    char *lc, *rcp;
    if (mct__grow((void **)&t->labels, &c1, t->n + 1, sizeof *t->labels) ||
        mct__grow((void **)&t->repl, &c2, t->n + 1, sizeof *t->repl))
        return MCT_ENOMEM;
    t->cap = c1;
    if (!(lc = mct__strndup(l, ln)))
        return MCT_ENOMEM;
    if (!(rcp = mct__strndup(r, rn))) {
        mct__free(lc);
        return MCT_ENOMEM;
    }
    t->labels[t->n] = lc;
    t->repl[t->n] = rcp;
    t->n++;
    return MCT_OK;
}

mct_status mct_thesaurus_add(mct_thesaurus *t, const char *label,
                             const char *replace_by)
{
    if (!t || !label || !replace_by)
        return MCT_EINVAL;
    if (!mct__utf8_valid(label, strlen(label), NULL) ||
        !mct__utf8_valid(replace_by, strlen(replace_by), NULL))
        return MCT_EUTF8;
    return add_n(t, label, strlen(label), replace_by, strlen(replace_by));
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
                       (*e)[-1] == '\r'))
        (*e)--;
}

static mct_status thesaurus_parse(mct_thesaurus *t, const char *data,
                                  size_t len, mct_diag *diag)
{
    size_t pos = 0, line = 0, bad;
    bool header = false;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *s = data + pos, *e, *tab;
        size_t end = pos;
        while (end < len && data[end] != '\n')
            end++;
        line++;
        e = data + end;
        pos = end + 1;
        if (memchr(s, '\0', (size_t)(e - s))) {
            mct__diag(diag, line, 0, "NUL byte in a thesaurus file");
            return MCT_EPARSE;
        }
        if (!mct__utf8_valid(s, (size_t)(e - s), &bad)) {
            mct__diag(diag, line, bad + 1, "invalid UTF-8");
            return MCT_EUTF8;
        }
        {
            const char *ts = s, *te = e;
            trim(&ts, &te);
            if (ts == te)
                continue;
        }
        tab = memchr(s, '\t', (size_t)(e - s));
        if (!header) {
            /* VOSviewer requires the header; accept any capitalisation. */
            if (!tab || (size_t)(tab - s) != 5 ||
                (strncmp(s, "label", 5) != 0 && strncmp(s, "Label", 5) != 0)) {
                mct__diag(diag, line, 1,
                          "expected the header line \"label<TAB>replace by\"");
                return MCT_EPARSE;
            }
            header = true;
            continue;
        }
        if (!tab) {
            mct__diag(diag, line, 1,
                      "expected \"label<TAB>replacement\" (no tab found)");
            return MCT_EPARSE;
        }
        {
            const char *ls = s, *le = tab, *rs = tab + 1, *re = e;
            trim(&ls, &le);
            trim(&rs, &re);
            if (ls == le) {
                mct__diag(diag, line, 1, "empty label");
                return MCT_EPARSE;
            }
            if (memchr(rs, '\t', (size_t)(re - rs))) {
                mct__diag(diag, line, (size_t)(tab - s) + 2,
                          "more than two tab-separated columns");
                return MCT_EPARSE;
            }
            if (add_n(t, ls, (size_t)(le - ls), rs, (size_t)(re - rs))) {
                mct__diag(diag, line, 0, "out of memory");
                return MCT_ENOMEM;
            }
        }
    }
    if (!header) {
        mct__diag(diag, 0, 0, "empty thesaurus file (no header line)");
        return MCT_EEMPTY;
    }
    return MCT_OK;
}

mct_status mct_thesaurus_read(mct_thesaurus *t, const char *path,
                              mct_diag *diag)
{
    char *data;
    size_t len, keep;
    mct_status rc;
    mct_diag_clear(diag);
    if (!t || !path)
        return MCT_EINVAL;
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    keep = t->n;
    rc = thesaurus_parse(t, data, len, diag);
    mct__free(data);
    if (rc) {
        while (t->n > keep) {
            t->n--;
            mct__free(t->labels[t->n]);
            mct__free(t->repl[t->n]);
        }
    }
    return rc;
}

size_t mct_thesaurus_count(const mct_thesaurus *t) { return t ? t->n : 0; }

mct_status mct_thesaurus_get(const mct_thesaurus *t, size_t i,
                             const char **label, const char **replace_by)
{
    if (!t || i >= t->n)
        return MCT_EINVAL;
    if (label)
        *label = t->labels[i];
    if (replace_by)
        *replace_by = t->repl[i];
    return MCT_OK;
}

/*
 * query.c - Scopus and Web of Science query syntax: a recursive-descent
 * parser to a small tree, and matching of records against it.
 */
#include <stdlib.h>
#include <strings.h>
#include <utf8proc.h>

#include "internal.h"
#include "mct_query.h"

enum { F_TITLE = 1, F_ABS = 2, F_AKEY = 4, F_IKEY = 8, N_FIELDS = 4 };

typedef struct field_name {
    const char *name;
    unsigned mask;
    bool wos; /* TI= style rather than TITLE( style */
} field_name;

static const field_name fields[] = {
    {"TITLE-ABS-KEY", F_TITLE | F_ABS | F_AKEY | F_IKEY, false},
    {"TITLE-ABS", F_TITLE | F_ABS, false},
    {"TITLE", F_TITLE, false},
    {"ABS", F_ABS, false},
    {"AUTHKEY", F_AKEY, false},
    {"KEY", F_AKEY | F_IKEY, false},
    {"TS", F_TITLE | F_ABS | F_AKEY | F_IKEY, true},
    {"TI", F_TITLE, true},
    {"AB", F_ABS, true},
    {"AK", F_AKEY, true},
    {"KP", F_IKEY, true},
    {NULL, 0, false}};

typedef enum { N_AND, N_OR, N_NOT, N_TERM } ntype;

/*
 * Limits that keep every recursion (parsing, matching, freeing) on a
 * small stack whatever the text: brackets, fields and NOTs nest at most
 * MAX_NEST deep, and the tree (a chain of n ANDs is n deep) is at most
 * MAX_DEPTH deep. Real search strings stay far below both.
 */
enum { MAX_NEST = 100, MAX_DEPTH = 1000 };

typedef struct node {
    ntype t;
    struct node *a, *b;
    unsigned mask;
    unsigned depth; /* of the subtree: 1 for a term */
    char **words; /* folded patterns; a phrase when more than one */
    size_t n_words;
    char *raw;    /* the term as written, quotes removed */
} node;

struct mct_query {
    node *root;
    char **terms;  /* raw terms not under a NOT, first occurrence first */
    size_t n_terms;
};

static void node_free(node *n)
{
    if (!n)
        return;
    node_free(n->a);
    node_free(n->b);
    for (size_t i = 0; i < n->n_words; i++)
        mct__free(n->words[i]);
    mct__free(n->words);
    mct__free(n->raw);
    mct__free(n);
}

void mct_query_free(mct_query *q)
{
    if (!q)
        return;
    node_free(q->root);
    mct__free(q->terms);
    mct__free(q);
}

/* ---- words ------------------------------------------------------------ */

/*
 * Splits s into folded words: case folded, accents removed, runs of
 * letters and digits (and, for patterns, the wildcards * and ?). Each
 * word is appended to out as a NUL-terminated string; n counts them.
 */
static mct_status split_words(const char *s, size_t len, bool pattern,
                              mct__buf *out, size_t *n)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t ml;
    bool in = false;
    ml = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                          UTF8PROC_IGNORE);
    if (ml < 0)
        return ml == UTF8PROC_ERROR_NOMEM ? MCT_ENOMEM : MCT_EUTF8;
    for (utf8proc_ssize_t i = 0; i < ml;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, ml - i, &cp);
        utf8proc_category_t c;
        bool word;
        if (k <= 0)
            break;
        c = utf8proc_category(cp);
        word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
               (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) ||
               (pattern && (cp == '*' || cp == '?'));
        if (word) {
            if (mct__buf_add(out, m + i, (size_t)k)) {
                free(m);
                return MCT_ENOMEM;
            }
            in = true;
        } else if (in) {
            if (mct__buf_addc(out, '\0')) {
                free(m);
                return MCT_ENOMEM;
            }
            (*n)++;
            in = false;
        }
        i += k;
    }
    free(m);
    if (in) {
        if (mct__buf_addc(out, '\0'))
            return MCT_ENOMEM;
        (*n)++;
    }
    return MCT_OK;
}

/* Glob matching with * (any run, none included) and ? (one byte). */
static bool glob(const char *p, const char *w)
{
    const char *star = NULL, *back = NULL;
    while (*w) {
        if (*p == '?' || (*p && *p == *w && *p != '*')) {
            p++;
            w++;
        } else if (*p == '*') {
            star = p++;
            back = w;
        } else if (star) {
            p = star + 1;
            w = ++back;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

/* ---- lexing and parsing ----------------------------------------------- */

typedef enum {
    K_END, K_LP, K_RP, K_EQ, K_AND, K_OR, K_NOT, K_WORD, K_PHRASE
} kind;

typedef struct parser {
    const char *s;
    size_t pos;      /* of the current token */
    size_t end;      /* just after it */
    kind k;
    unsigned nest;   /* brackets, fields and NOTs open around here */
    mct_diag *diag;
    mct_status rc;
} parser;

static bool word_char(char c)
{
    return c && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '(' &&
           c != ')' && c != '"' && c != '=';
}

static void next(parser *p)
{
    size_t i = p->end;
    while (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\n' ||
           p->s[i] == '\r')
        i++;
    p->pos = i;
    switch (p->s[i]) {
    case '\0': p->k = K_END; p->end = i; return;
    case '(': p->k = K_LP; p->end = i + 1; return;
    case ')': p->k = K_RP; p->end = i + 1; return;
    case '=': p->k = K_EQ; p->end = i + 1; return;
    case '"': {
        const char *q = strchr(p->s + i + 1, '"');
        p->k = K_PHRASE;
        p->end = q ? (size_t)(q - p->s) + 1 : strlen(p->s);
        return;
    }
    default:
        break;
    }
    while (word_char(p->s[i]))
        i++;
    p->end = i;
    p->k = K_WORD;
    if (i - p->pos == 3 && !strncasecmp(p->s + p->pos, "AND", 3))
        p->k = K_AND;
    else if (i - p->pos == 2 && !strncasecmp(p->s + p->pos, "OR", 2))
        p->k = K_OR;
    else if (i - p->pos == 3 && !strncasecmp(p->s + p->pos, "NOT", 3))
        p->k = K_NOT;
}

static node *fail(parser *p, const char *what)
{
    if (!p->rc) {
        size_t col = mct__utf8_count(p->s, p->pos) + 1;
        p->rc = MCT_EPARSE;
        if (p->k == K_END)
            mct__diag(p->diag, 1, col, "%s at the end of the query "
                                       "(character %zu)",
                      what, col);
        else
            mct__diag(p->diag, 1, col, "%s at character %zu (\"%.*s\")", what,
                      col, (int)(p->end - p->pos > 20 ? 20 : p->end - p->pos),
                      p->s + p->pos);
    }
    return NULL;
}

static node *mk(parser *p, ntype t, node *a, node *b)
{
    unsigned da = a ? a->depth : 0, db = b ? b->depth : 0;
    node *n = NULL;
    if ((da > db ? da : db) >= MAX_DEPTH) {
        node_free(a);
        node_free(b);
        return fail(p, "the query has more than 1000 operators in a row "
                       "(split it)");
    }
    if (!(n = mct__calloc(1, sizeof *n))) {
        node_free(a);
        node_free(b);
        if (!p->rc)
            p->rc = MCT_ENOMEM;
        return NULL;
    }
    n->t = t;
    n->a = a;
    n->b = b;
    n->depth = (da > db ? da : db) + 1;
    return n;
}

static node *or_expr(parser *p, unsigned mask);

/* Enters one more level of nesting: false (and the error) past MAX_NEST. */
static bool enter(parser *p)
{
    if (++p->nest <= MAX_NEST)
        return true;
    fail(p, "brackets, fields or NOTs nested deeper than 100");
    return false;
}

/* or_expr inside one more level of nesting. */
static node *nested_or(parser *p, unsigned mask)
{
    node *e = enter(p) ? or_expr(p, mask) : NULL;
    p->nest--;
    return e;
}

static const field_name *field_at(parser *p)
{
    size_t n = p->end - p->pos;
    for (const field_name *f = fields; f->name; f++)
        if (strlen(f->name) == n && !strncasecmp(p->s + p->pos, f->name, n))
            return f;
    return NULL;
}

static node *term(parser *p, unsigned mask)
{
    mct__buf b = {0};
    size_t nw = 0, from = p->pos, to = p->end;
    node *n;
    if (p->k == K_PHRASE) {
        from++;
        if (to > from && p->s[to - 1] == '"')
            to--;
        else
            return fail(p, "unterminated quoted phrase");
    }
    if ((p->rc = split_words(p->s + from, to - from, true, &b, &nw))) {
        mct__buf_free(&b);
        return NULL;
    }
    if (nw == 0) {
        mct__buf_free(&b);
        return fail(p, "a search term without letters or digits");
    }
    if (!(n = mk(p, N_TERM, NULL, NULL)) ||
        !(n->words = mct__calloc(nw, sizeof *n->words)) ||
        !(n->raw = mct__strndup(p->s + from, to - from))) {
        node_free(n);
        mct__buf_free(&b);
        p->rc = MCT_ENOMEM;
        return NULL;
    }
    n->mask = mask;
    for (size_t i = 0, off = 0; i < nw; i++) {
        size_t l = strlen(b.p + off);
        if (!(n->words[i] = mct__strndup(b.p + off, l))) {
            node_free(n);
            mct__buf_free(&b);
            p->rc = MCT_ENOMEM;
            return NULL;
        }
        n->n_words++;
        off += l + 1;
    }
    mct__buf_free(&b);
    next(p);
    return n;
}

static node *primary(parser *p, unsigned mask)
{
    const field_name *f;
    node *e;
    if (p->k == K_LP) {
        next(p);
        if (!(e = nested_or(p, mask)))
            return NULL;
        if (p->k != K_RP) {
            node_free(e);
            return fail(p, "expected ')'");
        }
        next(p);
        return e;
    }
    if (p->k == K_WORD && (f = field_at(p)) != NULL) {
        size_t at = p->pos;
        char after = p->s[p->end];
        while (after == ' ')
            after = p->s[++p->end];
        if ((f->wos && after == '=') || (!f->wos && after == '(')) {
            if (mask) {
                p->pos = at;
                return fail(p, "a field inside a field");
            }
            next(p);
            if (f->wos) {
                next(p); /* past '=' */
                return primary(p, f->mask);
            }
            next(p); /* past '(' */
            if (!(e = nested_or(p, f->mask)))
                return NULL;
            if (p->k != K_RP) {
                node_free(e);
                return fail(p, "expected ')'");
            }
            next(p);
            return e;
        }
    }
    if (p->k == K_WORD || p->k == K_PHRASE) {
        if (!mask)
            return fail(p, "a search term outside a field (use TITLE(...), "
                           "ABS(...), KEY(...), TITLE-ABS-KEY(...) or TI=, "
                           "AB=, AK=, TS=)");
        return term(p, mask);
    }
    return fail(p, "expected a search term, a field or '('");
}

static node *not_expr(parser *p, unsigned mask)
{
    if (p->k == K_NOT) {
        node *e;
        next(p);
        e = enter(p) ? not_expr(p, mask) : NULL;
        p->nest--;
        if (!e)
            return NULL;
        return mk(p, N_NOT, e, NULL);
    }
    return primary(p, mask);
}

static bool starts_primary(kind k)
{
    return k == K_LP || k == K_WORD || k == K_PHRASE;
}

static node *and_expr(parser *p, unsigned mask)
{
    node *l = not_expr(p, mask), *r;
    while (l && (p->k == K_AND || p->k == K_NOT || starts_primary(p->k))) {
        bool neg = false;
        if (p->k == K_AND) {
            next(p);
            if (p->k == K_NOT) {
                neg = true;
                next(p);
            }
        } else if (p->k == K_NOT) {
            /* binary NOT (Web of Science): a NOT b = a AND NOT b */
            neg = true;
            next(p);
        }
        if (!(r = not_expr(p, mask))) {
            node_free(l);
            return NULL;
        }
        if (neg && !(r = mk(p, N_NOT, r, NULL))) {
            node_free(l);
            return NULL;
        }
        l = mk(p, N_AND, l, r);
    }
    return l;
}

static node *or_expr(parser *p, unsigned mask)
{
    node *l = and_expr(p, mask), *r;
    while (l && p->k == K_OR) {
        next(p);
        if (!(r = and_expr(p, mask))) {
            node_free(l);
            return NULL;
        }
        l = mk(p, N_OR, l, r);
    }
    return l;
}

/* The raw terms a matching record must hold: those under an even number
 * of NOTs (a term under NOT is what matching records lack). Recursion is
 * as deep as the parse tree, which the parser bounds. */
static mct_status collect_terms(mct_query *q, const node *n, bool negated)
{
    size_t cap = q->n_terms;
    mct_status rc;
    if (!n)
        return MCT_OK;
    if (n->t == N_NOT)
        return collect_terms(q, n->a, !negated);
    if (n->t != N_TERM)
        return (rc = collect_terms(q, n->a, negated)) ? rc
                                                       : collect_terms(q, n->b,
                                                                       negated);
    if (negated)
        return MCT_OK;
    for (size_t i = 0; i < q->n_terms; i++)
        if (!strcmp(q->terms[i], n->raw))
            return MCT_OK;
    if ((rc = mct__grow((void **)&q->terms, &cap, q->n_terms + 1,
                        sizeof *q->terms)))
        return rc;
    q->terms[q->n_terms++] = n->raw;
    return MCT_OK;
}

mct_status mct_query_parse(const char *text, mct_query **out, mct_diag *diag)
{
    parser p;
    node *root;
    if (!text || !out)
        return MCT_EINVAL;
    *out = NULL;
    mct_diag_clear(diag);
    if (!mct__utf8_valid(text, strlen(text), NULL)) {
        mct__diag(diag, 1, 0, "the query is not valid UTF-8");
        return MCT_EUTF8;
    }
    memset(&p, 0, sizeof p);
    p.s = text;
    p.diag = diag;
    next(&p);
    if (p.k == K_END) {
        mct__diag(diag, 1, 1, "empty query");
        return MCT_EPARSE;
    }
    root = or_expr(&p, 0);
    if (root && p.k != K_END) {
        node_free(root);
        root = fail(&p, p.k == K_RP ? "unbalanced ')'" : "expected AND, OR "
                                                        "or NOT");
    }
    if (!root)
        return p.rc ? p.rc : MCT_EPARSE;
    if (!(*out = mct__calloc(1, sizeof **out))) {
        node_free(root);
        return MCT_ENOMEM;
    }
    (*out)->root = root;
    if (collect_terms(*out, root, false)) {
        mct_query_free(*out);
        *out = NULL;
        return MCT_ENOMEM;
    }
    return MCT_OK;
}

const char *const *mct_query_terms(const mct_query *q, size_t *n)
{
    if (n)
        *n = q ? q->n_terms : 0;
    return q ? (const char *const *)q->terms : NULL;
}

/* ---- matching --------------------------------------------------------- */

/* The words of a record's fields, folded; "" separates values so that a
 * phrase never spans two keywords or two fields. */
typedef struct rwords {
    mct__buf buf[N_FIELDS];
    const char **w[N_FIELDS];
    size_t n[N_FIELDS];
    bool done[N_FIELDS];
    bool failed;
} rwords;

static void field_words(rwords *rw, const mct_record *r, int f)
{
    mct__buf *b = &rw->buf[f];
    size_t nw = 0, off = 0;
    if (rw->done[f])
        return;
    rw->done[f] = true;
    if (f == 0 || f == 1) {
        const char *s = f == 0 ? r->title : r->abstract;
        if (split_words(s, strlen(s), false, b, &nw))
            rw->failed = true;
    } else {
        const char *const *l = f == 2 ? r->keywords : r->index_keywords;
        size_t n = f == 2 ? r->n_keywords : r->n_index_keywords;
        for (size_t i = 0; i < n; i++) {
            if (split_words(l[i], strlen(l[i]), false, b, &nw) ||
                mct__buf_addc(b, '\0'))
                rw->failed = true;
            nw++; /* the "" separator */
        }
    }
    if (!(rw->w[f] = mct__calloc(nw + 1, sizeof *rw->w[f]))) {
        rw->failed = true;
        return;
    }
    for (size_t i = 0; i < nw && b->p; i++) {
        rw->w[f][i] = b->p + off;
        off += strlen(b->p + off) + 1;
    }
    rw->n[f] = b->p ? nw : 0;
}

/*
 * A query word matches a text word by its pattern, and a plain word (no
 * wildcard) also matches its plural or singular with -s or -es, as the
 * databases do by default ("badge" finds "badges").
 */
static bool word_match(const char *p, const char *w)
{
    size_t pl, wl;
    if (glob(p, w))
        return true;
    if (strpbrk(p, "*?"))
        return false;
    pl = strlen(p);
    wl = strlen(w);
    if (wl == pl + 1 && w[pl] == 's' && !strncmp(p, w, pl))
        return true;
    if (wl == pl + 2 && w[pl] == 'e' && w[pl + 1] == 's' && !strncmp(p, w, pl))
        return true;
    if (pl == wl + 1 && p[wl] == 's' && !strncmp(p, w, wl))
        return true;
    return pl == wl + 2 && p[wl] == 'e' && p[wl + 1] == 's' &&
           !strncmp(p, w, wl);
}

static bool term_match(const node *t, rwords *rw, const mct_record *r)
{
    for (int f = 0; f < N_FIELDS; f++) {
        if (!(t->mask & (1u << f)))
            continue;
        field_words(rw, r, f);
        for (size_t i = 0; i + t->n_words <= rw->n[f]; i++) {
            size_t k = 0;
            while (k < t->n_words && rw->w[f][i + k][0] &&
                   word_match(t->words[k], rw->w[f][i + k]))
                k++;
            if (k == t->n_words)
                return true;
        }
    }
    return false;
}

static bool eval(const node *n, rwords *rw, const mct_record *r)
{
    switch (n->t) {
    case N_AND: return eval(n->a, rw, r) && eval(n->b, rw, r);
    case N_OR: return eval(n->a, rw, r) || eval(n->b, rw, r);
    case N_NOT: return !eval(n->a, rw, r);
    default: return term_match(n, rw, r);
    }
}

bool mct_query_match(const mct_query *q, const mct_record *r)
{
    rwords rw;
    bool m;
    if (!q || !r)
        return false;
    memset(&rw, 0, sizeof rw);
    m = eval(q->root, &rw, r);
    for (int f = 0; f < N_FIELDS; f++) {
        mct__buf_free(&rw.buf[f]);
        mct__free(rw.w[f]);
    }
    return m && !rw.failed;
}

/*
 * latex.c - the TeX of BibTeX values as plain UTF-8.
 *
 * BibTeX exports write accents and special letters as TeX commands
 * ("H{\aa}kan", "Gon{\c{c}}alves", "Erd\H{o}s"), protect case with braces
 * and use "--" for dashes. A reader wants the text: an accent becomes the
 * base letter followed by its combining mark, and the whole string is
 * composed (Unicode NFC, by utf8proc) at the end, so "\'e" gives U+00E9.
 * One pass over the bytes, no recursion: a brace only changes how an
 * accent finds its letter.
 */
#include <stdlib.h>
#include <utf8proc.h>

#include "records.h"

/* Accents: the command's character and its combining mark. */
static const struct { char c; uint32_t mark; } accents[] = {
    {'\'', 0x301}, {'`', 0x300}, {'^', 0x302}, {'"', 0x308}, {'~', 0x303},
    {'=', 0x304},  {'.', 0x307}, {'u', 0x306}, {'v', 0x30C}, {'H', 0x30B},
    {'c', 0x327},  {'k', 0x328}, {'r', 0x30A}, {'d', 0x323}, {'b', 0x331},
    {'t', 0x361}};

/* Control words that stand for characters. */
static const struct { const char *name; const char *utf8; } words[] = {
    {"aa", "\xC3\xA5"}, {"AA", "\xC3\x85"}, {"ae", "\xC3\xA6"},
    {"AE", "\xC3\x86"}, {"oe", "\xC5\x93"}, {"OE", "\xC5\x92"},
    {"o", "\xC3\xB8"},  {"O", "\xC3\x98"},  {"l", "\xC5\x82"},
    {"L", "\xC5\x81"},  {"ss", "\xC3\x9F"}, {"i", "\xC4\xB1"},
    {"j", "\xC8\xB7"},  {"dh", "\xC3\xB0"}, {"DH", "\xC3\x90"},
    {"th", "\xC3\xBE"}, {"TH", "\xC3\x9E"}, {"ng", "\xC5\x8B"},
    {"NG", "\xC5\x8A"}, {"textendash", "\xE2\x80\x93"},
    {"textemdash", "\xE2\x80\x94"}, {"ldots", "\xE2\x80\xA6"},
    {"dots", "\xE2\x80\xA6"}, {"textquoteright", "'"},
    {"textquoteleft", "'"}, {"textregistered", "\xC2\xAE"},
    {"copyright", "\xC2\xA9"}, {"textcopyright", "\xC2\xA9"},
    {"S", "\xC2\xA7"}, {"P", "\xC2\xB6"}, {"textdegree", "\xC2\xB0"},
    {"pounds", "\xC2\xA3"}, {"euro", "\xE2\x82\xAC"}, {"textasciitilde", "~"},
    {"textbackslash", "\\"}, {"LaTeX", "LaTeX"}, {"TeX", "TeX"},
    {"BibTeX", "BibTeX"}, {"times", "\xC3\x97"}, {"pm", "\xC2\xB1"},
    {"le", "\xE2\x89\xA4"}, {"leq", "\xE2\x89\xA4"}, {"ge", "\xE2\x89\xA5"},
    {"geq", "\xE2\x89\xA5"}, {"infty", "\xE2\x88\x9E"},
    {"alpha", "\xCE\xB1"}, {"beta", "\xCE\xB2"}, {"gamma", "\xCE\xB3"},
    {"delta", "\xCE\xB4"}, {"epsilon", "\xCE\xB5"}, {"zeta", "\xCE\xB6"},
    {"eta", "\xCE\xB7"}, {"theta", "\xCE\xB8"}, {"kappa", "\xCE\xBA"},
    {"lambda", "\xCE\xBB"}, {"mu", "\xCE\xBC"}, {"nu", "\xCE\xBD"},
    {"xi", "\xCE\xBE"}, {"pi", "\xCF\x80"}, {"rho", "\xCF\x81"},
    {"sigma", "\xCF\x83"}, {"tau", "\xCF\x84"}, {"phi", "\xCF\x86"},
    {"chi", "\xCF\x87"}, {"psi", "\xCF\x88"}, {"omega", "\xCF\x89"},
    {"Gamma", "\xCE\x93"}, {"Delta", "\xCE\x94"}, {"Theta", "\xCE\x98"},
    {"Lambda", "\xCE\x9B"}, {"Pi", "\xCE\xA0"}, {"Sigma", "\xCE\xA3"},
    {"Phi", "\xCE\xA6"}, {"Psi", "\xCE\xA8"}, {"Omega", "\xCE\xA9"}};

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static mct_status add_cp(mct__buf *b, uint32_t u)
{
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)u, enc);
    return mct__buf_add(b, enc, (size_t)k);
}

/* The letter an accent applies to, at s[*i] (after the accent command):
 * "e", "{e}", " e" (after a letter accent), "{\i}", "\i". Written to b
 * with the mark after it; *i moves past it. */
static mct_status accent(const char *s, size_t n, size_t *i, uint32_t mark,
                         bool letter_cmd, mct__buf *b)
{
    size_t p = *i;
    mct_status rc;
    if (letter_cmd)
        while (p < n && s[p] == ' ')
            p++;
    if (p < n && s[p] == '{') {
        p++;
        while (p < n && s[p] == ' ')
            p++;
    }
    if (p + 1 < n && s[p] == '\\' && (s[p + 1] == 'i' || s[p + 1] == 'j') &&
        (p + 2 >= n || !is_letter(s[p + 2]))) {
        rc = mct__buf_addc(b, s[p + 1]); /* dotless i, j: the dot goes */
        p += 2;
    } else if (p < n && s[p] != '}' && s[p] != '\\') {
        size_t k = 1;
        while (p + k < n && ((unsigned char)s[p + k] & 0xC0) == 0x80)
            k++;
        rc = mct__buf_add(b, s + p, k);
        p += k;
    } else {
        rc = MCT_OK; /* an accent on nothing: the mark alone */
    }
    if (!rc)
        rc = add_cp(b, mark);
    /* The rest of a braced argument is ordinary text: the braces drop. */
    *i = p;
    return rc;
}

/* A control word (its name at s[*i..]): the character it stands for,
 * nothing for the others (font commands and the like). */
static mct_status word(const char *s, size_t n, size_t *i, mct__buf *b)
{
    size_t p = *i, k = 0;
    while (p + k < n && is_letter(s[p + k]))
        k++;
    *i = p + k;
    while (*i < n && s[*i] == ' ')
        (*i)++; /* TeX drops the spaces after a control word */
    for (size_t w = 0; w < sizeof words / sizeof *words; w++)
        if (strlen(words[w].name) == k && !memcmp(words[w].name, s + p, k))
            return mct__buf_add(b, words[w].utf8, strlen(words[w].utf8));
    return MCT_OK;
}

/* "\x": an accent, a control word, or an escaped character. \( \) \[
 * \] open and close math, as '$' does. */
static mct_status command(const char *s, size_t n, size_t *i, mct__buf *b,
                          bool *math)
{
    char c;
    (*i)++;
    if (*i >= n)
        return MCT_OK;
    c = s[*i];
    for (size_t a = 0; a < sizeof accents / sizeof *accents; a++)
        if (accents[a].c == c &&
            (!is_letter(c) || *i + 1 >= n || !is_letter(s[*i + 1]))) {
            (*i)++;
            return accent(s, n, i, accents[a].mark, is_letter(c), b);
        }
    if (is_letter(c))
        return word(s, n, i, b);
    (*i)++;
    if (c == '(' || c == '[' || c == ')' || c == ']') {
        *math = c == '(' || c == '[';
        return MCT_OK;
    }
    if (c == '\\' || c == ' ' || c == ',' || c == ';')
        return mct__buf_addc(b, ' ');
    if (c == '-' || c == '/')
        return MCT_OK; /* a hyphenation point, an italic correction */
    return mct__buf_addc(b, c);
}

/* Dashes and quotes written as TeX ligatures. */
static bool ligature(const char *s, size_t n, size_t *i, mct__buf *b,
                     mct_status *rc)
{
    if (s[*i] == '-' && *i + 1 < n && s[*i + 1] == '-') {
        bool em = *i + 2 < n && s[*i + 2] == '-';
        *rc = mct__buf_add(b, em ? "\xE2\x80\x94" : "\xE2\x80\x93", 3);
        *i += em ? 3 : 2;
        return true;
    }
    if ((s[*i] == '`' || s[*i] == '\'') && *i + 1 < n && s[*i + 1] == s[*i]) {
        *rc = mct__buf_add(b, s[*i] == '`' ? "\xE2\x80\x9C" : "\xE2\x80\x9D",
                           3);
        *i += 2;
        return true;
    }
    return false;
}

/* White space collapsed and trimmed, then NFC. */
static mct_status finish(mct__buf *raw, mct__buf *out)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t k;
    size_t j = 0;
    bool sp = false;
    for (size_t i = 0; i < raw->len; i++) {
        char c = raw->p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            sp = j > 0;
            continue;
        }
        if (sp)
            raw->p[j++] = ' ';
        sp = false;
        raw->p[j++] = c;
    }
    raw->len = j;
    out->len = 0;
    if (!j)
        return mct__buf_term(out);
    k = utf8proc_map((const utf8proc_uint8_t *)raw->p, (utf8proc_ssize_t)j,
                     &m, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k < 0)
        return k == UTF8PROC_ERROR_NOMEM ? MCT_ENOMEM : MCT_EUTF8;
    if (mct__buf_add(out, m, (size_t)k)) {
        free(m);
        return MCT_ENOMEM;
    }
    free(m);
    return mct__buf_term(out);
}

mct_status mct__tex_to_utf8(const char *s, size_t n, bool verbatim,
                            mct__buf *out)
{
    mct__buf raw = {0};
    mct_status rc = MCT_OK;
    bool math = false;
    size_t i = 0;
    while (i < n && !rc) {
        char c = s[i];
        if (c == '\\') {
            rc = command(s, n, &i, &raw, &math);
        } else if (c == '{' || c == '}') {
            i++;
        } else if (!verbatim && c == '$') {
            math = !math;
            i++;
        } else if (!verbatim && math && (c == '^' || c == '_')) {
            i++;
        } else if (!verbatim && c == '~') {
            rc = mct__buf_addc(&raw, ' ');
            i++;
        } else if (verbatim || !ligature(s, n, &i, &raw, &rc)) {
            rc = mct__buf_addc(&raw, c);
            i++;
        }
    }
    if (!rc)
        rc = raw.p ? finish(&raw, out) : (out->len = 0, mct__buf_term(out));
    mct__buf_free(&raw);
    return rc;
}

/*
 * sentences.c - a sentence splitter that knows the abbreviations of
 * academic English.
 */
#include <utf8proc.h>

#include "internal.h"
#include "mct_text.h"

/* Lower-case forms, without their final period. */
static const char *const abbrevs[] = {
    "e.g", "i.e", "al", "etc", "vs", "cf", "viz", "approx", "ca", "dr",
    "mr", "mrs", "ms", "prof", "fig", "figs", "no", "nos", "vol", "vols",
    "pp", "p", "ed", "eds", "eq", "eqs", "sec", "ch", "u.s", "u.k", "e.u",
    "u.n", "st", "jr", "sr", "inc", "ltd", "co", "corp", "dept", "univ",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "resp", "incl", "et", "op", "cit", "ibid", "n.b", "a.k.a",
    "ph.d", "m.sc", "b.sc", NULL};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether the word ending just before the period at text[dot] is an
 * abbreviation or an initial. */
static bool abbreviation(const char *t, size_t dot)
{
    size_t s = dot;
    char w[16];
    size_t n;
    while (s > 0 && !is_space(t[s - 1]) && t[s - 1] != '(' && t[s - 1] != '[')
        s--;
    n = dot - s;
    if (n == 0 || n >= sizeof w)
        return false;
    /* A single capital letter: an initial ("J. Smith"). */
    if (n == 1 && t[s] >= 'A' && t[s] <= 'Z')
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = t[s + i];
        w[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    w[n] = '\0';
    for (int k = 0; abbrevs[k]; k++)
        if (!strcmp(w, abbrevs[k]))
            return true;
    return false;
}

/* Whether a sentence may start at text[i]. */
static bool starts_sentence(const char *t, size_t len, size_t i)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    if (i >= len)
        return true;
    if (t[i] == '"' || t[i] == '\'' || t[i] == '(' || t[i] == '[' ||
        (t[i] >= '0' && t[i] <= '9'))
        return true;
    k = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
                         (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0)
        return false;
    if (cp == 0x201C || cp == 0x2018) /* curly opening quotes */
        return true;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO:
        return true;
    default:
        return false;
    }
}

static bool emit(const char *t, size_t a, size_t b, mct_sentence_fn fn,
                 void *user)
{
    while (a < b && is_space(t[a]))
        a++;
    while (b > a && is_space(t[b - 1]))
        b--;
    return b > a ? fn(user, a, b - a) : true;
}

mct_status mct_split_sentences(const char *text, size_t len,
                               mct_sentence_fn fn, void *user)
{
    size_t start = 0, i = 0;
    if ((!text && len) || !fn)
        return MCT_EINVAL;
    if (!mct__utf8_valid(text, len, NULL))
        return MCT_EUTF8;
    while (i < len) {
        char c = text[i];
        size_t end, next;
        /* A blank line ends a sentence (and a paragraph). */
        if (c == '\n') {
            size_t j = i + 1;
            while (j < len && (text[j] == ' ' || text[j] == '\t' ||
                               text[j] == '\r'))
                j++;
            if (j < len && text[j] == '\n') {
                if (!emit(text, start, i, fn, user))
                    return MCT_OK;
                start = i = j + 1;
                continue;
            }
            i++;
            continue;
        }
        if (c != '.' && c != '!' && c != '?') {
            i++;
            continue;
        }
        end = i + 1;
        /* "..." and "?!" belong together; closing quotes and brackets
         * stay with the sentence. */
        while (end < len && (text[end] == '.' || text[end] == '!' ||
                             text[end] == '?' || text[end] == '"' ||
                             text[end] == '\'' || text[end] == ')' ||
                             text[end] == ']'))
            end++;
        if (end + 2 < len && (unsigned char)text[end] == 0xE2 &&
            (unsigned char)text[end + 1] == 0x80 &&
            ((unsigned char)text[end + 2] == 0x9D ||
             (unsigned char)text[end + 2] == 0x99))
            end += 3; /* a curly closing quote */
        if (end < len && !is_space(text[end])) {
            i = end; /* "3.5", "U.S.", "e.g.," */
            continue;
        }
        next = end;
        while (next < len && is_space(text[next]))
            next++;
        if (c == '.' && abbreviation(text, i)) {
            i = end;
            continue;
        }
        if (!starts_sentence(text, len, next)) {
            i = end;
            continue;
        }
        if (!emit(text, start, end, fn, user))
            return MCT_OK;
        start = i = next;
    }
    emit(text, start, len, fn, user);
    return MCT_OK;
}

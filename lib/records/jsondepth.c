/*
 * jsondepth.c - nesting depth of JSON text, so that a document cJSON
 * refuses for its depth (an attack on the stack rather than a typo) is
 * reported as such instead of as "not valid JSON".
 */
#include <cjson/cJSON.h>

#include "jsondepth.h"

size_t mct__json_depth(const char *s, size_t n)
{
    size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++; /* the escaped character cannot end the string */
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest)
                deepest = depth;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return deepest;
}

bool mct__json_too_deep(const char *s, size_t n, size_t line, mct_diag *diag)
{
    if (mct__json_depth(s, n) <= CJSON_NESTING_LIMIT)
        return false;
    mct__diag(diag, line, 0, "JSON nested deeper than %d levels",
              (int)CJSON_NESTING_LIMIT);
    return true;
}

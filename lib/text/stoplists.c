/*
 * stoplists.c - the built-in stop-word lists and the word-list reader.
 *
 * MCT_STOPLIST_ENGLISH is the English stop-word list published with the
 * Snowball stemmers (snowballstem.org, BSD licence). MCT_STOPLIST_SKLEARN is
 * the list of the Glasgow Information Retrieval Group
 * (ir.dcs.gla.ac.uk/resources/linguistic_utils/stop_words) as scikit-learn
 * ships it for stop_words='english'; it must stay identical to that list
 * for the scikit-learn-compatible mode to reproduce TfidfVectorizer.
 */
#include "internal.h"
#include "mct_text.h"

static const char *const snowball_english[] = {
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you",
    "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
    "she", "her", "hers", "herself", "it", "its", "itself", "they", "them",
    "their", "theirs", "themselves", "what", "which", "who", "whom", "this",
    "that", "these", "those", "am", "is", "are", "was", "were", "be", "been",
    "being", "have", "has", "had", "having", "do", "does", "did", "doing",
    "would", "should", "could", "ought", "i'm", "you're", "he's", "she's",
    "it's", "we're", "they're", "i've", "you've", "we've", "they've", "i'd",
    "you'd", "he'd", "she'd", "we'd", "they'd", "i'll", "you'll", "he'll",
    "she'll", "we'll", "they'll", "isn't", "aren't", "wasn't", "weren't",
    "hasn't", "haven't", "hadn't", "doesn't", "don't", "didn't", "won't",
    "wouldn't", "shan't", "shouldn't", "can't", "cannot", "couldn't",
    "mustn't", "let's", "that's", "who's", "what's", "here's", "there's",
    "when's", "where's", "why's", "how's", "a", "an", "the", "and", "but",
    "if", "or", "because", "as", "until", "while", "of", "at", "by", "for",
    "with", "about", "against", "between", "into", "through", "during",
    "before", "after", "above", "below", "to", "from", "up", "down", "in",
    "out", "on", "off", "over", "under", "again", "further", "then", "once",
    "here", "there", "when", "where", "why", "how", "all", "any", "both",
    "each", "few", "more", "most", "other", "some", "such", "no", "nor",
    "not", "only", "own", "same", "so", "than", "too", "very",
    NULL};

static const char *const glasgow_english[] = {
    "a", "about", "above", "across", "after", "afterwards", "again",
    "against", "all", "almost", "alone", "along", "already", "also",
    "although", "always", "am", "among", "amongst", "amoungst", "amount",
    "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway",
    "anywhere", "are", "around", "as", "at", "back", "be", "became",
    "because", "become", "becomes", "becoming", "been", "before",
    "beforehand", "behind", "being", "below", "beside", "besides", "between",
    "beyond", "bill", "both", "bottom", "but", "by", "call", "can", "cannot",
    "cant", "co", "con", "could", "couldnt", "cry", "de", "describe",
    "detail", "do", "done", "down", "due", "during", "each", "eg", "eight",
    "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even",
    "ever", "every", "everyone", "everything", "everywhere", "except", "few",
    "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for",
    "former", "formerly", "forty", "found", "four", "from", "front", "full",
    "further", "get", "give", "go", "had", "has", "hasnt", "have", "he",
    "hence", "her", "here", "hereafter", "hereby", "herein", "hereupon",
    "hers", "herself", "him", "himself", "his", "how", "however", "hundred",
    "i", "ie", "if", "in", "inc", "indeed", "interest", "into", "is", "it",
    "its", "itself", "keep", "last", "latter", "latterly", "least", "less",
    "ltd", "made", "many", "may", "me", "meanwhile", "might", "mill", "mine",
    "more", "moreover", "most", "mostly", "move", "much", "must", "my",
    "myself", "name", "namely", "neither", "never", "nevertheless", "next",
    "nine", "no", "nobody", "none", "noone", "nor", "not", "nothing", "now",
    "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto",
    "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out",
    "over", "own", "part", "per", "perhaps", "please", "put", "rather", "re",
    "same", "see", "seem", "seemed", "seeming", "seems", "serious", "several",
    "she", "should", "show", "side", "since", "sincere", "six", "sixty", "so",
    "some", "somehow", "someone", "something", "sometime", "sometimes",
    "somewhere", "still", "such", "system", "take", "ten", "than", "that",
    "the", "their", "them", "themselves", "then", "thence", "there",
    "thereafter", "thereby", "therefore", "therein", "thereupon", "these",
    "they", "thick", "thin", "third", "this", "those", "though", "three",
    "through", "throughout", "thru", "thus", "to", "together", "too", "top",
    "toward", "towards", "twelve", "twenty", "two", "un", "under", "until",
    "up", "upon", "us", "very", "via", "was", "we", "well", "were", "what",
    "whatever", "when", "whence", "whenever", "where", "whereafter",
    "whereas", "whereby", "wherein", "whereupon", "wherever", "whether",
    "which", "while", "whither", "who", "whoever", "whole", "whom", "whose",
    "why", "will", "with", "within", "without", "would", "yet", "you", "your",
    "yours", "yourself", "yourselves",
    NULL};

/*
 * Words of academic prose about itself: how a study was framed, done and
 * reported, and the hedges and connectives of abstracts. Chosen so that
 * none names a subject of research; listed with their inflections, since
 * stop words are matched before stemming.
 */
static const char *const academic_english[] = {
    "abstract", "across", "aim", "aimed", "aiming", "aims", "also",
    "among", "analyse",
    "analysed", "analyses", "analysis", "analyze", "analyzed", "approach",
    "approaches", "article", "articles", "aspect", "aspects", "based",
    "can", "chapter", "conclude", "concluded", "concludes", "conclusion",
    "conclusions", "consider", "considered", "considers", "contribute",
    "contributes", "contribution", "contributions", "could", "current",
    "currently", "demonstrate", "derived", "demonstrated", "demonstrates",
    "describe", "described", "describes", "different", "discuss",
    "discussed", "discusses", "discussion", "examine", "examined",
    "examines", "examining", "explore", "explored", "explores",
    "exploring", "finding", "findings", "first", "focus", "focused",
    "focuses", "furthermore", "given", "however", "highlight",
    "highlighted", "highlights", "identified", "identifies", "identify",
    "identifying", "implication", "implications", "important", "include",
    "increase", "increased", "increases",
    "included", "includes", "including", "indicate", "indicated",
    "indicates", "insight", "insights", "investigate", "investigated",
    "investigates", "investigating", "investigation", "issue", "issues",
    "key", "literature", "many", "may", "method", "methodology",
    "methods", "might", "moreover", "multiple", "new", "number", "objective",
    "objectives", "one", "overall", "overview", "paper", "papers", "part",
    "perspective", "perspectives",
    "particular", "particularly", "potential", "potentially", "present",
    "presented", "presents", "propose", "proposed", "proposes",
    "provide", "provided", "provides", "providing", "purpose", "recent",
    "recently", "regarding", "related", "relationship", "relationships",
    "research", "researchers",
    "result", "resulted", "results", "reveal", "revealed", "reveals",
    "review", "reviewed", "reviews", "second", "several", "show",
    "showed", "shown", "shows", "significant", "significantly", "specific",
    "studied", "studies", "study", "suggest", "suggested", "suggests",
    "systematic", "therefore", "three", "thus", "toward", "towards", "two",
    "topic", "topics", "understand", "understanding",
    "use", "used", "uses", "using", "various", "via", "view", "views",
    "way", "ways", "well",
    "whether", "within", "would",
    NULL};

const char *const *mct_stoplist_words(mct_stoplist which, size_t *n)
{
    static const char *const none[] = {NULL};
    const char *const *w;
    size_t k = 0;
    switch (which) {
    case MCT_STOPLIST_ENGLISH:
        w = snowball_english;
        break;
    case MCT_STOPLIST_SKLEARN:
        w = glasgow_english;
        break;
    case MCT_STOPLIST_ACADEMIC:
        w = academic_english;
        break;
    default:
        w = none;
        break;
    }
    while (w[k])
        k++;
    if (n)
        *n = k;
    return w;
}

/* ---- word lists read from files ------------------------------------ */

struct mct_wordlist {
    char **words;
    size_t n, cap;
};

void mct_wordlist_free(mct_wordlist *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        mct__free(w->words[i]);
    mct__free(w->words);
    mct__free(w);
}

static mct_status wordlist_parse(mct_wordlist *w, const char *data,
                                 size_t len, mct_diag *diag)
{
    size_t pos = 0, line = 0, bad;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        size_t end = pos, s, e;
        while (end < len && data[end] != '\n')
            end++;
        line++;
        s = pos;
        e = end;
        while (s < e && (data[s] == ' ' || data[s] == '\t'))
            s++;
        while (e > s && (data[e - 1] == ' ' || data[e - 1] == '\t' ||
                         data[e - 1] == '\r'))
            e--;
        if (memchr(data + s, '\0', e - s)) {
            mct__diag(diag, line, 0, "NUL byte in a word list");
            return MCT_EPARSE;
        }
        if (!mct__utf8_valid(data + s, e - s, &bad)) {
            mct__diag(diag, line, s - pos + bad + 1, "invalid UTF-8");
            return MCT_EUTF8;
        }
        if (e > s && data[s] != '#') {
            char *copy;
            if (mct__grow((void **)&w->words, &w->cap, w->n + 1,
                          sizeof *w->words) ||
                !(copy = mct__strndup(data + s, e - s))) {
                mct__diag(diag, line, 0, "out of memory");
                return MCT_ENOMEM;
            }
            w->words[w->n++] = copy;
        }
        pos = end + 1;
    }
    return MCT_OK;
}

mct_status mct_wordlist_read(const char *path, mct_wordlist **out,
                             mct_diag *diag)
{
    char *data;
    size_t len;
    mct_wordlist *w;
    mct_status rc;
    mct_diag_clear(diag);
    if (!path || !out)
        return MCT_EINVAL;
    *out = NULL;
    if ((rc = mct__read_file(path, &data, &len, diag)))
        return rc;
    if (!(w = mct__calloc(1, sizeof *w))) {
        mct__free(data);
        return MCT_ENOMEM;
    }
    rc = wordlist_parse(w, data, len, diag);
    mct__free(data);
    if (rc) {
        mct_wordlist_free(w);
        return rc;
    }
    *out = w;
    return MCT_OK;
}

const char *const *mct_wordlist_words(const mct_wordlist *w, size_t *n)
{
    static const char *const none[] = {NULL};
    if (n)
        *n = w ? w->n : 0;
    return w && w->n ? (const char *const *)w->words : none;
}

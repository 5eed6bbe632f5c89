# api_comments.awk - every public declaration in include/*.h has a
# comment: the comment block right above it, or the one above the group
# of declarations it is part of (declarations on consecutive lines).
# Functions that return mct_status must name what they fail with: their
# comment mentions an MCT_E... code, "Errors", "fails" or refers to
# another function's ("as mct_...", "see mct_...", "the same").
# Prints FILE:LINE: problem for each one that does not; exit status 1.
FNR == 1 { state = "other"; comment = "" }
{
  line = $0
  if (in_comment) {
    comment = comment " " line
    if (line ~ /\*\//) { in_comment = 0; state = "comment" }
    next
  }
  if (line ~ /^[ \t]*\/\*/) {
    if (state != "decl") comment = ""
    comment = comment " " line
    if (line !~ /\*\//) in_comment = 1; else state = "comment"
    next
  }
  if (line ~ /^MCT_API/) {
    if (state != "comment" && state != "decl") {
      printf "%s:%d: public declaration without a comment\n", FILENAME, FNR
      bad = 1
    } else if (line ~ /^MCT_API mct_status/ &&
               comment !~ /MCT_E|[Ee]rrors?|fails|[Ss]ee mct_|[Aa]s mct_|[Tt]he same|MCT_OK/) {
      printf "%s:%d: returns mct_status but its comment names no error\n", FILENAME, FNR
      bad = 1
    }
    state = "decl"; in_decl = (line !~ /;/)
    next
  }
  if (in_decl) { if (line ~ /;/) in_decl = 0; next }
  if (line ~ /^[ \t]*$/) { state = "blank"; next }
  state = "other"
}
END { exit bad }

# func_lengths.awk - prints "LINES FILE:FUNCTION" for every function
# definition in the C files given (a definition starts at column 0 and
# its body ends with a "}" at column 0, as in this project's style).
/^[a-zA-Z].*\(/ && !/;[ \t]*$/ { sig = $0; start = FNR }
/^\{/ { if (sig != "") { fstart = start; fsig = sig } }
/^\}/ {
    if (fsig != "") {
        match(fsig, /[a-zA-Z_0-9]+\(/)
        printf "%d %s:%s\n", FNR - fstart + 1, FILENAME,
               substr(fsig, RSTART, RLENGTH - 1)
    }
    fsig = ""; sig = ""
}

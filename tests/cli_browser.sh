#!/bin/sh
# The review report in a real browser: headless Chromium (Debian's
# chromium) opens index.html with the network off, saves a screenshot,
# checks that every figure rendered with the expected number of points
# and nodes, and that the page made no request (Chromium's own network
# log, checked against a control page that does make one).
. tests/lib.sh
BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  ok 0 "# SKIP chromium is not installed (scripts/install-deps.sh test installs it)"
  done_testing; exit $?
fi
# No network at all where a network namespace can be made; otherwise the
# resolver maps every host to nothing.
NONET=""
if unshare -rn true 2>/dev/null; then NONET="unshare -rn"; fi
run_browser() {
  # --no-sandbox: the sandbox needs privileges that CI containers lack.
  timeout 120 $NONET "$BROWSER" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update \
    --disable-sync --disable-extensions --no-first-run --disable-breakpad \
    --host-resolver-rules="MAP * ~NOTFOUND" --disable-dev-shm-usage \
    --user-data-dir="$T/profile" "$@" 2>>"$T/browser.log"
}

# Can a browser run here at all (a container may lack what it needs)?
printf '<!DOCTYPE html><p id="x">alive</p>\n' > "$T/probe.html"
if ! run_browser --dump-dom "file://$T/probe.html" 2>/dev/null | grep -q alive; then
  ok 0 "# SKIP chromium cannot run here: $(grep -v dbus "$T/browser.log" | tail -1)"
  done_testing; exit $?
fi

$MCTSNE review -q -o "$T/r" > /dev/null; ok $? "review of the bundled corpus"
R=$(cd "$T/r" && pwd)
n_points=$(($(wc -l < "$R/map.tsv") - 1))
n_bars=$(($(wc -l < "$R/trends.tsv") - 1))
n_concepts=$(($(wc -l < "$R/concepts.tsv") - 1))
n_keywords=$(($(wc -l < "$R/network-nodes.tsv") - 1))

# A page that opens the report in a frame and measures what the browser
# drew: each figure's size and its marks.
cat > "$T/check.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<pre id="out">not loaded</pre>
<iframe id="f" src="file://$R/index.html" width="1200" height="900"></iframe>
<script>
document.getElementById('f').onload = function () {
  var d = this.contentDocument, out = ['begin'];
  function fig(id, sel) {
    var s = d.querySelector('#' + id + ' svg');
    if (!s) { out.push(id + ' missing'); return; }
    var r = s.getBoundingClientRect(), b = s.getBBox();
    out.push(id + ' drawn=' + (r.width > 100 && r.height > 100 && b.width > 0 ? 1 : 0) +
             ' marks=' + s.querySelectorAll(sel).length);
  }
  fig('fig-prisma', 'rect');
  fig('fig-trends', 'g.bars rect');
  fig('fig-map', 'g.points circle');
  fig('fig-concepts', 'g.nodes circle');
  fig('fig-network', 'g.nodes circle');
  out.push('svgs=' + d.querySelectorAll('svg').length);
  out.push('themes=' + d.querySelectorAll('table.themes tr').length);
  out.push('tips=' + d.querySelectorAll('#fig-map circle title').length);
  out.push('end');
  document.getElementById('out').textContent = out.join('\n');
};
</script></body></html>
HTML
run_browser --allow-file-access-from-files --dump-dom "file://$T/check.html" > "$T/dom"
grep -q "fig-prisma drawn=1" "$T/dom"; ok $? "PRISMA flow diagram rendered"
grep -q "fig-trends drawn=1 marks=$n_bars\$" "$T/dom"; ok $? "publications chart rendered with $n_bars bars"
grep -q "fig-map drawn=1 marks=$n_points\$" "$T/dom"; ok $? "title map rendered with $n_points points"
grep -q "tips=$n_points\$" "$T/dom"; ok $? "every point has its hover text"
grep -q "fig-concepts drawn=1 marks=$n_concepts\$" "$T/dom"; ok $? "concept map rendered with $n_concepts concepts"
grep -q "fig-network drawn=1 marks=$n_keywords\$" "$T/dom"; ok $? "keyword network rendered with $n_keywords nodes"
grep -q "svgs=5\$" "$T/dom" && grep -q "themes=6\$" "$T/dom"; ok $? "five figures and a table of five themes"
[ -n "${VERBOSE:-}" ] && sed 's/^/# /' "$T/dom" | grep '# fig\|# svgs\|# themes\|# tips'

# Requests: Chromium logs every request of the network stack; the ones a
# page starts carry its (opaque, file://) origin "null" as initiator.
printf '<!DOCTYPE html><img src="http://192.0.2.1/x.png">\n' > "$T/control.html"
run_browser --log-net-log="$T/control.json" --dump-dom "file://$T/control.html" > /dev/null
grep -q '"initiator":"null"' "$T/control.json"; ok $? "control: a page's request shows in the network log"
run_browser --log-net-log="$T/net.json" --dump-dom "file://$R/index.html" > /dev/null
[ -s "$T/net.json" ] && ! grep -q '"initiator":"null"' "$T/net.json"; ok $? "index.html made no request"
! grep -Eiq '(src|href)="(https?:)?//|url\([^#]|@import|<script|<link' "$R/index.html"; ok $? "no external reference, script or stylesheet in index.html"

mkdir -p "${BUILD:-build}/artifacts"
SHOT=$(cd "${BUILD:-build}/artifacts" && pwd)/review.png
rm -f "$SHOT"
run_browser --window-size=1200,6000 --screenshot="$SHOT" "file://$R/index.html" > /dev/null
[ "$(head -c 4 "$SHOT" 2>/dev/null | od -An -c | tr -d ' ')" = '211PNG' ] && [ "$(wc -c < "$SHOT")" -gt 50000 ]; ok $? "screenshot saved: $SHOT"
done_testing

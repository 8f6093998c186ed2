#!/usr/bin/env bash
# Real-browser check of the HTML reports.
#
# Renders the English and Dutch reports of a workshop run, and of a small Sobol'
# sweep (tests/data/report_sweep_sobol.toml), in headless Chromium
# (Debian's `chromium`, installed with apt-get if missing) to a PNG screenshot
# (1280 x 2400) and to an A4 PDF, and fails if the browser reports any console
# message for them: the report has no script, so any message at all (an error, a
# blocked resource, a Content-Security-Policy violation) means something is wrong.
#
# A check that looks for errors in a log passes silently when the log shows
# nothing, so the script first proves that it sees what it looks for: two canary
# pages must produce a console error, an uncaught exception and a CSP violation
# (under the report's own policy) in the same kind of log. If any canary goes
# unseen, the check fails instead of passing blind.
#
# Screenshots, PDFs and logs are kept in output/browser-check/ (git-ignored).
# Called from .ci/run after the tests; run it on its own with .ci/browser-check.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=output/browser-check
fail() {
  echo "browser check: FAILED: $*" >&2
  exit 1
}

# ------------------------------------------------------------------ Chromium
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (apt-get)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
chromium --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# render URL LOG ARGS...: one headless Chromium run with a fresh profile; its
# stderr log (where page console messages go) is appended to LOG.
render() {
  local url=$1 log=$2
  shift 2
  local profile
  profile=$(mktemp -d -p "$work")
  local flags=(
    --headless --disable-gpu --disable-background-networking --disable-component-update
    --no-first-run --no-default-browser-check --hide-scrollbars
    --user-data-dir="$profile" --enable-logging=stderr --v=0
  )
  # Chromium refuses to run as root with its sandbox.
  [ "$(id -u)" -ne 0 ] || flags+=(--no-sandbox)
  if ! timeout 120 chromium "${flags[@]}" "$@" "$url" >>"$log" 2>&1; then
    fail "chromium did not finish rendering $url (log: $log)"
  fi
}

# Console messages in a log: Chromium writes each as `...:CONSOLE:<line>] "message",
# source: <url> (<line>)`; uncaught exceptions and CSP violations arrive the same way.
console_lines() {
  grep -E ':CONSOLE[:(]|Uncaught|Content Security Policy|Refused to' "$1" || true
}

# ------------------------------------------------------------------ the run
rm -rf "$out"
mkdir -p "$out"
echo "running: wijksim compare scenarios/workshop.toml (report.html), then wijksim report --lang nl"
cargo run --release --quiet -- compare scenarios/workshop.toml --quiet --out "$out/run" >/dev/null
cargo run --release --quiet -- report "$out/run" --lang nl
echo "running: wijksim sweep tests/data/report_sweep_sobol.toml (report.html), then wijksim report --lang nl"
cargo run --release --quiet -- sweep tests/data/report_sweep_sobol.toml --quiet --out "$out/sweep"
cargo run --release --quiet -- report "$out/sweep" --lang nl
abs_run=$(cd "$out/run" && pwd)
abs_sweep=$(cd "$out/sweep" && pwd)
csp=$(grep -o 'http-equiv="Content-Security-Policy" content="[^"]*"' "$out/run/report.html" |
  sed 's/.*content="//; s/"$//' | sed "s/&#39;/'/g; s/&apos;/'/g")
[ -n "$csp" ] || fail "report.html has no Content-Security-Policy"

# ------------------------------------------------------------------ canaries
cat >"$work/canary.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>canary</title></head><body>
<script>console.error("wijksim-canary-console-error"); throw new Error("wijksim-canary-uncaught");</script>
</body></html>
EOF
cat >"$work/csp.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$csp"><title>csp canary</title>
<style>body { background: url(https://example.invalid/wijksim-canary.png); }</style>
</head><body><p>canary</p></body></html>
EOF
render "file://$work/canary.html" "$out/canary.log" --screenshot="$work/canary.png"
render "file://$work/csp.html" "$out/canary.log" --screenshot="$work/csp.png"
seen=$(console_lines "$out/canary.log")
for want in wijksim-canary-console-error "Uncaught Error: wijksim-canary-uncaught" \
  "example.invalid/wijksim-canary.png"; do
  grep -qF "$want" <<<"$seen" ||
    fail "the canary message '$want' is not in the browser log, so the check cannot see console errors (log: $out/canary.log)"
done
echo "canaries seen: console errors, uncaught exceptions and CSP violations are detected"

# ------------------------------------------------------------------ the reports
for page in "$abs_run/report.html" "$abs_run/report.nl.html" \
  "$abs_sweep/report.html" "$abs_sweep/report.nl.html"; do
  name=$(basename "$(dirname "$page")")-$(basename "$page" .html)
  log="$out/$name.log"
  : >"$log"
  render "file://$page" "$log" --window-size=1280,2400 --screenshot="$out/$name.png"
  # The first screen on a projector (1280x900): what a council or a room sees first.
  render "file://$page" "$log" --window-size=1280,900 --screenshot="$out/$name.first-screen.png"
  render "file://$page" "$log" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf"
  messages=$(console_lines "$log")
  [ -z "$messages" ] || fail "$page made the browser report:
$messages"
  # A real picture, not a blank or an error page.
  png_bytes=$(wc -c <"$out/$name.png")
  [ "$(head -c 8 "$out/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "$name.png is not a PNG"
  [ "$png_bytes" -gt 30000 ] || fail "$name.png has only $png_bytes bytes: the page looks empty"
  # An A4 PDF with a page per section at least.
  [ "$(head -c 5 "$out/$name.pdf")" = "%PDF-" ] || fail "$name.pdf is not a PDF"
  pages=$(grep -a -c '/Type /Page\b' "$out/$name.pdf" || true)
  sections=$(grep -o '<section id=' "$page" | wc -l)
  [ "$pages" -ge "$sections" ] || fail "$name.pdf has $pages pages for $sections sections"
  grep -a -q '/MediaBox \[0 0 59[45]' "$out/$name.pdf" || fail "$name.pdf is not A4"
  echo "$page: no console messages; $out/$name.png ($png_bytes bytes), $out/$name.pdf ($pages A4 pages)"
done
echo "browser check: OK"

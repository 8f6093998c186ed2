#!/usr/bin/env bash
# Real-browser test of the workshop app (`wijksim serve`): installs what it needs
# (Debian's chromium, Python's playwright without its own browser download), then runs
# tests/browser/serve_browser.py against the release binary. Screenshots go to
# output/browser/ (git-ignored). Called by .ci/run; runs on its own too:
#   .ci/serve-browser-test.sh [target/release/wijksim]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
binary="${1:-target/release/wijksim}"
[ -x "$binary" ] || cargo build --release --quiet

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
# Playwright drives the system chromium (executable_path); it must never fetch a
# browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if ! python3 -c 'import playwright.sync_api' >/dev/null 2>&1; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "installing pip (Debian package)"
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
  fi
  echo "installing playwright (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check playwright \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages playwright
fi

chromium --version 2>/dev/null || true
python3 tests/browser/serve_browser.py "$binary" --default-too

#!/usr/bin/env bash
# Install what the tests need (the package with its test extra; Debian's chromium for the HTML
# report's browser test when it is missing), then run lint, types and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

"$PY" -m pip install -q -e ".[test]"

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the HTML report test ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  else
    echo "warning: chromium missing and not root; the browser test will be skipped" >&2
  fi
fi

"$PY" -m ruff check consistency tests benchmarks training
"$PY" -m ruff format --check consistency tests benchmarks training
"$PY" -m mypy
"$PY" -m pytest -q -p no:cacheprovider "$@"

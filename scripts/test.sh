#!/usr/bin/env bash
# Install what the tests need (the package with its test and ray extras; Debian's chromium and
# chromium-driver for the browser tests when they are missing), then run lint, types and the whole
# test suite. The `add --ray` tests start a local Ray instance, and are skipped where it cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

"$PY" -m pip install -q -e ".[test,ray]"

# chromium for the HTML report test; chromium-driver (the same version, from the same place) for
# the review page's test, which Selenium drives
missing=()
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing+=(chromium)
fi
if ! command -v chromedriver >/dev/null 2>&1; then
  missing+=(chromium-driver)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} for the browser tests ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "warning: could not install ${missing[*]}; the browser tests will be skipped" >&2
  else
    echo "warning: ${missing[*]} missing and not root; the browser tests will be skipped" >&2
  fi
fi

"$PY" -m ruff check consistency tests benchmarks training
"$PY" -m ruff format --check consistency tests benchmarks training
"$PY" -m mypy
"$PY" -m pytest -q -p no:cacheprovider "$@"

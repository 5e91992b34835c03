#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser). Install it when missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "forecare: installing Debian's chromium for browser tests" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 || \
    echo "forecare: could not install chromium; browser tests will be skipped" >&2
else
  echo "forecare: chromium not found and cannot apt-get install it; browser tests will be skipped" >&2
fi

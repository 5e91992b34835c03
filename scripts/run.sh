#!/usr/bin/env bash
# Entry point for the npm scripts; works on a fresh clone whatever Node the machine has.
set -euo pipefail
# shellcheck source=env.sh
source "$(dirname "$0")/env.sh"
cd "$FORECARE_ROOT"
cmd="${1:-}"; shift || true
case "$cmd" in
  demo)
    node src/cli/main.ts demo "$@" ;;
  serve)
    node src/cli/main.ts serve "$@" ;;
  typecheck)
    npx --no-install tsc --noEmit -p . ;;
  lint)
    npx --no-install tsc --noEmit -p .
    npx --no-install eslint --max-warnings 0 .
    npx --no-install prettier --check --log-level warn . ;;
  format)
    npx --no-install prettier --write --log-level warn . ;;
  test)
    bash scripts/ensure-chromium.sh
    npx --no-install tsc --noEmit -p .
    npx --no-install eslint --max-warnings 0 .
    npx --no-install prettier --check --log-level warn .
    node --test --test-concurrency=2 --test-reporter=./test/support/reporter.ts "$@" 'test/**/*.test.ts' ;;
  test-files)
    # Some test files (or globs), as `npm test` runs them but without the lint steps.
    node --test --test-concurrency=2 --test-reporter=./test/support/reporter.ts "$@" ;;
  bench)
    for b in bench/*.bench.ts; do echo "== $b"; node --expose-gc "$b"; done ;;
  *)
    echo "usage: scripts/run.sh demo|serve|typecheck|lint|format|test|test-files FILES|bench" >&2; exit 2 ;;
esac

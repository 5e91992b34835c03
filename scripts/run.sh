#!/usr/bin/env bash
# Entry point for the npm scripts; works on a fresh clone whatever Node the machine has.
set -euo pipefail
# shellcheck source=env.sh
source "$(dirname "$0")/env.sh"
cd "$FORECARE_ROOT"
cmd="${1:-}"; shift || true

# tsc, ESLint and Prettier, each keeping what it learnt in node_modules/.cache so that the next run
# checks only what changed: tsc's build info (--incremental), ESLint's and Prettier's results by
# file content (ESLint's rules here read one file at a time: no type information, no resolver).
# A fresh clone has no caches, and checks everything.
lint_checks() {
  local cache="$FORECARE_ROOT/node_modules/.cache"
  npx --no-install tsc --noEmit -p . --incremental --tsBuildInfoFile "$cache/tsc/forecare.tsbuildinfo"
  npx --no-install eslint --max-warnings 0 --cache --cache-strategy content --cache-location "$cache/eslint/forecare" .
  npx --no-install prettier --check --cache --cache-strategy content --cache-location "$cache/prettier/forecare" --log-level warn .
}

# The same three at once, for npm test: each is one thread, and on a fresh clone they are about
# 45 s of CPU (about 7 s with their caches); one after the other, the last was still running alone
# on one core after the tests had finished. Fails when any fails (each says why).
lint_checks_at_once() {
  local cache="$FORECARE_ROOT/node_modules/.cache" rc=0 pid
  local -a pids=()
  npx --no-install tsc --noEmit -p . --incremental --tsBuildInfoFile "$cache/tsc/forecare.tsbuildinfo" &
  pids+=($!)
  npx --no-install eslint --max-warnings 0 --cache --cache-strategy content --cache-location "$cache/eslint/forecare" . &
  pids+=($!)
  npx --no-install prettier --check --cache --cache-strategy content --cache-location "$cache/prettier/forecare" --log-level warn . &
  pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid" || rc=$?; done
  return "$rc"
}

case "$cmd" in
  demo)
    node src/cli/main.ts demo "$@" ;;
  serve)
    node src/cli/main.ts serve "$@" ;;
  typecheck)
    npx --no-install tsc --noEmit -p . ;;
  lint)
    lint_checks ;;
  format)
    npx --no-install prettier --write --log-level warn . ;;
  test | test-files | test-unit)
    # V8's compiled code for every module, kept between runs (each test file is its own process
    # and imports much the same code: about a quarter less CPU to import the web app).
    export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$FORECARE_ROOT/node_modules/.cache/node-compile}" ;;&
  test)
    bash scripts/ensure-chromium.sh
    # The lint steps run beside the tests (niced: they take what CPU the tests leave, between files
    # and while a browser renders), their output kept and printed after the tests' report; npm test
    # fails when either fails.
    lint_log="$(mktemp)"
    (
      renice -n 10 -p "$BASHPID" >/dev/null
      lint_checks_at_once
    ) >"$lint_log" 2>&1 &
    lint_pid=$!
    # Most test files run several to a process (scripts/test-bundles.ts says which, and why).
    files="$(node scripts/test-bundles.ts)"
    mapfile -t files <<<"$files"
    tests_rc=0
    # Three processes at a time on two cores: the browser tests wait on Chromium and several tests
    # on timers, so two left a core idle much of the run (on a quiet 2-core machine, with caches:
    # 4 min 26 s at 2, 4 min 0 s at 3, 4 min 26 s at 4).
    node --test --test-concurrency=3 --test-reporter=./test/support/reporter.ts "$@" "${files[@]}" || tests_rc=$?
    lint_rc=0
    wait "$lint_pid" || lint_rc=$?
    if [ "$lint_rc" = 0 ]; then
      echo "Lint: tsc, ESLint and Prettier passed"
    else
      echo "Lint failed (tsc, ESLint or Prettier; exit $lint_rc):"
    fi
    cat "$lint_log"
    rm -f "$lint_log"
    [ "$tests_rc" = 0 ] || exit "$tests_rc"
    exit "$lint_rc" ;;
  test-files)
    # Some test files (or globs), as `npm test` runs them but without the lint steps.
    node --test --test-concurrency=2 --test-reporter=./test/support/reporter.ts "$@" ;;
  test-unit)
    # The domain's tests: those that import only src/domain (scripts/unit-tests.ts chooses them).
    mapfile -t files < <(node scripts/unit-tests.ts)
    node --test --test-concurrency=2 --test-reporter=./test/support/reporter.ts "$@" "${files[@]}" ;;
  bench)
    for b in bench/*.bench.ts; do echo "== $b"; node --expose-gc "$b"; done ;;
  *)
    echo "usage: scripts/run.sh demo|serve|typecheck|lint|format|test|test-unit|test-files FILES|bench" >&2; exit 2 ;;
esac

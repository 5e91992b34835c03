#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser). Installs it when missing,
# quietly: apt's output goes to test-artifacts/chromium-install.log and one line is printed. When
# another package manager holds the dpkg/apt lock, waits for it up to FORECARE_APT_WAIT seconds
# (default 300). Never fails: without Chromium the browser tests are skipped, and `npm test` says
# so in its summary of skipped tests.
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
cd "$(dirname "$0")/.."
log=test-artifacts/chromium-install.log
status=test-artifacts/chromium-install.status # one line: why it is missing (read by test/support/browser.ts)
mkdir -p test-artifacts
rm -f "$status"
say() { echo "forecare: $1" >&2; echo "$1" >"$status"; }
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  say "chromium not found and cannot be installed with apt-get here (needs root and apt)"
  exit 0
fi

wait_s="${FORECARE_APT_WAIT:-300}"
deadline=$((SECONDS + wait_s))
echo "forecare: installing Debian's chromium for the browser tests (waits up to ${wait_s} s for the package lock; log: $log)" >&2
: >"$log"
# apt waits for the dpkg lock itself (DPkg::Lock::Timeout); the lists lock of `apt-get update`
# is retried here until the deadline.
apt_get() {
  local left=$((deadline - SECONDS))
  [ "$left" -gt 0 ] || left=1
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout="$left" "$@" >>"$log" 2>&1
}
locked() { tail -n 5 "$log" | grep -qiE 'could not get lock|unable to lock|is another process using it'; }
try() {
  until apt_get "$@"; do
    if locked && [ "$SECONDS" -lt "$deadline" ]; then sleep 5; else return 1; fi
  done
}
if try update && try install -y chromium; then
  echo "forecare: chromium installed" >&2
  rm -f "$status"
elif locked; then
  say "chromium not installed: another package manager held the package lock for ${wait_s} s (see $log)"
else
  say "chromium could not be installed with apt-get (see $log)"
fi
exit 0

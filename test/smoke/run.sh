#!/usr/bin/env bash
# The portal's backend with the simulator's three environments (JWT, basic
# auth, MWAA): every read route answers without a server error, and none
# answers without a Backstage token.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"

start_simulator
start_backend
node --require @backstage/cli/config/nodeTransform.cjs test/contract/walk.ts http://localhost:7007

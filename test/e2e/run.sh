#!/usr/bin/env bash
# The portal in headless Chromium: the app's development server, the real
# backend and the Airflow simulator, driven by Playwright. Screenshots land in
# test/e2e/screenshots/ (git-ignored).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"
source scripts/chromium.sh

start_simulator
start_backend
start_app
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/portal.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/catalog-search.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/weblogin.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/operations.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/reads.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/approvals.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/notifications.e2e.ts
node --require @backstage/cli/config/nodeTransform.cjs test/e2e/scaffolder.e2e.ts

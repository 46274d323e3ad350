#!/usr/bin/env bash
# Installs everything and runs every check: type-check, lint, formatting, then
# the unit, integration and end-to-end tests. CI runs exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
export CI="${CI:-true}"

step() { echo; echo "==> $*"; }

step "Installing dependencies"
yarn install --immutable

step "Type-checking (tsc)"
yarn tsc

step "Linting (backstage-cli repo lint)"
yarn backstage-cli repo lint

# The declarations `yarn tsc` wrote to dist-types/ are what API Extractor reads.
step "API reports of the plugin packages (backstage-repo-tools api-reports)"
yarn build:api-reports:only --ci

step "OpenAPI spec: Backstage's rules, and generated files up to date"
yarn lint:openapi
yarn verify:openapi

step "Checking formatting (prettier)"
yarn prettier --check .

step "Database for the tests (PostgreSQL)"
source scripts/postgres.sh

step "Unit and integration tests (jest)"
yarn backstage-cli repo test

for suite in test/*/run.sh; do
  [ -e "$suite" ] || continue
  step "Suite $(basename "$(dirname "$suite")")"
  bash "$suite"
done

echo
echo "All checks passed."

#!/usr/bin/env bash
# Installs everything and runs every check: type-check, lint, formatting, then
# the unit, integration and end-to-end tests. CI runs exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# In CI the contract walks must run; on a machine without the contract tools
# they are skipped. Decided before the default below, which only keeps jest
# out of watch mode.
export AIRFLOW_CONTRACT_WALKS_REQUIRED="${AIRFLOW_CONTRACT_WALKS_REQUIRED:-${CI:-false}}"
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

# A suite that cannot run here exits 77 (skipped) after saying why.
skipped=()
for suite in test/*/run.sh; do
  [ -e "$suite" ] || continue
  name="$(basename "$(dirname "$suite")")"
  step "Suite $name"
  started=$SECONDS
  status=0
  bash "$suite" || status=$?
  if [ "$status" -eq 77 ]; then
    skipped+=("$name")
    continue
  fi
  [ "$status" -eq 0 ] || exit "$status"
  echo "Suite $name passed in $((SECONDS - started)) s"
done

echo
if [ "${#skipped[@]}" -gt 0 ]; then
  echo "All checks passed, but these suites were SKIPPED: ${skipped[*]} (see why above)."
else
  echo "All checks passed."
fi

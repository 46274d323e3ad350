#!/usr/bin/env bash
# The contract walks as CI runs them (scripts/test.sh runs every test/*/run.sh):
#   1. proxy-walk.sh with the mwaa-fake: the backend's requests and the
#      simulator's answers, checked against Airflow's official specs;
#   2. mock-walk.sh --dynamic: the backend reads any random schema-valid answer.
# Each fails on a contract violation, a 5xx of the backend's own, or a route
# that never reached Airflow. Both run even when the first fails.
#
# The tools come from the folder shared/tools beside the repository, or from
# AIRFLOW_CONTRACT_TOOLS (the folder holding airflow-contract/ and mwaa-fake/).
# Without them the walks are skipped with a message and exit status 77
# (scripts/test.sh lists skipped suites), unless they are required: in CI
# (CI=true) or with AIRFLOW_CONTRACT_WALKS_REQUIRED=true, a missing tools folder
# fails. On first use the tools install their pinned npm dependencies into
# AIRFLOW_CONTRACT_CACHE (default ~/.cache/airflow-contract-tools).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
CONTRACT_TOOLS="${AIRFLOW_CONTRACT_TOOLS:-$(dirname "$ROOT")/shared/tools}"
CONTRACT_TOOL="$CONTRACT_TOOLS/airflow-contract/run.sh"
MWAA_FAKE_TOOL="$CONTRACT_TOOLS/mwaa-fake/run.sh"
REQUIRED="${AIRFLOW_CONTRACT_WALKS_REQUIRED:-${CI:-false}}"

if [ ! -f "$CONTRACT_TOOL" ] || [ ! -f "$MWAA_FAKE_TOOL" ]; then
  if [[ "$REQUIRED" =~ ^(true|1|yes)$ ]]; then
    echo "The contract tools are missing: no $CONTRACT_TOOL or $MWAA_FAKE_TOOL." >&2
    echo "Put shared/ beside the repository, or set AIRFLOW_CONTRACT_TOOLS to the folder holding airflow-contract/ and mwaa-fake/." >&2
    exit 1
  fi
  echo "SKIPPED: the contract walks need the contract tools, and there are none at $CONTRACT_TOOLS."
  echo "         Set AIRFLOW_CONTRACT_TOOLS to the folder holding airflow-contract/ and mwaa-fake/ to run them."
  exit 77
fi

failed=()
run_walk() {
  local name=$1 started=$SECONDS rc=0
  shift
  echo
  echo "---- contract walk: $name"
  bash "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "---- contract walk: $name passed in $((SECONDS - started)) s"
  else
    echo "---- contract walk: $name FAILED (exit $rc) after $((SECONDS - started)) s"
    failed+=("$name")
  fi
}

run_walk "proxy (simulator, MWAA through the mwaa-fake)" \
  test/contract/proxy-walk.sh "$CONTRACT_TOOL" "$MWAA_FAKE_TOOL"
run_walk "mock --dynamic (random schema-valid answers)" \
  test/contract/mock-walk.sh "$CONTRACT_TOOL" "$MWAA_FAKE_TOOL" --dynamic

if [ "${#failed[@]}" -gt 0 ]; then
  echo "Contract walks failed: ${failed[*]}" >&2
  exit 1
fi

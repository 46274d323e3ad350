#!/usr/bin/env bash
# Puts an OpenAPI contract checker in proxy mode (Prism, driven by the
# airflow-contract tool) between the backend and the Airflow simulator, walks
# every read route of the portal, and prints the checker's report: the
# backend's requests and the simulator's answers, both against Airflow's
# official v2 (Airflow 3) and v1 (Airflow 2) specs.
#
#   test/contract/proxy-walk.sh /path/to/airflow-contract/run.sh
set -euo pipefail
CONTRACT="${1:?usage: proxy-walk.sh <airflow-contract run.sh>}"
CONTRACT="$(cd "$(dirname "$CONTRACT")" && pwd)/$(basename "$CONTRACT")"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"
trap '"$CONTRACT" stop >/dev/null 2>&1; stop_stack' EXIT

start_simulator
"$CONTRACT" start --proxy-v2 http://127.0.0.1:28080 --proxy-v1 http://127.0.0.1:28081
node scripts/wait-for-ports.js 4010 4011

start_backend AIRFLOW_DATA_PROD_URL=http://127.0.0.1:4010 AIRFLOW_LEGACY_ETL_URL=http://127.0.0.1:4011
node --require @backstage/cli/config/nodeTransform.cjs test/contract/walk.ts http://localhost:7007
"$CONTRACT" report

#!/usr/bin/env bash
# Puts an OpenAPI contract checker in proxy mode (Prism, driven by the
# airflow-contract tool) between the backend and the Airflow simulator, walks
# every read route of the portal, and prints the checker's report: the
# backend's requests and the simulator's answers, both against Airflow's
# official v2 (Airflow 3) and v1 (Airflow 2) specs.
#
#   test/contract/proxy-walk.sh <airflow-contract run.sh> [<mwaa-fake run.sh>] [contract start options…]
#
# With the mwaa-fake, the MWAA environment goes through the fake (SigV4 and
# InvokeRestApi checks) into the same checking proxy; without it, through the
# simulator's own MWAA front. Extra options go to the contract tool's `start`
# (e.g. `--v2-spec …/airflow-v2-openapi-client-3.0.2.yaml`, as strict as the
# Airflow 3.0.x that MWAA runs). Exits non-zero on a 5xx or any violation.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
use_tools "proxy-walk.sh <airflow-contract run.sh> [<mwaa-fake run.sh>] [options…]" "$@"

start_simulator
start_contract --proxy-v2 http://127.0.0.1:28080 --proxy-v1 http://127.0.0.1:28081 "${START_OPTIONS[@]}"
backend_env=(AIRFLOW_DATA_PROD_URL=http://127.0.0.1:4010 AIRFLOW_LEGACY_ETL_URL=http://127.0.0.1:4011)
if [ -n "$MWAA_FAKE" ]; then
  start_mwaa_fake --target http://127.0.0.1:4010 --target-auth "$(simulator_bearer)"
  backend_env+=(AIRFLOW_MWAA_ENDPOINT=http://127.0.0.1:$MWAA_FAKE_PORT)
fi

start_backend "${backend_env[@]}"
walk_rc=0
walk || walk_rc=$?
report_rc=0
print_reports || report_rc=$?
exit $((walk_rc || report_rc))

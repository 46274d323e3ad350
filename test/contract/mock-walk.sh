#!/usr/bin/env bash
# Points the backend straight at the airflow-contract mocks (Prism serving
# Airflow's official v2 and v1 specs: spec examples, or random schema-valid
# answers with --dynamic), walks every read route, and prints the report of
# what the backend sent.
#
#   test/contract/mock-walk.sh <airflow-contract run.sh> [<mwaa-fake run.sh>] [--dynamic] [contract start options…]
#
# The mocks do not know the catalog's DAG ids: the walk goes on with what they
# answer (for a DAG the entity binds by id, the DAG routes still go upstream).
# With the mwaa-fake, the MWAA environment reaches the v2 mock through it;
# without, it uses the simulator's MWAA front. Either way the simulator runs:
# its front also answers CloudWatch Logs, where the backend reads MWAA task
# logs whose path does not fit InvokeRestApi (the contract tools have no
# CloudWatch). --dynamic proves the backend reads anything the spec allows: a
# 5xx is only tolerated when it relays an error status the mock chose, never
# a 500, a timeout or an unreadable answer.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
use_tools "mock-walk.sh <airflow-contract run.sh> [<mwaa-fake run.sh>] [--dynamic] [options…]" "$@"
walk_args=()
for arg in "${START_OPTIONS[@]}"; do
  if [ "$arg" = --dynamic ] || [ "$arg" = -d ]; then
    walk_args+=(--tolerate-upstream-errors)
  fi
done

start_contract "${START_OPTIONS[@]}"
start_simulator
backend_env=(AIRFLOW_DATA_PROD_URL=http://127.0.0.1:4010 AIRFLOW_LEGACY_ETL_URL=http://127.0.0.1:4011)
if [ -n "$MWAA_FAKE" ]; then
  start_mwaa_fake --target http://127.0.0.1:4010
  backend_env+=(AIRFLOW_MWAA_ENDPOINT=http://127.0.0.1:$MWAA_FAKE_PORT)
fi

start_backend "${backend_env[@]}"
walk_rc=0
walk "${walk_args[@]}" || walk_rc=$?
report_rc=0
print_reports || report_rc=$?
exit $((walk_rc || report_rc))

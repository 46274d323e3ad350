#!/usr/bin/env bash
# The trust boundary, measured against the real backend and the simulator:
# every route of the backend's OpenAPI document refused without valid
# credentials or permission (each refused action audited once), hostile input
# answered 4xx without any upstream call, and no secret of the test config in
# any answer, log line, audit record or built frontend bundle.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source test/lib/stack.sh

# Secrets of this run's config: distinctive values the scan can look for.
export SIM_PASSWORD='sec-suite-airflow-pw-4c1e9b'
export AIRFLOW_DATA_PROD_PASSWORD="$SIM_PASSWORD"
export AIRFLOW_LEGACY_ETL_PASSWORD="$SIM_PASSWORD"
export SECURITY_SERVICE_TOKEN='sec-suite-static-service-token-8d2f7a51'
export SECURITY_BACKEND_LOG="$STACK_LOGS/backend.log"
export SECURITY_SIMULATOR_LOG="$STACK_LOGS/simulator.log"

start_simulator
# The notifier's background polls would count as calls that reached Airflow.
start_backend \
  APP_CONFIG_airflow_notifications_enabled=false \
  "APP_CONFIG_backend_auth_externalAccess=[{\"type\":\"static\",\"options\":{\"token\":\"$SECURITY_SERVICE_TOKEN\",\"subject\":\"security-suite\"}}]"
# Bounded: the suite stops itself after 10 minutes whatever happens.
timeout 600 node --require @backstage/cli/config/nodeTransform.cjs \
  test/security/securitySuite.ts http://127.0.0.1:7007

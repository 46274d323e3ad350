#!/usr/bin/env bash
# Starts the portal on its embedded default: SQLite files in data/sqlite/
# (git-ignored; delete the folder to start afresh), guest sign-in,
# and the Airflow simulator's three environments (Airflow 3 over JWT, Airflow 2
# over basic auth, Airflow 3 behind an MWAA-compatible front).
# Frontend: http://localhost:3000   Backend: http://localhost:7007 (loopback only)
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

echo "==> Installing dependencies (yarn install --immutable)"
yarn install --immutable

# The simulator's MWAA front checks SigV4 signatures against these test
# credentials; the backend finds them through the default AWS provider chain.
export AWS_ACCESS_KEY_ID="${AIRFLOW_PORTAL_AWS_ACCESS_KEY_ID:-AKIDEXAMPLE}"
export AWS_SECRET_ACCESS_KEY="${AIRFLOW_PORTAL_AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}"
unset AWS_SESSION_TOKEN AWS_PROFILE

# AIRFLOW_PORTAL_FLEET=1: fifty more simulated environments (two unreachable,
# three degraded) behind port 28083, to try the ops overview at scale.
CONFIG_ARGS=()
if [ "${AIRFLOW_PORTAL_FLEET:-}" != "" ]; then
  export SIM_FLEET_SIZE="${SIM_FLEET_SIZE:-50}"
  mkdir -p data
  node --require @backstage/cli/config/nodeTransform.cjs \
    packages/airflow-simulator/src/fleet/writeFleetConfig.ts \
    app-config.yaml data/app-config.fleet.yaml "$SIM_FLEET_SIZE"
  CONFIG_ARGS=(--config "$PWD/app-config.yaml" --config "$PWD/data/app-config.fleet.yaml")
  [ -f app-config.local.yaml ] && CONFIG_ARGS+=(--config "$PWD/app-config.local.yaml")
fi

if [ "${AIRFLOW_PORTAL_NO_SIMULATOR:-}" = "" ]; then
  echo "==> Starting the Airflow simulator"
  yarn workspace @airflow-portal/airflow-simulator start &
  SIMULATOR_PID=$!
  trap 'kill $SIMULATOR_PID 2>/dev/null || true' EXIT INT TERM
  node scripts/wait-for-ports.js 28080 28081 28082 28090
fi

# The demo sign-in lets anyone sign in as any catalog user: the backend and
# the frontend's dev server listen on loopback only.
export APP_CONFIG_backend_listen_host=127.0.0.1
export APP_CONFIG_app_listen_host=127.0.0.1
echo "==> Demo sign-in is ON: anyone who reaches the portal can sign in as any demo user."
echo "    The backend and the frontend listen on 127.0.0.1 only; never expose this setup."
echo "==> Starting the portal: http://localhost:3000 (pick a demo user on the sign-in page)"
yarn backstage-cli repo start "${CONFIG_ARGS[@]}"

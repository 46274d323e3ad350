# Sourced by test suites: starts the Airflow simulator and the portal's backend
# on loopback, and stops both when the suite exits.
#   start_simulator            demo environments on 28080-28082, MWAA front on 28090
#   start_backend [VAR=value…] the backend on :7007 with extra environment
#                              (and BACKEND_START_ARGS, e.g. --config files)
#   start_app                  the frontend's development server on :3000
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
STACK_LOGS="${STACK_LOGS:-$(mktemp -d)}"
# Each suite starts from empty SQLite files of its own, never the demo's data/.
export AIRFLOW_PORTAL_DATA_DIR="${AIRFLOW_PORTAL_DATA_DIR:-$STACK_LOGS/sqlite}"

# The simulator's MWAA front checks SigV4 against these test credentials.
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
unset AWS_SESSION_TOKEN AWS_PROFILE

stop_stack() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    for log in "$STACK_LOGS"/*.log; do
      [ -e "$log" ] || continue
      echo "---- last lines of $log"
      tail -n 40 "$log"
    done
  fi
  local group
  for group in ${BACKEND_PID:-} ${SIMULATOR_PID:-} ${APP_PID:-}; do
    kill -- -"$group" 2>/dev/null
  done
  # Wait (15 s at most) until every process group is gone, so the next suite
  # finds its ports free.
  for _ in $(seq 75); do
    local alive=0
    for group in ${BACKEND_PID:-} ${SIMULATOR_PID:-} ${APP_PID:-}; do
      kill -0 -- -"$group" 2>/dev/null && alive=1
    done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  return "$status"
}
trap stop_stack EXIT

# A suite must not talk to a server somebody else left running on its ports.
assert_ports_free() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is already in use; stop whatever listens there first." >&2
      exit 1
    fi
  done
}

start_simulator() {
  assert_ports_free 28080 28081 28082 28090
  setsid yarn workspace @airflow-portal/airflow-simulator start >"$STACK_LOGS/simulator.log" 2>&1 &
  SIMULATOR_PID=$!
  node scripts/wait-for-ports.js 28080 28081 28082 28090
}

start_backend() {
  assert_ports_free 7007
  # Loopback only: the demo sign-in lets anyone sign in as anyone.
  # shellcheck disable=SC2086 # BACKEND_START_ARGS is a list of words
  setsid env APP_CONFIG_backend_listen_host=127.0.0.1 "$@" yarn workspace backend start ${BACKEND_START_ARGS:-} >"$STACK_LOGS/backend.log" 2>&1 &
  BACKEND_PID=$!
  node scripts/wait-for-ports.js 7007
}

start_app() {
  assert_ports_free 3000
  setsid yarn workspace app start >"$STACK_LOGS/app.log" 2>&1 &
  APP_PID=$!
  node scripts/wait-for-ports.js 3000
}

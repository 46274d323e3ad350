# Sourced by the contract walks: the contract tools next to the stack of
# ../lib/stack.sh, stopped (only what was started) when the walk exits. The
# tools' run.sh are run with bash, so a copy without the executable bit works.
#   use_tools USAGE ARGS…       the walk's arguments: the airflow-contract run.sh,
#                               the mwaa-fake run.sh if given, then options left
#                               in START_OPTIONS
#   start_mwaa_fake ARGS…       mwaa-fake in front of an Airflow, for mwaa-payments
#   print_reports               both reports; returns 1 if either has violations
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"

CONTRACT=""
MWAA_FAKE=""
MWAA_FAKE_PORT=4020

START_OPTIONS=()

abs_path() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
use_tools() {
  local usage=$1
  shift
  if [ $# -eq 0 ]; then
    echo "usage: $usage" >&2
    exit 2
  fi
  CONTRACT="$(abs_path "$1")"
  shift
  if [ $# -gt 0 ] && [[ "$1" != --* ]]; then
    MWAA_FAKE="$(abs_path "$1")"
    shift
  fi
  START_OPTIONS=("$@")
}

stop_tools() {
  [ -n "${MWAA_FAKE_STARTED:-}" ] && bash "$MWAA_FAKE" stop >/dev/null 2>&1
  [ -n "${CONTRACT_STARTED:-}" ] && bash "$CONTRACT" stop >/dev/null 2>&1
  return 0
}
# stop_stack prints the logs when the walk failed: hand it the walk's status
# (through `return`, which `set -e` does not act on inside a function).
finish() {
  local status=$?
  set +e
  stop_tools
  set_status "$status"
  stop_stack
}
set_status() { return "$1"; }
trap finish EXIT

start_contract() {
  CONTRACT_STARTED=1
  bash "$CONTRACT" start "$@"
  node scripts/wait-for-ports.js 4010 4011
}

# The fake signs nothing towards Airflow itself: it needs an Airflow 3 it can
# call with its own bearer (a mock), or --target-auth for a real one.
start_mwaa_fake() {
  MWAA_FAKE_STARTED=1
  bash "$MWAA_FAKE" start --port "$MWAA_FAKE_PORT" --airflow-version 3.0.6 \
    --env-name mwaa-payments --region us-east-1 "$@"
  node scripts/wait-for-ports.js "$MWAA_FAKE_PORT"
}

# A JWT from the simulator's Airflow 3, for the fake to forward with.
simulator_bearer() {
  node -e 'fetch("http://127.0.0.1:28080/auth/token",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({username:"admin",password:"admin"})}).then(r=>r.json()).then(b=>process.stdout.write("Bearer "+b.access_token))'
}

print_reports() {
  local rc=0
  echo "==== airflow-contract report"
  bash "$CONTRACT" report || rc=1
  if [ -n "${MWAA_FAKE_STARTED:-}" ]; then
    echo "==== mwaa-fake report"
    bash "$MWAA_FAKE" report || rc=1
  fi
  return "$rc"
}

walk() {
  node --require @backstage/cli/config/nodeTransform.cjs test/contract/walk.ts http://localhost:7007 "$@"
}

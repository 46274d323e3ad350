#!/usr/bin/env bash
# The ops overview with a simulated fleet of fifty environments, in headless
# Chromium (test/e2e/fleet.sh), as one of the suites scripts/test.sh runs.
# Bounded: fleet.sh gives the browser check five minutes, and every server it
# starts is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec bash test/e2e/fleet.sh

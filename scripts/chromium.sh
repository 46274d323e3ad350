# Sourced by browser test suites: makes sure Debian's Chromium is installed and
# exports CHROMIUM_PATH. Playwright drives it; no browser is downloaded.
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> Installing Chromium (Debian package)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing at $CHROMIUM_PATH; install Debian's chromium package or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
export CHROMIUM_PATH

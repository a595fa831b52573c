#!/usr/bin/env bash
# The test suite starts its own redis-server, PostgreSQL, Prometheus, nginx and Chromium; this makes sure their
# binaries exist.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "installing redis-server for the test suite"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
# The redis package starts a system-wide server on 6379; the tests use their own ports.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing PostgreSQL server binaries for the test suite"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# The metrics test scrapes the bot with a real Prometheus server.
if ! command -v prometheus >/dev/null 2>&1; then
  echo "installing prometheus for the test suite"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
# The scale-out test puts Debian's nginx in front of two webhook workers, on a free port and with a
# configuration of its own (tests/scaling/nginx.py).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx for the test suite"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
fi
# The dashboard's browser tests drive Debian's Chromium through Playwright (tests/dashboard/browser);
# Playwright's own browser builds cannot be downloaded here.
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium for the test suite"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

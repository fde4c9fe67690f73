#!/usr/bin/env bash
# All tests: unit and data-layer tests (Vitest), then browser tests (Playwright) against
# the production server (server.mjs). PostgreSQL is used when one answers on 127.0.0.1:5432 (or TEST_DATABASE_URL);
# PGlite always.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ -z "${TEST_DATABASE_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
fi
echo "PostgreSQL for tests: ${TEST_DATABASE_URL:-none (PGlite only)}"

npx vitest run

if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then
  npx next build
fi
npx playwright test

#!/usr/bin/env bash
# Starts the production server (server.mjs) for the browser tests on a fresh, seeded database of its own.
#   scripts/e2e-server.sh pglite|postgres PORT
set -euo pipefail
driver=$1
port=$2
cd "$(dirname "$0")/.."

if [ "$driver" = pglite ]; then
  export PGLITE_DIR=".data/e2e-pglite-$port"
  unset DATABASE_URL
  rm -rf "$PGLITE_DIR"
else
  : "${TEST_DATABASE_URL:?TEST_DATABASE_URL must point at a local PostgreSQL server}"
  db="e2e_$port"
  export DATABASE_URL
  DATABASE_URL=$(node -e 'const u=new URL(process.argv[1]);u.pathname="/"+process.argv[2];console.log(u.toString())' "$TEST_DATABASE_URL" "$db")
  psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
fi

# Auth.js builds sign-in links from AUTH_URL (as in production), not from the Host header.
# E2E_HOST=localhost for the passkey specs: WebAuthn's RP ID must be a domain, not an IP address.
export AUTH_URL="http://${E2E_HOST:-127.0.0.1}:$port"

npx tsx --import ./scripts/server-only-hook.mjs db/migrate.ts
npx tsx --import ./scripts/server-only-hook.mjs db/seed/index.ts
# A closed case with a published result and an upcoming one, after the Isesaki case (specs copy
# "the first case").
npx tsx --import ./scripts/server-only-hook.mjs e2e/fixtures/seed-other-periods.ts
# Staff for the sign-in specs (e2e/staff-*.spec.ts): one admin, one reviewer.
npx tsx --import ./scripts/server-only-hook.mjs scripts/staff-add.ts --email admin@e2e.test --role admin --name 'E2E 管理者'
npx tsx --import ./scripts/server-only-hook.mjs scripts/staff-add.ts --email reviewer@e2e.test --role reviewer --name 'E2E 担当者'
# Pages stay in the page cache for the whole run unless publishing clears them: a test that sees
# fresh content after publishing proves the clearing, not an expiry (e2e/page-cache.spec.ts).
export PAGE_CACHE_SECONDS="${PAGE_CACHE_SECONDS:-3600}"
# A case page asked for with ?e2e-render-error=1 throws, to show the error page (lib/testing/e2e-render-error.ts).
export E2E_RENDER_ERROR=1
exec node server.mjs -H 127.0.0.1 -p "$port"

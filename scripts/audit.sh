#!/usr/bin/env bash
# npm audit of the production dependencies (what `npm ci --omit=dev` would install).
#   exit 0  no high or critical advisory
#   exit 1  high or critical advisories (printed)
#   exit 0  the advisory endpoint could not be asked (the registry answers 405, or no network):
#           a loud "not checked" message, because nothing was checked; AUDIT_REQUIRED=1 makes
#           that a failure too, for a CI that does reach the registry's audit endpoint.
set -uo pipefail
cd "$(dirname "$0")/.."

report=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
status=$?

# The JSON report either carries metadata.vulnerabilities (the audit ran) or an error.
verdict=$(node -e '
  let report;
  try { report = JSON.parse(require("fs").readFileSync(0, "utf8")); } catch { report = {}; }
  const counts = report.metadata && report.metadata.vulnerabilities;
  if (counts) {
    console.log(`ran ${counts.high + counts.critical} ${JSON.stringify(counts)}`);
  } else {
    const why = report.statusCode ? `HTTP ${report.statusCode}` : (report.error && (report.error.code || report.error.summary)) || report.message || "no report";
    console.log(`unavailable ${why}`);
  }
' <<<"$report")

case "$verdict" in
  ran\ 0\ *)
    echo "npm audit: no high or critical advisories in production dependencies (${verdict#ran 0 })"
    exit 0
    ;;
  ran\ *)
    npm audit --omit=dev --audit-level=high
    echo "npm audit: high or critical advisories in production dependencies — fix or pin (see above)" >&2
    exit 1
    ;;
  *)
    why=${verdict#unavailable }
    echo "################################################################################" >&2
    echo "npm audit: advisory endpoint unavailable (${why}) — not checked" >&2
    echo "################################################################################" >&2
    if [ "${AUDIT_REQUIRED:-0}" = 1 ]; then exit 1; fi
    # npm exits non-zero here; the status is reported above, not hidden.
    echo "(npm audit exit status ${status}; continuing because AUDIT_REQUIRED is not 1)" >&2
    exit 0
    ;;
esac

#!/bin/bash
# ValidateService: the app must answer its health check within a minute.
set -euo pipefail
for _ in $(seq 1 30); do
  if curl -fsS http://localhost:8080/healthz >/dev/null; then exit 0; fi
  sleep 2
done
echo "web-frontend did not become healthy" >&2
exit 1

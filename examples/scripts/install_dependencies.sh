#!/bin/bash
# BeforeInstall: make sure Node.js and the service user exist.
set -euo pipefail
command -v node >/dev/null || dnf install -y nodejs20
id webapp >/dev/null 2>&1 || useradd --system --home /var/www/web-frontend webapp

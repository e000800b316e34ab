#!/bin/bash
# AfterInstall: install production dependencies and write the environment file.
set -euo pipefail
cd /var/www/web-frontend
npm ci --omit=dev
echo "NODE_ENV=production" > .env

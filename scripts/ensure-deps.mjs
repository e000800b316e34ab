// Installs the npm packages on a fresh clone (`npm ci`), so `npm start` and `npm test` work as the first
// commands a newcomer runs. Quick when they are already there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDeps() {
  if (existsSync(path.join(root, 'node_modules/.package-lock.json'))) return;
  console.log('[setup] installing npm packages: npm ci');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed (see above)');
}

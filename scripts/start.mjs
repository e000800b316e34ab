// `npm start`: a browser VS Code (code-server) with this extension loaded from the repo and the
// examples/ workspace open. Prints the URL and runs until Ctrl+C.
//
//   PORT=9000 npm start        another port (default 8080, or the first free one after it)
//   MODE=vsix npm start        package and install the VSIX instead of loading the repo
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureHost } from './ensure-host.mjs';
import {
  freePort,
  hostDirs,
  installVsix,
  packageVsix,
  root,
  startCodeServer,
  workbenchUrl,
} from '../test/e2e/host.mjs';

const mode = process.env.MODE === 'vsix' ? 'vsix' : 'dev';
ensureDeps();
const entry = ensureHost();
const dirs = hostDirs(path.join(root, '.e2e-work', `start-${mode}`));

if (mode === 'vsix') {
  const vsix = packageVsix();
  installVsix(entry, dirs, vsix);
} else {
  console.log('[start] building: node scripts/build.mjs');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

const port = await freePort(Number(process.env.PORT ?? 8080));
const host = await startCodeServer({ entry, dirs, port, logToConsole: process.env.VERBOSE === '1' });
const url = workbenchUrl({
  port,
  folder: path.join(root, 'examples'),
  extensionDevelopmentPath: mode === 'dev' ? root : undefined,
});

console.log('');
console.log(`  VS Code (code-server) with the extension (${mode}) is running. Open:`);
console.log('');
console.log(`  ${url}`);
console.log('');
console.log(
  `  Server log: ${path.relative(root, dirs.log)}. After rebuilding (npm run watch), reload the page.`,
);
console.log('  Press Ctrl+C to stop.');

const stop = (signal) => {
  console.log(`\n[start] ${signal}: stopping code-server`);
  host.stop();
  process.exit(0);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
host.child.once('exit', (code) => {
  console.error(`[start] code-server exited (${code}); see ${dirs.log}`);
  process.exit(code ?? 1);
});

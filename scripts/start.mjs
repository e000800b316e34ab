// `npm start`: a browser VS Code (code-server) with this extension loaded from the repo and the
// examples/ workspace open. Prints the URL and runs until Ctrl+C.
//
//   PORT=9000 npm start        another port (default 8080, or the first free one after it)
//   MODE=vsix npm start        package and install the VSIX instead of loading the repo
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureHost } from './ensure-host.mjs';
import { startAwsFake } from '../test/e2e/awsSandbox.mjs';
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

/** Whether the AWS CLI would find credentials here (then the AWS views use them, as the CLI does). */
function hasAwsSetup() {
  const env = process.env;
  const vars = ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_WEB_IDENTITY_TOKEN_FILE'];
  if (
    vars.some((v) => env[v]) ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  )
    return true;
  const aws = path.join(os.homedir(), '.aws');
  return [
    env.AWS_CONFIG_FILE ?? path.join(aws, 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(aws, 'credentials'),
  ].some((f) => existsSync(f));
}

// Without an AWS setup, the AWS views show a local sandbox (AWS_SANDBOX=1 forces it, AWS_SANDBOX=0 never):
// the fake AWS playing the story of test/aws/fake/story.ts, every connection labelled as the sandbox.
const sandbox = process.env.AWS_SANDBOX === '1' || (process.env.AWS_SANDBOX !== '0' && !hasAwsSetup());
const cleanups = [];
const awsEnv = sandbox
  ? await startAwsFake(
      path.join(dirs.workDir, 'aws'),
      (stop) => cleanups.push(stop),
      (m) => console.log(`[start] ${m}`),
      { story: true },
    )
  : {};

const port = await freePort(Number(process.env.PORT ?? 8080));
const host = await startCodeServer({
  entry,
  dirs,
  port,
  logToConsole: process.env.VERBOSE === '1',
  env: awsEnv,
});
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
if (sandbox) {
  const why = process.env.AWS_SANDBOX === '1' ? 'AWS_SANDBOX=1 is set' : 'no AWS setup was found';
  console.log(
    [
      '',
      `  SANDBOX (${why}): the AWS CI/CD views show a local fake AWS account, labelled`,
      '  "Sandbox (local fake AWS)"; nothing reaches AWS. Its pipeline storefront-api waits for your',
      '  approval, its latest storefront-api build failed on a test (open its log: the errors go to',
      '  Problems), and a web-frontend build is running. AWS_SANDBOX=0 turns the sandbox off.',
      '',
    ].join('\n'),
  );
}
console.log('  Press Ctrl+C to stop.');

const stop = (signal) => {
  console.log(`\n[start] ${signal}: stopping code-server`);
  host.stop();
  for (const fn of cleanups) fn();
  process.exit(0);
};
// SIGHUP: the terminal was closed; code-server and the fake must not outlive it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
host.child.once('exit', (code) => {
  console.error(`[start] code-server exited (${code}); see ${dirs.log}`);
  process.exit(code ?? 1);
});

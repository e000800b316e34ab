// Starts and stops code-server (a real VS Code server with a Node extension host) in isolated
// directories, and builds the workbench URLs that load our extension and its tests. Used by the e2e
// runner and by `npm start`.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolves with a TCP port free on 127.0.0.1: `preferred` and the ones after it, or any if none given. */
export async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const { port: got } = srv.address();
        srv.close(() => resolve(got));
      });
    });
  if (preferred !== undefined) {
    for (let p = preferred; p < preferred + 50; p++) {
      const got = await tryPort(p);
      if (got !== undefined) return got;
    }
  }
  const got = await tryPort(0);
  if (got === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return got;
}

/** Directories of one isolated code-server instance under `workDir`. */
export function hostDirs(workDir) {
  return {
    workDir,
    userData: path.join(workDir, 'user-data'),
    extensions: path.join(workDir, 'extensions'),
    xdg: path.join(workDir, 'xdg'),
    config: path.join(workDir, 'config.yaml'),
    log: path.join(workDir, 'code-server.log'),
  };
}

function hostEnv(dirs, extraEnv = {}) {
  return {
    ...process.env,
    // No gallery: nothing may leave the machine, and the default one is unreachable here.
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
    XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
    // The extension host inherits this environment; keep AWS calls off the metadata endpoints.
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extraEnv,
  };
}

function commonArgs(dirs) {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

function prepareDirs(dirs, port) {
  for (const d of [dirs.workDir, dirs.userData, dirs.extensions, dirs.xdg]) mkdirSync(d, { recursive: true });
  writeFileSync(dirs.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
}

/** Installs a VSIX into the instance's extensions dir with `code-server --install-extension`. */
export function installVsix(entry, dirs, vsixPath) {
  prepareDirs(dirs, 0);
  execFileSync(process.execPath, [entry, ...commonArgs(dirs), '--install-extension', vsixPath, '--force'], {
    env: hostEnv(dirs),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * Starts code-server detached (its own process group, so one kill stops the server, the extension host,
 * the language server and the watchers) and waits for /healthz.
 */
export async function startCodeServer({
  entry,
  dirs,
  port,
  env = {},
  logToConsole = false,
  timeoutMs = 60_000,
  /** Leave Workspace Trust on, so the folder opens untrusted (Restricted Mode). */
  workspaceTrust = false,
}) {
  prepareDirs(dirs, port);
  const log = createWriteStream(dirs.log, { flags: 'a' });
  const args = [
    entry,
    ...commonArgs(dirs),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: hostEnv(dirs, env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (logToConsole) process.stdout.write(chunk);
    });
  }
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start; see ${dirs.log}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms; see ${dirs.log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { child, base, port, stop, exited: () => exited };
}

/** The workbench URL that opens `folder` and, optionally, loads a development extension and tests. */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const params = new URLSearchParams();
  params.set('folder', remote(folder));
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  params.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${params.toString()}`;
}

/** Reads the extension's manifest. */
export function manifest() {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
}

/** Builds the production bundles and the VSIX with `npm run package`; returns the VSIX path. */
export function packageVsix() {
  const m = manifest();
  const vsix = path.join(root, `${m.name}.vsix`);
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

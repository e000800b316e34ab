// Installs what the real-host tests need on a fresh Debian machine: Chromium, ripgrep, the kerberos
// headers, Neovim and Emacs with Eglot (for the editor tests) from apt, and code-server 4.100.3
// (VS Code 1.100.3, Node 20) from npm into .tools/code-server.
// Idempotent: a second run only checks and returns. See docs on running tests in code-server for why
// every step below is there (root, no network except the registries, no prebuilt downloads).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, copyFileSync, writeFileSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = path.join(root, '.tools', 'code-server');
export const codeServerEntry = path.join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const stamp = path.join(toolsDir, '.installed');

const log = (msg) => console.log(`[ensure-host] ${msg}`);

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}${opts.cwd ? `   (in ${path.relative(root, opts.cwd) || '.'})` : ''}`);
  execFileSync(cmd, args, { stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } });
}

function ensureAptPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  // test/editors/neovim.test.ts runs Neovim's built-in LSP client against the server.
  if (!which('nvim')) missing.push('neovim');
  const installed = (pkg) =>
    spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes(
      'install ok installed',
    );
  if (!installed('libkrb5-dev')) missing.push('libkrb5-dev');
  // test/editors/emacs.test.ts runs Eglot in Emacs 28; without recommends it is 14 packages, 46 MB to fetch.
  const emacs = ['emacs-nox', 'elpa-eglot', 'elpa-yaml-mode', 'elpa-yasnippet'].filter((p) => !installed(p));
  if (missing.length === 0 && emacs.length === 0) {
    log(
      'apt packages present: chromium, ripgrep, libkrb5-dev, neovim, emacs-nox, elpa-eglot, elpa-yaml-mode, elpa-yasnippet',
    );
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages, run as root: apt-get install ${[...missing, ...emacs].join(' ')}`,
    );
  }
  const aptEnv = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env: aptEnv });
  if (missing.length > 0) run('apt-get', ['install', '-y', ...missing], { env: aptEnv });
  if (emacs.length > 0)
    run('apt-get', ['install', '-y', '--no-install-recommends', ...emacs], { env: aptEnv });
}

function installedVersion() {
  if (!existsSync(stamp) || !existsSync(codeServerEntry)) return undefined;
  return readFileSync(stamp, 'utf8').trim();
}

function ensureCodeServer() {
  if (installedVersion() === CODE_SERVER_VERSION) {
    log(`code-server ${CODE_SERVER_VERSION} present in ${path.relative(root, toolsDir)}`);
    return;
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, toolsDir)} (about a minute)`);
  rmSync(toolsDir, { recursive: true, force: true });
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(path.join(toolsDir, 'package.json'), '{"private":true}\n');
  const env = {
    // code-server's postinstall refuses root without it
    npm_config_unsafe_perm: 'true',
    // node-pty's install runs `npx node-gyp`; ~/.npmrc may say yes=false
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: toolsDir,
    env,
  });
  const csDir = path.join(toolsDir, 'node_modules', 'code-server');
  const vsDir = path.join(csDir, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vsDir, env });
  // Plant Debian's rg so @vscode/ripgrep's postinstall skips its GitHub download.
  const rgBin = path.join(vsDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  copyFileSync(rg, path.join(rgBin, 'rg'));
  chmodSync(path.join(rgBin, 'rg'), 0o755);
  log(`planted ${rg} as @vscode/ripgrep/bin/rg`);
  run('npm', ['rebuild', '--foreground-scripts'], { cwd: vsDir, env });
  const npmVersion = execFileSync('npm', ['-v'], { encoding: 'utf8' }).trim();
  run('sh', ['./postinstall.sh'], {
    cwd: csDir,
    env: { ...env, npm_config_user_agent: `npm/${npmVersion} node/${process.version} linux x64` },
  });
  run('npm', ['rebuild', '--foreground-scripts', 'argon2'], { cwd: toolsDir, env });
  const version = execFileSync(process.execPath, [codeServerEntry, '--version'], {
    encoding: 'utf8',
    // --version writes config under $HOME otherwise
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(toolsDir, '.xdg'),
      XDG_DATA_HOME: path.join(toolsDir, '.xdg'),
    },
  }).trim();
  log(
    `code-server --version: ${
      version
        .split('\n')
        .filter((l) => l.includes('with Code'))
        .join(' ') || version
    }`,
  );
  writeFileSync(stamp, `${CODE_SERVER_VERSION}\n`);
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Makes sure Chromium, ripgrep and code-server are installed; returns the code-server entry path. */
export function ensureHost() {
  ensureAptPackages();
  ensureCodeServer();
  return codeServerEntry;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t = Date.now();
    ensureHost();
    log(`host ready (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } catch (err) {
    console.error(`[ensure-host] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

// Builds everything a user or a test runs: bundles the server, the CLI, the extension client and the
// real-host test suite with esbuild, then exports the JSON schemas from the language model.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // Prefer ES module builds: jsonc-parser's UMD build requires files esbuild cannot see.
  mainFields: ['module', 'main'],
  // yaml's ES module build (its package calls it the browser build; it runs on Node as is): bundled, its
  // functions are called directly. Through the CommonJS build every `isScalar` went through an export
  // getter, and a keystroke's validation of a 2,000-line buildspec cost a third more CPU.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

/**
 * The shell parser (mvdan-sh, 3 MB of generated JavaScript) is a bundle of its own beside the server's and
 * the CLI's, required when first needed: inside them, its text alone cost the server's start-up about
 * 150 ms of compiling before it could answer `initialize`.
 */
const shellParserApart = {
  name: 'shell-parser-apart',
  setup(build) {
    build.onResolve({ filter: /^mvdan-sh$/ }, () => ({ path: './mvdan-sh.js', external: true }));
  },
};

const entries = [
  {
    entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli.ts' },
    outdir: 'server/out',
    plugins: [shellParserApart],
  },
  { entryPoints: { 'mvdan-sh': 'node_modules/mvdan-sh/index.js' }, outdir: 'server/out', sourcemap: false },
  { entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'client/out', external: ['vscode'] },
  {
    entryPoints: { index: 'test/e2e/suite/index.ts' },
    outdir: 'test/e2e/out',
    external: ['vscode', 'mocha'],
  },
].filter((e) => Object.values(e.entryPoints).every((p) => existsSync(path.join(root, p))));

if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  execFileSync(
    process.execPath,
    [path.join(root, 'server/out/cli.js'), 'schema', '--out', path.join(root, 'schemas')],
    {
      stdio: 'inherit',
    },
  );
}

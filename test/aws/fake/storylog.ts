// What the sandbox story's storefront-api builds write to their logs, phase by phase: CodeBuild's own
// `[Container]` lines stamped across each phase's real span, and the tools' output coloured as they
// colour it (npm, ESLint, tsc, the Node test runner, Docker). A failed build fails in BUILD: the type
// check finds an error in examples/app/cart.mjs and a test of examples/app/cart.test.mjs fails, so the
// log's paths open the workspace's files and its errors land in Problems.
import type { FakeBuild } from './codebuild';
import { container } from './buildlog';

const E = '\x1b';
const green = (s: string) => `${E}[32m${s}${E}[39m`;
const red = (s: string) => `${E}[31m${s}${E}[39m`;
const yellow = (s: string) => `${E}[33m${s}${E}[39m`;
const blue = (s: string) => `${E}[34m${s}${E}[39m`;
const grey = (s: string) => `${E}[90m${s}${E}[39m`;
const bold = (s: string) => `${E}[1m${s}${E}[22m`;

export const STOREFRONT_REPO = 'github.com/acme/storefront-api';
/** The type error and the failing test a failed build reports (the files are in examples/app). */
export const TYPE_ERROR =
  "app/cart.mjs(40,26): error TS2345: Argument of type 'string | null' is not assignable to parameter of type 'number'.";
export const FAILING_TEST = 'applies the bulk discount from 10 items';

const npmScript = (script: string, command: string) => [
  '',
  `> storefront-api@2.4.0 ${script}`,
  `> ${command}`,
  '',
];

function testRun(srcDir: string, failed: boolean): string[] {
  const ok = (name: string, ms: string) => `  ${green('✔')} ${name} ${grey(`(${ms}ms)`)}`;
  const frame = (indent: string) =>
    `${indent}    at TestContext.<anonymous> ${grey(`(file://${srcDir}/app/`)}cart.test.mjs:27:12${grey(')')}`;
  const internal = (indent: string) => [
    `${indent}${grey('    at Test.runInAsyncScope (node:async_hooks:206:9)')}`,
    `${indent}${grey('    at Test.run (node:internal/test_runner/test:796:25)')}`,
  ];
  const failure = (indent: string) => [
    `${indent}AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:`,
    indent,
    `${indent}125 !== 112.5`,
    indent,
    frame(indent),
    ...internal(indent),
  ];
  const out = [
    ...npmScript('test', 'node --test app/'),
    `${bold('▶')} cart`,
    ok('adds a line for a new product', '2.7'),
    ok('adds to the line of the same product', '0.4'),
    failed ? `  ${red('✖')} ${FAILING_TEST} ${grey('(2.8ms)')}` : ok(FAILING_TEST, '0.3'),
    ...(failed ? failure('    ') : []),
    ok('totals every line', '0.4'),
    ok('refuses a quantity that is not a whole number', '0.6'),
    `${failed ? red('✖') : green('✔')} cart ${grey('(23.4ms)')}`,
    ...[
      ['tests', 5],
      ['suites', 1],
      ['pass', failed ? 4 : 5],
      ['fail', failed ? 1 : 0],
    ].map(([k, v]) => `${blue('ℹ')} ${k} ${v}`),
  ];
  if (failed) {
    out.push(
      '',
      `${red('✖ failing tests:')}`,
      '',
      'test at app/cart.test.mjs:24:3',
      `${red('✖')} ${FAILING_TEST} ${grey('(2.8ms)')}`,
      ...failure('  '),
    );
  }
  return out;
}

/** The BUILD phase's output: the type check, then the tests, both run (`run-s --continue-on-error`). */
function buildOutput(srcDir: string, failed: boolean): string[] {
  return [
    ...npmScript('ci', 'run-s --continue-on-error typecheck test'),
    ...npmScript('typecheck', 'tsc --noEmit --pretty false'),
    ...(failed ? [TYPE_ERROR, "  Type 'null' is not assignable to type 'number'."] : []),
    ...testRun(srcDir, failed),
    ...(failed
      ? [`${red('ERROR:')} "typecheck" exited with 2.`, `${red('ERROR:')} "test" exited with 1.`]
      : []),
  ];
}

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront-api';

/** The commands each phase runs and their output. */
function phaseBody(phase: string, srcDir: string, failed: boolean): { command?: string; out: string[] } {
  switch (phase) {
    case 'DOWNLOAD_SOURCE':
      return {
        out: [
          'Setting HTTP client timeout to higher timeout for Github and GitHub Enterprise sources',
          'Processing environment variables',
          "Selecting 'nodejs' runtime version '20' based on manual selections...",
          'Running on CodeBuild On-demand',
          `Moving to directory ${srcDir}`,
        ],
      };
    case 'INSTALL':
      return {
        command: 'npm ci --no-audit --no-fund',
        out: [
          `${E}[2mnpm${E}[22m ${yellow('warn')} deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported`,
          'added 286 packages in 6s',
        ],
      };
    case 'PRE_BUILD':
      return { command: 'npm run lint', out: npmScript('lint', 'eslint app/') };
    case 'BUILD':
      return { command: 'npm run ci', out: buildOutput(srcDir, failed) };
    case 'POST_BUILD':
      return failed
        ? {
            command: 'echo "Tests finished with status $CODEBUILD_BUILD_SUCCEEDING"',
            out: ['Tests finished with status 0'],
          }
        : {
            command: 'docker push "$IMAGE_URI"',
            out: [
              `The push refers to repository [${IMAGE}]`,
              `${E}[1A${E}[2K5f70bf18a086: Pushed${E}[1B`,
              `2.4.0: digest: sha256:9b2e41c7a05f3d8e6c1b7a4f2d0e9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281 size: 1786`,
            ],
          };
    case 'UPLOAD_ARTIFACTS':
      return { out: ['Expanding base directory path: .', 'Assembling file list', 'Found 2 file(s)'] };
    case 'FINALIZING':
      return {
        out: [
          'Set report auto-discover timeout to 5 seconds',
          'Report auto-discover file discovery took 0.04 seconds',
        ],
      };
    default:
      return { out: [] };
  }
}

/** The failing command, as CodeBuild names it in the BUILD phase's context. */
export const FAILED_COMMAND_CONTEXT = 'Error while executing command: npm run ci. Reason: exit status 1';

/**
 * The lines a storefront-api build writes for one phase that ran from `start` to `end`, followed by
 * CodeBuild's line for the phase that comes next (none after FINALIZING).
 */
export function storefrontPhaseLog(
  b: FakeBuild,
  phase: string,
  next: string,
  failed: boolean,
  start: Date,
  end: Date,
): string[] {
  const srcDir = `/codebuild/output/src${100 + ((b.buildNumber * 7919) % 9000)}/src/${STOREFRONT_REPO}`;
  const own: string[] = [];
  if (phase === 'PROVISIONING') own.push('Waiting for agent ping', 'Waiting for DOWNLOAD_SOURCE');
  if (phase === 'DOWNLOAD_SOURCE')
    own.push(`CODEBUILD_SRC_DIR=${srcDir}`, `YAML location is ${srcDir}/buildspec.yml`);
  // The BUILD phase fails; the phases after it still run, and say so.
  const buildFailed = b.buildStatus === 'FAILED';
  const { command, out } = phase === 'PROVISIONING' ? { out: [] } : phaseBody(phase, srcDir, buildFailed);
  const lines: string[] = [];
  // CodeBuild's lines are stamped through the phase, after the line that entered it (0.9 s in).
  const count = own.length + out.length + 5;
  const spanMicros = Math.max(1000, (end.getTime() - start.getTime() - 1000) * 1000);
  let i = 0;
  const stamp = (message: string) =>
    container(start, 1_000_000 + Math.floor((++i * spanMicros) / count), message);
  for (const line of own) lines.push(stamp(line));
  if (phase !== 'PROVISIONING') {
    if (command) lines.push(stamp(`Running command ${command}`));
    for (const line of out) {
      i++;
      lines.push(`${line}\n`);
    }
    if (failed) lines.push(stamp(`Command did not exit successfully ${command ?? ''} exit status 1`));
    lines.push(stamp(`Phase complete: ${phase} State: ${failed ? 'FAILED' : 'SUCCEEDED'}`));
    if (phase !== 'FINALIZING')
      lines.push(
        stamp(
          failed
            ? `Phase context status code: COMMAND_EXECUTION_ERROR Message: ${FAILED_COMMAND_CONTEXT}`
            : 'Phase context status code:  Message: ',
        ),
      );
  }
  if (next !== 'COMPLETED') {
    const verb = next === 'DOWNLOAD_SOURCE' ? 'Phase is' : 'Entering phase';
    lines.push(container(end, 900_000, `${verb} ${next}`));
  }
  return lines;
}

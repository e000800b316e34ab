// What a fake build writes to its log, phase by phase: CodeBuild's own `[Container]` lines stamped
// with the fake clock, and the tools' output (coloured as the tools colour it), as a real build does.
import type { FakeBuild } from './codebuild';

const E = '\x1b';
const SOURCE = 'github.com/acme/web-frontend';

/** `[Container] 2024/01/12 10:20:30.123456 message`: CodeBuild's own lines, stamped with the fake clock. */
export function container(t: Date, micros: number, message: string): string {
  const d = new Date(t.getTime() + Math.floor(micros / 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${p(micros % 1000, 3)}`;
  return `[Container] ${stamp} ${message}\n`;
}

/** The tools' own output of each phase, cycled to fill `n` lines (coloured as the tools colour it). */
const OUTPUT: Record<string, string[]> = {
  DOWNLOAD_SOURCE: [
    'Setting HTTP client timeout to higher timeout for Github and GitHub Enterprise sources',
    'Processing environment variables',
    "Selecting 'nodejs' runtime version '20' based on manual selections...",
    'Running on CodeBuild On-demand',
  ],
  INSTALL: [
    `${E}[2mnpm${E}[22m ${E}[33mwarn${E}[39m deprecated inflight@1.0.6: This module is not supported`,
    'Downloading node-v20.11.1 [=====     ] 50%\rDownloading node-v20.11.1 [==========] 100%',
    'added 412 packages, and audited 413 packages in 9s',
    `found ${E}[32m${E}[1m0${E}[22m${E}[39m vulnerabilities`,
  ],
  PRE_BUILD: [
    'Logging in to Amazon ECR in us-east-1',
    `${E}[33mWARNING!${E}[0m Your password will be stored unencrypted in /root/.docker/config.json.`,
    'Login Succeeded',
  ],
  BUILD: [
    '',
    `  ${E}[0m${E}[0mhealth check${E}[0m`,
    `  ${E}[32m  ✔${E}[0m${E}[90m answers 200 on /healthz${E}[0m${E}[33m (12ms)${E}[0m`,
    `  ${E}[32m  ✔${E}[0m${E}[90m answers 404 elsewhere${E}[0m`,
    `${E}[92m ${E}[0m${E}[32m 2 passing${E}[0m${E}[90m (45ms)${E}[0m`,
  ],
  POST_BUILD: [
    'The push refers to repository [123456789012.dkr.ecr.us-east-1.amazonaws.com/web-frontend]',
    `${E}[1A${E}[2K5f70bf18a086: Pushed${E}[1B`,
    'latest: digest: sha256:3c5f1e0a7d2b size: 1570',
  ],
  UPLOAD_ARTIFACTS: ['Expanding base directory path: .', 'Found 3 file(s)', 'Assembling file list'],
  FINALIZING: [
    'Set report auto-discover timeout to 5 seconds',
    'Report auto-discover file discovery took 0.05 seconds',
  ],
};

const COMMANDS: Record<string, string> = {
  INSTALL: 'npm ci --no-audit --no-fund',
  PRE_BUILD:
    'aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin',
  BUILD: 'npm test',
  POST_BUILD: 'docker push "$REPOSITORY_URI:$IMAGE_TAG"',
};

/** A failing BUILD: `make` runs ESLint, which finds an error in examples/app/server.mjs. */
function failingBuildOutput(srcDir: string): string[] {
  return [
    'npx eslint app',
    '',
    `${E}[4m${srcDir}/app/server.mjs${E}[24m`,
    `  ${E}[2m12:7${E}[22m  ${E}[31merror${E}[39m    'port' is assigned a value but never used  ${E}[2mno-unused-vars${E}[22m`,
    `  ${E}[2m14:1${E}[22m  ${E}[33mwarning${E}[39m  Unexpected console statement               ${E}[2mno-console${E}[22m`,
    '',
    `${E}[31m${E}[1m✖ 2 problems (1 error, 1 warning)${E}[22m${E}[39m`,
    '',
    'make: *** [Makefile:4: lint] Error 1',
  ];
}

/** The log lines one phase of a build writes: CodeBuild's own lines and the tools' output. */
export function phaseLog(b: FakeBuild, phase: string, failed: boolean, n: number, t: Date): string[] {
  const srcDir = `/codebuild/output/src${100 + ((b.buildNumber * 7919) % 9000)}/src/${SOURCE}`;
  const out: string[] = [];
  const own: string[] = [];
  if (phase === 'PROVISIONING') {
    own.push('Waiting for agent ping', 'Waiting for DOWNLOAD_SOURCE');
  } else if (phase === 'DOWNLOAD_SOURCE') {
    own.push(`CODEBUILD_SRC_DIR=${srcDir}`, `YAML location is ${srcDir}/buildspec.yml`);
  }
  const command = failed ? 'make' : COMMANDS[phase];
  const body = failed ? failingBuildOutput(srcDir) : (OUTPUT[phase] ?? []);
  const count = failed ? body.length : body.length ? n : 0;
  const lines = own.length + count + 6;
  const gap = Math.max(1, Math.floor(800_000 / lines));
  let i = 0;
  const stamp = (message: string) => container(t, ++i * gap, message);
  for (const line of own) out.push(stamp(line));
  if (phase === 'PROVISIONING') return out;
  if (command) out.push(stamp(`Running command ${command}`));
  for (let k = 0; k < count; k++) {
    i++;
    out.push(`${body[k % body.length]}\n`);
  }
  if (failed) out.push(stamp('Command did not exit successfully make exit status 2'));
  out.push(stamp(`Phase complete: ${phase} State: ${failed ? 'FAILED' : 'SUCCEEDED'}`));
  if (phase !== 'FINALIZING') {
    out.push(
      stamp(
        failed
          ? 'Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: make. Reason: exit status 2'
          : 'Phase context status code:  Message: ',
      ),
    );
  }
  return out;
}

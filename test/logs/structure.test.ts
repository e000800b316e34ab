/** CodeBuild's own lines read as phases, commands, results and durations, one line at a time. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogStructure, parseContainerLine, phaseSummary } from '../../client/src/logs/structure';

const LOG = [
  '[Container] 2024/01/12 10:20:25.001234 Waiting for agent ping',
  '[Container] 2024/01/12 10:20:26.101234 Waiting for DOWNLOAD_SOURCE',
  '[Container] 2024/01/12 10:20:27.201234 Phase is DOWNLOAD_SOURCE',
  '[Container] 2024/01/12 10:20:27.210000 CODEBUILD_SRC_DIR=/codebuild/output/src8/src/github.com/acme/web',
  '[Container] 2024/01/12 10:20:27.500000 Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED',
  '[Container] 2024/01/12 10:20:27.500100 Phase context status code:  Message: ',
  '[Container] 2024/01/12 10:20:27.600000 Entering phase INSTALL',
  '[Container] 2024/01/12 10:20:27.700000 Running command npm ci',
  'added 412 packages in 9s',
  '[Container] 2024/01/12 10:20:37.700000 Phase complete: INSTALL State: SUCCEEDED',
  '[Container] 2024/01/12 10:20:37.700100 Phase context status code:  Message: ',
  '[Container] 2024/01/12 10:20:37.800000 Entering phase BUILD',
  '[Container] 2024/01/12 10:20:37.900000 Running command npm run lint',
  '  12:9  error  boom',
  '[Container] 2024/01/12 10:21:40.900000 Command did not exit successfully npm run lint exit status 1',
  '[Container] 2024/01/12 10:21:41.000000 Phase complete: BUILD State: FAILED',
  '[Container] 2024/01/12 10:21:41.000100 Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: npm run lint. Reason: exit status 1',
  '[Container] 2024/01/12 10:21:41.100000 Entering phase POST_BUILD',
  'tail output',
];

function read(lines: string[]): LogStructure {
  const s = new LogStructure();
  lines.forEach((l, i) => s.addLine(i, l, 0));
  return s;
}

describe('CodeBuild log structure', () => {
  it('parses the [Container] stamp with microseconds as UTC', () => {
    const c = parseContainerLine('[Container] 2024/01/12 10:20:30.123456 Entering phase INSTALL');
    assert.equal(c?.message, 'Entering phase INSTALL');
    assert.equal(c?.time, Date.UTC(2024, 0, 12, 10, 20, 30) + 123.456);
    assert.equal(parseContainerLine('npm ERR! [Container] no'), undefined);
  });

  it('finds the phases with their lines, results, durations, commands and the failure context', () => {
    const s = read(LOG);
    assert.deepEqual(
      s.phases.map((p) => [p.name, p.startLine, p.endLine, p.completeLine, p.result]),
      [
        ['DOWNLOAD_SOURCE', 2, 5, 4, 'SUCCEEDED'],
        ['INSTALL', 6, 10, 9, 'SUCCEEDED'],
        ['BUILD', 11, 16, 15, 'FAILED'],
        ['POST_BUILD', 17, 18, undefined, undefined],
      ],
    );
    assert.deepEqual(s.phases.map(phaseSummary), [
      'DOWNLOAD_SOURCE · SUCCEEDED · 0.3s',
      'INSTALL · SUCCEEDED · 10s',
      'BUILD · FAILED · 1m 3s',
      'POST_BUILD · running',
    ]);
    const build = s.phases[2];
    assert.deepEqual(build.commands, [{ line: 12, command: 'npm run lint', exitStatus: 1 }]);
    assert.deepEqual(build.context, {
      code: 'COMMAND_EXECUTION_ERROR',
      message: 'Error while executing command: npm run lint. Reason: exit status 1',
      line: 16,
    });
    assert.equal(s.phases[1].context, undefined, 'an empty status code is no error');
    assert.equal(s.failedPhase()?.name, 'BUILD');
    assert.equal(s.sourceDir, '/codebuild/output/src8/src/github.com/acme/web');
    assert.equal(s.current?.name, 'POST_BUILD');
  });

  it('is incremental: the open phase grows as lines arrive and closes when the next starts', () => {
    const s = new LogStructure();
    LOG.slice(0, 9).forEach((l, i) => s.addLine(i, l));
    assert.equal(s.phases.at(-1)?.name, 'INSTALL');
    assert.equal(s.phases.at(-1)?.endLine, 8);
    LOG.slice(9, 13).forEach((l, i) => s.addLine(9 + i, l));
    assert.equal(s.phases[1].endLine, 10);
    assert.equal(s.phases[2].endLine, 12);
    assert.equal(s.lineCount, 13);
  });

  it('a phase completed without an announced start still gets a range', () => {
    const s = read(['[Container] 2024/01/12 10:00:00.000 Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED']);
    assert.deepEqual(
      s.phases.map((p) => [p.name, p.startLine, p.result]),
      [['UPLOAD_ARTIFACTS', 0, 'SUCCEEDED']],
    );
  });
});

describe('[Container] lines the build itself prints', () => {
  const at = (s: number, msg: string) =>
    `[Container] 2024/01/12 10:20:${String(s).padStart(2, '0')}.000000 ${msg}`;

  it('an old log replayed during BUILD does not change the outline', () => {
    const s = read([
      at(1, 'Phase is DOWNLOAD_SOURCE'),
      at(2, 'Phase complete: DOWNLOAD_SOURCE State: SUCCEEDED'),
      at(3, 'Entering phase BUILD'),
      at(4, 'Running command cat old-build.log'),
      at(5, 'Phase is DOWNLOAD_SOURCE'),
      at(6, 'Entering phase INSTALL'),
      at(7, 'Phase complete: INSTALL State: FAILED'),
      at(8, 'Phase context status code: FAKE Message: not from the agent'),
      at(9, 'Entering phase BUILD'),
      at(10, 'Phase complete: BUILD State: FAILED'),
      at(11, 'Phase context status code: COMMAND_EXECUTION_ERROR Message: exit status 1'),
    ]);
    assert.deepEqual(
      s.phases.map((p) => [p.name, p.startLine, p.endLine, p.result]),
      [
        ['DOWNLOAD_SOURCE', 0, 1, 'SUCCEEDED'],
        ['BUILD', 2, 10, 'FAILED'],
      ],
    );
    assert.equal(s.phases[1].completeLine, 9);
    assert.equal(s.phases[1].context?.code, 'COMMAND_EXECUTION_ERROR');
    assert.equal(s.phases[1].commands.length, 1);
  });

  it('nothing after the last phase is trusted, except its context line', () => {
    const s = read([
      at(1, 'Entering phase BUILD'),
      at(2, 'Phase complete: BUILD State: SUCCEEDED'),
      at(3, 'Entering phase FINALIZING'),
      at(4, 'Phase complete: FINALIZING State: SUCCEEDED'),
      at(5, 'Phase context status code: X Message: y'),
      at(6, 'Entering phase COMPLETED'),
      at(7, 'Phase complete: COMPLETED State: FAILED'),
      at(8, 'Running command evil'),
    ]);
    assert.deepEqual(
      s.phases.map((p) => [p.name, p.result]),
      [
        ['BUILD', 'SUCCEEDED'],
        ['FINALIZING', 'SUCCEEDED'],
      ],
    );
    assert.equal(s.phases[1].context?.line, 4);
    assert.equal(s.phases[1].endLine, 7, 'the last phase still spans the rest of the log');
    assert.equal(s.failedPhase(), undefined);
  });

  it('unknown phases, transitions stamped long before the last one, and late contexts are ignored', () => {
    const s = read([
      at(30, 'Entering phase INSTALL'),
      at(31, 'Entering phase DEPLOY_TO_PROD'),
      '[Container] 2024/01/12 09:00:00.000000 Entering phase BUILD',
      at(32, 'Phase complete: INSTALL State: SUCCEEDED'),
      at(33, 'Running command make'),
      at(34, 'Phase context status code: LATE Message: not right after Phase complete'),
    ]);
    assert.deepEqual(
      s.phases.map((p) => [p.name, p.result, p.context]),
      [['INSTALL', 'SUCCEEDED', undefined]],
    );
  });

  it('a phase completed twice keeps the agent’s word, which comes last', () => {
    const s = read([
      at(1, 'Entering phase BUILD'),
      at(2, 'Phase complete: BUILD State: SUCCEEDED'),
      at(3, 'Phase complete: BUILD State: FAILED'),
      at(4, 'Phase context status code: COMMAND_EXECUTION_ERROR Message: exit status 2'),
    ]);
    assert.equal(s.phases[0].result, 'FAILED');
    assert.equal(s.phases[0].completeLine, 2);
    assert.equal(s.phases[0].context?.code, 'COMMAND_EXECUTION_ERROR');
  });

  it('the source directory is read only before the buildspec’s commands run', () => {
    const s = read([
      at(1, 'Phase is DOWNLOAD_SOURCE'),
      at(2, 'Entering phase INSTALL'),
      at(3, 'CODEBUILD_SRC_DIR=/evil/dir'),
    ]);
    assert.equal(s.sourceDir, undefined);
  });
});

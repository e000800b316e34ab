/** The buildspec's phases: their commands, failure handling and runtime versions. */
import { REF } from './buildspecCommon';
import { RUNTIMES } from './runtimes';
import {
  int,
  map,
  oneOf,
  seq,
  str,
  union,
  withRole,
  type KeySpec,
  type MapSpec,
  type StructureRole,
} from './types';

const command = str({ role: 'command' });
const commands = (doc: string, role: StructureRole): KeySpec => ({
  spec: withRole(seq(command, true, 'empty-commands'), role),
  doc,
  url: `${REF}#build-spec.phases`,
});

const ON_FAILURE = oneOf(
  [
    { value: 'ABORT', doc: 'Abort the build when a command in this phase fails.' },
    { value: 'CONTINUE', doc: 'Go on to the next phase when a command in this phase fails.' },
    {
      value: 'RETRY',
      doc: 'Retry the phase up to 3 times on any failure (on-demand EC2 compute only: not on Lambda compute or reserved-capacity fleets).',
    },
    {
      value: 'RETRY-<count>',
      doc: 'Retry the phase up to `count` times (0 to 100).',
      snippet: 'RETRY-${1:3}',
    },
    {
      value: 'RETRY-<count>-<regex>',
      doc: 'Retry up to `count` times, only for failures matching `regex`.',
      snippet: 'RETRY-${1:3}-${2:regex}',
    },
  ],
  'error',
  { accept: /^RETRY(-(100|[1-9]?\d))?(-.+)?$|^RETRY-.+$/ },
);

const runtimeVersions: MapSpec = withRole(
  map(
    Object.fromEntries(
      Object.entries(RUNTIMES).map(([name, doc]): [string, KeySpec] => [
        name,
        { spec: union(str({ role: 'runtimeVersion' }), int(), { kind: 'scalar', type: 'number' }), doc },
      ]),
    ),
    { unknownKeyCode: 'unknown-runtime' },
  ),
  'runtimeVersions',
);

type PhaseRole = 'phase' | 'installPhase' | 'runnerPhase';

const phase = (name: string, doc: string, role: PhaseRole = 'phase'): KeySpec => ({
  doc,
  url: `${REF}#build-spec.phases`,
  spec: withRole(
    map(
      {
        'run-as': {
          spec: str(),
          doc: 'Linux user that runs the commands of this phase; overrides the top-level `run-as`. Linux only.',
          url: `${REF}#build-spec.phases.run-as`,
        },
        // RETRY on EC2 on-demand compute only: BUILDSPEC_REFERENCE §4 (on-failure row) and §12.
        'on-failure': {
          spec: ON_FAILURE,
          doc: 'What to do when a command of this phase fails: `ABORT`, `CONTINUE`, or retry with `RETRY`, `RETRY-<count>`, `RETRY-<regex>`, `RETRY-<count>-<regex>`. Without it, the normal phase transitions apply. The `RETRY` forms are not available on Lambda compute or on reserved-capacity fleets.',
          url: `${REF}#build-spec.phases.on-failure`,
        },
        ...(role === 'installPhase'
          ? {
              'runtime-versions': {
                spec: runtimeVersions,
                // Windows and macOS tables: docs/knowledge.md.
                doc: 'Runtimes to select on images that support it (Ubuntu standard 5.0+, Amazon Linux standard 4.0+); the runtime tables of the guide also list the Lambda, Windows Server Core 2019 and macOS images. Each value is an exact version (`3.12`, `corretto21`), a major with `.x` (`20.x`), `latest`, or an environment variable. Only the listed runtimes are used.',
                url: `${REF}#runtime-versions-buildspec-file`,
              },
            }
          : {}),
        commands: commands(
          role === 'installPhase'
            ? 'Commands run in order during the install phase, e.g. installing tools. Optional in `install`.'
            : `Commands run in order during the ${name} phase. Required when the phase is present.`,
          'phaseCommands',
        ),
        finally: commands(
          'Commands that run after `commands`, even if one of them failed. The phase succeeds only if every command in both blocks succeeded.',
          'phaseFinally',
        ),
      },
      {
        misplaced:
          role === 'installPhase'
            ? {}
            : {
                'runtime-versions': {
                  code: 'runtime-versions-outside-install',
                  message: '`runtime-versions` is only allowed in the `install` phase',
                },
              },
      },
    ),
    // The install phase alone may have no commands (it can only select runtimes); a runner takes build.
    role,
  ),
  required: false,
});

const PHASES: MapSpec = map(
  {
    install: phase(
      'install',
      'Commands that install packages and select runtimes. Runs first.',
      'installPhase',
    ),
    pre_build: phase(
      'pre_build',
      'Commands run before the build, e.g. signing in to Amazon ECR or installing dependencies.',
    ),
    // Runner projects: docs/knowledge.md, "Runner projects".
    build: phase(
      'build',
      'Commands run during the build. In a CodeBuild-hosted GitHub Actions or Buildkite runner project these commands are not run: the runner itself runs in this phase, and only install, pre_build and post_build run (with `buildspec-override:true`). Mark such a file with `# codebuild-runner: github-actions` or `# codebuild-runner: buildkite` to be warned.',
      'runnerPhase',
    ),
    post_build: phase(
      'post_build',
      'Commands run after the build, e.g. pushing an image or sending a notification.',
    ),
  },
  { unknownKeyCode: 'unknown-phase' },
);

export { PHASES };

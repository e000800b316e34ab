/**
 * The CodeBuild buildspec, versions 0.2 and 0.1, as one declarative model (BUILDSPEC_REFERENCE.md).
 */
import { RUNTIMES } from './runtimes';
import { bool, int, map, oneOf, seq, str, union, type KeySpec, type MapSpec, type Spec } from './types';

const REF = 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html';
const BATCH = 'https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html';
const ENV_TYPES_URL =
  'https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html';

export const BUILDSPEC_VERSIONS = ['0.2', '0.1'] as const;

const yesNo = (doc: string, dflt = 'no'): KeySpec => ({ spec: bool(true), doc, default: dflt });

const command = str({ role: 'command' });
const commands = (doc: string): KeySpec => ({
  spec: seq(command, true, 'empty-commands'),
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

const runtimeVersions: MapSpec = map(
  Object.fromEntries(
    Object.entries(RUNTIMES).map(([name, doc]): [string, KeySpec] => [
      name,
      { spec: union(str({ role: 'runtimeVersion' }), int(), { kind: 'scalar', type: 'number' }), doc },
    ]),
  ),
  { unknownKeyCode: 'unknown-runtime' },
);

const phase = (name: string, doc: string, install = false): KeySpec => ({
  doc,
  url: `${REF}#build-spec.phases`,
  spec: map(
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
      ...(install
        ? {
            'runtime-versions': {
              spec: runtimeVersions,
              doc: 'Runtimes to select on images that support it (Ubuntu standard 5.0+, Amazon Linux standard 4.0+). Each value is an exact version (`3.12`, `corretto21`), a major with `.x` (`20.x`), `latest`, or an environment variable. Only the listed runtimes are used.',
              url: `${REF}#runtime-versions-buildspec-file`,
            },
          }
        : {}),
      commands: commands(
        install
          ? 'Commands run in order during the install phase, e.g. installing tools. Optional in `install`.'
          : `Commands run in order during the ${name} phase. Required when the phase is present.`,
      ),
      finally: commands(
        'Commands that run after `commands`, even if one of them failed. The phase succeeds only if every command in both blocks succeeded.',
      ),
    },
    {
      misplaced: install
        ? {}
        : {
            'runtime-versions': {
              code: 'runtime-versions-outside-install',
              message: '`runtime-versions` is only allowed in the `install` phase',
            },
          },
    },
  ),
  required: false,
});

const PHASES: MapSpec = map(
  {
    install: phase('install', 'Commands that install packages and select runtimes. Runs first.', true),
    pre_build: phase(
      'pre_build',
      'Commands run before the build, e.g. signing in to Amazon ECR or installing dependencies.',
    ),
    build: phase('build', 'Commands run during the build.'),
    post_build: phase(
      'post_build',
      'Commands run after the build, e.g. pushing an image or sending a notification.',
    ),
  },
  { unknownKeyCode: 'unknown-phase' },
);

const REPORT_FORMATS = [
  { value: 'JUNITXML', doc: 'Test report: JUnit XML (the default).' },
  { value: 'CUCUMBERJSON', doc: 'Test report: Cucumber JSON.' },
  { value: 'NUNITXML', doc: 'Test report: NUnit XML (v2).' },
  { value: 'NUNIT3XML', doc: 'Test report: NUnit 3 XML.' },
  { value: 'TESTNGXML', doc: 'Test report: TestNG XML.' },
  { value: 'VISUALSTUDIOTRX', doc: 'Test report: Visual Studio TRX.' },
  { value: 'CLOVERXML', doc: 'Code coverage: Clover XML.' },
  { value: 'COBERTURAXML', doc: 'Code coverage: Cobertura XML.' },
  { value: 'JACOCOXML', doc: 'Code coverage: JaCoCo XML.' },
  { value: 'SIMPLECOV', doc: 'Code coverage: SimpleCov JSON (from simplecov, not simplecov-json).' },
];

const REPORT_GROUP: MapSpec = map({
  files: {
    spec: seq(str(), true),
    doc: 'Report files to upload, as paths or globs relative to the source root or `base-directory` (`**/*`, `reports/*.xml`).',
    required: true,
    url: `${REF}#reports-buildspec-file`,
  },
  'base-directory': { spec: str(), doc: 'Directory in which the report files are looked for.' },
  'discard-paths': yesNo('`yes` flattens the directory structure of the report files.'),
  'file-format': {
    spec: oneOf(REPORT_FORMATS, 'error', { caseInsensitive: true }),
    doc: 'Format of the report files (case-insensitive).',
    default: 'JUNITXML',
    url: `${REF}#reports-buildspec-file`,
  },
});

const artifactKeys = (secondary: boolean): Record<string, KeySpec> => ({
  files: {
    spec: seq(str(), true),
    doc: 'Build output files, as paths or globs relative to the source root or `base-directory` (`**/*`, `target/app.jar`). Required whenever `artifacts` is present.',
    required: true,
    url: `${REF}#build-spec.artifacts.files`,
  },
  name: {
    spec: str(),
    doc: 'Artifact name. Evaluated with shell syntax at build time (`$(date +%Y-%m-%d)`, `$CODEBUILD_BUILD_NUMBER`); may contain `/`. Used only when the project allows overriding the artifact name.',
    url: `${REF}#build-spec.artifacts.name`,
  },
  'discard-paths': yesNo('`yes` flattens the output: files are stored without their directories.'),
  'base-directory': {
    spec: str(),
    doc: 'One directory (or a `dir*` pattern) whose contents become the artifact; the directory itself is not included.',
  },
  'exclude-paths': {
    spec: union(seq(str()), str()),
    doc: 'Paths, relative to `base-directory`, to leave out. `*` matches within a path component, `**` across directories.',
  },
  'enable-symlinks': yesNo('ZIP artifacts only: keep symbolic links inside the archive.'),
  's3-prefix': {
    spec: str(),
    doc: 'With namespace type `BUILD_ID`: the S3 key becomes `<s3-prefix>/<build-id>/<name>.zip`.',
  },
  ...(secondary
    ? {}
    : {
        'secondary-artifacts': {
          spec: map(
            {},
            {
              additional: {
                label: 'artifactIdentifier',
                spec: map(artifactKeys(true)),
                doc: 'A secondary artifact; the name must match an `artifactIdentifier` of the project.',
              },
            },
          ),
          doc: "Secondary artifacts, keyed by the `artifactIdentifier` of the project's secondary artifacts. Each takes the same keys as `artifacts`.",
          url: `${REF}#build-spec.artifacts.secondary-artifacts`,
        },
        type: {
          spec: str(),
          doc: 'Version 0.1 artifact packaging (`zip`).',
          versions: ['0.1'],
        },
      }),
});

// The CodeBuild API's ComputeType and EnvironmentType enums (test/knowledge checks them against the SDK).
const COMPUTE_TYPES = [
  'BUILD_GENERAL1_SMALL',
  'BUILD_GENERAL1_MEDIUM',
  'BUILD_GENERAL1_LARGE',
  'BUILD_GENERAL1_XLARGE',
  'BUILD_GENERAL1_2XLARGE',
  'BUILD_LAMBDA_1GB',
  'BUILD_LAMBDA_2GB',
  'BUILD_LAMBDA_4GB',
  'BUILD_LAMBDA_8GB',
  'BUILD_LAMBDA_10GB',
  'ATTRIBUTE_BASED_COMPUTE',
  'CUSTOM_INSTANCE_TYPE',
];
const ENV_TYPES = [
  'LINUX_CONTAINER',
  'LINUX_GPU_CONTAINER',
  'ARM_CONTAINER',
  'WINDOWS_CONTAINER',
  'WINDOWS_SERVER_2019_CONTAINER',
  'WINDOWS_SERVER_2022_CONTAINER',
  'LINUX_LAMBDA_CONTAINER',
  'ARM_LAMBDA_CONTAINER',
  'MAC_ARM',
  'LINUX_EC2',
  'ARM_EC2',
  'WINDOWS_EC2',
];

const variablesMap = (doc: string): MapSpec =>
  map(
    {},
    {
      additional: {
        label: 'NAME',
        spec: union(str({ role: 'envValue' }), int(), { kind: 'scalar', type: 'any' }),
        doc,
      },
    },
  );

const batchEnv = (matrix: boolean): KeySpec => {
  const list = (s: Spec): Spec => (matrix ? seq(s, true) : s);
  return {
    doc: 'Build environment overrides for the generated builds.',
    url: BATCH,
    spec: map({
      'compute-type': {
        spec: list(oneOf(COMPUTE_TYPES, 'warning')),
        doc: 'Compute type of the build, e.g. `BUILD_GENERAL1_SMALL`.',
        url: ENV_TYPES_URL,
      },
      fleet: { spec: list(str()), doc: 'Reserved-capacity fleet to run on.' },
      image: { spec: list(str()), doc: 'Image of the build, e.g. `aws/codebuild/standard:7.0`.' },
      'privileged-mode': {
        spec: bool(),
        doc: 'Run the build container privileged (needed to run Docker).',
        default: 'false',
      },
      type: {
        spec: list(oneOf(ENV_TYPES, 'warning')),
        doc: 'Environment type, e.g. `LINUX_CONTAINER`.',
        url: ENV_TYPES_URL,
      },
      variables: {
        spec: matrix
          ? map(
              {},
              {
                additional: {
                  label: 'NAME',
                  spec: seq(str(), true),
                  doc: 'Values of this variable; one build each.',
                },
              },
            )
          : variablesMap('Value of the variable in this build.'),
        doc: matrix
          ? 'Variables, each with a list of values; each value multiplies the builds.'
          : 'Environment variables of this build.',
      },
    }),
  };
};

const task = (graph: boolean): MapSpec =>
  map(
    {
      identifier: {
        spec: str({ role: 'taskId' }),
        doc: 'Identifier of this build task, unique in the batch. Available to the build as `CODEBUILD_BATCH_BUILD_IDENTIFIER`.',
        required: true,
      },
      buildspec: {
        spec: str({ role: 'buildspecPath' }),
        doc: 'Buildspec of this task, relative to the source root. Defaults to the current buildspec.',
      },
      'debug-session': {
        spec: bool(),
        doc: 'Enable Session Manager debugging (`codebuild-breakpoint`) for this build.',
      },
      ...(graph
        ? {
            'depend-on': {
              spec: seq(str({ role: 'taskRef' }), true),
              doc: 'Identifiers of the tasks that must finish before this one starts.',
            },
          }
        : {}),
      env: batchEnv(false),
      'ignore-failure': {
        spec: bool(),
        doc: '`true` lets the batch succeed even if this task fails.',
        default: 'false',
      },
    },
    graph
      ? {}
      : {
          misplaced: {
            'depend-on': {
              code: 'unknown-key',
              message: '`depend-on` only works in `build-graph` tasks; `build-list` tasks run in parallel',
            },
          },
        },
  );

const BATCH_SPEC: MapSpec = map({
  'fast-fail': {
    spec: bool(),
    doc: '`true` stops every running build as soon as one task fails; `false` lets running builds finish.',
    default: 'false',
    url: BATCH,
  },
  'build-list': {
    spec: seq(task(false)),
    doc: 'Build tasks that run in parallel.',
    url: `${BATCH}#build-spec.batch.build-list`,
  },
  'build-graph': {
    spec: seq(task(true)),
    doc: 'Build tasks with dependencies (`depend-on`): a task starts when the tasks it depends on have finished.',
    url: `${BATCH}#build-spec.batch.build-graph`,
  },
  'build-matrix': {
    doc: 'A matrix of builds: every combination of the `dynamic` values, each with the `static` settings.',
    url: `${BATCH}#build-spec.batch.build-matrix`,
    spec: map({
      static: {
        doc: 'Settings applied to every generated build.',
        spec: map({
          'ignore-failure': {
            spec: bool(),
            doc: '`true` lets the batch succeed even if a build fails.',
            default: 'false',
          },
          env: batchEnv(false),
        }),
      },
      dynamic: {
        doc: 'Lists of values; each combination is one build.',
        spec: map({
          buildspec: {
            spec: seq(str({ role: 'buildspecPath' }), true),
            doc: 'Buildspec files, one build each.',
          },
          env: batchEnv(true),
        }),
      },
    }),
  },
  'build-fanout': {
    doc: 'Parallel test sharding: `parallelism` identical builds share the tests (`codebuild-tests-run`).',
    url: 'https://docs.aws.amazon.com/codebuild/latest/userguide/parallel-test-enable.html',
    spec: map({
      parallelism: { spec: int(), doc: 'Number of builds that share the tests.', required: true },
      'ignore-failure': {
        spec: bool(),
        doc: '`true` lets the batch succeed even if a build fails.',
        default: 'false',
      },
    }),
  },
});

const ENV_SPEC: MapSpec = map(
  {
    shell: {
      spec: oneOf(
        [
          { value: 'bash', doc: 'Linux: GNU bash.' },
          { value: '/bin/sh', doc: 'Linux: the POSIX shell.' },
          { value: 'powershell.exe', doc: 'Windows: Windows PowerShell.' },
          { value: 'cmd.exe', doc: 'Windows: the command prompt.' },
        ],
        'warning',
        { role: 'shell' },
      ),
      doc: 'Shell that runs the commands. Linux: `bash` or `/bin/sh`; Windows: `powershell.exe` or `cmd.exe`.',
      url: `${REF}#build-spec.env.shell`,
    },
    variables: {
      spec: variablesMap(
        'Plain-text value of the variable. It replaces a variable of the same name in the image; `$VAR` is not expanded here.',
      ),
      doc: 'Plain-text environment variables. Use `parameter-store` or `secrets-manager` for secrets.',
      url: `${REF}#build-spec.env.variables`,
    },
    'parameter-store': {
      spec: map(
        {},
        {
          additional: {
            label: 'NAME',
            spec: str(),
            doc: 'Name of the Systems Manager Parameter Store parameter, e.g. `/CodeBuild/dockerLoginPassword`.',
          },
        },
      ),
      doc: 'Variables read from Systems Manager Parameter Store (the service role needs `ssm:GetParameters`).',
      url: `${REF}#build-spec.env.parameter-store`,
    },
    'secrets-manager': {
      spec: map(
        {},
        {
          additional: {
            label: 'NAME',
            spec: str({ role: 'secretRef' }),
            doc: 'Reference `secret-id:json-key:version-stage:version-id`; only `secret-id` is required.',
          },
        },
      ),
      doc: 'Variables read from Secrets Manager, as `secret-id:json-key:version-stage:version-id` (secret name or ARN; the rest optional).',
      url: `${REF}#build-spec.env.secrets-manager`,
    },
    'exported-variables': {
      spec: seq(str({ role: 'envName' }), true),
      doc: 'Variables exported to later CodePipeline actions. Names starting with `AWS_` cannot be exported.',
      url: `${REF}#build-spec.env.exported-variables`,
    },
    'git-credential-helper': yesNo(
      "`yes` uses CodeBuild's Git credential helper (not for webhook builds of public repositories).",
    ),
  },
  {
    misplaced: {
      'compute-type': {
        code: 'unknown-key',
        message:
          '`compute-type` is a batch build setting (`batch.build-*.env.compute-type`); set the compute type on the project instead',
      },
    },
  },
);

const rootKeys: Record<string, KeySpec> = {
  version: {
    spec: oneOf(
      [
        { value: '0.2', doc: 'The current buildspec version.' },
        { value: '0.1', doc: 'The first version: each command runs in its own shell. Not recommended.' },
      ],
      'error',
      { invalidCode: 'invalid-version' },
    ),
    doc: 'Buildspec version. Use `0.2`: with it all commands share one shell, so `cd` and `export` carry over.',
    required: true,
    missingCode: 'missing-version',
    url: `${REF}#build-spec.version`,
  },
  'run-as': {
    spec: str(),
    doc: 'Linux user that runs every command (phase-level `run-as` overrides it). Without it commands run as root.',
    url: `${REF}#build-spec.run-as`,
    versions: ['0.2'],
  },
  env: {
    spec: ENV_SPEC,
    doc: 'Environment variables and shell for the build.',
    url: `${REF}#build-spec.env`,
    versions: ['0.2'],
  },
  environment_variables: {
    doc: 'Version 0.1 environment variables; version 0.2 uses `env.variables`.',
    versions: ['0.1'],
    spec: map({
      plaintext: { spec: variablesMap('Value of the variable.'), doc: 'Plain-text environment variables.' },
    }),
  },
  proxy: {
    doc: 'Settings for builds behind an explicit proxy server.',
    url: `${REF}#build-spec.proxy`,
    versions: ['0.2'],
    spec: map({
      'upload-artifacts': yesNo('`yes` uploads artifacts through the proxy.'),
      logs: yesNo('`yes` creates CloudWatch logs through the proxy.'),
    }),
  },
  batch: {
    spec: BATCH_SPEC,
    doc: 'Batch build: how the child builds of a batch are generated (list, graph, matrix or fanout).',
    url: BATCH,
    versions: ['0.2'],
  },
  phases: {
    spec: PHASES,
    doc: 'The commands of each build phase. They always run in the order `install`, `pre_build`, `build`, `post_build`.',
    // Documented as required, yet real buildspecs with only `artifacts` run.
    required: 'recommended',
    requiredUnless: 'batch',
    url: `${REF}#build-spec.phases`,
  },
  reports: {
    spec: map(
      {},
      {
        additional: {
          label: 'report-group',
          spec: REPORT_GROUP,
          doc: "A report group: an existing group's ARN, or a name that becomes `<project>-<name>`.",
        },
      },
    ),
    doc: 'Test and code coverage reports, keyed by report group name or ARN (at most five groups per project).',
    url: `${REF}#reports-buildspec-file`,
    versions: ['0.2'],
  },
  artifacts: {
    spec: map(artifactKeys(false), {}),
    doc: 'Where to find the build output and how to package it.',
    url: `${REF}#build-spec.artifacts`,
  },
  cache: {
    doc: 'Files to cache between builds (the project must have a cache configured).',
    url: `${REF}#build-spec.cache`,
    versions: ['0.2'],
    spec: map({
      paths: { spec: seq(str(), true), doc: 'Paths to cache, e.g. `/root/.m2/**/*`.', required: true },
      key: {
        spec: str(),
        doc: 'S3 cache key; may embed commands, e.g. `npm-$(codebuild-hash-files package-lock.json)`.',
      },
      'fallback-keys': { spec: seq(str(), true), doc: 'Up to five key prefixes tried when `key` misses.' },
      action: {
        spec: oneOf(
          [
            { value: 'restore', doc: 'Only restore the cache.' },
            { value: 'save', doc: 'Only save the cache.' },
          ],
          'error',
        ),
        doc: 'Only `restore` or only `save` the cache; both when absent.',
      },
    }),
  },
};

/** The root of a buildspec of the given version. */
export const BUILDSPEC_ROOT: MapSpec = map(rootKeys, {
  misplaced: {
    'build-matrix': { code: 'unknown-key', message: '`build-matrix` belongs under `batch`' },
    'build-list': { code: 'unknown-key', message: '`build-list` belongs under `batch`' },
    'build-graph': { code: 'unknown-key', message: '`build-graph` belongs under `batch`' },
    install: { code: 'unknown-key', message: 'phases belong under `phases`' },
    pre_build: { code: 'unknown-key', message: 'phases belong under `phases`' },
    build: { code: 'unknown-key', message: 'phases belong under `phases`' },
    post_build: { code: 'unknown-key', message: 'phases belong under `phases`' },
  },
});

export { COMPUTE_TYPES, ENV_TYPES };

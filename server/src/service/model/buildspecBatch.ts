/** Batch builds: build lists, graphs, matrices and fanouts, with their environment overrides. */
import { BATCH_REF as BATCH } from './buildspecCommon';
import { variablesMap } from './buildspecEnv';
import { bool, int, map, oneOf, seq, str, withRole, type KeySpec, type MapSpec, type Spec } from './types';

const ENV_TYPES_URL =
  'https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html';

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
        spec: { ...bool(), role: 'privilegedMode' },
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
  withRole(
    map(
      {
        identifier: {
          spec: str({ role: 'taskId' }),
          namesItem: true,
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
    ),
    'batchTask',
  );

const BATCH_SPEC: MapSpec = withRole(
  map({
    'fast-fail': {
      spec: bool(),
      doc: '`true` stops every running build as soon as one task fails; `false` lets running builds finish.',
      default: 'false',
      url: BATCH,
    },
    'build-list': {
      spec: withRole(seq(task(false)), 'batchKind'),
      doc: 'Build tasks that run in parallel.',
      url: `${BATCH}#build-spec.batch.build-list`,
    },
    'build-graph': {
      spec: withRole(seq(task(true)), 'batchKind'),
      doc: 'Build tasks with dependencies (`depend-on`): a task starts when the tasks it depends on have finished.',
      url: `${BATCH}#build-spec.batch.build-graph`,
    },
    'build-matrix': {
      doc: 'A matrix of builds: every combination of the `dynamic` values, each with the `static` settings.',
      url: `${BATCH}#build-spec.batch.build-matrix`,
      spec: withRole(
        map({
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
        'batchKind',
      ),
    },
    'build-fanout': {
      doc: 'Parallel test sharding: `parallelism` identical builds share the tests (`codebuild-tests-run`).',
      url: 'https://docs.aws.amazon.com/codebuild/latest/userguide/parallel-test-enable.html',
      spec: withRole(
        map({
          parallelism: { spec: int(), doc: 'Number of builds that share the tests.', required: true },
          'ignore-failure': {
            spec: bool(),
            doc: '`true` lets the batch succeed even if a build fails.',
            default: 'false',
          },
        }),
        'batchKind',
      ),
    },
  }),
  'batch',
);

export { BATCH_SPEC, COMPUTE_TYPES, ENV_TYPES };

/**
 * The CodeBuild buildspec, versions 0.2 and 0.1, as one declarative model (BUILDSPEC_REFERENCE.md).
 */
import { BATCH_SPEC } from './buildspecBatch';
import { BATCH_REF as BATCH, REF, yesNo } from './buildspecCommon';
import { ENV_SPEC, variablesMap } from './buildspecEnv';
import { artifactKeys, REPORT_GROUP } from './buildspecOutputs';
import { PHASES } from './buildspecPhases';
import { map, oneOf, seq, str, withRole, type KeySpec, type MapSpec } from './types';

export const BUILDSPEC_VERSIONS = ['0.2', '0.1'] as const;

const rootKeys: Record<string, KeySpec> = {
  version: {
    spec: oneOf(
      [
        { value: '0.2', doc: 'The current buildspec version.' },
        { value: '0.1', doc: 'The first version: each command runs in its own shell. Not recommended.' },
      ],
      'error',
      { invalidCode: 'invalid-version', role: 'version' },
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
    spec: withRole(
      map(
        {},
        {
          additional: {
            label: 'report-group',
            spec: REPORT_GROUP,
            doc: "A report group: an existing group's ARN, or a name that becomes `<project>-<name>`.",
          },
        },
      ),
      'reports',
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

export { COMPUTE_TYPES, ENV_TYPES } from './buildspecBatch';

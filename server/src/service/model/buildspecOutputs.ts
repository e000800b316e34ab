/** What a build leaves behind: artifacts and test reports. */
import { REF, yesNo } from './buildspecCommon';
import { map, oneOf, seq, str, union, type KeySpec, type MapSpec } from './types';

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

export { artifactKeys, REPORT_GROUP };

/** Buildspec rules beyond the model: versions, runtimes, variables and phases. */
import { isMap, isScalar, type Scalar } from 'yaml';
import { pinnedImage, type BuildspecOptions } from '../facts/image';
import { documentRoles } from '../facts/roles';
import type { Reporter } from '../findings';
import type { DocumentRoles } from '../model/roles';
import {
  candidateImages,
  findImage,
  isKnownVersion,
  PLATFORM_IMAGES,
  RUNTIMES,
  versionsOf,
  type ImageRuntimes,
} from '../model/runtimes';
import { entries, hasMergeKey, isNullish, isPlain, items, scalarText } from '../yamlUtil';
import { checkBatch } from './batch';
import { checkCommands } from './commands';
import { checkRunner } from './runner';
import { looksTemplated } from './schema';
import { own } from '../own';

export type { BuildspecOptions } from '../facts/image';

export function checkBuildspec(r: Reporter, options: BuildspecOptions): void {
  if (!isMap(r.doc.yaml.contents)) return;
  const roles = documentRoles(r.doc);
  checkVersion(r, roles);
  checkRuntimes(r, roles, pinnedImage(r.doc.text, options));
  checkEnv(r, roles);
  checkPhases(r, roles);
  checkRunner(r, roles);
  checkReports(r, roles);
  checkBatch(r, roles);
  checkCommands(r, roles);
}

function checkVersion(r: Reporter, roles: DocumentRoles): void {
  // The file's own version: a batch task's buildspec has none of its own here.
  const version = roles.all('version').find((v) => v.path.length === 1)?.node;
  if (!isScalar(version) || !version.range) return;
  const text = scalarText(version, r.doc.text);
  if (text === '0.1') {
    r.report(
      'deprecated-version',
      'Buildspec version 0.1 runs every command in a separate shell; version 0.2 is recommended',
      version,
      {
        fixes: [
          r.replace(
            "Change to '0.2' (commands then share one shell)",
            version.range[0],
            version.range[1],
            '0.2',
            false,
          ),
        ],
      },
    );
  }
  if (!isPlain(version) && roles.first('batch') !== undefined) {
    r.report(
      'batch-quoted-version',
      'Batch builds fail on a quoted version ("cannot unmarshal !!str into float64"); write it unquoted',
      version,
      {
        fixes: [r.replace('Remove the quotes', version.range[0], version.range[1], text ?? '0.2')],
      },
    );
  }
}

function checkRuntimes(r: Reporter, roles: DocumentRoles, image: string | undefined): void {
  const runtimes = roles.first('runtimeVersions');
  if (!runtimes) return;
  const node = runtimes.node;
  if (isNullish(node) || (isMap(node) && node.items.length === 0)) {
    r.report(
      'empty-runtime-versions',
      '`runtime-versions` lists no runtime; add one or remove the section',
      runtimes.key ?? node,
    );
    return;
  }
  const pinned = image ? findImage(image) : undefined;
  // A custom image (or one we do not know) has its own runtimes: nothing to check against.
  if (image && !pinned) return;
  const images = candidateImages(pinned);
  for (const e of entries(node)) {
    if (!own(RUNTIMES, e.key) || !isScalar(e.value)) continue;
    checkFloat(r, e.value);
    // A Windows or macOS table that does not list the runtime says nothing about it (docs/knowledge.md).
    if (pinned?.platform && !own(pinned.runtimes, e.key)) continue;
    const text = scalarText(e.value, r.doc.text);
    if (!text || looksTemplated(text) || isKnownVersion(e.key, text, images)) continue;
    // Unpinned, a version only a Windows or macOS image has is still a version CodeBuild offers.
    if (!pinned && isKnownVersion(e.key, text, PLATFORM_IMAGES)) continue;
    reportVersion(r, e.key, text, e.value, pinned, images);
  }
}

function reportVersion(
  r: Reporter,
  runtime: string,
  text: string,
  node: Scalar,
  pinned: ImageRuntimes | undefined,
  images: readonly ImageRuntimes[],
): void {
  const available = [...versionsOf(runtime, images).keys()];
  if (pinned?.platform) {
    // The guide lists these versions but documents no failure for others on Windows or macOS.
    r.report(
      'unlisted-runtime-version',
      `${pinned.image} does not list ${runtime} ${text}; its runtime table has ${available.join(', ')}`,
      node,
    );
    return;
  }
  if (pinned) {
    const message = available.length
      ? `${pinned.image} has no ${runtime} ${text}; it has ${available.join(', ')}`
      : `${pinned.image} has no ${runtime} runtime`;
    r.report('unsupported-runtime-version', message, node);
    return;
  }
  const message = available.length
    ? `No current CodeBuild image has ${runtime} ${text} pre-installed; they have ${available.join(', ')}`
    : `No current CodeBuild image has a ${runtime} runtime`;
  r.report('unknown-runtime-version', message, node);
}

/** `python: 3.10` is the float 3.1 to YAML readers other than CodeBuild's. */
function checkFloat(r: Reporter, node: Scalar): void {
  if (typeof node.value !== 'number' || !isPlain(node) || !node.range) return;
  const source = r.doc.text.slice(node.range[0], node.range[1]).trim();
  if (!/^\d+\.\d*0$/.test(source) || !/\.\d{2,}$/.test(source)) return;
  r.report(
    'float-version',
    `\`${source}\` is the number ${String(node.value)} to YAML; quote it so every tool reads "${source}"`,
    node,
    {
      fixes: [r.replace(`Quote '${source}'`, node.range[0], node.range[1], `"${source}"`)],
    },
  );
}

function checkEnv(r: Reporter, roles: DocumentRoles): void {
  const sections = (['envVariables', 'parameterStore', 'secretsManager'] as const).map((role) =>
    roles.first(role),
  );
  for (const section of sections) {
    for (const e of entries(section?.node)) {
      if (e.key.toUpperCase().startsWith('CODEBUILD_')) {
        r.report(
          'reserved-variable-name',
          `Variable names starting with CODEBUILD_ are reserved: \`${e.key}\``,
          e.keyNode,
        );
      }
    }
  }
  for (const { node } of roles.all('envName')) {
    const name = scalarText(node, r.doc.text);
    if (name?.startsWith('AWS_'))
      r.report('exported-aws-variable', `Variables starting with AWS_ cannot be exported: \`${name}\``, node);
  }
  for (const e of entries(sections[2]?.node)) {
    const ref = scalarText(e.value, r.doc.text);
    if (ref === undefined || looksTemplated(ref)) continue;
    const problem = secretReferenceProblem(ref);
    if (problem)
      r.report(
        'secret-reference',
        `Malformed Secrets Manager reference for \`${e.key}\`: ${problem}`,
        e.value,
      );
  }
}

/** What is wrong with `secret-id:json-key:version-stage:version-id`, if anything. */
export function secretReferenceProblem(ref: string): string | undefined {
  let parts = ref.split(':');
  if (ref.startsWith('arn:')) {
    if (parts.length < 7)
      return 'a secret ARN has the form arn:aws:secretsmanager:region:account:secret:name';
    if (parts[2] !== 'secretsmanager') return `the ARN is of ${parts[2] || 'no'} service, not secretsmanager`;
    parts = [parts.slice(0, 7).join(':'), ...parts.slice(7)];
  }
  if (!parts[0]) return 'the secret id (name or ARN) is missing';
  if (parts.length > 4) return 'too many parts; the form is secret-id:json-key:version-stage:version-id';
  if (parts[2] && parts[3]) return 'give either a version stage or a version id, not both';
  return undefined;
}

function checkPhases(r: Reporter, roles: DocumentRoles): void {
  for (const phase of [...roles.all('phase'), ...roles.all('runnerPhase')]) {
    if (!phase.key || (!isMap(phase.node) && !isNullish(phase.node)) || hasMergeKey(phase.node)) continue;
    const hasCommands = roles.inside(phase, 'phaseCommands').length > 0;
    const hasFinally = roles.inside(phase, 'phaseFinally').some((f) => items(f.node).length > 0);
    if (!hasCommands && !hasFinally) {
      r.report('empty-commands', `The ${phase.name} phase has no commands`, phase.key);
    }
  }
}

function checkReports(r: Reporter, roles: DocumentRoles): void {
  const groups = entries(roles.first('reports')?.node);
  if (groups.length > 5) {
    r.report(
      'too-many-report-groups',
      `A project can have at most five report groups; this file names ${groups.length}`,
      groups[5].keyNode,
    );
  }
}

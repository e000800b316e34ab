/** Buildspec rules beyond the model: versions, runtimes, variables and phases. */
import { isMap, isScalar, type Scalar } from 'yaml';
import type { Reporter } from '../findings';
import {
  candidateImages,
  findImage,
  isKnownVersion,
  RUNTIMES,
  versionsOf,
  type ImageRuntimes,
} from '../model/runtimes';
import {
  entries,
  get,
  getPath,
  hasMergeKey,
  isNullish,
  isPlain,
  items,
  scalarText,
  type YNode,
} from '../yamlUtil';
import { checkBatch } from './batch';
import { checkCommands } from './commands';
import { looksTemplated } from './schema';

export interface BuildspecOptions {
  /** The image the project builds on (from settings), for runtime-version checks. */
  readonly image?: string;
}

const IMAGE_COMMENT = /^#\s*codebuild-image:\s*(\S+)/m;

/** The image pinned by a `# codebuild-image:` comment, else by settings. */
export function pinnedImage(text: string, options: BuildspecOptions): string | undefined {
  return IMAGE_COMMENT.exec(text)?.[1] ?? (options.image || undefined);
}

export function checkBuildspec(r: Reporter, options: BuildspecOptions): void {
  const root = r.doc.yaml.contents as YNode;
  if (!isMap(root)) return;
  checkVersion(r, root);
  checkRuntimes(r, root, pinnedImage(r.doc.text, options));
  checkEnv(r, get(root, 'env'));
  checkPhases(r, get(root, 'phases'));
  checkReports(r, get(root, 'reports'));
  checkBatch(r, get(root, 'batch'));
  checkCommands(r, root);
}

function checkVersion(r: Reporter, root: YNode): void {
  const version = get(root, 'version');
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
  if (!isPlain(version) && get(root, 'batch') !== undefined) {
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

function checkRuntimes(r: Reporter, root: YNode, image: string | undefined): void {
  const node = getPath(root, ['phases', 'install', 'runtime-versions']);
  if (node === undefined) return;
  const key = entries(getPath(root, ['phases', 'install'])).find(
    (e) => e.key === 'runtime-versions',
  )?.keyNode;
  if (isNullish(node) || (isMap(node) && node.items.length === 0)) {
    r.report(
      'empty-runtime-versions',
      '`runtime-versions` lists no runtime; add one or remove the section',
      key ?? node,
    );
    return;
  }
  const pinned = image ? findImage(image) : undefined;
  // A custom image (or one we do not know) has its own runtimes: nothing to check against.
  if (image && !pinned) return;
  const images = candidateImages(pinned);
  for (const e of entries(node)) {
    if (!RUNTIMES[e.key] || !isScalar(e.value)) continue;
    checkFloat(r, e.value);
    const text = scalarText(e.value, r.doc.text);
    if (!text || looksTemplated(text) || isKnownVersion(e.key, text, images)) continue;
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

function checkEnv(r: Reporter, env: YNode): void {
  for (const section of ['variables', 'parameter-store', 'secrets-manager']) {
    for (const e of entries(get(env, section))) {
      if (e.key.toUpperCase().startsWith('CODEBUILD_')) {
        r.report(
          'reserved-variable-name',
          `Variable names starting with CODEBUILD_ are reserved: \`${e.key}\``,
          e.keyNode,
        );
      }
    }
  }
  for (const item of items(get(env, 'exported-variables'))) {
    const name = scalarText(item, r.doc.text);
    if (name?.startsWith('AWS_'))
      r.report('exported-aws-variable', `Variables starting with AWS_ cannot be exported: \`${name}\``, item);
  }
  for (const e of entries(get(env, 'secrets-manager'))) {
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

function checkPhases(r: Reporter, phases: YNode): void {
  for (const e of entries(phases)) {
    if (e.key === 'install' || (!isMap(e.value) && !isNullish(e.value)) || hasMergeKey(e.value)) continue;
    const commands = entries(e.value).find((x) => x.key === 'commands');
    const hasFinally = items(get(e.value, 'finally')).length > 0;
    if (!commands && !hasFinally) {
      r.report('empty-commands', `The ${e.key} phase has no commands`, e.keyNode);
    }
  }
}

function checkReports(r: Reporter, reports: YNode): void {
  const groups = entries(reports);
  if (groups.length > 5) {
    r.report(
      'too-many-report-groups',
      `A project can have at most five report groups; this file names ${groups.length}`,
      groups[5].keyNode,
    );
  }
}

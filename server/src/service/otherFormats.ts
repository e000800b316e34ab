/**
 * Recognises the YAML and JSON files that sit beside buildspecs and AppSpecs but are something else:
 * CloudFormation and SAM templates, Serverless Framework services, GitHub Actions workflows and actions,
 * GitLab CI configurations, Kubernetes manifests, Docker Compose files. Their top-level `Resources`,
 * `version` or `phases`-like keys would otherwise read as ours, and the user would get errors that no
 * service would ever report for that file.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { APPSPEC_ONLY, BUILDSPEC_SIGNS } from './model/signs';

/** The top-level keys of a document, as the YAML 1.1 parser read them (`on:` reads as `true`). */
export type TopKeys = ReadonlyMap<string, Node | null>;

/** A CloudFormation resource type: `AWS::S3::Bucket`, `Alexa::ASK::Skill`, `Custom::Thing`, a module type. */
const RESOURCE_TYPE = /^(?:Custom::[\w.-]+|[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9:]+)$/;

/** Top-level sections that only CloudFormation and SAM templates have. */
const TEMPLATE_SECTIONS = ['Parameters', 'Outputs', 'Mappings', 'Conditions', 'Globals', 'Rules'];

function mapKeys(node: Node | null | undefined): string[] {
  if (!isMap(node)) return [];
  return node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean);
}

function mapValue(node: Node | null | undefined, key: string): Node | null | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair?.value as Node | null | undefined;
}

function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Whether a `Resources` mapping holds CloudFormation resources (`LogicalId: {Type: AWS::…}`). */
function holdsTemplateResources(resources: Node | null | undefined): boolean {
  if (!isMap(resources)) return false;
  return resources.items.some((p) => RESOURCE_TYPE.test(scalarText(mapValue(p.value as Node, 'Type')) ?? ''));
}

/** Whether some top-level mapping value is a GitLab job (`script`, `trigger` or `extends` inside). */
function hasGitLabJob(keys: TopKeys): boolean {
  for (const value of keys.values()) {
    const inner = mapKeys(value);
    if (inner.includes('script') || inner.includes('trigger') || inner.includes('extends')) return true;
  }
  return false;
}

/** Whether the file says outright that it is a CloudFormation or SAM template: no AppSpec has these. */
export function declaresTemplate(keys: TopKeys): boolean {
  return keys.has('AWSTemplateFormatVersion') || keys.has('Transform');
}

/**
 * What the file is when it is recognisably another format, in words for the user ("a CloudFormation
 * template"); undefined when nothing says so. Only positive evidence counts: a half-written buildspec
 * must stay a buildspec.
 */
export function otherFormat(keys: TopKeys): string | undefined {
  const has = (k: string) => keys.has(k);
  const resources = keys.get('Resources');
  if (has('Transform') || has('AWSTemplateFormatVersion'))
    return /Serverless/i.test(JSON.stringify(keys.get('Transform')?.toJSON() ?? ''))
      ? 'an AWS SAM template'
      : 'a CloudFormation template';
  // An AppSpec's `Resources` is a list; a mapping of typed resources is a template, unless the file also
  // carries what only an AppSpec has (then it is an AppSpec with a mistake the user must see).
  const appSpecOnly = APPSPEC_ONLY.some(has);
  if (
    !appSpecOnly &&
    (holdsTemplateResources(resources) || (isMap(resources) && TEMPLATE_SECTIONS.some(has)))
  )
    return 'a CloudFormation template';
  if (has('service') && (has('provider') || has('functions'))) return 'a Serverless Framework service';
  if (has('jobs') && (has('on') || has('true'))) return 'a GitHub Actions workflow';
  if (isMap(keys.get('runs')) && mapKeys(keys.get('runs')).includes('using')) return 'a GitHub Action';
  if (has('apiVersion') && has('kind')) return 'a Kubernetes manifest';
  if (
    isSeq(keys.get('stages')) ||
    has('before_script') ||
    has('after_script') ||
    (has('workflow') && mapKeys(keys.get('workflow')).includes('rules')) ||
    hasGitLabJob(keys)
  )
    return 'a GitLab CI configuration';
  if (isMap(keys.get('services')) && !has(BUILDSPEC_SIGNS.phases)) return 'a Docker Compose file';
  return undefined;
}

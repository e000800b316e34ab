/**
 * Exports the model as JSON Schema (draft-07) for other YAML tools and for SchemaStore. A schema error is
 * what the service itself calls an error: what CodeBuild or CodeDeploy only warns about or ignores (an
 * empty `commands:`, an unknown key, a quoted port number) stays valid, or yaml-language-server would
 * mark files that run as broken. The shape follows SchemaStore's conventions: `$id` under
 * json.schemastore.org, descriptions ending with their documentation URL, Ajv strict mode clean.
 */
import { APPSPEC_ROOTS } from './model/appspec';
import { BUILDSPEC_ROOT } from './model/buildspec';
import type { KeySpec, MapSpec, ScalarSpec, Spec } from './model/types';
import { RULES } from './rules';

type Json = Record<string, unknown>;

/** Whether the service reports this rule as an error by default: only those are schema errors. */
function isError(code: string): boolean {
  return (RULES as Record<string, { severity: string } | undefined>)[code]?.severity === 'error';
}

/** Values with template placeholders are filled in later; the service does not check them either. */
const TEMPLATED: Json = {
  type: 'string',
  pattern: '\\{\\{|\\$\\{|\\$[A-Za-z_]|<[A-Za-z_][\\w-]*>|%[A-Z_]+%|__[A-Z_]+__|_PLACEHOLDER\\b',
};

/** YAML 1.1 booleans, as CodeBuild's reader takes them, quoted or not. */
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n'];

const NULL: Json = { type: 'null' };

function caseInsensitivePattern(values: readonly string[], extra?: RegExp): string {
  const alt = values.map((v) =>
    [...v]
      .map((c) =>
        /[a-z]/i.test(c)
          ? `[${c.toLowerCase()}${c.toUpperCase()}]`
          : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
      )
      .join(''),
  );
  if (extra) alt.push(extra.source.replace(/^\^|\$$/g, ''));
  return `^(?:${alt.join('|')})$`;
}

/** `anyOf` of the options, flattened when there is only one. */
function anyOf(options: Json[]): Json {
  return options.length === 1 ? options[0] : { anyOf: options };
}

function scalarSchema(spec: ScalarSpec, nullable: boolean): Json {
  const options: Json[] = [];
  switch (spec.type) {
    case 'boolean':
      options.push(
        { type: 'boolean' },
        { type: 'string', pattern: caseInsensitivePattern(BOOLEAN_WORDS) },
        TEMPLATED,
      );
      break;
    case 'integer':
      options.push({ type: 'integer' }, { type: 'string', pattern: '^\\d+$' }, TEMPLATED);
      break;
    default: {
      const values = spec.values?.filter((v) => !v.value.includes('<')).map((v) => v.value);
      if (values && spec.closed === 'error' && isError(spec.invalidCode ?? 'invalid-value')) {
        if (spec.caseInsensitive || spec.accept)
          options.push({ type: 'string', pattern: caseInsensitivePattern(values, spec.accept) });
        else options.push({ enum: values });
        const numeric = values.filter((v) => /^\d+(\.\d+)?$/.test(v)).map(Number);
        if (numeric.length) options.push({ enum: numeric });
        options.push(TEMPLATED);
      } else {
        options.push({
          type: ['string', 'number', 'boolean'],
          ...(values?.length ? { examples: values } : {}),
        });
      }
    }
  }
  if (nullable) options.push(NULL);
  return anyOf(options);
}

function mapSchema(spec: MapSpec, version: string | undefined, nullable: boolean): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [name, key] of Object.entries(spec.keys)) {
    if (version && key.versions && !key.versions.includes(version)) continue;
    properties[name] = keySchema(key, version);
    if (key.required === true && !key.requiredUnless && isError(key.missingCode ?? 'missing-key'))
      required.push(name);
  }
  const closed = isError(spec.unknownKeyCode ?? 'unknown-key') && !spec.caseInsensitiveKeys;
  const additionalProperties = spec.additional
    ? { ...specSchema(spec.additional.spec, version), description: plain(spec.additional.doc) }
    : !closed;
  return {
    type: nullable ? ['object', 'null'] : 'object',
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties,
  };
}

function specSchema(spec: Spec, version: string | undefined): Json {
  switch (spec.kind) {
    case 'union': {
      return { anyOf: spec.options.map((o) => specSchema(o, version)) };
    }
    case 'seq': {
      const array: Json = { type: 'array', items: specSchema(spec.item, version) };
      const options = [array];
      // A lone value where a list belongs is only a warning; an empty list key is one too.
      if (spec.scalarTolerated && !isError('scalar-instead-of-list'))
        options.push(specSchema(spec.item, version));
      if (!isError(spec.emptyCode ?? 'empty-value')) options.push(NULL);
      return anyOf(options);
    }
    case 'map':
      // An empty mapping key: the service reports the keys it misses (errors when required), not the null.
      return mapSchema(spec, version, true);
    case 'scalar':
      return scalarSchema(spec, spec.role === 'command' || !isError('empty-value'));
  }
}

/** Markdown to the plain text that `description` holds. */
function plain(doc: string): string {
  return doc
    .replace(/`/g, '')
    .replace(/\*\*/g, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}

function keySchema(key: KeySpec, version: string | undefined): Json {
  const base = specSchema(key.spec, version);
  const ignored = key.ignored ? ` Ignored: ${key.ignored}` : '';
  const description = `${plain(key.doc)}${plain(ignored)}${key.url ? `\n${key.url}` : ''}`;
  const markdownDescription = `${key.doc}${ignored}${key.url ? `\n\n[AWS documentation](${key.url})` : ''}`;
  return { ...base, description, markdownDescription, ...(key.default ? { default: key.default } : {}) };
}

/** The root: an object (a file that is empty or a list is an error to the service). */
function rootSchema(spec: MapSpec, version?: string): Json {
  return mapSchema(spec, version, false);
}

export function buildspecSchema(): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://json.schemastore.org/buildspec.json',
    title: 'AWS CodeBuild buildspec (version 0.2)',
    description:
      'Build commands and settings that AWS CodeBuild runs\nhttps://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html',
    ...rootSchema(BUILDSPEC_ROOT, '0.2'),
  };
}

/** The keys a platform's AppSpec cannot do without, whatever the rule's severity (they pick the platform). */
function requiredKeys(root: MapSpec): string[] {
  return Object.entries(root.keys)
    .filter(([, key]) => key.required === true)
    .map(([name]) => name);
}

export function appspecSchema(): Json {
  const [ec2, ecs, lambda] = [
    rootSchema(APPSPEC_ROOTS.ec2),
    rootSchema(APPSPEC_ROOTS.ecs),
    rootSchema(APPSPEC_ROOTS.lambda),
  ];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://json.schemastore.org/appspec.json',
    title: 'AWS CodeDeploy AppSpec (EC2/on-premises, ECS, Lambda)',
    description:
      'How AWS CodeDeploy deploys an application revision\nhttps://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html',
    type: 'object',
    // anyOf, not oneOf: with keys the services ignore allowed, one file can fit two platforms' shapes.
    anyOf: [
      { title: 'EC2/On-premises', ...ec2, required: requiredKeys(APPSPEC_ROOTS.ec2) },
      { title: 'ECS', ...ecs, required: requiredKeys(APPSPEC_ROOTS.ecs) },
      { title: 'Lambda', ...lambda, required: requiredKeys(APPSPEC_ROOTS.lambda) },
    ],
  };
}

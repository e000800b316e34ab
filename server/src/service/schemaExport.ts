/** Exports the model as JSON Schema (draft-07), for users of other YAML tools. */
import { APPSPEC_ROOTS } from './model/appspec';
import { BUILDSPEC_ROOT } from './model/buildspec';
import type { KeySpec, Spec } from './model/types';

type Json = Record<string, unknown>;

const BOOLEAN_LIKE: Json = {
  anyOf: [
    { type: 'boolean' },
    { type: 'string', enum: ['yes', 'no', 'true', 'false', 'Yes', 'No', 'YES', 'NO'] },
  ],
};

function caseInsensitivePattern(values: readonly string[]): string {
  const alt = values.map((v) =>
    [...v]
      .map((c) =>
        /[a-z]/i.test(c)
          ? `[${c.toLowerCase()}${c.toUpperCase()}]`
          : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
      )
      .join(''),
  );
  return `^(${alt.join('|')})$`;
}

function specSchema(spec: Spec, version?: string): Json {
  switch (spec.kind) {
    case 'union':
      return { anyOf: spec.options.map((o) => specSchema(o, version)) };
    case 'seq':
      return spec.scalarTolerated
        ? {
            anyOf: [{ type: 'array', items: specSchema(spec.item, version) }, specSchema(spec.item, version)],
          }
        : { type: 'array', items: specSchema(spec.item, version) };
    case 'map': {
      const properties: Json = {};
      const required: string[] = [];
      for (const [name, key] of Object.entries(spec.keys)) {
        if (key.hidden || (version && key.versions && !key.versions.includes(version))) continue;
        properties[name] = keySchema(key, version);
        if (key.required === true && !key.requiredUnless) required.push(name);
      }
      return {
        type: ['object', 'null'],
        properties,
        ...(required.length ? { required } : {}),
        additionalProperties: spec.additional
          ? { ...specSchema(spec.additional.spec, version), description: spec.additional.doc }
          : false,
      };
    }
    case 'scalar': {
      if (spec.type === 'boolean') return BOOLEAN_LIKE;
      if (spec.type === 'integer') return { type: 'integer' };
      if (spec.type === 'number') return { type: 'number' };
      if (spec.values && spec.closed === 'error') {
        const values = spec.values.filter((v) => !v.value.includes('<')).map((v) => v.value);
        if (spec.caseInsensitive || spec.accept) {
          const extra = spec.accept ? `|${spec.accept.source.replace(/^\^|\$$/g, '')}` : '';
          return {
            type: ['string', 'number'],
            pattern: caseInsensitivePattern(values).replace(/\)\$$/, `${extra})$`),
          };
        }
        return {
          type: ['string', 'number'],
          enum: [...values, ...values.filter((v) => /^\d+(\.\d+)?$/.test(v)).map(Number)],
        };
      }
      if (spec.values) return { type: ['string', 'number'], examples: spec.values.map((v) => v.value) };
      return { type: ['string', 'number', 'boolean'] };
    }
  }
}

function keySchema(key: KeySpec, version?: string): Json {
  const base = specSchema(key.spec, version);
  const description = key.doc.replace(/`/g, '').replace(/\*\*/g, '');
  const markdownDescription = key.url ? `${key.doc}\n\n[AWS documentation](${key.url})` : key.doc;
  return { ...base, description, markdownDescription, ...(key.default ? { default: key.default } : {}) };
}

export function buildspecSchema(): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'buildspec.schema.json',
    title: 'AWS CodeBuild buildspec (version 0.2)',
    ...specSchema(BUILDSPEC_ROOT, '0.2'),
    type: 'object',
  };
}

export function appspecSchema(): Json {
  const [ec2, ecs, lambda] = [
    specSchema(APPSPEC_ROOTS.ec2),
    specSchema(APPSPEC_ROOTS.ecs),
    specSchema(APPSPEC_ROOTS.lambda),
  ];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'appspec.schema.json',
    title: 'AWS CodeDeploy AppSpec (EC2/on-premises, ECS, Lambda)',
    type: 'object',
    oneOf: [
      { title: 'EC2/On-premises', ...ec2, required: ['version', 'os'] },
      { title: 'ECS', ...ecs, required: ['Resources'] },
      { title: 'Lambda', ...lambda, required: ['Resources'] },
    ],
  };
}

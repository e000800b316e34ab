// Every request the fake serves is checked against the service's own API model first, as AWS's
// front end does: the models that the `aws-sdk` (v2) package ships give member names, required
// members and types; `constraints.ts` adds the lengths, ranges, patterns and enum values that those
// trimmed models leave out. A wrong type or an unknown member is a SerializationException; a missing
// member or a value out of bounds is the service's own validation error, worded as AWS words it.
import { readFileSync } from 'node:fs';
import { CONSTRAINTS, type MemberRule } from './constraints';
import { ServiceError, type Json } from './protocol';

// A shape of the trimmed model: a reference to a named shape, or inline. `{}` is a string.
interface Shape {
  shape?: string;
  type?: string;
  members?: Record<string, Shape>;
  required?: string[];
  member?: Shape;
  key?: Shape;
  value?: Shape;
}
interface Model {
  operations: Record<string, { input?: Shape }>;
  shapes: Record<string, Shape>;
}

const MODEL_FILES: Record<string, string> = {
  CodeBuild: 'aws-sdk/apis/codebuild-2016-10-06.min.json',
  CodePipeline: 'aws-sdk/apis/codepipeline-2015-07-09.min.json',
  Logs: 'aws-sdk/apis/logs-2014-03-28.min.json',
};

/** The error type each service answers a request that breaks a constraint with. */
export const VALIDATION_ERROR: Record<string, string> = {
  CodeBuild: 'InvalidInputException',
  CodePipeline: 'ValidationException',
  Logs: 'InvalidParameterException',
};

const models = new Map<string, Model>();

function model(service: string): Model | undefined {
  let m = models.get(service);
  if (!m && MODEL_FILES[service]) {
    m = JSON.parse(readFileSync(require.resolve(MODEL_FILES[service]), 'utf8')) as Model;
    models.set(service, m);
  }
  return m;
}

/** Throws the error AWS would answer `input` with; returns when AWS would accept it. */
export function validateRequest(service: string, operation: string, input: Json): void {
  const m = model(service);
  if (!m) return;
  const op = m.operations[operation];
  if (!op) throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`);
  const problems: string[] = [];
  const rules = CONSTRAINTS[`${service}.${operation}`] ?? {};
  walk(m, op.input ?? { type: 'structure', members: {} }, input, '', rules, problems);
  if (problems.length) {
    const n = problems.length;
    throw new ServiceError(
      VALIDATION_ERROR[service] ?? 'ValidationException',
      `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    );
  }
}

function resolve(m: Model, s: Shape): Shape {
  return s.shape ? { ...m.shapes[s.shape], ...resolve(m, { ...s, shape: undefined }) } : s;
}

function typeName(s: Shape): string {
  return s.type ?? 'string';
}

// Path as the error messages give it (`variables.1.member.name`) and as the rule table keys it
// (`variables[].name`).
function walk(
  m: Model,
  raw: Shape,
  value: unknown,
  path: string,
  rules: Record<string, MemberRule>,
  problems: string[],
  key = path,
): void {
  const s = resolve(m, raw);
  const type = typeName(s);
  const where = path || 'request';
  const wrongType = (expected: string) =>
    new ServiceError(
      'SerializationException',
      `Unexpected value at '${where}': expected ${expected}, got ${Array.isArray(value) ? 'array' : typeof value}`,
    );
  switch (type) {
    case 'structure': {
      if (!isObject(value)) throw wrongType('an object');
      const members = s.members ?? {};
      for (const name of Object.keys(value)) {
        if (!(name in members))
          throw new ServiceError('SerializationException', `Unrecognized field '${name}' at '${where}'`);
      }
      for (const name of s.required ?? []) {
        if (value[name] === undefined || value[name] === null)
          problems.push(
            `Value null at '${join(path, name)}' failed to satisfy constraint: Member must not be null`,
          );
      }
      for (const [name, member] of Object.entries(members)) {
        const v = value[name];
        if (v === undefined || v === null) continue;
        walk(m, member, v, join(path, name), rules, problems, join(key, name));
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) throw wrongType('an array');
      check(rules[key], value.length, value, path, problems, 'length');
      value.forEach((item, i) =>
        walk(m, s.member ?? {}, item, `${path}.${i + 1}.member`, rules, problems, `${key}[]`),
      );
      return;
    }
    case 'map': {
      if (!isObject(value)) throw wrongType('an object');
      check(rules[key], Object.keys(value).length, value, path, problems, 'length');
      for (const [k, v] of Object.entries(value))
        walk(m, s.value ?? {}, v, `${path}.${k}`, rules, problems, `${key}{}`);
      return;
    }
    case 'string':
    case 'blob':
      if (typeof value !== 'string') throw wrongType('a string');
      check(rules[key], value.length, value, path, problems, 'length');
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType('an integer');
      check(rules[key], value, value, path, problems, 'value');
      return;
    case 'double':
    case 'float':
    case 'timestamp':
      if (typeof value !== 'number') throw wrongType('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType('a boolean');
      return;
    default:
      return;
  }
}

// AWS's wording: "Value 'x' at 'path' failed to satisfy constraint: Member must have length less
// than or equal to 100". Long values are cut in the message, as a log would.
function check(
  rule: MemberRule | undefined,
  size: number,
  value: unknown,
  path: string,
  problems: string[],
  measure: 'length' | 'value',
): void {
  if (!rule) return;
  const shown =
    typeof value === 'string' ? `'${value.slice(0, 64)}'` : Array.isArray(value) ? 'the list' : String(value);
  const fail = (what: string) =>
    problems.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must ${what}`);
  if (rule.min !== undefined && size < rule.min) fail(`have ${measure} greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && size > rule.max) fail(`have ${measure} less than or equal to ${rule.max}`);
  if (typeof value === 'string') {
    if (rule.enum && !rule.enum.includes(value)) fail(`satisfy enum value set: [${rule.enum.join(', ')}]`);
    if (rule.pattern && !new RegExp(`^(?:${rule.pattern})$`).test(value))
      fail(`satisfy regular expression pattern: ${rule.pattern}`);
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

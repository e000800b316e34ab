// Expands every snippet (with its defaults, and once per choice option), parses the result as YAML and
// checks it against the buildspec/appspec rules in snippet-rules.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as YAML from 'yaml';
import { describeSnippet, expandSnippet } from './snippet-expand';
import { checkAppspec, checkBuildspec, isObj, type Check, type Fail } from './snippet-rules';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

function loadSnippets(name: string): [string, Snippet][] {
  const file = path.join(__dirname, '../../snippets', `${name}.json`);
  return Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Snippet>);
}

const indent = (text: string, n: number) =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

const MINIMAL_BUILDSPEC = 'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n';
const ECS_HEAD =
  'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n' +
  '        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\n';

/** Puts a fragment snippet where it belongs in a whole file; whole-file snippets pass through. */
const CONTEXT: Record<string, (s: string) => string> = {
  'buildspec-phase': (s) => `version: 0.2\nphases:\n${indent(s, 2)}`,
  'buildspec-report-group': (s) => `${MINIMAL_BUILDSPEC}reports:\n${indent(s, 2)}`,
  'buildspec-cache': (s) => MINIMAL_BUILDSPEC + s,
  'buildspec-env': (s) => MINIMAL_BUILDSPEC + s,
  'buildspec-secret': (s) => `${MINIMAL_BUILDSPEC}env:\n  secrets-manager:\n${indent(s, 4)}`,
  'appspec-ecs-network': (s) => ECS_HEAD + indent(s, 8),
  'appspec-hook-ec2': (s) => `version: 0.0\nos: linux\nhooks:\n${indent(s, 2)}`,
  'appspec-hook-lambda': (s) => `${ECS_HEAD}Hooks:\n${indent(s, 2)}`,
};

/** Every way to expand `body`: the defaults, then each option of each choice. */
function variants(body: string[]): { label: string; text: string }[] {
  const out = [{ label: 'defaults', text: expandSnippet(body) }];
  for (const [stop, options] of describeSnippet(body).choices) {
    for (const option of options.slice(1)) {
      out.push({ label: `$${stop}=${option}`, text: expandSnippet(body, new Map([[stop, option]])) });
    }
  }
  return out;
}

for (const [kind, check] of [
  ['buildspec', checkBuildspec],
  ['appspec', checkAppspec],
] as const) {
  void describe(`${kind} snippets`, () => {
    const snippets = loadSnippets(kind);

    void test('prefixes are unique and start with the file kind', () => {
      const seen = new Map<string, string>();
      for (const [name, s] of snippets) {
        for (const prefix of [s.prefix].flat()) {
          assert.match(prefix, new RegExp(`^${kind}(-[a-z0-9-]+)?$`), name);
          assert.ok(!seen.has(prefix), `${prefix}: ${name} and ${seen.get(prefix)}`);
          seen.set(prefix, name);
        }
      }
    });

    for (const [name, snippet] of snippets) {
      void test(name, () => {
        const prefix = [snippet.prefix].flat()[0];
        assert.ok(snippet.description.length > 20, 'description');
        assert.ok(
          describeSnippet(snippet.body).tabStops.some((n) => n > 0),
          'no tab stops',
        );
        for (const line of snippet.body) {
          assert.ok(!line.includes('\t'), `tab in ${JSON.stringify(line)}`);
          assert.equal(/^ */.exec(line)![0].length % 2, 0, `odd indentation: ${JSON.stringify(line)}`);
        }
        const wrap = CONTEXT[prefix] ?? ((s: string) => s);
        for (const { label, text } of variants(snippet.body)) {
          const source = wrap(text);
          const fail: Fail = (msg) => assert.fail(`${label}: ${msg}\n${source}`);
          assert.doesNotMatch(
            source,
            /ecr get-login(?!-password)/,
            'aws ecr get-login was removed from AWS CLI v2',
          );
          assert.doesNotMatch(source, /(?<!\d)\d{12}(?!\d)/, 'literal AWS account id');
          const doc = YAML.parseDocument(source);
          assert.deepEqual(doc.errors.concat(doc.warnings).map(String), [], `${label}\n${source}`);
          const value: unknown = doc.toJS();
          if (!isObj(value)) fail('not a mapping');
          check(value, fail);
        }
      });
    }
  });
}

void describe('snippet checks catch mistakes', () => {
  const rejects = (check: Check, source: string) =>
    assert.throws(() => check(YAML.parse(source) as Record<string, unknown>, (msg) => assert.fail(msg)));

  void test('the expander reads escapes, mirrors and choices as VS Code does', () => {
    assert.equal(expandSnippet(['a: ${1:x}', 'b: $1 \\$HOME ${2|p,q|} \\}$0']), 'a: x\nb: x $HOME p }');
    assert.equal(expandSnippet('${1|p,q|}', new Map([[1, 'q']])), 'q');
    assert.throws(() => expandSnippet('echo $HOME'), /snippet variable/);
  });

  void test('buildspec rules', () => {
    rejects(checkBuildspec, 'version: 0.2\nphases:\n  pre-build:\n    commands: [make]');
    rejects(checkBuildspec, 'version: 0.1\nphases:\n  build:\n    commands: [make]');
    rejects(checkBuildspec, 'version: 0.2\nphases:\n  build:\n    runtime-versions: {nodejs: 20}');
    rejects(
      checkBuildspec,
      'version: 0.2\nphases: {build: {commands: [make]}}\nreports: {r: {files: [x], file-format: XML}}',
    );
    rejects(
      checkBuildspec,
      'version: 0.2\nphases: {build: {commands: [make]}}\nbatch: {build-graph: [{identifier: a, depend-on: [b]}]}',
    );
  });

  void test('appspec rules', () => {
    rejects(checkAppspec, 'version: 0.0\nos: windows\npermissions: [{object: /x}]');
    rejects(checkAppspec, 'version: 0.0\nos: linux\nhooks: {Install: [{location: x}]}');
    rejects(checkAppspec, `${ECS_HEAD}Hooks:\n  - BeforeAllowTestTraffic: fn`);
    rejects(checkAppspec, ECS_HEAD.replace('ContainerPort: 80', 'ContainerPort: "80"'));
  });
});

/**
 * The exported JSON Schemas (schemas/*.json) accept what the services accept: every corpus file on which
 * the service finds no error validates, as do the null values, ignored keys and quoted numbers the
 * services take; and they compile under Ajv's strict mode, as SchemaStore checks submitted schemas.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseDocument } from 'yaml';
import { PARSE_OPTIONS } from '../../server/src/service/incremental';
import { LanguageService } from '../../server/src/service/index';
import { REPO } from '../support/docs';

const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');

function schema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(REPO, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

/** Ajv as SchemaStore runs it: strict, with the editor keywords it allows declared. */
function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  for (const keyword of ['markdownDescription', 'defaultSnippets', 'enumDescriptions', 'allowTrailingCommas'])
    ajv.addKeyword(keyword);
  return ajv;
}

const validators: Record<'buildspec' | 'appspec', ValidateFunction> = {
  buildspec: strictAjv().compile(schema('buildspec.schema.json')),
  appspec: strictAjv().compile(schema('appspec.schema.json')),
};

/** The document as a YAML 1.1 reader (CodeBuild's, the CodeDeploy agent's) hands it over. */
const data = (text: string): unknown => parseDocument(text, PARSE_OPTIONS).toJS({ maxAliasCount: 100 });

function errorsOf(family: 'buildspec' | 'appspec', text: string): string[] {
  const validate = validators[family];
  if (validate(data(text))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

describe('exported JSON Schemas', () => {
  it('follow SchemaStore conventions: draft-07, json.schemastore.org ids, titles, descriptions with links', () => {
    for (const name of ['buildspec', 'appspec']) {
      const s = schema(`${name}.schema.json`);
      assert.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.equal(s.$id, `https://json.schemastore.org/${name}.json`);
      assert.equal(typeof s.title, 'string');
      assert.equal(typeof s.description, 'string');
    }
    const phases = (schema('buildspec.schema.json').properties as Record<string, { description: string }>)
      .phases;
    assert.match(phases.description, /\nhttps:\/\/docs\.aws\.amazon\.com\/\S+$/);
  });

  it('accept the null values, ignored keys and quoted numbers the services accept', () => {
    assert.deepEqual(
      errorsOf(
        'buildspec',
        'version: 0.2\nphases:\n  install:\n    commands:\n  build:\n    commands:\n      - make\n    finally:\nartifacts:\n  files:\n    - "**/*"\n  discard-paths: yes\nx-custom: 1\n',
      ),
      [],
    );
    assert.deepEqual(
      errorsOf(
        'appspec',
        'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: "80"\n',
      ),
      [],
    );
    assert.deepEqual(errorsOf('appspec', 'version: 0.0\nos: linux\nfiles:\nhooks:\n'), []);
  });

  it('still reject what the services reject', () => {
    assert.notDeepEqual(errorsOf('buildspec', 'version: 0.2\nphases:\n  bild:\n    commands: [make]\n'), []);
    assert.notDeepEqual(errorsOf('buildspec', 'version: 0.2\nphases:\n  build:\n    commands: {a: 1}\n'), []);
    assert.notDeepEqual(errorsOf('appspec', 'version: 0.0\nos: beos\n'), []);
  });

  it('accept every corpus file on which the service finds no error', { skip: !existsSync(CORPUS) && 'no corpus' }, () => {
    const service = new LanguageService();
    const index = readFileSync(path.join(CORPUS, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
    const rejected: string[] = [];
    let accepted = 0;
    for (const [file, , repoPath] of index.map((l) => l.split('\t'))) {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      const doc = TextDocument.create(`file:///repo/${repoPath}`, 'yaml', 1, text);
      const kind = service.parse(doc).kind;
      if (kind.type === 'unknown') continue;
      if (service.validate(doc).some((d) => d.severity === DiagnosticSeverity.Error)) continue;
      accepted++;
      const errors = errorsOf(kind.type, text);
      if (errors.length) rejected.push(`${file}: ${errors.slice(0, 3).join('; ')}`);
    }
    assert.ok(accepted > 200, `only ${accepted} files`);
    assert.deepEqual(rejected, []);
  });
});

/** Completion, called on the service with `^` caret fixtures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { caret, doc } from '../support/docs';

const service = new LanguageService();

function complete(name: string, text: string): CompletionItem[] {
  const { doc, position } = caret(name, text);
  return service.complete(doc, position);
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const insert = (items: CompletionItem[], label: string) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label} in ${labels(items).join(', ')}`);
  return item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : item.insertText;
};

describe('completion', () => {
  it('offers the phases, opening an indented mapping', () => {
    const items = complete('buildspec.yml', 'version: 0.2\nphases:\n  bu^');
    assert.deepEqual(labels(items), ['install', 'pre_build', 'build', 'post_build']);
    assert.equal(insert(items, 'build'), 'build:\n  $0');
  });

  it('leaves out keys already present, and opens a list for list keys', () => {
    const items = complete(
      'buildspec.yml',
      'version: 0.2\nphases:\n  build:\n    commands:\n      - make\n    ^',
    );
    assert.deepEqual(labels(items).sort(), ['finally', 'on-failure', 'run-as']);
    assert.equal(insert(items, 'finally'), 'finally:\n  - $0');
  });

  it('offers top-level keys not yet written, version 0.2 only', () => {
    const items = complete('buildspec.yml', 'version: 0.2\n^\nphases:\n  build:\n    commands: [make]\n');
    assert.deepEqual(labels(items), ['run-as', 'env', 'proxy', 'batch', 'reports', 'artifacts', 'cache']);
  });

  it('offers every on-failure value including the RETRY forms as snippets', () => {
    const items = complete('buildspec.yml', 'version: 0.2\nphases:\n  build:\n    on-failure: ^');
    assert.deepEqual(labels(items), ['ABORT', 'CONTINUE', 'RETRY', 'RETRY-<count>', 'RETRY-<count>-<regex>']);
    assert.equal(insert(items, 'RETRY-<count>-<regex>'), 'RETRY-${1:3}-${2:regex}');
  });

  it('offers yes/no, report formats, shells and file_exists_behavior values', () => {
    assert.deepEqual(labels(complete('buildspec.yml', 'version: 0.2\nartifacts:\n  discard-paths: ^')), [
      'yes',
      'no',
    ]);
    assert.ok(
      labels(complete('buildspec.yml', 'version: 0.2\nreports:\n  unit:\n    file-format: ^')).includes(
        'CUCUMBERJSON',
      ),
    );
    assert.deepEqual(labels(complete('buildspec.yml', 'version: 0.2\nenv:\n  shell: ^')), [
      'bash',
      '/bin/sh',
      'powershell.exe',
      'cmd.exe',
    ]);
    assert.deepEqual(labels(complete('appspec.yml', 'version: 0.0\nos: linux\nfile_exists_behavior: ^')), [
      'DISALLOW',
      'OVERWRITE',
      'RETAIN',
    ]);
  });

  it('offers runtime names, then their versions, quoting ones YAML would read as numbers', () => {
    const names = labels(
      complete('buildspec.yml', 'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      ^'),
    );
    assert.ok(names.includes('python') && names.includes('nodejs') && names.includes('java'));
    const versions = complete(
      'buildspec.yml',
      'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: ^',
    );
    assert.equal(insert(versions, '3.10'), '"3.10"');
    assert.ok(labels(versions).includes('latest'));
  });

  it('offers only the pinned image runtimes when a comment pins it', () => {
    const text =
      '# codebuild-image: aws/codebuild/standard:6.0\nversion: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: ^';
    assert.deepEqual(labels(complete('buildspec.yml', text)), ['16', 'latest']);
  });

  it('offers CodeBuild and the file own variables after $ in commands, plain and in block scalars', () => {
    const plain = complete(
      'buildspec.yml',
      'version: 0.2\nenv:\n  variables:\n    STAGE: prod\nphases:\n  build:\n    commands:\n      - echo $COD^',
    );
    assert.equal(plain[0].label, '$STAGE');
    assert.ok(labels(plain).includes('$CODEBUILD_RESOLVED_SOURCE_VERSION'));
    const block = complete(
      'buildspec.yml',
      'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo ${CODEBUILD_B^',
    );
    assert.equal(insert(block, '$CODEBUILD_BUILD_ID'), '${CODEBUILD_BUILD_ID}');
  });

  it('offers the variables earlier commands set, after the env ones, and not the ones env already has', () => {
    const items = complete(
      'buildspec.yml',
      [
        'version: 0.2',
        'env:',
        '  variables:',
        '    STAGE: prod',
        'phases:',
        '  pre_build:',
        '    commands:',
        '      - export IMAGE_TAG=$(git rev-parse --short HEAD)',
        '      - STAGE=test',
        '      - for SHARD in 1 2; do echo $SHARD; done',
        '  build:',
        '    commands:',
        '      - docker build -t app:$^',
      ].join('\n'),
    );
    const own = items.filter((i) => i.sortText?.startsWith('0')).map((i) => i.label);
    assert.deepEqual(own, ['$STAGE', '$IMAGE_TAG', '$SHARD']);
    const tag = items.find((i) => i.label === '$IMAGE_TAG');
    assert.deepEqual(tag?.documentation, {
      kind: 'markdown',
      value: 'Set by a command: `export IMAGE_TAG=$(git rev-parse --short HEAD)`',
    });
    assert.match(
      JSON.stringify(items.find((i) => i.label === '$STAGE')?.documentation),
      /Defined in env\.variables/,
    );
  });

  it('offers no command variables where the commands are PowerShell', () => {
    const items = complete(
      'buildspec.yml',
      'version: 0.2\nenv:\n  shell: powershell.exe\nphases:\n  build:\n    commands:\n      - $FOO = 1\n      - echo $^',
    );
    assert.ok(!labels(items).includes('$FOO'), labels(items).join(', '));
  });

  it('offers the batch identifiers in depend-on, and task keys in a task', () => {
    const text =
      'version: 0.2\nbatch:\n  build-graph:\n    - identifier: build_a\n    - identifier: test_a\n      depend-on:\n        - ^';
    assert.deepEqual(labels(complete('buildspec.yml', text)), ['build_a', 'test_a']);
    const keys = labels(
      complete('buildspec.yml', 'version: 0.2\nbatch:\n  build-graph:\n    - identifier: a\n      ^'),
    );
    assert.deepEqual(keys, ['buildspec', 'debug-session', 'depend-on', 'env', 'ignore-failure']);
  });

  it('offers the hooks of the detected appspec platform', () => {
    const ec2 = labels(complete('appspec.yml', 'version: 0.0\nos: linux\nhooks:\n  ^'));
    assert.ok(ec2.includes('BeforeInstall') && ec2.includes('ValidateService') && !ec2.includes('Install'));
    const lambda = 'version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\nHooks:\n  - ^';
    assert.deepEqual(labels(complete('appspec.yml', lambda)), ['BeforeAllowTraffic', 'AfterAllowTraffic']);
    const ecs = 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\nHooks:\n  - ^';
    assert.deepEqual(labels(complete('appspec.yaml', ecs)), [
      'BeforeInstall',
      'AfterInstall',
      'AfterAllowTestTraffic',
      'BeforeAllowTraffic',
      'AfterAllowTraffic',
    ]);
  });

  it('offers Resources types and ECS properties', () => {
    const props = labels(
      complete(
        'appspec.yaml',
        'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        ^',
      ),
    );
    assert.deepEqual(props, [
      'TaskDefinition',
      'LoadBalancerInfo',
      'PlatformVersion',
      'NetworkConfiguration',
      'CapacityProviderStrategy',
    ]);
  });

  it('indents inserted structure relative to a list item', () => {
    const items = complete(
      'buildspec.yml',
      'version: 0.2\nbatch:\n  build-list:\n    - identifier: a\n      buildspec: b.yml\n    - e^',
    );
    assert.equal(insert(items, 'env'), 'env:\n    $0');
  });

  it('returns nothing for files that are neither buildspec nor appspec', () => {
    assert.deepEqual(complete('docker-compose.yml', 'services:\n  ^'), []);
  });
});

describe('completion in JSON appspec files', () => {
  it('offers the keys of the platform, quoted, with value templates', () => {
    const items = complete(
      'appspec.json',
      '{\n  "version": 0.0,\n  "Resources": [{ "TargetService": { "Type": "AWS::ECS::Service", "Properties": { ^ } } }]\n}',
    );
    assert.deepEqual(labels(items), [
      'TaskDefinition',
      'LoadBalancerInfo',
      'PlatformVersion',
      'NetworkConfiguration',
      'CapacityProviderStrategy',
    ]);
    assert.equal(insert(items, 'LoadBalancerInfo'), '"LoadBalancerInfo": {$0}');
  });

  it('offers enum values as JSON strings, replacing the one being typed', () => {
    const items = complete(
      'appspec.json',
      '{ "version": 0.0, "Resources": [{ "T": { "Type": "AWS::E^" } }] }',
    );
    assert.deepEqual(
      items.map((i) => i.textEdit),
      [
        {
          range: { start: { line: 0, character: 49 }, end: { line: 0, character: 57 } },
          newText: '"AWS::ECS::Service"',
        },
      ],
    );
  });
});

describe('completion while typing', () => {
  it('answers from the current text without waiting for a new parse, borrowing names from the last tree', () => {
    const s = new LanguageService();
    const v1 = doc(
      'buildspec.yml',
      'version: 0.2\nenv:\n  variables:\n    STAGE: prod\nphases:\n  build:\n    commands:\n      - echo\n',
      1,
    );
    s.validate(v1);
    const text2 =
      'version: 0.2\nenv:\n  variables:\n    STAGE: prod\nphases:\n  build:\n    commands:\n      - echo $ST\n';
    const v2 = doc('buildspec.yml', text2, 2);
    const items = s.complete(v2, v2.positionAt(text2.indexOf('$ST') + 3));
    assert.equal(items[0].label, '$STAGE');
    assert.deepEqual(items[0].textEdit, {
      range: { start: { line: 7, character: 13 }, end: { line: 7, character: 16 } },
      newText: '$STAGE',
    });
  });
});

describe('completion in list items and after block scalars', () => {
  it('offers a new list item all its keys, not only those the previous item lacks', () => {
    const files = labels(
      complete('appspec.yml', 'version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv\n  - ^'),
    );
    assert.deepEqual(files, ['source', 'destination']);
    const tasks = labels(
      complete('buildspec.yml', 'version: 0.2\nbatch:\n  build-graph:\n    - identifier: a\n    - ^'),
    );
    assert.ok(tasks.includes('identifier'), tasks.join(', '));
  });

  it('offers keys on a blank line after a block scalar, by the cursor column', () => {
    const text = 'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo hi\n^';
    assert.ok(labels(complete('buildspec.yml', text)).includes('artifacts'));
    const phase = 'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo hi\n    ^';
    assert.ok(labels(complete('buildspec.yml', phase)).includes('finally'));
  });
});

describe('completion for editors without snippets or relative indentation', () => {
  it('inserts plain text with absolute indentation, and no editor-specific command', () => {
    const s = new LanguageService();
    s.configureClient({ snippets: false, adjustIndentation: false });
    const { doc: d, position } = caret('buildspec.yml', 'version: 0.2\nphases:\n  build:\n    fin^');
    const items = s.complete(d, position);
    const fin = items.find((i) => i.label === 'finally')!;
    assert.deepEqual(
      fin.textEdit && 'newText' in fin.textEdit ? fin.textEdit.newText : undefined,
      'finally:\n      - ',
    );
    assert.equal(fin.insertTextFormat, 1);
    const onFailure = items.find((i) => i.label === 'on-failure')!;
    assert.equal(onFailure.command, undefined);
  });
});

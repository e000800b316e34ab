/** Hover, outline, folding, links, definition and code actions on the service. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { caret, doc } from '../support/docs';

const service = new LanguageService();
const text = (h: Hover | null) =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';

describe('hover', () => {
  it('shows the model docs and the AWS link for a key', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nph^ases:\n  build:\n    commands: [make]\n',
    );
    const h = service.hover(d, position);
    assert.match(text(h), /^\*\*phases\*\*/);
    assert.match(text(h), /install`, `pre_build`, `build`, `post_build/);
    assert.match(text(h), /\[AWS documentation\]\(https:\/\/docs\.aws\.amazon\.com\/codebuild\//);
    assert.deepEqual(h!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
  });

  it('explains an enum value', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nphases:\n  build:\n    on-failure: CONT^INUE\n',
    );
    assert.equal(
      text(service.hover(d, position)),
      '`CONTINUE`: Go on to the next phase when a command in this phase fails.',
    );
  });

  it('explains an environment variable inside a command', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo $CODEBUILD_BUILD_NU^MBER\n',
    );
    assert.match(text(service.hover(d, position)), /^\*\*\$CODEBUILD_BUILD_NUMBER\*\*\n\nThe build number/);
  });

  it('explains a variable an earlier command sets, with that command, and nothing for names it does not know', () => {
    const text0 = [
      'version: 0.2',
      'phases:',
      '  pre_build:',
      '    commands:',
      '      - export IMAGE_TAG=$(git rev-parse --short HEAD)',
      '  build:',
      '    commands:',
      '      - docker push app:$IMAGE_T^AG $constructor',
    ].join('\n');
    const { doc: d, position } = caret('buildspec.yml', text0);
    assert.equal(
      text(service.hover(d, position)),
      '**$IMAGE_TAG**\n\nSet by a command: `export IMAGE_TAG=$(git rev-parse --short HEAD)`',
    );
    const script = caret(
      'buildspec.yml',
      'version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        set -e\n        TAG=v1\n        echo $TA^G\n',
    );
    assert.match(text(service.hover(script.doc, script.position)), /Set by a command: `TAG=v1`$/);
    const other = caret(
      'buildspec.yml',
      text0.replace('$IMAGE_T^AG $constructor', '$IMAGE_TAG $constr^uctor'),
    );
    assert.equal(service.hover(other.doc, other.position), null);
  });

  it('lists the images offering each version of a runtime', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      pyth^on: 3.12\n',
    );
    const h = text(service.hover(d, position));
    assert.match(h, /\| 3\.12 \| standard:7\.0, standard:8\.0, amazonlinux-x86_64-standard:5\.0/);
  });

  it('documents appspec hooks for the platform', () => {
    const { doc: d, position } = caret(
      'appspec.yml',
      'version: 0.0\nos: linux\nhooks:\n  Application^Stop:\n    - location: s.sh\n',
    );
    assert.match(text(service.hover(d, position)), /previous successful/);
  });
});

describe('outline, folding, links and definition', () => {
  const batch =
    'version: 0.2\nbatch:\n  build-graph:\n    - identifier: build\n      buildspec: ci/build.yml\n    - identifier: test\n      depend-on:\n        - build\nphases:\n  build:\n    commands:\n      - make\n';

  it('outlines keys and names batch tasks by identifier', () => {
    const symbols = service.symbols(doc('buildspec.yml', batch));
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['version', 'batch', 'phases'],
    );
    const graph = symbols[1].children![0];
    assert.equal(graph.name, 'build-graph');
    assert.deepEqual(
      graph.children!.map((c) => c.name),
      ['build', 'test'],
    );
    assert.equal(symbols[2].children![0].name, 'build');
  });

  it('folds mappings, lists and comment blocks', () => {
    const ranges = service.folding(doc('buildspec.yml', `# a\n# b\n${batch}`));
    assert.ok(ranges.some((r) => r.startLine === 0 && r.endLine === 1 && r.kind === 'comment'));
    assert.ok(ranges.some((r) => r.startLine === 3 && r.endLine === 9)); // batch:
    assert.ok(ranges.some((r) => r.startLine === 10 && r.endLine === 13)); // phases:
  });

  it('links batch buildspecs and appspec hook scripts to files', () => {
    const links = service.links(doc('buildspec.yml', batch));
    assert.deepEqual(
      links.map((l) => [l.target, l.range.start.line]),
      [['file:///work/space/ci/build.yml', 4]],
    );
    const app = service.links(
      doc(
        'deploy/appspec.yml',
        'version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: scripts/go.sh\n',
      ),
    );
    assert.deepEqual(
      app.map((l) => l.target),
      ['file:///work/space/deploy/scripts/go.sh'],
    );
  });

  it('goes from a depend-on entry to the task it names', () => {
    const { doc: d, position } = caret('buildspec.yml', batch.replace('        - build', '        - bu^ild'));
    const loc = service.definition(d, position);
    assert.deepEqual(loc?.range, { start: { line: 3, character: 18 }, end: { line: 3, character: 23 } });
  });
});

describe('code actions', () => {
  const apply = (source: string, title: string, name = 'buildspec.yml') => {
    const d = doc(name, source);
    const actions = service.codeActions(d, service.validate(d));
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no action "${title}" in: ${actions.map((a) => a.title).join(' | ')}`);
    const edits = [...action.edit!.changes![d.uri]].sort(
      (a, b) => d.offsetAt(b.range.start) - d.offsetAt(a.range.start),
    );
    let out = source;
    for (const e of edits)
      out = out.slice(0, d.offsetAt(e.range.start)) + e.newText + out.slice(d.offsetAt(e.range.end));
    return out;
  };

  it('fixes a did-you-mean key', () => {
    assert.equal(
      apply('version: 0.2\nphases:\n  pre-build:\n    commands: [x]\n', "Change to 'pre_build'"),
      'version: 0.2\nphases:\n  pre_build:\n    commands: [x]\n',
    );
  });

  it('quotes a float version', () => {
    const src = 'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.10\n';
    assert.equal(apply(src, "Quote '3.10'"), src.replace('3.10', '"3.10"'));
  });

  it('replaces aws ecr get-login with get-login-password', () => {
    const src =
      'version: 0.2\nphases:\n  pre_build:\n    commands:\n      - $(aws ecr get-login --no-include-email --region eu-west-1)\n';
    assert.equal(
      apply(src, 'Use aws ecr get-login-password'),
      'version: 0.2\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin $(aws sts get-caller-identity --query Account --output text).dkr.ecr.eu-west-1.amazonaws.com\n',
    );
  });

  it('quotes a command YAML reads as a mapping', () => {
    const src = 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo Result: ok\n';
    assert.equal(apply(src, 'Quote the command'), src.replace('- echo Result: ok', "- 'echo Result: ok'"));
  });

  it('adds a missing version', () => {
    const src = 'phases:\n  build:\n    commands: [make]\n';
    assert.equal(apply(src, "Add 'version: 0.2'"), `version: 0.2\n${src}`);
  });

  it('turns a single value into a list', () => {
    const src = 'version: 0.2\nphases:\n  build:\n    commands: make\n';
    assert.equal(
      apply(src, 'Make it a list'),
      'version: 0.2\nphases:\n  build:\n    commands: \n      - make\n',
    );
  });

  it('silences a rule for one line with a comment', () => {
    const src = 'version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n';
    const fixed = apply(src, 'Disable docker-needs-privileged for this line');
    assert.equal(
      fixed,
      'version: 0.2\nphases:\n  build:\n    commands:\n      # buildspec-disable-next-line docker-needs-privileged\n      - docker build .\n',
    );
    assert.deepEqual(service.validate(doc('buildspec.yml', fixed)), []);
  });
});

describe('hover on the file own variables', () => {
  it('says where a variable of env.variables is defined, and its value', () => {
    const { doc: d, position } = caret(
      'buildspec.yml',
      'version: 0.2\nenv:\n  variables:\n    STAGE: prod\nphases:\n  build:\n    commands:\n      - echo $ST^AGE\n',
    );
    assert.equal(text(service.hover(d, position)), '**$STAGE**\n\nDefined in env.variables: `prod`');
  });
});

describe('silencing a rule from its quick fix', () => {
  const withAction = (name: string, source: string, title: string) => {
    const d = doc(name, source);
    const action = service.codeActions(d, service.validate(d)).find((a) => a.title === title);
    assert.ok(action, `no action "${title}"`);
    const e = action.edit!.changes![d.uri][0];
    const at = d.offsetAt(e.range.start);
    return source.slice(0, at) + e.newText + source.slice(at);
  };

  it('puts the comment above a folded command, not inside it, and it holds', () => {
    const src =
      'version: 0.2\nphases:\n  build:\n    commands:\n      - >\n        echo start &&\n        docker build . &&\n        echo done\n';
    const fixed = withAction('buildspec.yml', src, 'Disable docker-needs-privileged for this line');
    assert.equal(
      fixed,
      src.replace('      - >', '      # buildspec-disable-next-line docker-needs-privileged\n      - >'),
    );
    assert.deepEqual(service.validate(doc('buildspec.yml', fixed)), []);
  });

  it('silences a file-level finding for the file, keeping CRLF line endings', () => {
    const src = 'phases:\r\n  build:\r\n    commands: [make]\r\n';
    const fixed = withAction('buildspec.yml', src, 'Disable missing-version for this file');
    assert.equal(fixed, `# buildspec-disable missing-version\r\n${src}`);
    assert.deepEqual(service.validate(doc('buildspec.yml', fixed)), []);
  });
});

describe('quick fixes keep the file valid', () => {
  const fixesFor = (name: string, source: string) => {
    const d = doc(name, source);
    return service.codeActions(d, service.validate(d));
  };
  const applyFirst = (name: string, source: string, title: string) => {
    const d = doc(name, source);
    const action = service.codeActions(d, service.validate(d)).find((a) => a.title === title);
    assert.ok(action, `no action "${title}"`);
    const edits = [...action.edit!.changes![d.uri]].sort(
      (a, b) => d.offsetAt(b.range.start) - d.offsetAt(a.range.start),
    );
    let out = source;
    for (const e of edits)
      out = out.slice(0, d.offsetAt(e.range.start)) + e.newText + out.slice(d.offsetAt(e.range.end));
    return out;
  };

  it('keeps JSON quoting in appspec.json fixes', () => {
    const src = '{\n  "version": 0.0,\n  "Resources": [{ "T": { "Typ": "AWS::ECS::Service" } }]\n}\n';
    assert.equal(applyFirst('appspec.json', src, "Change to 'Type'"), src.replace('"Typ"', '"Type"'));
    const noVersion = '{\n  "Resources": []\n}\n';
    assert.equal(
      applyFirst('appspec.json', noVersion, 'Add "version": "0.0"'),
      '{ "version": "0.0",\n  "Resources": []\n}\n',
    );
  });

  it('adds the version after a document start marker', () => {
    const src = '---\nphases:\n  build:\n    commands: [make]\n';
    assert.equal(
      applyFirst('buildspec.yml', src, "Add 'version: 0.2'"),
      '---\nversion: 0.2\nphases:\n  build:\n    commands: [make]\n',
    );
  });

  it('renames a batch identifier together with the depend-on entries naming it', () => {
    const src =
      'version: 0.2\nbatch:\n  build-graph:\n    - identifier: build-linux\n    - identifier: test\n      depend-on:\n        - build-linux\n';
    const fixed = applyFirst('buildspec.yml', src, "Change to 'build_linux'");
    assert.equal(fixed, src.replace(/build-linux/g, 'build_linux'));
    assert.deepEqual(service.validate(doc('buildspec.yml', fixed)), []);
  });

  it('offers no list fix for a block scalar, which it would break', () => {
    const titles = fixesFor(
      'buildspec.yml',
      'version: 0.2\nphases:\n  build:\n    commands: |\n      echo a\n      echo b\n',
    ).map((a) => a.title);
    assert.ok(!titles.includes('Make it a list'), titles.join(', '));
  });
});

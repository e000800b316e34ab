/**
 * Hand-built pathological documents: huge lines, long files, deep nesting, alias bombs, odd anchors,
 * tags, multiple documents, BOMs, line endings, binary bytes, lone surrogates and JSON appspecs.
 */
import { uriFor, type FuzzInput } from './inputs';
import { shellNasty } from './shell';

const B = uriFor('buildspec');
const A = uriFor('appspec');
const AJ = uriFor('appspec', true);
const MB = 1024 * 1024;

const HEAD = 'version: 0.2\nphases:\n  build:\n    commands:\n';
const APP = 'version: 0.0\nos: linux\n';

const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

/** Billion laughs: nine levels of nine aliases each, 9^9 strings if anything expands it. */
function laughs(indent: string): string {
  let out = `${indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i <= 9; i++)
    out += `${indent}a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return out;
}

/** The same bomb built from merge keys, so mapping code expands it. */
function mergeLaughs(): string {
  let out = 'x0: &x0 {k: v, l: w}\n';
  for (let i = 1; i <= 12; i++)
    out += `x${i}: &x${i}\n  <<: [${Array(6)
      .fill(`*x${i - 1}`)
      .join(', ')}]\n  k${i}: v\n`;
  return out;
}

/**
 * Files of 300 KB to 1 MB, nested up to 490 levels or with long lines, that the parser or a feature
 * once spent seconds on: the split into sections re-read every line once per level, 50,000 one-line
 * items were parsed one by one, identical sections were matched in quadratic time, and a `/\s+$/` was
 * quadratic on a deep command mapping. Exported for the protocol test, which edits them.
 */
export function deepAndWide(): [string, string][] {
  return [
    [
      '490-deep maps with 1 KB values',
      'version: 0.2\nphases:\n' +
        range(
          490,
          (i) => ' '.repeat(i + 1) + `k${i}: ${'x'.repeat(1000)}\n` + ' '.repeat(i + 1) + `m${i}:\n`,
        ),
    ],
    [
      '490-deep lists of mappings',
      HEAD +
        range(
          490,
          (i) => ' '.repeat(6 + 2 * i) + '- k: ' + 'y'.repeat(600) + '\n' + ' '.repeat(8 + 2 * i) + 'n:\n',
        ),
    ],
    [
      '300 KB flow list 490 deep',
      'version: 0.2\nphases: ' + '['.repeat(490) + 'a, '.repeat(100000) + ']'.repeat(490) + '\n',
    ],
    [
      '300 lines of 3 KB of variables',
      HEAD + range(300, (i) => `      - echo ${i} ${'$VAR '.repeat(600)}\n`),
    ],
    [
      '10k batch tasks with flow lists',
      'version: 0.2\nbatch:\n  build-graph:\n' +
        range(
          10000,
          (i) =>
            `    - identifier: t${i}\n      depend-on: [t${i + 1}, t${i + 2}]\n      buildspec: ci/${i}.yml\n`,
        ),
    ],
    ['19k commands', HEAD + range(19000, (i) => `      - echo ${'z'.repeat(i % 40)} ${i}\n`)],
    ['15k identical variables', 'version: 0.2\nenv:\n  variables:\n' + range(15000, () => '    V: x\n')],
    [
      '1000 keys of 1000 characters',
      'version: 0.2\nenv:\n  variables:\n' + range(1000, (i) => `    K${i}${'k'.repeat(1000)}: v\n`),
    ],
  ];
}

export function nastyInputs(): FuzzInput[] {
  const list: [string, string, string][] = [
    // ---- empty and trivial ----
    ['empty', B, ''],
    ['empty appspec', A, ''],
    ['whitespace', B, ' \n\t\n   \r\n'],
    ['only ---', B, '---'],
    ['only ...', A, '...\n...\n'],
    ['null', B, '~'],
    ['scalar root', B, 'version'],
    ['sequence root', B, '- version: 0.2\n- phases: {}\n'],
    ['colon', B, ':'],
    ['dash', A, '-'],
    ['BOM only', B, '\ufeff'],
    ['NUL only', A, '\0'],
    ['lone high surrogate', B, '\ud800'],
    // ---- huge single lines ----
    ['1 MB command line', B, HEAD + '      - echo ' + 'a'.repeat(MB)],
    ['1 MB word then space', B, HEAD + '      - ' + 'a'.repeat(MB) + ' '],
    ['1 MB of "- "', B, HEAD + '      ' + '- '.repeat(MB / 2)],
    ['1 MB key without colon', B, 'version: 0.2\n' + 'k'.repeat(MB)],
    ['1 MB of spaces then x', B, 'version: 0.2\n' + ' '.repeat(MB) + 'x'],
    ['1 MB key then spaces', B, 'version: 0.2\nphases:\n  ' + 'a' + ' '.repeat(MB) + 'b'],
    ['1 MB comment', B, 'version: 0.2\n# ' + '#'.repeat(MB)],
    ['1 MB single-quoted', B, "version: '" + "x''".repeat(MB / 3) + "'"],
    ['1 MB double-quoted escapes', B, 'version: "' + '\\u00e9'.repeat(MB / 6) + '"'],
    // Dense structure is what makes the YAML library slow (about 1 s per 1 MB), so these are smaller.
    ['256 KB flow map', B, 'version: 0.2\nenv:\n  variables: {' + range(20000, (i) => `K${i}: v, `) + '}'],
    ['256 KB flow map, one key', B, 'version: 0.2\nenv:\n  variables: {' + 'K: v, '.repeat(MB / 24) + '}'],
    ['1 MB plain scalar unknown key', B, 'version: 0.2\n' + 'phasez'.repeat(MB / 6) + ': 1'],
    ['1 MB ${ variables', B, HEAD + '      - ' + '${A'.repeat(MB / 3)],
    ['1 MB $CODEBUILD_ refs', B, HEAD + '      - echo ' + '$CODEBUILD_X'.repeat(MB / 12)],
    ['1 MB account ids', B, HEAD + '      - echo ' + '123456789012 '.repeat(MB / 13)],
    ['1 MB of CR', B, 'version: 0.2\r' + 'phases:\r  build:\r    commands:\r      - a\r'.repeat(MB / 40)],
    ['just over 4 MB', B, HEAD + '      - ' + 'x'.repeat(4 * MB + 10)],
    // ---- long files ----
    ['50k commands', B, HEAD + range(50000, (i) => `      - echo ${i}\n`)],
    [
      '50k env variables',
      B,
      'version: 0.2\nenv:\n  variables:\n' + range(50000, (i) => `    V${i}: "${i}"\n`),
    ],
    ['50k duplicate keys', B, 'version: 0.2\nenv:\n  variables:\n' + range(50000, () => `    V: x\n`)],
    ['50k unknown keys', B, 'version: 0.2\n' + range(50000, (i) => `phasez${i}: x\n`)],
    ['50k comment lines', B, HEAD + range(50000, (i) => `# comment ${i}\n`) + '      - make\n'],
    ['50k blank lines', B, HEAD + '\n'.repeat(50000) + '      - make\n'],
    ['50k empty items', B, HEAD + '      -\n'.repeat(50000)],
    ['50k block scalar lines', B, HEAD + '      - |\n' + range(50000, (i) => `        echo ${i}\n`)],
    [
      '50k disable comments',
      B,
      HEAD + range(50000, () => `      # buildspec-disable-next-line unknown-key\n      - x\n`),
    ],
    [
      '25k hooks',
      A,
      APP +
        'hooks:\n  BeforeInstall:\n' +
        range(25000, (i) => `    - location: s${i}.sh\n      timeout: ${i}\n`),
    ],
    ['25k files', A, APP + 'files:\n' + range(25000, (i) => `  - source: /${i}\n    destination: /d\n`)],
    [
      '20k batch tasks in a chain',
      B,
      'version: 0.2\nbatch:\n  build-graph:\n' +
        range(20000, (i) => `    - identifier: t${i}\n      depend-on: [t${i + 1}]\n`),
    ],
    [
      'batch cycle of 20k',
      B,
      'version: 0.2\nbatch:\n  build-graph:\n' +
        range(20000, (i) => `    - identifier: t${i}\n      depend-on: [t${(i + 1) % 20000}]\n`),
    ],
    ['25k documents', B, range(25000, () => '---\nversion: 0.2\n')],
    ['50k CRLF lines', B, (HEAD + range(50000, (i) => `      - echo ${i}\n`)).replace(/\n/g, '\r\n')],
    // ---- deep nesting ----
    ['10k [', B, 'version: 0.2\nphases: ' + '['.repeat(10000)],
    ['10k [ closed', B, 'version: 0.2\nphases: ' + '['.repeat(10000) + ']'.repeat(10000)],
    ['10k {', B, 'version: 0.2\nenv: ' + '{a: '.repeat(10000) + '}'.repeat(10000)],
    ['10k - on one line', B, HEAD + '      ' + '- '.repeat(10000) + 'x'],
    // 1,400 levels fit in 1 MB (10,000 made 50 MB, which only tested the size limit and the editor's
    // line index, not the depth limit).
    ['1400 - levels', B, HEAD + range(1400, (i) => ' '.repeat(6 + i) + '- \n')],
    ['10k [ in commands', B, HEAD + '      - ' + '['.repeat(10000) + ']'.repeat(10000)],
    ['10k [ in appspec', A, APP + 'hooks: ' + '['.repeat(10000) + ']'.repeat(10000)],
    // ---- large and deep, just inside the limits (each edit once took seconds) ----
    ...deepAndWide().map(([name, text]): [string, string, string] => [name, B, text]),
    ['10k [ json', AJ, '{"version": 0.0, "Resources": ' + '['.repeat(10000) + ']'.repeat(10000) + '}'],
    ['1000-deep map', B, 'version: 0.2\nphases:\n' + range(1000, (i) => ' '.repeat(i + 1) + `k${i}:\n`)],
    [
      '2000-deep map under variables',
      B,
      'version: 0.2\nenv:\n variables:\n' + range(2000, (i) => ' '.repeat(i + 2) + `V:\n`),
    ],
    ['1000-deep seq of maps', B, HEAD + range(1000, (i) => ' '.repeat(6 + 2 * i) + '- k:\n')],
    ['deep flow in batch', B, 'version: 0.2\nbatch:\n  build-graph: ' + '[{identifier: '.repeat(3000)],
    ['10k ?', B, '? '.repeat(10000)],
    ['10k nested json', AJ, '{"a":'.repeat(10000) + '1' + '}'.repeat(10000)],
    // ---- aliases and anchors ----
    ['billion laughs', B, laughs('') + 'version: 0.2\nphases:\n  build:\n    commands: *a9\n'],
    [
      'billion laughs in env',
      B,
      'version: 0.2\n' + laughs('') + 'env:\n  variables:\n    X: *a9\n  exported-variables: *a9\n',
    ],
    [
      'billion laughs appspec',
      A,
      laughs('') + 'version: 0.0\nos: linux\nhooks:\n  BeforeInstall: *a9\nfiles: *a9\n',
    ],
    [
      'billion laughs batch',
      B,
      laughs('') +
        'version: 0.2\nbatch:\n  build-graph: *a9\n  build-list: *a9\n  build-matrix:\n    dynamic:\n      env:\n        variables: *a9\n',
    ],
    [
      'merge-key bomb',
      B,
      mergeLaughs() + 'version: 0.2\nphases:\n  <<: *x12\nenv:\n  variables:\n    <<: *x12\n',
    ],
    ['self alias', B, 'version: 0.2\nphases: &p\n  build: *p\n'],
    ['self merge', B, 'version: 0.2\nphases: &p\n  <<: *p\n  build: {commands: [a]}\n'],
    ['alias before anchor', B, 'version: *v\nx: &v 0.2\n'],
    ['undefined alias', B, 'version: 0.2\nphases: *nope\n'],
    ['alias as key', B, 'k: &k version\n*k : 0.2\nphases: {build: {commands: [a]}}\n'],
    ['alias of root', B, '&r\nversion: 0.2\nphases: *r\n'],
    ['merge of scalar', B, 'version: 0.2\nphases:\n  <<: 5\n  <<: *x\n  <<: [1, [2]]\n'],
    [
      'merge into sequence',
      B,
      'a: &a {b: c}\nversion: 0.2\nphases:\n  build:\n    commands:\n      - <<: *a\n',
    ],
    [
      'anchor on everything',
      B,
      '&a version: &b 0.2\n&c phases: &d\n  &e build: &f\n    &g commands: &h\n      - &i a\n',
    ],
    [
      '10k anchors',
      B,
      'version: 0.2\nenv:\n  variables:\n' + range(10000, (i) => `    V${i}: &a${i} x\n`) + '    W: *a9999\n',
    ],
    [
      '10k aliases of one anchor',
      B,
      'x: &a [1, 2, 3]\nversion: 0.2\nphases:\n  build:\n    commands:\n' +
        range(10000, () => '      - *a\n'),
    ],
    ['alias version', A, 'v: &v 0.0\nversion: *v\nos: *v\nhooks: *v\n'],
    // ---- tags ----
    [
      'binary version',
      B,
      'version: !!binary 0.2\nphases: !!binary |\n  R0lGODlhDAAMAIQAAP//9/X17unp5WZmZgAAAOfn515eXvPz7Y6OjuDg4J+fn5\n',
    ],
    ['bad binary', B, 'version: 0.2\nphases:\n  build:\n    commands: !!binary "@@@"\n'],
    [
      'custom tags',
      B,
      'version: !Ref Version\nphases: !GetAtt\n  build: !Sub\n    commands: !!python/object:os.system [rm]\n',
    ],
    [
      'set omap pairs',
      B,
      'version: 0.2\nphases: !!omap\n  - build: {commands: [a]}\nenv: !!set {a, b}\nartifacts: !!pairs [a: 1]\n',
    ],
    ['timestamp and int tags', B, 'version: !!timestamp 2001-12-14\nphases: !!int 5\ncache: !!float .nan\n'],
    ['TAG directive', B, '%TAG !e! tag:e.com,2000:\n---\nversion: !e!v 0.2\nphases: !e!p {}\n'],
    ['verbatim tags', A, 'version: !<tag:yaml.org,2002:str> 0.0\nos: !<!> linux\n'],
    ['bad tag', B, 'version: !!!\nphases: ! !\n'],
    ['YAML 1.2 directive', B, '%YAML 1.2\n---\nversion: 0.2\n'],
    ['YAML 9.9 directive', B, '%YAML 9.9\n---\nversion: 0.2\n'],
    // ---- multiple documents ----
    ['two buildspecs', B, 'version: 0.2\nphases: {build: {commands: [a]}}\n---\nversion: 0.1\nphases: {}\n'],
    ['empty first doc', B, '---\n---\nversion: 0.2\n'],
    ['doc end markers', A, 'version: 0.0\n...\nos: linux\n...\n'],
    // ---- BOMs, line endings ----
    ['BOM', B, '\ufeffversion: 0.2\nphases:\n  build:\n    commands:\n      - a\n'],
    ['BOM mid-file', B, 'version: 0.2\n\ufeffphases:\n  \ufeffbuild:\n'],
    ['two BOMs', A, '\ufeff\ufeffversion: 0.0\n'],
    ['CRLF', B, 'version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - a\r\n'],
    ['lone CR', B, 'version: 0.2\rphases:\r  build:\r    commands:\r      - a\r'],
    ['mixed endings', A, 'version: 0.0\r\nos: linux\rhooks:\n  BeforeInstall:\r\n    - location: a\r'],
    ['CR CR LF', B, 'version: 0.2\r\r\nphases:\r\r\n'],
    ['NEL and LS', B, 'version: 0.2\u0085phases:\u2028  build:\u2029    commands: [a]\n'],
    // ---- binary bytes and surrogates ----
    ['NUL in key', B, 'version: 0.2\nph\0ases:\n  build:\n    commands: [a\0b]\n'],
    ['control chars', B, 'version: 0.2\n' + range(32, (i) => `k${i}: "${String.fromCharCode(i)}"\n`)],
    ['raw control chars', A, APP + range(32, (i) => String.fromCharCode(i) + ': x\n')],
    [
      'lone surrogates',
      B,
      'version: 0.2\nphases:\n  \ud800build:\n    commands:\n      - "\udc00"\n      - \ud83d\n',
    ],
    ['surrogate at end', B, 'version: 0.2\n\ud83d'],
    ['reversed surrogates', A, 'version: 0.0\nos: \udc00\ud800\n'],
    ['noncharacters', B, 'version: 0.2\n\uffff\ufffe: \uffff\n'],
    ['binary noise', B, range(4096, (i) => String.fromCharCode((i * 7919) % 256))],
    // ---- JSON appspecs ----
    [
      'json appspec',
      AJ,
      '{"version": 0.0, "os": "linux", "hooks": {"BeforeInstall": [{"location": "a.sh"}]}}',
    ],
    [
      'json trailing comma',
      AJ,
      '{"version": 0.0, "Resources": [{"A": {"Type": "AWS::Lambda::Function",}},],}',
    ],
    ['json comments', AJ, '// c\n{"version": /* x */ 0.0}'],
    ['json duplicate keys', AJ, '{"version": 0.0, "version": "0.0", "Hooks": [], "Hooks": {}}'],
    [
      'json unterminated',
      AJ,
      '{"version": 0.0, "Resources": [{"A": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "',
    ],
    ['json array root', AJ, '[{"version": 0.0}]'],
    ['json 1 MB string', AJ, '{"version": "' + 'x'.repeat(MB) + '"}'],
    [
      'json 20k hooks',
      AJ,
      '{"version": 0.0, "Hooks": [' + range(20000, (i) => `{"BeforeInstall": "f${i}"},`) + '{}]}',
    ],
    [
      'json minified ecs',
      AJ,
      '{"version":0.0,"Resources":[{"T":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"x","LoadBalancerInfo":{"ContainerName":"c","ContainerPort":"80"}}}}]}',
    ],
    ['json with tabs', AJ, '{\n\t"version":\t0.0,\n\t"os":\t"linux"\n}'],
    ['json escaped keys', AJ, '{"\\u0076ersion": 0.0, "\\ud800": 1, "os\\u0000": "linux"}'],
    ['json buildspec', B, '{"version": 0.2, "phases": {"build": {"commands": ["a", {"b": "c"}]}}}'],
    // ---- odd keys and values ----
    ['complex keys', B, '? [version]\n: 0.2\n? {phases: 1}\n: x\nphases:\n  ? build\n  : commands: [a]\n'],
    ['non-string keys', B, '1: a\nnull: b\ntrue: c\n.inf: d\n0.2: version\nversion: 0.2\n'],
    ['empty keys', A, ': 0.0\n"": x\nversion:\nos:\nhooks:\n  :\n    - location:\n'],
    ['huge version', B, 'version: ' + '9'.repeat(400) + '.' + '9'.repeat(400) + '\n'],
    [
      'version forms',
      B,
      'version: 0.20\nversion: 0x2\nversion: 2e-1\nversion: .2\nversion: 0.2.0\nphases: {}\n',
    ],
    [
      'runtime versions junk',
      B,
      'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: [1, {a: b}]\n      python: 3.10.x.x\n      : 1\n      latest: latest\n      java: corretto' +
        '1'.repeat(500) +
        '\n',
    ],
    [
      'secrets junk',
      B,
      'version: 0.2\nenv:\n  secrets-manager:\n    A: "arn:aws:secretsmanager:::::::::::::"\n    B: ":::"\n    C: [1]\n    D:\n  parameter-store: 5\n',
    ],
    ['block scalar headers', B, HEAD + '      - |9\n  x\n      - >-+\n      - |0\n      - |+\n\n\n'],
    ['tab indentation', B, 'version: 0.2\nphases:\n\tbuild:\n\t\tcommands:\n\t\t\t- a\n'],
    [
      'disable comments',
      B,
      '# buildspec-disable\n# buildspec-disable-next-line\n#buildspec-disable-next-line ,,,, \nversion: 0.2 # buildspec-disable-line' +
        ' x'.repeat(1000) +
        '\n',
    ],
    [
      'hook script paths',
      A,
      APP +
        'hooks:\n  BeforeInstall:\n    - location: ../../../../../../etc/passwd\n    - location: "%2e%2e/%00"\n    - location: file:///x\n    - location: \\\\server\\share\n    - location: ' +
        '/'.repeat(3000) +
        '\n',
    ],
    [
      'buildspec paths in batch',
      B,
      'version: 0.2\nbatch:\n  build-list:\n    - identifier: a\n      buildspec: ../../../' +
        'a/'.repeat(3000) +
        '\n    - identifier: b\n      buildspec: "%zz"\n    - identifier: c\n      buildspec: s3://bucket/key\n',
    ],
  ];
  return [...list.map(([name, uri, text]) => ({ name, uri, text })), ...shellNasty()];
}

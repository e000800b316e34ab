/**
 * Shell inputs for the fuzzer: the buildspec's commands are parsed as shell (server/src/service/shell),
 * so these break the shell text itself — unbalanced quotes, substitutions and compound commands left
 * open, here-documents without their end — in every YAML scalar style and under every `env.shell`, and
 * build pathological scripts: nesting hundreds deep, thousands of pipes, huge here-documents, many and
 * very long commands. Scripts over the parser's length cap (4,000 characters) test that the cap holds;
 * those under it reach the parser.
 */
import { uriFor, type FuzzInput, type Rng, type Seed } from './inputs';
import type { ShellSyntaxExpectation } from './protocol';

// A function, not a constant: inputs.ts imports this module, so uriFor is not defined yet at load time.
const B = () => uriFor('buildspec');
const KB = 1024;

/** Pieces that leave the shell grammar open or strain it. */
const SHELL_SNIPPETS = [
  '"',
  "'",
  '`',
  '$(',
  ')',
  '${',
  '${X:-',
  '${X#',
  '$((',
  '$((1+',
  '<<EOF',
  '<<-EOF',
  "<<'EOF'",
  '<<',
  '<<<',
  'if true; then',
  'then',
  'fi',
  'case $X in',
  'a)',
  ';;',
  ';&',
  'esac',
  'for i in 1 2; do',
  'while :; do',
  'until false; do',
  'do',
  'done',
  '{',
  '}',
  '(',
  '((',
  '[[',
  ']]',
  '\\',
  '\\\n',
  '&&',
  '||',
  '|',
  '|&',
  ';',
  '&',
  '>',
  '2>&',
  '>(',
  '<(',
  '!',
  '#',
  'function f {',
  'f() {',
  'eval "$CODEBUILD_WEBHOOK_HEAD_REF"',
  'bash -c "$CODEBUILD_SOURCE_VERSION"',
  'curl -k https://x | sh',
  'docker login -p $PASSWORD',
  'set -x',
  'export A=',
  'AKIAABCDEFGHIJKLMNOP',
  "$'\\x",
  '$"',
  '\u00e9',
  '😀',
  '\ud800',
  '\t',
  '\r',
  '\0',
];

const WORDS = ['echo', 'make', 'npm ci', 'ls -la', 'cd src', '$HOME', '"$A"', "'b c'", 'x=1', 'test -f a'];

/** The shells a buildspec can name; undefined leaves `env.shell` out. */
const SHELLS = [undefined, undefined, 'bash', 'sh', '/bin/sh', 'powershell.exe', 'cmd.exe', 'pwsh'];

/** PowerShell and cmd are not parsed as bash: whatever their text, no shell syntax error. */
const isWindows = (shell: string | undefined) => !!shell && /^(powershell|pwsh|cmd)/.test(shell);

type Style = 'plain' | 'double' | 'single' | 'folded' | 'literal';
const STYLES: readonly Style[] = ['plain', 'double', 'single', 'folded', 'literal'];

/** One `commands:` item holding `script`, at the item indentation `indent`. */
export function commandItem(script: string, style: Style, indent = '      '): string {
  const body = indent + '  ';
  switch (style) {
    case 'plain':
      return `${indent}- ${script.replace(/\n/g, ' ')}\n`;
    case 'double':
      return `${indent}- "${script.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"\n`;
    case 'single':
      return `${indent}- '${script.replace(/'/g, "''").replace(/\n/g, '\n\n' + body)}'\n`;
    case 'folded':
    case 'literal':
      return (
        `${indent}- ${style === 'folded' ? '>' : '|'}\n` +
        script
          .split('\n')
          .map((l) => body + l + '\n')
          .join('')
      );
  }
}

/** A buildspec whose build phase (and `finally`) runs `items`, under `shell` when given. */
export function buildspecWith(items: string, shell?: string, fin?: string): string {
  return (
    'version: 0.2\n' +
    (shell ? `env:\n  shell: ${shell}\n` : '') +
    'phases:\n  build:\n    commands:\n' +
    items +
    (fin ? '    finally:\n' + fin : '')
  );
}

/** A few lines of shell, each a run of words and open-ended pieces. */
function brokenScript(rng: Rng): string {
  const lines: string[] = [];
  for (let n = 1 + rng.int(5); n > 0; n--) {
    const parts: string[] = [];
    for (let k = 1 + rng.int(6); k > 0; k--)
      parts.push(rng.chance(0.6) ? rng.pick(SHELL_SNIPPETS) : rng.pick(WORDS));
    lines.push(parts.join(rng.chance(0.7) ? ' ' : ''));
  }
  return lines.join('\n');
}

/** Inserts shell pieces into the text of a random list item of a buildspec seed. */
function mutateCommandLines(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const items = lines.flatMap((l, i) => (/^\s+- \S/.test(l) ? [i] : []));
  if (items.length === 0) return text + '\n' + commandItem(brokenScript(rng), rng.pick(STYLES));
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const i = rng.pick(items);
    const start = lines[i].indexOf('- ') + 2;
    const at = start + rng.int(lines[i].length - start + 1);
    const piece = rng.pick(SHELL_SNIPPETS).repeat(rng.chance(0.1) ? 2 + rng.int(200) : 1);
    lines[i] = lines[i].slice(0, at) + piece + lines[i].slice(at);
  }
  return lines.join('\n');
}

/**
 * A mutation aimed at the shell layer: either a buildspec seed with shell pieces in its command items,
 * or a fresh buildspec of broken scripts in random scalar styles and shells.
 */
export function shellCase(rng: Rng, seeds: readonly Seed[]): FuzzInput {
  const buildspecs = seeds.filter((s) => s.family === 'buildspec' && !s.json);
  if (buildspecs.length > 0 && rng.chance(0.5)) {
    const seed = rng.pick(buildspecs);
    return {
      name: `shell-mutated ${seed.name}`,
      uri: B(),
      text: mutateCommandLines(seed.text, rng),
      staleText: seed.text,
    };
  }
  const items = (n: number) =>
    Array.from({ length: n }, () => commandItem(brokenScript(rng), rng.pick(STYLES))).join('');
  const shell = rng.pick(SHELLS);
  const text = buildspecWith(items(1 + rng.int(6)), shell, rng.chance(0.3) ? items(1) : undefined);
  return {
    name: `broken shell scripts (shell ${shell ?? 'default'})`,
    uri: B(),
    text,
    ...(isWindows(shell) ? { shellSyntax: 'none' as const } : {}),
  };
}

const rep = (s: string, n: number) => s.repeat(n);
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

/**
 * Scripts that strain the parser: deep, wide or long. [name, script, style, what validate must say]
 * Past 100 levels of nesting a command is not parsed (the parser would run out of stack) and says so,
 * broken or not; nested just under that, it is parsed and its errors found.
 */
function hardScripts(): [string, string, Style, ShellSyntaxExpectation | undefined][] {
  return [
    ['$( 400 deep', 'echo ' + rep('$(echo ', 400) + 'x' + rep(')', 400), 'plain', 'too-deep'],
    ['$( 400 deep unclosed', 'echo ' + rep('$(echo ', 400), 'literal', 'too-deep'],
    ['$( 150 deep unclosed', 'echo ' + rep('$(echo ', 150), 'plain', 'too-deep'],
    ['$( 99 deep unclosed', 'echo ' + rep('$(echo ', 99), 'plain', 'error'],
    ['if 150 deep without fi', rep('if true; then ', 150) + 'echo x', 'plain', 'too-deep'],
    ['if 100 deep without fi', rep('if true; then\n', 100) + 'echo x\n', 'literal', 'error'],
    ['backticks 300 escaped levels', 'echo ' + rep('`echo \\', 300) + 'x', 'plain', 'error'],
    ['${ 600 deep', 'echo ' + rep('${X:-', 600) + 'x' + rep('}', 600), 'double', 'too-deep'],
    ['$(( 500 deep', 'echo $((' + rep('(', 500) + '1' + rep(')', 500) + '))', 'plain', 'too-deep'],
    ['{ 500 deep', rep('{ ', 500) + 'true' + rep('; }', 500), 'literal', 'too-deep'],
    ['{ 500 deep unclosed', rep('{ ', 500) + 'true', 'folded', 'too-deep'],
    ['subshells 900 deep', rep('(', 900) + 'true' + rep(')', 900), 'plain', 'too-deep'],
    ['subshells 900 deep unclosed', rep('(', 900) + 'true', 'single', 'too-deep'],
    ['subshells 95 deep unclosed', rep('(', 95) + 'true', 'plain', 'error'],
    ['if 200 deep', rep('if true; then\n', 200) + 'echo x\n' + rep('fi\n', 200), 'literal', 'too-deep'],
    ['if 250 deep without fi', rep('if true; then\n', 250) + 'echo x\n', 'literal', 'too-deep'],
    ['case 100 deep', rep('case $A in a)\n', 100) + 'x\n' + rep(';; esac\n', 100), 'literal', 'none'],
    ['for 200 deep without done', rep('for i in a; do\n', 200), 'folded', 'too-deep'],
    ['1900 pipes', rep('a|', 1900) + 'a', 'plain', 'none'],
    ['1300 &&', rep('a&&', 1300) + 'a', 'double', 'none'],
    ['1200 || and |& mixed', rep('a||b|&', 600) + 'c', 'plain', 'none'],
    ['900 backslash continuations', rep('a \\\n', 900) + 'b', 'literal', 'none'],
    ['400 ;;', 'case x in ' + rep('a) b;; ', 400) + 'esac', 'plain', 'none'],
    ['2000 unclosed quotes', rep('"\'', 1000), 'literal', 'error'],
    ['1900-line here-document', 'cat <<EOF\n' + rep('x\n', 1900) + 'EOF', 'literal', 'none'],
    ['1900-line here-document without its end', 'cat <<-EOF\n' + rep('\tx\n', 1300), 'literal', 'error'],
    ['390 here-document starts', rep('cat <<EOF ', 390), 'literal', 'error'],
    ['pipes over the cap: 50k', rep('a|', 50_000) + 'a', 'plain', 'none'],
    ['$( over the cap: 20k deep', rep('$(', 20_000), 'literal', 'none'],
    ['subshells over the cap: 100k deep', rep('(', 100_000) + rep(')', 100_000), 'plain', 'none'],
    ['{ over the cap: 50k deep', rep('{ ', 50_000), 'folded', 'none'],
  ];
}

/** Hand-built shell inputs, each as bash (the default) and, for the first few, under PowerShell and cmd. */
export function shellNasty(): FuzzInput[] {
  const list: [string, string, ShellSyntaxExpectation?][] = [];
  for (const [name, script, style, want] of hardScripts()) {
    list.push([`shell: ${name}`, buildspecWith(commandItem(script, style)), want]);
  }
  // Windows shells get the same texts: they must stay quiet, never a false error, never a hang.
  for (const [name, script, style] of hardScripts().slice(0, 6)) {
    for (const shell of ['powershell.exe', 'cmd.exe'])
      list.push([`shell ${shell}: ${name}`, buildspecWith(commandItem(script, style), shell), 'none']);
  }
  const hereDoc = (lines: number, width: number) =>
    'cat <<EOF > out.txt\n' +
    range(lines, (i) => (width ? `line ${i} ${'h'.repeat(width)} $X\n` : 'x\n')) +
    'EOF';
  const more: [string, string, ShellSyntaxExpectation?][] = [
    // 100,000 lines, just under the 1 MB the server analyses, then the same with long lines, over it.
    ['shell: 100k-line here-document', buildspecWith(commandItem(hereDoc(100_000, 0), 'literal'))],
    ['shell: 2 MB here-document', buildspecWith(commandItem(hereDoc(100_000, 1), 'literal'))],
    [
      'shell: here-document near 1 MB without its end',
      buildspecWith(commandItem(hereDoc(30_000, 10).replace(/EOF$/, ''), 'literal')),
    ],
    [
      'shell: 100k-line here-document under powershell',
      buildspecWith(commandItem(hereDoc(100_000, 0), 'literal'), 'powershell.exe'),

      'none',
    ],
    ['shell: 500 KB single command', buildspecWith(commandItem('echo ' + 'w '.repeat(250 * KB), 'plain'))],
    [
      'shell: 500 KB double-quoted command, quote unclosed',
      buildspecWith(commandItem('echo "' + 'q\\\\ '.repeat(125 * KB), 'double')),
    ],
    [
      'shell: 10k commands, every third broken',
      buildspecWith(
        range(10_000, (i) => commandItem(i % 3 ? `echo ${i} && ls` : `if [ $${i} ]; then "${i}`, 'plain')),
      ),

      'error',
    ],
    [
      'shell: 10k commands under cmd.exe',
      buildspecWith(
        range(10_000, (i) => commandItem(`echo %V${i}% & if exist a (echo ${i}`, 'plain')),
        'cmd.exe',
      ),

      'none',
    ],
    [
      'shell: 10k finally commands',
      buildspecWith(
        commandItem('make', 'plain'),
        undefined,
        range(10_000, (i) => `      - "$(x ${i}"\n`),
      ),

      'error',
    ],
    [
      'shell: set -x with 5000 variables',
      'version: 0.2\nenv:\n  variables:\n' +
        range(5000, (i) => `    SECRET_TOKEN_${i}: "v${i}"\n`) +
        'phases:\n  build:\n    commands:\n      - set -x\n' +
        range(
          5000,
          (i) => `      - echo "$SECRET_TOKEN_${i}" $UNDEFINED_${i}\n      - export E${i}=$((${i}+1))\n`,
        ),

      'none',
    ],
    [
      'shell: 2000 exported variables nobody sets',
      'version: 0.2\nenv:\n  exported-variables:\n' +
        range(2000, (i) => `    - X${i}\n`) +
        'phases:\n  build:\n    commands:\n' +
        range(2000, (i) => `      - export Y${i}=1; echo $X${i}\n`),

      'none',
    ],
  ];
  list.push(...more);
  return list.map(([name, text, want]) => ({ name, uri: B(), text, ...(want ? { shellSyntax: want } : {}) }));
}

/**
 * Build logs are written by whoever can push to the repository: escape codes with absurd parameters,
 * strings that never end, characters that hide or reorder text. Each must cost time and memory bounded by
 * the line, and what the reader sees must be what the log holds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnsiParser, MAX_COLUMNS, MAX_SPANS_PER_LINE, MAX_STRING } from '../../client/src/logs/ansi';
import { LogModel, MAX_LINE_CHARS } from '../../client/src/logs/model';

const E = '\x1b';

function parse(...lines: string[]) {
  const p = new AnsiParser();
  return lines.map((l) => p.parseLine(l));
}

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

describe('escape parameters are capped', () => {
  it('a cursor move to column 100,000,000 stays within the line cap', () => {
    const heap = process.memoryUsage().heapUsed;
    const { value: l, ms } = timed(() => parse(`a${E}[100000000Gb`, `c${E}[99999999999999999999Cd`));
    assert.ok(ms < 1000, `took ${ms} ms`);
    assert.ok(process.memoryUsage().heapUsed - heap < 50e6, 'no array filled to the column');
    for (const line of l) assert.ok(line.text.length <= MAX_COLUMNS, String(line.text.length));
    assert.equal(l[0].text, 'a', 'what lands past the cap is not shown');
    assert.equal(l[0].cut, true);
  });

  it('moves within the line still work: column, forward, back, erase', () => {
    const [g] = parse(`x${E}[5Gy`);
    assert.equal(g.text, 'x   y');
    const [c] = parse(`ab${E}[3Ccd${E}[2De`);
    assert.equal(c.text, 'ab   ed');
    const [k] = parse(`abcdef${E}[3G${E}[1K!`);
    assert.equal(k.text, '  !def', 'erase to the start of the line, then write');
    const [edge] = parse(`${'a'.repeat(5000)}\r${E}[${MAX_COLUMNS}Gz`);
    assert.equal(edge.text.length, MAX_COLUMNS, 'the last column is still a column');
    assert.ok(edge.text.endsWith('z'));
    const [short] = parse(`${E}[${MAX_COLUMNS}G#`);
    assert.ok(
      short.text.length <= 80 + 4 * 10,
      `a 10-character line does not become ${short.text.length} columns wide`,
    );
    const [right] = parse(`${E}[70G[ OK ]`);
    assert.equal(right.text, `${' '.repeat(69)}[ OK ]`, 'a move within a terminal width is kept');
  });

  it('an SGR list of 100,000 parameters applies the first 32 and reads the rest once', () => {
    const bomb = `${E}[${'1;'.repeat(100_000)}31mred${E}[0m`;
    const { value: l, ms } = timed(() => parse(bomb)[0]);
    assert.ok(ms < 500, `took ${ms} ms`);
    assert.equal(l.text, 'red');
    assert.deepEqual(l.spans[0].style, { bold: true }, 'the colour past the 32nd parameter is not read');
    const [huge] = parse(`${E}[38;5;99999999999999999999mx`);
    assert.deepEqual(huge.spans, [], 'an out-of-range colour is ignored');
  });

  it('an OSC string without its terminator hides at most MAX_STRING characters', () => {
    const [short] = parse(`done${E}]0;title that never ends`);
    assert.equal(short.text, 'done');
    const [long] = parse(`ok ${E}]0;${'t'.repeat(MAX_STRING - 2)}visible`);
    assert.equal(long.text, 'ok visible', 'the text after the cap is shown');
    const [esc] = parse(`${E}]0;title${E}[31mred`);
    assert.equal(esc.text, 'red', 'any ESC ends the string and starts its own sequence');
    assert.deepEqual(esc.spans[0].style, { fg: { kind: 'ansi', index: 1 } });
    const { ms } = timed(() => parse(`${E}]${'x'.repeat(20)}`.repeat(20_000)));
    assert.ok(ms < 1000, `20,000 unterminated strings took ${ms} ms`);
  });

  it('a line has at most MAX_SPANS_PER_LINE spans, and equal styles make one span', () => {
    const rainbow = Array.from({ length: 5000 }, (_, i) => `${E}[3${1 + (i % 6)}m#`).join('');
    const [l] = parse(rainbow);
    assert.equal(l.text, '#'.repeat(5000));
    assert.equal(l.spans.length, MAX_SPANS_PER_LINE);
    const [same] = parse(`${E}[31ma${E}[31mb${E}[0;31mc`);
    assert.equal(same.spans.length, 1, 'the same colour set again continues the span');
  });

  it('a long line of text or codes is cut at the line cap', () => {
    const [plain] = parse('x'.repeat(MAX_COLUMNS + 5));
    assert.equal(plain.text.length, MAX_COLUMNS);
    assert.equal(plain.cut, true);
    const [coloured] = parse(`${E}[32m${'x'.repeat(MAX_COLUMNS + 5)}${E}[0m after`);
    assert.equal(coloured.text.length, MAX_COLUMNS);
    const [next] = new AnsiParser().parseLine(`${E}[32m${'x'.repeat(MAX_COLUMNS + 5)}${E}[0m`).spans;
    assert.equal(next.end, MAX_COLUMNS);
  });
});

describe('invisible and bidi characters stay visible', () => {
  it('bidi controls, zero-width characters and tag characters become <U+XXXX> markers', () => {
    const [l] = parse('if (user !== "admin\u202E \u2066// check\u2069 \u2066") {');
    assert.equal(l.text, 'if (user !== "admin<U+202E> <U+2066>// check<U+2069> <U+2066>") {');
    const [z] = parse('rm -rf ./bu\u200Bild \uFEFFok\u00AD \u{E0041}\u{E0042}');
    assert.equal(z.text, 'rm -rf ./bu<U+200B>ild <U+FEFF>ok<U+00AD> <U+E0041><U+E0042>');
    const [sep] = parse('a\u2028b\u2029c\u061Cd\u200Ee\u200Ff');
    assert.equal(sep.text, 'a<U+2028>b<U+2029>c<U+061C>d<U+200E>e<U+200F>f');
  });

  it('stray C0 and C1 controls are shown; BEL, SO and SI act as in a terminal and show nothing', () => {
    const [l] = parse('nul\x00 vt\x0b del\x7f c1\u0085\u009b31m bell\x07 si\x0f');
    assert.equal(l.text, 'nul<U+0000> vt<U+000B> del<U+007F> c1<U+0085><U+009B>31m bell si');
  });

  it('emoji sequences and ordinary text are left alone', () => {
    const [l] = parse('👩‍💻 ✔️ déjà vu · 漢字 — “quotes”');
    assert.equal(l.text, '👩‍💻 ✔️ déjà vu · 漢字 — “quotes”');
  });

  it('colour spans count the markers, so colours stay on the text they were on', () => {
    const [l] = parse(`a\u202E${E}[31mred${E}[0m\u200B${E}[32mgreen`);
    assert.equal(l.text, 'a<U+202E>red<U+200B>green');
    assert.deepEqual(
      l.spans.map((s) => l.text.slice(s.start, s.end)),
      ['red', 'green'],
    );
    const [cr] = parse(`xx\rab\u202E${E}[31mc`);
    assert.equal(cr.text, 'ab<U+202E>c', 'the cell grid writes markers too');
    assert.equal(cr.text.slice(cr.spans[0].start, cr.spans[0].end), 'c');
  });
});

describe('the model bounds every stage', () => {
  it('a line cut by the parser says so', () => {
    const m = new LogModel();
    m.append([{ timestamp: 1, message: `${E}[31m${'y'.repeat(MAX_LINE_CHARS + 10)}` }]);
    const line = m.line(0)!;
    assert.match(line.text, /… \(line cut at 20,000 characters\)$/);
    assert.equal(line.spans[0].end, MAX_LINE_CHARS);
  });

  it('colour spans count against the memory cap', () => {
    const m = new LogModel({ maxChars: 100_000 });
    const many = Array.from({ length: 500 }, (_, i) => `${E}[3${1 + (i % 6)}m#`).join('');
    m.append(Array.from({ length: 200 }, () => ({ timestamp: 1, message: many })));
    // 200 lines of 500 characters are 100,000 characters; with 500 spans each, far fewer fit.
    assert.ok(m.size < 20, `${m.size} lines held`);
    assert.ok(m.firstLine > 180);
  });

  it('the problem reader sees the start of a very long line', () => {
    const m = new LogModel();
    m.append([{ timestamp: 1, message: `src/a.ts(1,2): error TS1005: ${'x'.repeat(10_000)}` }]);
    assert.equal(m.problems.problems.length, 1);
    assert.ok(m.problems.problems[0].message.length < 5000);
  });
});

/** Colour decorations: a bounded number of types whatever the log, a bounded number of ranges per pass. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnsiParser, type StyleSpan } from '../../client/src/logs/ansi';
import { LogModel } from '../../client/src/logs/model';
import {
  EXACT_COLOURS,
  MARGIN,
  MAX_DECORATION_TYPES,
  MAX_RANGES_PER_LINE,
  MAX_RANGES_PER_PASS,
  Palette,
  passLines,
  planPass,
  quantize,
} from '../../client/src/logs/palette';

const E = '\x1b';

function spansOf(raw: string): StyleSpan[] {
  return new AnsiParser().parseLine(raw).spans;
}

describe('decoration types', () => {
  it('one type per property: colours, bold, italic, dim and lines combine by overlapping', () => {
    const p = new Palette();
    const [s] = spansOf(`${E}[1;3;2;4;9;31;48;2;16;32;48mx`);
    assert.deepEqual(
      p.partsOf(s.style).map((x) => x.key),
      ['fg:terminal.ansiRed', 'bg:#102030', 'bold', 'italic', 'dim', 'line:underline line-through'],
    );
    const [inv] = spansOf(`${E}[7;32mx`);
    assert.deepEqual(
      p.partsOf(inv.style).map((x) => [x.key, x.color ?? x.backgroundColor]),
      [
        ['fg:editor.background', { theme: 'editor.background' }],
        ['bg:terminal.ansiGreen', { theme: 'terminal.ansiGreen' }],
      ],
    );
  });

  it('700,000 distinct colours make at most MAX_DECORATION_TYPES types', () => {
    const p = new Palette();
    const hex = (i: number) => `#${(i * 23).toString(16).padStart(6, '0')}`;
    for (let i = 0; i < 700_000; i++) {
      p.partsOf({
        fg: { kind: 'rgb', hex: hex(i) },
        bg: { kind: 'rgb', hex: hex(700_000 - i) },
        bold: i % 2 === 0,
      });
    }
    assert.ok(p.typeCount <= MAX_DECORATION_TYPES, String(p.typeCount));
    assert.ok(MAX_DECORATION_TYPES < 1100);
    // Through the parser too: a log line per colour.
    const parser = new AnsiParser();
    const q = new Palette();
    for (let i = 0; i < 20_000; i++) {
      const { spans } = parser.parseLine(`${E}[38;2;${i & 0xff};${(i >> 8) & 0xff};${i % 7}mx${E}[0m`);
      q.partsOf(spans[0].style);
    }
    assert.ok(q.typeCount <= MAX_DECORATION_TYPES, String(q.typeCount));
  });

  it('the first colours are exact, later ones the nearest xterm colour', () => {
    const p = new Palette();
    const hex = (i: number) => `#${i.toString(16).padStart(6, '0')}`;
    const fgOf = (h: string) => {
      const [r, g, b] = [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
      return p.partsOf(spansOf(`${E}[38;2;${r};${g};${b}mx`)[0].style)[0].color;
    };
    for (let i = 0; i < EXACT_COLOURS; i++) assert.deepEqual(fgOf(hex(i * 3)), { hex: hex(i * 3) });
    assert.deepEqual(fgOf('#fe0102'), { hex: '#ff0000' }, 'past the limit');
    assert.deepEqual(fgOf(hex(0)), { hex: '#000000' }, 'an exact colour stays exact');
    assert.equal(quantize('#808080'), '#808080');
    assert.equal(quantize('#7a7a7a'), '#767676');
    assert.equal(quantize('#5f87af'), '#5f87af');
    assert.equal(quantize('#01ff02'), '#00ff00');
  });
});

describe('one pass', () => {
  it('decorates the visible lines first, then outwards, each line once', () => {
    const lines = passLines([{ start: 500, end: 502 }], 1000);
    assert.deepEqual(lines.slice(0, 7), [500, 501, 502, 503, 499, 504, 498]);
    assert.equal(lines.length, 3 + 2 * MARGIN);
    const twice = passLines(
      [
        { start: 0, end: 5 },
        { start: 3, end: 8 },
      ],
      20,
    );
    assert.equal(new Set(twice).size, twice.length);
    assert.equal(twice.length, 20);
  });

  it('hands out at most MAX_RANGES_PER_PASS ranges, however many spans the lines hold', () => {
    const m = new LogModel();
    const rainbow = Array.from({ length: 1000 }, (_, i) => `${E}[3${1 + (i % 6)};1m#`).join('');
    m.append(Array.from({ length: 700 }, () => ({ timestamp: 1, message: rainbow })));
    const plan = planPass(m, [{ start: 0, end: 50 }], m.size, new Palette());
    assert.ok(plan.ranges <= MAX_RANGES_PER_PASS, String(plan.ranges));
    assert.equal(plan.truncated, true);
    const perLine = new Map<number, number>();
    for (const { ranges } of plan.byPart.values())
      for (const [line] of ranges) perLine.set(line, (perLine.get(line) ?? 0) + 1);
    assert.ok(Math.max(...perLine.values()) <= MAX_RANGES_PER_LINE);
    const firstLines = new Set([...plan.byStyle.values()].flat().map(([line]) => line));
    for (let l = 0; l <= 50; l++) assert.ok(firstLines.has(l), `visible line ${l} is decorated`);
  });

  it('groups ranges by type and by style', () => {
    const m = new LogModel();
    m.append([{ timestamp: 1, message: `${E}[32mok${E}[0m and ${E}[1;32mbold${E}[0m` }]);
    const plan = planPass(m, [{ start: 0, end: 0 }], 1, new Palette());
    assert.deepEqual(plan.byPart.get('fg:terminal.ansiGreen')?.ranges, [
      [0, 0, 2],
      [0, 7, 11],
    ]);
    assert.deepEqual(plan.byPart.get('bold')?.ranges, [[0, 7, 11]]);
    assert.deepEqual([...plan.byStyle.keys()], ['2|||||||', '2||b|||||']);
    assert.equal(plan.ranges, 3);
  });
});

/** ANSI escape codes in build output: what the reader sees is plain text with styled runs, never garbage. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnsiParser, stripAnsi, styleKey, xterm256 } from '../../client/src/logs/ansi';

const E = '\x1b';

function parse(...lines: string[]) {
  const p = new AnsiParser();
  return lines.map((l) => p.parseLine(l));
}

describe('ANSI SGR', () => {
  it('hides colour codes and spans the coloured text', () => {
    const [l] = parse(`${E}[32m✔${E}[0m passes ${E}[1;31mFAIL${E}[22;39m done`);
    assert.equal(l.text, '✔ passes FAIL done');
    assert.deepEqual(
      l.spans.map((s) => [l.text.slice(s.start, s.end), styleKey(s.style)]),
      [
        ['✔', '2|||||||'],
        ['FAIL', '1||b|||||'],
      ],
    );
  });

  it('reads 256-colour and truecolor, backgrounds, italic, underline, dim, inverse, strike', () => {
    const [l] = parse(`${E}[38;5;208ma${E}[48;2;16;32;48;3mb${E}[0;4;2;7;9mc${E}[38;5;9md${E}[m e`);
    assert.equal(l.text, 'abcd e');
    const styles = l.spans.map((s) => s.style);
    assert.deepEqual(styles[0], { fg: { kind: 'rgb', hex: xterm256(208) } });
    assert.equal(xterm256(208), '#ff8700');
    assert.equal(xterm256(244), '#808080');
    assert.deepEqual(styles[1], {
      fg: { kind: 'rgb', hex: '#ff8700' },
      bg: { kind: 'rgb', hex: '#102030' },
      italic: true,
    });
    assert.deepEqual(styles[2], { underline: true, dim: true, inverse: true, strike: true });
    assert.deepEqual(styles[3].fg, { kind: 'ansi', index: 9 }, 'palette entries below 16 stay theme colours');
    assert.equal(l.spans.length, 4, 'the reset ends the last span');
  });

  it('carries the style over to the next line until a reset', () => {
    const [a, b, c] = parse(`${E}[33mwarn: start`, 'still yellow', `${E}[0mplain`);
    assert.equal(a.spans.length, 1);
    assert.deepEqual(b.spans, [{ start: 0, end: 12, style: { fg: { kind: 'ansi', index: 3 } } }]);
    assert.deepEqual(c.spans, []);
    assert.equal(c.text, 'plain');
  });

  it('drops other CSI, OSC titles and links (keeping link text), charset switches and stray controls', () => {
    const [l] = parse(
      `${E}[?25l${E}]0;title${'\x07'}${E}]8;;https://x.example/${E}\\docs${E}]8;;${E}\\ ${E}(Bok${'\x07'}${E}[2A!${E}[?25h`,
    );
    assert.equal(l.text, 'docs ok!');
    assert.ok(
      [...l.text].every((ch) => ch.charCodeAt(0) >= 0x20),
      JSON.stringify(l.text),
    );
  });

  it('shows the last state of a progress bar redrawn with \\r, and erase-line', () => {
    const [l] = parse(`Downloading  10%\rDownloading  55%\rDownloading 100%`);
    assert.equal(l.text, 'Downloading 100%');
    const [k] = parse(`long old progress text\r${E}[Kshort`);
    assert.equal(k.text, 'short');
    const [o] = parse('abcdef\rXY');
    assert.equal(o.text, 'XYcdef', 'a shorter redraw overwrites only what it writes, like a terminal');
    const [crlf] = parse('windows line\r');
    assert.equal(crlf.text, 'windows line');
  });

  it('a coloured redraw keeps the colour of what is visible', () => {
    const [l] = parse(`${E}[31m[----]${E}[0m\r${E}[32m[####]${E}[0m ok`);
    assert.equal(l.text, '[####] ok');
    assert.deepEqual(
      l.spans.map((s) => [l.text.slice(s.start, s.end), s.style.fg]),
      [['[####]', { kind: 'ansi', index: 2 }]],
    );
  });

  it('an unterminated sequence at the end of a line shows nothing', () => {
    assert.equal(stripAnsi(`done${E}[3`), 'done');
    assert.equal(stripAnsi(`done${E}]0;tit`), 'done');
  });
});

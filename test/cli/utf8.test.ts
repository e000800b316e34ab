/** Where a file stops being UTF-8: the byte the linter names, for every way a sequence can be wrong. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeUtf8Error, firstUtf8Error } from '../../server/src/lint/utf8';

const at = (bytes: number[]) => firstUtf8Error(Uint8Array.from(bytes));

describe('firstUtf8Error', () => {
  it('accepts what TextDecoder accepts: ASCII, 2-, 3- and 4-byte sequences, the edges of the range', () => {
    const text = 'a\u00e9\u20ac\u{1f600}\u{10ffff}\ud7ff\ue000\n';
    assert.equal(firstUtf8Error(Buffer.from(text, 'utf8')), undefined);
  });

  it('names the lead byte of a bad sequence, and counts lines before it', () => {
    const cases: [string, number[], number][] = [
      ['a lone continuation byte', [0x61, 0x0a, 0x80], 2],
      ['Latin-1 é followed by ASCII', [0x63, 0x61, 0x66, 0xe9, 0x0a], 3],
      ['an overlong 2-byte form', [0xc0, 0xaf], 0],
      ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], 0],
      ['an overlong 4-byte form', [0xf0, 0x80, 0x80, 0xaf], 0],
      ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
      ['a code point over U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
      ['a sequence cut by the end of the file', [0x61, 0xe2, 0x82], 1],
      ['0xFF, never in UTF-8', [0x0a, 0x0a, 0xff], 2],
    ];
    for (const [what, bytes, offset] of cases) {
      const e = at(bytes);
      assert.ok(e, what);
      assert.equal(e.offset, offset, what);
      assert.equal(e.byte, bytes[offset], what);
      assert.equal(e.line, bytes.slice(0, offset).filter((b) => b === 0x0a).length + 1, what);
      // TextDecoder agrees that the file is not UTF-8.
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes)), what);
    }
  });

  it('says it as the linter prints it', () => {
    assert.equal(describeUtf8Error(at([0x0a, 0x63, 0xe9])!), 'byte 0xE9 at offset 2 (line 2)');
  });
});

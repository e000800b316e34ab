/** The log model: events to lines, escape codes hidden, structure kept, and the memory cap. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { droppedHeader, LogModel, MAX_LINE_CHARS, MAX_LOG_LINES } from '../../client/src/logs/model';

const ev = (message: string, timestamp = 1) => ({ timestamp, message });

describe('log model', () => {
  it('splits events into lines, one event may hold several, and hides escape codes', () => {
    const m = new LogModel();
    const r = m.append([
      ev('[Container] 2024/01/12 10:00:00.000 Entering phase BUILD\n'),
      ev('\x1b[31ma\x1b[0m\nb\r\n'),
      ev('c'),
    ]);
    assert.deepEqual(r, { added: 4, dropped: 0 });
    assert.equal(m.text(), '[Container] 2024/01/12 10:00:00.000 Entering phase BUILD\na\nb\nc');
    assert.equal(m.line(1)?.spans.length, 1);
    assert.equal(m.structure.phases[0].endLine, 3);
  });

  it('keeps at most maxLines, with a header saying how many earlier lines are not loaded', () => {
    const m = new LogModel({ maxLines: 5 });
    m.append([ev('[Container] 2024/01/12 10:00:00.000 Entering phase BUILD\n')]);
    const r = m.append(Array.from({ length: 9 }, (_, i) => ev(`line ${i + 1}\n`)));
    assert.deepEqual(r, { added: 9, dropped: 5 });
    assert.equal(m.size, 5);
    assert.equal(m.firstLine, 5);
    assert.equal(m.totalLines, 10);
    const lines = m.text().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0], /^… 5 earlier lines are not loaded \(this view keeps the last 5 lines\)/);
    assert.match(lines[0], /Load Earlier Log Lines/);
    assert.deepEqual(lines.slice(1), ['line 5', 'line 6', 'line 7', 'line 8', 'line 9']);
    assert.equal(m.toDocLine(5), 1);
    assert.equal(m.toAbsLine(0), undefined, 'the header is no log line');
    assert.equal(m.toAbsLine(5), 9);
    assert.equal(m.structure.phases[0].startLine, 0, 'the structure keeps dropped phases');
    assert.equal(m.structure.phases[0].endLine, 9);
  });

  it('keeps at most maxChars of text', () => {
    const m = new LogModel({ maxChars: 100 });
    m.append(Array.from({ length: 20 }, (_, i) => ev(`${String(i).padStart(2, '0')}${'x'.repeat(18)}\n`)));
    assert.ok(m.size <= 5 && m.size >= 4, String(m.size));
    assert.ok(m.text().endsWith(`19${'x'.repeat(18)}`));
  });

  it('cuts absurdly long lines', () => {
    const m = new LogModel();
    m.append([ev('y'.repeat(MAX_LINE_CHARS + 10))]);
    assert.match(m.text(), /… \(line cut at 20,000 characters\)$/);
  });

  it('takes 100,000 lines with the default cap, then drops from the head', () => {
    assert.equal(MAX_LOG_LINES, 100_000);
    const m = new LogModel();
    const started = Date.now();
    for (let page = 0; page < 11; page++) {
      m.append(
        Array.from({ length: 10_000 }, (_, i) =>
          ev(`\x1b[32mok\x1b[0m ${page}-${i} some typical output of a test runner\n`),
        ),
      );
    }
    const text = m.text();
    const ms = Date.now() - started;
    assert.equal(m.size, 100_000);
    assert.equal(m.firstLine, 10_000);
    assert.equal(text.split('\n')[0], droppedHeader(10_000, m.limits));
    assert.ok(ms < 5000, `110,000 lines took ${ms} ms`);
  });
});

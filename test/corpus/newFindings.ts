/**
 * Prints the findings of the given rule codes on every corpus file, as `file:line code message`, for
 * a person to read before a rule ships: `node --import tsx test/corpus/newFindings.ts CODE…`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/index';
import { REPO } from '../support/docs';

const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
const codes = new Set(process.argv.slice(2));
const service = new LanguageService();
const rows = readFileSync(path.join(CORPUS, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
for (const row of rows) {
  const [file, , repoPath] = row.split('\t');
  const text = readFileSync(path.join(CORPUS, file), 'utf8');
  const doc = TextDocument.create(`file:///repo/${repoPath}`, 'yaml', 1, text);
  for (const d of service.validate(doc)) {
    if (!codes.has(String(d.code))) continue;
    const line = text.split('\n')[d.range.start.line] ?? '';
    console.log(
      `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`,
    );
    console.log(`    | ${line.trim().slice(0, 160)}`);
  }
}

/**
 * The shell and security rules on the real-world corpus: exactly the findings a person read and judged
 * right (the judgement of each is in the comment). A new finding, or a lost one, fails until reviewed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/index';
import { REPO } from '../support/docs';

const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
const CODES = new Set([
  'shell-syntax',
  'untrusted-input-as-code',
  'plaintext-credential',
  'docker-login-password',
  'secret-in-log',
  'remote-script-pipe',
  'tls-verification-disabled',
  'exported-variable-not-set',
]);

/** `file-number:line:code`, each checked by reading the line. */
const REVIEWED = [
  // Installers piped into a shell: rustup, Pulumi, NodeSource, dotnet-install. Right: run unverified.
  '011:16:remote-script-pipe',
  '162:14:remote-script-pipe',
  '163:13:remote-script-pipe',
  '179:9:remote-script-pipe',
  '202:21:remote-script-pipe',
  '204:21:remote-script-pipe',
  '209:5:remote-script-pipe',
  '221:12:remote-script-pipe',
  '222:9:remote-script-pipe',
  // `echo "CODECOV_TOKEN=$CODECOV_TOKEN"`: prints a token into the log. Right.
  '051:16:secret-in-log',
  // `docker login -u $DOCKER_USERNAME -p $DOCKER_PASSWORD`. Right.
  '165:19:docker-login-password',
  // `curl -sk https://$NLB:8443/…` against the service under test: certificate checks off. Right.
  '291:50:tls-verification-disabled',
  '291:66:tls-verification-disabled',
  '291:73:tls-verification-disabled',
  '291:83:tls-verification-disabled',
  // AWS's sample buildspec copied with its placeholder `exported-variables: [variable, variable]`. Right.
  '254:14:exported-variable-not-set',
  '254:15:exported-variable-not-set',
  '277:13:exported-variable-not-set',
  '277:14:exported-variable-not-set',
];

/**
 * `undefined-variable` hints on the corpus, read by name: nearly all are set in the project's environment
 * (S3_BUCKET, IMAGE_TAG, AWS_ACCOUNT_ID in AWS's samples), which the file cannot show; hence a hint.
 */
const UNDEFINED_VARIABLE_HINTS = 127;

/** Every corpus buildspec's diagnostics, computed once for both tests. */
function lintAll(): { file: string; diagnostics: Diagnostic[] }[] {
  const service = new LanguageService();
  const rows = readFileSync(path.join(CORPUS, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows
    .map((row) => row.split('\t'))
    .filter(([file]) => file.startsWith('buildspec/'))
    .map(([file, , repoPath]) => {
      const text = readFileSync(path.join(CORPUS, file), 'utf8');
      const doc = TextDocument.create(`file:///repo/${repoPath}`, 'yaml', 1, text);
      return { file: path.basename(file).slice(0, 3), diagnostics: service.validate(doc) };
    });
}

describe(
  'shell rules on the corpus',
  { skip: !existsSync(CORPUS) && `corpus not found at ${CORPUS}` },
  () => {
    const all = existsSync(CORPUS) ? lintAll() : [];

    it('report exactly the reviewed findings', () => {
      const got = all.flatMap(({ file, diagnostics }) =>
        diagnostics
          .filter((d) => CODES.has(String(d.code)))
          .map((d) => `${file}:${d.range.start.line + 1}:${String(d.code)}`),
      );
      assert.deepEqual(got.sort(), [...REVIEWED].sort());
    });

    it('gives undefined variables only as hints, as many as were read', () => {
      const hints = all.flatMap(({ diagnostics }) =>
        diagnostics.filter((d) => d.code === 'undefined-variable'),
      );
      assert.ok(hints.every((d) => d.severity === DiagnosticSeverity.Hint));
      assert.equal(hints.length, UNDEFINED_VARIABLE_HINTS);
    });
  },
);

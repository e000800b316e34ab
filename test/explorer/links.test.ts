/** Which URLs open as the AWS console, which are labelled as other sites, which are never opened. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyUrl, isConsoleHost } from '../../client/src/explorer/links';

describe('URL classification', () => {
  it('opens https pages on the console hosts of every partition', () => {
    for (const url of [
      'https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/p/view?region=us-east-1',
      'https://console.aws.amazon.com/codebuild/home?region=eu-west-1#/builds/x/view/new',
      'https://cn-north-1.console.amazonaws.cn/codesuite/codebuild/projects',
      'https://us-gov-west-1.console.amazonaws-us-gov.com/codesuite/codepipeline/pipelines',
      'https://US-EAST-1.Console.AWS.Amazon.com/x',
    ])
      assert.equal(classifyUrl(url).kind, 'console', url);
  });

  it('labels other sites with their host, console look-alikes included', () => {
    const cases: [string, string][] = [
      ['https://reviews.example.com/change/42', 'reviews.example.com'],
      ['https://console.aws.amazon.com.evil.example/x', 'console.aws.amazon.com.evil.example'],
      ['https://evilconsole.aws.amazon.com/x', 'evilconsole.aws.amazon.com'],
      ['https://a.b.console.aws.amazon.com/x', 'a.b.console.aws.amazon.com'],
      ['http://us-east-1.console.aws.amazon.com/x', 'us-east-1.console.aws.amazon.com'],
      ['https://us-east-1.console.aws.amazon.com:8443/x', 'us-east-1.console.aws.amazon.com:8443'],
      ['https://evil.example/us-east-1.console.aws.amazon.com/codesuite', 'evil.example'],
    ];
    for (const [url, host] of cases) {
      const c = classifyUrl(url);
      assert.equal(c.kind, 'external', url);
      assert.equal(c.kind === 'external' && c.host, host, url);
    }
  });

  it('never opens other schemes, credentials in the address, or an endless address', () => {
    for (const url of [
      'command:workbench.action.quit',
      'file:///etc/passwd',
      'vscode://vscode.git/clone?url=x',
      'javascript:alert(1)',
      'data:text/html,hi',
      'https://user:secret@console.aws.amazon.com/x',
      'not a url',
      '',
      `https://console.aws.amazon.com/${'a'.repeat(5000)}`,
    ])
      assert.equal(classifyUrl(url).kind, 'refused', url);
  });

  it('knows the console hosts', () => {
    assert.ok(isConsoleHost('console.aws.amazon.com'));
    assert.ok(isConsoleHost('eu-central-2.console.aws.amazon.com'));
    assert.ok(!isConsoleHost('aws.amazon.com'));
    assert.ok(!isConsoleHost('console.aws.amazon.com.example'));
  });
});

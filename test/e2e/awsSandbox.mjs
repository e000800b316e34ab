// The AWS sandbox: the wire-protocol fake of test/aws/fake with throw-away AWS config and credentials files.
// The real-host tests run the explorer against it (the tests' seed), and `npm start` uses it when no AWS
// setup is found, so a newcomer sees the explorer working: there it plays the story (test/aws/fake/story.ts)
// and tells the extension it is a sandbox (AWS_CICD_SANDBOX=1), which labels every connection so. No real
// AWS endpoint is reachable through it.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts the AWS fake (test/e2e/fake.ts) and writes throw-away AWS config and credentials files; returns
 * the environment that points the extension host at it. No real AWS endpoint is ever reachable.
 * `story`: the sandbox's story instead of the tests' seed, and the extension is told it is a sandbox.
 */
export async function startAwsFake(awsDir, onCleanup, say = console.log, { story = false } = {}) {
  mkdirSync(awsDir, { recursive: true });
  const config = path.join(awsDir, 'config');
  const credentials = path.join(awsDir, 'credentials');
  writeFileSync(
    config,
    '[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\n\n' +
      // Signed in through IAM Identity Center, but never signed in here: its token cache is empty.
      '[profile sso-dev]\nsso_session = e2e\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n\n' +
      '[sso-session e2e]\nsso_start_url = https://e2e.awsapps.com/start\nsso_region = us-east-1\n',
  );
  writeFileSync(
    credentials,
    '[default]\naws_access_key_id = AKIAFAKEE2E000000000\naws_secret_access_key = fake-e2e-secret\n\n' +
      '[dev]\naws_access_key_id = AKIAFAKEE2E000000001\naws_secret_access_key = fake-e2e-secret\n',
  );
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'e2e', 'fake.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    // Set either way: a variable left in the caller's environment must not change the tests' seed.
    env: { ...process.env, AWS_FAKE_SEED: story ? 'story' : 'tests' },
  });
  onCleanup(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  const { url, control } = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the AWS fake did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the AWS fake exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
  });
  say(`AWS fake${story ? ' (sandbox story)' : ''} ${url} (control ${control}, pid ${child.pid})`);
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEE2E000000000',
    AWS_SECRET_ACCESS_KEY: 'fake-e2e-secret',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    E2E_AWS_FAKE_CONTROL: control,
    ...(story ? { AWS_CICD_SANDBOX: '1' } : {}),
  };
}

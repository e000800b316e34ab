/** Credentials as the AWS CLI finds them: profiles, credential_process, SSO and assume-role with MFA. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { listProfiles, openAdapter, type AwsAdapter } from '../../client/src/aws/index';
import { startFake, type FakeAws } from './fake/server';
import { FAKE_SECRET, sandbox, type Sandbox, failure } from './sandbox';

const ROLE = 'arn:aws:iam::123456789012:role/Admin';
const MFA = 'arn:aws:iam::123456789012:mfa/dev';

describe('credentials', () => {
  let fake: FakeAws;
  let box: Sandbox | undefined;
  let aws: AwsAdapter | undefined;

  before(async () => {
    fake = await startFake({ pipelines: 2, projects: 2, buildsPerProject: 0 });
  });
  afterEach(() => {
    aws?.dispose();
    aws = undefined;
    box?.restore();
    box = undefined;
  });
  after(() => fake.stop());

  it('uses a named profile from the credentials file, and its region from the config file', async () => {
    box = sandbox({
      credentials: `[dev]\naws_access_key_id = AKIADEVPROFILE000001\naws_secret_access_key = ${FAKE_SECRET}\n`,
      config: '[profile dev]\nregion = eu-west-1\n',
      // Env keys are present too: a named profile must win over them, as in the CLI.
      env: {
        AWS_ENDPOINT_URL: fake.url,
        AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENT00001',
        AWS_SECRET_ACCESS_KEY: 'x',
      },
    });
    aws = await openAdapter({ profile: 'dev' });
    assert.equal(await aws.clients.region(), 'eu-west-1');
    fake.resetCounts();
    await aws.codepipeline.listPipelines();
    assert.deepEqual(fake.accessKeys, ['AKIADEVPROFILE000001']);
  });

  it('runs credential_process and signs with what it prints', async () => {
    box = sandbox({ env: { AWS_ENDPOINT_URL: fake.url } });
    const script = box.script(
      'creds.sh',
      `#!/bin/sh\necho '{"Version": 1, "AccessKeyId": "AKIAPROCESS000000001", "SecretAccessKey": "${FAKE_SECRET}", "SessionToken": "proc-token"}'\n`,
    );
    writeFileSync(box.configFile, `[profile proc]\nregion = us-east-1\ncredential_process = ${script}\n`);
    aws = await openAdapter({ profile: 'proc' });
    fake.resetCounts();
    await aws.codebuild.listProjects();
    assert.deepEqual(fake.accessKeys, ['AKIAPROCESS000000001']);
  });

  it('runs credential_process once for all services of a connection', async () => {
    box = sandbox({ env: { AWS_ENDPOINT_URL: fake.url } });
    const runs = path.join(box.dir, 'runs');
    const script = box.script(
      'creds.sh',
      `#!/bin/sh\necho run >> '${runs}'\necho '{"Version": 1, "AccessKeyId": "AKIAPROCESS000000002", "SecretAccessKey": "${FAKE_SECRET}"}'\n`,
    );
    writeFileSync(box.configFile, `[profile proc]\nregion = us-east-1\ncredential_process = ${script}\n`);
    aws = await openAdapter({ profile: 'proc' });
    await Promise.all([aws.codebuild.listProjects(), aws.codepipeline.listPipelines()]);
    await aws.codebuild.listProjects();
    assert.equal(readFileSync(runs, 'utf8'), 'run\n');
  });

  it('a failing credential_process says which profile and the exit code, never its command or stderr', async () => {
    box = sandbox({ env: { AWS_ENDPOINT_URL: fake.url } });
    const script = box.script(
      'vault.sh',
      '#!/bin/sh\necho "vault: token s3cr3t-from-stderr rejected" >&2\necho "partial s3cr3t-from-stdout"\nexit 3\n',
    );
    writeFileSync(
      box.configFile,
      `[profile proc]\nregion = us-east-1\ncredential_process = ${script} --token=s3cr3t-on-the-command-line\n`,
    );
    aws = await openAdapter({ profile: 'proc' });
    fake.resetCounts();
    const err = await failure(aws.codebuild.listProjects());
    assert.equal(err.kind, 'credentials');
    assert.equal(
      err.message,
      'Could not list projects: credentials: the credential_process of profile proc exited with code 3',
    );
    assert.equal(err.hint, 'Run the credential_process of profile proc in a terminal to see why it failed.');
    assert.equal(fake.count(), 0);
    const everything = `${String(err)} ${err.hint ?? ''} ${JSON.stringify(err)} ${err.stack ?? ''}`;
    assert.doesNotMatch(everything, /s3cr3t|vault\.sh/);
  });

  it('a credential_process that a source profile names fails without its command line or stderr', async () => {
    box = sandbox({ env: { AWS_ENDPOINT_URL: fake.url } });
    const script = box.script('vault.sh', '#!/bin/sh\necho "s3cr3t-from-stderr" >&2\nexit 4\n');
    writeFileSync(
      box.configFile,
      [
        '[profile base]',
        `credential_process = ${script} --token=s3cr3t-on-the-command-line`,
        '[profile admin]',
        `role_arn = ${ROLE}`,
        'source_profile = base',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    aws = await openAdapter({ profile: 'admin' });
    const err = await failure(aws.codepipeline.listPipelines());
    assert.equal(err.kind, 'credentials');
    // The SDK runs this one; whatever it reports, the command line and stderr stay out of it.
    assert.match(err.message, /^Could not list pipelines: /);
    assert.doesNotMatch(`${String(err)} ${JSON.stringify(err)} ${err.stack ?? ''}`, /s3cr3t|vault\.sh/);
  });

  it('a credential_process printing no credentials says so, without what it printed', async () => {
    box = sandbox({ env: { AWS_ENDPOINT_URL: fake.url } });
    const script = box.script('creds.sh', '#!/bin/sh\necho "not json: s3cr3t"\n');
    writeFileSync(box.configFile, `[profile proc]\nregion = us-east-1\ncredential_process = ${script}\n`);
    aws = await openAdapter({ profile: 'proc' });
    const err = await failure(aws.codebuild.listProjects());
    assert.match(err.message, /the credential_process of profile proc printed no JSON credentials document$/);
    assert.doesNotMatch(String(err), /s3cr3t/);
  });

  it('an SSO profile without a cached token asks the user to sign in, with no call made', async () => {
    box = sandbox({
      env: { AWS_ENDPOINT_URL: fake.url },
      config: [
        '[profile sso-dev]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Developer',
        'region = us-east-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '',
      ].join('\n'),
    });
    aws = await openAdapter({ profile: 'sso-dev' });
    fake.resetCounts();
    const err = await failure(aws.codepipeline.listPipelines());
    assert.equal(err.kind, 'credentials');
    assert.equal(err.remedy, 'ssoLogin');
    assert.equal(err.ssoProfile, 'sso-dev');
    assert.equal(err.message, 'Could not list pipelines: not signed in to AWS SSO');
    assert.equal(err.hint, 'Run "aws sso login --profile sso-dev", then retry.');
    assert.equal(fake.count(), 0);
  });

  it('an expired SSO token (legacy profile) says so, with the same fix', async () => {
    const startUrl = 'https://legacy.awsapps.com/start';
    box = sandbox({
      env: { AWS_ENDPOINT_URL: fake.url },
      config: `[profile old-sso]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Dev\nregion = us-east-1\n`,
    });
    const cache = path.join(box.dir, '.aws', 'sso', 'cache');
    mkdirSync(cache, { recursive: true });
    const file = path.join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        accessToken: 'sso-token',
        expiresAt: '2020-01-01T00:00:00Z',
        region: 'us-east-1',
        startUrl,
      }),
    );
    aws = await openAdapter({ profile: 'old-sso' });
    const err = await failure(aws.codebuild.listProjects());
    assert.equal(err.kind, 'credentials');
    assert.equal(err.expired, true);
    assert.equal(err.message, 'Could not list projects: the SSO session has expired');
    assert.equal(err.hint, 'Run "aws sso login --profile old-sso", then retry.');
  });

  const assumeRoleConfig = {
    credentials: `[base]\naws_access_key_id = AKIABASEPROFILE00001\naws_secret_access_key = ${FAKE_SECRET}\n`,
    config: `[profile admin]\nrole_arn = ${ROLE}\nsource_profile = base\nmfa_serial = ${MFA}\nregion = us-east-1\n`,
  };

  it('assumes a role through STS, asking the MFA code once for all services', async () => {
    box = sandbox({ ...assumeRoleConfig, env: { AWS_ENDPOINT_URL: fake.url } });
    const asked: string[] = [];
    aws = await openAdapter({
      profile: 'admin',
      mfaCodeProvider: (serial) => {
        asked.push(serial);
        return Promise.resolve(fake.sts.mfaCode);
      },
    });
    fake.resetCounts();
    await Promise.all([
      aws.codepipeline.listPipelines(),
      aws.codebuild.listProjects(),
      aws.codepipeline.getPipelineState('pipeline-0'),
    ]);
    assert.deepEqual(asked, [MFA]);
    const call = fake.sts.calls.at(-1);
    assert.equal(call?.roleArn, ROLE);
    assert.equal(call?.serialNumber, MFA);
    assert.equal(call?.tokenCode, '123456');
    assert.equal(fake.count('STS.AssumeRole'), 1);
    const issued = fake.sts.issued.at(-1);
    assert.deepEqual(
      fake.accessKeys,
      ['AKIABASEPROFILE00001', issued, issued, issued],
      'STS signed with base, APIs with the role',
    );
  });

  it('a refused MFA code is a credentials error, not a denied API call', async () => {
    box = sandbox({ ...assumeRoleConfig, env: { AWS_ENDPOINT_URL: fake.url } });
    aws = await openAdapter({ profile: 'admin', mfaCodeProvider: () => Promise.resolve('000000') });
    const err = await failure(aws.codepipeline.listPipelines());
    assert.equal(err.kind, 'credentials');
    assert.match(err.message, /^Could not list pipelines: credentials: MultiFactorAuthentication failed/);
    assert.ok(!String(err).includes(FAKE_SECRET));
  });

  it('no credentials anywhere: says so, and offers another profile', async () => {
    box = sandbox({ env: { AWS_ENDPOINT_URL: fake.url, AWS_REGION: 'us-east-1' } });
    aws = await openAdapter();
    const err = await failure(aws.codepipeline.listPipelines());
    assert.equal(err.kind, 'credentials');
    assert.equal(err.remedy, 'selectProfile');
    assert.equal(err.message, 'Could not list pipelines: no AWS credentials found for profile default');
  });

  it('lists profiles from both files with their kind and region, default first', async () => {
    box = sandbox({
      credentials:
        '[default]\naws_access_key_id = A\naws_secret_access_key = B\n[ci]\naws_access_key_id = C\naws_secret_access_key = D\n',
      config: [
        '[default]',
        'region = us-east-2',
        '[profile admin]',
        `role_arn = ${ROLE}`,
        'source_profile = default',
        `mfa_serial = ${MFA}`,
        '[profile sso-dev]',
        'sso_session = corp',
        'region = eu-central-1',
        '[profile my.dotted]',
        'credential_process = /bin/true',
        'endpoint_url = http://localhost:4566',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        '[services local]',
        'codebuild =',
        '  endpoint_url = http://localhost:4566',
        '',
      ].join('\n'),
    });
    const profiles = await listProfiles();
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? '-', p.mfa, p.sources.join('+')]),
      [
        ['default', 'static', 'us-east-2', false, 'config+credentials'],
        ['admin', 'assumeRole', '-', true, 'config'],
        ['ci', 'static', '-', false, 'credentials'],
        ['my.dotted', 'process', '-', false, 'config'],
        ['sso-dev', 'sso', 'eu-central-1', false, 'config'],
      ],
    );
    assert.equal(profiles.find((p) => p.name === 'my.dotted')?.endpointUrl, 'http://localhost:4566');
  });
});

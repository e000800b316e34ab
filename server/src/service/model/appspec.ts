/**
 * The CodeDeploy AppSpec for EC2/on-premises, Amazon ECS and AWS Lambda as one declarative model
 * (APPSPEC_REFERENCE.md).
 */
import { LIFECYCLE, type AppSpecPlatform } from './lifecycle';
import { bool, int, map, oneOf, seq, str, withRole, type KeySpec, type MapSpec } from './types';

export { LIFECYCLE, type AppSpecPlatform, type LifecycleEvent } from './lifecycle';

const REF = 'https://docs.aws.amazon.com/codedeploy/latest/userguide';
const HOOKS_URL = `${REF}/reference-appspec-file-structure-hooks.html`;

const reservedMessages = (platform: AppSpecPlatform): MapSpec['misplaced'] =>
  Object.fromEntries(
    LIFECYCLE[platform]
      .filter((e) => e.reserved)
      .map((e) => [
        e.name,
        { code: 'invalid-hook', message: `\`${e.name}\` is run by CodeDeploy itself and cannot be hooked` },
      ]),
  );

const VERSION: KeySpec = {
  // Listed for completion and fixes; the appspec rules check it, per platform.
  spec: {
    kind: 'scalar',
    type: 'string',
    values: [{ value: '0.0', doc: 'The only AppSpec version.' }],
    role: 'version',
  },
  doc: 'AppSpec version. The only allowed value is `0.0`.',
  required: true,
  missingCode: 'missing-version',
  url: `${REF}/reference-appspec-file-structure-version.html`,
};
/** ECS and Lambda templates without a version deploy in practice; only the agent insists. */
const SERVICE_VERSION: KeySpec = { ...VERSION, required: 'recommended' };

// ---- EC2 / on-premises ----

const SCRIPT = withRole(
  map({
    location: {
      spec: str({ role: 'hookScript' }),
      namesItem: true,
      doc: 'Path of the script in the revision, relative to the root of the bundle (where appspec.yml is).',
      required: true,
    },
    timeout: {
      spec: { ...int(), role: 'hookTimeout' },
      doc: 'Seconds the script may run. The scripts of one event may take at most 3600 seconds together.',
      default: '3600',
    },
    runas: { spec: str(), doc: 'User that runs the script (Linux). No password is supported.' },
    sudo: { spec: bool(), doc: 'Read by the CodeDeploy agent but not documented.', hidden: true },
  }),
  'hookEntry',
);

const ec2Hooks: MapSpec = map(
  Object.fromEntries(
    LIFECYCLE.ec2
      .filter((e) => !e.reserved)
      .map((e): [string, KeySpec] => [
        e.name,
        { spec: withRole(seq(SCRIPT, false, 'empty-hook'), 'hookScripts'), doc: e.doc, url: HOOKS_URL },
      ]),
  ),
  { unknownKeyCode: 'invalid-hook', misplaced: reservedMessages('ec2'), role: 'ec2Hooks' },
);

const EC2_ROOT: MapSpec = map({
  version: VERSION,
  os: {
    spec: oneOf(
      [
        { value: 'linux', doc: 'Amazon Linux, Ubuntu Server or RHEL.' },
        { value: 'windows', doc: 'Windows Server.' },
      ],
      'error',
      { role: 'os' },
    ),
    doc: 'Operating system of the instances: `linux` or `windows`.',
    required: true,
    url: `${REF}/reference-appspec-file-structure-os.html`,
  },
  files: {
    spec: seq(
      map(
        {
          source: {
            spec: str(),
            namesItem: true,
            doc: 'File or directory in the revision, relative to the bundle root; `/` copies the whole revision.',
            required: true,
          },
          destination: {
            spec: str(),
            doc: 'Absolute path on the instance, e.g. `/var/www/html`.',
            required: true,
          },
          overwrite: {
            spec: bool(),
            doc: 'Not an AppSpec key.',
            ignored:
              'the CodeDeploy agent ignores `overwrite`; use the top-level `file_exists_behavior: OVERWRITE`',
            hidden: true,
          },
        },
        {},
      ),
    ),
    doc: 'Files to copy to the instance during the **Install** event.',
    url: `${REF}/reference-appspec-file-structure-files.html`,
  },
  file_exists_behavior: {
    spec: oneOf(
      [
        {
          value: 'DISALLOW',
          doc: 'Fail the deployment when a file that was not part of the last successful deployment is in the way (default).',
        },
        { value: 'OVERWRITE', doc: 'Replace the existing file.' },
        { value: 'RETAIN', doc: 'Keep the existing file and use it.' },
      ],
      'error',
    ),
    doc: "What happens when a file to copy already exists on the instance. Overrides the deployment's setting.",
    default: 'DISALLOW',
    url: `${REF}/reference-appspec-file-structure-files.html`,
  },
  permissions: {
    doc: 'Permissions applied after the files are copied (Linux only).',
    url: `${REF}/reference-appspec-file-structure-permissions.html`,
    spec: withRole(
      seq(
        map({
          object: {
            spec: str(),
            doc: 'File or directory on the instance the entry applies to.',
            required: true,
          },
          pattern: {
            spec: str(),
            doc: 'Glob of names under `object`; `**` (the default) matches everything. Quote it.',
          },
          except: { spec: seq(str()), doc: 'Names excluded from `pattern`.' },
          owner: { spec: str(), doc: 'New owner.' },
          group: { spec: str(), doc: 'New group.' },
          mode: {
            spec: str({ role: 'fileMode' }),
            doc: 'Octal mode like `644` or `"0755"` (symbolic modes are not supported).',
          },
          acls: { spec: seq(str()), doc: 'setfacl-style entries such as `u:bob:rw`.' },
          context: {
            doc: 'SELinux context.',
            spec: map({
              user: { spec: str(), doc: 'SELinux user.' },
              type: { spec: str(), doc: 'SELinux type (required when `context` is given).', required: true },
              range: { spec: str(), doc: 'SELinux range, e.g. `s0`.' },
            }),
          },
          type: {
            spec: seq(
              oneOf(
                [
                  { value: 'file', doc: 'Files directly inside `object`.' },
                  { value: 'directory', doc: 'Every directory below `object`.' },
                ],
                'error',
              ),
            ),
            doc: 'What the entry applies to: `file`, `directory`, or both (the default).',
          },
        }),
      ),
      'permissions',
    ),
  },
  hooks: {
    spec: ec2Hooks,
    doc: 'Scripts to run at each lifecycle event of the deployment.',
    url: HOOKS_URL,
  },
});

// ---- ECS and Lambda ----

const hookList = (platform: 'ecs' | 'lambda', target: string): KeySpec => ({
  doc: `Lambda functions that validate the deployment, one per lifecycle event, as a list of \`- Event: function-name\`. Each function must report back with \`PutLifecycleEventHookExecutionStatus\` within an hour.`,
  url: HOOKS_URL,
  spec: withRole(
    seq(
      map(
        Object.fromEntries(
          LIFECYCLE[platform]
            .filter((e) => !e.reserved)
            .map((e): [string, KeySpec] => [
              e.name,
              {
                spec: str(),
                doc: `${e.doc}\n\nValue: the name or ARN of the Lambda function that validates ${target}.`,
              },
            ]),
        ),
        // The Lambda AppSpec is matched case-insensitively (see the resources), its hooks too.
        {
          unknownKeyCode: 'invalid-hook',
          misplaced: reservedMessages(platform),
          caseInsensitiveKeys: platform === 'lambda',
        },
      ),
    ),
    'serviceHooks',
  ),
});

const resources = (type: string, properties: MapSpec, doc: string, caseInsensitive = false): KeySpec => ({
  doc,
  required: true,
  url: `${REF}/reference-appspec-file-structure-resources.html`,
  spec: seq(
    map(
      {},
      {
        additional: {
          label: 'TargetService',
          doc: 'The resource, under a name of your choice.',
          spec: map(
            {
              Type: { spec: oneOf([type], 'error'), doc: `The resource type: \`${type}\`.`, required: true },
              Properties: { spec: properties, doc: 'Properties of the resource.', required: true },
            },
            { caseInsensitiveKeys: caseInsensitive },
          ),
        },
      },
    ),
  ),
});

const ECS_PROPERTIES = map({
  TaskDefinition: {
    spec: str(),
    doc: 'ARN of the task definition to deploy, `arn:aws:ecs:region:account:task-definition/family:revision`. CodePipeline replaces the placeholder `<TASK_DEFINITION>`.',
    required: true,
  },
  LoadBalancerInfo: {
    doc: 'The container and port that receive traffic from the load balancer.',
    required: true,
    spec: map({
      ContainerName: { spec: str(), doc: 'Name of the container in the task definition.', required: true },
      ContainerPort: { spec: int(), doc: 'Port of the container (a number, not a string).', required: true },
    }),
  },
  PlatformVersion: { spec: str(), doc: 'Fargate platform version.', default: 'LATEST' },
  NetworkConfiguration: {
    doc: "awsvpc network settings; without it the service's current settings are used.",
    spec: map({
      AwsvpcConfiguration: {
        doc: 'Subnets, security groups and public IP: give all three or none.',
        spec: withRole(
          map({
            Subnets: { spec: seq(str()), doc: 'Subnet ids.' },
            SecurityGroups: { spec: seq(str()), doc: 'Security group ids.' },
            AssignPublicIp: {
              spec: oneOf(['ENABLED', 'DISABLED'], 'error'),
              doc: 'Whether tasks get a public IP.',
            },
          }),
          'awsvpc',
        ),
      },
    }),
  },
  CapacityProviderStrategy: {
    doc: 'Capacity providers of the replacement task set.',
    spec: seq(
      map({
        Base: {
          spec: int(),
          doc: 'Tasks to run on this provider at least (only one provider may set it).',
          default: '0',
        },
        CapacityProvider: { spec: str(), doc: 'Short name of the capacity provider, e.g. `FARGATE_SPOT`.' },
        Weight: { spec: int(), doc: 'Relative share of tasks.', default: '0' },
      }),
    ),
  },
});

const LAMBDA_PROPERTIES = map(
  {
    Name: { spec: str(), doc: 'Name of the Lambda function to deploy.', required: true },
    Alias: { spec: str(), doc: 'Alias whose traffic shifts to the target version.', required: true },
    CurrentVersion: {
      spec: str({ role: 'lambdaCurrentVersion' }),
      doc: 'Version the alias points to now (a positive integer).',
      required: 'recommended',
    },
    TargetVersion: {
      spec: str({ role: 'lambdaTargetVersion' }),
      doc: 'Version the alias shifts to (a positive integer).',
      required: true,
    },
  },
  { caseInsensitiveKeys: true, role: 'lambdaProperties' },
);

const ECS_ROOT: MapSpec = map({
  version: SERVICE_VERSION,
  Resources: resources('AWS::ECS::Service', ECS_PROPERTIES, 'The ECS service to deploy (one item).'),
  Hooks: hookList('ecs', 'the replacement task set'),
});

const LAMBDA_ROOT: MapSpec = map(
  {
    version: SERVICE_VERSION,
    Resources: resources(
      'AWS::Lambda::Function',
      LAMBDA_PROPERTIES,
      'The Lambda function to deploy (one item).',
      true,
    ),
    Hooks: hookList('lambda', 'the new version'),
  },
  { caseInsensitiveKeys: true },
);

export const APPSPEC_ROOTS: Readonly<Record<AppSpecPlatform, MapSpec>> = {
  ec2: EC2_ROOT,
  ecs: ECS_ROOT,
  lambda: LAMBDA_ROOT,
};

export const PLATFORM_LABEL: Readonly<Record<AppSpecPlatform, string>> = {
  ec2: 'EC2/On-premises',
  ecs: 'ECS',
  lambda: 'Lambda',
};

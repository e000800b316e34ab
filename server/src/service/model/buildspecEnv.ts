/** The buildspec's `env` section: variables, secrets, the shell and exported variables. */
import { REF, yesNo } from './buildspecCommon';
import { int, map, oneOf, seq, str, union, withRole, type MapSpec } from './types';

export const variablesMap = (doc: string): MapSpec =>
  map(
    {},
    {
      additional: {
        label: 'NAME',
        spec: union(str({ role: 'envValue' }), int(), { kind: 'scalar', type: 'any' }),
        doc,
      },
    },
  );

const ENV_SPEC: MapSpec = map(
  {
    shell: {
      spec: oneOf(
        [
          { value: 'bash', doc: 'Linux: GNU bash.' },
          { value: '/bin/sh', doc: 'Linux: the POSIX shell.' },
          { value: 'powershell.exe', doc: 'Windows: Windows PowerShell.' },
          { value: 'cmd.exe', doc: 'Windows: the command prompt.' },
        ],
        'warning',
        { role: 'shell' },
      ),
      doc: 'Shell that runs the commands. Linux: `bash` or `/bin/sh`; Windows: `powershell.exe` or `cmd.exe`.',
      url: `${REF}#build-spec.env.shell`,
    },
    variables: {
      spec: withRole(
        variablesMap(
          'Plain-text value of the variable. It replaces a variable of the same name in the image; `$VAR` is not expanded here.',
        ),
        'envVariables',
      ),
      doc: 'Plain-text environment variables. Use `parameter-store` or `secrets-manager` for secrets.',
      url: `${REF}#build-spec.env.variables`,
    },
    'parameter-store': {
      spec: withRole(
        map(
          {},
          {
            additional: {
              label: 'NAME',
              spec: str(),
              doc: 'Name of the Systems Manager Parameter Store parameter, e.g. `/CodeBuild/dockerLoginPassword`.',
            },
          },
        ),
        'parameterStore',
      ),
      doc: 'Variables read from Systems Manager Parameter Store (the service role needs `ssm:GetParameters`).',
      url: `${REF}#build-spec.env.parameter-store`,
    },
    'secrets-manager': {
      spec: withRole(
        map(
          {},
          {
            additional: {
              label: 'NAME',
              spec: str({ role: 'secretRef' }),
              doc: 'Reference `secret-id:json-key:version-stage:version-id`; only `secret-id` is required.',
            },
          },
        ),
        'secretsManager',
      ),
      doc: 'Variables read from Secrets Manager, as `secret-id:json-key:version-stage:version-id` (secret name or ARN; the rest optional).',
      url: `${REF}#build-spec.env.secrets-manager`,
    },
    'exported-variables': {
      spec: seq(str({ role: 'envName' }), true),
      doc: 'Variables exported to later CodePipeline actions. Names starting with `AWS_` cannot be exported.',
      url: `${REF}#build-spec.env.exported-variables`,
    },
    'git-credential-helper': yesNo(
      "`yes` uses CodeBuild's Git credential helper (not for webhook builds of public repositories).",
    ),
  },
  {
    misplaced: {
      'compute-type': {
        code: 'unknown-key',
        message:
          '`compute-type` is a batch build setting (`batch.build-*.env.compute-type`); set the compute type on the project instead',
      },
    },
  },
);

export { ENV_SPEC };

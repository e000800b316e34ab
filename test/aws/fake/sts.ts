// STS AssumeRole over the AWS Query protocol (form-encoded POST, XML answer): just enough for the SDK's
// assume-role profiles, MFA included. Hands out fresh fake session credentials every time.
import { randomBytes } from 'node:crypto';
import { ACCOUNT, ServiceError, uuid } from './protocol';

export interface AssumeRoleCall {
  roleArn: string;
  roleSessionName: string;
  serialNumber?: string;
  tokenCode?: string;
}

export class StsService {
  /** The code an MFA device would show; AssumeRole with a SerialNumber must send it. */
  mfaCode = '123456';
  readonly calls: AssumeRoleCall[] = [];
  /** Access key ids handed out, newest last. */
  readonly issued: string[] = [];

  constructor(private readonly now: () => Date) {}

  /** Answers one Query-protocol request body; returns the XML. */
  handle(form: URLSearchParams): string {
    const action = form.get('Action');
    if (action !== 'AssumeRole')
      throw new ServiceError(
        'InvalidAction',
        `Could not find operation ${action ?? ''} for version 2011-06-15`,
      );
    const call: AssumeRoleCall = {
      roleArn: form.get('RoleArn') ?? '',
      roleSessionName: form.get('RoleSessionName') ?? '',
      serialNumber: form.get('SerialNumber') ?? undefined,
      tokenCode: form.get('TokenCode') ?? undefined,
    };
    this.calls.push(call);
    if (!call.roleArn || !call.roleSessionName)
      throw new ServiceError('ValidationError', 'RoleArn and RoleSessionName are required');
    if (call.serialNumber && call.tokenCode !== this.mfaCode) {
      throw new ServiceError(
        'AccessDenied',
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
        403,
      );
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    this.issued.push(accessKeyId);
    const expiration = new Date(this.now().getTime() + 3600_000).toISOString();
    return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>
      <SessionToken>${randomBytes(32).toString('base64')}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:${call.roleSessionName}</AssumedRoleId>
      <Arn>arn:aws:sts::${ACCOUNT}:assumed-role/fake/${call.roleSessionName}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>${uuid()}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
  }
}

/** The Query protocol's error document. */
export function stsError(type: string, message: string): string {
  const sender = type === 'InternalFailure' ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${sender}</Type><Code>${type}</Code><Message>${message}</Message></Error><RequestId>${uuid()}</RequestId></ErrorResponse>`;
}

// The AWS adapter: the one place in the client that talks to AWS. Open a connection for a
// profile/region pair, then use its services; everything returned is our own type, every failure an
// AwsError. Plain Node, no `vscode`: UI needs (MFA code, sign-in) come in as callbacks.
import { CodeBuildApi } from './codebuild';
import { CodePipelineApi } from './codepipeline';
import { AwsConnection, type ConnectionOptions } from './connection';
import { LogsApi } from './logs';

export { BATCH_LIMIT, CodeBuildApi } from './codebuild';
export { CodePipelineApi, type PipelineStateResult } from './codepipeline';
export { AwsConnection, type CallEvent, type ConnectionOptions } from './connection';
export { AwsError, redact, type AwsErrorKind, type AwsRemedy } from './errors';
export { collect, mapSettled, Semaphore } from './limit';
export { LogsApi } from './logs';
export {
  describeProfile,
  listProfiles,
  resolveEndpoints,
  type ProfileInfo,
  type ProfileKind,
} from './profiles';
export type * from './types';

/** One profile/region root: its connection and the three services over it. */
export interface AwsAccount {
  readonly connection: AwsConnection;
  readonly codebuild: CodeBuildApi;
  readonly codepipeline: CodePipelineApi;
  readonly logs: LogsApi;
  dispose(): void;
}

/** Opens a profile/region pair. Makes no network call: credentials are fetched on the first request. */
export async function openAccount(options: ConnectionOptions = {}): Promise<AwsAccount> {
  const connection = await AwsConnection.open(options);
  return {
    connection,
    codebuild: new CodeBuildApi(connection),
    codepipeline: new CodePipelineApi(connection),
    logs: new LogsApi(connection),
    dispose: () => connection.dispose(),
  };
}

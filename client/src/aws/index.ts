// The AWS adapter: the one place in the client that talks to AWS. Open an adapter for a
// profile/region pair, then use its services; everything returned is our own type, every failure an
// AwsError. Plain Node, no `vscode`: UI needs (MFA code, sign-in) come in as callbacks.
import { CodeBuildApi } from './codebuild';
import { CodePipelineApi } from './codepipeline';
import { AwsClients, type ConnectionOptions } from './clients';
import { LogsApi } from './logs';

export { BATCH_LIMIT, CodeBuildApi } from './codebuild';
export { CodePipelineApi, type PipelineStateResult } from './codepipeline';
export { AwsClients, type CallEvent, type ConnectionOptions } from './clients';
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

/** The adapter of one profile/region pair: its signed clients and the three services over them. */
export interface AwsAdapter {
  readonly clients: AwsClients;
  readonly codebuild: CodeBuildApi;
  readonly codepipeline: CodePipelineApi;
  readonly logs: LogsApi;
  dispose(): void;
}

/** Opens a profile/region pair. Makes no network call: credentials are fetched on the first request. */
export async function openAdapter(options: ConnectionOptions = {}): Promise<AwsAdapter> {
  const clients = await AwsClients.open(options);
  return {
    clients,
    codebuild: new CodeBuildApi(clients),
    codepipeline: new CodePipelineApi(clients),
    logs: new LogsApi(clients),
    dispose: () => clients.dispose(),
  };
}

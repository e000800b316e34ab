// CodeBuild's answers in our own types: projects, builds (with where they log) and build batches.
import type {
  Build as SdkBuild,
  BuildBatch as SdkBuildBatch,
  Project as SdkProject,
} from '@aws-sdk/client-codebuild';
import type { Build, BuildBatch, BuildStatus, LogOutput, Project } from './types';

const TERMINAL: ReadonlySet<string> = new Set<BuildStatus>([
  'SUCCEEDED',
  'FAILED',
  'FAULT',
  'STOPPED',
  'TIMED_OUT',
]);

/** A build (or batch) is over when CodeBuild says so, or when its status can no longer change. */
export function isComplete(complete: boolean | undefined, status: string | undefined): boolean {
  return complete === true || (status !== undefined && TERMINAL.has(status));
}

export function toProject(p: SdkProject): Project {
  return {
    name: p.name ?? '',
    arn: p.arn,
    description: p.description,
    sourceType: p.source?.type,
    sourceLocation: p.source?.location,
    image: p.environment?.image,
    computeType: p.environment?.computeType,
    created: p.created,
    lastModified: p.lastModified,
  };
}

export function toBuild(b: SdkBuild): Build {
  const logOutput = toLogOutput(b);
  return {
    id: b.id ?? '',
    arn: b.arn,
    buildNumber: b.buildNumber,
    projectName: b.projectName ?? b.id?.split(':')[0] ?? '',
    status: b.buildStatus ?? 'IN_PROGRESS',
    currentPhase: b.currentPhase,
    complete: isComplete(b.buildComplete, b.buildStatus),
    startTime: b.startTime,
    endTime: b.endTime,
    sourceVersion: b.sourceVersion,
    resolvedSourceVersion: b.resolvedSourceVersion,
    initiator: b.initiator,
    phases: (b.phases ?? []).map((p) => ({
      type: p.phaseType ?? 'SUBMITTED',
      status: p.phaseStatus,
      startTime: p.startTime,
      endTime: p.endTime,
      durationSeconds: p.durationInSeconds,
      messages: (p.contexts ?? [])
        .map((c) => [c.statusCode, c.message].filter(Boolean).join(': '))
        .filter(Boolean),
    })),
    logs:
      logOutput.kind === 'cloudWatch' && logOutput.streamName
        ? {
            groupName: logOutput.groupName,
            streamName: logOutput.streamName,
            deepLink: logOutput.deepLink,
            groupArn: logOutput.groupArn,
          }
        : undefined,
    logOutput,
    buildBatchArn: b.buildBatchArn,
  };
}

/**
 * Where a build logs. CodeBuild reports `logs` once the build is under way; a project can turn
 * CloudWatch off (then S3 may be the only copy) or both off. CloudWatch's group defaults to
 * `/aws/codebuild/PROJECT` when the project names none.
 */
export function toLogOutput(b: SdkBuild): LogOutput {
  const logs = b.logs;
  if (!logs) return { kind: 'unknown' };
  const s3 = logs.s3Logs?.status === 'ENABLED' ? logs.s3Logs.location || logs.s3LogsArn || '' : undefined;
  if (logs.cloudWatchLogs?.status === 'DISABLED') {
    return s3 === undefined
      ? { kind: 'none' }
      : { kind: 's3', s3Location: s3 || undefined, deepLink: logs.s3DeepLink };
  }
  const projectName = b.projectName ?? b.id?.split(':')[0] ?? '';
  const groupName = logs.groupName || logs.cloudWatchLogs?.groupName || `/aws/codebuild/${projectName}`;
  const streamName = logs.streamName || undefined;
  return {
    kind: 'cloudWatch',
    groupName,
    streamName,
    groupArn: logGroupArn(logs.cloudWatchLogsArn, b.arn, groupName),
    // Until the stream exists CodeBuild's link says `group=null;stream=null`: no link is better.
    deepLink: streamName ? logs.deepLink : undefined,
    s3Location: s3 || undefined,
  };
}

// StartLiveTail wants the group's ARN. CodeBuild gives the stream's ARN once it exists; before that
// the build's own ARN has the partition, region and account to build it from.
function logGroupArn(streamArn: string | undefined, buildArn: string | undefined, groupName: string) {
  const fromStream =
    streamArn && /^(arn:[^:]+:logs:[^:]*:\d*:log-group:.+?)(?::log-stream:.*)?$/.exec(streamArn);
  if (fromStream) return fromStream[1];
  const m = buildArn && /^arn:([^:]+):codebuild:([^:]+):(\d+):/.exec(buildArn);
  return m ? `arn:${m[1]}:logs:${m[2]}:${m[3]}:log-group:${groupName}` : undefined;
}

export function toBuildBatch(b: SdkBuildBatch): BuildBatch {
  return {
    id: b.id ?? '',
    arn: b.arn,
    batchNumber: b.buildBatchNumber,
    projectName: b.projectName,
    initiator: b.initiator,
    resolvedSourceVersion: b.resolvedSourceVersion,
    status: b.buildBatchStatus,
    currentPhase: b.currentPhase,
    complete: isComplete(b.complete, b.buildBatchStatus),
    startTime: b.startTime,
    endTime: b.endTime,
    sourceVersion: b.sourceVersion,
    builds: (b.buildGroups ?? []).map((g) => ({
      identifier: g.identifier,
      buildId: g.currentBuildSummary?.arn,
      status: g.currentBuildSummary?.buildStatus,
    })),
  };
}

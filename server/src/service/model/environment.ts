/** Environment variables the services provide to commands and hook scripts (BUILDSPEC_REFERENCE §11). */

export const CODEBUILD_VARIABLES: Readonly<Record<string, string>> = {
  AWS_DEFAULT_REGION: 'The AWS Region the build runs in (read by the AWS CLI).',
  AWS_REGION: 'The AWS Region the build runs in (read by the AWS SDKs).',
  CODEBUILD_BATCH_BUILD_IDENTIFIER: 'The `identifier` of this build inside a batch build.',
  CODEBUILD_BUILD_ARN: 'The ARN of the build, e.g. `arn:aws:codebuild:region:account:build/project:uuid`.',
  CODEBUILD_BUILD_ID: 'The build id, `project:uuid`.',
  CODEBUILD_BUILD_IMAGE: 'The build image identifier, e.g. `aws/codebuild/standard:7.0`.',
  CODEBUILD_BUILD_NUMBER: 'The build number of the project, counting up from 1.',
  CODEBUILD_BUILD_SUCCEEDING:
    '`1` while the build is succeeding, `0` once something failed. Useful in `post_build` and `finally`.',
  CODEBUILD_INITIATOR:
    'Who started the build: `codepipeline/<pipeline-name>`, an IAM user name, or `CodeBuild-Jenkins-Plugin`.',
  CODEBUILD_KMS_KEY_ID: 'The KMS key (ARN or alias) CodeBuild uses to encrypt the build output.',
  CODEBUILD_LOG_PATH: 'The CloudWatch Logs stream name of this build.',
  CODEBUILD_PROJECT_ARN: 'The ARN of the build project.',
  CODEBUILD_PUBLIC_BUILD_URL:
    'The URL of this build on the public builds site (only when public builds are on).',
  CODEBUILD_RESOLVED_SOURCE_VERSION:
    'The commit id of the source (CodeCommit, GitHub, GitHub Enterprise, Bitbucket) or the revision CodePipeline passed. Unset for S3 sources; only available after DOWNLOAD_SOURCE.',
  CODEBUILD_SOURCE_REPO_URL:
    'The URL of the input source (`s3://…` or the clone URL). Secondary sources: `CODEBUILD_SOURCE_REPO_URL_<sourceIdentifier>`.',
  CODEBUILD_SOURCE_VERSION:
    'The S3 object version, or the commit, branch or tag; `pr/<number>` for pull-request webhooks. Secondary sources: `CODEBUILD_SOURCE_VERSION_<sourceIdentifier>`.',
  CODEBUILD_SRC_DIR:
    'The directory the primary source was downloaded to, where commands start. Secondary sources: `CODEBUILD_SRC_DIR_<sourceIdentifier>`.',
  CODEBUILD_START_TIME: 'The start time of the build, in Unix epoch milliseconds.',
  CODEBUILD_WEBHOOK_ACTOR_ACCOUNT_ID: 'The account id of the user who triggered the webhook event.',
  CODEBUILD_WEBHOOK_BASE_REF: 'The base ref of the webhook event (the target branch of a pull request).',
  CODEBUILD_WEBHOOK_EVENT: 'The webhook event that started the build.',
  CODEBUILD_WEBHOOK_HEAD_REF: 'The head ref of the webhook event (a branch or tag ref).',
  CODEBUILD_WEBHOOK_MERGE_COMMIT: 'The id of the merge commit (Bitbucket squash merges).',
  CODEBUILD_WEBHOOK_PREV_COMMIT: 'The commit before the pushed one.',
  CODEBUILD_WEBHOOK_TRIGGER:
    'What triggered the webhook build: `pr/<number>`, `branch/<name>` or `tag/<name>`.',
  HOME: 'The home directory: always `/root` on Linux images.',
};

export const CODEDEPLOY_HOOK_VARIABLES: Readonly<Record<string, string>> = {
  APPLICATION_NAME: 'The CodeDeploy application name.',
  DEPLOYMENT_ID: 'The id of the current deployment.',
  DEPLOYMENT_GROUP_NAME: 'The deployment group name.',
  DEPLOYMENT_GROUP_ID: 'The deployment group id.',
  LIFECYCLE_EVENT: 'The lifecycle event running this script, e.g. `AfterInstall`.',
  BUNDLE_BUCKET: 'S3 revisions: the bucket of the bundle.',
  BUNDLE_KEY: 'S3 revisions: the object key of the bundle.',
  BUNDLE_VERSION: 'S3 revisions: the object version (only with versioning).',
  BUNDLE_ETAG: 'S3 revisions: the ETag of the bundle.',
  BUNDLE_COMMIT: 'GitHub revisions: the commit id.',
};

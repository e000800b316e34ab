/** What the parts of the buildspec model share: the reference pages and the yes/no keys. */
import { bool, type KeySpec } from './types';

export const REF = 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html';
export const BATCH_REF = 'https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html';

export const yesNo = (doc: string, dflt = 'no'): KeySpec => ({ spec: bool(true), doc, default: dflt });

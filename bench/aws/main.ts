/** Runs the AWS part of the benchmark alone: node --import tsx bench/aws/main.ts */
import { runAwsBench } from './run';

runAwsBench().catch((e: unknown) => {
  console.error(`AWS benchmark failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});

/** Runs the logs part of the benchmark alone: node --import tsx bench/logs/main.ts */
import { runLogsBench } from './run';

runLogsBench().catch((e: unknown) => {
  console.error(`Logs benchmark failed: ${(e as Error).stack ?? String(e)}`);
  process.exitCode = 1;
});

/** Runs the adversarial-log part of the benchmark alone: node --import tsx bench/logs/hostile-main.ts */
import { formatAwsTable } from '../aws/run';
import { runHostileLogBench } from './hostile';

const started = Date.now();
console.log(`\n${formatAwsTable(runHostileLogBench())}\n`);
console.log(`adversarial log bench ${((Date.now() - started) / 1000).toFixed(1)} s`);

// The one store of AWS state: per connection (a profile/region pair), what it knows of CodePipeline
// and CodeBuild, with one change event the views listen to. The only code that fetches pipelines,
// builds and their state for the views; commands report what they did to it. No `vscode` here: the
// account factory, the clock and the log come in, so the unit tests and the benchmark run it in Node.
import type { AwsAccount } from '../aws';
import { BuildStore, type BuildChange } from './builds';
import { Emitter, type Event } from './events';
import { PipelineStore, type PipelineChange } from './pipelines';

/** A profile/region pair, as the store keys what it holds. */
export interface Target {
  readonly profile: string;
  readonly region: string;
}

/** `default@us-east-1`. */
export function targetKey(t: Target): string {
  return `${t.profile}@${t.region}`;
}

/** A change to what one connection's store holds. */
export type StoreChange = (PipelineChange | BuildChange) & { target: Target };

export interface StoreDeps {
  /** The adapter for a connection (the views' trust check is in there). */
  account(target: Target): Promise<AwsAccount>;
  now(): number;
  warn(message: string): void;
}

/** What one connection holds. */
export class ConnectionStore {
  readonly builds: BuildStore;
  readonly pipelines: PipelineStore;

  constructor(
    readonly target: Target,
    deps: StoreDeps,
    emit: (change: StoreChange) => void,
  ) {
    const account = () => deps.account(target);
    this.builds = new BuildStore({
      account,
      emit: (c) => emit({ ...c, target }),
      warn: (m) => deps.warn(`Store: ${m}`),
    });
    this.pipelines = new PipelineStore({
      account,
      emit: (c) => emit({ ...c, target }),
      now: () => deps.now(),
      builds: this.builds,
    });
  }

  clear(): void {
    this.pipelines.clear();
    this.builds.clear();
  }
}

export class AwsStore {
  private readonly stores = new Map<string, ConnectionStore>();
  private readonly changed = new Emitter<StoreChange>();
  /** Fires for every change of what is held; views redraw what the change names. */
  readonly onDidChange: Event<StoreChange> = this.changed.event;

  constructor(private readonly deps: StoreDeps) {}

  /** A connection's store, made on first use. */
  of(target: Target): ConnectionStore {
    const key = targetKey(target);
    let store = this.stores.get(key);
    if (!store) {
      store = new ConnectionStore({ profile: target.profile, region: target.region }, this.deps, (c) =>
        this.changed.fire(c),
      );
      this.stores.set(key, store);
    }
    return store;
  }

  /** Forgets everything (the connections or the endpoint changed). */
  clear(): void {
    for (const s of this.stores.values()) s.clear();
    this.stores.clear();
  }

  dispose(): void {
    this.clear();
    this.changed.dispose();
  }
}

export { BUILD_PAGE, batchBuildIds, batchIdOf, type BuildRow, type ProjectBuilds } from './builds';
export { errorInfo, isTransient, type ErrorInfo, type Loaded, type Remedy } from './errors';
export {
  EXECUTION_PAGE,
  PIPELINE_PAGE,
  isRunning,
  type PipelineEntry,
  type PipelineInterest,
} from './pipelines';

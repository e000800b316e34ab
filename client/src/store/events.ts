// A minimal event emitter with VS Code's shape (`event(listener)` returns something disposable), so
// the store can be used in plain Node by the unit tests and the benchmark, and by the views as is.

/** Something to release. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: ((value: T) => void)[] = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(value: T): void {
    // A listener that throws must not keep the others from hearing about the change.
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // Listeners report their own failures.
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}

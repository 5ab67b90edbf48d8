type Mode = 'shared' | 'exclusive';

interface Waiter {
  mode: Mode;
  grant: () => void;
}

/**
 * A first-come, first-served readers–writer gate. Shared holders run
 * together; an exclusive holder runs alone; a waiter is admitted only when
 * everything queued before it has been, so a stream of shared calls cannot
 * starve a waiting exclusive one.
 *
 * The PostGIS store runs its plain calls shared (each on its own pooled
 * connection) and its transactions exclusive, which keeps the in-process
 * semantics of the SQLite store: a call made while a transaction is pending
 * waits for it and then sees what it committed, and transactions run one
 * after another. Other processes are isolated by PostgreSQL itself.
 */
export class SharedExclusiveGate {
  private numShared = 0;
  private isExclusive = false;
  private readonly queue: Waiter[] = [];

  /** Runs `fn` once admitted in `mode`, and lets the next waiters in when it settles. */
  async run<T>(mode: Mode, fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((grant) => {
      this.queue.push({ mode, grant });
      this.admit();
    });
    try {
      return await fn();
    } finally {
      if (mode === 'exclusive') this.isExclusive = false;
      else this.numShared--;
      this.admit();
    }
  }

  private admit(): void {
    while (this.queue.length > 0 && !this.isExclusive) {
      const next = this.queue[0]!;
      if (next.mode === 'exclusive' && this.numShared > 0) return;
      this.queue.shift();
      if (next.mode === 'exclusive') this.isExclusive = true;
      else this.numShared++;
      next.grant();
    }
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `lifecircle` command of this package (tests spawn the built CLI, as an operator would). */
export const LIFECIRCLE_BIN = fileURLToPath(new URL('../../bin/lifecircle.js', import.meta.url));

/** A `lifecircle worker` process started by a test, with its log lines. */
export class WorkerProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  constructor(
    readonly name: string,
    args: string[],
  ) {
    this.child = spawn(process.execPath, [LIFECIRCLE_BIN, 'worker', '--name', name, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let pending = '';
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) this.onLine(line);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the first log line (past or future) matching `pattern`; rejects after `timeoutMs` with the log. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen !== undefined) return seen;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        new Promise<string>((resolve) => this.waiters.push({ pattern, resolve })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${this.name}: no line matching ${pattern} in ${timeoutMs} ms:\n${this.lines.join('\n')}`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The ids of the jobs this worker logged as taken, or as finished. */
  jobIds(event: 'took' | 'finished'): string[] {
    const pattern = new RegExp(`${event} job ([0-9a-f-]{36})`);
    return this.lines.flatMap((line) => {
      const match = pattern.exec(line);
      return match ? [match[1]!] : [];
    });
  }

  /** Asks a started worker to stop (SIGTERM once it is ready) and resolves with how it exited. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await this.waitFor(/ ready$/);
    this.kill('SIGTERM');
    return this.exited;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private onLine(line: string): void {
    this.lines.push(line);
    for (let k = this.waiters.length - 1; k >= 0; k--) {
      const waiter = this.waiters[k]!;
      if (waiter.pattern.test(line)) {
        this.waiters.splice(k, 1);
        waiter.resolve(line);
      }
    }
  }
}

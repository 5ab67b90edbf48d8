/** Where a command writes: the process's streams in production, buffers in tests. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress redraws in place). */
  isInteractive: boolean;
  /** The process environment (only main.ts reads process.env). */
  env: Readonly<Record<string, string | undefined>>;
}

import { spawnSync } from 'node:child_process';

/** The outcome of a mount: ok, or why the sandbox refused it (the caller skips with that reason). */
export type MountResult = { ok: true } | { ok: false; reason: string };

function run(command: string, args: string[]): MountResult {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status === 0) return { ok: true };
  return { ok: false, reason: `${command} ${args.join(' ')}: ${(result.stderr || result.error?.message || '').trim()}` };
}

/** Mounts a tmpfs of `sizeBytes` at `dir` (needs root, or CAP_SYS_ADMIN): a small disk that really fills up. */
export function mountTmpfs(dir: string, sizeBytes: number): MountResult {
  return run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
}

/**
 * Makes a file or folder read-only in place with a read-only bind mount over it; root's writes are refused
 * too, which file permission bits would not do.
 */
export function bindReadOnly(path: string): MountResult {
  const bound = run('mount', ['--bind', path, path]);
  if (!bound.ok) return bound;
  const readOnly = run('mount', ['-o', 'remount,ro,bind', path]);
  if (!readOnly.ok) unmount(path);
  return readOnly;
}

/** Undoes `mountTmpfs` or `bindReadOnly`. */
export function unmount(path: string): void {
  spawnSync('umount', [path]);
}

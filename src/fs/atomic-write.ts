// Write a file so readers see either the old content or the new, never a partial file: a temp file in the
// same directory (same filesystem, so rename is atomic), fsync, rename over the target, fsync the directory.
// On any error the temp file is removed and the error is rethrown. A temp file a killed writer left
// behind (its process is gone) is removed by the next write of the same target.
// writeFileAtomic is synchronous; writeFileAtomicAsync is the same on promises.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomHex } from '../core/digest';

export interface AtomicWriteOptions {
  /** File mode for a new file (default 0o666, less the umask). An existing file keeps its mode. */
  mode?: number;
}

function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomHex(6)}.tmp`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Best effort: the temp files of this target whose writer process no longer exists (kill -9, power loss). */
function removeStaleTemps(target: string): void {
  const directory = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null || isAlive(Number(match[1]))) continue;
    try {
      fs.rmSync(path.join(directory, name), { force: true });
    } catch {
      // Best effort only.
    }
  }
}

async function existingMode(target: string): Promise<number | undefined> {
  try {
    return (await fs.promises.stat(target)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Directory fsync makes the rename durable; some platforms/filesystems refuse it, which is not an error for us. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort only.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function writeFileAtomicAsync(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(target);
  const existing = await existingMode(target);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(temp, 'wx', existing ?? options.mode ?? 0o666);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // open() applies the umask; an existing file's mode is restored exactly.
    if (existing !== undefined) await fs.promises.chmod(temp, existing);
    await fs.promises.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(target));
  removeStaleTemps(target);
}

/** Synchronous (the CLI writes its reports before it exits with the verdict's code). */
export function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const temp = tempPathFor(target);
  let existing: number | undefined;
  try {
    existing = fs.statSync(target).mode & 0o7777;
  } catch {
    existing = undefined;
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', existing ?? options.mode ?? 0o666);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (existing !== undefined) fs.chmodSync(temp, existing);
    fs.renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already failing; the original error matters.
      }
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = fs.openSync(path.dirname(target), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Best effort only.
  }
  removeStaleTemps(target);
}

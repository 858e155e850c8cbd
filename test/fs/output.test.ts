// The one output writer (src/fs/output.ts): real files in a temp directory; no fs mocks, no processes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutput, OutputFileError, writeFailureReason, writeFileAtomic, writeOutput } from '../../src/fs/output';
import { UsageError } from '../../src/core/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-sso-guard-atomic-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const variants = [
  { name: 'sync', write: async (file: string, data: string | Uint8Array) => writeFileAtomic(file, data) },
  { name: 'writeOutput', write: async (file: string, data: string | Uint8Array) => writeOutput(file, typeof data === 'string' ? data : new TextDecoder().decode(data), 'test output') },
];

for (const { name, write } of variants) {
  describe(`atomic write (${name})`, () => {
    it('writes a new file and leaves no temp file behind', async () => {
      const file = path.join(dir, 'report.sarif');
      await write(file, '{"version":"2.1.0"}\n');
      expect(fs.readFileSync(file, 'utf8')).toBe('{"version":"2.1.0"}\n');
      expect(fs.readdirSync(dir)).toEqual(['report.sarif']);
    });

    it('removes a temp file left by a writer that is gone (killed), and keeps one whose writer lives', async () => {
      const file = path.join(dir, 'report.json');
      // A pid above the kernel's limit is never alive; this process's own pid is.
      const maxPid = Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
      const stale = `.report.json.${maxPid + 1}.0123456789ab.tmp`;
      const live = `.report.json.${process.pid}.ba9876543210.tmp`;
      const other = `.other.json.${maxPid + 1}.0123456789ab.tmp`;
      for (const name of [stale, live, other]) fs.writeFileSync(path.join(dir, name), 'half');
      await write(file, '{}\n');
      expect(fs.readdirSync(dir).sort()).toEqual([live, other, 'report.json'].sort());
    });

    it('replaces an existing file whole, keeping its mode', async () => {
      const file = path.join(dir, 'report.html');
      fs.writeFileSync(file, 'old content that is longer than the new one');
      fs.chmodSync(file, 0o640);
      await write(file, new TextEncoder().encode('new'));
      expect(fs.readFileSync(file, 'utf8')).toBe('new');
      expect(fs.statSync(file).mode & 0o777).toBe(0o640);
      expect(fs.readdirSync(dir)).toEqual(['report.html']);
    });

    it('fails when the target is a directory, cleans up its temp file, and leaves the directory alone', async () => {
      const target = path.join(dir, 'occupied');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'inside'), 'keep');
      await expect(write(target, 'data')).rejects.toThrow();
      expect(fs.readdirSync(dir)).toEqual(['occupied']);
      expect(fs.readFileSync(path.join(target, 'inside'), 'utf8')).toBe('keep');
    });

    it('fails with the path in the error when the directory does not exist', async () => {
      const file = path.join(dir, 'missing', 'report.json');
      await expect(write(file, 'x')).rejects.toThrow(/missing/);
      expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
    });
  });
}

describe('writeFileAtomic is synchronous', () => {
  it('has written the file when it returns, and throws (not rejects) on failure', () => {
    const file = path.join(dir, 'now.json');
    expect(writeFileAtomic(file, '{}')).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
    expect(() => writeFileAtomic(dir, 'x')).toThrow();
  });
});

describe('writeOutput', () => {
  it('writes a device in place through a link, never replacing it by a regular file', () => {
    const link = path.join(dir, 'null-link');
    fs.symlinkSync('/dev/null', link);
    writeOutput(link, 'discarded\n', 'json report');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.statSync(link).isCharacterDevice()).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['null-link']);
  });

  it('writes stdout for -, adding the final newline', () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      writeOutput('-', 'line', 'text report');
      writeOutput(undefined, 'two\n', 'text report');
    } finally {
      process.stdout.write = original;
    }
    expect(written).toEqual(['line\n', 'two\n']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('names the output, the path (cleaned) and the reason in words, as a usage error (exit 2)', () => {
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, 'x');
    const target = path.join(file, 'esc\u001b[31m.json');
    let caught: unknown;
    try {
      writeOutput(target, '{}', 'json report');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutputFileError);
    expect(caught).toBeInstanceOf(UsageError);
    const error = caught as OutputFileError;
    expect(error.code).toBe('output_path');
    expect(error.errno).toBe('ENOTDIR');
    expect(error.message).toBe(`cannot write json report to ${file}/esc\\u001b[31m.json: a part of the path is not a directory (ENOTDIR)`);
  });

  it('says what a read-only file system, a full disk and an unknown code are', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    expect(writeFailureReason(errno('EROFS'))).toBe('the file system is read-only (EROFS)');
    expect(writeFailureReason(errno('ENOSPC'))).toBe('no space left on the device (ENOSPC)');
    expect(writeFailureReason(errno('EWHATEVER'))).toBe('EWHATEVER');
    expect(writeFailureReason(new Error('plain'))).toBe('plain');
  });

  it('exclusive: creates a new file, refuses an existing one and leaves it and the folder as they were', () => {
    const file = path.join(dir, 'package.json');
    writeOutput(file, '{"new":true}\n', 'package.json', { exclusive: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(() => writeOutput(file, 'other', 'package.json', { exclusive: true })).toThrow(/cannot write package.json to .*: it already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"new":true}\n');
    expect(fs.readdirSync(dir)).toEqual(['package.json']);
  });
});

describe('appendOutput', () => {
  it('appends, with the final newline, and never replaces the file', () => {
    const file = path.join(dir, 'summary.md');
    fs.writeFileSync(file, '# before\n');
    const inode = fs.statSync(file).ino;
    appendOutput(file, '# after', 'the step summary');
    expect(fs.readFileSync(file, 'utf8')).toBe('# before\n# after\n');
    expect(fs.statSync(file).ino).toBe(inode);
  });

  it('a failed append is an OutputFileError naming the file', () => {
    expect(() => appendOutput(dir, 'x', 'the step summary')).toThrow(OutputFileError);
    expect(() => appendOutput(dir, 'x', 'the step summary')).toThrow(/cannot write the step summary to .*: it is a directory \(EISDIR\)/);
  });
});

// writeFileAtomic: real files in a temp directory; no fs mocks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicAsync } from '../../src/fs/atomic-write';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-sso-guard-atomic-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const variants = [
  { name: 'sync', write: async (file: string, data: string | Uint8Array) => writeFileAtomic(file, data) },
  { name: 'async', write: (file: string, data: string | Uint8Array) => writeFileAtomicAsync(file, data) },
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
      await expect(write(file, 'x')).rejects.toThrow(/ENOENT.*missing/);
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

// The one reader of input files (src/fs/input.ts): real files in a temp directory; no fs mocks, no processes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INPUT_KINDS, InputFileError, MIB, readInput, readInputStream, readInputText, type InputKind } from '../../src/fs/input';
import { UsageError } from '../../src/core/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-sso-guard-input-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function caught(work: () => unknown): InputFileError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    expect(error).toBeInstanceOf(UsageError);
    return error as InputFileError;
  }
  throw new Error('expected an InputFileError');
}

describe('readInput', () => {
  it('reads a regular file whole, at exactly its kind\'s limit too', () => {
    const file = path.join(dir, 'plan.json');
    fs.writeFileSync(file, '{"format_version":"1.2"}');
    expect(readInputText(file, 'terraformPlan')).toBe('{"format_version":"1.2"}');
    const atLimit = path.join(dir, 'desired.yaml');
    fs.writeFileSync(atLimit, Buffer.alloc(INPUT_KINDS.desiredState.maxBytes, 0x61));
    expect(readInput(atLimit, 'desiredState').length).toBe(INPUT_KINDS.desiredState.maxBytes);
  });

  it.each(Object.keys(INPUT_KINDS) as InputKind[])('refuses a %s one byte over its limit, unread, naming the kind and the limit', (kind) => {
    const file = path.join(dir, 'big');
    // Sparse: the size is what counts, checked before a byte is read.
    fs.writeFileSync(file, '');
    fs.truncateSync(file, INPUT_KINDS[kind].maxBytes + 1);
    const error = caught(() => readInput(file, kind));
    expect(error.problem).toBe('TOO_LARGE');
    expect(error.size).toBe(INPUT_KINDS[kind].maxBytes + 1);
    expect(error.code).toBe('bad_input_file');
    expect(error.message).toBe(`${file}: the ${INPUT_KINDS[kind].what} is larger than the limit of ${INPUT_KINDS[kind].maxBytes / MIB} MiB; refusing to read it`);
  });

  it('refuses a directory and a device as not regular files', () => {
    expect(caught(() => readInput(dir, 'snapshot')).message).toBe(`${dir}: the snapshot is a directory, expected a regular file`);
    const device = caught(() => readInput('/dev/zero', 'report'));
    expect(device.problem).toBe('NOT_REGULAR');
    expect(device.reason).toBe('the JSON report is a device, expected a regular file');
  });

  it('says a missing file is missing, in the words of its kind', () => {
    expect(caught(() => readInput(path.join(dir, 'plan.json'), 'terraformPlan')).message).toBe(`${path.join(dir, 'plan.json')}: Terraform plan file not found`);
    const seed = caught(() => readInput(path.join(dir, 'seed.json'), 'emulatorSeed'));
    expect(seed.problem).toBe('ENOENT');
    expect(seed.reason).toBe('emulator seed file not found');
  });

  it('shows a path from outside as inert text (no escape sequence, no line break)', () => {
    const hostile = path.join(dir, 'evil\u001b]0;owned\u0007\n::error::x.json');
    const error = caught(() => readInput(hostile, 'report'));
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(error.message).toContain('evil\\u001b]0;owned\\u0007\\u000a');
    expect(error.path).toBe(hostile);
  });

  it('every kind has a name and a limit in whole MiB', () => {
    for (const { what, maxBytes } of Object.values(INPUT_KINDS)) {
      expect(what).not.toBe('');
      expect(Number.isInteger(maxBytes / MIB) && maxBytes > 0).toBe(true);
    }
  });
});

describe('readInputStream (standard input)', () => {
  it('reads every chunk', async () => {
    const bytes = await readInputStream(Readable.from([Buffer.from('a: '), 'b\n']), 'desiredState', '<stdin>');
    expect(bytes.toString('utf8')).toBe('a: b\n');
  });

  it('stops past the limit and names the stream', async () => {
    const chunk = Buffer.alloc(MIB, 0x61);
    const error = await readInputStream(Readable.from(Array.from({ length: 6 }, () => chunk)), 'desiredState', '<stdin>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).problem).toBe('TOO_LARGE');
    expect((error as InputFileError).message).toMatch(/^<stdin>: the desired-state file is larger than the limit of 5 MiB/);
  });
});

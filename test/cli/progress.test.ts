import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress';
import { colorEnabled, type Terminal } from '../../src/cli/environment';

function fakeStream(): NodeJS.WriteStream & { written: string } {
  const stream = { written: '', columns: 60, write(chunk: string) { stream.written += chunk; return true; } };
  return stream as unknown as NodeJS.WriteStream & { written: string };
}

describe('progress on stderr', () => {
  it('draws at once, redraws one line per account and clears it at the end', () => {
    const stream = fakeStream();
    const progress = createProgress(stream, true);
    progress.start(3);
    expect(stream.written).toBe('\r\u001b[2KReading 0/3 accounts…');
    progress.update(1, 3, 'production', 'read, 5 connectors');
    progress.update(2, 3, 'gov');
    progress.finish();
    expect(stream.written).toContain('Reading 1/3 accounts…  production: read, 5 connectors');
    expect(stream.written).toContain('Reading 2/3 accounts…  gov');
    expect(stream.written.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('writes nothing when disabled (not a TTY)', () => {
    const stream = fakeStream();
    const progress = createProgress(stream, false);
    progress.start(1);
    progress.update(1, 1, 'x');
    progress.finish();
    expect(stream.written).toBe('');
  });
});

describe('colour', () => {
  const tty: Terminal = { stdoutIsTTY: true, stderrIsTTY: false, env: {} };
  it('follows the TTY, and NO_COLOR / TERM=dumb / FORCE_COLOR as the conventions say', () => {
    expect(colorEnabled(tty, 'stdout')).toBe(true);
    expect(colorEnabled(tty, 'stderr')).toBe(false);
    expect(colorEnabled({ ...tty, env: { NO_COLOR: '1' } }, 'stdout')).toBe(false);
    expect(colorEnabled({ ...tty, env: { NO_COLOR: '' } }, 'stdout')).toBe(true);
    expect(colorEnabled({ ...tty, env: { TERM: 'dumb' } }, 'stdout')).toBe(false);
    expect(colorEnabled({ ...tty, env: { FORCE_COLOR: '1' } }, 'stderr')).toBe(true);
    expect(colorEnabled({ ...tty, env: { FORCE_COLOR: '1', NO_COLOR: 'x' } }, 'stderr')).toBe(false);
  });
});

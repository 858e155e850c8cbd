// Runs the CLI's main in this process (unit tests: no build, no child process), stderr captured and
// stdout silenced (reports go to files).
import { vi } from 'vitest';
import { main } from '../../src/cli/main';
import type { Terminal } from '../../src/cli/environment';

const TERMINAL: Terminal = { stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: '1' } };

export async function runInProcess(argv: string[], terminal: Terminal = TERMINAL): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(argv, terminal), stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

// "accounts read 3/10" on stderr, only on a TTY: logs in CI stay clean.
export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { update() {}, finish() {} };
  let drawn = false;
  return {
    update(done, total, label) {
      const line = `Reading accounts ${done}/${total}  ${label}`.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

// "Reading 3/10 accounts…" on stderr, only on a TTY: logs in CI stay clean. Drawn as soon as reading
// starts (a slow API shows something at once), then after each account with what was read from it.
export interface Progress {
  /** The first line, before any request: `Reading 0/N accounts…`. */
  start(total: number): void;
  /** `label` names the account; `outcome` says what was read ("read, 5 connectors" or "not read"). */
  update(done: number, total: number, label: string, outcome?: string): void;
  finish(): void;
}

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { start() {}, update() {}, finish() {} };
  let drawn = false;
  const draw = (text: string): void => {
    const line = text.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
    stream.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  return {
    start(total) {
      draw(`Reading 0/${total} accounts…`);
    },
    update(done, total, label, outcome) {
      draw(`Reading ${done}/${total} accounts…  ${label}${outcome === undefined ? '' : `: ${outcome}`}`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

// One figure per measured target: what, the measurement, the target, the ratio, PASS/MISS.
// Printed as it comes, then written to bench/RESULTS.md with the machine and the date.
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { PREVIOUS_RUN } from './previous';

export interface Figure {
  section: string;
  name: string;
  /** The measurement, formatted (e.g. "84.1 ms"). */
  measured: string;
  /** The target in words (e.g. "≤ 1.6× node -e 0"); empty for figures shown for information. */
  target: string;
  /** The figure compared with the target, formatted (e.g. "1.32×"); may be empty. */
  ratio: string;
  /** true PASS, false MISS, null for information only. */
  pass: boolean | null;
  note?: string;
  /** The same figure in the previous run (bench/lib/previous.ts), formatted; empty when it had none. */
  previous?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  date: string;
  /** 1-minute load average when the run started: on a shared machine, what the figures competed with. */
  load: number;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    load: loadavg()[0],
  };
}

const verdict = (pass: boolean | null): string => (pass === null ? 'info' : pass ? 'PASS' : 'MISS');

export class Results {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    const target = figure.target ? `  target ${figure.target}` : '';
    const ratio = figure.ratio ? `  ratio ${figure.ratio}` : '';
    const note = figure.note ? `  (${figure.note})` : '';
    const previous = figure.previous ? `  previous run ${figure.previous}` : '';
    process.stdout.write(`  [${verdict(figure.pass)}] ${figure.name}: ${figure.measured}${ratio}${target}${previous}${note}\n`);
  }

  note(text: string): void {
    this.notes.push(text);
    process.stdout.write(`  note: ${text}\n`);
  }

  summary(): { pass: number; miss: number } {
    return {
      pass: this.figures.filter((f) => f.pass === true).length,
      miss: this.figures.filter((f) => f.pass === false).length,
    };
  }

  writeMarkdown(path: string, host: Machine, durationMs: number, command: string): void {
    const { pass, miss } = this.summary();
    const lines = [
      '# cf-sso-guard benchmark results',
      '',
      `Recorded by \`${command}\` (bench/run.mjs) on ${host.date}, in ${(durationMs / 1000).toFixed(0)} s.`,
      '',
      `Machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, ${host.platform}; Node ${host.node} (V8 ${host.v8}); load average ${host.load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.`,
      '',
      ...(Math.max(host.load, loadavg()[0]) > host.cores
        ? [
            `**A loaded machine:** more runnable processes than its ${host.cores} cores, so every time here is inflated and noisy; the ratios`,
            'suffer less, the absolute targets (engine milliseconds, the policy pack) more. Rerun on a quiet machine before judging a MISS.',
            '',
          ]
        : []),
      'Every target is checked here, by this run (never by timed assertions in tests): start-up and network figures as',
      'ratios against a baseline measured in the same run. Whole-process times are medians of interleaved runs.',
      '',
      `The column "previous run" is the same figure in the run before issue 20's simplification: ${PREVIOUS_RUN}.`,
      'Absolute times move with the machine\'s load; compare the ratios.',
      '',
      `**${pass} PASS, ${miss} MISS.**`,
      '',
    ];
    let section = '';
    for (const figure of this.figures) {
      if (figure.section !== section) {
        section = figure.section;
        lines.push(`## ${section}`, '', '| figure | measured | ratio | target | result | previous run | note |', '| --- | --- | --- | --- | --- | --- | --- |');
      }
      const cell = (text: string | undefined): string => (text ?? '').replace(/\|/g, '\\|');
      lines.push(`| ${cell(figure.name)} | ${cell(figure.measured)} | ${cell(figure.ratio)} | ${cell(figure.target)} | ${verdict(figure.pass)} | ${cell(figure.previous)} | ${cell(figure.note)} |`);
      const next = this.figures[this.figures.indexOf(figure) + 1];
      if (next === undefined || next.section !== section) lines.push('');
    }
    if (this.notes.length > 0) lines.push('## Notes', '', ...this.notes.map((n) => `- ${n}`), '');
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
}

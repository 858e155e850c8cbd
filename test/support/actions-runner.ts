// Runs a composite action's steps the way the GitHub Actions runner does, on this machine: `${{ }}`
// expressions over inputs, github, runner and steps contexts; `if:` with always() and ==/!=;
// `shell: bash` as `bash --noprofile --norc -eo pipefail`; $GITHUB_OUTPUT files read back into
// step outputs; a failed step skips later steps unless their `if` says always(). `uses:` steps are
// not run (they would reach GitHub): they are returned with their resolved `with:`, to be checked.
// Any expression this small runner does not understand is an error, so the test cannot pass by
// ignoring part of action.yml.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ActionMetadata {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  name: string;
  ran: boolean;
  exitCode?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What a run step wrote to $GITHUB_OUTPUT, as written. */
  outputFile?: string;
  /** For `uses:` steps that would run: the action and its resolved `with:`. */
  uses?: { action: string; with: Record<string, string> };
}

export interface ActionRun {
  /** Success when every step that ran exited 0. */
  failed: boolean;
  steps: StepRun[];
  outputs: Record<string, string>;
  /** What the steps appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

interface Contexts {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: string }>;
}

function lookup(expression: string, ctx: Contexts): string {
  const path = expression.trim();
  const match = /^(inputs|github|runner)\.([A-Za-z0-9_-]+)$/.exec(path) ?? /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(path);
  if (!match) throw new Error(`expression not understood by the test runner: ${path}`);
  if (path.startsWith('steps.')) return ctx.steps[match[1]]?.outputs[match[2]] ?? '';
  const scope = ctx[match[1] as 'inputs' | 'github' | 'runner'];
  if (!(match[2] in scope)) throw new Error(`unknown context value: ${path}`);
  return scope[match[2]];
}

function substitute(text: string, ctx: Contexts): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => lookup(expression, ctx));
}

/** `if:` of the forms GitHub documents: terms joined by &&, each always()/success()/failure() or `a == 'b'` / `a != 'b'`. */
function shouldRun(condition: string | undefined, failed: boolean, ctx: Contexts): boolean {
  const terms = (condition ?? '').replace(/^\$\{\{(.*)\}\}$/s, '$1').split('&&').map((term) => term.trim()).filter(Boolean);
  const statusTerms = terms.filter((term) => /^(always|success|failure)\(\)$/.test(term));
  if (statusTerms.length === 0) terms.unshift('success()');
  return terms.every((term) => {
    if (term === 'always()') return true;
    if (term === 'success()') return !failed;
    if (term === 'failure()') return failed;
    const comparison = /^(.+?)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (!comparison) throw new Error(`condition not understood by the test runner: ${term}`);
    const value = lookup(comparison[1], ctx);
    return comparison[2] === '==' ? value === comparison[3] : value !== comparison[3];
  });
}

/**
 * $GITHUB_OUTPUT read as the runner reads it (actions/runner FileCommandManager on Linux): lines end at
 * "\n" only; a line is NAME=VALUE when its first `=` comes before its first `<<`, else NAME<<DELIMITER,
 * whose value is every line up to the first line equal to DELIMITER; a later NAME wins.
 */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      if (eq === 0) throw new Error(`GITHUB_OUTPUT: empty name in ${JSON.stringify(line)}`);
      outputs[line.slice(0, eq)] = line.slice(eq + 1);
      continue;
    }
    if (heredoc < 0) throw new Error(`GITHUB_OUTPUT: invalid format ${JSON.stringify(line)}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === '' || delimiter === '') throw new Error(`GITHUB_OUTPUT: empty name or delimiter in ${JSON.stringify(line)}`);
    const end = lines.indexOf(delimiter, i + 1);
    if (end < 0) throw new Error(`GITHUB_OUTPUT: matching delimiter not found '${delimiter}'`);
    outputs[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv, dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `step-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export interface RunOptions {
  actionPath: string;
  workspace: string;
  runnerTemp: string;
  with: Record<string, string>;
  /** The job's environment (e.g. CLOUDFLARE_API_TOKEN from secrets). */
  env: NodeJS.ProcessEnv;
  /** `github.token`: the job's GITHUB_TOKEN (default empty). */
  githubToken?: string;
}

export async function runCompositeAction(action: ActionMetadata, options: RunOptions): Promise<ActionRun> {
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  for (const name of Object.keys(options.with)) if (!(name in action.inputs)) throw new Error(`unknown input: ${name}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = options.with[name] ?? spec.default ?? '';
  const ctx: Contexts = { inputs, github: { action_path: options.actionPath, workspace: options.workspace, token: options.githubToken ?? '' }, runner: { temp: options.runnerTemp }, steps: {} };
  const scratch = mkdtempSync(join(options.runnerTemp, 'runner-'));
  const summary = join(scratch, 'step-summary.md');
  writeFileSync(summary, '');
  let failed = false;
  const steps: StepRun[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${index + 1}`;
    if (!shouldRun(step.if, failed, ctx)) {
      steps.push({ name, ran: false, stdout: '', stderr: '', outputs: {} });
      continue;
    }
    if (step.uses !== undefined) {
      const resolved = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value), ctx)]));
      steps.push({ name, ran: true, stdout: '', stderr: '', outputs: {}, uses: { action: step.uses, with: resolved } });
      continue;
    }
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`${name}: the test runner runs only \`shell: bash\` run steps`);
    const outputFile = join(scratch, `output-${index}`);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(String(value), ctx)]));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: options.runnerTemp,
      ...options.env,
      ...stepEnv,
    };
    const result = await runBash(substitute(step.run, ctx), options.workspace, env, scratch);
    const written = readFileSync(outputFile, 'utf8');
    const outputs = parseOutputFile(written);
    if (step.id) ctx.steps[step.id] = { outputs, outcome: result.code === 0 ? 'success' : 'failure' };
    if (result.code !== 0) failed = true;
    steps.push({ name, ran: true, exitCode: result.code, stdout: result.stdout, stderr: result.stderr, outputs, outputFile: written });
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([key, spec]) => [key, substitute(spec.value, ctx)]));
  return { failed, steps, outputs, summary: readFileSync(summary, 'utf8') };
}

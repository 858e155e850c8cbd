import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSeedFile, startEmulator } from '../../emulator';
import { parseCommandArgs, renderHelp, type CommandSpec } from '../args';
import type { Terminal } from '../environment';
import { packageRoot } from '../package-root';
import { runCheck } from './check';
import { randomHex } from '../../core/digest';

export const demoSpec: CommandSpec = {
  name: 'demo',
  summary: 'Run a real check against the built-in emulator and example file. No Cloudflare account needed.',
  usage: 'cf-sso-guard demo [check options, e.g. --format html -o demo.html]',
  options: {},
  positionals: true,
  help: `Starts the local API emulator on 127.0.0.1 with examples/demo-inventory.json, then runs
\`cf-sso-guard check -c examples/sso-connectors.yaml\` against it through the official
Cloudflare SDK, and prints the report. The demo exits 0 when it ran; it tells you which
exit code a real check would have returned. Any check option may follow, e.g.:
  cf-sso-guard demo --format markdown
  cf-sso-guard demo --report html=demo-report.html`,
};

const MEANING: Record<number, string> = {
  0: 'gate passed',
  1: 'gate failed: an unwaived finding at or above --fail-on',
  2: 'could not decide',
};

/**
 * How to run the CLI next, where the demo ran: from a clone (`npm start`: the repository has src/,
 * and `cf-sso-guard` is not on PATH) or from an installed package.
 */
export function nextStep(fromClone: boolean): string {
  const command = fromClone ? '`node dist/cli.js check -c your-file.yaml` (or `npm link` once, then `cf-sso-guard check ...`)' : '`npx cf-sso-guard check -c your-file.yaml`';
  return `Next: point CLOUDFLARE_API_TOKEN at a token with "SSO Connector Read" and run ${command}.`;
}

export async function runDemo(argv: string[], terminal: Terminal): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    parseCommandArgs(demoSpec, ['--help']);
    process.stdout.write(renderHelp(demoSpec));
    return 0;
  }
  const root = packageRoot();
  const seedPath = join(root, 'examples', 'demo-inventory.json');
  const desiredPath = relative(process.cwd(), join(root, 'examples', 'sso-connectors.yaml')) || 'sso-connectors.yaml';
  const token = `demo-${randomHex(12)}`;
  const emulator = await startEmulator({ port: 0, token, seed: loadSeedFile(seedPath) });
  try {
    process.stderr.write(
      `cf-sso-guard demo: emulator on ${emulator.url} serving ${relative(process.cwd(), seedPath)}\n` +
        `                   checking ${desiredPath} through the official Cloudflare SDK\n\n`,
    );
    const env = { ...terminal.env, CLOUDFLARE_API_TOKEN: token, CLOUDFLARE_BASE_URL: emulator.url };
    const code = await runCheck(['-c', desiredPath, ...argv], { ...terminal, env });
    process.stderr.write(
      `\nDemo finished. A real \`cf-sso-guard check\` would have exited with code ${code} (${MEANING[code] ?? 'unknown'}).\n` +
        `${nextStep(existsSync(join(root, 'src', 'cli')))}\n`,
    );
    return 0;
  } finally {
    await emulator.close();
  }
}

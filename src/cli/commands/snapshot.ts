import { snapshotFromInventories } from '../../cloudflare';
import { TOOL_VERSION } from '../../core/version';
import { accountIdsOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import { desiredStatePath, loadDesired } from '../desired';
import type { Terminal } from '../environment';
import { UsageError } from '../errors';
import { cleanText } from '../../core/text';
import { checkOutputPaths, writeOutput } from '../output';
import { LIVE_HELP, LIVE_OPTIONS, liveReadOptions, readWithProgress } from '../live';

export const snapshotSpec: CommandSpec = {
  name: 'snapshot',
  summary: 'Record the live SSO connectors as a JSON evidence file (check it later with `check --snapshot`).',
  usage: 'cf-sso-guard snapshot [-c FILE | --account ID...] -o FILE',
  options: {
    config: { type: 'string', short: 'c' },
    account: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    ...LIVE_OPTIONS,
  },
  help: `Options:
  -c, --config FILE   read the accounts of this desired-state file (default as for check)
      --account ID    read this account (repeatable); replaces the file's account list
  -o, --output FILE   where to write the snapshot (required; written atomically)

${LIVE_HELP}

Exit codes: 0 every account recorded; 2 any account could not be read (the file is
still written, with that account marked "error", so the failure is on record).`,
};

export async function runSnapshot(argv: string[], terminal: Terminal): Promise<number> {
  const { values, help } = parseCommandArgs(snapshotSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(snapshotSpec));
    return 0;
  }
  const output = stringOption(values, 'output');
  if (output === undefined) throw new UsageError('snapshot needs -o FILE (where to write the snapshot)');
  let accountIds = accountIdsOption(values);
  let labels = new Map<string, string>();
  const configPath = desiredStatePath(stringOption(values, 'config'), terminal.env);
  checkOutputPaths([{ path: output }], accountIds.length === 0 ? [configPath] : [], '-o');
  if (accountIds.length === 0) {
    const desired = await loadDesired(stringOption(values, 'config'), terminal);
    accountIds = desired.accounts.map((a) => a.id);
    labels = new Map(desired.accounts.map((a) => [a.id, a.name ?? a.id]));
  }
  const live = liveReadOptions(values, terminal.env);
  const inventories = await readWithProgress(accountIds, live, terminal, labels);
  const snapshot = snapshotFromInventories(inventories, { toolVersion: TOOL_VERSION, source: live.source, recordedAt: new Date().toISOString() });
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  writeOutput(output, text, 'snapshot');
  const failed = inventories.filter((i) => i.status === 'error');
  const connectors = inventories.reduce((n, i) => n + i.connectors.length, 0);
  process.stderr.write(`Recorded ${inventories.length - failed.length}/${inventories.length} account(s), ${connectors} connector(s) to ${cleanText(output)}\n`);
  for (const f of failed) process.stderr.write(`  ✖ ${cleanText(labels.get(f.accountId) ?? f.accountId)}: ${cleanText(f.error ?? 'not read')}\n`);
  return failed.length > 0 ? 2 : 0;
}

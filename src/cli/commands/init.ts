import { existsSync } from 'node:fs';
import { Document, isMap, isScalar, isSeq } from 'yaml';
import { DESIRED_STATE_SCHEMA, DesiredStateError, parseDesiredState } from '../../desired';
import { cleanText } from '../../core/text';
import { redact } from '../../core/redact';
import type { AccountInventory, ObservedConnector } from '../../core/types';
import { VERIFICATION_STATUSES } from '../../core/types';
import { CONNECTOR_SETTINGS } from '../../core/settings';
import { preparePulumiImport } from '../pulumi-import';
import { terraformImportFor } from '../../terraform';
import { TOOL_VERSION } from '../../core/version';
import { accountIdsOption, parseCommandArgs, renderHelp, stringOption, type CommandSpec } from '../args';
import type { Terminal } from '../environment';
import { plural } from '../../report/shared';
import { UsageError } from '../errors';
import { checkOutputPaths, writeOutput } from '../output';
import { LIVE_HELP, LIVE_OPTIONS, liveReadOptions, readWithProgress } from '../live';

export const initSpec: CommandSpec = {
  name: 'init',
  summary: 'Write a desired-state file from the live state of the given accounts, ready to review and commit.',
  usage: 'cf-sso-guard init --account ID... [-o FILE] [--pulumi-import FILE] [--terraform FILE.tf] [--force]',
  options: {
    account: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    'pulumi-import': { type: 'string' },
    terraform: { type: 'string' },
    ...LIVE_OPTIONS,
  },
  help: `Options:
      --account ID    account to describe (repeatable, or comma-separated; required)
  -o, --output FILE   write here instead of stdout (refuses to overwrite without --force)
      --pulumi-import FILE
                      also write a Pulumi bulk-import file (pulumi import --file FILE) for the live
                      connectors, named as the Pulumi program names them
      --terraform FILE.tf
                      also write Terraform/OpenTofu import {} blocks (id <account_id>/<sso_connector_id>)
                      and matching cloudflare_sso_connector resources reproducing the live settings
      --force         overwrite FILE if it exists

${LIVE_HELP}

Exit codes: 0 written; 2 any account could not be read (nothing is written).`,
};

/** Where editors find the schema (yaml-language-server modeline): the schema's own published id. */
export const SCHEMA_MODELINE = `# yaml-language-server: $schema=${(DESIRED_STATE_SCHEMA as { $id: string }).$id}`;

export interface InitYaml {
  text: string;
  /** Connectors written (duplicates on the live side are written once). */
  connectors: number;
}

/**
 * The desired state that the live state satisfies exactly; duplicates are listed once. `names` gives an
 * account's label where known; otherwise a commented `name:` placeholder says where one goes.
 */
export function desiredYamlFromInventories(inventories: AccountInventory[], recordedAt: string, names: ReadonlyMap<string, string> = new Map()): InitYaml {
  let written = 0;
  const accounts = inventories.map((inventory) => {
    const seen = new Set<string>();
    const connectors = [...inventory.connectors]
      .sort((a, b) => a.emailDomain.localeCompare(b.emailDomain))
      .filter((c) => !seen.has(c.emailDomain.toLowerCase()) && seen.add(c.emailDomain.toLowerCase()))
      .map((c) => declarationOf(c));
    written += connectors.length;
    const name = names.get(inventory.accountId);
    return { id: inventory.accountId, ...(name !== undefined ? { name } : {}), unmanaged: 'error', connectors };
  });
  const doc = new Document({ version: 1, accounts });
  const accountNodes = doc.get('accounts');
  for (const node of isSeq(accountNodes) ? accountNodes.items : []) {
    if (!isMap(node)) continue;
    const unmanaged = node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'unmanaged');
    const hasName = node.items.some((pair) => isScalar(pair.key) && pair.key.value === 'name');
    if (!hasName && unmanaged !== undefined && isScalar(unmanaged.key)) unmanaged.key.commentBefore = ' name: ACCOUNT NAME   # a label for reports and --account; uncomment and fill in';
  }
  const header = [
    SCHEMA_MODELINE,
    `# Written by cf-sso-guard ${TOOL_VERSION} init on ${recordedAt} from the live state.`,
    '# Review it (name the accounts, tighten verification), then commit it.',
  ].join('\n');
  return { text: `${header}\n${doc.toString({ lineWidth: 0 })}`, connectors: written };
}

/**
 * Only what the API reported: an absent field stays out of the file (not checked), and so does a
 * verification status the file cannot express (one Cloudflare added later, e.g. `expired`).
 */
function declarationOf(connector: ObservedConnector): Record<string, string | boolean> {
  const entry: Record<string, string | boolean> = { email_domain: connector.emailDomain };
  for (const row of CONNECTOR_SETTINGS) {
    if (row.type === 'boolean') {
      const value = connector[row.key];
      if (value !== undefined) entry[row.yaml] = value;
    } else {
      const status = connector.verification?.status?.toLowerCase();
      if (status !== undefined && (VERIFICATION_STATUSES as readonly string[]).includes(status)) entry[row.yaml] = status;
    }
  }
  return entry;
}

export async function runInit(argv: string[], terminal: Terminal): Promise<number> {
  const { values, help } = parseCommandArgs(initSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(initSpec));
    return 0;
  }
  const accountIds = accountIdsOption(values);
  if (accountIds.length === 0) throw new UsageError('init needs at least one --account ID');
  const output = stringOption(values, 'output');
  if (output !== undefined && existsSync(output) && values.force !== true) {
    throw new UsageError(`${output} already exists; pass --force to overwrite it`);
  }
  if (output !== undefined) checkOutputPaths([{ path: output }], [], '-o');
  const pulumiImport = stringOption(values, 'pulumi-import');
  if (pulumiImport !== undefined && existsSync(pulumiImport) && values.force !== true) {
    throw new UsageError(`${pulumiImport} already exists; pass --force to overwrite it`);
  }
  if (pulumiImport !== undefined) checkOutputPaths([{ path: pulumiImport }, ...(output !== undefined ? [{ path: output }] : [])], [], '--pulumi-import');
  const terraform = stringOption(values, 'terraform');
  if (terraform !== undefined && existsSync(terraform) && values.force !== true) {
    throw new UsageError(`${terraform} already exists; pass --force to overwrite it`);
  }
  if (terraform !== undefined) {
    checkOutputPaths([{ path: terraform }, ...(output !== undefined ? [{ path: output }] : []), ...(pulumiImport !== undefined ? [{ path: pulumiImport }] : [])], [], '--terraform');
  }
  const live = liveReadOptions(values, terminal.env);
  const inventories = await readWithProgress(accountIds, live, terminal, new Map());
  const failed = inventories.filter((i) => i.status === 'error');
  if (failed.length > 0) {
    for (const f of failed) process.stderr.write(`✖ ${f.accountId}: ${cleanText(f.error ?? 'not read')}\n`);
    process.stderr.write('Nothing written: a desired-state file from an incomplete read would be wrong.\n');
    return 2;
  }
  // A hostile server can echo the token back as data: it never reaches the file or stderr (a redacted
  // domain then fails the check below, plainly).
  const generated = desiredYamlFromInventories(inventories, new Date().toISOString());
  const text = redact(generated.text, live.apiToken);
  const { connectors } = generated;
  // The file we write must load: check it with the same loader the checker uses. The live state may hold
  // what a desired-state file cannot declare (e.g. a domain that is not a hostname): say so, plainly.
  let written;
  try {
    written = parseDesiredState(text, output ?? '<stdout>');
  } catch (error) {
    if (!(error instanceof DesiredStateError)) throw error;
    for (const issue of error.issues) process.stderr.write(`✖ the live state cannot be written as a desired-state file: ${cleanText(issue.path)}: ${cleanText(issue.message)}\n`);
    process.stderr.write('Nothing written.\n');
    return 2;
  }
  for (const inventory of inventories) {
    const domains = inventory.connectors.map((c) => c.emailDomain.toLowerCase());
    const dupes = domains.filter((d, i) => domains.indexOf(d) !== i);
    if (dupes.length > 0) process.stderr.write(`warning: ${inventory.accountId} has more than one connector for ${cleanText([...new Set(dupes)].join(', '))}; listed once\n`);
  }
  // Named from the file just written, so the import and the program agree on every resource name.
  const importFile = pulumiImport === undefined ? undefined : preparePulumiImport(pulumiImport, written, inventories);
  if (importFile !== undefined && 'error' in importFile) {
    process.stderr.write(`Nothing written: ${importFile.error}\n`);
    return 2;
  }
  importFile?.write();
  if (terraform !== undefined) {
    const hcl = terraformImportFor(inventories, new Date().toISOString(), TOOL_VERSION);
    writeOutput(terraform, redact(hcl.text, live.apiToken), 'the Terraform import blocks');
    process.stderr.write(`Wrote ${cleanText(terraform)}: ${plural(hcl.names.length, 'import block')} with matching resources\n`);
  }
  writeOutput(output, text, 'the desired state');
  process.stderr.write(`Wrote ${output === undefined ? 'the desired state to stdout' : cleanText(output)}: ${plural(inventories.length, 'account')}, ${plural(connectors, 'connector')}\n`);
  return 0;
}

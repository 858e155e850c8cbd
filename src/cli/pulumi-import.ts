// init --pulumi-import FILE: the Pulumi bulk-import file for the connectors init just described.
import { writeFileAtomic } from '../fs/atomic-write';
import { pulumiImportFor } from '../pulumi/import-file';
import type { AccountInventory, DesiredState } from '../types';

export function writePulumiImport(file: string, desired: DesiredState, inventories: readonly AccountInventory[]): void {
  const { file: contents, skipped } = pulumiImportFor(desired, inventories);
  for (const reason of skipped) process.stderr.write(`warning: ${reason}\n`);
  writeFileAtomic(file, `${JSON.stringify(contents, null, 2)}\n`);
  process.stderr.write(
    `Wrote ${file}: ${contents.resources.length} connector(s) to bring under the stack with ` +
      `\`pulumi import --file ${file}\` (the desired-state file must be the one the program reads).\n`,
  );
}

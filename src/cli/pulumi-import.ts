// init --pulumi-import FILE: the Pulumi bulk-import file for the connectors init just described.
import { writeOutput } from '../fs/output';
import { pulumiImportFor } from '../pulumi/import-file';
import { PlanError } from '../pulumi/plan';
import { cleanText, escapeJsonText } from '../core/text';
import type { AccountInventory, DesiredState } from '../core/types';

export interface PreparedImport {
  /** Writes the file and says so on stderr. */
  write(): void;
}

/**
 * The import file for `desired` (the file init writes), or why the Pulumi program could not name
 * its connectors (then nothing is written: an import file the program disagrees with is worse than none).
 */
export function preparePulumiImport(file: string, desired: DesiredState, inventories: readonly AccountInventory[]): PreparedImport | { error: string } {
  let prepared;
  try {
    prepared = pulumiImportFor(desired, inventories);
  } catch (error) {
    if (error instanceof PlanError) return { error: `the Pulumi program could not name these connectors: ${cleanText(error.message)}` };
    throw error;
  }
  const { file: contents, skipped } = prepared;
  return {
    write() {
      // Connector ids and domains come from the API: inert on a terminal, in the file as on stderr.
      for (const reason of skipped) process.stderr.write(`warning: ${cleanText(reason)}\n`);
      writeOutput(file, `${escapeJsonText(JSON.stringify(contents, null, 2))}\n`, 'the Pulumi import file');
      process.stderr.write(
        `Wrote ${cleanText(file)}: ${contents.resources.length} connector(s) to bring under the stack with ` +
          `\`pulumi import --file ${cleanText(file)}\` (the desired-state file must be the one the program reads).\n`,
      );
    },
  };
}

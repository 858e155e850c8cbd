// Issue 19 item 2: the pack's "desired-state file unusable" violation keeps a path with a line break on
// its own line, so the path cannot start a workflow command (`::error`) in a CI log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../policies/context';
import { reportUnusableDesiredState } from '../../policies/runner';

describe('policy pack: desired-state file unusable', () => {
  it('a path with line breaks is one line of the message, its breaks shown as \\u000a', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-pack-'));
    const forged = join(dir, 'nope\n::error title=forged::PR is compliant\n::stop-commands::tok');
    const load = loadDesired({ desiredState: forged }, {});
    expect(load.ok).toBe(false);
    if (load.ok) return;
    const messages: string[] = [];
    reportUnusableDesiredState(((info: { message: string }) => messages.push(info.message)) as never, load);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('nope\\u000a::error title=forged::PR is compliant');
    for (const line of messages[0].split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
  });
});

// Golden files: what every format renders for the engine's runs over the inputs in
// test/fixtures/golden/ (desired state + snapshot, the real rules), kept in test/golden/ so a change
// to any rule, the engine or any format shows as a reviewable diff. After an intended change, regenerate them with
//   UPDATE_GOLDEN=1 npx vitest run --project unit test/report/golden.test.ts
// and review `git diff test/golden`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, FORMATTERS } from '../../src/report';
import { ALL_RULES } from '../../src/rules';
import { ENGINE_RUNS } from './fixtures';

const GOLDEN = path.join(__dirname, '..', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('every format matches its golden file', () => {
  const cases = ENGINE_RUNS.flatMap((run) => FORMAT_NAMES.map((format) => ({ name: run.name, run, format })));
  it.each(cases)('$name run as $format', ({ name, run, format }) => {
    const file = path.join(GOLDEN, `${name.replace(/\s+/g, '-')}.${format}.${FORMATTERS[format].extension}`);
    const rendered = FORMATTERS[format].render(run.report, run.context());
    if (update) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, rendered);
    }
    expect(existsSync(file), `${path.relative(process.cwd(), file)} is missing; create it with UPDATE_GOLDEN=1`).toBe(true);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
  });
});

describe('the golden runs', () => {
  it('exercise every rule at least once (a new rule needs an input here that triggers it)', () => {
    const fired = new Set(ENGINE_RUNS.flatMap((run) => run.report.findings.map((finding) => finding.ruleId)));
    expect([...fired].sort()).toEqual(ALL_RULES.map((rule) => rule.id).sort());
  });

  it('end in each status the report can have', () => {
    expect(ENGINE_RUNS.map((run) => `${run.name}: ${run.report.status}`)).toEqual(['clean: compliant', 'drift: drift', 'waivers: drift', 'account error: error']);
  });
});

// validate --format/-o/-c -, missing files, --quiet, did-you-mean, completion, .yml, error codes: the CLI as a process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../support/common';
import { REPO_ROOT, runCli } from '../support/cli';

const VALID = join(REPO_ROOT, 'examples', 'sso-connectors.yaml');
const BAD_YAML = 'version: 1\naccounts:\n  - id: 023e105f4ecef8ad9ca31a8372d0c353\n    connectors:\n      - email_domain: a.example.com\n        use_fedramp_langauge: true\n';
let work: string;

function compile(schemaFile: string, draft04 = false) {
  return compileSchema(readFileSync(schemaFile, 'utf8'), { strict: !draft04 });
}
const validateJson = compile(join(REPO_ROOT, 'schemas', 'validation.schema.json'));
const validateSarif = compile(join(REPO_ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), true);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cf-sso-guard-usage-'));
  writeFileSync(join(work, 'bad.yaml'), BAD_YAML);
});

describe('validate --format', () => {
  it('json: valid and invalid results match schemas/validation.schema.json', async () => {
    const ok = await runCli(['validate', '-c', VALID, '--format', 'json']);
    expect(ok.code).toBe(0);
    const okDoc = JSON.parse(ok.stdout);
    expect(validateJson(okDoc), JSON.stringify(validateJson.errors)).toBe(true);
    expect(okDoc).toMatchObject({ valid: true, counts: { accounts: 2 }, issues: [] });

    const bad = await runCli(['validate', '-c', 'bad.yaml', '-f', 'json'], { cwd: work });
    expect(bad.code).toBe(2);
    const badDoc = JSON.parse(bad.stdout);
    expect(validateJson(badDoc), JSON.stringify(validateJson.errors)).toBe(true);
    expect(badDoc.issues).toEqual([expect.objectContaining({ line: 6, column: 9, hint: expect.stringContaining('use_fedramp_language') })]);
  });

  it('sarif: valid against the OASIS schema, one result on the offending line; -o writes it to a file', async () => {
    const out = join(work, 'validate.sarif');
    const bad = await runCli(['validate', '-c', 'bad.yaml', '--format', 'sarif', '-o', out], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'bad.yaml' }, region: { startLine: 6, startColumn: 9 } });
  });

  it('github: an ::error annotation on the line; under GitHub Actions it appears by itself with the text output', async () => {
    const explicit = await runCli(['validate', '-c', 'bad.yaml', '--format', 'github'], { cwd: work });
    expect(explicit.code).toBe(2);
    expect(explicit.stdout).toMatch(/^::error file=bad\.yaml,line=6,col=9,title=[^:]*::accounts\[0\]\.connectors\[0\]\.use_fedramp_langauge: .*use_fedramp_language/m);

    const inActions = await runCli(['validate', '-c', 'bad.yaml'], { cwd: work, env: { GITHUB_ACTIONS: 'true' } });
    expect(inActions.code).toBe(2);
    expect(inActions.stderr).toContain('bad.yaml:6:9');
    expect(inActions.stdout).toContain('::error file=bad.yaml,line=6,col=9');

    const optedOut = await runCli(['validate', '-c', 'bad.yaml', '--no-annotations'], { cwd: work, env: { GITHUB_ACTIONS: 'true' } });
    expect(optedOut.stdout).toBe('');
    const jsonInActions = await runCli(['validate', '-c', 'bad.yaml', '-f', 'json'], { cwd: work, env: { GITHUB_ACTIONS: 'true' } });
    expect(() => JSON.parse(jsonInActions.stdout)).not.toThrow();
  });
});

describe('validate output is inert whatever the file holds', () => {
  it('a value with a newline, a workflow command and an escape stays one inert line in every format', async () => {
    const hostile = 'version: 1\naccounts:\n  - id: "x\\n::error::pwned\\u001b[2J"\n    connectors: []\n';
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const result = await runCli(['validate', '-c', '-', '-f', format], { input: hostile });
      expect(result.code, format).toBe(2);
      const out = result.stdout + result.stderr;
      expect(out, format).not.toContain('\u001b');
      expect(out, format).not.toMatch(/^::error::pwned/m);
    }
    const missing = await runCli(['validate', '-c', 'nope\u001b[2J.yaml']);
    expect(missing.stderr).not.toContain('\u001b');
    expect(missing.stderr).toContain('\\u001b');
  });
});

describe('validate -c - (stdin) and missing files', () => {
  it('reads the file from stdin and calls it <stdin>', async () => {
    const ok = await runCli(['validate', '-c', '-'], { input: readFileSync(VALID, 'utf8') });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^<stdin>: valid/);
    const bad = await runCli(['validate', '-c', '-'], { input: BAD_YAML });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('<stdin>:6:9');
    expect(bad.stderr).not.toContain('-: ');
    const annotated = await runCli(['validate', '-c', '-', '-f', 'github'], { input: BAD_YAML });
    expect(annotated.stdout).toMatch(/^::error line=|^::error title=/m);
    expect(annotated.stdout).not.toContain('file=');
  });

  it('refuses a desired state over 5 MiB on stdin as it refuses a file, exit 2', async () => {
    const huge = `# ${'x'.repeat(6 * 1024 * 1024)}\n`;
    const result = await runCli(['validate', '-c', '-'], { input: huge });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/<stdin>: file is too large \(\d+\.\d MiB\); a desired-state file may be at most 5 MiB/);
  });

  it('a missing file says it is missing, where it looked, and how to create one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cf-sso-guard-empty-'));
    const result = await runCli(['validate'], { cwd: empty });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sso-connectors.yaml: desired-state file is missing');
    expect(result.stderr).toContain(join(empty, 'sso-connectors.yaml'));
    expect(result.stderr).toContain(join(empty, 'sso-connectors.yml'));
    expect(result.stderr).toContain('cf-sso-guard init --account ACCOUNT_ID -o sso-connectors.yaml');
    expect(result.stderr).not.toContain('not a valid');
    // Its code (file_not_found), not its wording, makes it a self-explained message without the --help pointer.
    expect(result.stderr).not.toContain("--help' for usage");
    const fromEnv = await runCli(['validate'], { cwd: empty, env: { CF_SSO_GUARD_CONFIG: 'conf/prod.yaml' } });
    expect(fromEnv.stderr).toContain(`${join(empty, 'conf', 'prod.yaml')} (from CF_SSO_GUARD_CONFIG)`);
  });

  it('a path with a line break (from -c or CF_SSO_GUARD_CONFIG) starts no line of its own: no forged workflow command', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cf-sso-guard-empty-'));
    const forged = 'nope\n::error title=forged::PR is compliant\n::stop-commands::tok';
    for (const result of [await runCli(['validate', '-c', forged], { cwd: empty }), await runCli(['validate'], { cwd: empty, env: { CF_SSO_GUARD_CONFIG: forged } })]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('nope\\u000a::error title=forged::PR is compliant');
      for (const line of result.stderr.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
    }
  });

  it('validate FILE...: each file in turn (the pre-commit hook passes the files it matched); exit 2 if any is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-files-'));
    copyFileSync(VALID, join(dir, 'a.yaml'));
    writeFileSync(join(dir, 'b.yaml'), 'version: 1\naccounts: oops\n');
    const both = await runCli(['validate', 'b.yaml', 'a.yaml'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('b.yaml:2:11: accounts: expected a list');
    expect(both.stdout).toMatch(/^a\.yaml: valid/m);
    expect((await runCli(['validate', 'a.yaml', 'a.yaml'], { cwd: dir })).code).toBe(0);
    const mixed = await runCli(['validate', '-c', 'a.yaml', 'b.yaml'], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('not both');
    expect((await runCli(['validate', '--format', 'sarif', 'a.yaml', 'b.yaml'], { cwd: dir })).stderr).toContain('several files');
  });

  it('finds ./sso-connectors.yml when there is no .yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-yml-'));
    copyFileSync(VALID, join(dir, 'sso-connectors.yml'));
    const result = await runCli(['validate'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sso-connectors\.yml: valid/);
  });
});

describe('--quiet', () => {
  it('prints nothing on stdout; the exit code and -o files still say it all', async () => {
    const ok = await runCli(['validate', '-c', VALID, '-q']);
    expect([ok.code, ok.stdout]).toEqual([0, '']);
    const bad = await runCli(['validate', '-c', 'bad.yaml', '--quiet'], { cwd: work, env: { GITHUB_ACTIONS: 'true' } });
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    const out = join(work, 'quiet.json');
    const toFile = await runCli(['validate', '-c', VALID, '-q', '-f', 'json', '-o', out]);
    expect(toFile.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).valid).toBe(true);
    const check = await runCli(['check', '-c', VALID, '-q', '--snapshot', join(work, 'none.json')]);
    expect(check.code).toBe(2);
    expect(check.stdout).toBe('');
  });
});

describe('did-you-mean', () => {
  it('for a mistyped command', async () => {
    const result = await runCli(['chekc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "chekc". Did you mean "check"?');
    const far = await runCli(['frobnicate']);
    expect(far.stderr).not.toContain('Did you mean');
    expect(far.stderr).toContain('Commands: check, validate');
  });

  it('for a mistyped flag, before any work', async () => {
    const result = await runCli(['check', '--formt', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option "--formt"; did you mean "--format"?');
    const validate = await runCli(['validate', '--confg', 'x.yaml']);
    expect(validate.stderr).toContain('did you mean "--config"?');
    const short = await runCli(['validate', '-z']);
    expect(short.stderr).toContain('unknown option "-z"');
    // A value that looks like a flag is the flag's value, not an unknown option.
    const value = await runCli(['validate', '-c', '--not-a-flag.yaml']);
    expect(value.code).toBe(2);
    expect(value.stderr).not.toContain('unknown option');
    const attached = await runCli(['validate', '--config=--not-a-flag.yaml']);
    expect(attached.stderr).toContain('--not-a-flag.yaml: desired-state file is missing');
  });
});

describe('the tool\'s own multi-line messages (issue 19)', () => {
  it('print as lines, not a literal \\u000a (the parser\'s "ambiguous", history\'s "cannot be used")', async () => {
    const ambiguous = await runCli(['check', '-c', '-x']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).not.toContain('\\u000a');
    expect(ambiguous.stderr).toMatch(/argument is ambiguous\.\nDid you forget/);
    const history = await runCli(['history', '/nonexistent/one.json', '/nonexistent/two.json']);
    expect(history.code).toBe(2);
    expect(history.stderr).not.toContain('\\u000a');
    expect(history.stderr).toMatch(/cannot be used; nothing was written:\n {2}\/nonexistent\/one\.json: .*\n {2}\/nonexistent\/two\.json: /);
    // A value from outside inside such a message is still one line.
    const forged = await runCli(['history', '/nonexistent/a\n::error::forged.json', '/nonexistent/b.json']);
    for (const line of forged.stderr.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
  });
});

describe('completion', () => {
  function bashComplete(script: string, words: string[], cwd: string): string[] {
    const line = words.map((w) => `'${w}'`).join(' ');
    const program = `${script}\nCOMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _cf_sso_guard; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { cwd, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter(Boolean).sort();
  }

  it('bash: commands, flags, formats and file names, run in a real bash', async () => {
    const { code, stdout } = await runCli(['completion', 'bash']);
    expect(code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'cf-sso-guard-compl-'));
    writeFileSync(join(dir, 'prod.yaml'), '');
    writeFileSync(join(dir, 'prod.yml'), '');
    expect(bashComplete(stdout, ['cf-sso-guard', 'ch'], dir)).toEqual(['check']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'check', '--fo'], dir)).toEqual(['--format']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'check', '--format', 's'], dir)).toEqual(['sarif']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'validate', '-f', ''], dir)).toEqual(['github', 'json', 'sarif', 'text']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'check', '-c', 'pro'], dir)).toEqual(['prod.yaml', 'prod.yml']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'check', '--fail-on', ''], dir)).toEqual(['error', 'never', 'note', 'warning']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'completion', ''], dir)).toEqual(expect.arrayContaining(['bash', 'fish', 'zsh']));
    // Issue 19: a file name with spaces stays whole; a * in one is not expanded as a glob.
    writeFileSync(join(dir, 'my report.yaml'), '');
    writeFileSync(join(dir, 'star*.yaml'), '');
    writeFileSync(join(dir, 'star-other.yaml'), '');
    expect(bashComplete(stdout, ['cf-sso-guard', 'check', '-c', 'my'], dir)).toEqual(['my report.yaml']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'validate', 'my'], dir)).toEqual(['my report.yaml']);
    expect(bashComplete(stdout, ['cf-sso-guard', 'check', '-o', 'star*'], dir)).toEqual(['star*.yaml']);
  });

  it('zsh and fish: every command and flag, and bad shells are refused', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef cf-sso-guard/);
    expect(zsh.stdout).toContain("{-f,--format}':format:(text json markdown sarif junit html csv github oscal oscal-poam)'");
    expect(zsh.stdout).toContain("{-f,--format}':format:(text markdown json html)'"); // history's own formats
    expect(zsh.stdout).toContain("{-c,--config}':config:_files'");
    const fish = await runCli(['completion', 'fish']);
    expect(fish.code).toBe(0);
    expect(fish.stdout).toContain('complete -c cf-sso-guard -n "__fish_seen_subcommand_from validate" -l format -s f -x -a \'text json sarif github\'');
    expect(fish.stdout).toContain('-l config -s c -r -F');
    for (const command of ['check', 'validate', 'init', 'snapshot', 'merge', 'history', 'schema', 'emulator', 'demo', 'completion']) {
      expect(zsh.stdout, command).toContain(`'${command}:`);
      expect(fish.stdout, command).toContain(`-a ${command} -d`);
    }
    const bad = await runCli(['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash, zsh, fish');
  });
});

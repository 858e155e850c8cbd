// `cf-sso-guard policy-pack new DIR`: a standalone Pulumi policy pack the user owns, as
// `pulumi policy new` would write it: PulumiPolicy.yaml, package.json, tsconfig.json, index.ts and a
// README. Its index.ts calls `cf-sso-guard/policy`, the entry point the repository's own pack uses,
// so policies, metadata, config schema and remediation come from the installed package and move
// with its version. `npm install` in DIR makes it runnable.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { writeOutput } from '../../fs/output';
import { basename, join, resolve } from 'node:path';
import packageJson from '../../../package.json';
import { cleanText } from '../../core/text';
import { TOOL_VERSION } from '../../core/version';
import { parseCommandArgs, renderHelp, type CommandSpec } from '../args';
import { UsageError } from '../errors';

export const policyPackSpec: CommandSpec = {
  name: 'policy-pack',
  summary: 'Write a Pulumi CrossGuard policy pack of your own that runs the cf-sso-guard policies.',
  usage: 'cf-sso-guard policy-pack new DIR',
  options: {},
  positionals: true,
  help: `Writes DIR/PulumiPolicy.yaml, package.json, tsconfig.json, index.ts and README.md (DIR must not
exist or be empty). Then:
  cd DIR && npm install
  pulumi preview --policy-pack DIR                 # in your Pulumi project
  pulumi policy publish <org>                      # in DIR: to Pulumi Cloud
The pack's policies come from the installed cf-sso-guard package (cf-sso-guard/policy); updating
the dependency updates them.

Exit codes: 0 written; 2 bad arguments or DIR not empty (nothing is written).`,
};

/** The PulumiPolicy.yaml of the repository's pack (test/cli/policy-pack.test.ts keeps them equal). */
export const PULUMI_POLICY_YAML = `runtime: nodejs
description: >-
  cf-sso-guard: Cloudflare SSO connectors must match the desired-state file (sso-connectors.yaml).
  Resource and stack policies on cloudflare.SsoConnector, plus an opt-in live-drift check through the
  Cloudflare API. The same rules as the cf-sso-guard CLI.
`;

/** An npm package name from the directory's name (lower case, URL-safe), else a fixed one. */
function packNameFor(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return name === '' ? 'cf-sso-guard-policy-pack' : name.slice(0, 214);
}

/** The files of a new pack, by name. */
export function policyPackFiles(dir: string): Record<string, string> {
  const peers = packageJson.peerDependencies;
  const manifest = {
    name: packNameFor(dir),
    version: '0.1.0',
    private: true,
    description: 'Pulumi policy pack: Cloudflare SSO connectors must match sso-connectors.yaml (cf-sso-guard).',
    dependencies: {
      '@pulumi/cloudflare': peers['@pulumi/cloudflare'],
      '@pulumi/policy': peers['@pulumi/policy'],
      '@pulumi/pulumi': peers['@pulumi/pulumi'],
      'cf-sso-guard': `^${TOOL_VERSION}`,
    },
    devDependencies: {
      '@types/node': packageJson.devDependencies['@types/node'],
      typescript: packageJson.devDependencies.typescript,
    },
  };
  const tsconfig = {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      skipLibCheck: true,
      types: ['node'],
    },
    files: ['index.ts'],
  };
  return {
    'PulumiPolicy.yaml': PULUMI_POLICY_YAML,
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'index.ts': `// The cf-sso-guard policy pack: its policies, metadata, config schema and remediation come from the
// cf-sso-guard package (the same entry point as the pack in cf-sso-guard's repository).
import { createPolicyPack } from 'cf-sso-guard/policy';

createPolicyPack();
`,
    'README.md': `# ${manifest.name}

A Pulumi CrossGuard policy pack: the Cloudflare SSO connectors of a stack must match the desired-state
file (\`sso-connectors.yaml\`), with the same rules as the \`cf-sso-guard\` CLI. Written by
\`cf-sso-guard policy-pack new\`; the policies come from the \`cf-sso-guard\` dependency (update it to
update them).

| policy | default level | rules |
| --- | --- | --- |
| \`sso-connector-declared\` | mandatory | CFSSO002, CFSSO003 |
| \`sso-connector-settings\` | mandatory (can \`remediate\`) | CFSSO004, CFSSO006 |
| \`sso-connectors-complete\` | mandatory | CFSSO001 |
| \`sso-connectors-unique\` | mandatory | CFSSO007 |
| \`sso-connectors-verified\` | advisory | CFSSO005 |
| \`sso-connectors-live-drift\` | advisory, off unless \`liveCheck: true\` | all |

## Use

\`\`\`sh
npm install                                        # here, once
cd ../my-pulumi-project
pulumi preview --policy-pack ../${basename(dir)}                   # add --policy-pack-config cfg.json to configure
\`\`\`

The desired-state file: the policy config key \`desiredState\`, else the stack config
\`cf-sso-guard:desiredState\`, else \`$CF_SSO_GUARD_CONFIG\`, else \`sso-connectors.yaml\` in the Pulumi
project directory. A missing or invalid file fails every policy (mandatory).

## Publish and enforce in Pulumi Cloud

\`\`\`sh
pulumi policy publish <org>                        # here
pulumi policy enable <org>/cf-sso-guard latest --policy-group <group>
\`\`\`

In Pulumi Cloud, add the pack to an **audit** policy group (Policies -> Policy groups, mode "audit")
to evaluate every stack in the group continuously, without blocking deployments; a published pack runs
outside your project, so give it the file with the stack config \`cf-sso-guard:desiredState\` or an
absolute \`CF_SSO_GUARD_CONFIG\`.

Docs: https://github.com/cf-sso-guard/cf-sso-guard#pulumi-policy-pack-and-program
`,
  };
}

export function runPolicyPack(argv: string[]): number {
  const { positionals, help } = parseCommandArgs(policyPackSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(policyPackSpec));
    return 0;
  }
  const [action, dir, ...extra] = positionals;
  if (action !== 'new') throw new UsageError(action === undefined ? 'say what to do: policy-pack new DIR' : `unknown policy-pack action "${cleanText(action)}"; the one action is "new"`);
  if (dir === undefined || dir === '') throw new UsageError('policy-pack new needs a directory: policy-pack new DIR');
  if (extra.length > 0) throw new UsageError(`policy-pack new takes one directory, got ${extra.length + 1}`);
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UsageError(`${cleanText(dir)} exists and is not a directory`, 'output_path');
    if (readdirSync(target).length > 0) throw new UsageError(`${cleanText(dir)} is not empty; policy-pack new writes a new pack into an empty or new directory`, 'output_path');
  }
  mkdirSync(target, { recursive: true });
  const files = policyPackFiles(target);
  for (const [name, text] of Object.entries(files)) writeOutput(join(target, name), text, name, { exclusive: true });
  process.stdout.write(
    `Wrote a Pulumi policy pack in ${cleanText(dir)}: ${Object.keys(files).join(', ')}.\n` +
      `Next: cd ${cleanText(dir)} && npm install; then, in your Pulumi project, pulumi preview --policy-pack ${cleanText(target)}\n`,
  );
  return 0;
}

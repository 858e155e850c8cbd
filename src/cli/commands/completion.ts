// `cf-sso-guard completion bash|zsh|fish`: a completion script made from the commands' own option specs,
// so it cannot fall out of step with them.
import { FORMAT_NAMES } from '../../report/formatter';
import { VALIDATION_FORMAT_NAMES } from '../../report/validation/formatter';
import { HISTORY_FORMATS } from '../../history/format';
import { parseCommandArgs, renderHelp, type CommandSpec, type OptionSpec } from '../args';
import { UsageError } from '../errors';
import { FAIL_ON } from '../selection';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

export const completionSpec: CommandSpec = {
  name: 'completion',
  summary: 'Print a shell completion script (commands, flags, formats, file names).',
  usage: 'cf-sso-guard completion bash|zsh|fish',
  options: {},
  positionals: true,
  help: `Install:
  bash   echo 'source <(cf-sso-guard completion bash)' >> ~/.bashrc
  zsh    cf-sso-guard completion zsh > "\${fpath[1]}/_cf-sso-guard"   (then restart zsh)
  fish   cf-sso-guard completion fish > ~/.config/fish/completions/cf-sso-guard.fish`,
};

/** Options that take a file name. */
const FILE_OPTIONS = new Set(['config', 'output', 'snapshot', 'seed', 'faults', 'terraform-plan', 'terraform']);

interface CompletedOption {
  long: string;
  short?: string;
  takesValue: boolean;
  values?: readonly string[];
  file: boolean;
}

function optionsOf(spec: CommandSpec): CompletedOption[] {
  const all: OptionSpec = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  const options = Object.entries(all).map(([long, option]) => {
    const formats = spec.name === 'validate' ? VALIDATION_FORMAT_NAMES : spec.name === 'history' ? HISTORY_FORMATS : FORMAT_NAMES;
    const values = long === 'format' ? formats : long === 'fail-on' ? FAIL_ON : undefined;
    return { long, ...(option.short !== undefined ? { short: option.short } : {}), takesValue: option.type === 'string', ...(values ? { values } : {}), file: FILE_OPTIONS.has(long) };
  });
  return options.sort((a, b) => (a.long < b.long ? -1 : a.long > b.long ? 1 : 0));
}

/** Single-quoted for sh, zsh and fish. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function bashScript(specs: CommandSpec[]): string {
  const valueCases: string[] = [];
  const flagCases: string[] = [];
  for (const spec of specs) {
    const options = optionsOf(spec);
    for (const option of options.filter((o) => o.takesValue)) {
      const flags = [`--${option.long}`, ...(option.short ? [`-${option.short}`] : [])].map((f) => `"${spec.name} ${f}"`).join('|');
      const reply = option.values ? `_cf_sso_guard_reply < <(compgen -W ${quote(option.values.join(' '))} -- "$cur")` : option.file ? '_cf_sso_guard_reply < <(compgen -f -- "$cur")' : 'COMPREPLY=()';
      valueCases.push(`    ${flags}) ${reply}; return ;;`);
    }
    const words = options.flatMap((o) => [`--${o.long}`, ...(o.short ? [`-${o.short}`] : [])]);
    if (spec.name === 'completion') words.unshift(...SHELLS);
    flagCases.push(`    ${spec.name}) _cf_sso_guard_reply < <(compgen -W ${quote(words.join(' '))} -- "$cur") ;;`);
  }
  return `# cf-sso-guard completion for bash. Load it with: source <(cf-sso-guard completion bash)
# Replies are read one a line: a file name with spaces stays whole, and a * in one is not expanded.
_cf_sso_guard_reply() {
  COMPREPLY=()
  local line
  while IFS= read -r line; do COMPREPLY+=("$line"); done
}
_cf_sso_guard() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    _cf_sso_guard_reply < <(compgen -W ${quote(specs.map((s) => s.name).join(' '))} -- "$cur")
    return
  fi
  case "$cmd $prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" != -* && "$cmd" != completion ]]; then _cf_sso_guard_reply < <(compgen -f -- "$cur"); return; fi
  case "$cmd" in
${flagCases.join('\n')}
  esac
}
complete -o filenames -F _cf_sso_guard cf-sso-guard
`;
}

/** zsh _arguments spec text must not carry unescaped [ ] : */
function zshText(value: string): string {
  return value.replace(/[[\]:\\]/g, (c) => `\\${c}`).replace(/'/g, `'\\''`);
}

function zshScript(specs: CommandSpec[]): string {
  const commands = specs.map((s) => `    ${quote(`${s.name}:${zshText(s.summary)}`)}`).join('\n');
  const cases = specs.map((spec) => {
    const args = optionsOf(spec).map((o) => {
      const action = o.values ? `:${o.long}:(${o.values.join(' ')})` : o.file ? `:${o.long}:_files` : o.takesValue ? `:${o.long}: ` : '';
      const names = o.short ? `{-${o.short},--${o.long}}` : `--${o.long}`;
      const exclusive = o.short ? `'(-${o.short} --${o.long})'` : '';
      return `${exclusive}${names}'${action}'`;
    });
    if (spec.name === 'completion') args.push(`'1:shell:(${SHELLS.join(' ')})'`);
    else if (spec.positionals) args.push("'*:file:_files'");
    return `    ${spec.name}) _arguments -s ${args.join(' ')} ;;`;
  });
  return `#compdef cf-sso-guard
# cf-sso-guard completion for zsh. Install: cf-sso-guard completion zsh > "\${fpath[1]}/_cf-sso-guard"
_cf_sso_guard() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local cmd=$words[2]
  shift words
  (( CURRENT-- ))
  case $cmd in
${cases.join('\n')}
  esac
}
compdef _cf_sso_guard cf-sso-guard
`;
}

function fishScript(specs: CommandSpec[]): string {
  const names = specs.map((s) => s.name).join(' ');
  const lines = [
    '# cf-sso-guard completion for fish. Install: cf-sso-guard completion fish > ~/.config/fish/completions/cf-sso-guard.fish',
    'complete -c cf-sso-guard -f',
    ...specs.map((s) => `complete -c cf-sso-guard -n "not __fish_seen_subcommand_from ${names}" -a ${s.name} -d ${quote(s.summary)}`),
  ];
  for (const spec of specs) {
    const when = `-n "__fish_seen_subcommand_from ${spec.name}"`;
    if (spec.name === 'completion') lines.push(`complete -c cf-sso-guard ${when} -a ${quote(SHELLS.join(' '))}`);
    for (const o of optionsOf(spec)) {
      const short = o.short ? ` -s ${o.short}` : '';
      const value = o.values ? ` -x -a ${quote(o.values.join(' '))}` : o.file ? ' -r -F' : o.takesValue ? ' -x' : '';
      lines.push(`complete -c cf-sso-guard ${when} -l ${o.long}${short}${value}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function completionScript(shell: Shell, specs: CommandSpec[]): string {
  return shell === 'bash' ? bashScript(specs) : shell === 'zsh' ? zshScript(specs) : fishScript(specs);
}

export async function runCompletion(argv: string[], loadSpecs: () => Promise<Array<{ spec: CommandSpec }>>): Promise<number> {
  const { positionals, help } = parseCommandArgs(completionSpec, argv);
  if (help) {
    process.stdout.write(renderHelp(completionSpec));
    return 0;
  }
  const shell = positionals[0];
  if (positionals.length !== 1 || !(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`completion needs one shell: ${SHELLS.join(', ')}${shell === undefined ? '' : `; got "${positionals.join(' ')}"`}`);
  }
  const specs = (await loadSpecs()).map((c) => c.spec);
  process.stdout.write(completionScript(shell as Shell, specs));
  return 0;
}

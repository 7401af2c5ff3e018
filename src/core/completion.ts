// `kaohe completion bash|zsh|fish`: a completion script generated from the command tree itself
// (every group, subcommand and long option the program declares), so that it never drifts from
// the commands. Each script finds the command path typed so far by walking the words that name
// a subcommand of the path before them, then offers that level's subcommands and options.
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** The values an option takes, declared where the option is (offerValues), for completion. */
const OFFERED = new WeakMap<Command, Map<string, { values: readonly string[]; words?: string }>>();

/** Declares the codes an enum option accepts (`words`: their catalog prefix, e.g. 'ticket.status.',
 *  so that fish shows each with its name): `kaohe ticket list --status <TAB>` then offers them. */
export function offerValues(cmd: Command, flag: string, values: readonly string[], words?: string): Command {
  const map = OFFERED.get(cmd) ?? new Map();
  map.set(flag, { values, words });
  OFFERED.set(cmd, map);
  return cmd;
}

/** offerValues for several commands below `root`, named by path: { 'ticket list --status': [STATUSES, 'ticket.status.'] }.
 *  A path that names no command is passed over (the completion test checks what is offered). */
export function offerAll(root: Command, offers: Record<string, readonly [readonly string[], string?]>): void {
  for (const [where, [values, words]] of Object.entries(offers)) {
    const names = where.split(' ');
    const flag = names.pop() as string;
    let cmd: Command | undefined = root;
    for (const name of names) cmd = cmd?.commands.find((c) => c.name() === name);
    if (cmd) offerValues(cmd, flag, values, words);
  }
}

export interface TreeOption {
  flag: string;
  desc: string;
  /** the option is followed by a value (--db FILE, --status STATUS) */
  takes: boolean;
  /** the values it accepts, when they are a fixed list */
  values?: readonly string[];
  words?: string;
}

export interface TreeNode {
  /** the words after `kaohe` ('' for the program itself, 'ticket open' for a subcommand) */
  path: string;
  subs: Array<{ name: string; desc: string }>;
  options: TreeOption[];
}

/** Every command of the program with its subcommands and long options, program first. */
export function commandTree(program: Command): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (cmd: Command, path: string, inherited: TreeOption[]) => {
    const offered = OFFERED.get(cmd);
    const own: TreeOption[] = cmd.options.filter((o) => o.long && !o.hidden).map((o) => ({
      flag: o.long as string, desc: o.description, takes: o.required || o.optional, ...offered?.get(o.long as string),
    }));
    const help = { flag: '--help', desc: '', takes: false };
    const options = [...own, ...inherited].filter((o, i, all) => all.findIndex((x) => x.flag === o.flag) === i);
    if (!options.some((o) => o.flag === '--help')) options.push(help);
    const subs = cmd.commands.filter((c) => c.name() !== 'help').map((c) => ({ name: c.name(), desc: c.description() }));
    out.push({ path, subs, options });
    // the program's global options (--db, --json, --lang …) may be given after any command word
    for (const c of cmd.commands) if (c.name() !== 'help') visit(c, path ? `${path} ${c.name()}` : c.name(), path === '' ? own.filter((o) => o.flag !== '--version') : inherited);
  };
  visit(program, '', []);
  return out;
}

/** A value's name in the script's language, or null. */
export type Describe = (words: string, value: string) => string | null;

const single = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The case arms of a function that prints the subcommands (or all words) of a path. */
function caseArms(nodes: TreeNode[], words: (n: TreeNode) => string[], indent: string): string {
  return nodes.map((n) => `${indent}${single(n.path)}) echo ${single(words(n).join(' '))} ;;`).join('\n');
}

/** `_kaohe_arg PATH FLAG`: succeeds when FLAG takes a value on PATH, printing the values it
 *  accepts (nothing: any value, a file name for instance); fails for a flag without a value. */
function argArms(nodes: TreeNode[]): string {
  const byValues = new Map<string, string[]>();
  for (const n of nodes) {
    for (const o of n.options.filter((x) => x.takes)) {
      const key = (o.values ?? []).join(' ');
      byValues.set(key, [...(byValues.get(key) ?? []), single(`${n.path}|${o.flag}`)]);
    }
  }
  return [...byValues].map(([values, patterns]) => `    ${patterns.join('|')}) echo ${single(values)} ;;`).join('\n');
}

/** The shell functions bash and zsh share: a command path's subcommands, the words after it, and
 *  what a flag takes. */
function lookups(nodes: TreeNode[]): string {
  return `_kaohe_subs() {
  case "$1" in
${caseArms(nodes, (n) => n.subs.map((s) => s.name), '    ')}
  esac
}
_kaohe_words() {
  case "$1" in
${caseArms(nodes, (n) => [...n.subs.map((s) => s.name), ...n.options.map((o) => o.flag)], '    ')}
  esac
}
_kaohe_arg() {
  case "$1|$2" in
${argArms(nodes)}
    *) return 1 ;;
  esac
}
`;
}

function bash(nodes: TreeNode[]): string {
  return `# kaohe completion for bash: add to ~/.bashrc
#   source <(kaohe completion bash)
${lookups(nodes)}_kaohe() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmdpath="" w i values
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    # a flag's value (--db ticket.db) is not a command word
    if ((i > 1)) && _kaohe_arg "$cmdpath" "\${COMP_WORDS[i-1]}" >/dev/null; then continue; fi
    if [[ " $(_kaohe_subs "$cmdpath") " == *" $w "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$w"; fi
  done
  # after a flag that takes a value: its values, or (none listed) file names
  if values="$(_kaohe_arg "$cmdpath" "$prev")"; then
    COMPREPLY=( $(compgen -W "$values" -- "$cur") )
    return
  fi
  COMPREPLY=( $(compgen -W "$(_kaohe_words "$cmdpath")" -- "$cur") )
}
complete -o default -F _kaohe kaohe
`;
}

function zsh(nodes: TreeNode[]): string {
  return `#compdef kaohe
# kaohe completion for zsh: either save it as _kaohe in a folder of $fpath before compinit
#   kaohe completion zsh > ~/.zfunc/_kaohe   (with fpath=(~/.zfunc $fpath) in ~/.zshrc)
# or add to ~/.zshrc after compinit
#   source <(kaohe completion zsh)
${lookups(nodes)}_kaohe() {
  local cmdpath="" w i values
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    # a flag's value (--db ticket.db) is not a command word
    if ((i > 2)) && _kaohe_arg "$cmdpath" "\${words[i-1]}" >/dev/null; then continue; fi
    if [[ " $(_kaohe_subs "$cmdpath") " == *" $w "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$w"; fi
  done
  # after a flag that takes a value: its values, or (none listed) file names
  if values="$(_kaohe_arg "$cmdpath" "\${words[CURRENT-1]}")"; then
    if [[ -n "$values" ]]; then compadd -- \${=values}; else _files; fi
    return 0
  fi
  compadd -- \${=$(_kaohe_words "$cmdpath")}
  # a command without subcommands may take a file (kaohe db backup FILE)
  [[ -n "$(_kaohe_subs "$cmdpath")" ]] || _files
  return 0
}
# autoloaded from $fpath this file is the body of _kaohe: complete now; sourced, register it
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _kaohe "$@"; else compdef _kaohe kaohe; fi
`;
}

function fish(nodes: TreeNode[], describe: Describe): string {
  const lines = [
    '# kaohe completion for fish: save as ~/.config/fish/completions/kaohe.fish',
    '#   kaohe completion fish > ~/.config/fish/completions/kaohe.fish',
    'function __kaohe_subs',
    '    switch "$argv[1]"',
    ...nodes.map((n) => `        case ${single(n.path)}\n            echo ${single(n.subs.map((s) => s.name).join(' '))}`),
    '    end',
    'end',
    'function __kaohe_path',
    '    set -l p ""',
    '    for w in (commandline -opc)[2..-1]',
    '        if contains -- $w (string split " " -- (__kaohe_subs "$p"))',
    '            set p (string trim -- "$p $w")',
    '        end',
    '    end',
    '    echo $p',
    'end',
  ];
  // fish reads -a as words, each "value<TAB>description" (\t written out, expanded by fish)
  const valueWords = (o: TreeOption) => (o.values ?? []).map((v) => {
    const name = o.words ? describe(o.words, v) : null;
    return name && name !== v ? `${v}\\t${oneLine(name).replace(/\s/g, '\\ ')}` : v;
  }).join(' ');
  for (const n of nodes) {
    const when = `-n ${single(`test (__kaohe_path) = ${single(n.path)}`)}`;
    for (const s of n.subs) lines.push(`complete -c kaohe -f ${when} -a ${single(s.name)} -d ${single(oneLine(s.desc))}`);
    for (const o of n.options) {
      const arg = o.values ? ` -x -a ${single(valueWords(o))}` : o.takes ? ' -r' : '';
      lines.push(`complete -c kaohe ${when} -l ${single(o.flag.slice(2))}${arg}${o.desc ? ` -d ${single(oneLine(o.desc))}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script of a shell for the program. */
export function completionScript(shell: Shell, program: Command, describe: Describe = () => null): string {
  const nodes = commandTree(program);
  return shell === 'bash' ? bash(nodes) : shell === 'zsh' ? zsh(nodes) : fish(nodes, describe);
}

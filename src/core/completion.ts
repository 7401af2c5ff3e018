// `kaohe completion bash|zsh|fish`: a completion script generated from the command tree itself
// (every group, subcommand and long option the program declares), so that it never drifts from
// the commands. Each script finds the command path typed so far by walking the words that name
// a subcommand of the path before them, then offers that level's subcommands and options.
import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface TreeNode {
  /** the words after `kaohe` ('' for the program itself, 'ticket open' for a subcommand) */
  path: string;
  subs: Array<{ name: string; desc: string }>;
  options: Array<{ flag: string; desc: string }>;
}

/** Every command of the program with its subcommands and long options, program first. */
export function commandTree(program: Command): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (cmd: Command, path: string, inherited: Array<{ flag: string; desc: string }>) => {
    const own = cmd.options.filter((o) => o.long && !o.hidden).map((o) => ({ flag: o.long as string, desc: o.description }));
    const help = { flag: '--help', desc: '' };
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

const single = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The case arms of a function that prints the subcommands (or all words) of a path. */
function caseArms(nodes: TreeNode[], words: (n: TreeNode) => string[], indent: string): string {
  return nodes.map((n) => `${indent}${single(n.path)}) echo ${single(words(n).join(' '))} ;;`).join('\n');
}

/** The shell functions bash and zsh share: a command path's subcommands, and the words after it. */
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
`;
}

function bash(nodes: TreeNode[]): string {
  return `# kaohe completion for bash: add to ~/.bashrc
#   source <(kaohe completion bash)
${lookups(nodes)}_kaohe() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ " $(_kaohe_subs "$cmdpath") " == *" $w "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$w"; fi
  done
  COMPREPLY=( $(compgen -W "$(_kaohe_words "$cmdpath")" -- "$cur") )
}
complete -o default -F _kaohe kaohe
`;
}

function zsh(nodes: TreeNode[]): string {
  return `#compdef kaohe
# kaohe completion for zsh: add to ~/.zshrc (after compinit)
#   source <(kaohe completion zsh)
${lookups(nodes)}_kaohe() {
  local cmdpath="" w i
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if [[ " $(_kaohe_subs "$cmdpath") " == *" $w "* ]]; then cmdpath="\${cmdpath:+$cmdpath }$w"; fi
  done
  local -a candidates
  candidates=(\${=$(_kaohe_words "$cmdpath")})
  compadd -- $candidates
  _files
}
compdef _kaohe kaohe
`;
}

function fish(nodes: TreeNode[]): string {
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
  for (const n of nodes) {
    const when = `-n ${single(`test (__kaohe_path) = ${single(n.path)}`)}`;
    for (const s of n.subs) lines.push(`complete -c kaohe -f ${when} -a ${single(s.name)} -d ${single(oneLine(s.desc))}`);
    for (const o of n.options) lines.push(`complete -c kaohe ${when} -l ${single(o.flag.slice(2))}${o.desc ? ` -d ${single(oneLine(o.desc))}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script of a shell for the program. */
export function completionScript(shell: Shell, program: Command): string {
  const nodes = commandTree(program);
  return shell === 'bash' ? bash(nodes) : shell === 'zsh' ? zsh(nodes) : fish(nodes);
}

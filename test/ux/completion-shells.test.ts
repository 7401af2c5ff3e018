// Issue 13 item 10: `kaohe completion bash|zsh|fish` run in the real shells. zsh is driven on a
// pseudo-terminal (zsh/zpty) with compinit, both ways a user installs it (a _kaohe file in $fpath,
// and `source <(kaohe completion zsh)`); fish answers `complete -C`. Each checks a command word
// (kaohe tic → ticket), a group's subcommands, and an enum flag's values (--status). A shell that
// is not installed skips its test, saying so (CI installs zsh and fish in .ci/run).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { kaohe, tempDir } from '../helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const installed = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function script(shell: string, lang = 'en'): string {
  const r = kaohe(['--lang', lang, 'completion', shell]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe(''); // sourced by every new shell: not a word on stderr
  return r.stdout;
}

/** What an interactive zsh with compinit shows for each line typed followed by Tab (Tab Tab when
 *  the line ends in a space: the list). `setup` loads the completion. */
function zshScreens(setup: string, lines: string[]): string[] {
  const dir = tempDir();
  const steps = lines.map((line, i) => {
    const keys = line.endsWith(' ') ? `${line}\\t\\t` : `${line}\\t`;
    // after the Tab: the line as completed is run as `print -r -- Rn= <line>`, then a marker
    return `zpty -w -n z $'${keys.replace(/'/g, "\\'")}'; sleep 0.5; zpty -w -n z $'\\C-aprint -r -- R${i}""= \\n'; step 'R${i}= '; zpty -w z 'print EN""D${i}'; step END${i}`;
  });
  const driver = `zmodload zsh/zpty
zpty z 'TERM=vt100 HOME=${dir} zsh -f -i'
zpty -w z ${quote(`PS1="%% "; ${setup}; zstyle ":completion:*" list-prompt ""; LISTMAX=1000; unsetopt BEEP; print RE""ADY`)}
all=""
step() { local out="" more n=0; until [[ $out == *$1* ]] || (( n > 600 )); do more=""; if zpty -r -t z more; then out+=$more; else sleep 0.05; (( n++ )); fi; done; all+="$out<<$1>>"; }
step READY
${steps.join('\n')}
zpty -w z exit
print -r -- "$all"
`;
  const file = join(dir, 'driver.zsh');
  writeFileSync(file, driver);
  const r = spawnSync('zsh', ['-f', file], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: dir } });
  const text = r.stdout.replace(/\0|\r/g, '').replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  // the screen of step i: what came after the previous step's end marker, up to its own
  return lines.map((_, i) => {
    const from = text.indexOf(i === 0 ? '<<READY>>' : `<<END${i - 1}>>`);
    const to = text.indexOf(`<<END${i}>>`);
    return from >= 0 && to > from ? text.slice(from, to) : '';
  });
}

describe('zsh completion, in zsh itself', () => {
  const lines = ['kaohe tic', 'kaohe ticket ', 'kaohe ticket list --status ', 'kaohe --db x.db guard deduct --kind '];
  const expectScreens = (screens: string[]) => {
    expect(screens[0]).toMatch(/R0= kaohe ticket/); // the command word completed
    for (const sub of ['dispatch', 'resolve', 'expense-approve', 'list']) expect(screens[1]).toContain(sub);
    for (const status of ['dispatched', 'responded', 'approved', 'void']) expect(screens[2]).toContain(status);
    expect(screens[2]).not.toContain('--customer'); // values, not the flags
    for (const kind of ['periodic', 'spot']) expect(screens[3]).toContain(kind);
  };

  it('saved as _kaohe in $fpath before compinit', (ctx) => {
    if (!installed('zsh')) return ctx.skip('zsh is not installed (apt-get install zsh)');
    const dir = join(tempDir(), 'zfunc');
    mkdirSync(dir);
    writeFileSync(join(dir, '_kaohe'), script('zsh'));
    expectScreens(zshScreens(`fpath=(${dir} $fpath); autoload -Uz compinit; compinit -u -D`, lines));
  });

  it('sourced after compinit', (ctx) => {
    if (!installed('zsh')) return ctx.skip('zsh is not installed (apt-get install zsh)');
    const file = join(tempDir(), 'kaohe.zsh');
    writeFileSync(file, script('zsh'));
    expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
    expectScreens(zshScreens(`autoload -Uz compinit; compinit -u -D; source ${file}`, lines));
  });
});

describe('fish completion, in fish itself', () => {
  function complete(file: string, line: string, how: 'source' | 'path' = 'source'): string[] {
    const home = tempDir();
    // fish loads a command's completions from fish_complete_path only for a command it can find
    writeFileSync(join(home, 'kaohe'), '#!/bin/sh\n', { mode: 0o755 });
    const load = how === 'source' ? `source ${quote(file)}` : `set -p fish_complete_path ${quote(join(file, '..'))}`;
    const r = spawnSync('fish', ['--no-config', '-c', `${load}; complete -C ${quote(line)}`], {
      encoding: 'utf8', env: { PATH: `${home}:${process.env.PATH ?? ''}`, HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home },
    });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  it('completes command words, subcommands and enum values, with the values named in Chinese in zh', (ctx) => {
    if (!installed('fish')) return ctx.skip('fish is not installed (apt-get install fish)');
    const dir = join(tempDir(), 'completions');
    mkdirSync(dir);
    const en = join(dir, 'kaohe.fish');
    writeFileSync(en, script('fish'));
    const zh = join(tempDir(), 'kaohe.fish');
    writeFileSync(zh, script('fish', 'zh'));
    const word = (l: string) => l.split('\t')[0];
    expect(complete(en, 'kaohe tic').map(word)).toEqual(['ticket']);
    expect(complete(en, 'kaohe tic', 'path').map(word)).toEqual(['ticket']); // from fish_complete_path
    expect(complete(en, 'kaohe ticket ').map(word)).toEqual(expect.arrayContaining(['open', 'dispatch', 'resolve', 'expense-approve']));
    expect(complete(en, 'kaohe ticket list --status ').map(word).sort()).toEqual(['approved', 'dispatched', 'open', 'resolved', 'responded', 'signed', 'void']);
    expect(complete(en, 'kaohe --db x.db ticket list --fa').map(word)).toEqual(['--fault']);
    expect(complete(zh, 'kaohe ticket list --status ')).toEqual(expect.arrayContaining(['open\t已登记', 'dispatched\t已派工']));
    expect(complete(zh, 'kaohe guard deduct --kind ')).toEqual(['periodic\t定期考核', 'spot\t抽查']);
  });
});

describe('bash completion, in bash itself', () => {
  it('after an enum flag its values; after a flag with a free value nothing but files', () => {
    const file = join(tempDir(), 'kaohe.bash');
    writeFileSync(file, script('bash'));
    const complete = (words: string[]) => {
      const r = spawnSync('bash', ['-c', `source ${quote(file)}; COMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}; _kaohe; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
      return r.stdout.trim().split(/\s+/).filter((w) => w !== '');
    };
    expect(complete(['kaohe', 'ticket', 'list', '--status', ''])).toEqual(['open', 'dispatched', 'responded', 'resolved', 'signed', 'approved', 'void']);
    expect(complete(['kaohe', 'ticket', 'list', '--status', 'res'])).toEqual(['responded', 'resolved']);
    expect(complete(['kaohe', '--lang', ''])).toEqual(['zh', 'en']);
    expect(complete(['kaohe', 'ticket', 'list', '--customer', ''])).toEqual([]); // any name: bash falls back to files
    // a flag's value is not a command word: `--db ticket` does not enter the ticket group
    expect(complete(['kaohe', '--db', 'ticket', ''])).toEqual(expect.arrayContaining(['letter', 'guard']));
  });
});

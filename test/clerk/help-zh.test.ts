// `--lang zh --help` is Chinese throughout: commander's own words (Usage, Options, [options],
// [command], "display help for command", "(default: …)") never show in zh help.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { programWith } from '../../src/main.js';
import { loadModules } from '../../src/modules.js';

const io = { out: () => undefined, err: () => undefined, stdoutTTY: false, stderrTTY: false, stdinTTY: false };
const modules = await loadModules();

function all(cmd: Command, out: Command[] = []): Command[] {
  out.push(cmd);
  for (const sub of cmd.commands) all(sub, out);
  return out;
}

const ENGLISH = ['Usage:', 'Options:', 'Commands:', 'Arguments:', '[options]', '[command]', 'display help', '(default:', '(choices:', 'Global Options'];

describe('zh help', () => {
  const program = programWith('zh', {}, io, modules).program;

  it('the usage line is Chinese', () => {
    expect(program.helpInformation().split('\n')[0]).toBe('用法：kaohe [选项] [命令]');
  });

  it.each(all(program).map((c) => [c.name(), c] as const))('%s has none of commander\'s English words', (_name, cmd) => {
    const text = cmd.helpInformation();
    for (const word of ENGLISH) expect(text, word).not.toContain(word);
  });

  it('en help keeps them', () => {
    const en = programWith('en', {}, io, modules).program;
    expect(en.helpInformation().split('\n')[0]).toBe('Usage: kaohe [options] [command]');
  });
});

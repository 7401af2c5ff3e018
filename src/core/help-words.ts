// commander's own words in help, in the user's language: the section titles, and the
// `[options]` / `[command]` terms of the usage line and the command list ("用法：kaohe [选项]
// [命令]", no space after a full-width colon). Argument names (<ID>, <file>) are placeholders and
// stay as declared. Columns are measured by display width (a Chinese character takes two), so the
// descriptions line up in Chinese too.
import { Help, type Command } from 'commander';
import { textWidth, wrapLine } from './table-fit.js';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

const TITLES: Record<string, string> = {
  'Usage:': 'help.usage',
  'Arguments:': 'help.arguments',
  'Options:': 'help.options',
  'Commands:': 'help.commands',
  'Global Options:': 'help.global_options',
};

/** Overrides for `configureHelp`; `tr` translates a message key. */
export function helpWords(tr: (key: string) => string): Partial<Help> {
  const terms = (s: string) => s.replace(/\[options\]/g, tr('help.term.options')).replace(/\[command\]/g, tr('help.term.command'));
  return {
    styleTitle: (title: string) => (TITLES[title] ? tr(TITLES[title]) : title),
    commandUsage(this: Help, cmd: Command) {
      return terms(Help.prototype.commandUsage.call(this, cmd));
    },
    subcommandTerm(this: Help, cmd: Command) {
      return terms(Help.prototype.subcommandTerm.call(this, cmd));
    },
    optionDescription(this: Help, option) {
      const text = Help.prototype.optionDescription.call(this, option);
      // commander's "(default: x)" / "(choices: a, b)" at the end, with the words and the brackets of the language
      return text.replace(/ ?\((default|choices): (.*)\)$/, (all: string, term: string, rest: string) => {
        const open = tr(`help.term.${term}`);
        return `${all.startsWith(' ') && !open.startsWith('（') ? ' ' : ''}${open}${rest}${tr('help.term.close')}`;
      });
    },
    displayWidth: (str: string) => textWidth(str),
    boxWrap(this: Help, str: string, width: number) {
      // Chinese has no spaces to break at: break between characters (never before ，。）)
      if (!CJK.test(str) || width < this.minWidthToWrap) return Help.prototype.boxWrap.call(this, str, width);
      return str.split(/\r?\n/).flatMap((line) => wrapLine(line, width)).join('\n');
    },
    formatHelp(this: Help, cmd: Command, helper: Help) {
      const text = Help.prototype.formatHelp.call(this, cmd, helper);
      const usage = tr('help.usage');
      return usage.endsWith('：') && text.startsWith(`${usage} `) ? usage + text.slice(usage.length + 1) : text;
    },
  };
}

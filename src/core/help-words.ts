// commander's own words in help, in the user's language: the section titles, and the
// `[options]` / `[command]` terms of the usage line and the command list ("用法: kaohe [选项]
// [命令]"). Argument names (<ID>, <file>) are placeholders and stay as declared.
import { Help, type Command } from 'commander';

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
      return Help.prototype.optionDescription.call(this, option).replace(/\(default: /, tr('help.term.default')).replace(/\(choices: /, tr('help.term.choices'));
    },
  };
}

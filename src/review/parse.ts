// Enum flags of the review module, accepted in English or in Chinese as the zh tables print them
// (CLI.md: `--level 部门经理`, `--stage 初评`); JSON keeps the English codes.
import { enumLists, matchEnum } from '../core/enum.js';
import { InputError } from '../core/errors.js';
import { LEVELS, STAGES, type Level, type Stage } from './rules.js';

const LEVEL_ZH: Record<string, Level> = {
  部门经理: 'dept-manager', 部门副经理: 'deputy-dept-manager', 分公司经理: 'branch-manager', 分公司副经理: 'deputy-branch-manager', 重要科级: 'section-key', 科级: 'section-key',
};
const STAGE_ZH: Record<string, Stage> = { 初评: 'initial', 终评: 'final', 审核终评: 'final', 复评: 'final' };

// the core enum parser (codes, table words in both languages), then the short forms people say
function pick<T extends string>(text: string, field: string, codes: readonly T[], zh: Record<string, T>, words: string): T {
  const hit = matchEnum(text, codes, words) ?? zh[text.trim()];
  if (hit !== undefined) return hit;
  throw new InputError('input.enum', { field, value: text, ...enumLists(codes, words) });
}

export function parseLevel(text: string): Level {
  return pick(text, '--level', LEVELS, LEVEL_ZH, 'review.level.');
}

export function parseStage(text: string): Stage {
  return pick(text, '--stage', STAGES, STAGE_ZH, 'review.stage.');
}

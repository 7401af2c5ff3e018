// Core messages of the clerk's-day fixes (issue 13 part A): enum values, db path, completion,
// interrupted runs, the words of the history and the audit log. Kept apart from messages.ts so
// that branches adding core keys at the same time merge without conflicts.
export const clerkEn: Record<string, string> = {
  'input.enum': '{field}: "{value}" is not one of: {en}',
  'input.enum_missing': '{field} is required; one of: {en}',
  'prompt.yes_no': 'answer yes or no (y/n, 是/否)',
};

export const clerkZh: Record<string, string> = {
  'input.enum': '{field}:“{value}”不是可用的值;可用:{zh}',
  'input.enum_missing': '缺少 {field};可用:{zh}',
  'prompt.yes_no': '请回答“是”或“否”(也可用 y/n)',
};

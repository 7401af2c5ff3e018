// Terminal control characters in text: refused at input (core/input.ts) and, for any already
// stored (an older kaohe, the sqlite3 shell), shown escaped as \xHH on output — an ESC or BEL in
// a customer's name must never move the cursor, retitle the window or ring the clerk's terminal.
// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** the same, not global: a test without lastIndex (most text has none, issue 14) */
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** our own colour codes (chalk), which output keeps */
const SGR = /(\u001b\[[0-9;]*m)/;

function hex(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** The first control character of `text` not in `allowed`, or undefined. */
export function firstControl(text: string, allowed = ''): string | undefined {
  for (const m of text.matchAll(CONTROL)) if (!allowed.includes(m[0])) return m[0];
  return undefined;
}

/** Every control character not in `keep` written as \xHH (ESC → \x1b). */
/** Whether the text holds a control character (C0, DEL or C1). */
export function hasControl(text: string): boolean {
  return HAS_CONTROL.test(text);
}

export function escapeControls(text: string, keep = '\n'): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (c) => (keep.includes(c) ? c : hex(c)));
}

/** The same, but our own SGR colour codes (already in the text from style()) are kept. */
export function escapeExceptColour(text: string, keep = '\n'): string {
  if (!text.includes('\u001b')) return escapeControls(text, keep);
  return text
    .split(SGR)
    .map((part, i) => (i % 2 === 1 ? part : escapeControls(part, keep)))
    .join('');
}

/** \xHH for one character, as error messages name it. */
export function controlName(c: string): string {
  return hex(c);
}

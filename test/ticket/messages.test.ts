import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ticketMessages } from '../../src/ticket/messages.js';

const { en, zh } = ticketMessages;

describe('ticket messages', () => {
  it('zh and en have the same keys', () => {
    expect(Object.keys(en).filter((k) => !(k in zh))).toEqual([]);
    expect(Object.keys(zh).filter((k) => !(k in en))).toEqual([]);
  });
  it('every literal message key in src/ticket exists (audit action names aside)', () => {
    const dir = fileURLToPath(new URL('../../src/ticket/', import.meta.url));
    const src = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8')).join('\n');
    const actions = new Set(['open', 'void', 'dispatch', 'respond', 'resolve', 'feedback', 'sign', 'approve', 'survey', 'complain', 'edit', 'demo_rows', 'expense', 'expense_approve'].map((a) => `ticket.${a}`));
    const used = new Set([...src.matchAll(/'(ticket\.[a-z_.]+[a-z_])'/g)].map((m) => m[1]));
    expect([...used].filter((k) => !(k in en) && !actions.has(k))).toEqual([]);
  });
});

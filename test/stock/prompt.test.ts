// Interactive `stock request` and `stock issue`: a fake Prompter answers like a storekeeper at a
// terminal would. The request offers the ticket's parts with what is on hand; the issue shows the
// balance after it before asking to confirm.
import { describe, expect, it } from 'vitest';
import type { Choice, Prompter } from '../../src/core/prompt.js';
import { issueCommand, requestCommand } from '../../src/stock/command.js';
import * as req from '../../src/stock/service-req.js';
import * as svc from '../../src/stock/service.js';
import { testContext } from '../helpers.js';
import { ticketAt } from '../ticket/fixtures.js';

function clerk(answers: Record<string, unknown>) {
  const asked: Array<{ message: string; choices?: Array<{ name: string; value: string }> }> = [];
  const answer = (message: string) => {
    if (!(message in answers)) throw new Error(`unexpected prompt: ${message}`);
    return answers[message];
  };
  const prompter: Prompter = {
    text: async (o) => {
      asked.push({ message: o.message });
      const v = String(answer(o.message) ?? o.default ?? '');
      if (o.validate && o.validate(v) !== true) throw new Error(`rejected: ${v}`);
      return v;
    },
    select: async <T>(o: { message: string; choices: Array<Choice<T>> }) => {
      asked.push({ message: o.message, choices: o.choices.map((c) => ({ name: c.name, value: String(c.value) })) });
      return answer(o.message) as T;
    },
    confirm: async (o) => {
      asked.push({ message: o.message });
      return answer(o.message) as boolean;
    },
  };
  return { prompter, asked };
}

function storeWith(prompter: Prompter) {
  const setup = testContext({ now: '2026-10-03 08:00' });
  ticketAt(setup.ctx, 'resolved'); // its service report names P-1001 ×1
  svc.addPart(setup.ctx, { code: 'P-1001', name: '门泵' });
  svc.addPart(setup.ctx, { code: 'P-3001', name: '雨刮电机' });
  svc.receive(setup.ctx, { part: 'P-1001', qty: '5', at: '2026-10-03 07:00' });
  setup.ctx.close();
  return testContext({ now: '2026-10-03 09:00', dbPath: setup.ctx.dbPath, interactive: true, prompter });
}

describe('interactive stock request', () => {
  it("offers the ticket's parts with what is on hand, and the report's quantity as the default", async () => {
    const { prompter, asked } = clerk({ Part: 'P-1001', Quantity: undefined, 'Requested by': '王强' });
    const t = storeWith(prompter);
    await requestCommand(t.ctx, { ticket: 'T2026-0001' });
    expect(asked.find((a) => a.message === 'Part')?.choices).toEqual([
      { name: 'P-1001 (on the report: 1, on hand: 5)', value: 'P-1001' },
      { name: 'P-3001 (on the report: 0, on hand: 0)', value: 'P-3001' },
    ]);
    expect(t.out()).toContain('Q2026-0001 pending: P-1001 ×1 for T2026-0001');
  });
});

describe('interactive stock issue', () => {
  it('shows the balance after the issue, then issues on confirmation', async () => {
    const { prompter } = clerk({ 'Save?': true });
    const t = storeWith(prompter);
    req.request(t.ctx, { part: 'P-1001', qty: '2', ticket: 'T2026-0001', by: '王强' });
    req.approve(t.ctx, { id: 'Q2026-0001', by: '周经理' });
    await issueCommand(t.ctx, {}, 'Q2026-0001');
    expect(t.err()).toContain('Q2026-0001: issue 2 × P-1001 from main: on hand 5 → 3 after the issue');
    expect(t.out()).toContain('Q2026-0001 issued');
  });

  it('writes nothing when the storekeeper says no', async () => {
    const { prompter } = clerk({ 'Save?': false });
    const t = storeWith(prompter);
    req.request(t.ctx, { part: 'P-1001', qty: '2', ticket: 'T2026-0001', by: '王强' });
    req.approve(t.ctx, { id: 'Q2026-0001', by: '周经理' });
    await expect(issueCommand(t.ctx, {}, 'Q2026-0001')).rejects.toMatchObject({ exitCode: 2, key: 'input.cancelled' });
    expect(req.reqOf(t.ctx.db(), 'Q2026-0001').status).toBe('approved');
  });
});

// Interactive `ticket open`: a fake Prompter answers like a clerk at a terminal would.
import { describe, expect, it } from 'vitest';
import type { Choice, Prompter } from '../../src/core/prompt.js';
import { gatherOpen } from '../../src/ticket/command-open.js';
import * as svc from '../../src/ticket/service.js';
import { join } from 'node:path';
import { tempDir, testContext } from '../helpers.js';
import { showTicket } from '../../src/ticket/views.js';
import { OPEN, ticketAt } from './fixtures.js';
import { programWith } from '../../src/main.js';
import { ticketModule } from '../../src/ticket/module.js';

function clerk(answers: Record<string, unknown>) {
  const asked: Array<{ message: string; choices?: string[] }> = [];
  const answer = (message: string) => {
    if (!(message in answers)) throw new Error(`unexpected prompt: ${message}`);
    return answers[message];
  };
  const prompter: Prompter = {
    text: async (o) => {
      asked.push({ message: o.message });
      const v = String(answer(o.message));
      if (o.validate && o.validate(v) !== true) throw new Error(`rejected: ${v}`);
      return v;
    },
    select: async <T>(o: { message: string; choices: Array<Choice<T>> }) => {
      asked.push({ message: o.message, choices: o.choices.map((c) => String(c.value)) });
      return answer(o.message) as T;
    },
    confirm: async (o) => {
      asked.push({ message: o.message });
      return answer(o.message) as boolean;
    },
  };
  return { prompter, asked };
}

describe('interactive ticket open', () => {
  it('asks for each missing field, offers known customers and vehicles, shows the deadline, then saves', async () => {
    const { prompter, asked } = clerk({
      'Customer (运营单位)': '哈尔滨市公共交通集团',
      Telephone: '0451-86661234',
      'Contact person (empty if none)': '张队长',
      'Vehicle number': '黑A·12345',
      'Model (empty if unknown)': 'XML6125',
      'Where is the vehicle? (address, empty if unknown)': '哈尔滨市道里区安静街3号',
      Fault: 'body',
      'Fault description (for the service report)': '后门关不严',
      'Distance in km': '120',
      'Must the supplier be contacted?': false,
      'Save?': true,
    });
    const t = testContext({ now: '2026-10-01 10:00', interactive: true, prompter });
    svc.openTicket(t.ctx, OPEN); // a known customer and vehicle
    const input = await gatherOpen(t.ctx, { reportedAt: '2026-10-01 09:00' });
    const ticket = svc.openTicket(t.ctx, input);
    expect(ticket).toMatchObject({ customer: '哈尔滨市公共交通集团', vehicle: '黑A·12345', distanceKm: 120, responseKind: 'reply', contact: '张队长', address: '哈尔滨市道里区安静街3号', description: '后门关不严' });
    // --reported-at was given: the time is not asked
    expect(asked.find((a) => a.message.startsWith('Customer'))?.choices).toEqual(['哈尔滨市公共交通集团', '\u0000new']);
    expect(asked.find((a) => a.message === 'Vehicle number')?.choices).toEqual(['黑A·12345', '\u0000new']);
    expect(asked.find((a) => a.message === 'Fault')?.choices).toEqual(['body', 'chassis', 'engine', 'other']);
    expect(t.err()).toContain('reply required within 12 h, by 2026-10-01 21:00');
  });

  it('a clerk who does not confirm writes nothing', async () => {
    const { prompter, asked } = clerk({
      'When did the call come in? (e.g. 2026-11-27 14:30; Enter for now)': '2026-10-01 08:00', 'Customer (运营单位)': '五常市公交公司', Telephone: '0451-53556677',
      'Contact person (empty if none)': '', 'Vehicle number': '黑A·20001', 'Model (empty if unknown)': '', 'Where is the vehicle? (address, empty if unknown)': '',
      Fault: 'engine', 'Fault description (for the service report)': '', 'Distance in km': '100', 'Save?': false,
    });
    const t = testContext({ now: '2026-10-01 10:00', interactive: true, prompter });
    await expect(gatherOpen(t.ctx, {})).rejects.toMatchObject({ exitCode: 2, key: 'input.cancelled' });
    // the call's time is asked first, and the deadline runs from it, not from the typing
    expect(asked[0].message).toMatch(/^When did the call come in/);
    expect(t.err()).toContain('Reported 2026-10-01 08:00: written contact required within 12 h, by 2026-10-01 20:00');
  });

  it('without a terminal a missing value is exit 2 naming its flag', async () => {
    const t = testContext({ now: '2026-10-01 10:00' });
    await expect(gatherOpen(t.ctx, { customer: 'x', phone: '13800138000' })).rejects.toMatchObject({ exitCode: 2, params: { field: '--vehicle' } });
  });
});

describe('the other steps ask too (sign, approve, survey, ... at a terminal)', () => {
  async function runAtTerminal(dbPath: string, argv: string[], prompter: Prompter) {
    let out = '';
    let err = '';
    const io = { out: (x: string) => void (out += x), err: (x: string) => void (err += x), stdoutTTY: true, stderrTTY: true, stdinTTY: true };
    const env = { KAOHE_DB: dbPath, KAOHE_TZ: 'Asia/Shanghai', KAOHE_LANG: 'en', KAOHE_NOW: '2026-10-03 10:00', NO_COLOR: '1' };
    const { program, runtime } = programWith('en', env, io, [ticketModule]);
    const make = runtime.makeContext;
    runtime.makeContext = (c) => Object.assign(make(c), { prompter });
    program.exitOverride();
    await program.parseAsync(['ticket', ...argv], { from: 'user' });
    return { code: runtime.exitCode, out, err };
  }

  it('`ticket sign ID` and `ticket approve ID` without --by ask for the name instead of exit 2', async () => {
    const dbPath = join(tempDir(), 'k.db');
    const t = testContext({ now: '2026-10-03 10:00', dbPath });
    const id = ticketAt(t.ctx, 'resolved').id;
    t.ctx.close();
    const signed = clerk({ 'Signed by (customer)': '张建国' });
    expect((await runAtTerminal(dbPath, ['sign', id], signed.prompter)).code).toBe(0);
    const approved = clerk({ 'Approved by (leader)': '刘经理' });
    expect((await runAtTerminal(dbPath, ['approve', id], approved.prompter)).code).toBe(0);
    const check = testContext({ now: '2026-10-03 10:00', dbPath });
    expect(showTicket(check.ctx, id).ticket).toMatchObject({ status: 'approved', signedBy: '张建国', approvedBy: '刘经理' });
    // the rating is checked while asking, like the flag (a 9 is refused at the prompt)
    let validate: ((s: string) => true | string) | undefined;
    const rater: Prompter = { ...clerk({}).prompter, text: async (o) => ((validate = o.validate), '5') };
    expect((await runAtTerminal(dbPath, ['survey', id], rater)).code).toBe(0);
    expect(validate?.('9')).toContain('--rating');
    expect(validate?.('4')).toBe(true);
  });
});

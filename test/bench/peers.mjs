// Fixtures for the peers the bench shows beside kaohe: a taskwarrior data folder and an hledger
// journal of N records each, written directly in their own file formats (importing 100,000 tasks
// through `task import` takes minutes). Dates spread over 2026, half the tasks overdue.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DAY = 86_400;
const START = Date.UTC(2026, 0, 1) / 1000;

/** A taskwarrior 2.x data folder (pending.data) with its taskrc, for TASKDATA/TASKRC. */
export function taskData(dir, n) {
  mkdirSync(dir, { recursive: true });
  const lines = [];
  for (let i = 0; i < n; i++) {
    const entry = START + Math.floor((i / n) * 330 * DAY);
    const due = entry + (i % 2 ? 400 : 3) * DAY;
    const uuid = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    lines.push(`[description:"bench task ${i}" due:"${due}" entry:"${entry}" modified:"${entry}" status:"pending" uuid:"${uuid}"]`);
  }
  writeFileSync(join(dir, 'pending.data'), `${lines.join('\n')}\n`);
  for (const f of ['completed.data', 'undo.data', 'backlog.data']) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'taskrc'), `data.location=${dir}\nconfirmation=off\nverbose=nothing\nnews.version=2.6.0\n`);
}

export const taskEnv = (dir) => ({ TASKDATA: dir, TASKRC: join(dir, 'taskrc') });

/** An hledger journal of n two-posting transactions over 2026. */
export function journal(file, n) {
  const accounts = ['expenses:parts', 'expenses:labour', 'expenses:travel', 'income:service', 'expenses:fines'];
  const out = [];
  for (let i = 0; i < n; i++) {
    const day = new Date((START + Math.floor((i / n) * 360) * DAY) * 1000).toISOString().slice(0, 10);
    out.push(`${day} ticket ${i}\n    ${accounts[i % accounts.length]}  ${(i % 997) + 0.5} CNY\n    assets:bank\n`);
  }
  writeFileSync(file, out.join('\n'));
}

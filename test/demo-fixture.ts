// A demo database built once per test file in a folder of its own (it outlives each test's temp
// folder), with a fixed seed and clock, so its figures are the same every run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildDemo } from '../src/demo/service.js';
import { loadModules } from '../src/modules.js';
import { testContext } from './helpers.js';

/** The small demo's clock: data runs up to here; the report month is 2026-10. */
export const DEMO_NOW = '2026-11-05 10:00';

export interface DemoShape { now: string; months: number; seed: number; tickets: number }

/** A demo of `shape` (call in beforeAll: the folder goes in afterAll). */
export async function keptDemo(prefix: string, { now, months, seed, tickets }: DemoShape): Promise<string> {
  const kept = mkdtempSync(join(tmpdir(), `kaohe-${prefix}-`));
  afterAll(() => rmSync(kept, { recursive: true, force: true }));
  const { ctx } = testContext({ now });
  const file = join(kept, 'demo.db');
  const { demoCtx } = buildDemo(ctx, await loadModules(), { out: file, months, seed, tickets, realDb: undefined });
  demoCtx.close();
  ctx.close();
  return file;
}

/** The demo shared by the monthly-report and workbook tests. */
export function smallDemo(prefix: string): Promise<string> {
  return keptDemo(prefix, { now: DEMO_NOW, months: 4, seed: 3, tickets: 90 });
}

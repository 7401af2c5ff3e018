// One small demo database shared by the monthly-report and workbook tests (built once per file,
// with a fixed seed and clock, so its figures are the same every run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildDemo } from '../../src/demo/service.js';
import { loadModules } from '../../src/modules.js';
import { testContext } from '../helpers.js';

/** The demo's clock: data runs up to here; the report month is 2026-10. */
export const DEMO_NOW = '2026-11-05 10:00';

export async function smallDemo(prefix: string): Promise<string> {
  const kept = mkdtempSync(join(tmpdir(), `kaohe-${prefix}-`));
  afterAll(() => rmSync(kept, { recursive: true, force: true }));
  const { ctx } = testContext({ now: DEMO_NOW });
  const file = join(kept, 'demo.db');
  const { demoCtx } = buildDemo(ctx, await loadModules(), { out: file, months: 4, seed: 3, tickets: 90, realDb: undefined });
  demoCtx.close();
  ctx.close();
  return file;
}

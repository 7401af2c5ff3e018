// The monthly report's HTML in a real browser (issue 12): Debian's headless Chromium with a CJK
// font renders the demo's report in zh and en — the screenshot is not blank, the PDF has A4 pages
// with each section starting a page of its own and the Chinese text intact, and the page needs no
// network (it renders with every host unresolvable and a dead proxy, and names no remote file).
// Skipped, saying why, where chromium or poppler-utils is missing (.ci/run installs them).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaohe, tempDir } from '../helpers.js';
import { DEMO_NOW, smallDemo } from '../demo-fixture.js';

function which(names: string[]): string | null {
  for (const n of names) {
    const r = spawnSync('sh', ['-c', `command -v ${n}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

const CHROMIUM = which(['chromium', 'chromium-browser', 'google-chrome']);
const POPPLER = which(['pdfinfo']) && which(['pdftotext']);
const missing = [CHROMIUM ? null : 'chromium', POPPLER ? null : 'poppler-utils (pdfinfo, pdftotext)'].filter(Boolean);
if (missing.length) {
  console.warn(`[skip] monthly report in Chromium: ${missing.join(' and ')} not installed (apt-get install -y chromium fonts-wqy-zenhei poppler-utils)`);
}

/** Headless Chromium with the network made unusable: no host resolves, the proxy is a closed port. */
function chromium(args: string[]): { code: number; stderr: string } {
  const r = spawnSync(
    CHROMIUM!,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--hide-scrollbars',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND', ...args,
    ],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: tempDir() } },
  );
  return { code: r.status ?? -1, stderr: r.stderr ?? '' };
}

const tool = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout;

describe.skipIf(missing.length > 0)('the monthly report in headless Chromium', () => {
  let dir = '';
  beforeAll(async () => {
    const demo = await smallDemo('chromium');
    dir = mkdtempSync(join(tmpdir(), 'kaohe-chromium-')); // kept for every test of this file
    for (const lang of ['zh', 'en']) {
      const r = kaohe(['--db', demo, '--lang', lang, 'report', 'monthly', '--month', '2026-10', '--format', 'html', '--out', join(dir, `${lang}.html`)], { KAOHE_NOW: DEMO_NOW });
      expect(r.code, r.stderr).toBe(0);
    }
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: the screenshot is not blank`, () => {
      const png = join(dir, `${lang}.png`);
      chromium(['--window-size=1000,1400', `--screenshot=${png}`, `file://${join(dir, `${lang}.html`)}`]);
      expect(existsSync(png)).toBe(true);
      // a blank 1000×1400 page compresses to a few kB; text, tables and charts take far more
      expect(statSync(png).size).toBeGreaterThan(40_000);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    }, 180_000);

    it(`${lang}: prints on A4, a cover and then a page (or more) per section, the text intact`, () => {
      const pdf = join(dir, `${lang}.pdf`);
      chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${join(dir, `${lang}.html`)}`]);
      expect(existsSync(pdf)).toBe(true);
      const info = tool('pdfinfo', [pdf]);
      expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      const pages = Number(info.match(/Pages:\s+(\d+)/)![1]);
      // the cover page, then four sections each starting a new page; none of them fills more than three
      expect(pages).toBeGreaterThanOrEqual(5);
      expect(pages).toBeLessThanOrEqual(13);
      const headings = lang === 'zh' ? ['一、售后服务考核', '二、来电来函', '三、配件管理', '四、保安考核'] : ['1. After-sales service', '2. Calls and letters', '3. Spare parts', '4. Guards'];
      const starts: number[] = [];
      for (let p = 1; p <= pages; p++) {
        const text = tool('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdf, '-']).trim();
        if (p === 1) expect(text).toContain(lang === 'zh' ? '考核月报 2026-10' : 'Monthly report 2026-10');
        const h = headings.findIndex((x) => text.startsWith(x));
        if (h >= 0) starts.push(h);
      }
      expect(starts).toEqual([0, 1, 2, 3]); // each section heads a page of its own, in order
    }, 180_000);
  }

  it('names no other file: no src or href at all, url() only for fragments inside the page', () => {
    for (const lang of ['zh', 'en']) {
      const html = readFileSync(join(dir, `${lang}.html`), 'utf8');
      expect(html).not.toMatch(/\s(src|href)\s*=/i);
      expect(html).not.toMatch(/url\(\s*["']?(?!#)/i); // only the charts' own clip paths: url(#zr0-c0)
    }
  });
});

// The rule file: the shipped data/rules.json is valid, and a bad custom file is exit 2 naming
// the JSON path that is wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRulesPath, loadRules, RULE_SECTIONS, validateRules } from '../../src/core/rules.js';
import { tempDir } from '../helpers.js';

const shipped = () => JSON.parse(readFileSync(defaultRulesPath(), 'utf8')) as Record<string, any>;

describe('the shipped rule file', () => {
  it('is valid and has every section', () => {
    const r = loadRules(defaultRulesPath());
    for (const s of RULE_SECTIONS) expect(r.raw[s]).toBeTypeOf('object');
    expect(r.sla.distance_limit_km).toBe(100);
    expect(r.guard.rules.length).toBeGreaterThanOrEqual(22);
    expect(Object.values(r.review.weights).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('a bad custom rule file is exit 2 naming the JSON path', () => {
  const invalid = (path: string) => expect.objectContaining({ exitCode: 2, key: 'rules.invalid', params: expect.objectContaining({ path, file: 'custom.json' }) });

  const cases: Array<[string, (r: any) => void]> = [
    ['sla.faults.body.near.hours', (r) => { r.sla.faults.body.near.hours = -1; }],
    ['sla.faults.engine.far.response', (r) => { r.sla.faults.engine.far.response = 'fax'; }],
    ['sla.faults.chassis', (r) => { delete r.sla.faults.chassis; }],
    ['sla.distance_limit_km', (r) => { r.sla.distance_limit_km = '100'; }],
    ['targets.on_time_rate.min', (r) => { r.targets.on_time_rate.min = 90; }],
    ['letter.reply_hours.fax', (r) => { delete r.letter.reply_hours.fax; }],
    ['guard.rules[2].points', (r) => { r.guard.rules[2] = { ...r.guard.rules[2], points: 1.5 }; }],
    ['guard.rules[0].zh', (r) => { r.guard.rules[0].zh = ' '; }],
    ['guard.rules', (r) => { r.guard.rules[1].no = r.guard.rules[0].no; }],
    ['review.weights', (r) => { r.review.weights.duty += 1; }],
    ['review.grades[1].min', (r) => { r.review.grades[1].min = r.review.grades[0].min; }],
    ['review.deadlines.year.final.anchor', (r) => { r.review.deadlines.year.final.anchor = 'someday'; }],
    ['stock', (r) => { delete r.stock; }],
    ['$', () => undefined],
  ];
  it.each(cases)('%s', (path, spoil) => {
    const raw = shipped();
    spoil(raw);
    // '$' is the root itself: a list instead of an object
    expect(() => validateRules(path === '$' ? [raw] : raw, 'custom.json')).toThrow(invalid(path));
  });

  it('a file that is not JSON names the file', () => {
    const file = join(tempDir(), 'rules.json');
    writeFileSync(file, '{ "sla": ');
    expect(() => loadRules(file)).toThrow(expect.objectContaining({ exitCode: 2, key: 'rules.not_json', params: expect.objectContaining({ file }) }));
  });

  it('a missing file names --rules', () => {
    const file = join(tempDir(), 'none.json');
    expect(() => loadRules(file)).toThrow(expect.objectContaining({ exitCode: 2, key: 'rules.unreadable', params: { file, field: '--rules' } }));
  });

  it('a missing file from the environment names KAOHE_RULES', () => {
    const file = join(tempDir(), 'none.json');
    expect(() => loadRules(file, 'KAOHE_RULES')).toThrow(expect.objectContaining({ exitCode: 2, params: { file, field: 'KAOHE_RULES' } }));
  });

  it('a changed but valid number is taken', () => {
    const raw = shipped();
    raw.guard.yuan_per_point = 5;
    const file = join(tempDir(), 'rules.json');
    writeFileSync(file, JSON.stringify(raw));
    expect(loadRules(file).guard.yuan_per_point).toBe(5);
  });
});

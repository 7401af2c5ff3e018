// db check's "book balance = sum of movements" (store-report.ts bookMismatches, issue 14): every
// way a book and its movements can part, found in one pass of the movements' index. The rows are
// written behind kaohe's back (no slip, the foreign keys off): the invariant is about what a
// damaged or edited file holds, which no service would write.
import { describe, expect, it } from 'vitest';
import { BOOK_MISMATCH_SQL, bookMismatches } from '../../src/stock/store-report.js';
import { testContext } from '../helpers.js';

type Book = [part: string, loc: string, quality: string, qty: number];
type Move = [part: string, loc: string, quality: string, qty: number];
type Found = { part: string; loc: string; quality: string; book: number; sum: number };

const cases: Array<[string, Book[], Move[], Found[]]> = [
  ['nothing at all', [], [], []],
  ['a book equal to its movements', [['P-1', 'main', 'ok', 5]], [['P-1', 'main', 'ok', 8], ['P-1', 'main', 'ok', -3]], []],
  ['a book above its movements', [['P-1', 'main', 'ok', 6]], [['P-1', 'main', 'ok', 5]], [{ part: 'P-1', loc: 'main', quality: 'ok', book: 6, sum: 5 }]],
  ['a book below its movements', [['P-1', 'main', 'ok', 4]], [['P-1', 'main', 'ok', 5]], [{ part: 'P-1', loc: 'main', quality: 'ok', book: 4, sum: 5 }]],
  ['movements with no book: their sum against 0', [], [['P-1', 'main', 'ok', 2]], [{ part: 'P-1', loc: 'main', quality: 'ok', book: 0, sum: 2 }]],
  ['movements with no book summing to 0: nothing', [], [['P-1', 'main', 'ok', 2], ['P-1', 'main', 'ok', -2]], []],
  ['a book with no movement: 0 against it', [['P-1', 'main', 'ok', 3]], [], [{ part: 'P-1', loc: 'main', quality: 'ok', book: 3, sum: 0 }]],
  ['a book of 0 with no movement: nothing', [['P-1', 'main', 'ok', 0]], [], []],
  ['the key is all three: another quality is another book',
    [['P-1', 'main', 'ok', 5], ['P-1', 'main', 'pending', 1]], [['P-1', 'main', 'ok', 5], ['P-1', 'main', 'pending', 2]],
    [{ part: 'P-1', loc: 'main', quality: 'pending', book: 1, sum: 2 }]],
  ['another location and another part are other books',
    [['P-1', 'main', 'ok', 5], ['P-2', 'main', 'ok', 5]], [['P-1', 'main', 'ok', 5], ['P-1', 'station:A', 'ok', 1], ['P-2', 'main', 'ok', 4]],
    [{ part: 'P-1', loc: 'station:A', quality: 'ok', book: 0, sum: 1 }, { part: 'P-2', loc: 'main', quality: 'ok', book: 5, sum: 4 }]],
];

const key = (f: Found) => `${f.part}|${f.loc}|${f.quality}`;

describe('stock book balance = sum of movements', () => {
  it.each(cases)('%s', (_name, books, moves, found) => {
    const db = testContext().ctx.db();
    db.pragma('foreign_keys = OFF');
    const book = db.prepare('INSERT INTO stock_balances (part, loc, quality, qty) VALUES (?, ?, ?, ?)');
    for (const b of books) book.run(...b);
    const move = db.prepare("INSERT INTO stock_moves (slip, part, loc, quality, at, entered_at, qty) VALUES ('S-x', ?, ?, ?, 1, 1, ?)");
    for (const m of moves) move.run(...m);
    expect(bookMismatches(db).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(found);
  });

  it('plan: the movements summed in one pass of stock_moves_run (no sort), each book by its primary key', () => {
    const db = testContext().ctx.db();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${BOOK_MISMATCH_SQL}`).all() as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.filter((d) => d.startsWith('SCAN stock_moves'))).toEqual(['SCAN stock_moves USING COVERING INDEX stock_moves_run']);
    expect(plan).toContain('SEARCH b USING PRIMARY KEY (part=? AND loc=? AND quality=?) LEFT-JOIN');
    expect(plan).toContain('SEARCH m USING COVERING INDEX stock_moves_run (part=? AND loc=? AND quality=?)');
    expect(plan.some((d) => d.includes('TEMP B-TREE'))).toBe(false);
    // once: the old query's correlated sum ran twice per book (its outer WHERE repeated it)
    expect(plan.filter((d) => d.startsWith('CORRELATED')).length).toBe(1);
  });
});

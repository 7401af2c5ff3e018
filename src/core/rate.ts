// Rates and their targets, rounded ONCE from the exact fraction (issue 9: 84.946 % was rounded to
// 0.8495 and then printed as 85.0 % next to a ≥ 85 % target marked "NO").
// The rule (data/rules.json targets.rounding_note, README "Rates"):
// - the verdict is taken on the exact fraction num/den, as the regulation words it (≥ 85 %);
// - every figure shown (JSON: a fraction with four decimals; tables: a percent with one decimal)
//   is rounded half-up once from the exact fraction, by integer arithmetic;
// - a figure never contradicts its verdict: when rounding would carry it across the target, it
//   stops at the last step on the verdict's side (84.96 % against ≥ 85 % prints 84.9 %, "NO";
//   2.96 % against < 3 % prints 2.9 %, "yes").
// Every module's report uses these (tickets, letters, guards, reviews).

export type Target = { min: number } | { below: number } | null;

/** Does num/den meet the target? null when there is nothing to judge (den 0) or no target. */
export function meetsTarget(num: number, den: number, target: Target): boolean | null {
  if (den === 0 || target === null) return null;
  // num/den >= min  <=>  num >= min*den, compared exactly enough for counts (min has few decimals)
  return 'min' in target ? num / den >= target.min : num / den < target.below;
}

/** num/den rounded half-up to `decimals` decimals, from the exact fraction (integers only). */
function roundOnce(num: number, den: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.floor((2 * num * scale + den) / (2 * den)) / scale;
}

/** The rate num/den with `decimals` decimals of the fraction (4: JSON; 3: a percent with one
 *  decimal), never on the other side of its target than the exact fraction; null for den 0. */
export function shownRate(num: number, den: number, target: Target = null, decimals = 4): number | null {
  if (den === 0) return null;
  let r = roundOnce(num, den, decimals);
  const meets = meetsTarget(num, den, target);
  if (target === null || meets === null) return r;
  const step = 10 ** -decimals;
  const fix = (x: number) => Math.round(x * 10 ** decimals) / 10 ** decimals;
  if ('min' in target) {
    if (!meets && r >= target.min) r = fix(Math.ceil(target.min / step - 1e-9) * step - step);
    else if (meets && r < target.min) r = fix(Math.ceil(target.min / step - 1e-9) * step);
  } else {
    if (meets && r >= target.below) r = fix(Math.ceil(target.below / step - 1e-9) * step - step);
    else if (!meets && r < target.below) r = fix(Math.ceil(target.below / step - 1e-9) * step);
  }
  return r;
}

/** The printed figure: a percent with one decimal (84.9%), '—' for an empty denominator. */
export function percentText(num: number, den: number, target: Target = null): string {
  const r = shownRate(num, den, target, 3);
  return r === null ? '—' : `${(r * 100).toFixed(1)}%`;
}

/** The whole of it for one figure: JSON rate, printed text and verdict, from the same fraction. */
export function judgedRate(num: number, den: number, target: Target): { rate: number | null; text: string; meets: boolean | null } {
  return { rate: shownRate(num, den, target), text: percentText(num, den, target), meets: meetsTarget(num, den, target) };
}

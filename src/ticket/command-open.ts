// `ticket open` at a terminal: every missing value is asked for (known customers and their
// vehicles offered as choices, the fault kind as a list), then the clerk sees the computed
// deadline and response kind before saving. Without a terminal a missing value is exit 2.
import type { Context } from '../core/context.js';
import { InputError } from '../core/errors.js';
import { ask, choose, chooseOrType, confirm } from '../core/prompt.js';
import { FAULTS } from '../core/rules.js';
import { humanTime } from '../core/time.js';
import { parseDistance, parsePastMoment, parsePhone } from './parse.js';
import { openingLetter, planOpen, type OpenInput, type OpenPlan } from './service.js';
import { promptChoices } from './views.js';

export async function gatherOpen(ctx: Context, o: OpenInput): Promise<OpenInput | OpenPlan> {
  const interactive = ctx.interactive;
  // a clerk at a terminal with something missing is asked for every field that changes a figure
  // or appears on the service report, the call's time first (its deadline runs from then)
  const prompting = interactive && [o.customer, o.phone, o.vehicle, o.fault, o.distance].some((v) => v === undefined);
  let asked = false;
  const note = <T>(given: T | undefined): T | undefined => {
    if (given === undefined) asked = true;
    return given;
  };
  const anything = () => true;
  const optional = async (given: string | undefined, flag: string, key: string, dflt?: string | null) =>
    given === undefined && prompting ? ask(ctx, undefined, flag, key, { parse: anything, default: dflt ?? undefined }) : given;
  const reportedAt = o.reportedAt === undefined && o.letter === undefined && prompting
    ? await ask(ctx, undefined, '--reported-at', 'ticket.prompt.reported_at', { parse: (s) => parsePastMoment(s, '--reported-at', ctx.tz, ctx.now), default: humanTime(ctx.now, ctx.tz) })
    : o.reportedAt;
  const known = promptChoices(ctx);
  const customer = await chooseOrType(ctx, note(o.customer), '--customer', 'ticket.prompt.customer', o.customer === undefined && interactive ? known.customers() : []);
  const last = interactive ? known.last(customer, null) : undefined;
  const phone = await ask(ctx, note(o.phone), '--phone', 'ticket.prompt.phone', { parse: (s) => parsePhone(s), default: last?.phone });
  const contact = await optional(o.contact, '--contact', 'ticket.prompt.contact', last?.contact);
  const vehicle = await chooseOrType(ctx, note(o.vehicle), '--vehicle', 'ticket.prompt.vehicle', o.vehicle === undefined && interactive ? known.vehicles(customer) : []);
  const lastOfVehicle = interactive ? known.last(customer, vehicle) : undefined;
  const model =
    o.model === undefined && interactive && asked ? await ask(ctx, undefined, '--model', 'ticket.prompt.model', { parse: anything, default: lastOfVehicle?.model ?? undefined }) : o.model;
  const address = await optional(o.address, '--address', 'ticket.prompt.address', lastOfVehicle?.address ?? last?.address);
  const fault = await choose(ctx, note(o.fault), '--fault', 'ticket.prompt.fault', FAULTS.map((f) => ({ name: ctx.t(`ticket.fault.${f}`), value: f })));
  const desc = await optional(o.desc, '--desc', 'ticket.prompt.desc');
  const distance = await ask(ctx, note(o.distance), '--distance', 'ticket.prompt.distance', { parse: (s) => parseDistance(s) });
  let supplier = o.supplier;
  // the supplier question only matters where it changes the deadline (body and other faults)
  if (supplier === undefined && interactive && asked && (fault === 'body' || fault === 'other')) supplier = await confirm(ctx, 'ticket.prompt.supplier', {}, false);
  const input: OpenInput = { ...o, reportedAt, customer, phone, contact, address, vehicle, model, fault, desc, distance, supplier };
  if (!asked) return input;
  const plan = planOpen(ctx, input, o.letter === undefined ? undefined : openingLetter(ctx, o.letter));
  ctx.io.err(
    `${ctx.t('ticket.open.preview', {
      kind: ctx.t(`ticket.kind.${plan.rule.responseKind}`),
      hours: plan.rule.hours,
      deadline: humanTime(plan.deadline, ctx.tz),
      reported: humanTime(plan.report.reportedAt, ctx.tz),
    })}\n`,
  );
  if (!(await confirm(ctx, 'prompt.confirm', {}, true))) throw new InputError('input.cancelled');
  return o.letter === undefined ? plan : input; // with a letter, open plans again inside its transaction
}

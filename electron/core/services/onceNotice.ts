import type { Ctx, Handlers } from '../context';
import { actor } from '../context';
import type { onceNoticeMethods } from '../../../shared/contract/onceNotice';
import { DeskError } from '../../../shared/contract/result';
import { onceNoticeNeeds, type OnceNoticeAnswers } from '../../../shared/domain/onceNotice';
import { onceNoticeText } from '../../../shared/i18n/zhCN.onceNotice';
import { printingText } from '../../../shared/i18n/zhCN.printing';
import { countyFromPlan } from '../../../shared/print/county';
import { chinaDay } from '../../../shared/print/layout';
import { buildOnceNotice, type OnceNoticeData } from '../../../shared/print/onceNotice';
import type { CountyPlan } from '../../../shared/plan/schema';
import { PrinterError } from '../ports';
import { planOf } from './plans';
import { FAILURE_CODE } from './printing';
import { renderPdf } from './printing/render';
import { readCounter, readSettings } from './system';

// 一次性告知 (seed 001 §4): the active plan's materials for the answers' likely type, printed with the
// counter's address and hours and the registration window. Nothing about the family is stored; each
// print is audited with the answers and the type.

function activePlan(ctx: Ctx): CountyPlan {
  const row = ctx.repos.plans.active();
  if (!row) throw new DeskError('NO_ACTIVE_PLAN');
  return planOf(row);
}

async function render(ctx: Ctx, answers: OnceNoticeAnswers) {
  const plan = activePlan(ctx);
  const settings = readSettings(ctx);
  const address = settings.counterAddress?.trim() ?? '';
  const hours = settings.counterHours?.trim() ?? '';
  if (address === '' || hours === '') throw new DeskError('COUNTER_ADDRESS_MISSING');
  const needs = onceNoticeNeeds(answers, plan);
  const data: OnceNoticeData = {
    countyName: plan.county.name,
    titleText: onceNoticeText.title,
    typeName: needs.typeName,
    basis: needs.derivation.reason,
    cutoffs: plan.dateCutoffs,
    materials: needs.materials.map((m) => ({ name: m.name, reason: m.reason, required: m.required, perGuardian: m.perGuardian === true, anyOf: m.anyOf !== undefined })),
    counter: { name: readCounter(ctx)?.counterName ?? '', address, hours },
    window: plan.registrationWindow,
    hotlines: countyFromPlan(plan).hotlines,
    printedOn: chinaDay(ctx.nowIso()),
  };
  const rendered = await renderPdf(buildOnceNotice(data));
  return { needs, pdf: rendered.pdf };
}

export const onceNoticeHandlers: Pick<Handlers, keyof typeof onceNoticeMethods> = {
  async 'onceNotice.render'(input, ctx) {
    const { needs, pdf } = await render(ctx, input);
    return {
      type: needs.type,
      typeName: needs.typeName,
      basis: needs.derivation.reason,
      materials: needs.materials.map((m) => ({ name: m.name, reason: m.reason, required: m.required })),
      pdfBase64: pdf.toString('base64'),
    };
  },

  async 'onceNotice.print'(input, ctx) {
    const { printer: wanted, ...answers } = input;
    const { needs, pdf } = await render(ctx, answers);
    const list = wanted ? [] : await ctx.ports.printer.list();
    const printer = wanted ?? (list.find((p) => p.isDefault) ?? list[0])?.name;
    if (!printer) throw new DeskError('NO_PRINTER', { printer: '', reason: '' });
    const details = { ...answers, type: needs.type, printer, materials: needs.materials.length };
    try {
      await ctx.ports.printer.print({ pdf, printer, copies: 1, title: onceNoticeText.title, paper: 'A4', withDialog: false });
    } catch (e: unknown) {
      const failure = e instanceof PrinterError ? e.failure : 'failed';
      const reason = e instanceof PrinterError ? e.detail : e instanceof Error ? e.message : String(e);
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'onceNotice.printFailed', target: null, details: { ...details, error: FAILURE_CODE[failure] } });
      throw new DeskError(FAILURE_CODE[failure], { printer, reason: reason || printingText.reasons.unknown });
    }
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'onceNotice.printed', target: null, details });
    return { printer };
  },
};

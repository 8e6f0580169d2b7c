import type { CountyPlan } from '../plan/schema';
import { printingText } from '../i18n/zhCN.printing';
import type { PrintCounty } from './types';

/** The county's wording for printed documents, from its plan; catalogue defaults where the plan is silent. */
export function countyFromPlan(plan: CountyPlan): PrintCounty {
  const t = plan.texts;
  return {
    name: plan.county.name,
    year: plan.year,
    datePassed: t.datePassed ?? printingText.defaults.datePassed,
    resultsAnnouncementLate: t.resultsAnnouncementLate ?? printingText.defaults.resultsAnnouncementLate,
    sealText: t.sealText,
    hotlines: plan.hotlines.filter((h) => h.level === undefined || h.level === 'county' || h.level === 'school').map((h) => ({ name: h.name, phone: h.phone, hours: h.hours })),
    titles: { receipt: t.receiptTitle, ...printingText.titles, ...(t.printTitles ?? {}) },
    nextSteps: t.nextSteps,
    resultsAnnouncement: t.resultsAnnouncement,
    supplementPlace: t.supplementPlace,
    supplementDeadlineDays: t.supplementDeadlineDays,
    appealRoute: t.appealRoute,
    appealDeadlineDays: t.appealDeadlineDays,
    admissionBring: t.admissionBring ?? printingText.defaults.admissionBring,
    privacy: t.privacyNotice,
    proxyAuthorization: t.proxyAuthorization,
  };
}

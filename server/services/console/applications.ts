import { type Kysely } from 'kysely';
import { type ApplicationView, type DecisionKind, type QueueStatus, decisionKindSchema, pageUrl, queueStatusSchema } from '../../../shared/console';
import { type ApplicationDraft } from '../../../shared/contract/application';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { type RecordSection, diffSections, recordSections } from '../../../shared/record/sections';
import { reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { problem } from '../../http/problems';
import { type BlobService } from '../blobs';
import { currentVerification } from '../deptVerify';
import { reassignmentView } from '../placement/reassignment';
import { type Actor, type ConsoleAudit } from './audit';
import { visibleIds, visibleRow } from './decisions';
import { parseRecord } from './queueProjection';
import { type ReviewQueue, rowOut } from './queue';
import { planFor } from './reviewPlan';
import { type SignedIn } from './session';

// The application view (the record as the desk took it, labelled by the one shared mapping; pages; the plan's
// materials for its type; revisions with what changed; decisions) and the bytes of a page. Both are views of
// personal data: each is audited with the staff identity.

const d = consoleAuthText.details;

/** The content type of stored page bytes, from their first bytes. */
export function sniffContentType(b: Buffer): string {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 4 && (b.subarray(0, 4).toString('latin1') === 'II*\u0000' || b.subarray(0, 4).toString('latin1') === 'MM\u0000*')) return 'image/tiff';
  return 'application/octet-stream';
}

const formOf = (record: string): ApplicationDraft => (parseRecord(record).form ?? {}) as ApplicationDraft;

export class ApplicationViews {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: ConsoleAudit,
    private readonly blobs: BlobService,
    private readonly queue: ReviewQueue,
  ) {}

  async view(applicationId: string, session: SignedIn, actor: Actor, now: Date): Promise<ApplicationView> {
    const row = await visibleRow(this.db, applicationId, session);
    const repos = reposOf(this.db);
    const app = await repos.applications.findByRef(applicationId);
    if (!app) throw problem(404, 'not_found', d.noSuchApplication);
    const { plan, known } = await planFor(this.db, row.plan_key);
    const [revisionRows, pageRows, decisionRows, dupRows] = await Promise.all([
      repos.applications.historyOf(applicationId),
      repos.applications.pagesOf(applicationId),
      repos.review.decisionsOf(applicationId),
      repos.applications.sameChildAs(applicationId),
    ]);
    // Other applications of the same child: only those the caller may see (one outside the scope is not there).
    const visibleDups = await visibleIds(this.db, dupRows.map((x) => x.id), session);
    const sectionsOf = (record: string): RecordSection[] => recordSections(formOf(record), plan ?? undefined);
    const sections = sectionsOf(app.record);
    const materialName = new Map((plan?.materials ?? []).map((m) => [m.id, m.name]));
    const pages = await Promise.all(
      pageRows.map(async (p) => {
        const head = (await this.blobs.read(p.sha256))?.subarray(0, 16) ?? Buffer.alloc(0);
        return {
          pageId: p.page_id,
          materialKey: p.material_key,
          materialName: materialName.get(p.material_key) ?? p.material_key,
          pageNo: Number(p.page_no),
          bytes: Number(p.bytes),
          contentType: sniffContentType(head),
          url: pageUrl(applicationId, p.page_id),
        };
      }),
    );
    const form = formOf(app.record);
    const marks = new Map((form.materials ?? []).map((m) => [m.itemId, m.state]));
    const requested = new Set(JSON.parse(row.requested) as string[]);
    const pagesPer = new Map<string, number>();
    for (const p of pageRows) pagesPer.set(p.material_key, (pagesPer.get(p.material_key) ?? 0) + 1);
    const materials = (plan?.materials ?? [])
      .filter((m) => !row.type || m.appliesTo.includes(row.type as never))
      .map((m) => ({ itemId: m.id, name: m.name, reason: m.reason, required: m.required, deskState: marks.get(m.id) ?? null, pages: pagesPer.get(m.id) ?? 0, requested: requested.has(m.id) }));
    const revSections = revisionRows.map((r) => ({ revision: Number(r.revision), receivedAt: r.received_at, sections: sectionsOf(r.record) }));
    const revisions = revSections.map((r, i) => ({
      revision: r.revision,
      receivedAt: r.receivedAt,
      counterCode: app.counter_code,
      changes: i === 0 ? [] : diffSections(revSections[i - 1]!.sections, r.sections),
    }));
    const decided = revSections.find((r) => r.revision === Number(row.decided_revision));
    const changedSinceDecision = row.reentered === 1 && decided ? diffSections(decided.sections, sections) : null;
    const pendingRow = decisionRows.find((x) => x.kind === 'propose_rejection' && x.state === 'pending');
    const pendingDetails = pendingRow ? (JSON.parse(pendingRow.details) as { reasons: string[]; appealRoute: string; appealDeadline: string }) : null;
    const status = row.status as QueueStatus;
    const reviewer = session.role === 'reviewer' || session.role === 'second_reviewer';
    // Department data (and what differs from it) is for the bureau's reviewers, not school users.
    const deptVerification = session.role === 'school' ? null : await currentVerification({ db: this.db }, applicationId, now);
    const decidable = reviewer && (status === 'pending' || status === 'needs_materials');
    const reassignment = await reassignmentView(this.db, applicationId, form);
    await this.audit.record(actor, 'application.viewed', applicationId, { revision: Number(row.revision), receiptNo: row.receipt_no }, now);
    return {
      // The flag agrees with the list below: another application outside the scope does not show through it.
      row: rowOut({ ...row, duplicate: row.duplicate === 1 && visibleDups.size > 0 ? 1 : 0 }, await this.queue.schoolNames(), false),
      planKey: row.plan_key,
      planKnown: known,
      sections,
      pages,
      materials,
      revisions,
      changedSinceDecision,
      decisions: decisionRows.map((x) => ({
        decisionId: x.id,
        kind: decisionKindSchema.catch('comment').parse(x.kind) satisfies DecisionKind,
        at: x.at,
        actorName: x.actor_name,
        revision: x.revision === null ? null : Number(x.revision),
        summary: x.summary,
        note: x.note,
        resultVersion: x.result_version === null ? null : Number(x.result_version),
      })),
      pendingRejection:
        pendingRow && pendingDetails
          ? { decisionId: pendingRow.id, proposedBy: pendingRow.actor_name, proposedAt: pendingRow.at, reasons: pendingDetails.reasons, appealRoute: pendingDetails.appealRoute, appealDeadline: pendingDetails.appealDeadline }
          : null,
      duplicates: dupRows.filter((x) => visibleDups.has(x.id)).map((x) => ({ applicationId: x.id, receiptNo: x.receipt_no, counterCode: x.counter_code, status: queueStatusSchema.catch('pending').parse(x.status ?? 'pending') })),
      deptVerification,
      reassignment,
      can: {
        approve: decidable,
        requestMaterials: decidable,
        reject: decidable,
        confirmRejection: session.role === 'second_reviewer' && pendingRow !== undefined && pendingRow.actor_id !== session.staffId,
        comment: reviewer || session.role === 'admin',
        viewPages: session.role !== 'school',
        recordReassignment: reviewer && reassignment !== null && reassignment.frozen === null,
      },
    };
  }

  /** The bytes of one page with their content type; audited. */
  async page(applicationId: string, pageId: string, session: SignedIn, actor: Actor, now: Date): Promise<{ bytes: Buffer; contentType: string }> {
    await visibleRow(this.db, applicationId, session);
    const page = await reposOf(this.db).applications.page(applicationId, pageId);
    if (!page) throw problem(404, 'not_found', d.noSuchPage);
    const bytes = await this.blobs.read(page.sha256);
    if (!bytes) throw problem(404, 'not_found', d.pageUnreadable);
    await this.audit.record(actor, 'page.viewed', applicationId, { pageId, materialKey: page.material_key, pageNo: Number(page.page_no) }, now);
    return { bytes, contentType: sniffContentType(bytes) };
  }
}

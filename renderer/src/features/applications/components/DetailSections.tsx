import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Empty, Row, Table, Tag, Typography, type DescriptionsProps } from 'antd';
import { acceptsReassignment, approverName, type ApplicationDraft, type ApplicationRecord, type AuditEntry, type MaterialState } from '../../../../../shared/contract';
import { materialsFor } from '../../../../../shared/domain/applicationRules';
import { maskId } from '../../../../../shared/domain/mask';
import type { CountyPlan } from '../../../../../shared/plan/schema';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { auditActionLabel, auditDetailsText, printNamesOf } from '../../../../../shared/i18n/auditLines';
import { localTime } from '../../../lib/format';
import { ScannedTag, useScannedPages } from '../../documents/components/ScannedTag';

const l = zhCN.apps.labels;
const t = zhCN.apps.detail;
const f = t.fields;

type Item = NonNullable<DescriptionsProps['items']>[number];
type ShowId = (value: string | undefined) => string | undefined;

function missing(): ReactNode {
  return <Typography.Text type="secondary">{t.noneRecorded}</Typography.Text>;
}

/** One labelled value; absent values say so instead of leaving a blank that looks like a bug. */
function item(label: string, value: ReactNode | undefined | null, key?: string, testId?: string): Item {
  const empty = value === undefined || value === null || value === '';
  return { key: key ?? label, label, children: empty ? missing() : testId ? <span data-testid={testId}>{value}</span> : value };
}

function yesNo(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : v ? l.yes : l.no;
}

/** The siblings' ID numbers (masked as the screen masks IDs), or 无. */
function siblingsText(data: ApplicationDraft, id: ShowId): string {
  const ids = (data.siblings ?? []).map((x) => id(x.idNumber)).filter((x): x is string => !!x);
  return ids.length > 0 ? ids.join(zhCN.intake.punct.listSep) : f.siblingsNone;
}

function Section({ title, children, testId, extra }: { title: string; children: ReactNode; testId?: string; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} data-testid={testId} extra={extra} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}

function Fields({ items, column = 2 }: { items: Item[]; column?: number }) {
  return <Descriptions size="small" column={column} items={items} styles={{ label: { width: 112, whiteSpace: 'nowrap' } }} />;
}

function ChildSection({ data, id }: { data: ApplicationDraft; id: ShowId }) {
  const c = data.child ?? {};
  return (
    <Section title={t.sections.child} testId="app-detail-child">
      <Fields
        items={[
          item(f.name, c.name, 'name', 'app-detail-child-name'),
          item(f.sex, c.sex ? l.sex[c.sex] : undefined, 'sex'),
          item(f.idType, c.idType ? l.idType[c.idType] : undefined, 'idType'),
          item(f.idNumber, id(c.idNumber), 'idNumber', 'app-detail-child-id'),
          item(f.birthDate, c.birthDate, 'birthDate'),
          item(f.grade, data.grade ? l.grade[data.grade] : undefined, 'grade'),
        ]}
      />
    </Section>
  );
}

function GuardiansSection({ data, id }: { data: ApplicationDraft; id: ShowId }) {
  const guardians = data.guardians ?? [];
  return (
    <Section title={t.sections.guardians} testId="app-detail-guardians">
      {guardians.length === 0 && <Typography.Text type="secondary">{t.noGuardians}</Typography.Text>}
      {guardians.map((g, i) => (
        <div key={i} style={i > 0 ? { borderTop: '1px dashed #e3e7ed', marginTop: 8, paddingTop: 8 } : undefined}>
          <Typography.Text strong>{format(t.guardianTitle, { n: i + 1 })}</Typography.Text>
          <Fields
            items={[
              item(f.relation, g.relation ? g.relationNote ? format(l.withNote, { value: l.relation[g.relation], note: g.relationNote }) : l.relation[g.relation] : undefined, 'relation'),
              item(f.name, g.name, 'name'),
              item(f.idType, g.idType ? l.idType[g.idType] : undefined, 'idType'),
              item(f.idNumber, id(g.idNumber), 'idNumber'),
              item(f.mobile, g.mobile, 'mobile'),
              item(f.onlyChild, yesNo(g.onlyChild), 'onlyChild'),
            ]}
          />
        </div>
      ))}
    </Section>
  );
}

function ProxySection({ data, id }: { data: ApplicationDraft; id: ShowId }) {
  const p = data.proxy;
  return (
    <Section title={t.sections.proxy} testId="app-detail-proxy">
      {p ? (
        <Fields
          items={[
            item(f.name, p.name, 'name'),
            item(f.relation, p.relation, 'relation'),
            item(f.idType, p.idType ? l.idType[p.idType] : undefined, 'idType'),
            item(f.idNumber, id(p.idNumber), 'idNumber'),
            item(f.mobile, p.mobile, 'mobile'),
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t.proxyNone}</Typography.Text>
      )}
    </Section>
  );
}

function HukouHousingSection({ data }: { data: ApplicationDraft }) {
  const h = data.hukou ?? {};
  const s = data.housing ?? {};
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <Section title={t.sections.hukou} testId="app-detail-hukou">
          <Fields
            column={1}
            items={[item(f.inCounty, yesNo(h.inCounty), 'inCounty'), item(f.address, h.address, 'address'), item(f.moveInDate, h.moveInDate, 'moveInDate')]}
          />
        </Section>
      </Col>
      <Col xs={24} xl={12}>
        <Section title={t.sections.housing} testId="app-detail-housing">
          <Fields
            items={[
              item(f.housingKind, s.kind ? l.housingKind[s.kind] : undefined, 'kind'),
              item(f.certificateNumber, s.certificateNumber, 'certificateNumber'),
              item(f.owner, s.owner ? l.housingOwner[s.owner] : undefined, 'owner'),
              item(f.ownerName, s.ownerName, 'ownerName'),
              item(f.registrationDate, s.registrationDate, 'registrationDate'),
              item(f.address, s.address, 'address'),
            ]}
          />
        </Section>
      </Col>
    </Row>
  );
}

function migrantRows(data: ApplicationDraft) {
  return (data.guardians ?? []).map((g, i) => ({ g, i })).filter(({ g }) => g.migrant && Object.keys(g.migrant).length > 0);
}

function MigrantSection({ data }: { data: ApplicationDraft }) {
  const rows = migrantRows(data);
  return (
    <Section title={t.sections.migrant} testId="app-detail-migrant">
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t.migrantNone}</Typography.Text>
      ) : (
        rows.map(({ g, i }) => (
          <Fields
            key={i}
            column={3}
            items={[
              item(f.relation, `${format(t.guardianTitle, { n: i + 1 })} ${g.name ?? ''}`, 'who'),
              item(l.migrantField.residencePermitMonths, g.migrant?.residencePermitMonths, 'rp'),
              item(l.migrantField.socialInsuranceMonths, g.migrant?.socialInsuranceMonths, 'si'),
              item(l.migrantField.businessLicenceMonths, g.migrant?.businessLicenceMonths, 'bl'),
            ]}
          />
        ))
      )}
    </Section>
  );
}

function SpecialSection({ data, plan }: { data: ApplicationDraft; plan: CountyPlan | undefined }) {
  const p = data.preferential;
  const d = data.disability;
  const a = data.ageOverride;
  const w = data.windowOverride;
  const category = p?.categoryId ? (plan?.preferentialCategories.find((c) => c.id === p.categoryId)?.name ?? p.categoryId) : undefined;
  return (
    <Row gutter={[12, 12]}>
      {p && (
        <Col xs={24} xl={12}>
          <Section title={t.sections.preferential} testId="app-detail-preferential">
            <Fields column={1} items={[item(f.category, category, 'category'), item(f.evidence, p.evidence, 'evidence')]} />
          </Section>
        </Col>
      )}
      {d && (
        <Col xs={24} xl={12}>
          <Section title={t.sections.disability} testId="app-detail-disability">
            <Fields
              column={1}
              items={[item(f.disabilityCertificate, d.certificateNumber, 'cert'), item(f.placement, d.placement ? l.placement[d.placement] : undefined, 'placement')]}
            />
          </Section>
        </Col>
      )}
      {a && (
        <Col xs={24} xl={12}>
          <Section title={t.sections.ageOverride} testId="app-detail-age-override">
            <Fields column={1} items={[item(f.reason, a.reason, 'reason'), item(f.approvedBy, approverName(a), 'approvedBy')]} />
          </Section>
        </Col>
      )}
      {w && (
        <Col xs={24} xl={12}>
          <Section title={t.sections.windowOverride} testId="app-detail-window-override">
            <Fields column={1} items={[item(f.reason, w.reason, 'reason'), item(f.approvedBy, approverName(w), 'approvedBy'), item(f.approvedDay, w.day, 'day')]} />
          </Section>
        </Col>
      )}
    </Row>
  );
}

function SchoolTypeSection({ data, plan, id }: { data: ApplicationDraft; plan: CountyPlan | undefined; id: ShowId }) {
  const zone = data.school?.zoneEntryId ? plan?.zones.find((z) => z.id === data.school?.zoneEntryId) : undefined;
  const zoneText = zone ? (zone.street ? format(l.withNote, { value: zone.name, note: zone.street }) : zone.name) : data.school?.zoneEntryId;
  const schoolText = data.school?.schoolId ? (plan?.schools.find((s) => s.id === data.school?.schoolId)?.name ?? data.school.schoolId) : undefined;
  const td = data.typeDecision ?? {};
  const overridden = td.derived !== undefined && td.chosen !== undefined && td.derived !== td.chosen;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <Section title={t.sections.school} testId="app-detail-school">
          <Fields
            column={1}
            items={[
              item(f.zone, zoneText, 'zone'),
              item(f.school, schoolText, 'school'),
              item(f.acceptsReassignment, yesNo(acceptsReassignment(data)), 'acceptsReassignment', 'app-detail-reassignment'),
              item(f.siblings, siblingsText(data, id), 'siblings', 'app-detail-siblings'),
            ]}
          />
        </Section>
      </Col>
      <Col xs={24} xl={12}>
        <Section title={t.sections.type} testId="app-detail-type">
          <Fields
            column={1}
            items={[
              item(f.derivedType, td.derived ? l.type[td.derived] : undefined, 'derived'),
              item(f.chosenType, td.chosen ? l.type[td.chosen] : undefined, 'chosen'),
              item(f.overrideReason, overridden ? td.overrideReason : td.chosen ? f.overrideReasonNone : undefined, 'reason'),
            ]}
          />
        </Section>
      </Col>
    </Row>
  );
}

const STATE_COLOR = { original_seen: 'green', copy_kept: 'blue', missing: 'red', dept_verified: 'cyan' } as const;

function MaterialsSection({ data, plan, applicationId }: { data: ApplicationDraft; plan: CountyPlan | undefined; applicationId: string }) {
  useScannedPages(applicationId);
  const marks = data.materials ?? [];
  type MaterialRow = { key: string; name: string; required: boolean | undefined; state: MaterialState | null; reason: string | undefined; anyOf?: string | undefined; satisfiedBy?: string };
  const rows: MaterialRow[] = marks.map((m) => {
    const def = plan?.materials.find((x) => x.id === m.itemId);
    return { key: m.itemId, name: def?.name ?? m.itemId, required: def?.required, state: m.state, reason: def?.reason, anyOf: def?.anyOf };
  });
  // "One of these" groups: the member that was received satisfies the others.
  const received = new Map<string, string>();
  for (const r of rows) if (r.anyOf && (r.state === 'original_seen' || r.state === 'copy_kept') && !received.has(r.anyOf)) received.set(r.anyOf, r.name);
  // Items the plan lists for this case that nobody recorded yet: shown so a gap is visible.
  const type = data.typeDecision?.chosen ?? data.typeDecision?.derived;
  if (plan && type) {
    const marked = new Set(marks.map((m) => m.itemId));
    for (const def of materialsFor(type, plan, { proxy: !!data.proxy, disability: !!data.disability })) {
      if (marked.has(def.id)) continue;
      const by = def.anyOf ? received.get(def.anyOf) : undefined;
      rows.push({ key: def.id, name: def.name, required: def.required, state: null, reason: def.reason, anyOf: def.anyOf, ...(by ? { satisfiedBy: by } : {}) });
    }
  }
  return (
    <Section title={t.sections.materials} testId="app-detail-materials">
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t.noMaterials}</Typography.Text>
      ) : (
        <Table
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: f.material,
              dataIndex: 'name',
              render: (name: string, r: MaterialRow) => (
                <span title={r.reason}>
                  {name}
                  {r.required !== undefined && (
                    <Tag style={{ marginInlineStart: 8 }} color={r.required ? 'orange' : 'default'}>
                      {r.required ? (r.anyOf ? t.oneOf : f.required) : f.optional}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: f.materialState,
              dataIndex: 'state',
              width: 200,
              render: (state: MaterialState | null, r: MaterialRow) =>
                state ? (
                  <Tag color={STATE_COLOR[state]}>{l.materialState[state]}</Tag>
                ) : r.satisfiedBy ? (
                  <Tag color="green" data-testid={`material-satisfied-${r.key}`}>
                    {format(t.satisfiedBy, { name: r.satisfiedBy })}
                  </Tag>
                ) : (
                  <Tag>{t.noneRecorded}</Tag>
                ),
            },
            {
              title: zhCN.documents.title,
              dataIndex: 'key',
              width: 200,
              render: (key: string) => <ScannedTag applicationId={applicationId} materialKey={key} from={`/applications/${applicationId}`} />,
            },
          ]}
        />
      )}
    </Section>
  );
}

function RevisionsSection({ record }: { record: ApplicationRecord }) {
  const c = t.revisionColumns;
  return (
    <Section title={t.sections.revisions} testId="app-detail-revisions">
      {record.revisions.length === 0 ? (
        <Typography.Text type="secondary">{t.noRevisions}</Typography.Text>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="revision"
          dataSource={record.revisions}
          columns={[
            { title: c.revision, dataIndex: 'revision', width: 70, render: (r: number) => format(t.revisionValue, { revision: r }) },
            { title: c.at, dataIndex: 'createdAt', width: 170, render: (at: string) => localTime(at, true) },
            { title: c.by, dataIndex: 'createdBy', width: 120, render: (by: string, r) => r.createdByName ?? by },
            { title: c.reason, dataIndex: 'reason', render: (reason: string | null, r) => reason ?? (r.revision === 1 ? t.revisionFirst : '') },
          ]}
        />
      )}
    </Section>
  );
}

function HistorySection({ history, plan }: { history: AuditEntry[]; plan: CountyPlan | undefined }) {
  const c = t.historyColumns;
  const time = (iso: string) => localTime(iso, true);
  const names = { material: (id: string) => plan?.materials.find((m) => m.id === id)?.name, ...printNamesOf(history, time) };
  return (
    <Section title={t.sections.history} testId="app-detail-history">
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noHistory} />
      ) : (
        <Table<AuditEntry>
          size="small"
          pagination={false}
          rowKey="seq"
          dataSource={history}
          columns={[
            { title: c.at, dataIndex: 'at', width: 170, render: (at: string) => localTime(at, true) },
            { title: c.actor, dataIndex: 'actorName', width: 120, render: (n: string | null) => n ?? t.system },
            { title: c.action, dataIndex: 'action', width: 140, render: (a: string) => <span title={a}>{t.actionNames[a] ?? auditActionLabel(a)}</span> },
            {
              title: c.details,
              dataIndex: 'details',
              render: (d: Record<string, unknown>, e) => (
                <Typography.Text type="secondary" style={{ fontSize: '0.75rem', wordBreak: 'break-all' }}>
                  {auditDetailsText(e.action, d, time, names)}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Section>
  );
}

/**
 * The county's result once synced (issue 13): the placement, the school placed at (录取/调剂, with the school applied
 * for), report date and place; for a draw, 中签/未中签, the child's pool, place, own key and the result digest that
 * ties it to the published bundle — what a family asks at the counter, and how they can check it themselves.
 */
function CountyResultSection({ record, plan }: { record: ApplicationRecord; plan: CountyPlan | undefined }) {
  const r = record.countyResult;
  if (!r) return null;
  const rt = t.result;
  const applied = record.data.school?.schoolId ? (plan?.schools.find((s) => s.id === record.data.school?.schoolId)?.name ?? record.data.school.schoolId) : undefined;
  const schoolLabel = r.outcome === 'reassigned' ? rt.reassignedSchool : rt.admittedSchool;
  const lot = r.lottery;
  const mono = (v: string, testId: string) => (
    <Typography.Text copyable code style={{ wordBreak: 'break-all', fontSize: '0.75rem' }} data-testid={testId}>
      {v}
    </Typography.Text>
  );
  return (
    <Section title={rt.title} testId="app-detail-result">
      <Fields
        column={1}
        items={[
          item(rt.outcome, <span data-testid="app-detail-result-outcome">{l.status[r.outcome]}</span>, 'outcome'),
          ...(r.schoolName ? [item(schoolLabel, <span data-testid="app-detail-result-school">{r.schoolName}</span>, 'school')] : []),
          ...(r.schoolName && applied && applied !== r.schoolName ? [item(rt.appliedSchool, applied, 'applied')] : []),
          ...(r.reportDate ? [item(rt.reportDate, r.reportDate, 'reportDate')] : []),
          ...(r.reportPlace ? [item(rt.reportPlace, r.reportPlace, 'reportPlace')] : []),
          ...(r.reasons.length > 0 ? [item(rt.reasons, r.reasons.join('；'), 'reasons')] : []),
          item(rt.decidedAt, localTime(r.decidedAt, true), 'decidedAt'),
        ]}
      />
      {lot && (
        <div data-testid="app-detail-lottery" style={{ marginTop: 12 }}>
          <Typography.Text strong>{rt.lotteryTitle}</Typography.Text>
          <Fields
            column={1}
            items={[
              item(
                zhCN.printing.doc.lottery.outcome,
                <Tag color={lot.won ? 'green' : 'volcano'} data-testid="app-detail-lottery-outcome" style={{ marginInlineEnd: 0 }}>
                  {lot.places > 0 ? (lot.won ? l.status.lottery_won : l.status.lottery_lost) : zhCN.printing.doc.lottery.ordered}
                </Tag>,
                'won',
              ),
              item(rt.pool, lot.poolName, 'pool'),
              item(
                zhCN.printing.doc.lottery.rank,
                <span data-testid="app-detail-lottery-rank">{format(lot.places > 0 ? rt.rankValue : rt.rankValueOrdered, { rank: lot.rank, of: lot.of, places: lot.places })}</span>,
                'rank',
              ),
              item(rt.key, mono(lot.key, 'app-detail-lottery-key'), 'key'),
              item(rt.resultDigest, mono(lot.resultDigest, 'app-detail-lottery-digest'), 'digest'),
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: '0.75rem', margin: 0 }}>
            {rt.verify}
          </Typography.Paragraph>
        </div>
      )}
    </Section>
  );
}

/** Everything recorded for one application, grouped as the intake form groups it. */
/**
 * The detail shows full identity numbers only to the roles that check them against the originals at the
 * counter (受理员, 主管); the system administrator sees them masked, as the list and printouts show them.
 */
export function DetailSections({ record, plan, fullIds }: { record: ApplicationRecord; plan: CountyPlan | undefined; fullIds: boolean }) {
  const data = record.data;
  const id: ShowId = (value) => (value && !fullIds ? maskId(value) : value);
  return (
    <Row gutter={[12, 12]}>
      {record.countyResult && (
        <Col span={24}>
          <CountyResultSection record={record} plan={plan} />
        </Col>
      )}
      <Col xs={24} xl={12}>
        <ChildSection data={data} id={id} />
      </Col>
      <Col xs={24} xl={12}>
        <ProxySection data={data} id={id} />
      </Col>
      <Col span={24}>
        <GuardiansSection data={data} id={id} />
      </Col>
      <Col span={24}>
        <HukouHousingSection data={data} />
      </Col>
      {(migrantRows(data).length > 0 || data.typeDecision?.chosen === 'migrant') && (
        <Col span={24}>
          <MigrantSection data={data} />
        </Col>
      )}
      {(data.preferential || data.disability || data.ageOverride || data.windowOverride) && (
        <Col span={24}>
          <SpecialSection data={data} plan={plan} />
        </Col>
      )}
      <Col span={24}>
        <SchoolTypeSection data={data} plan={plan} id={id} />
      </Col>
      <Col span={24}>
        <MaterialsSection data={data} plan={plan} applicationId={record.id} />
      </Col>
      {data.remarks && (
        <Col span={24}>
          <Section title={t.sections.remarks} testId="app-detail-remarks">
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{data.remarks}</Typography.Paragraph>
          </Section>
        </Col>
      )}
      <Col span={24}>
        <RevisionsSection record={record} />
      </Col>
      <Col span={24}>
        <HistorySection history={record.history} plan={plan} />
      </Col>
    </Row>
  );
}

import type { ReactNode } from 'react';
import { Card, Col, Descriptions, Empty, Row, Table, Tag, Typography, type DescriptionsProps } from 'antd';
import type { ApplicationDraft, ApplicationRecord, AuditEntry, MaterialState } from '../../../../../shared/contract';
import { materialsFor } from '../../../../../shared/domain/applicationRules';
import type { CountyPlan } from '../../../../../shared/plan/schema';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';
import { ScannedTag, useScannedPages } from '../../documents/components/ScannedTag';

const l = zhCN.apps.labels;
const t = zhCN.apps.detail;
const f = t.fields;

type Item = NonNullable<DescriptionsProps['items']>[number];

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

function ChildSection({ data }: { data: ApplicationDraft }) {
  const c = data.child ?? {};
  return (
    <Section title={t.sections.child} testId="app-detail-child">
      <Fields
        items={[
          item(f.name, c.name, 'name', 'app-detail-child-name'),
          item(f.sex, c.sex ? l.sex[c.sex] : undefined, 'sex'),
          item(f.idType, c.idType ? l.idType[c.idType] : undefined, 'idType'),
          item(f.idNumber, c.idNumber, 'idNumber', 'app-detail-child-id'),
          item(f.birthDate, c.birthDate, 'birthDate'),
          item(f.grade, data.grade ? l.grade[data.grade] : undefined, 'grade'),
        ]}
      />
    </Section>
  );
}

function GuardiansSection({ data }: { data: ApplicationDraft }) {
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
              item(f.idNumber, g.idNumber, 'idNumber'),
              item(f.mobile, g.mobile, 'mobile'),
              item(f.onlyChild, yesNo(g.onlyChild), 'onlyChild'),
            ]}
          />
        </div>
      ))}
    </Section>
  );
}

function ProxySection({ data }: { data: ApplicationDraft }) {
  const p = data.proxy;
  return (
    <Section title={t.sections.proxy} testId="app-detail-proxy">
      {p ? (
        <Fields
          items={[
            item(f.name, p.name, 'name'),
            item(f.relation, p.relation, 'relation'),
            item(f.idType, p.idType ? l.idType[p.idType] : undefined, 'idType'),
            item(f.idNumber, p.idNumber, 'idNumber'),
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
            <Fields column={1} items={[item(f.reason, a.reason, 'reason'), item(f.approvedBy, a.approvedBy, 'approvedBy')]} />
          </Section>
        </Col>
      )}
    </Row>
  );
}

function SchoolTypeSection({ data, plan }: { data: ApplicationDraft; plan: CountyPlan | undefined }) {
  const zone = data.school?.zoneEntryId ? plan?.zones.find((z) => z.id === data.school?.zoneEntryId) : undefined;
  const zoneText = zone ? (zone.street ? format(l.withNote, { value: zone.name, note: zone.street }) : zone.name) : data.school?.zoneEntryId;
  const schoolText = data.school?.schoolId ? (plan?.schools.find((s) => s.id === data.school?.schoolId)?.name ?? data.school.schoolId) : undefined;
  const td = data.typeDecision ?? {};
  const overridden = td.derived !== undefined && td.chosen !== undefined && td.derived !== td.chosen;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <Section title={t.sections.school} testId="app-detail-school">
          <Fields column={1} items={[item(f.zone, zoneText, 'zone'), item(f.school, schoolText, 'school')]} />
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

const STATE_COLOR = { original_seen: 'green', copy_kept: 'blue', missing: 'red' } as const;

function MaterialsSection({ data, plan, applicationId }: { data: ApplicationDraft; plan: CountyPlan | undefined; applicationId: string }) {
  useScannedPages(applicationId);
  const marks = data.materials ?? [];
  const rows: { key: string; name: string; required: boolean | undefined; state: MaterialState | null; reason: string | undefined }[] = marks.map((m) => {
    const def = plan?.materials.find((x) => x.id === m.itemId);
    return { key: m.itemId, name: def?.name ?? m.itemId, required: def?.required, state: m.state, reason: def?.reason };
  });
  // Items the plan lists for this case that nobody recorded yet: shown so a gap is visible.
  const type = data.typeDecision?.chosen ?? data.typeDecision?.derived;
  if (plan && type) {
    const marked = new Set(marks.map((m) => m.itemId));
    for (const def of materialsFor(type, plan, { proxy: !!data.proxy, disability: !!data.disability })) {
      if (!marked.has(def.id)) rows.push({ key: def.id, name: def.name, required: def.required, state: null, reason: def.reason });
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
              render: (name: string, r) => (
                <span title={r.reason}>
                  {name}
                  {r.required !== undefined && (
                    <Tag style={{ marginInlineStart: 8 }} color={r.required ? 'orange' : 'default'}>
                      {r.required ? f.required : f.optional}
                    </Tag>
                  )}
                </span>
              ),
            },
            {
              title: f.materialState,
              dataIndex: 'state',
              width: 160,
              render: (state: MaterialState | null) =>
                state ? <Tag color={STATE_COLOR[state]}>{l.materialState[state]}</Tag> : <Tag>{t.noneRecorded}</Tag>,
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

function detailValue(value: unknown): string {
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return localTime(value, true);
    if (Object.prototype.hasOwnProperty.call(l.status, value)) return l.status[value as keyof typeof l.status];
    if (Object.prototype.hasOwnProperty.call(l.type, value)) return l.type[value as keyof typeof l.type];
    return value;
  }
  if (Array.isArray(value)) return value.map(detailValue).join(t.listSeparator);
  return JSON.stringify(value);
}

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => format(t.detailPair, { key: t.detailKeys[k] ?? k, value: detailValue(v) }))
    .join(t.detailSeparator);
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
            { title: c.by, dataIndex: 'createdBy', width: 120 },
            { title: c.reason, dataIndex: 'reason', render: (reason: string | null, r) => reason ?? (r.revision === 1 ? t.revisionFirst : '') },
          ]}
        />
      )}
    </Section>
  );
}

function HistorySection({ history }: { history: AuditEntry[] }) {
  const c = t.historyColumns;
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
            { title: c.action, dataIndex: 'action', width: 140, render: (a: string) => <span title={a}>{t.actionNames[a] ?? a}</span> },
            {
              title: c.details,
              dataIndex: 'details',
              render: (d: Record<string, unknown>) => (
                <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                  {detailsText(d)}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
    </Section>
  );
}

/** Everything recorded for one application, grouped as the intake form groups it. */
export function DetailSections({ record, plan }: { record: ApplicationRecord; plan: CountyPlan | undefined }) {
  const data = record.data;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <ChildSection data={data} />
      </Col>
      <Col xs={24} xl={12}>
        <ProxySection data={data} />
      </Col>
      <Col span={24}>
        <GuardiansSection data={data} />
      </Col>
      <Col span={24}>
        <HukouHousingSection data={data} />
      </Col>
      {(migrantRows(data).length > 0 || data.typeDecision?.chosen === 'migrant') && (
        <Col span={24}>
          <MigrantSection data={data} />
        </Col>
      )}
      {(data.preferential || data.disability || data.ageOverride) && (
        <Col span={24}>
          <SpecialSection data={data} plan={plan} />
        </Col>
      )}
      <Col span={24}>
        <SchoolTypeSection data={data} plan={plan} />
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
        <HistorySection history={record.history} />
      </Col>
    </Row>
  );
}

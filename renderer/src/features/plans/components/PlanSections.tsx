import { useMemo, useState, type HTMLAttributes } from 'react';
import { Card, Descriptions, Flex, Input, Table, Tabs, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { PlanInfo } from '../../../../../shared/contract';
import { typesInPriorityOrder, type CountyPlan, type MaterialItem, type PlanSchool, type ZoneEntry } from '../../../../../shared/plan/schema';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { localTime } from '../../../lib/format';
import { SECONDARY_TEXT } from '../../../app/theme';
import { SectionTitle } from '../../../lib/PageTitle';
import { namedPageLinks } from '../../../lib/pagination';

const t = zhCN.apps.plans;
const l = zhCN.apps.labels;

export function PlanOverview({ plan, info }: { plan: CountyPlan; info: PlanInfo }) {
  const [month, day] = plan.ageCutoff.split('-');
  const rules = plan.propertyRules;
  return (
    <Card size="small" title={t.overview} data-testid="plans-overview" style={{ height: '100%' }}>
      <Descriptions
        size="small"
        column={2}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={[
          { key: 'county', label: t.county, children: format(t.countyValue, { name: plan.county.name, code: plan.county.code }) },
          { key: 'year', label: t.year, children: plan.year },
          { key: 'version', label: t.version, children: plan.version },
          { key: 'planId', label: t.planId, children: <Typography.Text code>{plan.planId}</Typography.Text> },
          { key: 'grades', label: t.grades, children: plan.grades.map((g) => l.grade[g]).join(l.separator) },
          { key: 'importedAt', label: t.importedAt, children: localTime(info.importedAt) },
          {
            key: 'window',
            label: t.registrationWindow,
            span: 2,
            children: <strong>{format(t.windowValue, { start: plan.registrationWindow.start, end: plan.registrationWindow.end })}</strong>,
          },
          { key: 'age', label: t.ageCutoff, span: 2, children: format(t.ageCutoffValue, { month: Number(month), day: Number(day) }) },
          { key: 'hukou', label: t.hukouCutoff, children: plan.dateCutoffs.hukouMoveIn },
          { key: 'property', label: t.propertyCutoff, children: plan.dateCutoffs.propertyRegistration },
          { key: 'owners', label: t.allowedOwners, span: 2, children: rules.allowedOwners.map((o) => l.housingOwner[o]).join(l.separator) },
          { key: 'kinds', label: t.countedKinds, span: 2, children: rules.countedKinds.map((k) => l.housingKind[k]).join(l.separator) },
          { key: 'grandparents', label: t.grandparents, span: 2, children: l.grandparentsWhen[rules.grandparentsWhen] },
        ]}
      />
    </Card>
  );
}

export function SchoolsTable({ plan }: { plan: CountyPlan }) {
  const c = t.schoolColumns;
  return (
    <Card size="small" title={t.schools} styles={{ body: { padding: 0 } }}>
      <Table<PlanSchool>
        size="small"
        rowKey="id"
        pagination={false}
        data-testid="plans-schools"
        dataSource={plan.schools}
        scroll={{ x: 900 }}
        columns={[
          { title: c.name, dataIndex: 'name', width: 200, render: (name: string) => <strong>{name}</strong> },
          { title: c.level, dataIndex: 'level', width: 64, render: (v: PlanSchool['level']) => l.level[v] },
          {
            title: c.ownership,
            dataIndex: 'ownership',
            width: 64,
            render: (v: PlanSchool['ownership']) => <Tag color={v === 'public' ? 'blue' : 'purple'}>{l.ownership[v]}</Tag>,
          },
          {
            title: c.scope,
            key: 'scope',
            width: 110,
            render: (_: unknown, s) => l.scope[s.scope ?? (s.ownership === 'private' ? 'county' : 'zone')],
          },
          { title: c.places, dataIndex: 'plannedPlaces', width: 110, align: 'right' },
          { title: c.classes, dataIndex: 'plannedClasses', width: 80, align: 'right' },
          { title: c.address, dataIndex: 'address', ellipsis: true },
          { title: c.phone, dataIndex: 'phone', width: 130 },
        ]}
      />
    </Card>
  );
}

export function ZonesTable({ plan }: { plan: CountyPlan }) {
  const c = t.zoneColumns;
  const [query, setQuery] = useState('');
  const schoolNames = useMemo(() => new Map(plan.schools.map((s) => [s.id, s.name])), [plan]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return plan.zones;
    return plan.zones.filter((z) =>
      [z.name, z.street ?? '', ...(z.aliases ?? []), ...z.schoolIds.map((id) => schoolNames.get(id) ?? id)].some((s) => s.toLowerCase().includes(q)),
    );
  }, [plan, query, schoolNames]);
  const overlap = plan.zones.filter((z) => z.schoolIds.length > 1).length;

  return (
    <Card
      size="small"
      title={t.zones}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
          {format(t.zoneCount, { count: plan.zones.length, overlap })}
        </Typography.Text>
      }
    >
      <Input
        allowClear
        prefix={<SearchOutlined style={{ color: SECONDARY_TEXT }} />}
        placeholder={t.zoneSearch}
        aria-label={t.zoneSearch}
        data-testid="plans-zone-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        style={{ maxWidth: 360, marginBottom: 12 }}
      />
      <Table<ZoneEntry>
        size="small"
        rowKey="id"
        data-testid="plans-zones"
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, itemRender: namedPageLinks }}
        columns={[
          {
            title: c.name,
            dataIndex: 'name',
            width: 220,
            render: (name: string, z) => (
              <Flex gap={6} align="center" wrap>
                <span>{name}</span>
                {z.schoolIds.length > 1 && (
                  <Tag color="magenta" data-testid="plans-zone-overlap">
                    {t.overlap}
                  </Tag>
                )}
              </Flex>
            ),
          },
          { title: c.kind, dataIndex: 'kind', width: 90, render: (k: ZoneEntry['kind']) => l.zoneKind[k] },
          { title: c.street, dataIndex: 'street', width: 110 },
          { title: c.level, dataIndex: 'level', width: 64, render: (v: ZoneEntry['level']) => l.level[v] },
          { title: c.schools, dataIndex: 'schoolIds', render: (ids: string[]) => ids.map((id) => schoolNames.get(id) ?? id).join(l.separator) },
          { title: c.aliases, dataIndex: 'aliases', width: 180, render: (a: string[] | undefined) => (a ?? []).join(l.separator) },
        ]}
      />
    </Card>
  );
}

export function TypesAndMaterials({ plan }: { plan: CountyPlan }) {
  const types = typesInPriorityOrder(plan);
  return (
    <Card size="small" title={t.types} data-testid="plans-types">
      <ol style={{ margin: '0 0 12px', paddingInlineStart: 0, listStyle: 'none' }}>
        {types.map((ty) => (
          <li key={ty.code} style={{ display: 'flex', gap: 12, padding: '6px 0', borderBottom: '1px dashed #eef0f3' }}>
            <Tag color="blue" style={{ flex: 'none', height: 'fit-content' }}>
              {format(t.typeOrder, { order: ty.order })}
            </Tag>
            <div>
              <Typography.Text strong>{ty.name}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: '0.8125rem' }}>
                {ty.description}
              </Typography.Paragraph>
            </div>
          </li>
        ))}
      </ol>
      <SectionTitle style={{ marginTop: 8 }}>{t.materials}</SectionTitle>
      <Tabs
        size="small"
        data-testid="plans-materials"
        items={types.map((ty) => {
          const items = plan.materials.filter((m) => m.appliesTo.includes(ty.code));
          const alternatives = (m: MaterialItem) => items.filter((x) => m.anyOf !== undefined && x.anyOf === m.anyOf && x.id !== m.id).map((x) => x.name);
          return {
            key: ty.code,
            label: ty.name,
            children:
              items.length === 0 ? (
                <Typography.Text type="secondary">{t.noMaterials}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
                  {items.map((m) => (
                    <li key={m.id} style={{ padding: '6px 0', borderBottom: '1px dashed #eef0f3' }}>
                      <Flex gap={6} align="center" wrap>
                        <Typography.Text strong>{m.name}</Typography.Text>
                        <Tag color={m.required ? 'orange' : 'default'}>{m.required ? t.materialRequired : t.materialOptional}</Tag>
                        {m.perGuardian && <Tag>{t.materialPerGuardian}</Tag>}
                        {m.condition && <Tag color="cyan">{t.materialCondition[m.condition]}</Tag>}
                        {alternatives(m).length > 0 && (
                          <Tag color="geekblue">{format(t.materialAnyOf, { others: alternatives(m).join(l.separator) })}</Tag>
                        )}
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: '0.8125rem' }}>
                        {t.materialReason}
                        {m.reason}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              ),
          };
        })}
      />
    </Card>
  );
}

export function PointsAndCategories({ plan }: { plan: CountyPlan }) {
  const p = plan.migrantPoints;
  return (
    <Card size="small" title={t.migrantPoints} data-testid="plans-points" style={{ height: '100%' }}>
      <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }}>
        {p.items.map((it) => (
          <li key={it.id}>
            {format(t.pointsItem, { name: it.name, points: it.pointsPerMonth })}
            {it.exclusiveGroup && <Typography.Text type="secondary">{t.pointsExclusive}</Typography.Text>}
          </li>
        ))}
        <li>
          {format(t.pointsSum, {
            relations: p.countedRelations.map((r) => l.relation[r]).join(l.separator),
            mode: p.sumGuardians ? t.pointsSumBoth : t.pointsSumBest,
          })}
        </li>
        <li>{format(t.pointsRule, { from: p.countBackFrom, cap: p.capMonths })}</li>
      </ul>
      {plan.preferentialCategories.length > 0 && (
        <>
          <SectionTitle style={{ marginTop: 16 }}>{t.preferential}</SectionTitle>
          <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.7 }}>
            {plan.preferentialCategories.map((c) => (
              <li key={c.id} style={{ marginBottom: 4 }}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: '0.8125rem', marginInlineStart: 12 }}>
                  {c.evidence}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

export function Hotlines({ plan }: { plan: CountyPlan }) {
  const c = t.hotlineColumns;
  return (
    <Card size="small" title={t.hotlines} styles={{ body: { padding: 0 } }}>
      <Table
        size="small"
        rowKey={(h) => `${h.name}-${h.phone}`}
        pagination={false}
        data-testid="plans-hotlines"
        dataSource={plan.hotlines}
        columns={[
          { title: c.name, dataIndex: 'name' },
          { title: c.phone, dataIndex: 'phone', width: 140 },
          { title: c.level, dataIndex: 'level', width: 72, render: (v: keyof typeof l.hotlineLevel | undefined) => (v ? l.hotlineLevel[v] : '') },
          { title: c.hours, dataIndex: 'hours', width: 220 },
          { title: c.email, dataIndex: 'email', width: 200 },
        ]}
      />
    </Card>
  );
}

export function VersionsTable({ versions }: { versions: PlanInfo[] }) {
  const c = t.versionColumns;
  return (
    <Card size="small" title={t.versions} styles={{ body: { padding: 0 } }}>
      <Table<PlanInfo>
        size="small"
        rowKey="planKey"
        pagination={false}
        data-testid="plans-versions"
        dataSource={versions}
        rowClassName={(v) => (v.active ? 'plans-version-active' : '')}
        onRow={(v) => ({ 'data-testid': `plans-version-${v.version}`, 'data-active': v.active ? 'true' : 'false' }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: c.version,
            dataIndex: 'version',
            width: 112,
            render: (version: string, v) => (
              <Flex gap={4} align="center">
                <strong>{version}</strong>
                {v.sample && <Tag color="orange">{t.sampleTag}</Tag>}
              </Flex>
            ),
          },
          { title: c.county, dataIndex: 'countyName', ellipsis: { showTitle: true } },
          { title: c.importedAt, dataIndex: 'importedAt', width: 132, render: (at: string) => localTime(at) },
          {
            title: c.state,
            dataIndex: 'active',
            width: 84,
            render: (active: boolean) => (active ? <Tag color="green">{t.current}</Tag> : <Typography.Text type="secondary">{t.previous}</Typography.Text>),
          },
        ]}
      />
    </Card>
  );
}

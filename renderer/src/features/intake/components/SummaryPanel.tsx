import type { ReactNode } from 'react';
import { Button, Card, Descriptions, Tag, Typography } from 'antd';
import { ageCheck, isCalendarDate } from '../../../../../shared/domain/age';
import { computeMigrantPoints } from '../../../../../shared/domain/points';
import { maskId, maskPhone } from '../../../../../shared/domain/mask';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { typesInPriorityOrder } from '../../../../../shared/plan/schema';
import { acceptsReassignment } from '../../../../../shared/contract';
import { REVIEW_STEP, checklistOf, chosenTypeOf } from '../model';
import { derivationOf } from '../derived';
import { useIntakeStore } from '../store';
import { usePlan } from './fields';
import { useOpenIssues } from './StepReview';

const t = zhCN.intake;
const s = t.summary;

/**
 * What has been recorded so far, at a glance, next to the answers. Numbers are masked: the
 * screen faces a counter where the next family may be standing.
 */
export function SummaryPanel() {
  const plan = usePlan();
  const data = useIntakeStore((st) => st.data);
  const derivation = derivationOf(data, plan);
  const issues = useOpenIssues();
  const child = data.child ?? {};
  const chosen = chosenTypeOf(data, derivation.type);
  const types = typesInPriorityOrder(plan);
  const typeName = types.find((x) => x.code === chosen)?.name ?? chosen;
  const school = plan.schools.find((x) => x.id === data.school?.schoolId);
  const zone = plan.zones.find((z) => z.id === data.school?.zoneEntryId);
  const items = checklistOf(data, plan, derivation.type);
  const marks = new Map((data.materials ?? []).map((m) => [m.itemId, m.state]));
  const received = items.filter((i) => marks.get(i.id) === 'original_seen' || marks.get(i.id) === 'copy_kept' || marks.get(i.id) === 'dept_verified').length;
  const missing = items.filter((i) => marks.get(i.id) === 'missing').length;
  const unmarked = items.filter((i) => !marks.has(i.id)).length;
  const migrant = data.hukou?.inCounty === false;
  const answered = data.hukou?.inCounty !== undefined || data.housing?.kind !== undefined || data.preferential != null;

  let age: ReactNode = s.none;
  if (child.birthDate && data.grade && isCalendarDate(child.birthDate)) {
    const check = ageCheck(child.birthDate, data.grade, plan);
    age = check.eligible ? (
      <Tag color="green">{s.eligible}</Tag>
    ) : data.ageOverride ? (
      <Tag color="blue">{s.overridden}</Tag>
    ) : (
      <Tag color="red">{s.notEligible}</Tag>
    );
  }

  const dash = (v: string | undefined | null) => (v ? v : s.none);
  const rows = [
    { key: 'child', label: s.child, children: <span>{dash(child.name)}{child.idNumber ? <Typography.Text type="secondary"> {maskId(child.idNumber)}</Typography.Text> : null}</span> },
    { key: 'grade', label: s.grade, children: data.grade ? t.options.grade[data.grade] : s.none },
    { key: 'age', label: s.age, children: age },
    {
      key: 'guardians',
      label: s.guardians,
      children: (
        <div>
          {(data.guardians ?? []).filter((g) => g.name || g.mobile || g.relation).length === 0
            ? s.none
            : (data.guardians ?? []).map((g, i) => (
                <div key={i}>
                  {g.relation ? t.options.relation[g.relation] : ''} {g.name ?? ''}
                  {g.mobile ? <Typography.Text type="secondary"> {maskPhone(g.mobile)}</Typography.Text> : null}
                </div>
              ))}
        </div>
      ),
    },
    ...(data.proxy ? [{ key: 'proxy', label: s.proxy, children: dash(data.proxy.name) }] : []),
    {
      key: 'hukou',
      label: s.hukou,
      children:
        data.hukou?.inCounty === undefined ? s.none : data.hukou.inCounty ? format(s.hukouIn, { date: data.hukou.moveInDate ?? s.none }) : s.hukouOut,
    },
    {
      key: 'housing',
      label: s.housing,
      children: data.housing?.kind
        ? `${t.options.housingKind[data.housing.kind]}${data.housing.owner ? ` · ${t.options.owner[data.housing.owner]}` : ''}`
        : s.none,
    },
    { key: 'school', label: s.school, children: school ? `${school.name}${zone ? ` · ${zone.name}` : ''}` : zone ? zone.name : s.none },
    // Said only when it departs from the usual: a refusal of reassignment, siblings applying together.
    ...(acceptsReassignment(data) ? [] : [{ key: 'reassignment', label: s.reassignment, children: <span data-testid="intake-summary-reassignment">{s.reassignmentNo}</span> }]),
    ...((data.siblings?.length ?? 0) > 0
      ? [{ key: 'siblings', label: s.siblings, children: <span data-testid="intake-summary-siblings">{format(s.siblingsLine, { count: (data.siblings?.length ?? 0) + 1 })}</span> }]
      : []),
    {
      key: 'type',
      label: s.type,
      // Until hukou or housing is recorded every family would read as 其他: say nothing yet.
      children: !answered ? (
        s.none
      ) : (
        <div>
          <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="intake-summary-type">
            {typeName}
          </Tag>
          <Typography.Paragraph type="secondary" style={{ fontSize: '0.75rem', margin: '4px 0 0' }} ellipsis={{ rows: 3, tooltip: derivation.reason }}>
            {derivation.reason}
          </Typography.Paragraph>
        </div>
      ),
    },
    ...(migrant
      ? [{ key: 'points', label: s.points, children: <span data-testid="intake-summary-points">{computeMigrantPoints(data.guardians, plan).total}</span> }]
      : []),
    { key: 'materials', label: s.materials, children: format(s.materialsLine, { received, missing, unmarked }) },
    {
      key: 'issues',
      label: s.issues,
      children:
        issues.length === 0 ? (
          <Typography.Text type="success">{s.noIssues}</Typography.Text>
        ) : (
          <Button type="link" danger size="small" style={{ padding: 0 }} tabIndex={-1} onClick={() => useIntakeStore.getState().goTo(REVIEW_STEP)} data-testid="intake-summary-issues">
            {format(s.issuesCount, { count: issues.length })}
          </Button>
        ),
    },
  ];

  return (
    <Card size="small" title={s.title} data-testid="intake-summary" style={{ position: 'sticky', top: 0 }} styles={{ body: { padding: '8px 12px' } }}>
      <Descriptions size="small" column={1} items={rows} styles={{ label: { width: 64, whiteSpace: 'nowrap' } }} />
    </Card>
  );
}

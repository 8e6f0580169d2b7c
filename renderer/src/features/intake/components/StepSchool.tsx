import { useMemo, useRef } from 'react';
import { Alert, Descriptions, Flex, Radio, Tag, Typography } from 'antd';
import type { Grade } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { PlanSchool, ZoneEntry } from '../../../../../shared/plan/schema';
import { schoolChoices, searchZones } from '../model';
import { useIntakeStore } from '../store';
import { Field, fieldId, usePlan, useValue } from './fields';
import { OptionList } from './OptionList';

const t = zhCN.intake;
const SEARCH_ID = 'f-school.search';

/** ⑤ 学区与学校: find the family's zone entry by any name people use, then the school. */
export function StepSchool() {
  const plan = usePlan();
  const grade = useValue<Grade>('grade');
  const zoneId = useValue<string>('school.zoneEntryId');
  const schoolId = useValue<string>('school.schoolId');
  const zone = plan.zones.find((z) => z.id === zoneId);
  const { zoneSchools, countyWide } = schoolChoices(plan, zone, grade);
  const school = plan.schools.find((s) => s.id === schoolId);

  return (
    <>
      <ZoneSearch grade={grade} />
      {zone && (
        // A zone with one school chose it: Enter passes over it to the next step.
        <Field path="school.schoolId" label={t.fields.school} required skipOnEnter={zone.schoolIds.length === 1 && schoolId === zone.schoolIds[0]}>
          <Radio.Group
            name={fieldId('school.schoolId')}
            data-testid={fieldId('school.schoolId')}
            value={schoolId}
            onChange={(e) => useIntakeStore.getState().setField('school.schoolId', e.target.value as string)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          >
            <Typography.Text type="secondary">{zoneSchools.length > 1 ? t.hints.overlap : t.hints.zoneSchools}</Typography.Text>
            {zoneSchools.map((s) => (
              <Radio key={s.id} value={s.id}>
                {s.name}
              </Radio>
            ))}
            {countyWide.length > 0 && (
              <Typography.Text type="secondary" style={{ marginTop: 6 }}>
                {t.hints.countyWide}
              </Typography.Text>
            )}
            {countyWide.map((s) => (
              <Radio key={s.id} value={s.id}>
                {s.name}
              </Radio>
            ))}
          </Radio.Group>
        </Field>
      )}
      {school && <SchoolCard school={school} />}
      {school?.ownership === 'private' && <Alert type="info" showIcon title={plan.texts.lotteryNotice} style={{ marginTop: 12 }} />}
    </>
  );
}

function ZoneSearch({ grade }: { grade: Grade | undefined }) {
  const plan = usePlan();
  const zoneId = useValue<string>('school.zoneEntryId');
  const byId = useMemo(() => new Map(plan.zones.map((z) => [z.id, z])), [plan]);
  // The last search, for the alias each hit was found by.
  const last = useRef<{ query: string; hits: ReturnType<typeof searchZones> }>({ query: '', hits: [] });
  const search = (q: string) => {
    if (last.current.query !== q || last.current.hits.length === 0) last.current = { query: q, hits: searchZones(plan, grade, q) };
    return last.current.hits;
  };
  const options = useMemo(() => plan.zones.map((z) => ({ value: z.id, label: z.name })), [plan]);

  const pick = (id: string) => {
    const zone = byId.get(id);
    const { setField } = useIntakeStore.getState();
    // One school: chosen with the zone. An overlap zone (交叉学区) leaves the choice to the family.
    const only = zone?.schoolIds.length === 1 ? zone.schoolIds[0] : undefined;
    setField('school', zone ? { zoneEntryId: zone.id, ...(only ? { schoolId: only } : {}) } : undefined);
  };

  return (
    <Field path="school.zoneEntryId" label={t.fields.schoolSearch} required controlId={SEARCH_ID}>
      <OptionList<string>
        id={SEARCH_ID}
        value={zoneId}
        placeholder={t.placeholders.schoolSearch}
        options={options}
        find={(q) => search(q).map((h) => h.zone.id)}
        labelOf={(id) => byId.get(id)?.name ?? id}
        renderOption={(o) => {
          const zone = byId.get(o.value);
          return zone ? <ZoneOption zone={zone} alias={last.current.hits.find((h) => h.zone.id === zone.id)?.alias} /> : o.label;
        }}
        notFound={(q) => <Typography.Text type="secondary">{format(t.hints.noZone, { query: q })}</Typography.Text>}
        onPick={pick}
        onBlur={() => useIntakeStore.getState().touch('school.zoneEntryId')}
      />
    </Field>
  );
}

function ZoneLabel({ zone }: { zone: ZoneEntry }) {
  return (
    <span>
      {zone.name}
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
        {t.options.zoneKind[zone.kind]}
        {zone.street ? ` · ${zone.street}` : ''}
      </Typography.Text>
    </span>
  );
}

function ZoneOption({ zone, alias }: { zone: ZoneEntry; alias: string | undefined }) {
  const plan = usePlan();
  const names = zone.schoolIds.map((id) => plan.schools.find((s) => s.id === id)?.name ?? id);
  return (
    <Flex vertical gap={2} style={{ padding: '2px 0' }}>
      <Flex gap={8} align="center" wrap>
        <ZoneLabel zone={zone} />
        {alias && <Tag style={{ marginInlineEnd: 0 }}>{alias}</Tag>}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem', whiteSpace: 'normal' }}>
        → {names.join('、')}
      </Typography.Text>
    </Flex>
  );
}

function SchoolCard({ school }: { school: PlanSchool }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      style={{ marginTop: 4 }}
      items={[
        { key: 'name', label: t.fields.school, children: school.name },
        { key: 'info', label: t.summary.school, children: format(t.hints.schoolInfo, { address: school.address, places: school.plannedPlaces }) },
      ]}
    />
  );
}

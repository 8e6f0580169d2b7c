import { useMemo, useState } from 'react';
import { Alert, Descriptions, Flex, Radio, Select, Tag, Typography } from 'antd';
import type { Grade } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { PlanSchool, ZoneEntry } from '../../../../../shared/plan/schema';
import { schoolChoices, searchZones } from '../model';
import { useIntakeStore } from '../store';
import { Field, fieldId, useInputTestId, usePlan, useValue } from './fields';

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
        <Field path="school.schoolId" label={t.fields.school} required>
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
  const [query, setQuery] = useState('');
  const hits = useMemo(() => searchZones(plan, grade, query), [plan, grade, query]);
  const ref = useInputTestId(SEARCH_ID);
  const byId = useMemo(() => new Map(plan.zones.map((z) => [z.id, z])), [plan]);

  const pick = (id: string | undefined) => {
    const zone = id === undefined ? undefined : byId.get(id);
    const { setField } = useIntakeStore.getState();
    // One school: chosen with the zone. An overlap zone (交叉学区) leaves the choice to the family.
    const only = zone?.schoolIds.length === 1 ? zone.schoolIds[0] : undefined;
    setField('school', zone ? { zoneEntryId: zone.id, ...(only ? { schoolId: only } : {}) } : undefined);
    setQuery('');
  };

  return (
    <Field path="school.zoneEntryId" label={t.fields.schoolSearch} required controlId={SEARCH_ID}>
      <div ref={ref}>
        <Select<string>
          id={SEARCH_ID}
          value={zoneId}
          placeholder={t.placeholders.schoolSearch}
          style={{ width: '100%' }}
          showSearch={{ filterOption: false, onSearch: setQuery, searchValue: query }}
          defaultActiveFirstOption
          options={hits.map((h) => ({ value: h.zone.id, label: h.zone.name }))}
          labelRender={({ value }) => {
            const zone = byId.get(String(value));
            return zone ? <ZoneLabel zone={zone} /> : String(value);
          }}
          optionRender={(option) => {
            const zone = byId.get(String(option.value));
            return zone ? <ZoneOption zone={zone} alias={hits.find((h) => h.zone.id === zone.id)?.alias} /> : option.label;
          }}
          notFoundContent={<Typography.Text type="secondary">{format(t.hints.noZone, { query })}</Typography.Text>}
          onChange={pick}
          onBlur={() => useIntakeStore.getState().touch('school.zoneEntryId')}
          listHeight={320}
        />
      </div>
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
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
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

import { useMemo, useRef } from 'react';
import { Alert, Button, Card, Col, Descriptions, Divider, Flex, Radio, Row, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SIBLINGS_MAX, acceptsReassignment, type Grade } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { PlanSchool, ZoneEntry } from '../../../../../shared/plan/schema';
import { schoolChoices, searchZones } from '../model';
import { useIntakeStore } from '../store';
import { idTypeChoices, yesNoChoices } from './choices';
import { Field, RadioField, SelectField, TextField, fieldId, usePlan, useValue } from './fields';
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
      <Divider style={{ margin: '12px 0 16px' }} />
      <Reassignment />
      <Siblings />
    </>
  );
}

/** 是否服从调剂: 是 unless the family says otherwise, so Enter passes it; Y/N/1/2 or Tab to change it. */
function Reassignment() {
  const stored = useValue<boolean>('acceptsReassignment');
  return (
    <RadioField<boolean>
      path="acceptsReassignment"
      label={t.fields.acceptsReassignment}
      options={yesNoChoices}
      value={acceptsReassignment({ acceptsReassignment: stored })}
      hint={t.reassignmentHint}
      skipOnEnter
      alwaysAnswered
    />
  );
}

/** 同胞同时报名: the ID numbers of twins or siblings applying together; none unless the clerk adds one (Tab, Enter). */
function Siblings() {
  const count = useIntakeStore((s) => s.data.siblings?.length ?? 0);
  const add = () => {
    const { update, requestFocus } = useIntakeStore.getState();
    update((d) => ({ ...d, siblings: [...(d.siblings ?? []), { idType: 'resident_id' }] }), ['siblings']);
    requestFocus(`siblings.${count}.idNumber`);
  };
  const remove = (index: number) => {
    const { update, requestFocus } = useIntakeStore.getState();
    update((d) => {
      const rest = (d.siblings ?? []).filter((_x, i) => i !== index);
      return { ...d, siblings: rest.length > 0 ? rest : undefined };
    }, ['siblings']);
    requestFocus(index > 0 ? `siblings.${index - 1}.idNumber` : 'siblings.add');
  };
  return (
    <>
      <Typography.Text strong>{t.siblings.title}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: '0.8125rem', margin: '4px 0 8px' }}>
        {t.siblings.hint}
      </Typography.Paragraph>
      {Array.from({ length: count }, (_v, i) => (
        <SiblingRow key={i} index={i} onRemove={() => remove(i)} />
      ))}
      {/* Tab reaches it, Enter passes it: most families have no sibling applying together. */}
      <span data-field="siblings.add" data-answered="true" data-enter-skip="true">
        <Button icon={<PlusOutlined />} onClick={add} disabled={count >= SIBLINGS_MAX} data-testid="intake-add-sibling">
          {t.siblings.add}
        </Button>
      </span>
    </>
  );
}

function SiblingRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const at = (field: string) => `siblings.${index}.${field}`;
  const idType = useValue<string>(at('idType'));
  return (
    <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: '8px 12px 0' } }} data-testid={`intake-sibling-${index}`}>
      <Row gutter={16} align="middle">
        <Col span={9}>
          <SelectField path={at('idType')} label={format(t.fields.siblingIdType, { n: index + 1 })} required options={idTypeChoices} skipOnEnter={idType === 'resident_id'} />
        </Col>
        <Col span={11}>
          <TextField path={at('idNumber')} label={format(t.fields.siblingIdNumber, { n: index + 1 })} kind="id" required placeholder={t.placeholders.idNumber} />
        </Col>
        <Col span={4}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={`intake-remove-sibling-${index}`}>
            {t.siblings.remove}
          </Button>
        </Col>
      </Row>
    </Card>
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

import { Alert, Card, Col, Divider, Row } from 'antd';
import type { ApplicationDraft } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { MigrantField } from '../../../../../shared/plan/schema';
import { useIntakeStore } from '../store';
import { placementChoices } from './choices';
import { CheckField, NumberField, RadioField, SelectField, TextField, usePlan, useValue } from './fields';
import { PointsTable } from './PointsTable';

const t = zhCN.intake;
type Disability = NonNullable<ApplicationDraft['disability']>;

const monthsLabel: Record<MigrantField, string> = {
  residencePermitMonths: t.fields.residencePermitMonths,
  socialInsuranceMonths: t.fields.socialInsuranceMonths,
  businessLicenceMonths: t.fields.businessLicenceMonths,
};

/** ④ 随迁/优待/特殊: migrant months (non-local families only), preferential category, disability. */
export function StepSpecial() {
  return (
    <>
      <Migrant />
      <Divider style={{ margin: '8px 0 16px' }} />
      <Preferential />
      <Divider style={{ margin: '8px 0 16px' }} />
      <Disability />
    </>
  );
}

function Migrant() {
  const plan = usePlan();
  const inCounty = useValue<boolean>('hukou.inCounty');
  const guardians = useIntakeStore((s) => s.data.guardians) ?? [];
  if (inCounty === undefined) return <Alert type="info" showIcon title={t.hints.migrantUnknown} style={{ marginBottom: 12 }} />;
  if (inCounty) return <Alert type="info" showIcon title={t.hints.migrantOnly} style={{ marginBottom: 12 }} />;
  const rule = plan.migrantPoints;
  const counted = guardians.map((g, i) => ({ g, i })).filter(({ g }) => g.relation !== undefined && rule.countedRelations.includes(g.relation));
  return (
    <>
      <Alert type="info" showIcon title={format(t.hints.migrantIntro, { date: rule.countBackFrom, cap: rule.capMonths })} style={{ marginBottom: 12 }} />
      {counted.length === 0 && <Alert type="warning" showIcon title={t.hints.migrantNoParents} style={{ marginBottom: 12 }} />}
      {counted.map(({ g, i }) => (
        <Card
          key={i}
          size="small"
          style={{ marginBottom: 12 }}
          title={`${g.relation ? t.options.relation[g.relation] : ''} ${g.name ?? ''}`}
          data-testid={`intake-migrant-${i}`}
        >
          <Row gutter={16}>
            {rule.items.map((item) => (
              <Col span={8} key={item.id}>
                <NumberField path={`guardians.${i}.migrant.${item.field}`} label={monthsLabel[item.field]} placeholder={t.placeholders.months} />
              </Col>
            ))}
          </Row>
        </Card>
      ))}
      {counted.length > 0 && <PointsTable compact />}
    </>
  );
}

function Preferential() {
  const plan = usePlan();
  const categoryId = useValue<string>('preferential.categoryId');
  const category = plan.preferentialCategories.find((c) => c.id === categoryId);
  const NONE = '__none__';
  return (
    <>
      <SelectField<string>
        path="preferential.categoryId"
        label={t.fields.preferential}
        value={categoryId ?? NONE}
        options={[{ value: NONE, label: t.options.noPreferential }, ...plan.preferentialCategories.map((c) => ({ value: c.id, label: c.name }))]}
        onPick={(v) => {
          const { setField } = useIntakeStore.getState();
          if (v === undefined || v === NONE) setField('preferential', null);
          else setField('preferential.categoryId', v);
        }}
      />
      {category && (
        <TextField
          path="preferential.evidence"
          label={t.fields.preferentialEvidence}
          hint={format(t.hints.preferentialEvidence, { evidence: category.evidence })}
        />
      )}
    </>
  );
}

function Disability() {
  const disability = useIntakeStore((s) => s.data.disability);
  const on = disability !== null && disability !== undefined;
  return (
    <>
      <CheckField
        path="disability"
        label={t.fields.disabilityToggle}
        checked={on}
        onToggle={(checked) => useIntakeStore.getState().setField('disability', checked ? ({} satisfies Disability) : null)}
      />
      {on && (
        <Row gutter={16}>
          <Col span={10}>
            <TextField path="disability.certificateNumber" label={t.fields.disabilityCertificate} />
          </Col>
          <Col span={14}>
            <RadioField path="disability.placement" label={t.fields.placement} required options={placementChoices} />
          </Col>
        </Row>
      )}
    </>
  );
}

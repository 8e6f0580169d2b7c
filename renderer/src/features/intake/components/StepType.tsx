import { Alert, Card, Flex, Tag, Typography } from 'antd';
import type { EnrollmentType } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { typesInPriorityOrder } from '../../../../../shared/plan/schema';
import { chosenTypeOf } from '../model';
import { derivationOf } from '../derived';
import { useIntakeStore } from '../store';
import { RadioField, TextAreaField, usePlan } from './fields';
import { PointsTable } from './PointsTable';

const t = zhCN.intake;

/** ⑥ 招生类型: the type the plan's rules give, why, and the clerk's confirmation or reasoned change. */
export function StepType() {
  const plan = usePlan();
  const data = useIntakeStore((s) => s.data);
  const derivation = derivationOf(data, plan);
  const chosen = chosenTypeOf(data, derivation.type);
  const types = typesInPriorityOrder(plan);
  const nameOf = (code: EnrollmentType) => types.find((x) => x.code === code)?.name ?? code;
  const showPoints = data.hukou?.inCounty === false || chosen === 'migrant' || derivation.type === 'migrant';

  const pick = (code: EnrollmentType) => {
    const { update } = useIntakeStore.getState();
    // Choosing the derived type again is a confirmation, not an override: the reason goes.
    update(
      (d) => ({ ...d, typeDecision: code === derivation.type ? { derived: derivation.type } : { ...d.typeDecision, derived: derivation.type, chosen: code } }),
      ['typeDecision'],
    );
  };

  return (
    <>
      <Card size="small" style={{ marginBottom: 16, background: '#f6f9fe' }} data-testid="intake-derived">
        <Flex align="center" gap={8} style={{ marginBottom: 6 }}>
          <Typography.Text type="secondary">{t.hints.derived}</Typography.Text>
          <Tag color="blue" style={{ fontSize: '0.9375rem', padding: '2px 10px' }} data-testid="intake-derived-type">
            {nameOf(derivation.type)}
          </Tag>
        </Flex>
        <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="intake-derived-reason">
          {derivation.reason}
        </Typography.Paragraph>
      </Card>
      <RadioField<EnrollmentType>
        path="typeDecision.chosen"
        label={t.fields.chosenType}
        required
        vertical
        value={chosen}
        onPick={pick}
        options={types.map((type) => ({
          value: type.code,
          label: (
            <span>
              <Typography.Text strong>{type.name}</Typography.Text>
              {type.code === derivation.type && (
                <Tag color="blue" style={{ marginLeft: 8 }}>
                  {t.hints.derived}
                </Tag>
              )}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: '0.75rem' }}>
                {type.description}
              </Typography.Text>
            </span>
          ),
        }))}
      />
      {chosen !== derivation.type && (
        <>
          <Alert type="warning" showIcon title={t.hints.overrideNeedsReason} style={{ marginBottom: 12 }} />
          <TextAreaField path="typeDecision.overrideReason" label={t.fields.overrideReason} required maxLength={200} placeholder={t.placeholders.reason} />
        </>
      )}
      {showPoints && (
        <Card size="small" style={{ marginTop: 8 }}>
          <PointsTable />
        </Card>
      )}
    </>
  );
}

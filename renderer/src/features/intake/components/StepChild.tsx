import { useState } from 'react';
import { Alert, Button, Col, Row } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { approverName, type Grade } from '../../../../../shared/contract';
import { ageCheck, fullYearsOn, isCalendarDate } from '../../../../../shared/domain/age';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { idGivesBirthDate, idGivesSex } from '../derived';
import { useIntakeStore } from '../store';
import { AgeOverrideModal } from './AgeOverrideModal';
import { ChildDuplicate } from './ChildDuplicate';
import { idTypeChoices, sexChoices } from './choices';
import { RadioField, SelectField, TextField, usePlan, useValue } from './fields';

const t = zhCN.intake;

/** ① 年级与儿童: birth date and sex come from the ID number; the age rule is checked at once. */
export function StepChild() {
  const plan = usePlan();
  const idType = useValue<string>('child.idType');
  const fromId = idGivesBirthDate(idType);
  return (
    <>
      <RadioField<Grade> path="grade" label={t.fields.grade} required options={plan.grades.map((g) => ({ value: g, label: t.options.grade[g] }))} />
      <Row gutter={16}>
        <Col span={12}>
          <TextField path="child.name" label={t.fields.childName} kind="name" required placeholder={t.placeholders.name} hint={t.hints.nameDot} />
        </Col>
        <Col span={12}>
          <SelectField path="child.idType" label={t.fields.idType} required options={idTypeChoices} skipOnEnter={idType === 'resident_id'} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <TextField path="child.idNumber" label={t.fields.idNumber} kind="id" required placeholder={t.placeholders.idNumber} />
        </Col>
        <Col span={6}>
          <TextField
            path="child.birthDate"
            label={t.fields.birthDate}
            kind="date"
            required
            disabled={fromId}
            placeholder={t.placeholders.date}
            hint={fromId ? t.hints.idFacts : undefined}
          />
        </Col>
        <Col span={6}>
          <RadioField<'M' | 'F'> path="child.sex" label={t.fields.sex} required options={sexChoices} disabled={idGivesSex(idType)} />
        </Col>
      </Row>
      <ChildDuplicate />
      <AgePanel />
    </>
  );
}

function AgePanel() {
  const plan = usePlan();
  const birthDate = useValue<string>('child.birthDate');
  const grade = useValue<Grade>('grade');
  const override = useIntakeStore((s) => s.data.ageOverride);
  const editing = useIntakeStore((s) => s.editing !== null);
  const [asking, setAsking] = useState(false);
  if (!birthDate || !grade || !isCalendarDate(birthDate)) return null;
  const check = ageCheck(birthDate, grade, plan);
  // Older than usual is allowed (deferral) but worth a second look.
  const overLimit = check.eligible && grade === 'primary1' && fullYearsOn(birthDate, check.cutoffDate) > 7;
  return (
    <div data-testid="intake-age-check">
      <Alert
        type={check.eligible ? (overLimit ? 'warning' : 'success') : 'error'}
        showIcon
        title={check.message}
        style={{ marginBottom: 12 }}
        action={
          !check.eligible && !override && !editing ? (
            <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setAsking(true)} data-testid="intake-age-override">
              {t.age.requestButton}
            </Button>
          ) : undefined
        }
      />
      {override && (
        <Alert type="info" showIcon title={format(t.age.approved, { reason: override.reason, by: approverName(override) })} style={{ marginBottom: 12 }} />
      )}
      {asking && (
        <AgeOverrideModal
          onClose={() => {
            setAsking(false);
            // The button that opened the dialog is gone once approved: continue from 下一步.
            setTimeout(() => document.querySelector<HTMLElement>('[data-testid="intake-next"]')?.focus(), 0);
          }}
        />
      )}
    </div>
  );
}

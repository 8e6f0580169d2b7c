import { useRef } from 'react';
import { Button, Card, Col, Row, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ApplicationDraft, GuardianRelation } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useIntakeStore } from '../store';
import { idTypeChoices, relationChoices } from './choices';
import { CheckField, SelectField, TextField, useValue } from './fields';

const t = zhCN.intake;
const MAX_GUARDIANS = 4;

type Proxy = NonNullable<ApplicationDraft['proxy']>;

/** ② 监护人: one card per guardian, and the proxy (帮办) when the family is not at the counter. */
export function StepGuardians() {
  const count = useIntakeStore((s) => s.data.guardians?.length ?? 0);
  const proxy = useIntakeStore((s) => s.data.proxy);
  // Unticking the proxy box and ticking it again brings back what was typed.
  const stash = useRef<Proxy | null>(null);

  const add = () => {
    const { update, requestFocus, data } = useIntakeStore.getState();
    // The likelier second guardian: the other parent (the clerk changes it with Shift+Tab if not).
    const relation = otherParent(data.guardians ?? []);
    update((d) => ({ ...d, guardians: [...(d.guardians ?? []), { ...(relation ? { relation } : {}), idType: 'resident_id' }] }), ['guardians']);
    requestFocus(`guardians.${count}.${relation ? 'name' : 'relation'}`);
  };

  const remove = (index: number) => {
    const { update, requestFocus } = useIntakeStore.getState();
    update((d) => ({ ...d, guardians: (d.guardians ?? []).filter((_g, i) => i !== index) }), ['guardians']);
    requestFocus(`guardians.${Math.max(0, index - 1)}.relation`);
  };

  const toggleProxy = (on: boolean) => {
    const { update } = useIntakeStore.getState();
    if (!on) stash.current = proxy ?? null;
    update((d) => ({ ...d, proxy: on ? (stash.current ?? { idType: 'resident_id' }) : null }), ['proxy']);
  };

  return (
    <>
      {Array.from({ length: count }, (_v, i) => (
        <GuardianCard key={i} index={i} removable={count > 1} onRemove={() => remove(i)} />
      ))}
      {/* In the Enter order after the first guardian (Enter on it adds the second), passed over after that. */}
      <span data-field="guardians.add" data-answered="true" data-enter-skip={count >= 2 ? 'true' : undefined}>
        <Button icon={<PlusOutlined />} onClick={add} disabled={count >= MAX_GUARDIANS} data-testid="intake-add-guardian" style={{ marginBottom: 16 }}>
          {t.hints.addGuardian}
        </Button>
      </span>
      {count >= MAX_GUARDIANS && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {t.hints.maxGuardians}
        </Typography.Text>
      )}
      <CheckField path="proxy" label={t.fields.proxyToggle} checked={proxy !== null && proxy !== undefined} onToggle={toggleProxy} />
      {proxy && (
        <Card size="small" title={t.hints.proxyTitle} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col span={12}>
              <TextField path="proxy.name" label={t.fields.proxyName} kind="name" required placeholder={t.placeholders.name} />
            </Col>
            <Col span={12}>
              <TextField path="proxy.relation" label={t.fields.proxyRelation} required />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <SelectField
                path="proxy.idType"
                label={t.fields.idType}
                required
                options={idTypeChoices.filter((c) => c.value !== 'birth_certificate')}
                skipOnEnter={proxy.idType === 'resident_id'}
              />
            </Col>
            <Col span={8}>
              <TextField path="proxy.idNumber" label={t.fields.idNumber} kind="id" required placeholder={t.placeholders.idNumber} />
            </Col>
            <Col span={8}>
              <TextField path="proxy.mobile" label={t.fields.mobile} kind="mobile" inputMode="tel" required placeholder={t.placeholders.mobile} />
            </Col>
          </Row>
        </Card>
      )}
    </>
  );
}

function otherParent(guardians: readonly { relation?: GuardianRelation }[]): GuardianRelation | undefined {
  const has = (r: GuardianRelation) => guardians.some((g) => g.relation === r);
  if (has('father') && !has('mother')) return 'mother';
  if (has('mother') && !has('father')) return 'father';
  return undefined;
}

function GuardianCard({ index, removable, onRemove }: { index: number; removable: boolean; onRemove: () => void }) {
  const at = (field: string) => `guardians.${index}.${field}`;
  const relation = useValue<GuardianRelation>(at('relation'));
  const idType = useValue<string>(at('idType'));
  return (
    <Card
      size="small"
      title={format(t.hints.guardianIndex, { n: index + 1 })}
      style={{ marginBottom: 12 }}
      data-testid={`intake-guardian-${index}`}
      extra={
        removable ? (
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={`intake-remove-guardian-${index}`}>
            {t.hints.removeGuardian}
          </Button>
        ) : undefined
      }
    >
      <Row gutter={16}>
        <Col span={8}>
          <SelectField path={at('relation')} label={t.fields.relation} required options={relationChoices} />
        </Col>
        {relation === 'other_guardian' && (
          <Col span={8}>
            <TextField path={at('relationNote')} label={t.fields.relationNote} required />
          </Col>
        )}
        <Col span={8}>
          <TextField path={at('name')} label={t.fields.guardianName} kind="name" required placeholder={t.placeholders.name} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <SelectField
            path={at('idType')}
            label={t.fields.idType}
            required
            options={idTypeChoices.filter((c) => c.value !== 'birth_certificate')}
            skipOnEnter={idType === 'resident_id'}
          />
        </Col>
        <Col span={8}>
          <TextField path={at('idNumber')} label={t.fields.idNumber} kind="id" required placeholder={t.placeholders.idNumber} />
        </Col>
        <Col span={8}>
          <TextField path={at('mobile')} label={t.fields.mobile} kind="mobile" inputMode="tel" placeholder={t.placeholders.mobile} />
        </Col>
      </Row>
    </Card>
  );
}

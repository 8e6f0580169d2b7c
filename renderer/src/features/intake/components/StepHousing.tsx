import type { KeyboardEvent } from 'react';
import { Alert, Button, Col, Row } from 'antd';
import type { ApplicationDraft, HousingKind, HousingOwner } from '../../../../../shared/contract';

type Guardian = NonNullable<ApplicationDraft['guardians']>[number];
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { isOwnedKind, onlyChildParent } from '../model';
import { derivationOf } from '../derived';
import { useIntakeStore } from '../store';
import { answerThenAdvance } from '../focus';
import { housingKindChoices, ownerChoices, yesNoChoices } from './choices';
import { CheckField, RadioField, SelectField, TextField, usePlan, useValue } from './fields';

const t = zhCN.intake;

/** ③ 户籍与住房, with the plan's verdict on each (cut-off dates, whose property counts) shown live. */
export function StepHousing() {
  const plan = usePlan();
  const inCounty = useValue<boolean>('hukou.inCounty');
  const kind = useValue<HousingKind>('housing.kind');
  const derivation = useIntakeStore((s) => derivationOf(s.data, plan));
  const owned = isOwnedKind(kind);
  const owner = useValue<HousingOwner>('housing.owner');
  const ownerName = useValue<string>('housing.ownerName');
  const guardians = useIntakeStore((s) => s.data.guardians);

  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <RadioField<boolean> path="hukou.inCounty" label={t.fields.hukouInCounty} required options={yesNoChoices} likely />
        </Col>
        {inCounty !== undefined && (
          <Col span={inCounty ? 10 : 16}>
            <TextField path="hukou.address" label={t.fields.hukouAddress} />
          </Col>
        )}
        {inCounty === true && (
          <Col span={6}>
            <TextField
              path="hukou.moveInDate"
              label={t.fields.moveInDate}
              kind="date"
              required
              placeholder={t.placeholders.date}
              hint={format(t.hints.cutoff, { date: plan.dateCutoffs.hukouMoveIn })}
            />
          </Col>
        )}
      </Row>
      {inCounty !== undefined && (
        <Alert type={derivation.hukouCounts ? 'success' : 'info'} showIcon title={derivation.hukouReason} style={{ marginBottom: 16 }} data-testid="intake-hukou-verdict" />
      )}

      <Row gutter={16}>
        <Col span={8}>
          <SelectField<HousingKind> path="housing.kind" label={t.fields.housingKind} required options={housingKindChoices} />
        </Col>
        {kind !== undefined && kind !== 'none' && (
          <Col span={16}>
            <TextField path="housing.certificateNumber" label={t.fields.certificateNumber} />
          </Col>
        )}
      </Row>
      {owned && (
        <Row gutter={16}>
          <Col span={8}>
            <SelectField<HousingOwner> path="housing.owner" label={t.fields.owner} required options={ownerChoices} onPick={pickOwner} />
          </Col>
          <Col span={8}>
            <TextField path="housing.ownerName" label={t.fields.ownerName} kind="name" skipOnEnter={ownerName !== undefined && ownerName === ownerNamesOf(owner, guardians)} />
          </Col>
          <Col span={8}>
            <TextField
              path="housing.registrationDate"
              label={t.fields.registrationDate}
              kind="date"
              required
              placeholder={t.placeholders.date}
              hint={format(t.hints.cutoff, { date: plan.dateCutoffs.propertyRegistration })}
            />
          </Col>
        </Row>
      )}
      {kind !== undefined && kind !== 'none' && <HousingAddress />}
      <OnlyChildFlag />
      {kind !== undefined && (
        <Alert type={derivation.propertyCounts ? 'success' : 'info'} showIcon title={derivation.propertyReason} data-testid="intake-property-verdict" />
      )}
    </>
  );
}

/**
 * The registered owners' names when the home is a parent's or both parents': the names typed at ② already
 * (father's first). Nothing for other owners. An owner name this fills is passed over by Enter.
 */
function ownerNamesOf(owner: HousingOwner | undefined, guardians: readonly Guardian[] | undefined): string | undefined {
  const nameOf = (r: 'father' | 'mother') => guardians?.find((g) => g.relation === r)?.name;
  const names = owner === 'father' || owner === 'mother' ? [nameOf(owner)] : owner === 'parents' ? [nameOf('father'), nameOf('mother')] : [];
  return names.length > 0 && names.every((n) => n !== undefined && n !== '') ? names.join('、') : undefined;
}

function pickOwner(owner: HousingOwner | undefined): void {
  const { data, update } = useIntakeStore.getState();
  const names = ownerNamesOf(owner, data.guardians);
  const fill = names !== undefined && (data.housing?.ownerName ?? '') === '';
  update((d) => ({ ...d, housing: { ...d.housing, owner, ...(fill ? { ownerName: names } : {}) } }), ['housing.owner', ...(fill ? ['housing.ownerName'] : [])]);
}

/** 住房地址, which Ctrl+D (or the button) takes from the 户籍地址 when the family lives where it is registered. */
function HousingAddress() {
  const hukouAddress = useValue<string>('hukou.address');
  const copy = () => {
    if (!hukouAddress) return;
    const { setField, touch } = useIntakeStore.getState();
    setField('housing.address', hukouAddress);
    touch('housing.address');
  };
  // The copied address is the answer: Ctrl+D also moves on, as Enter would (Shift+Tab comes back to amend it).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'd' || !hukouAddress) return;
    e.preventDefault();
    answerThenAdvance(e.target as Element, copy);
  };
  return (
    <div onKeyDown={onKeyDown}>
      <TextField
        path="housing.address"
        label={t.fields.housingAddress}
        hint={
          hukouAddress ? (
            <Button size="small" type="link" style={{ padding: 0 }} onClick={copy} data-testid="intake-copy-hukou-address" tabIndex={-1}>
              {t.hints.sameAsHukou}
            </Button>
          ) : undefined
        }
      />
    </div>
  );
}

/** Asked only where the plan's rule needs it: the home belongs to a grandparent. */
function OnlyChildFlag() {
  const plan = usePlan();
  const parent = useIntakeStore((s) => onlyChildParent(s.data, plan));
  const index = useIntakeStore((s) => (parent === null ? -1 : (s.data.guardians ?? []).findIndex((g) => g.relation === parent)));
  const owner = useValue<HousingOwner>('housing.owner');
  if (parent === null || owner === undefined) return null;
  const parentLabel = t.options.relation[parent];
  const hint = format(t.hints.ownerNeedsFlag, { parent: parentLabel, owner: t.options.owner[owner] });
  if (index < 0) return <Alert type="warning" showIcon title={format(t.hints.noParent, { parent: parentLabel })} description={hint} style={{ marginBottom: 12 }} />;
  return <CheckField path={`guardians.${index}.onlyChild`} label={format(t.fields.onlyChild, { parent: parentLabel })} hint={hint} />;
}

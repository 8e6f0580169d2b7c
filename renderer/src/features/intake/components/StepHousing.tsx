import { Alert, Col, Row } from 'antd';
import type { HousingKind, HousingOwner } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { isOwnedKind, onlyChildParent } from '../model';
import { derivationOf, useIntakeStore } from '../store';
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

  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <RadioField<boolean> path="hukou.inCounty" label={t.fields.hukouInCounty} required options={yesNoChoices} />
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
            <SelectField<HousingOwner> path="housing.owner" label={t.fields.owner} required options={ownerChoices} />
          </Col>
          <Col span={8}>
            <TextField path="housing.ownerName" label={t.fields.ownerName} kind="name" />
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
      {kind !== undefined && kind !== 'none' && <TextField path="housing.address" label={t.fields.housingAddress} />}
      <OnlyChildFlag />
      {kind !== undefined && (
        <Alert type={derivation.propertyCounts ? 'success' : 'info'} showIcon title={derivation.propertyReason} data-testid="intake-property-verdict" />
      )}
    </>
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

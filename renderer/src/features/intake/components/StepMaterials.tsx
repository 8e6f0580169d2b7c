import type { KeyboardEvent } from 'react';
import { Alert, Flex, Radio, Tag, Typography } from 'antd';
import { materialStateSchema, type MaterialState } from '../../../../../shared/contract';
import { missingRequiredMaterials } from '../../../../../shared/domain/applicationRules';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import type { MaterialItem } from '../../../../../shared/plan/schema';
import { answerThenAdvance } from '../focus';
import { checklistOf, effectiveDraft } from '../model';
import { derivationOf } from '../derived';
import { useIntakeStore } from '../store';
import { useFieldError, usePlan } from './fields';
import { ScannedTag, useScannedPages } from '../../documents/components/ScannedTag';

const t = zhCN.intake;
/** What the clerk marks by hand; 部门数据已核验 comes only from the county's answer (零证明, deptVerified.ts). */
const STATES = materialStateSchema.options.filter((s) => s !== 'dept_verified');

function mark(itemId: string, state: MaterialState) {
  useIntakeStore.getState().update(
    (d) => {
      const marks = d.materials ?? [];
      const exists = marks.some((m) => m.itemId === itemId);
      return { ...d, materials: exists ? marks.map((m) => (m.itemId === itemId ? { itemId, state } : m)) : [...marks, { itemId, state }] };
    },
    ['materials'],
  );
}

/** ⑦ 材料: the plan's list for the chosen type, each with why it is needed, marked 1/2/3. */
export function StepMaterials() {
  const plan = usePlan();
  const data = useIntakeStore((s) => s.data);
  const derivation = derivationOf(data, plan);
  const items = checklistOf(data, plan, derivation.type);
  const missing = missingRequiredMaterials(effectiveDraft(data, plan, derivation), plan);
  const error = useFieldError('materials');
  const draftId = useIntakeStore((s) => s.id);
  useScannedPages(draftId);
  const groupSizes = new Map<string, number>();
  for (const item of items) if (item.anyOf) groupSizes.set(item.anyOf, (groupSizes.get(item.anyOf) ?? 0) + 1);

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t.hints.materialsIntro}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="error-materials" />}
      <div role="list">
        {items.map((item) => (
          <MaterialRow
            key={item.id}
            item={item}
            state={data.materials?.find((m) => m.itemId === item.id)?.state}
            alternatives={item.anyOf ? (groupSizes.get(item.anyOf) ?? 1) : 1}
            otherwiseMet={item.anyOf !== undefined && items.some((o) => o.anyOf === item.anyOf && o.id !== item.id && received(data.materials?.find((m) => m.itemId === o.id)?.state))}
            draftId={draftId}
          />
        ))}
      </div>
      <Alert
        type={missing.length > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginTop: 12 }}
        data-testid="intake-missing-materials"
        title={missing.length > 0 ? t.hints.missingTitle : t.hints.missingNone}
        description={missing.length > 0 ? <MissingList items={missing} /> : undefined}
      />
    </>
  );
}

export function MissingList({ items }: { items: readonly MaterialItem[] }) {
  // Alternatives (anyOf) are one requirement: "A 或 B".
  const lines: string[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const at = item.anyOf === undefined ? undefined : seen.get(item.anyOf);
    if (at !== undefined) lines[at] = `${lines[at] ?? ''}${t.hints.or}${item.name}`;
    else {
      if (item.anyOf !== undefined) seen.set(item.anyOf, lines.length);
      lines.push(item.name);
    }
  }
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

const received = (state: MaterialState | undefined) => state !== undefined && state !== 'missing';

function MaterialRow({
  item,
  state,
  alternatives,
  otherwiseMet,
  draftId,
}: {
  item: MaterialItem;
  state: MaterialState | undefined;
  alternatives: number;
  /** Another paper of its "one of these" group was received: Enter passes over this row. */
  otherwiseMet: boolean;
  draftId: string | null;
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const index = ['1', '2', '3'].indexOf(e.key);
    const next = STATES[index];
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    // Marked: on to the next item, as a clerk goes down the pile of papers; after the last, to 核对提交.
    answerThenAdvance(e.currentTarget, () => mark(item.id, next));
  };
  return (
    <div
      role="listitem"
      data-field={`materials.${item.id}`}
      data-testid={`material-${item.id}`}
      data-state={state ?? ''}
      data-answered={state ? 'true' : undefined}
      data-enter-skip={otherwiseMet && state === undefined ? 'true' : undefined}
      onKeyDown={onKeyDown}
      style={{ display: 'flex', gap: 16, alignItems: 'flex-start', padding: '10px 0', borderBottom: '1px solid #eef0f3' }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <Flex gap={6} align="center" wrap>
          <Typography.Text strong>{item.name}</Typography.Text>
          <Tag color={item.required ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
            {item.required ? t.hints.required : t.hints.optional}
          </Tag>
          {alternatives > 1 && <Tag style={{ marginInlineEnd: 0 }}>{t.hints.anyOf}</Tag>}
          {item.perGuardian && <Tag style={{ marginInlineEnd: 0 }}>{t.hints.perGuardian}</Tag>}
          {state === 'dept_verified' && (
            <Tag color="cyan" style={{ marginInlineEnd: 0 }} data-testid={`dept-verified-${item.id}`}>
              {t.options.materialState.dept_verified}
            </Tag>
          )}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
          {item.reason}
        </Typography.Text>
        {state === 'dept_verified' && (
          <Typography.Text type="success" style={{ display: 'block', fontSize: '0.75rem' }}>
            {t.hints.deptVerified}
          </Typography.Text>
        )}
      </div>
      <Radio.Group
        name={`material-${item.id}`}
        optionType="button"
        buttonStyle="solid"
        size="small"
        value={state === 'dept_verified' ? undefined : state}
        onChange={(e) => mark(item.id, e.target.value as MaterialState)}
        style={{ flex: 'none' }}
        options={STATES.map((s, i) => ({ value: s, label: `${i + 1} ${t.options.materialState[s]}` }))}
      />
      {draftId && <ScannedTag applicationId={draftId} materialKey={item.id} from={`/intake/${draftId}`} />}
    </div>
  );
}

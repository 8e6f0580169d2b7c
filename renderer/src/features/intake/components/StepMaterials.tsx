import type { KeyboardEvent } from 'react';
import { Alert, Flex, Radio, Tag, Typography } from 'antd';
import { materialStateSchema, type MaterialState } from '../../../../../shared/contract';
import { missingRequiredMaterials } from '../../../../../shared/domain/applicationRules';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import type { MaterialItem } from '../../../../../shared/plan/schema';
import { focusNextField } from '../focus';
import { checklistOf, effectiveDraft } from '../model';
import { derivationOf, useIntakeStore } from '../store';
import { useFieldError, usePlan } from './fields';
import { ScannedTag, useScannedPages } from '../../documents/components/ScannedTag';

const t = zhCN.intake;
const STATES = materialStateSchema.options;

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

function MaterialRow({ item, state, alternatives, draftId }: { item: MaterialItem; state: MaterialState | undefined; alternatives: number; draftId: string | null }) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const index = ['1', '2', '3'].indexOf(e.key);
    const next = STATES[index];
    if (next === undefined) return;
    e.preventDefault();
    mark(item.id, next);
    // Marked: on to the next item, as a clerk goes down the pile of papers.
    const container = e.currentTarget.closest('[data-intake-step]');
    if (container && !focusNextField(container, e.currentTarget)) document.querySelector<HTMLElement>('[data-testid="intake-next"]')?.focus();
  };
  return (
    <div
      role="listitem"
      data-field={`materials.${item.id}`}
      data-testid={`material-${item.id}`}
      data-state={state ?? ''}
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
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.reason}
        </Typography.Text>
      </div>
      <Radio.Group
        name={`material-${item.id}`}
        optionType="button"
        buttonStyle="solid"
        size="small"
        value={state}
        onChange={(e) => mark(item.id, e.target.value as MaterialState)}
        style={{ flex: 'none' }}
        options={STATES.map((s, i) => ({ value: s, label: `${i + 1} ${t.options.materialState[s]}` }))}
      />
      {draftId && <ScannedTag applicationId={draftId} materialKey={item.id} from={`/intake/${draftId}`} />}
    </div>
  );
}

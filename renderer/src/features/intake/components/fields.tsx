import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Radio } from 'antd';
import { normaliseName, separatorSuggestion } from '../../../../../shared/domain/names';
import { validateId } from '../../../../../shared/domain/idNumber';
import { validateMobile } from '../../../../../shared/domain/phone';
import type { IdType } from '../../../../../shared/contract';
import type { CountyPlan } from '../../../../../shared/plan/schema';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { getAt, issuesByPath, normaliseDateInput, type Path } from '../model';
import { issuesOf, today } from '../derived';
import { usePlansStore } from '../../plans/store';
import { useIntakeStore } from '../store';
import { answerThenAdvance } from '../focus';
import { OptionList } from './OptionList';

// Answers bound to the intake store by dotted path. Each sits in `[data-field=path]` (Enter and
// jump-to-field use it), its control has id and data-testid `f-<path>`, and its message comes
// from the same shared rules the core applies, shown once the field was left or the clerk
// reached the review step; the core's own VALIDATION_FAILED issues show at once.

export const fieldId = (path: Path) => `f-${path}`;

const issueMaps = new WeakMap<object, Map<string, string>>();

export function usePlan(): CountyPlan {
  const plan = usePlansStore((s) => s.active?.plan);
  if (!plan) throw new Error('intake form rendered without a plan');
  return plan;
}

export function useValue<T = unknown>(path: Path): T | undefined {
  return useIntakeStore((s) => getAt(s.data, path)) as T | undefined;
}

export function useFieldError(path: Path): string | null {
  const plan = usePlansStore((s) => s.active?.plan);
  return useIntakeStore((s) => {
    const server = s.serverIssues.find((i) => i.path === path);
    if (server) return server.message;
    if (!plan || !(s.showAll || s.touched[path])) return null;
    const issues = issuesOf(s.data, plan);
    let map = issueMaps.get(issues);
    if (!map) {
      map = issuesByPath(issues);
      issueMaps.set(issues, map);
    }
    return map.get(path) ?? null;
  });
}

const set = (path: Path, value: unknown) => useIntakeStore.getState().setField(path, value);
const touch = (path: Path) => useIntakeStore.getState().touch(path);

interface FieldProps {
  path: Path;
  label: ReactNode;
  hint?: ReactNode;
  /** A message from outside the form rules (e.g. the edit reason). */
  error?: string | null;
  required?: boolean;
  style?: CSSProperties;
  /** When the control's id is not `f-<path>` (the zone search answers `school.zoneEntryId`). */
  controlId?: string;
  /** A preset the clerk rarely changes: Enter passes over it, Tab still reaches it (focus.ts). */
  skipOnEnter?: boolean;
  /** A yes/no box is answered either way: a step never opens on it. */
  alwaysAnswered?: boolean;
  children: ReactNode;
}

/** Label, control, and the Chinese message under it. */
export function Field({ path, label, hint, error, required, style, controlId, skipOnEnter, alwaysAnswered, children }: FieldProps) {
  const ruleError = useFieldError(path);
  const message = error ?? ruleError;
  const answered = useIntakeStore((s) => {
    if (alwaysAnswered) return true;
    const v = getAt(s.data, path);
    return v !== undefined && v !== null && v !== '';
  });
  return (
    <div data-field={path} data-answered={answered ? 'true' : undefined} data-enter-skip={skipOnEnter ? 'true' : undefined} style={style}>
      <Form.Item
        label={label}
        htmlFor={controlId ?? fieldId(path)}
        required={required}
        validateStatus={message ? 'error' : undefined}
        help={message ? <span data-testid={`error-${path}`}>{message}</span> : undefined}
        extra={hint}
        style={{ marginBottom: 14 }}
      >
        {children}
      </Form.Item>
    </div>
  );
}

type TextKind = 'text' | 'name' | 'id' | 'mobile' | 'date';

interface TextFieldProps extends Omit<FieldProps, 'children'> {
  kind?: TextKind;
  placeholder?: string;
  disabled?: boolean;
  inputMode?: 'text' | 'numeric' | 'tel';
}

function tidy(kind: TextKind, path: Path, raw: string): string {
  switch (kind) {
    case 'name':
      // Look-alike dots become '·'; no other character of a name is ever changed.
      return normaliseName(raw);
    case 'id': {
      const idType = useIntakeStore.getState().data;
      const type = getAt(idType, path.replace(/idNumber$/, 'idType')) as IdType | undefined;
      if (!type) return raw;
      const r = validateId(type, raw, today());
      return r.ok ? r.value : raw;
    }
    case 'mobile': {
      const r = validateMobile(raw);
      return r.ok ? r.value : raw;
    }
    case 'date':
      return normaliseDateInput(raw);
    case 'text':
      return raw;
  }
}

/**
 * A space or hyphen between two Han characters is never dropped: the name field offers the dot, the clerk
 * decides (one click or Space on the button), and the name rule refuses the name until then.
 */
function NameSeparatorOffer({ path, value }: { path: Path; value: string }) {
  const dotted = separatorSuggestion(value);
  if (dotted === null) return null;
  const t = zhCN.intake.hints;
  return (
    <div data-testid={`name-separator-${path}`} role="status">
      {t.nameSeparator}{' '}
      <Button
        size="small"
        data-testid={`name-separator-use-${path}`}
        onClick={() => {
          set(path, dotted);
          touch(path);
        }}
      >
        {format(t.nameSeparatorUse, { name: dotted })}
      </Button>
    </div>
  );
}

export function TextField({ path, kind = 'text', placeholder, disabled, inputMode, ...field }: TextFieldProps) {
  const value = useValue<string | number>(path);
  const offer = kind === 'name' && typeof value === 'string' ? <NameSeparatorOffer path={path} value={value} /> : null;
  if (offer) field = { ...field, hint: <>{offer}{field.hint}</> };
  return (
    <Field path={path} {...field}>
      <Input
        id={fieldId(path)}
        data-testid={fieldId(path)}
        value={value === undefined ? '' : String(value)}
        placeholder={placeholder}
        disabled={disabled}
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          set(path, e.target.value);
          // An ID number is checked as soon as it has all its characters, not only on leaving.
          if (kind === 'id' && e.target.value.replace(/\s/g, '').length >= 18) touch(path);
        }}
        onBlur={(e) => {
          const raw = e.target.value;
          const next = tidy(kind, path, raw);
          if (next !== raw) set(path, next);
          if (raw !== '') touch(path);
        }}
      />
    </Field>
  );
}

export function TextAreaField({
  path,
  placeholder,
  maxLength,
  value: external,
  onChange,
  ...field
}: Omit<FieldProps, 'children'> & { placeholder?: string; maxLength: number; value?: string; onChange?: (v: string) => void }) {
  const stored = useValue<string>(path);
  const value = external ?? stored ?? '';
  return (
    <Field path={path} {...field}>
      <Input.TextArea
        id={fieldId(path)}
        data-testid={fieldId(path)}
        value={value}
        placeholder={placeholder}
        autoSize={{ minRows: 2, maxRows: 5 }}
        showCount={{ formatter: ({ count }) => `${count} / ${maxLength}` }}
        onChange={(e) => (onChange ? onChange(e.target.value) : set(path, e.target.value))}
        onBlur={() => touch(path)}
      />
    </Field>
  );
}

export interface Choice<V extends string | boolean = string> {
  value: V;
  label: ReactNode;
  /** Text typed to find it in a searchable select. */
  search?: string;
}

/**
 * antd puts `data-testid` on the select's outer box; tests (and screen readers' "focus the
 * field") need it on the text input the clerk types into.
 */
export function useInputTestId(testId: string) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('input')?.setAttribute('data-testid', testId);
  });
  return ref;
}

interface SelectFieldProps<V extends string> extends Omit<FieldProps, 'children'> {
  options: readonly Choice<V>[];
  placeholder?: string;
  onPick?: (value: V | undefined) => void;
  value?: V;
}

/**
 * A type-to-find option list: typing filters (label, pinyin initials `fq`, full pinyin `fuqin`), arrows
 * move, one Enter picks and moves on (Enter with nothing typed keeps the answer and moves on).
 */
export function SelectField<V extends string>({ path, options, placeholder, onPick, value: external, ...field }: SelectFieldProps<V>) {
  const stored = useValue<V>(path);
  const value = external ?? stored;
  return (
    <Field path={path} {...field}>
      <OptionList<V>
        id={fieldId(path)}
        value={value}
        placeholder={placeholder ?? zhCN.intake.placeholders.select}
        options={options.map((o) => ({ value: o.value, label: typeof o.label === 'string' ? o.label : String(o.value), search: o.search }))}
        onPick={(v) => (onPick ? onPick(v) : set(path, v))}
        onBlur={() => touch(path)}
      />
    </Field>
  );
}

interface RadioFieldProps<V extends string | boolean> extends Omit<FieldProps, 'children'> {
  options: readonly Choice<V>[];
  disabled?: boolean;
  vertical?: boolean;
  buttons?: boolean;
  onPick?: (value: V) => void;
  value?: V;
}

/** The option a key answers: 1…9 by position; Y/N for 是/否. */
function optionOfKey<V extends string | boolean>(options: readonly Choice<V>[], key: string): Choice<V> | undefined {
  if (/^[1-9]$/.test(key)) return options[Number(key) - 1];
  const yesNo = options.length === 2 && options.every((o) => typeof o.value === 'boolean');
  if (yesNo && /^[yYnN]$/.test(key)) return options.find((o) => o.value === /^[yY]$/.test(key));
  return undefined;
}

/**
 * Radios share a name, so arrow keys move between them natively; Enter chooses the focused one and moves on
 * (Wizard), a digit chooses by position and Y/N answer 是/否, then the cursor moves on. With nothing chosen
 * the cursor starts on `likely`, the likelier answer.
 */
export function RadioField<V extends string | boolean>({
  path,
  options,
  disabled,
  vertical,
  buttons,
  onPick,
  value: external,
  likely,
  ...field
}: RadioFieldProps<V> & { likely?: V }) {
  const stored = useValue<V>(path);
  const value = external ?? stored;
  const choose = (v: V) => (onPick ? onPick(v) : set(path, v));
  const yesNo = options.length === 2 && options.every((o) => typeof o.value === 'boolean');
  if (yesNo && !disabled) field = { ...field, hint: <>{field.hint}<span data-testid={`keys-${path}`}>{zhCN.intake.hints.yesNoKeys}</span></> };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (disabled || e.ctrlKey || e.altKey || e.metaKey) return;
    const option = optionOfKey(options, e.key);
    if (!option) return;
    e.preventDefault();
    e.stopPropagation();
    answerThenAdvance(e.target as Element, () => choose(option.value));
  };
  return (
    <Field path={path} {...field}>
      <div onKeyDown={onKeyDown} data-enter-picks="true">
        <Radio.Group
          data-likely={likely === undefined ? undefined : String(options.findIndex((o) => o.value === likely))}
          name={fieldId(path)}
          data-testid={fieldId(path)}
          value={value}
          disabled={disabled}
          optionType={buttons ? 'button' : 'default'}
          onChange={(e) => {
            const v = e.target.value as V;
            if (onPick) onPick(v);
            else set(path, v);
          }}
          style={vertical ? { display: 'flex', flexDirection: 'column', gap: 8 } : undefined}
        >
          {options.map((o) => (
            <Radio key={String(o.value)} value={o.value}>
              {o.label}
            </Radio>
          ))}
        </Radio.Group>
      </div>
    </Field>
  );
}

export function CheckField({
  path,
  label,
  checked,
  onToggle,
  hint,
  style,
}: {
  path: Path;
  label: ReactNode;
  checked?: boolean;
  onToggle?: (checked: boolean) => void;
  hint?: ReactNode;
  style?: CSSProperties;
}) {
  const stored = useValue<boolean>(path);
  const value = checked ?? stored === true;
  return (
    <Field path={path} label={null} hint={hint} style={style} alwaysAnswered>
      <Checkbox
        id={fieldId(path)}
        data-testid={fieldId(path)}
        checked={value}
        onChange={(e) => (onToggle ? onToggle(e.target.checked) : set(path, e.target.checked))}
      >
        {label}
      </Checkbox>
    </Field>
  );
}

export function NumberField({ path, placeholder, ...field }: Omit<FieldProps, 'children'> & { placeholder?: string }) {
  const value = useValue<number>(path);
  return (
    <Field path={path} {...field}>
      <InputNumber<number>
        id={fieldId(path)}
        data-testid={fieldId(path)}
        value={typeof value === 'number' ? value : null}
        min={0}
        max={600}
        precision={0}
        placeholder={placeholder}
        style={{ width: '100%' }}
        onChange={(v) => set(path, typeof v === 'number' ? v : undefined)}
        onBlur={() => touch(path)}
      />
    </Field>
  );
}

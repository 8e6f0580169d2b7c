import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Card, Flex, Form, Popover, Steps, Tag, Typography } from 'antd';
import { LeftOutlined, QuestionCircleOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import { approverName } from '../../../../../shared/contract/application';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { isLocked, useSessionStore } from '../../session/store';
import { advanceFrom, answerThenAdvance, focusFieldByPath, focusFirstField } from '../focus';
import { releaseKeys } from '../../../lib/typeAhead';
import { REVIEW_STEP, STEP_COUNT, stepOfPath } from '../model';
import { today } from '../derived';
import { registrationWindowState } from '../../../../../shared/domain/registrationWindow';
import { usePlansStore } from '../../plans/store';
import { useIntakeStore } from '../store';
import { AgeOverrideModal } from './AgeOverrideModal';
import { CardReading } from './CardReading';
import { ChildDuplicate } from './ChildDuplicate';
import { PageSuggestions } from './PageSuggestions';
import { SaveIndicator } from './SaveIndicator';
import { StepChild } from './StepChild';
import { StepGuardians } from './StepGuardians';
import { StepHousing } from './StepHousing';
import { StepMaterials } from './StepMaterials';
import { StepReview, useOpenIssues } from './StepReview';
import { StepSchool } from './StepSchool';
import { StepSpecial } from './StepSpecial';
import { StepType } from './StepType';
import { SummaryPanel } from './SummaryPanel';
import { PageTitle, SectionTitle } from '../../../lib/PageTitle';

const t = zhCN.intake;
const STEPS = [StepChild, StepGuardians, StepHousing, StepSpecial, StepSchool, StepType, StepMaterials, StepReview];

/** Leaving a field by shortcut still runs its blur (name dots, ID tidy-up) before the step changes. */
function blurActive(): void {
  const el = document.activeElement;
  if (el instanceof HTMLElement) el.blur();
}

function inDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.ant-modal, [role="dialog"]') !== null;
}

/** The wizard: steps across the top, the answers on the left, the live summary on the right. */
export function Wizard() {
  const step = useIntakeStore((s) => s.step);
  const focus = useIntakeStore((s) => s.focus);
  const editing = useIntakeStore((s) => s.editing);
  const recordPlanKey = useIntakeStore((s) => s.recordPlanKey);
  const planInfo = usePlansStore((s) => s.active?.info);
  const showAll = useIntakeStore((s) => s.showAll);
  const issues = useOpenIssues();
  const stepRef = useRef<HTMLDivElement>(null);

  // Shortcuts for the whole page while the wizard is up (not under the lock, not inside a dialog).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (isLocked(useSessionStore.getState()) || inDialog(e.target)) return;
      const store = useIntakeStore.getState();
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        e.preventDefault();
        e.stopPropagation();
        blurActive();
        if (e.key === 'ArrowRight') store.next();
        else store.prev();
      } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        blurActive();
        void store.saveNow();
      } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && store.step === REVIEW_STEP) {
        e.preventDefault();
        blurActive();
        void store.submitApplication(false);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // On entering a step the cursor is in its first field; a jump from the review list goes to the field.
  useEffect(() => {
    if (!focus) return undefined;
    const frame = requestAnimationFrame(() => {
      const container = stepRef.current;
      if (!container) return;
      if (focus.path === '' || !focusFieldByPath(container, focus.path)) focusFirstField(container);
      // What was typed while the step appeared goes into the field that now has the cursor.
      releaseKeys();
    });
    return () => cancelAnimationFrame(frame);
  }, [focus]);

  // Enter goes to the next field (on the last one, to the next step), never submits. Enter on an answer's
  // radio chooses it first (a material row's radios are marked by 1/2/3; Enter passes the row). Left alone: an open list and the option lists (they pick and move on themselves),
  // text areas (new line), buttons and links (Enter presses them), IME composition.
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return;
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    const target = e.target as HTMLElement;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'BUTTON' || target.tagName === 'A') return;
    if (target.getAttribute('aria-expanded') === 'true' || target.dataset.ownEnter === 'true') return;
    if (!target.closest('[data-field]')) return;
    e.preventDefault();
    e.stopPropagation();
    const picks = target instanceof HTMLInputElement && target.type === 'radio' && !target.checked && target.closest('[data-enter-picks]') !== null;
    if (picks) answerThenAdvance(target, () => target.click());
    else advanceFrom(target);
  };

  const counts = new Array<number>(STEP_COUNT).fill(0);
  for (const issue of issues) counts[stepOfPath(issue.path)] = (counts[stepOfPath(issue.path)] ?? 0) + 1;
  const Step = STEPS[step] ?? StepChild;
  const store = useIntakeStore.getState();

  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={12} wrap>
        <PageTitle>{t.title}</PageTitle>
        {planInfo && (
          <Typography.Text type="secondary">
            {format(t.plan.line, { county: planInfo.countyName, year: planInfo.year, version: planInfo.version })}
          </Typography.Text>
        )}
        {planInfo?.sample && <Tag color="orange">{t.plan.sample}</Tag>}
        <div style={{ flex: 1 }} />
        <SaveIndicator />
        <ShortcutHelp />
      </Flex>
      {editing && <Alert type="warning" showIcon title={format(t.open.editBanner, { receiptNo: editing.receiptNo ?? '' })} data-testid="intake-edit-banner" />}
      {recordPlanKey && <Alert type="info" showIcon title={format(t.plan.oldPlan, { old: recordPlanKey })} />}
      <WindowWarning />
      {/* Titles under the step numbers: at 150 % scaling or a larger text size they wrap into two lines
          instead of one character per line beside the numbers. */}
      <Steps
        size="small"
        titlePlacement="vertical"
        current={step}
        onChange={(n) => {
          blurActive();
          useIntakeStore.getState().goTo(n);
        }}
        items={t.steps.map((title, i) => ({
          title,
          status: i === step ? 'process' : showAll && (counts[i] ?? 0) > 0 ? 'error' : i < step ? 'finish' : 'wait',
        }))}
        style={{ background: '#fff', padding: '12px 16px', borderRadius: 8 }}
        data-testid="intake-steps"
      />
      {/* Side by side while the answers keep 26rem; below that the summary moves under them. */}
      <Flex gap={16} align="flex-start" wrap>
        <Card style={{ flex: '1 1 26rem', minWidth: 0 }} styles={{ body: { padding: '16px 20px' } }}>
          <Flex justify="space-between" align="baseline" style={{ marginBottom: 12 }}>
            <SectionTitle style={{ margin: 0 }}>{t.steps[step]}</SectionTitle>
            <Typography.Text type="secondary">{format(t.stepOf, { n: step + 1, total: STEP_COUNT })}</Typography.Text>
          </Flex>
          {step > 0 && step < REVIEW_STEP && <ChildDuplicate compact />}
          {step <= 1 && <CardReading step={step} />}
          <div ref={stepRef} key={step} data-testid={`intake-step-${step + 1}`} data-intake-step={step + 1} onKeyDownCapture={onKeyDownCapture}>
            <Form layout="vertical" component={false}>
              <Step />
            </Form>
          </div>
          <Flex justify="space-between" style={{ marginTop: 16, paddingTop: 12, borderTop: '1px solid #eef0f3' }}>
            <Button icon={<LeftOutlined />} disabled={step === 0} onClick={() => store.prev()} data-testid="intake-prev">
              {t.nav.prev}
            </Button>
            <Button icon={<SaveOutlined />} onClick={() => void store.saveNow()} disabled={editing !== null} tabIndex={-1} data-testid="intake-save-now">
              {t.nav.save}
            </Button>
            {step < REVIEW_STEP ? (
              <Button type="primary" onClick={() => store.next()} data-testid="intake-next">
                {t.nav.next}
                <RightOutlined />
              </Button>
            ) : (
              <span />
            )}
          </Flex>
        </Card>
        <div style={{ flex: '0 0 18.75rem', maxWidth: '100%', alignSelf: 'stretch' }}>
          {/* Above the summary, so what was read from the pages is in sight while the clerk types. */}
          <PageSuggestions />
          <SummaryPanel />
        </div>
      </Flex>
    </Flex>
  );
}

/**
 * Outside the plan's registration window (报名时间): said on every step, with the dates and the plan's rule (new
 * applications only). Under the approval rule the button opens the supervisor's approval (also opened by a submit the
 * core refused for want of one); once given, the approval is shown instead. The core decides at submit either way.
 */
function WindowWarning() {
  const plan = usePlansStore((s) => s.active?.plan);
  const editing = useIntakeStore((s) => s.editing !== null);
  const approval = useIntakeStore((s) => s.data.windowOverride ?? null);
  const asked = useIntakeStore((s) => s.submit.windowApproval);
  const [open, setOpen] = useState(false);
  if (!plan || editing) return null;
  const day = today();
  const state = registrationWindowState(plan, day);
  if (state.state === 'open') return null;
  if (approval && approval.day === day) {
    return <Alert type="info" showIcon title={format(t.window.approved, { reason: approval.reason, by: approverName(approval), day: approval.day })} data-testid="intake-window-approved" />;
  }
  const close = () => {
    setOpen(false);
    useIntakeStore.getState().closeWindowApproval();
  };
  return (
    <>
      <Alert
        type={state.policy === 'refuse' ? 'error' : 'warning'}
        showIcon
        title={state.message}
        data-testid="intake-window-warning"
        action={
          state.policy === 'approval' ? (
            <Button size="small" onClick={() => setOpen(true)} data-testid="intake-window-approve">
              {t.window.button}
            </Button>
          ) : undefined
        }
      />
      {(open || asked) && state.policy === 'approval' && <AgeOverrideModal kind="window" onClose={close} />}
    </>
  );
}

function ShortcutHelp() {
  const rows = t.shortcuts.list;
  return (
    <Popover
      trigger="click"
      title={t.shortcuts.title}
      content={
        <table style={{ borderSpacing: '8px 4px' }}>
          <tbody>
            {rows.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <Typography.Text keyboard>{keys}</Typography.Text>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem', cursor: 'pointer' }} data-testid="intake-shortcuts">
        <QuestionCircleOutlined /> <Typography.Text keyboard>Enter</Typography.Text>
        {rows[0]?.[1]} <Typography.Text keyboard>Alt+→</Typography.Text>
        {t.nav.next} <Typography.Text keyboard>Ctrl+S</Typography.Text>
        {t.nav.save}
      </Typography.Text>
    </Popover>
  );
}

import { useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Select, Space, Tabs, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { dayOf } from '../../../../../../shared/dayValue';
import type { ApplicationView } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { draftKey } from '../../../lib/drafts';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { dayFromToday, localMinute } from '../../../lib/format';
import { useDraft } from '../../../lib/useDraft';
import type { ConsoleError } from '../../../transport/client';
import { useSessionStore } from '../../session/store';
import { useReviewStore, type DecisionCall, type Templates } from '../store';

const t = consoleText.decision;

/** Dates stay YYYY-MM-DD strings in the form (and its draft); the picker sees dayjs. */
const dayProps = {
  getValueProps: (v: string | undefined) => ({ value: dayOf(v) }),
  normalize: (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined),
};

/** Sends a decision; the typed text stays (form and draft) when it fails, and goes when the server took it. */
function useSend(doneText: string, clear: () => void) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  const send = async (call: DecisionCall) => {
    setBusy(true);
    setError(null);
    const err = await useReviewStore.getState().decide(call);
    setBusy(false);
    if (err) return setError(err);
    clear();
    void message.success(doneText);
  };
  const alert = (
    <ErrorAlert
      error={error}
      testId="decision-error"
      action={
        error?.code === 'stale_revision' ? (
          <Button size="small" onClick={() => void useReviewStore.getState().reload()} data-testid="decision-reload">
            {t.reload}
          </Button>
        ) : undefined
      }
    />
  );
  return { busy, send, alert };
}

function useKey(view: ApplicationView, kind: string): string {
  const staffId = useSessionStore((s) => s.me?.staffId ?? 'anon');
  return draftKey(staffId, view.row.applicationId, kind);
}

function Restored({ restored }: { restored: boolean }) {
  return restored ? <Alert type="info" showIcon title={t.draftRestored} style={{ marginBottom: 12 }} data-testid="draft-restored" /> : null;
}

interface ApproveValues {
  note?: string;
}
function ApproveForm({ view }: { view: ApplicationView }) {
  const defaults = useMemo<ApproveValues>(() => ({}), []);
  const draft = useDraft(useKey(view, 'approve'), defaults);
  const { busy, send, alert } = useSend(t.done.approve, draft.clear);
  return (
    <Form<ApproveValues> layout="vertical" initialValues={draft.initial} onValuesChange={(_, all) => draft.save(all)} onFinish={(v) => void send({ kind: 'approve', input: v.note?.trim() ? { note: v.note.trim() } : {} })} disabled={busy}>
      <Restored restored={draft.restored} />
      <Typography.Paragraph type="secondary">{t.approveHint}</Typography.Paragraph>
      <Form.Item name="note" label={t.note}>
        <Input.TextArea rows={2} maxLength={500} showCount data-testid="approve-note" />
      </Form.Item>
      {alert}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="approve-submit">
        {t.approveSubmit}
      </Button>
    </Form>
  );
}

interface MaterialsValues {
  items: string[];
  deadline?: string;
  place?: string;
  note?: string;
}
function MaterialsForm({ view, templates }: { view: ApplicationView; templates: Templates | null }) {
  const defaults = useMemo<MaterialsValues>(
    () => ({
      // The required items the desk marked missing are the usual answer; the reviewer adds or removes.
      items: view.materials.filter((m) => m.required && (m.deskState === 'missing' || m.deskState === null) && m.pages === 0).map((m) => m.itemId),
      deadline: templates?.supplementDeadline ?? dayFromToday(7),
      place: templates?.supplementPlace ?? '',
    }),
    [view.materials, templates],
  );
  const draft = useDraft(useKey(view, 'materials'), defaults);
  const { busy, send, alert } = useSend(t.done.request_materials, draft.clear);
  return (
    <Form<MaterialsValues>
      layout="vertical"
      initialValues={draft.initial}
      onValuesChange={(_, all) => draft.save(all)}
      onFinish={(v) =>
        void send({ kind: 'request_materials', input: { items: v.items, deadline: v.deadline ?? '', place: (v.place ?? '').trim(), ...(v.note?.trim() ? { note: v.note.trim() } : {}) } })
      }
      disabled={busy}
    >
      <Restored restored={draft.restored} />
      <Typography.Paragraph type="secondary">{t.materialsHint}</Typography.Paragraph>
      <Form.Item name="items" label={t.materialsPick} rules={[{ required: true, type: 'array', min: 1, message: t.materialsPickRequired }]}>
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} data-testid="materials-pick">
          {view.materials.map((m) => (
            <Checkbox key={m.itemId} value={m.itemId} data-testid={`pick-${m.itemId}`}>
              <span data-testid="pick-name">{m.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                {m.reason}
              </Typography.Text>
            </Checkbox>
          ))}
        </Checkbox.Group>
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="deadline" label={t.deadline} rules={[{ required: true, message: t.deadlineRequired }]} {...dayProps}>
          <DatePicker data-testid="materials-deadline" />
        </Form.Item>
        <Form.Item name="place" label={t.place} rules={[{ required: true, whitespace: true, message: t.placeRequired }]} style={{ minWidth: 260 }}>
          <Input maxLength={200} data-testid="materials-place" />
        </Form.Item>
      </Space>
      <Form.Item name="note" label={t.note}>
        <Input.TextArea rows={2} maxLength={500} data-testid="materials-note" />
      </Form.Item>
      {alert}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="materials-submit">
        {t.materialsSubmit}
      </Button>
    </Form>
  );
}

interface RejectValues {
  reasonIds: string[];
  reasonText?: string;
  appealRoute?: string;
  appealDeadline?: string;
}
function RejectForm({ view, templates }: { view: ApplicationView; templates: Templates | null }) {
  const defaults = useMemo<RejectValues>(
    () => ({ reasonIds: [], appealRoute: templates?.appealRoute ?? '', appealDeadline: templates?.appealDeadline ?? dayFromToday(15) }),
    [templates],
  );
  const draft = useDraft(useKey(view, 'reject'), defaults);
  const { busy, send, alert } = useSend(t.done.reject, draft.clear);
  const [form] = Form.useForm<RejectValues>();
  return (
    <Form<RejectValues>
      form={form}
      layout="vertical"
      initialValues={draft.initial}
      onValuesChange={(_, all) => draft.save(all)}
      onFinish={(v) =>
        void send({
          kind: 'reject',
          input: {
            reasonIds: v.reasonIds,
            ...(v.reasonText?.trim() ? { reasonText: v.reasonText.trim() } : {}),
            appealRoute: (v.appealRoute ?? '').trim(),
            appealDeadline: v.appealDeadline ?? '',
          },
        })
      }
      disabled={busy}
    >
      <Restored restored={draft.restored} />
      <Alert type="warning" showIcon title={t.rejectHint} style={{ marginBottom: 12 }} />
      <Form.Item name="reasonIds" label={t.reasons}>
        <Select mode="multiple" options={(templates?.rejectionReasons ?? []).map((r) => ({ value: r.id, label: r.text }))} data-testid="reject-reasons" aria-label={t.reasons} />
      </Form.Item>
      <Form.Item
        name="reasonText"
        label={t.reasonText}
        dependencies={['reasonIds']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, v: string | undefined) =>
              (getFieldValue('reasonIds') as string[] | undefined)?.length || v?.trim() ? Promise.resolve() : Promise.reject(new Error(t.reasonRequired)),
          }),
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="reject-text" />
      </Form.Item>
      <Form.Item name="appealRoute" label={t.appealRoute} rules={[{ required: true, whitespace: true, message: t.appealRouteRequired }]}>
        <Input.TextArea rows={2} maxLength={400} data-testid="reject-appeal-route" />
      </Form.Item>
      <Form.Item name="appealDeadline" label={t.appealDeadline} rules={[{ required: true, message: t.appealDeadlineRequired }]} {...dayProps}>
        <DatePicker data-testid="reject-appeal-deadline" />
      </Form.Item>
      {alert}
      <Button danger type="primary" htmlType="submit" loading={busy} data-testid="reject-submit">
        {t.rejectSubmit}
      </Button>
    </Form>
  );
}

interface CommentValues {
  text?: string;
}
function CommentForm({ view }: { view: ApplicationView }) {
  const defaults = useMemo<CommentValues>(() => ({}), []);
  const draft = useDraft(useKey(view, 'comment'), defaults);
  const { busy, send, alert } = useSend(t.done.comment, draft.clear);
  return (
    <Form<CommentValues> layout="vertical" initialValues={draft.initial} onValuesChange={(_, all) => draft.save(all)} onFinish={(v) => void send({ kind: 'comment', input: { text: (v.text ?? '').trim() } })} disabled={busy}>
      <Restored restored={draft.restored} />
      <Form.Item name="text" label={t.commentText} rules={[{ required: true, whitespace: true, message: t.commentRequired }]}>
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="comment-text" />
      </Form.Item>
      {alert}
      <Button htmlType="submit" loading={busy} data-testid="comment-submit">
        {t.commentSubmit}
      </Button>
    </Form>
  );
}

interface ConfirmValues {
  note?: string;
}
/** 复核: a second reviewer (not the proposer) confirms the proposed rejection or sends it back with a reason. */
function PendingRejection({ view }: { view: ApplicationView }) {
  const p = view.pendingRejection;
  const defaults = useMemo<ConfirmValues>(() => ({}), []);
  const draft = useDraft(useKey(view, 'confirm'), defaults);
  const confirmSend = useSend(t.done.confirm, draft.clear);
  const returnSend = useSend(t.done.return, draft.clear);
  const [form] = Form.useForm<ConfirmValues>();
  const { modal } = App.useApp();
  if (!p) return null;
  const busy = confirmSend.busy || returnSend.busy;
  const confirm = () =>
    modal.confirm({
      title: t.confirmTitle,
      content: t.confirmBody,
      okButtonProps: { danger: true },
      okText: t.confirmSubmit,
      cancelText: consoleText.common.cancel,
      onOk: async () => {
        const note = (form.getFieldValue('note') as string | undefined)?.trim();
        await confirmSend.send({ kind: 'confirm', input: { decisionId: p.decisionId, ...(note ? { note } : {}) } });
      },
    });
  return (
    <div data-testid="pending-rejection" style={{ marginBottom: 16 }}>
      <Alert
        type="warning"
        showIcon
        title={format(t.pending, { by: p.proposedBy, at: localMinute(p.proposedAt) })}
        description={
          <>
            <div>{format(t.pendingReasons, { reasons: p.reasons.join('；') })}</div>
            <div>{format(t.pendingAppeal, { route: p.appealRoute, deadline: p.appealDeadline })}</div>
            {!view.can.confirmRejection && <div>{t.pendingWait}</div>}
          </>
        }
        style={{ marginBottom: 12 }}
      />
      {view.can.confirmRejection && (
        <Form<ConfirmValues> form={form} layout="vertical" initialValues={draft.initial} onValuesChange={(_, all) => draft.save(all)} disabled={busy}>
          <Restored restored={draft.restored} />
          <Form.Item name="note" label={t.confirmNote}>
            <Input.TextArea rows={2} maxLength={500} data-testid="confirm-note" />
          </Form.Item>
          {confirmSend.alert}
          {returnSend.alert}
          <Space>
            <Button danger type="primary" onClick={() => void confirm()} loading={confirmSend.busy} data-testid="confirm-rejection">
              {t.confirmSubmit}
            </Button>
            <Button
              onClick={() => {
                const note = (form.getFieldValue('note') as string | undefined)?.trim() ?? '';
                if (note.length < 2) {
                  form.setFields([{ name: 'note', errors: [t.returnNoteRequired] }]);
                  return;
                }
                void returnSend.send({ kind: 'return', input: { decisionId: p.decisionId, note } });
              }}
              loading={returnSend.busy}
              data-testid="return-rejection"
            >
              {t.returnSubmit}
            </Button>
          </Space>
        </Form>
      )}
    </div>
  );
}

/** 审核意见: the decisions this account may make here now (the server checks again). */
export function DecisionPanel({ view }: { view: ApplicationView }) {
  const templates = useReviewStore((s) => s.templates);
  const can = view.can;
  // After a decision lands the forms start over (their drafts were cleared); after a failure they keep what was typed.
  const epoch = `${view.row.applicationId}:${view.decisions.length}:${templates ? 1 : 0}`;
  type Item = { key: string; label: string; children: React.JSX.Element };
  const items = ([
    can.approve && { key: 'approve', label: t.approve, children: <ApproveForm key={epoch} view={view} /> },
    can.requestMaterials && { key: 'materials', label: t.materials, children: <MaterialsForm key={epoch} view={view} templates={templates} /> },
    can.reject && { key: 'reject', label: t.reject, children: <RejectForm key={epoch} view={view} templates={templates} /> },
    can.comment && { key: 'comment', label: t.comment, children: <CommentForm key={epoch} view={view} /> },
  ] as (Item | false)[]).filter((x): x is Item => x !== false);
  return (
    <section aria-labelledby="decision-title" data-testid="decision-panel">
      <Typography.Title level={2} id="decision-title" style={{ fontSize: 16, marginTop: 0 }}>
        {t.title}
      </Typography.Title>
      {view.pendingRejection && <PendingRejection key={epoch} view={view} />}
      {items.length === 0 && !view.pendingRejection && <Typography.Text type="secondary">{t.readOnly}</Typography.Text>}
      {items.length > 0 && <Tabs items={items} size="small" data-testid="decision-tabs" />}
    </section>
  );
}

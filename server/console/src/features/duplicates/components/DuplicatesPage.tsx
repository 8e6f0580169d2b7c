import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, List, Radio, Space, Typography } from 'antd';
import { flattenFields } from '../../../../../../shared/record/sections';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { draftKey } from '../../../lib/drafts';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute } from '../../../lib/format';
import { StatusTag } from '../../../lib/StatusTag';
import { useDraft } from '../../../lib/useDraft';
import type { ConsoleError } from '../../../transport/client';
import { useSessionStore } from '../../session/store';
import { useDuplicatesStore, type DuplicateDetail, type DuplicateState } from '../store';
import { Chip } from '../../../lib/Chip';

const t = consoleText.duplicates;

/** Both (all) records side by side, one row per labelled field; rows where they differ are marked. */
function SideBySide({ detail }: { detail: DuplicateDetail }) {
  const columns = detail.applications.map((a) => ({ app: a, fields: new Map(flattenFields(detail.records.find((r) => r.applicationId === a.applicationId)?.sections ?? []).map((f) => [f.key, f])) }));
  const keys = useMemo(() => {
    const seen = new Map<string, string>();
    for (const c of columns) for (const [k, f] of c.fields) if (!seen.has(k)) seen.set(k, f.label);
    return [...seen];
  }, [columns]);
  return (
    <table className="side-by-side" data-testid="dup-compare" style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }}>
      <thead>
        <tr>
          <th scope="col" style={{ textAlign: 'left', padding: 6, width: 200 }} />
          {columns.map((c) => (
            <th key={c.app.applicationId} scope="col" style={{ textAlign: 'left', padding: 6 }}>
              {c.app.receiptNo} · {c.app.source === 'online' ? consoleText.queue.online : c.app.counterCode} <StatusTag status={c.app.status} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {keys.map(([key, label]) => {
          const values = columns.map((c) => c.fields.get(key)?.value ?? null);
          const differs = new Set(values).size > 1;
          return (
            <tr key={key} className={differs ? 'changed-field' : undefined} data-differs={differs ? 'true' : undefined} style={{ borderTop: '1px solid #f0f0f0' }}>
              <th scope="row" style={{ textAlign: 'left', padding: 6, fontWeight: 500 }}>
                {label}
                {differs && (
                  <Chip color="orange" style={{ marginInlineStart: 6 }}>
                    {t.differs}
                  </Chip>
                )}
              </th>
              {values.map((v, i) => (
                <td key={i} style={{ padding: 6 }}>
                  {v ?? <Typography.Text type="secondary">{consoleText.review.notRecorded}</Typography.Text>}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface ResolveValues {
  keep?: string;
  reason?: string;
}

function Resolve({ detail }: { detail: DuplicateDetail }) {
  const { message, modal } = App.useApp();
  const staffId = useSessionStore((s) => s.me?.staffId ?? 'anon');
  const defaults = useMemo<ResolveValues>(() => ({}), []);
  const draft = useDraft(draftKey(staffId, 'duplicate', detail.groupId), defaults);
  const [values, setValues] = useState<ResolveValues>(draft.initial);
  const [error, setError] = useState<ConsoleError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (patch: ResolveValues) => {
    const next = { ...values, ...patch };
    setValues(next);
    draft.save(next);
  };
  const submit = () => {
    const keep = detail.applications.find((a) => a.applicationId === values.keep);
    const reason = (values.reason ?? '').trim();
    if (!keep) return setError(t.pick);
    if (reason.length < 2) return setError(t.reasonRequired);
    setError(null);
    modal.confirm({
      title: t.resolve,
      content: format(t.resolveConfirm, { keep: keep.receiptNo, n: detail.applications.length - 1 }),
      okText: consoleText.common.confirm,
      cancelText: consoleText.common.cancel,
      onOk: async () => {
        setBusy(true);
        const err = await useDuplicatesStore.getState().resolve(keep.applicationId, reason);
        setBusy(false);
        if (err) return setError(err);
        draft.clear();
        void message.success(t.done);
      },
    });
  };
  // Part of the group lies outside the caller's scope: the server refuses the resolution, so no form is offered.
  if (detail.outsideScope) return <Alert type="info" showIcon message={t.outsideScopeNote} data-testid="dup-outside-scope" />;
  if (detail.resolution) {
    const kept = detail.applications.find((a) => a.applicationId === detail.resolution?.keptApplicationId);
    return (
      <Typography.Paragraph data-testid="dup-resolution">
        {format(t.resolvedLine, { by: detail.resolution.resolvedBy, at: localMinute(detail.resolution.resolvedAt), receipt: kept?.receiptNo ?? '', reason: detail.resolution.reason })}
      </Typography.Paragraph>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="dup-resolve">
      <Radio.Group value={values.keep} onChange={(e) => update({ keep: e.target.value as string })} aria-label={t.keep}>
        {detail.applications.map((a) => (
          <Radio key={a.applicationId} value={a.applicationId} data-testid={`dup-keep-${a.receiptNo}`}>
            {t.keep}：{a.receiptNo}（{a.source === 'online' ? consoleText.queue.online : a.counterCode}）
          </Radio>
        ))}
      </Radio.Group>
      <label htmlFor="dup-reason">{t.reason}</label>
      <Input.TextArea id="dup-reason" rows={2} maxLength={300} value={values.reason} onChange={(e) => update({ reason: e.target.value })} data-testid="dup-reason" />
      <ErrorAlert error={error} testId="dup-error" />
      <Button type="primary" onClick={submit} loading={busy} data-testid="dup-submit">
        {t.resolve}
      </Button>
    </Space>
  );
}

/** 重复报名: groups of applications for the same child; open one to compare and resolve. */
export default function DuplicatesPage() {
  const state = useDuplicatesStore((s) => s.state);
  const groups = useDuplicatesStore((s) => s.groups);
  const loading = useDuplicatesStore((s) => s.loading);
  const error = useDuplicatesStore((s) => s.error);
  const more = useDuplicatesStore((s) => s.nextCursor !== null);
  const detail = useDuplicatesStore((s) => s.detail);
  const detailError = useDuplicatesStore((s) => s.detailError);
  const role = useSessionStore((s) => s.me?.role);
  const canResolve = role === 'reviewer' || role === 'second_reviewer';

  useEffect(() => {
    void useDuplicatesStore.getState().load();
    return () => useDuplicatesStore.getState().closeGroup();
  }, []);

  return (
    <section data-testid="duplicates-page">
      <PageHeader title={t.title}>
        <Radio.Group
          optionType="button"
          value={state}
          onChange={(e) => void useDuplicatesStore.getState().load(e.target.value as DuplicateState)}
          options={[
            { value: 'open', label: t.open },
            { value: 'resolved', label: t.resolved },
            { value: 'all', label: t.all },
          ]}
        />
      </PageHeader>
      <ErrorAlert error={error} testId="duplicates-error" />
      <div style={{ display: 'grid', gridTemplateColumns: '340px 1fr', gap: 12, alignItems: 'start' }}>
        <Card size="small">
          <List
            loading={loading}
            dataSource={groups as DuplicateDetail[]}
            locale={{ emptyText: <Empty description={t.empty} /> }}
            renderItem={(g) => (
              <List.Item
                key={g.groupId}
                data-testid={`dup-group-${g.groupId}`}
                style={{ background: detail?.groupId === g.groupId ? '#e6effa' : undefined, paddingInline: 8 }}
                actions={
                  canResolve
                    ? [
                        <Button key="open" size="small" onClick={() => void useDuplicatesStore.getState().openGroup(g.groupId)} data-testid="dup-open">
                          {t.compare}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={g.applications[0]?.childName ?? g.groupId}
                  description={
                    <>
                      <div>{g.applications.map((a) => `${a.receiptNo}（${a.source === 'online' ? consoleText.queue.online : a.counterCode}）`).join('、')}</div>
                      {g.resolution && <Chip color="green">{t.resolved}</Chip>}
                      {g.outsideScope && (
                        <Chip color="orange" data-testid="dup-outside-chip">
                          {t.outsideScope}
                        </Chip>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
          {more && (
            <Button block onClick={() => void useDuplicatesStore.getState().loadMore()}>
              {t.loadMore}
            </Button>
          )}
        </Card>
        <Card size="small">
          <ErrorAlert error={detailError} testId="dup-detail-error" />
          {detail ? (
            <Space direction="vertical" style={{ width: '100%' }} size="large">
              <SideBySide detail={detail} />
              <Resolve key={detail.groupId} detail={detail} />
            </Space>
          ) : (
            <Empty description={t.pickGroup} />
          )}
        </Card>
      </div>
    </section>
  );
}

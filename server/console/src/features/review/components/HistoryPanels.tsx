import { Empty, List, Timeline, Typography } from 'antd';
import type { ApplicationView } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { localMinute } from '../../../lib/format';

const t = consoleText.review;

/** Each revision the desk sent, with what changed against the one before (old value struck through, new marked). */
export function RevisionsList({ view }: { view: ApplicationView }) {
  const revisions = [...view.revisions].sort((a, b) => b.revision - a.revision);
  const first = Math.min(...view.revisions.map((x) => x.revision));
  return (
    <List
      size="small"
      data-testid="revisions"
      dataSource={revisions}
      renderItem={(r) => (
        <List.Item key={r.revision} data-testid={`revision-${r.revision}`} style={{ display: 'block' }}>
          <Typography.Text strong>{format(t.revisionLine, { n: r.revision, at: localMinute(r.receivedAt), counter: r.counterCode })}</Typography.Text>
          {r.revision === first ? (
            <div>
              <Typography.Text type="secondary">{t.firstRevision}</Typography.Text>
            </div>
          ) : r.changes.length === 0 ? (
            <div>
              <Typography.Text type="secondary">{t.noChanges}</Typography.Text>
            </div>
          ) : (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
              {r.changes.map((c) => (
                <li key={c.key} data-testid={`revision-change-${c.key}`}>
                  {c.label}：<del style={{ color: 'rgba(0,0,0,0.65)' }}>{c.before ?? t.notRecorded}</del> →{' '}
                  <span className="changed-field" style={{ padding: '0 3px' }}>
                    {c.after ?? t.notRecorded}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </List.Item>
      )}
    />
  );
}

const COLORS: Record<string, string> = {
  approve: 'green',
  request_materials: 'orange',
  propose_rejection: 'red',
  confirm_rejection: 'red',
  return_rejection: 'blue',
  comment: 'gray',
  withdraw: 'gray',
  keep: 'green',
  result: 'blue',
};

/** Every decision on the application, newest first. */
export function DecisionHistory({ view }: { view: ApplicationView }) {
  if (view.decisions.length === 0) return <Empty description={t.noDecisions} data-testid="decisions-empty" />;
  const entries = [...view.decisions].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      data-testid="decision-history"
      items={entries.map((d) => ({
        key: d.decisionId,
        color: COLORS[d.kind] ?? 'blue',
        children: (
          <div data-testid={`decision-${d.kind}`}>
            <Typography.Text strong>{t.decisionKinds[d.kind]}</Typography.Text>
            {d.revision !== null && <Typography.Text type="secondary">{format(t.onRevision, { n: d.revision })}</Typography.Text>}
            <div>{d.summary}</div>
            {d.note && <div style={{ whiteSpace: 'pre-wrap' }}>{d.note}</div>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {format(t.decisionMeta, { at: localMinute(d.at), actor: d.actorName })}
              {d.resultVersion !== null ? ` · ${format(t.sentToDesk, { v: d.resultVersion })}` : ''}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}

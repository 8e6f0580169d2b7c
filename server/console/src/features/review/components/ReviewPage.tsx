import { useEffect } from 'react';
import { Button, Card, Flex, Result, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { labels } from '../../../../../../shared/i18n/zhCN.labels';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localMinute } from '../../../lib/format';
import { pageShortcut } from '../../../lib/keys';
import { StatusTag } from '../../../lib/StatusTag';
import { useShellStore } from '../../shell/store';
import { useReviewStore } from '../store';
import { DecisionPanel } from './DecisionPanel';
import { DecisionHistory, RevisionsList } from './HistoryPanels';
import { MaterialsTable } from './MaterialsTable';
import { PagesPanel } from './PagesPanel';
import { ReassignmentPanel, reassignmentTab } from './ReassignmentPanel';
import { RecordSections } from './RecordSections';
import { Chip } from '../../../lib/Chip';

const t = consoleText.review;

function back() {
  useShellStore.getState().navigate('/queue');
}

/** One application: the record beside its pages, the plan's materials, revisions, decisions, and the decision panel. */
export default function ReviewPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const view = useReviewStore((s) => (s.id === id ? s.view : null));
  const error = useReviewStore((s) => s.error);
  const loading = useReviewStore((s) => s.loading);

  useEffect(() => {
    void useReviewStore.getState().open(id);
  }, [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && pageShortcut(e)) {
        e.preventDefault();
        back();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!view) {
    if (error) {
      return error.status === 404 ? (
        <Result status="404" title={t.notFound} extra={<Button onClick={back}>{t.back}</Button>} data-testid="review-not-found" />
      ) : (
        <section data-testid="review-page">
          <ErrorAlert error={error} testId="review-error" action={<Button onClick={() => void useReviewStore.getState().reload()}>{consoleText.common.retry}</Button>} />
          <Button onClick={back}>{t.back}</Button>
        </section>
      );
    }
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }

  const row = view.row;
  return (
    <section data-testid="review-page" data-id={id} data-revision={row.revision} data-status={row.status} style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space size="middle" wrap>
          <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={back} title="Esc" data-testid="review-back">
            {t.back}
          </Button>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }} data-testid="review-title">
            {format(t.title, { name: row.childName })}
          </Typography.Title>
          <StatusTag status={row.status} />
          {row.reentered && <Chip color="purple">{consoleText.queue.flagReentered}</Chip>}
          {row.duplicate && <Chip color="volcano">{consoleText.queue.flagDuplicate}</Chip>}
        </Space>
        <Space wrap>
          <Typography.Text data-testid="review-receipt">{format(t.receipt, { receiptNo: row.receiptNo })}</Typography.Text>
          <Typography.Text type="secondary">{row.source === 'online' ? t.online : format(t.counter, { counter: row.counterCode })}</Typography.Text>
          <Typography.Text type="secondary">{format(t.revision, { n: row.revision })}</Typography.Text>
          <Typography.Text type="secondary">{format(t.received, { at: localMinute(row.receivedAt) })}</Typography.Text>
          {row.type && <Chip>{labels.enrollmentType[row.type]}</Chip>}
          <Button icon={<ReloadOutlined aria-hidden />} loading={loading} onClick={() => void useReviewStore.getState().reload()} aria-label={consoleText.common.refresh} />
        </Space>
      </Flex>
      <ErrorAlert error={error} testId="review-error" />
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(380px, 1fr) minmax(420px, 1.15fr)', gap: 12, alignItems: 'stretch' }}>
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.record}</h2>}>
          {/* Scrolls on its own, so it takes the keyboard focus too (↑↓ PageUp/PageDown read on). */}
          <div role="region" aria-label={t.record} tabIndex={0} style={{ maxHeight: '52vh', overflow: 'auto' }}>
            <RecordSections view={view} />
          </div>
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.pages}</h2>} styles={{ body: { height: '52vh' } }}>
          <PagesPanel view={view} />
        </Card>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(380px, 1fr) minmax(420px, 1.15fr)', gap: 12, alignItems: 'start' }}>
        <Card size="small">
          <Tabs
            size="small"
            items={[
              { key: 'materials', label: t.materials, children: <MaterialsTable view={view} /> },
              { key: 'decisions', label: `${t.decisions}（${view.decisions.length}）`, children: <DecisionHistory view={view} /> },
              { key: 'revisions', label: `${t.revisions}（${view.revisions.length}）`, children: <RevisionsList view={view} /> },
              ...(view.reassignment ? [{ key: 'reassignment', label: reassignmentTab(view.reassignment), children: <ReassignmentPanel view={view} r={view.reassignment} /> }] : []),
              ...(view.duplicates.length > 0
                ? [
                    {
                      key: 'duplicates',
                      label: `${t.duplicates}（${view.duplicates.length}）`,
                      children: (
                        <ul data-testid="review-duplicates">
                          {view.duplicates.map((d) => (
                            <li key={d.applicationId}>
                              <a href={`/console/applications/${d.applicationId}`} onClick={(e) => (e.preventDefault(), useShellStore.getState().navigate(`/applications/${d.applicationId}`))}>
                                {d.receiptNo}
                              </a>{' '}
                              · {d.counterCode} · <StatusTag status={d.status} />
                            </li>
                          ))}
                        </ul>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        <Card size="small">
          <DecisionPanel view={view} />
        </Card>
      </div>
    </section>
  );
}

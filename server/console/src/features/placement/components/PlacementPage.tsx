import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Input, List, Modal, Space, Table, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { placementConsoleText } from '../../../../../../shared/i18n/zhCN.placementConsole';
import { Chip } from '../../../lib/Chip';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute, type ConsoleError } from '../../../transport/client';
import { useSessionStore } from '../../session/store';
import { useShellStore } from '../../shell/store';
import { base64Blob, isError, saveFile, usePlacementStore } from '../store';
import { ChildList } from './ChildList';
import { SchoolTable, totalsLine } from './SchoolTable';

const T = placementConsoleText.placement;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 录取与调剂: the dry run's per-school table, each child's explanation, what-if on places, export and publication. */
export default function PlacementPage() {
  const { message } = App.useApp();
  const { dryRun, loading, error, whatIf } = usePlacementStore();
  const store = usePlacementStore.getState;
  const isAdmin = useSessionStore((s) => s.me?.role === 'admin');
  const navigate = useShellStore((s) => s.navigate);
  const [selected, setSelected] = useState<string | undefined>();
  const [places, setPlaces] = useState<Record<string, number> | undefined>();
  const [actionError, setActionError] = useState<ConsoleError | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [report, setReport] = useState<{ date: string | undefined; place: string | undefined }>({ date: undefined, place: undefined });

  useEffect(() => {
    void store().load();
  }, [store]);

  const select = (schoolId: string) => {
    setSelected(schoolId);
    void store().loadChildren({ schoolId });
  };

  const runWhatIf = async () => {
    if (!places || !dryRun) return;
    const changed = Object.fromEntries(Object.entries(places).filter(([id, n]) => dryRun.schools.find((s) => s.schoolId === id)?.places !== n));
    const err = await store().runWhatIf(changed);
    setActionError(err);
  };

  const exportSchool = async (schoolId: string) => {
    const res = await store().exportSchool(schoolId);
    if (isError(res)) return setActionError(res);
    saveFile(res.fileName, base64Blob(res.contentBase64, XLSX));
  };

  const publish = async () => {
    const res = await store().publish({ ...(report.date ? { reportDate: report.date } : {}), ...(report.place ? { reportPlace: report.place } : {}) });
    setPublishing(false);
    if (isError(res)) return setActionError(res);
    void message.success(format(T.published, res));
  };

  return (
    <section data-testid="placement-page">
      <PageHeader title={T.title}>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void store().load()} loading={loading}>
            {T.refresh}
          </Button>
          {isAdmin && (
            <Button type="primary" data-testid="publish" disabled={!dryRun?.complete} onClick={() => setPublishing(true)}>
              {T.publish}
            </Button>
          )}
        </Space>
      </PageHeader>
      <ErrorAlert error={error} testId="placement-error" />
      <ErrorAlert error={actionError} testId="placement-action-error" onClose={() => setActionError(null)} />
      {dryRun && (
        <>
          <Typography.Paragraph data-testid="placement-stage">
            <Chip color={dryRun.stage === 'after_draw' ? 'green' : 'blue'}>{T.stage[dryRun.stage]}</Chip>
            {format(T.planVersion, { version: dryRun.planVersion, year: dryRun.year, placed: dryRun.placed })} · <span data-testid="placement-totals">{totalsLine(dryRun.totals)}</span>
          </Typography.Paragraph>
          {dryRun.publication && <Typography.Paragraph type="secondary">{format(T.lastPublication, { at: localMinute(dryRun.publication.publishedAt), by: dryRun.publication.publishedBy, results: dryRun.publication.results, sent: dryRun.publication.sent })}</Typography.Paragraph>}
          {!dryRun.complete && <Alert type="info" showIcon title={T.notComplete} style={{ marginBottom: 12 }} />}
          {dryRun.lateApprovals > 0 && <Alert type="warning" showIcon title={format(T.lateApprovals, { count: dryRun.lateApprovals })} style={{ marginBottom: 12 }} />}
          <SchoolTable schools={dryRun.schools} places={places} onPlaces={(id, n) => setPlaces({ ...places, [id]: n })} selected={selected} onSelect={select} />
          <Flex gap={16} wrap style={{ marginTop: 16 }}>
            <Card size="small" title={T.pools} style={{ flex: '1 1 420px' }}>
              {dryRun.pools.length === 0 ? (
                T.poolsNone
              ) : (
                <List
                  size="small"
                  dataSource={dryRun.pools}
                  renderItem={(p) => (
                    <List.Item>
                      {p.name}（{p.code}，{p.entries}）<Typography.Text code>{p.listDigest.slice(0, 16)}…</Typography.Text>
                    </List.Item>
                  )}
                />
              )}
              {dryRun.pools.length > 0 && (
                <Button type="link" onClick={() => navigate('/lottery')}>
                  {T.goCeremony}
                </Button>
              )}
            </Card>
            <Card size="small" title={T.whatIf} style={{ flex: '1 1 420px' }} data-testid="what-if">
              <Typography.Paragraph type="secondary">{T.whatIfHint}</Typography.Paragraph>
              <Space>
                {places ? (
                  <>
                    <Button type="primary" onClick={() => void runWhatIf()} data-testid="what-if-run">
                      {T.whatIfRun}
                    </Button>
                    <Button
                      onClick={() => {
                        setPlaces(undefined);
                        store().clearWhatIf();
                      }}
                    >
                      {T.whatIfReset}
                    </Button>
                  </>
                ) : (
                  <Button onClick={() => setPlaces(Object.fromEntries(dryRun.schools.map((s) => [s.schoolId, s.places])))} data-testid="what-if-start">
                    {T.whatIf}
                  </Button>
                )}
              </Space>
              {whatIf && (
                <div data-testid="what-if-result" style={{ marginTop: 8 }}>
                  <Typography.Paragraph strong>{format(T.whatIfChanged, { count: whatIf.changedCount })}</Typography.Paragraph>
                  <Typography.Paragraph>
                    {format(T.whatIfTotals, {
                      a0: whatIf.totals.admitted[0],
                      a1: whatIf.totals.admitted[1],
                      l0: whatIf.totals.awaitingLottery[0],
                      l1: whatIf.totals.awaitingLottery[1],
                      r0: whatIf.totals.awaitingReassignment[0],
                      r1: whatIf.totals.awaitingReassignment[1],
                    })}
                  </Typography.Paragraph>
                  <Table
                    size="small"
                    rowKey="schoolId"
                    pagination={false}
                    dataSource={whatIf.rows.filter((r) => r.places[0] !== r.places[1] || r.admitted[0] !== r.admitted[1])}
                    columns={[
                      { title: T.columns.school, dataIndex: 'name' },
                      { title: T.columns.places, key: 'p', render: (_, r) => `${r.places[0]} → ${r.places[1]}` },
                      { title: T.columns.admitted, key: 'a', render: (_, r) => `${r.admitted[0]} → ${r.admitted[1]}` },
                      { title: T.columns.pressure, key: 'x', render: (_, r) => `${r.pressure[0]}% → ${r.pressure[1]}%` },
                    ]}
                  />
                </div>
              )}
            </Card>
          </Flex>
          {dryRun.siblingWarnings.length > 0 && (
            <Card size="small" title={format(T.siblingWarnings, { count: dryRun.siblingWarnings.length })} style={{ marginTop: 16 }} data-testid="placement-sibling-warnings">
              <List size="small" dataSource={dryRun.siblingWarnings} renderItem={(w) => <List.Item key={w.receipts.join('|')}>{w.message}</List.Item>} />
            </Card>
          )}
          {dryRun.skipped.length > 0 && (
            <Card size="small" title={format(T.skipped, { count: dryRun.skipped.length })} style={{ marginTop: 16 }}>
              <List size="small" dataSource={dryRun.skipped} renderItem={(s) => <List.Item>{s.receiptNo}：{s.reason}</List.Item>} />
            </Card>
          )}
          {selected && (
            <Card
              size="small"
              style={{ marginTop: 16 }}
              title={`${T.children} · ${dryRun.schools.find((s) => s.schoolId === selected)?.name ?? selected}`}
              extra={
                <Button icon={<DownloadOutlined />} onClick={() => void exportSchool(selected)} data-testid="export-school">
                  {T.export}
                </Button>
              }
            >
              <ChildList />
            </Card>
          )}
        </>
      )}
      <Modal open={publishing} title={T.publish} okText={T.publish} onOk={() => void publish()} onCancel={() => setPublishing(false)} okButtonProps={{ 'data-testid': 'publish-confirm' }}>
        <Typography.Paragraph>{T.publishConfirm}</Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          <DatePicker aria-label={T.reportDate} placeholder={T.reportDate} style={{ width: '100%' }} onChange={(d) => setReport({ ...report, date: d ? d.format('YYYY-MM-DD') : undefined })} />
          <Input aria-label={T.reportPlace} placeholder={T.reportPlace} maxLength={200} onChange={(e) => setReport({ ...report, place: e.target.value || undefined })} />
        </Space>
      </Modal>
    </section>
  );
}

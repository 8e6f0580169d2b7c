import { useEffect, useRef } from 'react';
import { Alert, App, Button, Card, Flex, Space, Table, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader, ProblemList } from '../../../lib/PageHeader';
import { localMinute } from '../../../lib/format';
import { usePlansStore } from '../store';

const t = consoleText.plans;
const c = t.columns;

/** 招生方案: check a plan file (problems at their exact place), publish it to every desk, see which desk runs which. */
export default function PlansPage() {
  const { message, modal } = App.useApp();
  const { plans, error, file, check, checking: busy, pick } = usePlansStore();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void usePlansStore.getState().open();
  }, []);

  const publish = () => {
    if (!file || !check?.summary) return;
    modal.confirm({
      title: t.publish,
      content: format(t.publishConfirm, { planId: check.summary.planId, version: check.summary.version }),
      okText: t.publish,
      cancelText: consoleText.common.cancel,
      onOk: async () => {
        const version = await usePlansStore.getState().publish();
        if (version !== null) void message.success(format(t.published, { v: version }));
      },
    });
  };

  const s = check?.summary;
  return (
    <section data-testid="plans-page">
      <PageHeader title={t.title} />
      <ErrorAlert error={error} testId="plans-error" />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Flex gap={8} align="center">
            <input ref={input} type="file" accept=".json,application/json" hidden onChange={(e) => void pick(e.target.files?.[0])} data-testid="plan-file" aria-label={t.upload} />
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => input.current?.click()} loading={busy}>
              {t.upload}
            </Button>
            {file && <Typography.Text>{file.name}</Typography.Text>}
          </Flex>
          {check && s && (
            <Typography.Text data-testid="plan-summary">
              {format(t.summary, { countyName: s.countyName, year: s.year, planId: s.planId, version: s.version, schools: s.schools, zones: s.zones, materials: s.materials })}
              {s.sample ? t.sample : ''}
            </Typography.Text>
          )}
          {check?.ok && <Alert type="success" showIcon title={t.ok} data-testid="plan-ok" />}
          {check && !check.ok && (
            <ProblemList
              testId="plan-problems"
              title={format(t.problems, { n: check.problems.length })}
              items={check.problems.map((p, i) => (
                <span key={i}>
                  <Typography.Text code>{p.line !== null ? format(t.problemAt, { line: p.line, column: p.column ?? 1 }) : format(t.problemPath, { path: p.path })}</Typography.Text>{' '}
                  {p.line !== null && <Typography.Text type="secondary">{p.path}</Typography.Text>} {p.message}
                </span>
              ))}
            />
          )}
          {check?.notes.map((n, i) => (
            <Typography.Text key={i} type="secondary">
              {n}
            </Typography.Text>
          ))}
          {check?.ok && (
            <Button type="primary" onClick={publish} data-testid="plan-publish">
              {t.publish}
            </Button>
          )}
        </Space>
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.versions}</h2>} style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="serverVersion"
          pagination={false}
          loading={plans === null && !error}
          locale={{ emptyText: t.none }}
          dataSource={plans?.plans ?? []}
          columns={[
            { key: 'v', title: c.version, dataIndex: 'serverVersion', width: 70 },
            { key: 'plan', title: c.plan, render: (_, p) => `${p.countyName} ${p.year} · ${p.planKey}${p.sample ? t.sample : ''}` },
            { key: 'at', title: c.publishedAt, width: 150, render: (_, p) => localMinute(p.publishedAt) },
            { key: 'by', title: c.publishedBy, width: 100, render: (_, p) => p.publishedBy ?? consoleText.common.dash },
            { key: 'desks', title: c.desks, dataIndex: 'desks', width: 90 },
          ]}
        />
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t.desks}</h2>}>
        <Table
          size="small"
          rowKey="deviceId"
          pagination={false}
          dataSource={plans?.desks ?? []}
          columns={[
            { key: 'counter', title: c.counter, dataIndex: 'counterCode', width: 80 },
            { key: 'device', title: c.device, dataIndex: 'deviceName' },
            { key: 'v', title: c.planVersion, width: 90, render: (_, d) => d.planVersion ?? consoleText.counters.noPlan },
            { key: 'seen', title: c.lastSeen, width: 150, render: (_, d) => (d.lastSeenAt ? localMinute(d.lastSeenAt) : consoleText.counters.never) },
          ]}
        />
      </Card>
    </section>
  );
}

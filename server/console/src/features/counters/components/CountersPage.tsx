import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import type { CounterInfo } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute } from '../../../lib/format';
import { Chip } from '../../../lib/Chip';
import { useCountersStore, type EnrollmentCode } from '../store';

const t = consoleText.counters;
const c = t.columns;

/** The one-time code as text to type and as a QR code to scan at the desk. Shown once. */
function CodeModal({ code, onClose }: { code: EnrollmentCode | null; onClose: () => void }) {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    setQr(null);
    if (code) void QRCode.toDataURL(code.qrText, { margin: 1, width: 220 }).then(setQr);
  }, [code]);
  return (
    <Modal open={code !== null} title={t.enrollTitle} onCancel={onClose} onOk={onClose} cancelButtonProps={{ style: { display: 'none' } }} okText={consoleText.common.close} destroyOnHidden>
      {code && (
        <div data-testid="enroll-code" data-code={code.enrollmentCode}>
          <Typography.Paragraph>
            {code.code} {code.name}
          </Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: code.enrollmentCode }} style={{ fontSize: 26, fontFamily: 'ui-monospace, Consolas, monospace', letterSpacing: 2 }} data-testid="enroll-code-text">
            {code.enrollmentCode}
          </Typography.Paragraph>
          {qr && <img src={qr} width={220} height={220} alt={format(t.qrAlt, { code: code.code })} data-testid="enroll-qr" />}
          <Typography.Paragraph type="secondary">{format(t.enrollHint, { at: localMinute(code.expiresAt) })}</Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}

interface CreateValues {
  code: string;
  name: string;
}

/** 柜台管理: counters, their desks, last contact, pending applications and plan versions; codes and revocation. */
export default function CountersPage() {
  const { message } = App.useApp();
  const { counters, error, code, saving, createError, load, issueCode, closeCode } = useCountersStore();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CreateValues>();

  useEffect(() => {
    void useCountersStore.getState().open();
  }, []);

  const create = async (v: CreateValues) => {
    if (!(await useCountersStore.getState().create(v))) return;
    setCreating(false);
    form.resetFields();
  };
  const revoke = async (counter: string) => {
    const done = await useCountersStore.getState().revoke(counter);
    if (done) void message.success(format(t.revoked, { code: done.code, n: done.devicesRevoked }));
  };

  return (
    <section data-testid="counters-page">
      <PageHeader title={t.title}>
        <Space>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void load()}>
            {consoleText.common.refresh}
          </Button>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)} data-testid="counter-new">
            {t.create}
          </Button>
        </Space>
      </PageHeader>
      <ErrorAlert error={error} testId="counters-error" />
      <Table<CounterInfo>
        size="small"
        rowKey="code"
        loading={counters === null && !error}
        dataSource={counters ?? []}
        pagination={false}
        locale={{ emptyText: t.empty }}
        onRow={(r) => ({ 'data-testid': `counter-${r.code}` }) as object}
        expandable={{
          rowExpandable: (r) => r.devices.length > 0,
          expandedRowRender: (r) => (
            <ul style={{ margin: 0 }} aria-label={format(t.devicesOf, { code: r.code })}>
              {r.devices.map((d) => (
                <li key={d.deviceId}>
                  {format(t.device, { name: d.name, at: localMinute(d.enrolledAt) })} · {c.lastSeen} {d.lastSeenAt ? localMinute(d.lastSeenAt) : t.never} · {c.plan}{' '}
                  {d.planVersion ?? t.noPlan}
                  {d.planKeyInUse ? `（${d.planKeyInUse}）` : ''}
                  {d.revokedAt && <Chip style={{ marginInlineStart: 6 }}>{format(t.revokedAt, { at: localMinute(d.revokedAt) })}</Chip>}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { key: 'code', title: c.code, dataIndex: 'code', width: 80 },
          { key: 'name', title: c.name, render: (_, r) => (r.revokedAt ? <span>{r.name} <Chip>{format(t.revokedAt, { at: localMinute(r.revokedAt) })}</Chip></span> : r.name) },
          { key: 'devices', title: c.devices, width: 60, render: (_, r) => r.devices.filter((d) => !d.revokedAt).length },
          { key: 'lastSeen', title: c.lastSeen, width: 140, render: (_, r) => (r.lastSeenAt ? localMinute(r.lastSeenAt) : t.never) },
          { key: 'applications', title: c.applications, dataIndex: 'applications', width: 70 },
          { key: 'pending', title: c.pending, dataIndex: 'pending', width: 70 },
          {
            key: 'plan',
            title: c.plan,
            width: 90,
            render: (_, r) => {
              const versions = [...new Set(r.devices.filter((d) => !d.revokedAt).map((d) => d.planVersion))];
              return versions.length === 0 ? t.noPlan : versions.map((v) => v ?? t.noPlan).join(' / ');
            },
          },
          { key: 'openCodes', title: c.openCodes, dataIndex: 'openCodes', width: 90 },
          {
            key: 'actions',
            title: c.actions,
            width: 200,
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => void issueCode(r.code)} data-testid={`counter-issue-${r.code}`}>
                  {t.issue}
                </Button>
                {!r.revokedAt && (
                  <Popconfirm title={format(t.revokeConfirm, { code: r.code })} okText={t.revoke} cancelText={consoleText.common.cancel} okButtonProps={{ danger: true }} onConfirm={() => void revoke(r.code)}>
                    <Button size="small" danger data-testid={`counter-revoke-${r.code}`}>
                      {t.revoke}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={creating} title={t.create} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t.createSubmit} cancelText={consoleText.common.cancel} confirmLoading={saving} destroyOnHidden>
        <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => void create(v)}>
          <Form.Item name="code" label={t.code} extra={t.codeHint} rules={[{ required: true, whitespace: true, message: t.codeRequired }]}>
            <Input maxLength={8} style={{ textTransform: 'uppercase' }} data-testid="counter-code" autoFocus />
          </Form.Item>
          <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.nameRequired }]}>
            <Input maxLength={60} data-testid="counter-name" />
          </Form.Item>
          <ErrorAlert error={createError} testId="counter-create-error" />
        </Form>
      </Modal>
      <CodeModal code={code} onClose={closeCode} />
    </section>
  );
}

import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { opsConsoleText } from '../../../../../../shared/i18n/zhCN.opsConsole';
import { Chip, type Tone } from '../../../lib/Chip';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute } from '../../../lib/format';
import type { ConsoleError } from '../../../transport/client';
import { useShellStore } from '../../shell/store';
import { findByReceipt, smsList, smsStatus, type SmsMessage, type SmsStatus } from '../store';
import { PageLink } from './PageLink';

const t = opsConsoleText.sms;
const c = t.columns;
const PAGE = 50;

type Status = SmsStatus;
type Message = SmsMessage;

const TONES: Record<Message['status'], Tone> = { queued: 'blue', sent: 'green', failed: 'red', skipped: 'default' };

/** The receipt a link asked for (`/sms?receipt=…`). */
function receiptInPath(path: string): string {
  return new URLSearchParams(path.split('?')[1] ?? '').get('receipt') ?? '';
}

/** 短信通知: which driver sends (configured on the server), the templates, and every message, newest first. */
export default function SmsPage() {
  const path = useShellStore((s) => s.path);
  const [status, setStatus] = useState<Status | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [receipt, setReceipt] = useState(() => receiptInPath(path));
  const [applicationId, setApplicationId] = useState<string | undefined>(undefined);

  const loadStatus = async () => {
    const res = await smsStatus();
    if (res.ok) setStatus(res.value);
    else setError(res.error);
  };
  /** One page of messages (of one application when `app` is set); `before` continues the list. */
  const loadMessages = async (app: string | undefined, before?: string) => {
    setLoading(true);
    const res = await smsList({ limit: PAGE, ...(app ? { applicationId: app } : {}), ...(before ? { before } : {}) });
    setLoading(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setMessages((prev) => (before ? [...prev, ...res.value] : res.value));
    setMore(res.value.length === PAGE);
  };
  /** Applies the receipt filter (empty: every message). */
  const search = async (value: string) => {
    const want = value.trim();
    if (!want) {
      setApplicationId(undefined);
      return loadMessages(undefined);
    }
    const found = await findByReceipt(want, t.noSuchReceipt);
    if (!found.ok) {
      setMessages([]);
      setMore(false);
      return setError(found.error);
    }
    setApplicationId(found.row.applicationId);
    return loadMessages(found.row.applicationId);
  };
  const refresh = () => {
    void loadStatus();
    void search(receipt);
  };
  useEffect(refresh, []);

  const last = messages[messages.length - 1];
  return (
    <section data-testid="sms-page">
      <PageHeader title={t.title}>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={refresh} data-testid="sms-refresh">
          {consoleText.common.refresh}
        </Button>
      </PageHeader>
      <ErrorAlert error={error} testId="sms-error" />
      {status && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="sms-status" data-driver={status.driver}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t.driver}</Typography.Text>
            <span data-testid="sms-driver">{t.drivers[status.driver]}</span>
            {status.gateway && <Typography.Text type="secondary">{format(t.gateway, { gateway: status.gateway })}</Typography.Text>}
            <Chip color={status.queued ? 'blue' : 'default'} data-testid="sms-queued">
              {format(t.queued, { n: status.queued })}
            </Chip>
          </Space>
          {status.driver === 'off' && <Alert type="warning" showIcon title={t.offWarning} style={{ marginBottom: 8 }} data-testid="sms-off" />}
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t.configHint}
          </Typography.Paragraph>
          <Typography.Title level={2} style={{ fontSize: 15 }}>
            {t.templatesTitle}
          </Typography.Title>
          <Descriptions size="small" column={1} bordered data-testid="sms-templates">
            {(Object.keys(t.templates) as (keyof typeof t.templates)[]).map((k) => (
              <Descriptions.Item key={k} label={t.templates[k]}>
                {status.templates[k]}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t.templatesHint}
          </Typography.Paragraph>
        </Card>
      )}
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 15, margin: 0 }}>
          {t.logTitle}
        </Typography.Title>
        <Input.Search
          aria-label={t.receipt}
          placeholder={t.receiptPlaceholder}
          allowClear
          value={receipt}
          onChange={(e) => setReceipt(e.target.value)}
          onSearch={(v) => void search(v)}
          enterButton={consoleText.common.search}
          style={{ width: 380 }}
          data-testid="sms-receipt"
        />
      </Space>
      <Table<Message>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={messages}
        pagination={false}
        locale={{ emptyText: t.empty }}
        onRow={(m) => ({ 'data-testid': `sms-row-${m.receiptNo}`, 'data-status': m.status }) as object}
        columns={[
          { key: 'at', title: c.at, width: 140, render: (_, m) => localMinute(m.at) },
          { key: 'receiptNo', title: c.receiptNo, width: 230, render: (_, m) => <PageLink path={`/applications/${m.applicationId}`}>{m.receiptNo}</PageLink> },
          { key: 'to', title: c.to, dataIndex: 'toMasked', width: 120 },
          { key: 'template', title: c.template, width: 100, render: (_, m) => t.templates[m.template] },
          { key: 'text', title: c.text, dataIndex: 'text' },
          { key: 'status', title: c.status, width: 90, render: (_, m) => <Chip color={TONES[m.status]}>{t.statuses[m.status]}</Chip> },
          { key: 'note', title: c.note, width: 220, render: (_, m) => m.error ?? (m.sentAt ? format(t.sentAt, { at: localMinute(m.sentAt) }) : consoleText.common.dash) },
        ]}
      />
      <div style={{ marginTop: 8 }}>
        {more && last ? (
          <Button onClick={() => void loadMessages(applicationId, last.at)} loading={loading} data-testid="sms-more">
            {t.more}
          </Button>
        ) : (
          messages.length > 0 && <Typography.Text type="secondary">{format(t.allShown, { n: messages.length })}</Typography.Text>
        )}
      </div>
    </section>
  );
}

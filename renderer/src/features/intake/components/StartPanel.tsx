import { useEffect } from 'react';
import { Button, Card, Flex, Popconfirm, Space, Table, Typography } from 'antd';
import { FormOutlined, PlusOutlined } from '@ant-design/icons';
import type { ApplicationSummary } from '../../../../../shared/contract';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { useIntakeStore } from '../store';
import { PageTitle } from '../../../lib/PageTitle';

const t = zhCN.intake.start;

/** /intake: start a new application (Enter), or resume one of this desk's drafts. */
export function StartPanel() {
  const drafts = useIntakeStore((s) => s.drafts);
  const loading = useIntakeStore((s) => s.draftsLoading);
  const error = useIntakeStore((s) => s.draftsError);
  const planError = usePlansStore((s) => s.activeError);

  useEffect(() => {
    // Enter with nothing focused (e.g. after closing a dialog) still starts a new application.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.altKey && (document.activeElement === document.body || document.activeElement === null)) {
        e.preventDefault();
        void useIntakeStore.getState().startNew();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <Card>
        <PageTitle style={{ marginBottom: '0.75rem', fontSize: '1.5rem' }}>{t.title}</PageTitle>
        <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
        <ErrorAlert error={planError} testId="intake-plan-error" />
        <Space size={16} align="center">
          <Button
            type="primary"
            size="large"
            icon={<PlusOutlined />}
            autoFocus
            disabled={planError !== null}
            onClick={() => void useIntakeStore.getState().startNew()}
            data-testid="intake-new"
          >
            {t.newButton}
          </Button>
          <Typography.Text type="secondary">
            <Typography.Text keyboard>Enter</Typography.Text> {t.newHint}
          </Typography.Text>
        </Space>
      </Card>
      <Card title={t.draftsTitle} size="small">
        <ErrorAlert error={error} testId="intake-drafts-error" />
        <Table<ApplicationSummary>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={drafts}
          pagination={false}
          locale={{ emptyText: t.draftsEmpty }}
          data-testid="intake-drafts"
          columns={[
            { title: t.columns.child, render: (_v, row) => row.childName ?? <Typography.Text type="secondary">{t.unnamed}</Typography.Text> },
            { title: t.columns.idNumber, render: (_v, row) => row.childIdNumber ?? <Typography.Text type="secondary">{t.noId}</Typography.Text> },
            { title: t.columns.grade, render: (_v, row) => (row.grade ? zhCN.intake.options.grade[row.grade] : '') },
            { title: t.columns.updatedAt, render: (_v, row) => localTime(row.updatedAt) },
            { title: t.columns.createdBy, render: (_v, row) => row.createdByName ?? row.createdBy },
            {
              title: t.columns.actions,
              render: (_v, row) => (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    ghost
                    icon={<FormOutlined />}
                    onClick={() => useShellStore.getState().navigate(`/intake/${row.id}`)}
                    data-testid={`intake-draft-${row.id}`}
                  >
                    {t.resume}
                  </Button>
                  <Popconfirm
                    title={t.discardConfirm}
                    okText={t.discardOk}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => void useIntakeStore.getState().discardDraft(row.id)}
                  >
                    <Button size="small" danger type="text" data-testid={`intake-discard-${row.id}`}>
                      {t.discard}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

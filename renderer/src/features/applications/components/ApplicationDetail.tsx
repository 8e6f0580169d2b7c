import { useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Space, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, FileAddOutlined, FormOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { canEdit, canVoid, owesMaterials } from '../../../../../shared/domain/applicationActions';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { Loading } from '../../../app/Loading';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { hasRole, useSessionStore } from '../../session/store';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { useApplicationsStore } from '../store';
import { StatusTag, SyncBadge } from './Badges';
import { DetailSections } from './DetailSections';
import { isEditable, overlayOpen } from './ApplicationList';
import { VoidModal } from './VoidModal';
import { printPath } from '../../printing/printRoute';
import { visitPath } from '../../followUps/visitRoute';
import { PageTitle } from '../../../lib/PageTitle';

function backToList() {
  useShellStore.getState().navigate('/applications');
}

/** 申请详情: everything recorded, its revisions and audit history, and what staff may do next. */
export function ApplicationDetail({ id }: { id: string }) {
  const t = zhCN.apps.detail;
  const detail = useApplicationsStore((s) => (s.detail?.id === id ? s.detail : null));
  const role = useSessionStore((s) => s.status?.session?.role);
  const active = usePlansStore((s) => s.active);
  const versions = usePlansStore((s) => s.versions);
  const byKey = usePlansStore((s) => s.byKey);
  const [voidOpen, setVoidOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const { modal, message } = App.useApp();

  useEffect(() => {
    void useApplicationsStore.getState().openDetail(id);
    void usePlansStore.getState().loadVersions();
    setActionError(null);
  }, [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || isEditable(e.target) || overlayOpen()) return;
      e.preventDefault();
      backToList();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const record = detail?.record ?? null;
  const recordPlanKey = record?.planKey;
  useEffect(() => {
    if (recordPlanKey) void usePlansStore.getState().loadByKey(recordPlanKey);
  }, [recordPlanKey]);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={backToList} data-testid="app-back">
      {t.back}
      <Typography.Text type="secondary" style={{ fontSize: '0.75rem' }}>
        {t.backHint}
      </Typography.Text>
    </Button>
  );

  if (!record) {
    return (
      <div data-testid="app-detail" data-loading={detail?.loading ? 'true' : 'false'}>
        <Flex style={{ marginBottom: 16 }}>{back}</Flex>
        <ErrorAlert error={detail?.error} testId="app-detail-error" />
        {(!detail || detail.loading) && <Loading />}
      </div>
    );
  }

  // Names of schools, zones and materials come from the plan the application was taken under.
  const recordPlan = active?.info.planKey === record.planKey ? active.plan : (byKey[record.planKey]?.plan ?? active?.plan);
  const isDraft = record.status === 'draft';
  const voidable = canVoid(record.status);
  const supervisor = role !== undefined && hasRole(role, ['supervisor', 'admin']);
  const planInfo = versions.find((v) => v.planKey === record.planKey);
  const planText = planInfo ? `${planInfo.countyName} ${planInfo.version}` : record.planKey;
  const notActive = active !== null && active.info.planKey !== record.planKey;

  const discard = () => {
    modal.confirm({
      title: t.discardConfirm.title,
      content: t.discardConfirm.body,
      okText: t.discardConfirm.ok,
      okButtonProps: { danger: true },
      cancelText: zhCN.ui.common.cancel,
      onOk: async () => {
        const err = await useApplicationsStore.getState().discardDraft(record.id);
        if (err) {
          setActionError(err.message);
          return;
        }
        void message.success(t.discardConfirm.done);
        backToList();
      },
    });
  };

  const summary = [
    {
      key: 'receipt',
      label: t.receiptNo,
      children: record.receiptNo ? (
        <Typography.Text strong copyable style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="app-detail-receipt">
          {record.receiptNo}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" data-testid="app-detail-receipt">
          {t.noReceipt}
        </Typography.Text>
      ),
    },
    { key: 'status', label: t.status, children: <StatusTag status={record.status} testId="app-detail-status" /> },
    { key: 'sync', label: t.sync, children: <SyncBadge state={record.syncState} testId="app-detail-sync" /> },
    {
      key: 'plan',
      label: t.plan,
      children: (
        <span data-testid="app-detail-plan" title={record.planKey}>
          {planText}
          {notActive && <Typography.Text type="warning">{t.planNotActive}</Typography.Text>}
        </span>
      ),
    },
    { key: 'revision', label: t.revision, children: record.revision > 0 ? format(t.revisionValue, { revision: record.revision }) : zhCN.apps.labels.none },
    { key: 'submittedAt', label: t.submittedAt, children: localTime(record.submittedAt) || zhCN.apps.labels.none },
    { key: 'createdBy', label: t.createdBy, children: record.createdByName ?? record.createdBy },
    { key: 'createdAt', label: t.createdAt, children: localTime(record.createdAt) },
    { key: 'updatedAt', label: t.updatedAt, children: localTime(record.updatedAt) },
    ...(record.voidReason
      ? [{ key: 'voidReason', label: t.voidReason, span: 3, children: <span data-testid="app-detail-void-reason">{record.voidReason}</span> }]
      : []),
  ];

  return (
    <div data-testid="app-detail" data-id={record.id}>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Flex align="center" gap={12}>
          {back}
          <PageTitle>{record.childName ? format(t.titleWithName, { name: record.childName }) : t.title}</PageTitle>
        </Flex>
        <Space wrap>
          {isDraft && (
            <>
              <Button type="primary" icon={<FormOutlined />} onClick={() => useShellStore.getState().navigate(`/intake/${record.id}`)} data-testid="app-resume">
                {t.actions.resume}
              </Button>
              <Button danger icon={<DeleteOutlined />} onClick={discard} data-testid="app-discard">
                {t.actions.discard}
              </Button>
            </>
          )}
          {canEdit(record.status) && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => useShellStore.getState().navigate(`/intake/${record.id}`)} data-testid="app-edit">
              {t.actions.edit}
            </Button>
          )}
          {owesMaterials(record.status, record.data, recordPlan) && (
            <Button
              icon={<FileAddOutlined />}
              onClick={() => useShellStore.getState().navigate(visitPath(record.id, `/applications/${record.id}`))}
              data-testid="app-bring-materials"
            >
              {t.actions.bringMaterials}
            </Button>
          )}
          {!isDraft && (
            <Button
              icon={<PrinterOutlined />}
              onClick={() => useShellStore.getState().navigate(printPath(record.id, 'receipt', `/applications/${record.id}`))}
              data-testid="app-print"
            >
              {zhCN.printing.screen.openPrint}
            </Button>
          )}
          {voidable && (
            <Tooltip title={supervisor ? undefined : t.voidModal.supervisorOnly}>
              <Button danger icon={<StopOutlined />} disabled={!supervisor} onClick={() => setVoidOpen(true)} data-testid="app-void">
                {t.actions.void}
              </Button>
            </Tooltip>
          )}
        </Space>
      </Flex>
      <ErrorAlert error={actionError ?? detail?.error} testId="app-detail-error" onClose={() => setActionError(null)} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={3} items={summary} />
      </Card>
      <DetailSections record={record} plan={recordPlan} fullIds={role !== undefined && hasRole(role, ['clerk', 'supervisor'])} />
      {record.receiptNo && (
        <VoidModal id={record.id} receiptNo={record.receiptNo} open={voidOpen} onClose={() => setVoidOpen(false)} />
      )}
    </div>
  );
}

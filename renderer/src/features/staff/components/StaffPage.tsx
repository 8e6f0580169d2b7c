import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { RpcError, Staff } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { useSessionStore } from '../../session/store';
import { useStaffStore } from '../store';
import { CreateStaffModal } from './CreateStaffModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { RoleModal } from './RoleModal';
import { PageTitle } from '../../../lib/PageTitle';

type Dialog = { kind: 'create' } | { kind: 'reset'; staff: Staff } | { kind: 'role'; staff: Staff } | null;

function isLockedNow(s: Staff): boolean {
  return s.lockedUntil !== null && Date.parse(s.lockedUntil) > Date.now();
}

function StateTags({ staff }: { staff: Staff }) {
  const t = zhCN.ui.staff.state;
  return (
    <Space size={4} wrap>
      {staff.disabled ? (
        <Tag>{t.disabled}</Tag>
      ) : isLockedNow(staff) ? (
        <Tag color="red">{format(t.lockedUntil, { until: localTime(staff.lockedUntil) })}</Tag>
      ) : (
        <Tag color="green">{t.active}</Tag>
      )}
      {staff.mustChangePassword && <Tag color="orange">{t.mustChange}</Tag>}
    </Space>
  );
}

/** 员工管理 (admin): accounts, roles, passwords and lockouts. */
export default function StaffPage() {
  const t = zhCN.ui.staff;
  const { message, modal } = App.useApp();
  const { list, loading, loadError } = useStaffStore();
  const selfId = useSessionStore((s) => s.status?.session?.staffId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [actionError, setActionError] = useState<RpcError | null>(null);

  useEffect(() => {
    void useStaffStore.getState().load();
  }, []);

  /** Runs one row action; the core's refusal (LAST_ADMIN, SELF_CHANGE_FORBIDDEN, …) is shown above the table. */
  const act = async (run: () => Promise<{ ok: true } | { ok: false; error: RpcError }>, done: string) => {
    setActionError(null);
    const res = await run();
    if (res.ok) void message.success(done);
    else setActionError(res.error);
  };

  const confirmDisable = (s: Staff) => {
    void modal.confirm({
      title: format(t.confirmDisable.title, { name: s.displayName }),
      content: t.confirmDisable.body,
      okText: t.confirmDisable.ok,
      okButtonProps: { danger: true },
      cancelText: zhCN.ui.common.cancel,
      onOk: () => act(() => useStaffStore.getState().setDisabled(s.id, true), format(t.disabled, { name: s.displayName })),
    });
  };

  const columns: TableProps<Staff>['columns'] = [
    {
      title: t.columns.username,
      dataIndex: 'username',
      render: (username: string, s) => (
        <Space size={6}>
          <Typography.Text code>{username}</Typography.Text>
          {s.id === selfId && <Tag color="blue">{t.self}</Tag>}
        </Space>
      ),
    },
    { title: t.columns.displayName, dataIndex: 'displayName' },
    { title: t.columns.role, dataIndex: 'role', render: (role: Staff['role']) => zhCN.roles[role] },
    { title: t.columns.state, key: 'state', render: (_v, s) => <StateTags staff={s} /> },
    {
      title: t.columns.lastLogin,
      dataIndex: 'lastLoginAt',
      render: (at: string | null) => (at ? localTime(at) : <Typography.Text type="secondary">{zhCN.ui.common.never}</Typography.Text>),
    },
    {
      title: t.columns.actions,
      key: 'actions',
      render: (_v, s) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'reset', staff: s })} data-testid={`staff-reset-${s.username}`}>
            {t.actions.resetPassword}
          </Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'role', staff: s })} data-testid={`staff-role-${s.username}`}>
            {t.actions.setRole}
          </Button>
          {s.disabled ? (
            <Button
              type="link"
              size="small"
              data-testid={`staff-enable-${s.username}`}
              onClick={() => void act(() => useStaffStore.getState().setDisabled(s.id, false), format(t.enabled, { name: s.displayName }))}
            >
              {t.actions.enable}
            </Button>
          ) : (
            <Button type="link" size="small" danger onClick={() => confirmDisable(s)} data-testid={`staff-disable-${s.username}`}>
              {t.actions.disable}
            </Button>
          )}
          {isLockedNow(s) && (
            <Button
              type="link"
              size="small"
              data-testid={`staff-unlock-${s.username}`}
              onClick={() => void act(() => useStaffStore.getState().unlock(s.id), format(t.unlocked, { name: s.displayName }))}
            >
              {t.actions.unlock}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="staff-page">
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <PageTitle>{t.title}</PageTitle>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void useStaffStore.getState().load()}>
            {zhCN.ui.common.refresh}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="staff-create-button">
            {t.create}
          </Button>
        </Space>
      </Flex>
      <ErrorAlert error={loadError} testId="staff-load-error" />
      <ErrorAlert error={actionError} testId="staff-error" onClose={() => setActionError(null)} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Staff>
          rowKey="id"
          data-testid="staff-table"
          columns={columns}
          dataSource={list}
          loading={loading}
          pagination={false}
          locale={{ emptyText: t.empty }}
        />
      </Card>
      <CreateStaffModal open={dialog?.kind === 'create'} onClose={() => setDialog(null)} />
      <ResetPasswordModal staff={dialog?.kind === 'reset' ? dialog.staff : null} onClose={() => setDialog(null)} />
      <RoleModal staff={dialog?.kind === 'role' ? dialog.staff : null} onClose={() => setDialog(null)} />
    </div>
  );
}

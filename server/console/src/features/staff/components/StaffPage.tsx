import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { consoleRoleSchema, type ConsoleRole, type StaffAccount } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { consoleApiText } from '../../../../../../shared/i18n/zhCN.consoleApi';
import { labels } from '../../../../../../shared/i18n/zhCN.labels';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import { localMinute } from '../../../lib/format';
import type { ConsoleError } from '../../../transport/client';
import { useReferenceStore } from '../../reference/store';
import { useSessionStore } from '../../session/store';
import { Chip } from '../../../lib/Chip';
import { useStaffStore } from '../store';

const t = consoleText.staff;
const c = t.columns;

interface AccountValues {
  username: string;
  displayName: string;
  role: ConsoleRole;
  schoolIds: string[];
  /** A school user's one school. */
  schoolId?: string;
  types: StaffAccount['scope']['types'];
}

function scopeText(a: StaffAccount, schools: Map<string, string>): string {
  if (a.role === 'admin' || a.role === 'viewer') return t.scopeAll;
  const s = a.scope.schoolIds.map((id) => schools.get(id) ?? id).join('、') || t.scopeAll;
  if (a.role === 'school') return s;
  const ty = a.scope.types.map((x) => labels.enrollmentType[x]).join('、') || t.scopeAll;
  return `${s} · ${ty}`;
}

function AccountForm({ initial, editing, onDone }: { initial: AccountValues; editing: StaffAccount | null; onDone: () => void }) {
  const [form] = Form.useForm<AccountValues>();
  const role = Form.useWatch('role', form) ?? initial.role;
  const reference = useReferenceStore((s) => s.reference);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: AccountValues) => {
    const scope = role === 'admin' || role === 'viewer' ? { schoolIds: [], types: [] } : role === 'school' ? { schoolIds: v.schoolId ? [v.schoolId] : [], types: [] } : { schoolIds: v.schoolIds ?? [], types: v.types ?? [] };
    setBusy(true);
    setError(null);
    const refused = await useStaffStore.getState().save(editing, { username: v.username, displayName: v.displayName, role: v.role, scope });
    setBusy(false);
    if (refused) return setError(refused);
    onDone();
  };
  return (
    <Form<AccountValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} disabled={busy} id="account-form">
      <Form.Item name="username" label={t.username} rules={[{ required: true, whitespace: true, message: t.usernameRequired }]}>
        <Input disabled={editing !== null} autoComplete="off" data-testid="staff-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t.displayName} rules={[{ required: true, whitespace: true, message: t.displayNameRequired }]}>
        <Input maxLength={40} data-testid="staff-name" />
      </Form.Item>
      <Form.Item name="role" label={t.role}>
        <Select options={consoleRoleSchema.options.map((r) => ({ value: r, label: consoleApiText.roles[r] }))} data-testid="staff-role" aria-label={t.role} />
      </Form.Item>
      {(role === 'reviewer' || role === 'second_reviewer') && (
        <Form.Item name="schoolIds" label={t.schools}>
          <Select mode="multiple" allowClear options={(reference?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))} optionFilterProp="label" aria-label={t.schools} />
        </Form.Item>
      )}
      {role === 'school' && (
        <Form.Item name="schoolId" label={t.school} rules={[{ required: true, message: t.schoolRequired }]}>
          <Select showSearch options={(reference?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))} optionFilterProp="label" aria-label={t.school} />
        </Form.Item>
      )}
      {(role === 'reviewer' || role === 'second_reviewer') && (
        <Form.Item name="types" label={t.types}>
          <Select mode="multiple" allowClear options={Object.entries(labels.enrollmentType).map(([value, label]) => ({ value, label }))} aria-label={t.types} />
        </Form.Item>
      )}
      <ErrorAlert error={error} testId="staff-form-error" />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="staff-submit">
        {editing ? t.save : t.createSubmit}
      </Button>
    </Form>
  );
}

/** 账号与角色: console accounts with roles and scopes; reset passwords, unlock, disable. */
export default function StaffPage() {
  const { message } = App.useApp();
  const me = useSessionStore((s) => s.me);
  const reference = useReferenceStore((s) => s.reference);
  const schools = new Map(reference?.schools.map((s) => [s.id, s.name]) ?? []);
  const { accounts, error, password, resetPassword, unlock, setDisabled, clearError, closePassword } = useStaffStore();
  const [editing, setEditing] = useState<StaffAccount | 'new' | null>(null);

  useEffect(() => {
    void useReferenceStore.getState().load();
    void useStaffStore.getState().open();
  }, []);

  const initial = (a: StaffAccount | null): AccountValues =>
    a
      ? { username: a.username, displayName: a.displayName, role: a.role, schoolIds: a.scope.schoolIds, schoolId: a.scope.schoolIds[0], types: a.scope.types }
      : { username: '', displayName: '', role: 'reviewer', schoolIds: [], types: [] };

  return (
    <section data-testid="staff-page">
      <PageHeader title={t.title}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')} data-testid="staff-new">
          {t.create}
        </Button>
      </PageHeader>
      <ErrorAlert error={error} testId="staff-error" onClose={clearError} />
      <Table<StaffAccount>
        size="small"
        rowKey="staffId"
        pagination={false}
        loading={accounts === null && !error}
        dataSource={accounts ?? []}
        onRow={(a) => ({ 'data-testid': `staff-${a.username}` }) as object}
        columns={[
          { key: 'username', title: c.username, dataIndex: 'username', width: 120 },
          { key: 'name', title: c.name, dataIndex: 'displayName', width: 100 },
          { key: 'role', title: c.role, width: 90, render: (_, a) => consoleApiText.roles[a.role] },
          { key: 'scope', title: c.scope, render: (_, a) => scopeText(a, schools) },
          {
            key: 'state',
            title: c.state,
            width: 170,
            render: (_, a) => (
              <Space size={4} wrap>
                {a.disabled ? <Chip>{t.disabled}</Chip> : <Chip color="green">{t.active}</Chip>}
                {a.lockedUntil && <Chip color="red">{format(t.locked, { at: localMinute(a.lockedUntil) })}</Chip>}
                {a.mustChangePassword && <Chip color="gold">{t.mustChange}</Chip>}
              </Space>
            ),
          },
          { key: 'last', title: c.lastSignIn, width: 140, render: (_, a) => (a.lastSignInAt ? localMinute(a.lastSignInAt) : t.never) },
          {
            key: 'actions',
            title: c.actions,
            width: 280,
            render: (_, a) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(a)}>
                  {t.edit}
                </Button>
                <Popconfirm
                  title={format(t.resetConfirm, { name: a.displayName })}
                  okText={t.resetPassword}
                  cancelText={consoleText.common.cancel}
                  onConfirm={() => void resetPassword(a)}
                >
                  <Button size="small" data-testid={`staff-reset-${a.username}`}>
                    {t.resetPassword}
                  </Button>
                </Popconfirm>
                {a.lockedUntil && (
                  <Button size="small" onClick={() => void unlock(a).then((done) => done && void message.success(format(t.unlocked, { name: a.displayName })))} data-testid={`staff-unlock-${a.username}`}>
                    {t.unlock}
                  </Button>
                )}
                {a.staffId !== me?.staffId &&
                  (a.disabled ? (
                    <Button size="small" onClick={() => void setDisabled(a, false)}>
                      {t.enable}
                    </Button>
                  ) : (
                    <Popconfirm
                      title={format(t.disableConfirm, { name: a.displayName })}
                      okText={t.disable}
                      okButtonProps={{ danger: true }}
                      cancelText={consoleText.common.cancel}
                      onConfirm={() => void setDisabled(a, true)}
                    >
                      <Button size="small" danger>
                        {t.disable}
                      </Button>
                    </Popconfirm>
                  ))}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? t.create : t.edit} footer={null} onCancel={() => setEditing(null)} destroyOnHidden>
        {editing !== null && (
          <AccountForm
            initial={initial(editing === 'new' ? null : editing)}
            editing={editing === 'new' ? null : editing}
            onDone={() => {
              setEditing(null);
              if (editing !== 'new') void message.success(t.saved);
            }}
          />
        )}
      </Modal>
      <Modal
        open={password !== null}
        title={t.initialPassword}
        onOk={closePassword}
        onCancel={closePassword}
        cancelButtonProps={{ style: { display: 'none' } }}
        okButtonProps={{ ...{ 'data-testid': 'initial-password-close' } }}
        okText={consoleText.common.close}
        destroyOnHidden
      >
        {password && (
          <div data-testid="initial-password">
            <Typography.Paragraph copyable={{ text: password.password }} style={{ fontSize: 22, fontFamily: 'ui-monospace, Consolas, monospace' }} data-testid="initial-password-text">
              {password.password}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{format(t.initialHint, { name: password.name })}</Typography.Paragraph>
          </div>
        )}
      </Modal>
    </section>
  );
}

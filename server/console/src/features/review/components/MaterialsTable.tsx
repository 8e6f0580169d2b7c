import { Alert, Table, Typography } from 'antd';
import type { ApplicationView } from '../../../../../../shared/console';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { labels } from '../../../../../../shared/i18n/zhCN.labels';
import { format } from '../../../../../../shared/i18n/format';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { localMinute } from '../../../transport/client';
import { Chip, type Tone } from '../../../lib/Chip';

const t = consoleText.review;
const c = t.materialsColumns;

type Material = ApplicationView['materials'][number];
type Verification = NonNullable<ApplicationView['deptVerification']>;
type Check = Verification['materials'][number];

const dv = deptConsoleText.verification;
const CHECK_COLOR: Record<Check['status'], Tone> = { verified: 'green', mismatch: 'red', no_record: 'gold', no_data: 'default' };

/** 部门数据核验 at a glance: all verified (the fast lane), what differs, and the enrollment type against the data. */
function VerificationSummary({ v }: { v: Verification | null }) {
  if (!v) {
    return (
      <Typography.Paragraph type="secondary" data-testid="dept-verification-none">
        {dv.none}
      </Typography.Paragraph>
    );
  }
  const headline = v.allVerified ? dv.allVerified : v.mismatch ? dv.mismatch : dv.partial;
  return (
    <Alert
      type={v.allVerified ? 'success' : v.mismatch ? 'error' : 'info'}
      showIcon
      data-testid="dept-verification"
      data-state={v.allVerified ? 'all' : v.mismatch ? 'mismatch' : 'partial'}
      style={{ marginBottom: 8 }}
      title={`${dv.title}：${headline}`}
      description={
        <>
          {v.type && <div data-testid="dept-verification-type">{format(v.type.ok ? dv.typeOk : dv.typeMismatch, { reason: v.type.reason })}</div>}
          <Typography.Text type="secondary">{format(dv.computedAt, { at: localMinute(v.computedAt) })}</Typography.Text>
        </>
      }
    />
  );
}

function CheckCell({ check }: { check: Check | undefined }) {
  if (!check) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div data-testid="dept-check" data-status={check.status}>
      <Chip color={CHECK_COLOR[check.status]}>{dv.statusText[check.status]}</Chip>
      {check.reasons.map((r) => (
        <div key={r} style={{ fontSize: 12, marginTop: 2 }}>
          {r}
        </div>
      ))}
    </div>
  );
}

/** The plan's material list for the application's type: why each is needed, what the desk marked, what the county asked for. */
export function MaterialsTable({ view }: { view: ApplicationView }) {
  const checks = new Map((view.deptVerification?.materials ?? []).map((m) => [m.itemId, m]));
  return (
    <div data-testid="materials-table">
      <VerificationSummary v={view.deptVerification} />
      {!view.planKnown && view.planKey && (
        <Typography.Paragraph type="warning">{t.planUnknown.replace('{planKey}', view.planKey)}</Typography.Paragraph>
      )}
      <Table<Material>
        size="small"
        pagination={false}
        rowKey="itemId"
        dataSource={view.materials}
        onRow={(m) => ({ 'data-testid': `material-${m.itemId}` }) as object}
        columns={[
          {
            key: 'name',
            title: c.name,
            width: 150,
            render: (_, m) => (
              <>
                <div>{m.name}</div>
                <Chip color={m.required ? 'blue' : 'default'} style={{ marginTop: 2 }}>
                  {m.required ? t.required : t.optional}
                </Chip>
              </>
            ),
          },
          { key: 'reason', title: c.reason, render: (_, m) => <Typography.Text type="secondary">{m.reason}</Typography.Text> },
          {
            key: 'deskState',
            title: c.deskState,
            width: 112,
            render: (_, m) => (
              <>
                {m.deskState ? <Chip color={m.deskState === 'missing' ? 'gold' : 'green'}>{labels.materialState[m.deskState]}</Chip> : <Typography.Text type="secondary">{t.notMarked}</Typography.Text>}
                {m.requested && (
                  <Chip color="orange" style={{ marginTop: 2 }}>
                    {t.requested}
                  </Chip>
                )}
              </>
            ),
          },
          { key: 'pages', title: c.pages, dataIndex: 'pages', width: 56 },
          ...(view.deptVerification ? [{ key: 'dept', title: dv.status, width: 200, render: (_: unknown, m: Material) => <CheckCell check={checks.get(m.itemId)} /> }] : []),
        ]}
      />
    </div>
  );
}

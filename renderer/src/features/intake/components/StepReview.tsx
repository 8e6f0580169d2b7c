import { useEffect, useRef, type ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Flex, List, Spin, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, PrinterOutlined, WarningOutlined } from '@ant-design/icons';
import { acceptsReassignment, type ApplicationSummary, type FieldIssue } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { typesInPriorityOrder } from '../../../../../shared/plan/schema';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { localTime } from '../../../lib/format';
import { labelOfPath } from '../labels';
import { REVIEW_STEP, checklistOf, chosenTypeOf, stepOfPath } from '../model';
import { derivationOf, issuesOf } from '../derived';
import { useIntakeStore } from '../store';
import { TextAreaField, usePlan } from './fields';

const t = zhCN.intake;
const r = t.review;

/** All problems still open: the shared rules, the core's last answer, and the edit reason. */
export function useOpenIssues(): FieldIssue[] {
  const plan = usePlan();
  const data = useIntakeStore((s) => s.data);
  const server = useIntakeStore((s) => s.serverIssues);
  const editing = useIntakeStore((s) => s.editing !== null);
  const reason = useIntakeStore((s) => s.editReason);
  const local = issuesOf(data, plan);
  const all = [...server, ...local];
  if (editing && [...reason.trim()].length < 2 && !all.some((i) => i.path === 'editReason')) {
    all.push({ path: 'editReason', message: t.age.reasonTooShort });
  }
  const seen = new Set<string>();
  return all.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** ⑧ 核对提交: every answer once more, what still needs fixing (with a jump to it), duplicates, submit. */
export function StepReview() {
  const editing = useIntakeStore((s) => s.editing);
  const editReason = useIntakeStore((s) => s.editReason);
  const issues = useOpenIssues();
  const submit = useIntakeStore((s) => s.submit);
  const checked = useIntakeStore((s) => s.duplicates?.blocking ?? null);
  const blocking = submit.blocking ?? checked;
  const firstIssue = issues[0]?.path;

  useEffect(() => {
    // A refused submission puts the cursor where the first fix is: a field here, else its link.
    if (submit.error !== r.fixFirst || firstIssue === undefined) return;
    if (stepOfPath(firstIssue) === REVIEW_STEP) useIntakeStore.getState().requestFocus(firstIssue);
    else document.querySelector<HTMLElement>('[data-testid="intake-issues"] button')?.focus();
    // Only when a new refusal arrives (a new `submit` object), not on every keystroke after it.
  }, [submit]);

  return (
    <>
      {editing && (
        <TextAreaField
          path="editReason"
          label={t.fields.editReason}
          required
          maxLength={200}
          placeholder={t.placeholders.reason}
          value={editReason}
          onChange={(v) => useIntakeStore.getState().setEditReason(v)}
        />
      )}
      <IssueList issues={issues} />
      <DuplicatePanel blocking={blocking} />
      <ReviewSections />
      <TextAreaField path="remarks" label={t.fields.remarks} maxLength={500} />
      {submit.error && <ErrorAlert error={submit.error} testId="intake-submit-error" style={{ marginTop: 12 }} />}
      {submit.planChanged && (
        <Button onClick={() => void useIntakeStore.getState().reloadPlan()} style={{ marginBottom: 12 }} data-testid="intake-reload-plan">
          {t.plan.reload}
        </Button>
      )}
      <Flex gap={12} align="center" style={{ marginTop: 8 }}>
        <Button
          type="primary"
          size="large"
          icon={<CheckCircleOutlined />}
          loading={submit.busy}
          disabled={blocking !== null}
          onClick={() => void useIntakeStore.getState().submitApplication(false)}
          data-testid="intake-submit"
        >
          {editing ? r.submitEdit : r.submit}
          {r.submitShortcut}
        </Button>
        <Tooltip title={r.later}>
          <span>
            <Button size="large" icon={<PrinterOutlined />} disabled>
              {r.printReceipt}
            </Button>
          </span>
        </Tooltip>
      </Flex>
    </>
  );
}

function IssueList({ issues }: { issues: FieldIssue[] }) {
  if (issues.length === 0) {
    return <Alert type="success" showIcon title={r.noIssues} style={{ marginBottom: 12 }} data-testid="intake-issues" />;
  }
  return (
    <Alert
      type="error"
      showIcon
      icon={<WarningOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="intake-issues"
      title={format(r.issuesTitle, { count: issues.length })}
      description={
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {issues.map((issue) => (
            <li key={`${issue.path}|${issue.message}`}>
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => useIntakeStore.getState().jumpTo(issue.path)}
                data-testid={`intake-issue-${issue.path}`}
              >
                {format(r.goTo, { step: stepOfPath(issue.path) + 1, field: labelOfPath(issue.path) })}
              </Button>
              <span>
                {t.punct.colon}
                {issue.message}
              </span>
            </li>
          ))}
        </ol>
      }
    />
  );
}

function DuplicatePanel({ blocking }: { blocking: ApplicationSummary | null }) {
  const checking = useIntakeStore((s) => s.duplicatesChecking);
  const report = useIntakeStore((s) => s.duplicates);
  const fromSubmit = useIntakeStore((s) => s.submit.nearMatches);
  const busy = useIntakeStore((s) => s.submit.busy);
  const near = fromSubmit ?? report?.nearMatches ?? [];
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The core asked for a confirmation: the button to give it is where the cursor goes.
    if (fromSubmit && fromSubmit.length > 0) confirmRef.current?.focus();
  }, [fromSubmit]);

  if (checking && !report) {
    return (
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Spin size="small" />
        <Typography.Text type="secondary">{r.checking}</Typography.Text>
      </Flex>
    );
  }
  if (blocking) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="intake-duplicate"
        title={r.duplicateTitle}
        description={
          <Flex vertical gap={4}>
            <span>
              {format(r.duplicateLine, {
                receiptNo: blocking.receiptNo ?? '',
                name: blocking.childName ?? '',
                status: t.status[blocking.status],
                at: localTime(blocking.submittedAt ?? blocking.createdAt),
              })}
            </span>
            <a href={`#/applications/${blocking.id}`} data-testid="intake-duplicate-link">
              {r.openExisting}
            </a>
          </Flex>
        }
      />
    );
  }
  if (near.length > 0) {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="intake-near-match"
        title={r.nearTitle}
        description={
          <>
            <List
              size="small"
              dataSource={near}
              renderItem={(m) => (
                <List.Item style={{ paddingInline: 0 }}>
                  <Flex vertical>
                    <a href={`#/applications/${m.application.id}`}>
                      {format(r.nearLine, {
                        name: m.application.childName ?? '',
                        id: m.application.childIdNumber ?? '',
                        receiptNo: m.application.receiptNo ?? '',
                      })}
                    </a>
                    <Typography.Text type="secondary">{m.reasons.join(t.punct.semicolon)}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
            <Button
              ref={confirmRef}
              danger
              loading={busy}
              onClick={() => void useIntakeStore.getState().submitApplication(true)}
              data-testid="intake-confirm-near"
              style={{ marginTop: 8 }}
            >
              {r.nearConfirm}
            </Button>
          </>
        }
      />
    );
  }
  if (report) return <Alert type="success" showIcon title={r.noDuplicates} style={{ marginBottom: 12 }} data-testid="intake-no-duplicates" />;
  return null;
}

function Section({ title, path, children }: { title: string; path: string; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={title}
      style={{ marginBottom: 10 }}
      extra={
        <Button type="link" size="small" onClick={() => useIntakeStore.getState().jumpTo(path)}>
          {r.edit}
        </Button>
      }
    >
      {children}
    </Card>
  );
}

type Row = [label: string, value: ReactNode];

function Rows({ rows }: { rows: Row[] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <Descriptions
      size="small"
      column={2}
      items={shown.map(([label, value], i) => ({ key: `${i}`, label, children: value }))}
      styles={{ label: { whiteSpace: 'nowrap' } }}
    />
  );
}

function ReviewSections() {
  const plan = usePlan();
  const data = useIntakeStore((s) => s.data);
  const derivation = derivationOf(data, plan);
  const f = t.fields;
  const o = t.options;
  const child = data.child ?? {};
  const zone = plan.zones.find((z) => z.id === data.school?.zoneEntryId);
  const school = plan.schools.find((s) => s.id === data.school?.schoolId);
  const types = typesInPriorityOrder(plan);
  const chosen = chosenTypeOf(data, derivation.type);
  const typeName = types.find((x) => x.code === chosen)?.name ?? chosen;
  const items = checklistOf(data, plan, derivation.type);
  const category = plan.preferentialCategories.find((c) => c.id === data.preferential?.categoryId);
  const housing = data.housing ?? {};
  return (
    <div data-testid="intake-review">
      <Section title={r.sections.child} path="child.name">
        <Rows
          rows={[
            [f.childName, child.name],
            [f.grade, data.grade ? o.grade[data.grade] : undefined],
            [f.idType, child.idType ? o.idType[child.idType] : undefined],
            [f.idNumber, child.idNumber],
            [f.birthDate, child.birthDate],
            [f.sex, child.sex ? o.sex[child.sex] : undefined],
          ]}
        />
      </Section>
      <Section title={r.sections.guardians} path="guardians.0.relation">
        {(data.guardians ?? []).map((g, i) => (
          <Rows
            key={i}
            rows={[
              [format(t.hints.guardianIndex, { n: i + 1 }), `${g.relation ? o.relation[g.relation] : ''} ${g.name ?? ''}`],
              [f.mobile, g.mobile],
              [f.idType, g.idType ? o.idType[g.idType] : undefined],
              [f.idNumber, g.idNumber],
            ]}
          />
        ))}
        {data.proxy && (
          <Rows
            rows={[
              [f.proxyName, data.proxy.name],
              [f.proxyRelation, data.proxy.relation],
              [f.idNumber, data.proxy.idNumber],
              [f.mobile, data.proxy.mobile],
            ]}
          />
        )}
      </Section>
      <Section title={r.sections.hukou} path="hukou.inCounty">
        <Rows
          rows={[
            [f.hukouInCounty, data.hukou?.inCounty === undefined ? undefined : data.hukou.inCounty ? o.yesNo.yes : o.yesNo.no],
            [f.moveInDate, data.hukou?.inCounty ? data.hukou.moveInDate : undefined],
            [f.hukouAddress, data.hukou?.address],
            [f.housingKind, housing.kind ? o.housingKind[housing.kind] : undefined],
            [f.certificateNumber, housing.kind !== 'none' ? housing.certificateNumber : undefined],
            [f.owner, housing.owner ? `${o.owner[housing.owner]} ${housing.ownerName ?? ''}` : undefined],
            [f.registrationDate, housing.registrationDate],
            [f.housingAddress, housing.address],
          ]}
        />
      </Section>
      <Section title={r.sections.special} path="preferential.categoryId">
        <Rows
          rows={[
            [f.preferential, category ? `${category.name} ${data.preferential?.evidence ?? ''}` : o.noPreferential],
            [f.disabilityToggle, data.disability ? `${data.disability.placement ? o.placement[data.disability.placement] : ''} ${data.disability.certificateNumber ?? ''}` : o.yesNo.no],
          ]}
        />
      </Section>
      <Section title={r.sections.school} path="school.zoneEntryId">
        <Rows
          rows={[
            [f.zone, zone ? `${zone.name}${zone.street ? format(t.punct.paren, { text: zone.street }) : ''}` : undefined],
            [f.school, school?.name],
            [f.acceptsReassignment, acceptsReassignment(data) ? o.yesNo.yes : o.yesNo.no],
            ...(data.siblings ?? []).map((x, i): Row => [format(f.siblingIdNumber, { n: i + 1 }), x.idNumber]),
          ]}
        />
      </Section>
      <Section title={r.sections.type} path="typeDecision.chosen">
        <Rows
          rows={[
            [f.chosenType, typeName],
            [t.hints.derived, types.find((x) => x.code === derivation.type)?.name],
            [f.overrideReason, chosen !== derivation.type ? data.typeDecision?.overrideReason : undefined],
          ]}
        />
      </Section>
      <Section title={r.sections.materials} path="materials">
        <Rows
          rows={items.map((item): Row => {
            const state = data.materials?.find((m) => m.itemId === item.id)?.state;
            return [item.name, state ? o.materialState[state] : t.hints.unmarked];
          })}
        />
      </Section>
    </div>
  );
}

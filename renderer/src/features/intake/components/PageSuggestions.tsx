import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { Alert, Button, Flex, Card, Spin, Tag, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import type { RpcError, Suggestions } from '../../../../../shared/contract';
import { maskId } from '../../../../../shared/domain/mask';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { personOfPath, type PersonTarget } from '../../cardReader/apply';
import { useCardReaderStore } from '../../cardReader/store';
import { offerFor, suggestionRows, uncertainRuns, type SuggestionRow } from '../../cardReader/suggestions';
import { PageViewer } from '../../documents/components/PageViewer';
import { scanPath } from '../../documents/components/scanRoute';
import { useScannedPages } from '../../documents/components/ScannedTag';
import { useDocumentsStore } from '../../documents/store';
import { useShellStore } from '../../shell/store';
import { advanceFrom, focusFieldByPath } from '../focus';
import { today } from '../derived';
import { stepOfPath } from '../model';
import { useIntakeStore } from '../store';
import { usePlan } from './fields';
import { READABLE_MATERIAL } from '../../../lib/inputWords';

const t = zhCN.cardReader.suggestions;

interface ItemAnswer {
  /** The pages' content the answer was read from; a new capture or replacement changes it. */
  signature: string;
  answer: Suggestions | null;
  error: RpcError | null;
}

/** The field the cursor is in (`hukou.moveInDate`), or null. */
function focusedPath(): string | null {
  return document.activeElement?.closest<HTMLElement>('[data-field]')?.dataset.field ?? null;
}

/**
 * Beside the wizard: values read from the pages captured for this application, recognised by the core in its
 * OCR worker after each capture (never on the thread the clerk types into). F4 in a field takes the suggestion
 * for that field and moves on; 采用 does the same by mouse. Nothing is filled otherwise, and a field that holds
 * something is never replaced. Each row links the page it was read from.
 */
export function PageSuggestions() {
  const plan = usePlan();
  const draftId = useIntakeStore((s) => s.id);
  const data = useIntakeStore((s) => s.data);
  const step = useIntakeStore((s) => s.step);
  useScannedPages(draftId);
  const items = useDocumentsStore((s) => (s.applicationId === draftId ? s.items : null));
  const [answers, setAnswers] = useState<Record<string, ItemAnswer>>({});
  const asked = useRef<Record<string, string>>({});
  const [person, setPerson] = useState<PersonTarget | null>(null);
  const [notice, setNotice] = useState<{ text: string; warn: boolean } | null>(null);
  const [viewing, setViewing] = useState<{ materialKey: string; index: number } | null>(null);

  // A new or changed capture of an item: read its pages again (each answer replaces that item's rows).
  useEffect(() => {
    if (!draftId || !items) return;
    for (const [materialKey, pages] of Object.entries(items)) {
      const signature = pages.map((p) => p.sha256).join(',');
      if (asked.current[materialKey] === signature) continue;
      asked.current[materialKey] = signature;
      if (pages.length === 0) {
        setAnswers((a) => ({ ...a, [materialKey]: { signature, answer: null, error: null } }));
        continue;
      }
      setAnswers((a) => ({ ...a, [materialKey]: { signature, answer: a[materialKey]?.answer ?? null, error: null } }));
      void useCardReaderStore
        .getState()
        .suggest(draftId, materialKey)
        .then((r) => {
          if (asked.current[materialKey] !== signature) return;
          setAnswers((a) => ({ ...a, [materialKey]: { signature, answer: 'code' in r ? null : r, error: 'code' in r ? r : null } }));
        });
    }
  }, [draftId, items]);
  useEffect(() => {
    asked.current = {};
    setAnswers({});
  }, [draftId]);

  // A 居住证 without a guardian's number in its item goes to the person the cursor is in (户口簿 people are
  // matched to the form's by ID number, name or relation: suggestions.ts).
  useEffect(() => {
    const onFocus = () => {
      const path = focusedPath();
      const p = path ? personOfPath(path) : null;
      if (p) setPerson(p);
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);

  const ready = Object.values(answers).flatMap((a) => (a.answer ? [a.answer] : []));
  const { rows, unmatched } = useMemo(() => suggestionRows(ready, data, person, today()), [ready, data, person]);
  const nameOf = useCallback((materialKey: string) => plan.materials.find((m) => m.id === materialKey.split(':')[0])?.name ?? materialKey, [plan]);

  const take = useCallback(
    (row: SuggestionRow, from: Element | null) => {
      if (!row.path || row.state !== 'offer' || !draftId) return;
      const { setField, touch } = useIntakeStore.getState();
      const s = row.suggestion;
      const uncertain = (s.uncertain?.length ?? 0) > 0;
      flushSync(() => {
        setField(row.path as string, s.value);
        touch(row.path as string);
        setNotice({
          text: format(uncertain ? t.acceptedUncertain : t.accepted, { label: t.fields[s.field], value: s.field === 'idNumber' ? maskId(s.value) : s.value, item: nameOf(row.materialKey), pageNo: s.pageNo }),
          warn: uncertain,
        });
      });
      void useCardReaderStore.getState().accepted({ applicationId: draftId, materialKey: row.materialKey, pageId: s.pageId, field: s.field, path: row.path, confidence: s.confidence, uncertain });
      // An uncertain value keeps the cursor in its field to be checked; a sure one moves on as Enter would.
      if (from && !uncertain) advanceFrom(from);
      else if (!from) {
        const container = document.querySelector('[data-intake-step]');
        if (container && stepOfPath(row.path) === useIntakeStore.getState().step) focusFieldByPath(container, row.path);
      }
    },
    [draftId, nameOf],
  );

  // F4 in a field takes that field's suggestion.
  const latest = useRef({ rows, take });
  latest.current = { rows, take };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F4' || e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
      const wrapper = document.activeElement?.closest<HTMLElement>('[data-field]');
      const path = wrapper?.dataset.field;
      if (!wrapper || !path) return;
      e.preventDefault();
      const row = offerFor(latest.current.rows, path);
      if (row) latest.current.take(row, wrapper);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!draftId) return null;
  const here = rows.filter((r) => r.path !== null && stepOfPath(r.path) === step);
  const checks = rows.filter((r) => r.path === null);
  const elsewhere = rows.length - here.length - checks.length;
  const reading = Object.entries(answers).filter(([, a]) => a.answer === null && a.error === null && a.signature !== '');
  const errors = Object.values(answers).flatMap((a) => (a.error ? [a.error] : []));
  const scannable = plan.materials.filter((m) => READABLE_MATERIAL.test(m.name) && !(items?.[m.id]?.length ?? 0));
  const viewed = viewing ? (items?.[viewing.materialKey] ?? []) : [];

  return (
    <Card size="small" title={t.title} style={{ marginBottom: 12 }} data-testid="ocr-suggestions" role="region" aria-label={t.title}>
      {rows.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t.intro}
        </Typography.Paragraph>
      )}
      {notice && <Alert type={notice.warn ? 'warning' : 'success'} showIcon style={{ marginBottom: 8 }} title={notice.text} data-testid="ocr-accepted" />}
      {/* Recognition unavailable or a page unreadable: said once, in Chinese; typing goes on as before. */}
      {errors.slice(0, 1).map((e) => (
        <ErrorAlert key={e.code} error={e} testId="ocr-suggestions-error" style={{ marginBottom: 8 }} />
      ))}
      {reading.map(([key]) => (
        <Flex key={key} gap={6} align="center" data-testid={`ocr-reading-${key}`}>
          <Spin size="small" />
          <Typography.Text type="secondary">{format(t.reading, { item: nameOf(key) })}</Typography.Text>
        </Flex>
      ))}
      {[...here, ...checks].map((row) => (
        <RowView key={row.id} row={row} itemName={nameOf(row.materialKey)} onTake={() => take(row, null)} onOpen={() => openPage(row)} />
      ))}
      {elsewhere > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="ocr-other-steps">
          {format(t.otherSteps, { n: elsewhere })}
        </Typography.Text>
      )}
      {unmatched > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} data-testid="ocr-other-people">
          {format(t.otherPeople, { n: unmatched })}
        </Typography.Text>
      )}
      {ready.length > 0 && rows.length === 0 && unmatched === 0 && reading.length === 0 && <Typography.Text type="secondary">{t.none}</Typography.Text>}
      {scannable.length > 0 && (
        <Flex gap={6} wrap align="center" style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t.scanHint}
          </Typography.Text>
          {scannable.map((m) => (
            <Button
              key={m.id}
              size="small"
              icon={<ScanOutlined />}
              tabIndex={-1}
              data-testid={`ocr-scan-${m.id}`}
              onClick={() => useShellStore.getState().navigate(scanPath(draftId, m.id, `/intake/${draftId}`))}
            >
              {m.name}
            </Button>
          ))}
        </Flex>
      )}
      <PageViewer
        pages={viewed}
        index={viewing?.index ?? null}
        itemName={viewing ? nameOf(viewing.materialKey) : ''}
        onIndex={(index) => setViewing((v) => (v ? { ...v, index } : v))}
        onClose={() => setViewing(null)}
      />
    </Card>
  );

  function openPage(row: SuggestionRow) {
    const index = (items?.[row.materialKey] ?? []).findIndex((p) => p.id === row.suggestion.pageId);
    if (index >= 0) setViewing({ materialKey: row.materialKey, index });
  }
}

function RowView({ row, itemName, onTake, onOpen }: { row: SuggestionRow; itemName: string; onTake: () => void; onOpen: () => void }) {
  const s = row.suggestion;
  const shown = s.field === 'idNumber' ? [{ text: maskId(s.value), uncertain: false }] : uncertainRuns(s);
  const uncertain = (s.uncertain?.length ?? 0) > 0;
  return (
    <div data-testid={`ocr-suggestion-${s.field}`} data-state={row.state} data-path={row.path ?? ''} style={{ padding: '6px 0', borderBottom: '1px solid #eef0f3' }}>
      <Flex gap={6} align="baseline" wrap>
        <Typography.Text type="secondary">{t.fields[s.field]}</Typography.Text>
        <Typography.Text strong data-testid="ocr-value">
          {shown.map((r, i) =>
            r.uncertain ? (
              <mark key={i} style={{ background: '#fff1b8', textDecoration: 'underline wavy #d48806' }} data-uncertain="true">
                {r.text}
              </mark>
            ) : (
              <span key={i}>{r.text}</span>
            ),
          )}
        </Typography.Text>
      </Flex>
      <Flex gap={6} align="center" wrap style={{ marginTop: 2 }}>
        {row.state === 'offer' && (
          <Button size="small" type="primary" onClick={onTake} tabIndex={-1} data-testid="ocr-take">
            {t.accept}
          </Button>
        )}
        {row.state === 'offer' && <Tag>{t.f4}</Tag>}
        {row.state === 'same' && <Tag color="green">{t.same}</Tag>}
        {row.state === 'checkOnly' && <Tag>{t.checkOnly}</Tag>}
        <Button size="small" type="link" onClick={onOpen} tabIndex={-1} aria-label={`${t.openPage} ${itemName} ${format(t.page, { pageNo: s.pageNo })}`} data-testid="ocr-page">
          {itemName} {format(t.page, { pageNo: s.pageNo })}
        </Button>
      </Flex>
      {row.state === 'differs' && (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }}>
          {format(t.differs, { current: s.field === 'idNumber' ? maskId(row.current ?? '') : (row.current ?? '') })}
        </Typography.Text>
      )}
      {row.state === 'incomplete' && (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }}>
          {t.incomplete}
        </Typography.Text>
      )}
      {row.state === 'offer' && uncertain && (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }}>
          {t.uncertain}
        </Typography.Text>
      )}
    </div>
  );
}

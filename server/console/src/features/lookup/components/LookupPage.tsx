import { useEffect, useState, type FormEvent } from 'react';
import type { LookupResult } from '../../../../../../shared/console';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { localMinute } from '../../../lib/format';
import { useLookupStore } from '../store';

const t = consoleText.lookup;

/**
 * The public lookup (no sign-in, no antd): receipt number + verification code → whether the paper is genuine and
 * where the application stands, masked. `?r=<receipt>&c=<code>` or `?q=<QR text>` fill the form and ask at once.
 */
export function LookupPage() {
  const params = new URLSearchParams(location.search);
  const [receiptNo, setReceiptNo] = useState(params.get('q') ?? params.get('r') ?? '');
  const [code, setCode] = useState(params.get('c') ?? '');
  const { busy, missing, shown, ask } = useLookupStore();

  useEffect(() => {
    if (receiptNo) void ask(receiptNo, code);
    // Only the address's values, once.
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void ask(receiptNo, code);
  };

  return (
    <main className="lookup" data-testid="lookup-page">
      <h1>{t.title}</h1>
      <p className="lookup-intro">{t.intro}</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="lookup-receipt">{t.receiptNo}</label>
        <input
          id="lookup-receipt"
          value={receiptNo}
          onChange={(e) => setReceiptNo(e.target.value)}
          autoComplete="off"
          aria-describedby="lookup-receipt-hint"
          aria-invalid={missing}
          data-testid="lookup-receipt"
          autoFocus
        />
        <p id="lookup-receipt-hint" className="lookup-hint">
          {t.receiptHint}
        </p>
        {missing && (
          <p className="lookup-error" role="alert">
            {t.receiptRequired}
          </p>
        )}
        <label htmlFor="lookup-code">{t.code}</label>
        <input id="lookup-code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" aria-describedby="lookup-code-hint" data-testid="lookup-code" />
        <p id="lookup-code-hint" className="lookup-hint">
          {t.codeHint}
        </p>
        <button type="submit" disabled={busy} data-testid="lookup-submit">
          {busy ? t.submitting : t.submit}
        </button>
      </form>
      <div aria-live="polite">
        {shown?.kind === 'error' && (
          <p className="lookup-error" role="alert" data-testid="lookup-error">
            {shown.message}
          </p>
        )}
        {shown?.kind === 'result' && !shown.result.found && (
          <p className="lookup-warn" data-testid="lookup-not-found">
            {t.notFound}
          </p>
        )}
        {shown?.kind === 'result' && shown.result.found && <Found result={shown.result} />}
      </div>
    </main>
  );
}

function Found({ result }: { result: Extract<LookupResult, { found: true }> }) {
  return (
    <section className="lookup-result" data-testid="lookup-result" data-status={result.status} data-document={result.document}>
      <p className="lookup-genuine">{result.document === 'receipt' ? t.genuineReceipt : t.genuineNotice}</p>
      {!result.current && <p className="lookup-warn">{t.outdated}</p>}
      <dl>
        <dt>{t.receipt}</dt>
        <dd>{result.receiptNo}</dd>
        <dt>{t.child}</dt>
        <dd data-testid="lookup-child">{result.childNameMasked}</dd>
        {result.schoolName && (
          <>
            <dt>{t.school}</dt>
            <dd>{result.schoolName}</dd>
          </>
        )}
        <dt>{t.status}</dt>
        <dd data-testid="lookup-status">
          <strong>{result.statusText}</strong>
        </dd>
        {result.submittedAt && (
          <>
            <dt>{t.submittedAt}</dt>
            <dd>{localMinute(result.submittedAt)}</dd>
          </>
        )}
        {result.decidedAt && (
          <>
            <dt>{t.decidedAt}</dt>
            <dd>{localMinute(result.decidedAt)}</dd>
          </>
        )}
      </dl>
      <p className="lookup-hint">{t.privacy}</p>
    </section>
  );
}

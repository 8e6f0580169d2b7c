import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import type { RpcError } from '../../../../../shared/contract';
import { splitFormError } from '../../../lib/rpcErrors';
import { useShellStore } from '../../shell/store';
import { useSessionStore } from '../store';
import { RestoredBanner } from '../../backup/components/RestoredBanner';
import '../../../app/first.css';

type Field = 'username' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

/**
 * The sign-in screen. It is the first thing shown every morning, so it is plain React and CSS
 * (no antd): it paints before the rest of the app has loaded (ADR 0004).
 */
export function LoginScreen() {
  const t = zhCN.ui.login;
  const counter = useSessionStore((s) => s.status?.counter);
  const insecure = useSessionStore((s) => s.status?.insecureKeyStorage ?? false);
  const auditAlert = useSessionStore((s) => s.status?.auditAlert ?? null);
  const notice = useSessionStore((s) => s.loginNotice);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<RpcError | string | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const missing: FieldErrors = {};
    if (!username.trim()) missing.username = zhCN.fields.required;
    if (!password) missing.password = zhCN.fields.required;
    setFieldErrors(missing);
    if (missing.username || missing.password) {
      (missing.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const { login, clearLoginNotice } = useSessionStore.getState();
    clearLoginNotice();
    const err = await login(username, password);
    setBusy(false);
    if (!err) {
      useShellStore.getState().navigate('/');
      return;
    }
    const split = splitFormError(err, { fields: ['username', 'password'] });
    setFieldErrors({ username: split.fields.username?.join(' '), password: split.fields.password?.join(' ') });
    setError(split.message);
    // Wrong password: clear it and let the clerk type it again straight away.
    setPassword('');
    passwordRef.current?.focus();
  };

  const shownError = error ?? notice;
  const message = typeof shownError === 'string' ? shownError : shownError?.message;

  return (
    <main className="desk-first" data-testid="login-screen">
      <div className="desk-first-brand">
        <ShieldIcon />
        <h1>{zhCN.app.productName}</h1>
      </div>
      <div className="desk-first-sub">{counter ? format(t.counterLine, { name: counter.counterName, code: counter.counterCode }) : null}</div>
      {insecure && (
        <div className="desk-first-banner desk-first-alert warning" role="alert" data-testid="insecure-key-banner">
          <strong>{t.insecureKeyTitle}</strong>
          <span>{t.insecureKeyBody}</span>
        </div>
      )}
      {auditAlert && (
        <div className="desk-first-banner desk-first-alert stacked" role="alert" data-testid="audit-alert-banner">
          <strong>{t.auditAlertTitle}</strong>
          <span>{format(t.auditAlertBody, { problem: auditAlert.problem })}</span>
        </div>
      )}
      <RestoredBanner />
      <section className="desk-first-card" aria-labelledby="login-title">
        <h2 id="login-title">{t.title}</h2>
        <div className="desk-first-body">
          {message && (
            // A new message must be announced even when it replaces an earlier one.
            <div key={message} className="desk-first-alert" role="alert" data-testid="login-error">
              {message}
            </div>
          )}
          <form name="login" noValidate autoComplete="off" onSubmit={(e) => void submit(e)}>
            <LoginField
              id="login-username"
              label={t.username}
              error={fieldErrors.username}
              icon={<UserIcon />}
              input={
                <input
                  id="login-username"
                  ref={usernameRef}
                  data-testid="login-username"
                  // The one field a clerk types into first.
                  autoFocus
                  value={username}
                  aria-invalid={fieldErrors.username ? true : undefined}
                  aria-describedby={fieldErrors.username ? 'login-username-error' : undefined}
                  onChange={(e) => setUsername(e.target.value)}
                />
              }
            />
            <LoginField
              id="login-password"
              label={t.password}
              error={fieldErrors.password}
              icon={<LockIcon />}
              input={
                <>
                  <input
                    id="login-password"
                    ref={passwordRef}
                    data-testid="login-password"
                    type={shown ? 'text' : 'password'}
                    value={password}
                    aria-invalid={fieldErrors.password ? true : undefined}
                    aria-describedby={fieldErrors.password ? 'login-password-error' : undefined}
                    onChange={(e) => setPassword(e.target.value)}
                  />
                  {/* Out of the Tab order: Tab goes from field to field at the counter; the eye works with the mouse. */}
                  <button
                    type="button"
                    className="desk-first-eye"
                    tabIndex={-1}
                    aria-label={shown ? t.hidePassword : t.showPassword}
                    onClick={() => setShown((v) => !v)}
                  >
                    <EyeIcon crossed={!shown} />
                  </button>
                </>
              }
            />
            <button type="submit" className="desk-first-submit" data-testid="login-submit" aria-busy={busy}>
              {busy ? t.signingIn : t.submit}
            </button>
          </form>
        </div>
      </section>
    </main>
  );
}

function LoginField(props: { id: string; label: string; error: string | undefined; icon: ReactNode; input: ReactNode }) {
  return (
    <div className="desk-first-field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className={props.error ? 'desk-first-input invalid' : 'desk-first-input'}>
        {props.icon}
        {props.input}
      </div>
      {props.error && (
        <div className="desk-first-error" id={`${props.id}-error`}>
          {props.error}
        </div>
      )}
    </div>
  );
}

// Small inline icons: the icon library would pull its runtime into the first screen.
const svg = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, 'aria-hidden': true } as const;

function UserIcon() {
  return (
    <svg {...svg}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c0-4 4-6 8-6s8 2 8 6" />
    </svg>
  );
}

function LockIcon() {
  return (
    <svg {...svg}>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg {...svg}>
      <path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
      {crossed && <path d="M4 4l16 16" />}
    </svg>
  );
}

function ShieldIcon() {
  return (
    <svg width={28} height={28} viewBox="0 0 24 24" fill="none" stroke="#1f5fae" strokeWidth={2} aria-hidden="true">
      <path d="M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5z" />
      <path d="M8.5 12l2.5 2.5 4.5-5" />
    </svg>
  );
}

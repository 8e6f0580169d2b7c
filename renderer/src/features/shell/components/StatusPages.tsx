import { Button, Result } from 'antd';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useShellStore } from '../store';

const goHome = () => useShellStore.getState().navigate('/');

/** A page this role may not open. The core refuses the same calls with FORBIDDEN. */
export function ForbiddenPage() {
  const t = zhCN.ui.forbidden;
  return (
    <Result
      status="403"
      title={t.title}
      subTitle={zhCN.errors.FORBIDDEN}
      data-testid="forbidden"
      extra={
        <Button type="primary" onClick={goHome}>
          {t.back}
        </Button>
      }
    />
  );
}

export function NotFoundPage({ path }: { path: string }) {
  const t = zhCN.ui.notFound;
  return (
    <Result
      status="404"
      title={t.title}
      subTitle={format(t.body, { path })}
      data-testid="not-found"
      extra={
        <Button type="primary" onClick={goHome}>
          {t.back}
        </Button>
      }
    />
  );
}

export function PlaceholderPage({ name }: { name: string }) {
  const t = zhCN.ui.placeholder;
  return (
    <Result
      status="info"
      title={format(t.title, { name })}
      subTitle={t.body}
      data-testid="coming-later"
      extra={<Button onClick={goHome}>{t.back}</Button>}
    />
  );
}

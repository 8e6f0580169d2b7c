import { Button, Result } from 'antd';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { PageTitle } from '../../../lib/PageTitle';
import { useShellStore } from '../store';

const goHome = () => useShellStore.getState().navigate('/');

/** A page this role may not open. The core refuses the same calls with FORBIDDEN. */
export function ForbiddenPage() {
  const t = zhCN.ui.forbidden;
  return (
    <Result
      status="403"
      title={<PageTitle style={{ fontSize: '1.5rem' }}>{t.title}</PageTitle>}
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
      title={<PageTitle style={{ fontSize: '1.5rem' }}>{t.title}</PageTitle>}
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
      title={<PageTitle style={{ fontSize: '1.5rem' }}>{format(t.title, { name })}</PageTitle>}
      subTitle={t.body}
      data-testid="coming-later"
      extra={<Button onClick={goHome}>{t.back}</Button>}
    />
  );
}

import { useEffect } from 'react';
import { Button, Result, Spin } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useShellStore } from '../../shell/store';
import { usePlansStore } from '../../plans/store';
import { useIntakeStore } from '../store';
import { StartPanel } from './StartPanel';
import { SuccessPanel } from './SuccessPanel';
import { Wizard } from './Wizard';

const t = zhCN.intake;

/**
 * /intake and /intake/<id>. The form lives in the intake store, so the page can be remounted
 * (another page, the idle lock, a reload with the draft's address) without losing a keystroke.
 */
export default function IntakePage() {
  const path = useShellStore((s) => s.path);
  const view = useIntakeStore((s) => s.view);
  const plan = usePlansStore((s) => s.active?.plan);
  const planError = usePlansStore((s) => s.activeError);
  const loadError = useIntakeStore((s) => s.loadError);

  useEffect(() => {
    void useIntakeStore.getState().route(path);
  }, [path]);

  let content;
  if (view === 'start') content = <StartPanel />;
  else if (view === 'success') content = <SuccessPanel />;
  else if (view === 'loadError') {
    content = (
      <Result
        status="warning"
        title={t.open.failed}
        subTitle={<ErrorAlert error={loadError} testId="intake-load-error" />}
        extra={
          <Button type="primary" onClick={() => useShellStore.getState().navigate('/intake')}>
            {t.open.backToStart}
          </Button>
        }
      />
    );
  } else if (view === 'form' && plan) content = <Wizard />;
  else if (view === 'form' && planError) content = <ErrorAlert error={planError} testId="intake-plan-error" />;
  else content = <Spin tip={t.open.loading} size="large" style={{ display: 'block', marginTop: 80 }} />;

  return <div data-testid="intake-page">{content}</div>;
}

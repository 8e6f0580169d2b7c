import { lazy, Suspense, useEffect } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import { consoleTheme } from './theme';
import { Loading } from './Loading';
import { useSessionStore } from '../features/session/store';
import { useShellStore } from '../features/shell/store';
import { SignInScreen } from '../features/session/components/SignInScreen';
import { consoleText } from '../../../../shared/i18n/zhCN.console';

const ChangePasswordScreen = lazy(() => import('../features/session/components/ChangePasswordScreen'));
const ConsoleFrame = lazy(() => import('../features/shell/components/ConsoleFrame'));

dayjs.locale('zh-cn');

export function App() {
  useEffect(() => useSessionStore.getState().start(), []);
  useEffect(() => useShellStore.getState().start(), []);
  return (
    <ConfigProvider locale={zhCNLocale} theme={consoleTheme} button={{ autoInsertSpace: false }}>
      <AntApp style={{ height: '100%' }}>
        <Suspense fallback={<Loading />}>
          <Screen />
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}

/** Which screen shows follows from the session; the page inside the frame follows from the URL. */
function Screen() {
  const phase = useSessionStore((s) => s.phase);
  const me = useSessionStore((s) => s.me);
  const error = useSessionStore((s) => s.error);
  if (phase === 'checking') return <Loading />;
  if (phase === 'unreachable') {
    return (
      <Result
        status="warning"
        title={error?.message ?? consoleText.errors.NETWORK}
        extra={
          <Button type="primary" onClick={() => void useSessionStore.getState().check()}>
            {consoleText.common.retry}
          </Button>
        }
      />
    );
  }
  if (phase === 'signedOut' || !me) return <SignInScreen />;
  if (me.mustChangePassword) return <ChangePasswordScreen />;
  return <ConsoleFrame />;
}

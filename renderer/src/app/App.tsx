import { lazy, Suspense, useEffect } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import { deskTheme } from './theme';
import { Loading } from './Loading';
import { isLocked, useSessionStore } from '../features/session/store';
import { useShellStore } from '../features/shell/store';
import { BootErrorScreen } from '../features/session/components/BootErrorScreen';
import { LoginScreen } from '../features/session/components/LoginScreen';
// Eager: loading it lazily would suspend the frame beneath it at the moment it must stay put.
import { LockOverlay } from '../features/session/components/LockOverlay';

// Only the sign-in path loads up front; everything after it comes in its own chunks.
const SetupScreen = lazy(() => import('../features/setup/components/SetupScreen'));
const ChangePasswordScreen = lazy(() => import('../features/session/components/ChangePasswordScreen'));
const MainFrame = lazy(() => import('../features/shell/components/MainFrame'));

export function App() {
  useEffect(() => {
    // The rest of antd's styles: not needed to show the first screen, needed by everything after it.
    void import('./generated/antd-rest.css');
    const stopSession = useSessionStore.getState().start();
    const stopShell = useShellStore.getState().start();
    return () => {
      stopSession();
      stopShell();
    };
  }, []);

  return (
    <ConfigProvider locale={zhCNLocale} theme={deskTheme}>
      <AntApp style={{ height: '100%' }}>
        <Suspense fallback={<Loading />}>
          <Screen />
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}

/** Which screen the desk shows follows from the core's status, not from the URL. */
function Screen() {
  const status = useSessionStore((s) => s.status);
  const connectionError = useSessionStore((s) => s.connectionError);
  const locked = useSessionStore(isLocked);

  if (!status) return connectionError ? <BootErrorScreen kind="connection" error={connectionError} /> : <Loading />;
  if (status.phase === 'bootError') {
    return <BootErrorScreen kind="boot" error={status.bootError ?? { code: 'INTERNAL', message: '' }} />;
  }
  if (status.phase === 'needsSetup') return <SetupScreen />;
  const session = status.session;
  if (!session) return <LoginScreen />;
  return (
    <>
      {session.mustChangePassword ? <ChangePasswordScreen /> : <MainFrame />}
      {/* Above the still-mounted screen, so unsaved input survives the lock. */}
      {locked && <LockOverlay />}
    </>
  );
}

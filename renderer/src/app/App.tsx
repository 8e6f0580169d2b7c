import './generated/antd-first.css';
import './generated/antd-rest.css';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import { deskThemeAt, PALETTE_CSS } from './theme';
import { useTextScale } from './textSize';
import { Loading } from './Loading';
import { isLocked, useSessionStore } from '../features/session/store';
import { useShellStore } from '../features/shell/store';
import { BootErrorScreen } from '../features/session/components/BootErrorScreen';
// Eager: loading it lazily would suspend the frame beneath it at the moment it must stay put.
import { LockOverlay } from '../features/session/components/LockOverlay';

// Loaded by Root after the sign-in screen has shown; each screen after it comes in its own chunk.
const SetupScreen = lazy(() => import('../features/setup/components/SetupScreen'));
const ChangePasswordScreen = lazy(() => import('../features/session/components/ChangePasswordScreen'));
const MainFrame = lazy(() => import('../features/shell/components/MainFrame'));

dayjs.locale('zh-cn');

export default function App() {
  useEffect(() => useShellStore.getState().start(), []);
  const scale = useTextScale();
  const theme = useMemo(() => deskThemeAt(scale), [scale]);

  return (
    <ConfigProvider locale={zhCNLocale} theme={theme}>
      <AntApp style={{ height: '100%' }}>
        <style>{PALETTE_CSS}</style>
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
  // Root shows the sign-in screen itself (it needs no antd).
  if (!session) return null;
  return (
    <>
      {session.mustChangePassword ? <ChangePasswordScreen /> : <MainFrame />}
      {/* Above the still-mounted screen, so unsaved input survives the lock. */}
      {locked && <LockOverlay />}
    </>
  );
}

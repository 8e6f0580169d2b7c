import { lazy, Suspense, useEffect } from 'react';
import { useSessionStore } from '../features/session/store';
import { LoginScreen } from '../features/session/components/LoginScreen';
import { Loading } from './Loading';

// Everything else (antd, its styles, every other screen) comes in after the first screen shows.
const loadApp = () => import('./App');
const App = lazy(loadApp);
const APP_LOAD_DELAY_MS = 300;

/**
 * The first screen a clerk waits for every morning is the sign-in form: it is plain React, so it shows
 * without antd. The rest of the app loads right after the first paint and takes over once a session exists.
 * The sign-in form keeps its place in the tree meanwhile, so nothing typed into it is lost.
 */
export function Root() {
  const status = useSessionStore((s) => s.status);
  const connectionError = useSessionStore((s) => s.connectionError);
  useEffect(() => useSessionStore.getState().start(), []);

  const signIn = status?.phase === 'ready' && !status.session;
  useEffect(() => {
    if (!signIn) return;
    // Once the sign-in screen is up and answering keys, the app's code loads while the clerk types (it
    // takes a clerk well over a second to type a user name and password). Evaluating it straight away
    // would hold the main thread for ~150 ms just as the screen appears.
    let idle: number | undefined;
    const timer = setTimeout(() => {
      idle = requestIdleCallback(() => void loadApp(), { timeout: 1000 });
    }, APP_LOAD_DELAY_MS);
    return () => {
      clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [signIn]);

  if (signIn) return <LoginScreen />;
  // Until the core has answered, nothing but a plain spinner: which screen comes first is not known yet.
  if (!status && !connectionError) return <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      <App />
    </Suspense>
  );
}

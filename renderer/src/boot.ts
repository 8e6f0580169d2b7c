// Imported first by main.tsx, so it runs before React and antd are evaluated: the status call that
// decides the first screen is under way while they compile, instead of after.
import { deskClient } from './transport';
import { primeStatus } from './features/session/earlyStatus';

// Creating the client also takes the harness token out of the URL before anything reads the hash.
primeStatus(deskClient().call('system.getStatus', {}));

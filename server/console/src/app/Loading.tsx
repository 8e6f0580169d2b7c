import { consoleText } from '../../../../shared/i18n/zhCN.console';

export function Loading() {
  return (
    <div className="console-loading" role="status" aria-live="polite" data-testid="loading">
      {consoleText.common.loading}
    </div>
  );
}

import { zhCN } from '../../../shared/i18n/zhCN';
import './first.css';

/** Plain markup: it shows while antd itself is still loading. */
export function Loading() {
  return (
    <div className="desk-loading" data-testid="loading" role="status" aria-live="polite">
      <span className="desk-loading-spinner" aria-hidden="true" />
      <span>{zhCN.ui.common.loading}</span>
    </div>
  );
}

import type { CSSProperties } from 'react';
import { Alert } from 'antd';
import type { RpcError } from '../../../shared/contract';

interface Props {
  error: RpcError | string | null | undefined;
  testId: string;
  onClose?: () => void;
  style?: CSSProperties;
}

/** Any core error, shown with its Chinese message. Announced to screen readers as an alert. */
export function ErrorAlert({ error, testId, onClose, style }: Props) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : error.message;
  return (
    <Alert
      // A new message must show even after the previous one was closed.
      key={message}
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      title={message}
      style={{ marginBottom: 16, ...style }}
      {...(onClose ? { closable: { onClose } } : {})}
    />
  );
}

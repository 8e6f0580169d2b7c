import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex } from 'antd';
import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import type { RpcError } from '../../../../../shared/contract';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { useShellStore } from '../../shell/store';
import { printPath } from '../printRoute';
import { usePrintingStore } from '../store';

const t = zhCN.printing.screen;

interface Props {
  applicationId: string;
  /** Called after the receipt went to the printer (focus moves on to the next family). */
  onPrinted: () => void;
}

/**
 * Right after submission: the receipt is generated at once and one keystroke (Enter, the focused button)
 * prints it on the printer remembered for receipts. Reprints, other papers and the preview are on the print page.
 */
export function ReceiptOffer({ applicationId, onPrinted }: Props) {
  const button = useRef<HTMLButtonElement>(null);
  const rendered = useRef<Promise<{ printoutId: string; printCount: number } | null> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    button.current?.focus();
    // Generate the receipt at once, so the keystroke only has to send it.
    rendered.current = usePrintingStore
      .getState()
      .renderReceipt(applicationId)
      .then((r) => {
        if (r.ok) return r.value;
        setError(r.error);
        return null;
      });
  }, [applicationId]);

  const preview = () => useShellStore.getState().navigate(printPath(applicationId, 'receipt', `/applications/${applicationId}`));

  const print = async () => {
    setBusy(true);
    const doc = await rendered.current;
    // A receipt printed before (an edited application) needs a reason: that is asked on the print page.
    if (!doc || doc.printCount > 0) {
      setBusy(false);
      if (doc) preview();
      return;
    }
    const r = await usePrintingStore.getState().printReceipt(doc.printoutId);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    doc.printCount += 1;
    if (r.value.status === 'printed') {
      setError(null);
      setNotice(format(t.printed, { printer: r.value.printer, copies: r.value.copies }));
      onPrinted();
    } else setError(r.value.error?.message ?? null);
  };

  return (
    <Flex vertical gap={8} align="center">
      <Flex gap={12}>
        <Button ref={button} type="primary" size="large" icon={<PrinterOutlined />} loading={busy} onClick={() => void print()} data-testid="intake-print">
          {t.printNow}
        </Button>
        <Button size="large" icon={<EyeOutlined />} onClick={preview} data-testid="intake-print-preview">
          {t.preview}
        </Button>
      </Flex>
      <ErrorAlert error={error} testId="intake-print-error" />
      {notice && <Alert type="success" showIcon title={notice} data-testid="intake-print-notice" />}
    </Flex>
  );
}

import { useRef, useState } from 'react';
import { Alert, Button, Card, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { usePlansStore } from '../store';

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file, 'utf-8');
  });
}

/** 导入招生方案 (admin): the file is read here and checked by the core, which names every problem by its path. */
export function PlanImport() {
  const t = zhCN.apps.plans;
  const inputRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const importing = usePlansStore((s) => s.importing);
  const imported = usePlansStore((s) => s.imported);
  const importError = usePlansStore((s) => s.importError);
  const problems = usePlansStore((s) => s.importProblems);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    let text: string;
    try {
      text = await readText(file);
    } catch (e: unknown) {
      console.error('[plans] could not read the chosen file', e);
      usePlansStore.getState().failImport(t.importReadFailed);
      return;
    }
    await usePlansStore.getState().importPlan(text);
  };

  return (
    <Card size="small" title={t.import} data-testid="plans-import-card">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t.importHint}
      </Typography.Paragraph>
      <input
        ref={inputRef}
        type="file"
        accept=".json,application/json"
        data-testid="plans-import-file"
        style={{ display: 'none' }}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same (corrected) file again is noticed.
          e.target.value = '';
          void onFile(file);
        }}
      />
      <Button type="primary" icon={<UploadOutlined />} loading={importing} onClick={() => inputRef.current?.click()} data-testid="plans-import">
        {importing ? t.importing : t.import}
      </Button>
      {fileName && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
          {format(t.importFileName, { name: fileName })}
        </Typography.Text>
      )}
      {imported && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="plans-import-result"
          title={format(t.importDone, { county: imported.countyName, version: imported.version })}
          closable={{ onClose: () => usePlansStore.getState().clearImport() }}
        />
      )}
      {imported?.countyMismatch && <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="plans-import-county-mismatch" title={imported.countyMismatch} />}
      {importError && problems.length === 0 && <ErrorAlert error={importError} testId="plans-import-error" style={{ marginTop: 12, marginBottom: 0 }} />}
      {importError && problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          data-testid="plans-import-problems"
          title={format(t.importFailed, { count: problems.length })}
          description={
            <ol style={{ margin: '4px 0 0', paddingInlineStart: 20, maxHeight: 320, overflow: 'auto' }}>
              {problems.map((p, i) => (
                <li key={`${p.path}-${i}`} data-testid="plans-import-problem" style={{ marginBottom: 4 }}>
                  <Typography.Text code data-testid="plans-import-problem-path">
                    {p.path || t.importWholeFile}
                  </Typography.Text>{' '}
                  {p.message}
                </li>
              ))}
            </ol>
          }
        />
      )}
    </Card>
  );
}

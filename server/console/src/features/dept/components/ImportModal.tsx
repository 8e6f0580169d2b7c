import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Select, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';
import { deptText } from '../../../../../../shared/i18n/zhCN.dept';
import { deptConsoleText } from '../../../../../../shared/i18n/zhCN.deptConsole';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import type { ConsoleError } from '../../../transport/client';
import { type Encoding, type ImportResult, type PickedFile, type Preview, type SourceInfo, readAsBase64, useDeptStore } from '../store';

const w = deptConsoleText.wizard;
const encodingName = (e: string) => (deptText.encoding as Readonly<Record<string, string>>)[e] ?? e;

type Problem = Extract<ImportResult, { ok: false }>['problems'][number];

/** The problems of a refused file: file, row and column of each, so the department can fix its export. */
function ProblemsTable({ result }: { result: Extract<ImportResult, { ok: false }> }) {
  return (
    <div data-testid="dept-problems">
      <Alert type="error" showIcon role="alert" title={format(w.refused, { total: result.totalProblems })} style={{ marginBottom: 8 }} data-testid="dept-import-refused" />
      <Typography.Title level={3} style={{ fontSize: 14 }}>
        {format(w.problemsTitle, { file: result.fileName })}
      </Typography.Title>
      <Table<Problem>
        size="small"
        rowKey={(p, i) => `${p.row ?? 'f'}-${p.column ?? ''}-${i ?? 0}`}
        dataSource={result.problems}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={() => ({ 'data-testid': 'dept-problem' }) as object}
        columns={[
          { key: 'row', title: w.problemRow, width: 70, render: (_, p) => (p.row === null ? w.wholeFile : p.row) },
          { key: 'column', title: w.problemColumn, width: 150, render: (_, p) => p.column ?? '—' },
          { key: 'message', title: w.problemMessage, render: (_, p) => p.message },
        ]}
      />
    </div>
  );
}

/**
 * Importing one source's extract: pick the file (and its encoding when detection is wrong), read it, confirm which
 * column holds which field (the saved mapping comes preselected), then import: all rows or none.
 */
export function ImportModal({ source, onClose }: { source: SourceInfo; onClose: () => void }) {
  const store = useDeptStore();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<'replace' | 'add'>('replace');
  const [retainUntil, setRetainUntil] = useState(store.defaultRetainUntil ?? '');
  const [busy, setBusy] = useState<'read' | 'import' | null>(null);
  const [error, setError] = useState<ConsoleError | string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const pick = async (f: File) => {
    setError(null);
    setPreview(null);
    setResult(null);
    try {
      setFile({ name: f.name, bytes: f.size, base64: await readAsBase64(f) });
    } catch (e: unknown) {
      setError(format(w.readFailed, { reason: e instanceof Error ? e.message : String(e) }));
    }
  };

  const read = async () => {
    if (!file) return setError(w.chooseFirst);
    setBusy('read');
    setError(null);
    setResult(null);
    const res = await store.preview(source.source, file, encoding);
    setBusy(null);
    if (!res.ok) return setError(res.error);
    setPreview(res.value);
    setMapping(res.value.mapping);
  };

  const submit = async () => {
    if (!file || !preview) return setError(w.chooseFirst);
    const missing = source.fields.find((f) => f.required && !mapping[f.key]);
    if (missing) return setError(format(w.mapRequired, { field: missing.name }));
    setBusy('import');
    setError(null);
    const res = await store.importFile({ source: source.source, file, encoding, mapping, mode, retainUntil });
    setBusy(null);
    if (!res.ok) return setError(res.error);
    setResult(res.value);
  };

  const headerOptions = (preview?.headers ?? []).filter((h) => h !== '').map((h) => ({ value: h, label: h }));
  const done = result?.ok === true;
  return (
    <Modal
      open
      width={960}
      title={format(w.title, { source: `${source.department} ${source.name}` })}
      onCancel={onClose}
      footer={
        done ? (
          <Button type="primary" onClick={onClose} data-testid="dept-import-close">
            {consoleText.common.close}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose} data-testid="dept-import-cancel">
              {consoleText.common.cancel}
            </Button>
            <Button type="primary" disabled={!preview} loading={busy === 'import'} onClick={() => void submit()} data-testid="dept-import-submit">
              {busy === 'import' ? w.importing : w.submit}
            </Button>
          </Space>
        )
      }
      data-testid="dept-import-modal"
    >
      <ErrorAlert error={error} testId="dept-import-error" />
      {done && result.ok && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="dept-import-done"
          title={format(w.done, { id: result.import.id, rows: result.import.rows.toLocaleString('zh-CN'), encoding: encodingName(result.import.encoding), verified: result.verified })}
        />
      )}
      {result && !result.ok && <ProblemsTable result={result} />}
      {!done && (
        <Form layout="vertical" requiredMark={false}>
          <Form.Item label={w.file} extra={w.fileHint}>
            <Space wrap>
              <Upload
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(f) => {
                  void pick(f);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="dept-file">
                  {w.pick}
                </Button>
              </Upload>
              {file && <Typography.Text data-testid="dept-file-name">{file.name}</Typography.Text>}
            </Space>
          </Form.Item>
          <Form.Item label={w.encoding}>
            <Space wrap>
              <Select<Encoding>
                aria-label={w.encoding}
                style={{ width: 200 }}
                value={encoding}
                onChange={setEncoding}
                data-testid="dept-encoding"
                options={[
                  { value: 'auto', label: w.encodingAuto },
                  { value: 'gb18030', label: encodingName('gb18030') },
                  { value: 'utf-8', label: encodingName('utf-8') },
                  { value: 'utf-16le', label: encodingName('utf-16le') },
                ]}
              />
              <Button onClick={() => void read()} loading={busy === 'read'} disabled={!file} data-testid="dept-read">
                {busy === 'read' ? w.reading : w.read}
              </Button>
            </Space>
          </Form.Item>
          {preview && (
            <>
              <Typography.Paragraph data-testid="dept-encoding-found">{format(w.encodingFound, { encoding: encodingName(preview.encoding) })}</Typography.Paragraph>
              <Typography.Title level={3} style={{ fontSize: 14 }}>
                {w.mapping}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{w.mappingHint}</Typography.Paragraph>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={source.fields}
                onRow={(f) => ({ 'data-testid': `dept-map-${f.key}` }) as object}
                columns={[
                  {
                    key: 'field',
                    title: w.field,
                    width: 220,
                    render: (_, f) => (
                      <>
                        {f.name}
                        {f.required && <Typography.Text type="danger">（{w.required}）</Typography.Text>}
                      </>
                    ),
                  },
                  {
                    key: 'column',
                    title: w.column,
                    render: (_, f) => (
                      <Select
                        aria-label={`${f.name} ${w.column}`}
                        style={{ width: 260 }}
                        allowClear
                        placeholder={w.notMapped}
                        value={mapping[f.key]}
                        options={headerOptions}
                        onChange={(v: string | undefined) => {
                          const next = { ...mapping };
                          if (v) next[f.key] = v;
                          else delete next[f.key];
                          setMapping(next);
                        }}
                      />
                    ),
                  },
                ]}
              />
              <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
                {w.sample}
              </Typography.Title>
              <div style={{ overflowX: 'auto' }}>
                <table data-testid="dept-sample" style={{ borderCollapse: 'collapse', fontSize: 12, whiteSpace: 'nowrap' }}>
                  <thead>
                    <tr>
                      {preview.headers.map((h, i) => (
                        <th key={i} scope="col" style={{ textAlign: 'left', padding: '2px 8px', borderBottom: '1px solid #f0f0f0' }}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sample.map((r, i) => (
                      <tr key={i}>
                        {r.map((c, j) => (
                          <td key={j} style={{ padding: '2px 8px' }}>
                            {c}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Form.Item label={w.mode} style={{ marginTop: 12 }}>
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'replace' | 'add')} data-testid="dept-mode">
                  <Radio value="replace">{deptConsoleText.mode.replace}</Radio>
                  <Radio value="add">{deptConsoleText.mode.add}</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item label={w.retainUntil} extra={w.retainHint} htmlFor="dept-retain-input">
                <Input id="dept-retain-input" style={{ width: 160 }} value={retainUntil} onChange={(e) => setRetainUntil(e.target.value.trim())} data-testid="dept-retain" />
              </Form.Item>
            </>
          )}
        </Form>
      )}
    </Modal>
  );
}

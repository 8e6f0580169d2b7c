import { useEffect, useState } from 'react';
import { Alert, Button, Card, Input, Modal, Select, Space, Steps, Table, Typography } from 'antd';
import type { LotteryState } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { placementConsoleText } from '../../../../../../shared/i18n/zhCN.placementConsole';
import { Chip } from '../../../lib/Chip';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import { PageHeader } from '../../../lib/PageHeader';
import type { ConsoleError } from '../../../transport/client';
import { useSessionStore } from '../../session/store';
import { useShellStore } from '../../shell/store';
import { isError, saveFile, usePlacementStore } from '../store';
import { AnnounceForm } from './AnnounceForm';

const T = placementConsoleText.ceremony;
type Lottery = NonNullable<LotteryState['lottery']>;

/** Projected in a hall: large type, one step at a time, every digest and value in full. */
const HALL = { fontSize: 20, lineHeight: 1.6 } as const;
const MONO = { fontFamily: 'monospace', wordBreak: 'break-all' } as const;

/** 派位仪式: pools & digests → sources & commitments → reveal & verify → seed → ranked results → bundle. */
export default function CeremonyPage() {
  const lottery = usePlacementStore((s) => s.lottery);
  const error = usePlacementStore((s) => s.error);
  const isAdmin = useSessionStore((s) => s.me?.role === 'admin');
  const [step, setStep] = useState(0);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    void usePlacementStore
      .getState()
      .loadLottery()
      .then(() => setLoaded(true));
  }, []);
  useEffect(() => {
    if (lottery?.draw) setStep((s) => (s < 3 ? 3 : s));
  }, [lottery?.draw]);

  return (
    <section data-testid="ceremony-page" style={HALL}>
      <PageHeader title={T.title} />
      <ErrorAlert error={error} testId="ceremony-error" />
      {loaded && !lottery && (isAdmin ? <AnnounceForm /> : <Alert type="info" showIcon title={T.none} />)}
      {lottery && (
        <>
          <Typography.Paragraph style={HALL} data-testid="ceremony-digest">
            {format(T.subtitle, { title: lottery.title, digest: '' })}
            <Typography.Text strong style={MONO}>
              {lottery.announcementDigest}
            </Typography.Text>
          </Typography.Paragraph>
          <Steps current={step} onChange={setStep} items={T.steps.map((title) => ({ title }))} style={{ marginBottom: 24 }} />
          {step === 0 && <PoolsStep lottery={lottery} isAdmin={isAdmin} />}
          {step === 1 && <SourcesStep lottery={lottery} />}
          {step === 2 && <RevealStep lottery={lottery} isAdmin={isAdmin} onDrawn={() => setStep(3)} />}
          {step === 3 && <SeedStep lottery={lottery} />}
          {step === 4 && <ResultsStep lottery={lottery} />}
          {step === 5 && <BundleStep />}
          <Space style={{ marginTop: 24 }}>
            <Button size="large" disabled={step === 0} onClick={() => setStep(step - 1)}>
              {T.prev}
            </Button>
            <Button size="large" type="primary" disabled={step === 5 || (step === 2 && !lottery.draw)} onClick={() => setStep(step + 1)} data-testid="ceremony-next">
              {T.next}
            </Button>
          </Space>
        </>
      )}
    </section>
  );
}

function PoolsStep({ lottery, isAdmin }: { lottery: Lottery; isAdmin: boolean }) {
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ConsoleError | null>(null);
  const download = async () => {
    const res = await usePlacementStore.getState().download('announcement');
    if (isError(res)) return setError(res);
    saveFile(res.fileName, new Blob([res.text], { type: 'application/json' }));
  };
  return (
    <Card data-testid="step-pools">
      <ErrorAlert error={error} testId="pools-error" onClose={() => setError(null)} />
      <Table
        rowKey="code"
        pagination={false}
        dataSource={lottery.pools}
        style={HALL}
        columns={[
          { title: T.pools.name, dataIndex: 'name' },
          { title: T.pools.kind, key: 'kind', render: (_, p) => T.poolKind[p.kind] },
          { title: T.pools.places, dataIndex: 'places' },
          { title: T.pools.entries, dataIndex: 'entries' },
          { title: T.pools.digest, key: 'd', render: (_, p) => <span style={MONO}>{p.listDigest}</span> },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => void download()}>{T.downloadAnnouncement}</Button>
        {isAdmin && lottery.status === 'announced' && (
          <Button danger onClick={() => setCancelling(true)}>
            {T.cancel}
          </Button>
        )}
      </Space>
      <Modal
        open={cancelling}
        title={T.cancel}
        onCancel={() => setCancelling(false)}
        onOk={() =>
          void usePlacementStore
            .getState()
            .cancel(reason)
            .then((e) => {
              setError(e);
              setCancelling(false);
            })
        }
      >
        <Input.TextArea aria-label={T.cancelReason} placeholder={T.cancelReason} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}

function SourcesStep({ lottery }: { lottery: Lottery }) {
  return (
    <Card data-testid="step-sources">
      <Typography.Title level={3}>{T.sources}</Typography.Title>
      <ol>
        {lottery.sources.map((s) => (
          <li key={s.slot}>
            {s.candidates.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? '（' : ''}
                {c.description} <Chip>{c.format}</Chip>
                {i > 0 ? '）' : ''}
              </span>
            ))}
          </li>
        ))}
      </ol>
      <Typography.Title level={3}>{T.parties}</Typography.Title>
      <ul>
        {lottery.parties.map((p) => (
          <li key={p.id}>
            {p.name}：<span style={MONO}>{p.commitment}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

type Check = { ok: boolean; text: string } | null;

function RevealStep({ lottery, isAdmin, onDrawn }: { lottery: Lottery; isAdmin: boolean; onDrawn: () => void }) {
  const store = usePlacementStore.getState;
  const drawn = lottery.draw;
  const [values, setValues] = useState(lottery.sources.map(() => ({ used: 1, value: '', skipped: '' })));
  const [valueChecks, setValueChecks] = useState<Check[]>(lottery.sources.map(() => null));
  const [secrets, setSecrets] = useState(lottery.parties.map(() => ''));
  const [secretChecks, setSecretChecks] = useState<Check[]>(lottery.parties.map(() => null));
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);

  if (drawn) {
    return (
      <Card data-testid="step-reveal">
        <ol>
          {drawn.sources.map((s, i) => (
            <li key={i}>
              {lottery.sources[i]?.candidates[s.used - 1]?.description}：<strong style={MONO}>{s.value}</strong>
            </li>
          ))}
        </ol>
        <ul>
          {drawn.secrets.map((s) => (
            <li key={s.party}>
              {lottery.parties.find((p) => p.id === s.party)?.name}：<span style={MONO}>{s.secret}</span> <Chip color="green">{T.secretOk}</Chip>
            </li>
          ))}
        </ul>
      </Card>
    );
  }

  const checkValue = async (i: number) => {
    const v = values[i]!;
    const res = await store().checkSource({ slot: i + 1, used: v.used, value: v.value });
    const next = [...valueChecks];
    next[i] = isError(res) ? { ok: false, text: res.message } : res.ok ? { ok: true, text: format(T.valueOk, { value: res.value ?? '' }) } : { ok: false, text: res.message ?? '' };
    setValueChecks(next);
  };
  const checkSecret = async (i: number) => {
    const res = await store().checkSecret({ party: lottery.parties[i]!.id, secret: secrets[i] ?? '' });
    const next = [...secretChecks];
    next[i] = isError(res) ? { ok: false, text: res.message } : res.ok ? { ok: true, text: T.secretOk } : { ok: false, text: res.message ?? T.secretBad };
    setSecretChecks(next);
  };
  const allOk = valueChecks.every((c) => c?.ok) && secretChecks.every((c) => c?.ok);
  const draw = async () => {
    setBusy(true);
    const err = await store().draw({
      sources: values.map((v) => ({ used: v.used, value: v.value, skipped: v.used > 1 ? [v.skipped] : [] })),
      secrets: lottery.parties.map((p, i) => ({ party: p.id, secret: secrets[i] ?? '' })),
    });
    setBusy(false);
    setError(err);
    if (!err) onDrawn();
  };
  const mark = (c: Check, testId: string) => c && <Alert type={c.ok ? 'success' : 'error'} showIcon title={c.text} data-testid={testId} style={{ marginTop: 4 }} />;

  return (
    <Card data-testid="step-reveal">
      <ErrorAlert error={error} testId="draw-error" onClose={() => setError(null)} />
      {lottery.sources.map((s, i) => (
        <div key={s.slot} style={{ marginBottom: 16 }}>
          <Typography.Text strong style={HALL}>
            {s.candidates[(values[i]?.used ?? 1) - 1]?.description}
          </Typography.Text>
          <Space wrap style={{ display: 'flex', marginTop: 4 }}>
            {s.candidates.length > 1 && (
              <Select
                aria-label={format(T.candidate, { n: i + 1 })}
                value={values[i]?.used ?? 1}
                options={s.candidates.map((_, k) => ({ value: k + 1, label: format(T.candidate, { n: k + 1 }) }))}
                onChange={(used) => {
                  setValues(values.map((v, j) => (j === i ? { ...v, used } : v)));
                  setValueChecks(valueChecks.map((c, j) => (j === i ? null : c)));
                }}
              />
            )}
            <Input
              size="large"
              aria-label={`${T.enterValue} ${i + 1}`}
              placeholder={T.enterValue}
              style={{ width: 420, fontSize: 24 }}
              disabled={!isAdmin}
              value={values[i]?.value}
              onChange={(e) => {
                setValues(values.map((v, j) => (j === i ? { ...v, value: e.target.value } : v)));
                // A check belongs to the value it checked: typing again asks for a new one.
                setValueChecks(valueChecks.map((c, j) => (j === i ? null : c)));
              }}
            />
            {(values[i]?.used ?? 1) > 1 && (
              <Input aria-label={T.skippedReason} placeholder={T.skippedReason} style={{ width: 320 }} value={values[i]?.skipped} onChange={(e) => setValues(values.map((v, j) => (j === i ? { ...v, skipped: e.target.value } : v)))} />
            )}
            <Button size="large" disabled={!isAdmin} onClick={() => void checkValue(i)} data-testid={`check-source-${i + 1}`}>
              {T.check}
            </Button>
          </Space>
          {mark(valueChecks[i] ?? null, `source-check-${i + 1}`)}
        </div>
      ))}
      {lottery.parties.map((p, i) => (
        <div key={p.id} style={{ marginBottom: 16 }}>
          <Typography.Text strong style={HALL}>
            {p.name}
          </Typography.Text>
          <Space wrap style={{ display: 'flex', marginTop: 4 }}>
            <Input
              size="large"
              aria-label={`${T.secret} ${p.name}`}
              placeholder={T.secret}
              style={{ width: 420, fontSize: 24, ...MONO }}
              disabled={!isAdmin}
              value={secrets[i]}
              onChange={(e) => {
                setSecrets(secrets.map((x, j) => (j === i ? e.target.value : x)));
                setSecretChecks(secretChecks.map((c, j) => (j === i ? null : c)));
              }}
            />
            <Button size="large" disabled={!isAdmin} onClick={() => void checkSecret(i)} data-testid={`check-secret-${p.id}`}>
              {T.check}
            </Button>
          </Space>
          {mark(secretChecks[i] ?? null, `secret-check-${p.id}`)}
        </div>
      ))}
      <Alert type={allOk ? 'success' : 'info'} showIcon title={allOk ? T.allChecked : T.notAllChecked} style={{ marginBottom: 12 }} />
      {isAdmin && (
        <Button type="primary" size="large" disabled={!allOk} loading={busy} onClick={() => void draw()} data-testid="draw">
          {T.draw}
        </Button>
      )}
    </Card>
  );
}

function SeedStep({ lottery }: { lottery: Lottery }) {
  if (!lottery.draw) return <Alert type="info" showIcon title={T.notAllChecked} />;
  return (
    <Card data-testid="step-seed">
      <Typography.Title level={3}>{T.seed}</Typography.Title>
      <Typography.Paragraph style={{ ...MONO, fontSize: 32 }} data-testid="seed">
        {lottery.draw.seed}
      </Typography.Paragraph>
    </Card>
  );
}

function ResultsStep({ lottery }: { lottery: Lottery }) {
  if (!lottery.draw) return <Alert type="info" showIcon title={T.notAllChecked} />;
  return (
    <div data-testid="step-results">
      {lottery.draw.results.map((r) => (
        <Card key={r.pool} title={format(T.ranked, { name: r.name, places: r.places, entries: r.rows.length })} style={{ marginBottom: 16 }}>
          <Table
            rowKey="rank"
            size="middle"
            dataSource={r.rows}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            style={HALL}
            columns={[
              { title: T.rankColumns.rank, dataIndex: 'rank', width: 80 },
              { title: T.rankColumns.receipts, key: 'r', render: (_, x) => x.receipts.join(' + ') },
              { title: T.rankColumns.name, dataIndex: 'name' },
              { title: T.rankColumns.key, key: 'k', render: (_, x) => <span style={MONO}>{x.key.slice(0, 16)}</span> },
              { title: T.rankColumns.status, key: 's', render: (_, x) => <Chip color={x.status === 'admitted' ? 'green' : x.status === 'waiting' ? 'orange' : 'default'}>{T.status[x.status]}</Chip> },
            ]}
          />
        </Card>
      ))}
    </div>
  );
}

function BundleStep() {
  const lottery = usePlacementStore((s) => s.lottery);
  const navigate = useShellStore((s) => s.navigate);
  const [error, setError] = useState<ConsoleError | null>(null);
  const download = async () => {
    const res = await usePlacementStore.getState().download('bundle');
    if (isError(res)) return setError(res);
    saveFile(res.fileName, new Blob([res.text], { type: 'application/json' }));
  };
  return (
    <Card data-testid="step-bundle">
      <ErrorAlert error={error} testId="bundle-error" onClose={() => setError(null)} />
      <Typography.Paragraph>
        {T.resultDigest}：<span style={MONO}>{lottery?.draw?.resultDigest}</span>
      </Typography.Paragraph>
      <Typography.Paragraph>{T.bundleHint}</Typography.Paragraph>
      <Space>
        <Button type="primary" size="large" onClick={() => void download()} data-testid="download-bundle">
          {T.bundle}
        </Button>
        <Button size="large" onClick={() => navigate('/placement')}>
          {T.goPlacement}
        </Button>
      </Space>
    </Card>
  );
}

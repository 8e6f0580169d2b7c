import { useState } from 'react';
import { Button, Card, Input, Select, Space, Typography } from 'antd';
import type { ConsoleInput } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { placementConsoleText } from '../../../../../../shared/i18n/zhCN.placementConsole';
import { ErrorAlert } from '../../../lib/ErrorAlert';
import type { ConsoleError } from '../../../transport/client';
import { usePlacementStore } from '../store';

const T = placementConsoleText.ceremony;
const F = T.fields;
type Input = ConsoleInput<'lottery.announce'>;
type Candidate = Input['sources'][number]['candidates'][number];

const FORMATS = ['int-list:7', 'int-list:5', 'int-list:3', 'decimal:2', 'decimal:0'];
const blankCandidate = (): Candidate => ({ id: '', description: '', format: 'int-list:7' });

/** Freezing the pools: the draw's title, its seed sources (each with fallbacks) and the parties' commitments. */
export function AnnounceForm() {
  const announce = usePlacementStore((s) => s.announce);
  const [title, setTitle] = useState('');
  const [sources, setSources] = useState<Candidate[][]>([[blankCandidate()]]);
  const [parties, setParties] = useState<Input['parties']>([{ id: '', name: '', commitment: '' }]);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [busy, setBusy] = useState(false);

  const setCandidate = (slot: number, k: number, patch: Partial<Candidate>) =>
    setSources(sources.map((cs, i) => (i === slot ? cs.map((c, j) => (j === k ? { ...c, ...patch } : c)) : cs)));

  const submit = async () => {
    setBusy(true);
    setError(await announce({ title, sources: sources.map((candidates) => ({ candidates })), parties }));
    setBusy(false);
  };

  return (
    <Card title={T.announceTitle} data-testid="announce-form">
      <Typography.Paragraph type="secondary">{T.announceHint}</Typography.Paragraph>
      <ErrorAlert error={error} testId="announce-error" onClose={() => setError(null)} />
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Input aria-label={F.title} placeholder={F.title} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        {sources.map((cs, slot) => (
          <Card key={slot} size="small" title={format(T.sourceSlot, { n: slot + 1 })}>
            {cs.map((c, k) => (
              <Space key={k} wrap style={{ marginBottom: 8 }}>
                <Input aria-label={`${F.sourceId} ${slot + 1}-${k + 1}`} placeholder={F.sourceId} value={c.id} style={{ width: 160 }} onChange={(e) => setCandidate(slot, k, { id: e.target.value.trim() })} />
                <Input aria-label={`${F.sourceDescription} ${slot + 1}-${k + 1}`} placeholder={F.sourceDescription} value={c.description} style={{ width: 420 }} onChange={(e) => setCandidate(slot, k, { description: e.target.value })} />
                <Select aria-label={`${F.sourceFormat} ${slot + 1}-${k + 1}`} value={c.format} style={{ width: 130 }} options={FORMATS.map((f) => ({ value: f, label: f }))} onChange={(format) => setCandidate(slot, k, { format })} />
              </Space>
            ))}
            <Button size="small" onClick={() => setSources(sources.map((x, i) => (i === slot ? [...x, blankCandidate()] : x)))}>
              {F.addFallback}
            </Button>
          </Card>
        ))}
        <Button onClick={() => setSources([...sources, [blankCandidate()]])}>{F.addSource}</Button>
        {parties.map((p, i) => (
          <Space key={i} wrap>
            <Input aria-label={`${F.partyId} ${i + 1}`} placeholder={F.partyId} value={p.id} style={{ width: 140 }} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, id: e.target.value.trim() } : x)))} />
            <Input aria-label={`${F.partyName} ${i + 1}`} placeholder={F.partyName} value={p.name} style={{ width: 200 }} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            <Input aria-label={`${F.commitment} ${i + 1}`} placeholder={F.commitment} value={p.commitment} style={{ width: 560, fontFamily: 'monospace' }} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, commitment: e.target.value.trim() } : x)))} />
          </Space>
        ))}
        <Button onClick={() => setParties([...parties, { id: '', name: '', commitment: '' }])}>{F.addParty}</Button>
        <Button type="primary" size="large" loading={busy} onClick={() => void submit()} data-testid="announce">
          {T.announce}
        </Button>
      </Space>
    </Card>
  );
}

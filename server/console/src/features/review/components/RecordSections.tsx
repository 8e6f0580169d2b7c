import { Descriptions, Empty, Tooltip, Typography } from 'antd';
import type { ApplicationView, FieldChange } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { consoleText } from '../../../../../../shared/i18n/zhCN.console';

const t = consoleText.review;

/**
 * The record as the desk took it, labelled by the one shared mapping (shared/record/sections.ts, applied by the
 * server). Fields the desk changed after the last decision are marked, with the old value beside them.
 */
export function RecordSections({ view }: { view: ApplicationView }) {
  const changed = new Map<string, FieldChange>((view.changedSinceDecision ?? []).map((c) => [c.key, c]));
  return (
    <div data-testid="record-sections">
      {view.changedSinceDecision && view.changedSinceDecision.length > 0 && (
        <Typography.Paragraph className="changed-field" style={{ padding: '6px 10px' }} data-testid="changed-since">
          {t.changedSince} {view.changedSinceDecision.map((c) => c.label).join('、')}
        </Typography.Paragraph>
      )}
      {view.sections.map((s) => (
        <section key={s.key} aria-labelledby={`sec-${s.key}`} style={{ marginBottom: 14 }}>
          <Typography.Title level={3} id={`sec-${s.key}`} style={{ fontSize: 15, margin: '4px 0 6px' }}>
            {s.title}
          </Typography.Title>
          {s.groups.length === 0 && <Typography.Text type="secondary">{s.emptyText ?? t.notRecorded}</Typography.Text>}
          {s.groups.map((g) => (
            <Descriptions
              key={g.key}
              size="small"
              bordered
              column={2}
              title={g.title ? <span style={{ fontSize: 13 }}>{g.title}</span> : undefined}
              style={{ marginBottom: 8 }}
              items={g.fields.map((f) => {
                const change = changed.get(f.key);
                const value = f.value ?? <Typography.Text type="secondary">{t.notRecorded}</Typography.Text>;
                return {
                  key: f.key,
                  label: f.label,
                  children: change ? (
                    <Tooltip title={format(t.changedFrom, { before: change.before ?? t.notRecorded })}>
                      <span className="changed-field" data-testid={`changed-${f.key}`} style={{ padding: '0 4px' }}>
                        {value}
                      </span>
                    </Tooltip>
                  ) : (
                    <span data-testid={`field-${f.key}`}>{value}</span>
                  ),
                };
              })}
            />
          ))}
        </section>
      ))}
      {view.sections.length === 0 && <Empty />}
    </div>
  );
}

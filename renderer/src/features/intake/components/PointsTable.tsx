import { Flex, Table, Typography } from 'antd';
import { computeMigrantPoints, type PointsLine } from '../../../../../shared/domain/points';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { useIntakeStore } from '../store';
import { usePlan } from './fields';

const t = zhCN.intake;

/** The plan's migrant points for the months recorded, line by line, and the total. */
export function PointsTable({ compact = false }: { compact?: boolean }) {
  const plan = usePlan();
  const guardians = useIntakeStore((s) => s.data.guardians);
  const result = computeMigrantPoints(guardians, plan);
  return (
    <div data-testid="intake-points">
      <Flex align="baseline" gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t.hints.pointsTitle}</Typography.Text>
        <Typography.Text type="secondary">{t.hints.pointsTotal}</Typography.Text>
        <Typography.Text strong style={{ fontSize: '1.375rem', color: '#1f5fae' }} data-testid="intake-points-total">
          {result.total}
        </Typography.Text>
      </Flex>
      {!compact && (
        <Table<PointsLine>
          size="small"
          pagination={false}
          rowKey={(l) => `${l.guardianIndex}-${l.itemId}`}
          dataSource={result.breakdown}
          columns={[
            { title: t.columns.guardian, dataIndex: 'guardianName' },
            { title: t.columns.item, dataIndex: 'itemName' },
            { title: t.columns.months, dataIndex: 'months', align: 'right' },
            { title: t.columns.counted, dataIndex: 'countedMonths', align: 'right' },
            {
              title: t.columns.points,
              align: 'right',
              render: (_v, l) => (l.counted ? l.points : <Typography.Text delete type="secondary">0</Typography.Text>),
            },
          ]}
          style={{ marginBottom: 8 }}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: '0.75rem', marginBottom: 0 }}>
        {result.explanation}
      </Typography.Paragraph>
    </div>
  );
}

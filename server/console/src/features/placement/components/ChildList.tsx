import { Input, Select, Space, Table } from 'antd';
import type { ChildRow, ChildStatus } from '../../../../../../shared/console';
import { placementConsoleText } from '../../../../../../shared/i18n/zhCN.placementConsole';
import { Chip, type Tone } from '../../../lib/Chip';
import { usePlacementStore } from '../store';

const T = placementConsoleText.placement;
const COLOUR: Record<ChildStatus, Tone> = { admitted: 'green', awaiting_lottery: 'blue', awaiting_reassignment: 'orange', reassigned: 'purple' };

/** Every child of the selected school with the one line that explains its outcome. */
export function ChildList() {
  const children = usePlacementStore((s) => s.children);
  const load = usePlacementStore((s) => s.loadChildren);
  const { filter } = children;
  return (
    <section data-testid="child-list" aria-label={T.children}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Input.Search aria-label={T.searchReceipt} placeholder={T.searchReceipt} allowClear style={{ width: 260 }} onSearch={(query) => void load({ ...filter, ...(query ? { query } : { query: undefined }) })} />
        <Select<ChildStatus | ''>
          aria-label={T.childColumns.status}
          style={{ width: 140 }}
          value={filter.status ?? ''}
          options={[{ value: '', label: T.childColumns.status }, ...(Object.keys(T.statuses) as ChildStatus[]).map((s) => ({ value: s, label: T.statuses[s] }))]}
          onChange={(status) => void load({ ...filter, status: status || undefined })}
        />
      </Space>
      <Table<ChildRow>
        rowKey="receiptNo"
        size="small"
        loading={children.loading}
        dataSource={children.rows}
        pagination={{ total: children.total, pageSize: 50, showSizeChanger: false, onChange: (page) => void load(filter, (page - 1) * 50) }}
        columns={[
          { title: T.childColumns.receiptNo, dataIndex: 'receiptNo', width: 230 },
          { title: T.childColumns.name, dataIndex: 'name', width: 90 },
          { title: T.childColumns.applied, dataIndex: 'appliedSchoolName' },
          { title: T.childColumns.status, key: 'status', width: 90, render: (_, r) => <Chip color={COLOUR[r.status]}>{T.statuses[r.status]}</Chip> },
          { title: T.childColumns.school, key: 'school', render: (_, r) => r.schoolName ?? '—' },
          { title: T.childColumns.explanation, dataIndex: 'explanation' },
        ]}
      />
    </section>
  );
}

import { InputNumber, Table, Tooltip } from 'antd';
import type { SchoolRow } from '../../../../../../shared/console';
import { format } from '../../../../../../shared/i18n/format';
import { placementConsoleText } from '../../../../../../shared/i18n/zhCN.placementConsole';
import { Chip } from '../../../lib/Chip';

const T = placementConsoleText.placement;
const COLOUR = { red: 'red', yellow: 'gold', green: 'green' } as const;

interface Props {
  schools: SchoolRow[];
  /** What-if places being edited (school id → places); shown in the places column when given. */
  places?: Record<string, number> | undefined;
  onPlaces?: ((schoolId: string, places: number) => void) | undefined;
  selected?: string | undefined;
  onSelect: (schoolId: string) => void;
}

/** The dry run's per-school table: places, applicants per batch, cut-off line and seat pressure in colour. */
export function SchoolTable({ schools, places, onPlaces, selected, onSelect }: Props) {
  return (
    <Table<SchoolRow>
      data-testid="school-table"
      rowKey="schoolId"
      size="middle"
      pagination={false}
      dataSource={schools}
      rowClassName={(r) => (r.schoolId === selected ? 'ant-table-row-selected' : '')}
      onRow={(r) => ({ onClick: () => onSelect(r.schoolId), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: T.columns.school,
          key: 'name',
          render: (_, r) => (
            <span>
              {r.name} <Chip>{T.kind[r.kind]}</Chip>
            </span>
          ),
        },
        {
          title: T.columns.places,
          key: 'places',
          align: 'right',
          render: (_, r) =>
            places && onPlaces ? (
              <InputNumber
                aria-label={`${r.name} ${T.columns.places}`}
                size="small"
                min={0}
                max={100000}
                value={places[r.schoolId] ?? r.places}
                onClick={(e) => e.stopPropagation()}
                onChange={(v) => onPlaces(r.schoolId, typeof v === 'number' ? v : r.places)}
              />
            ) : (
              r.places
            ),
        },
        { title: T.columns.applicants, dataIndex: 'applicants', align: 'right' },
        {
          title: T.columns.byBatch,
          key: 'byBatch',
          render: (_, r) => <span style={{ fontSize: 12, color: '#555' }}>{r.byBatch.map((b) => `${b.label} ${b.applicants}（${b.admitted}）`).join('；')}</span>,
        },
        { title: T.columns.admitted, dataIndex: 'admitted', align: 'right' },
        { title: T.columns.reassignedIn, dataIndex: 'reassignedIn', align: 'right' },
        { title: T.columns.awaitingLottery, dataIndex: 'awaitingLottery', align: 'right' },
        { title: T.columns.spare, dataIndex: 'spare', align: 'right' },
        {
          title: <Tooltip title={T.pressureHint}>{T.columns.pressure}</Tooltip>,
          key: 'pressure',
          align: 'right',
          render: (_, r) => (
            <Chip color={COLOUR[r.pressureLevel]} data-level={r.pressureLevel}>
              {r.pressure}% {T.pressure[r.pressureLevel]}
            </Chip>
          ),
        },
        { title: T.columns.cutoff, key: 'cutoff', render: (_, r) => r.cutoff?.line ?? T.allAdmitted },
      ]}
    />
  );
}

export function totalsLine(t: { admitted: number; awaitingLottery: number; awaitingReassignment: number; reassigned: number }): string {
  return format(T.totals, t);
}

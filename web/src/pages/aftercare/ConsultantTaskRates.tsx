import { Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { BarChart } from '../../components/BarChart';
import { useLoad } from '../../hooks';
import type { ConsultantTaskRate as Rate } from '../../api/aftercare';


const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const colorOf = (rate: number | null) => (rate === null ? 'default' : rate >= 0.9 ? 'green' : rate >= 0.7 ? 'gold' : 'red');

/**
 * The on-time rate of support tasks per consultant of an agency (DESIGN §4.5): of the tasks due so far, the share
 * done on or before the due day. A chart of the rates and the counts behind each.
 */
export function ConsultantTaskRates({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const rates = useLoad((signal) => api.get<{ items: Rate[] }>(`/orgs/${encodeURIComponent(orgId)}/task-rates`, { signal }), [orgId]);
  const items = rates.data?.items ?? [];
  const name = (r: Rate) => r.consultantName ?? r.consultantId.slice(0, 8);
  const counted = items.filter((r) => r.counted > 0);
  return (
    <Card title={t('aftercare.rates.title')} loading={!rates.data && !rates.error} data-testid="task-rates">
      <Typography.Paragraph type="secondary">{t('aftercare.rates.hint')}</Typography.Paragraph>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('aftercare.rates.none')} />
      ) : (
        <Flex vertical gap={12}>
          {counted.length > 0 ? (
            <BarChart
              categories={counted.map(name)}
              series={[{ name: t('aftercare.rates.rate'), values: counted.map((r) => r.rate) }]}
              percent
              min={0}
              max={1}
              horizontal
              height={Math.max(120, 40 + counted.length * 36)}
              testId="task-rates-chart"
            />
          ) : null}
          <Table<Rate>
            rowKey="consultantId"
            size="small"
            pagination={false}
            dataSource={items}
            columns={[
              { key: 'name', title: t('aftercare.rates.consultant'), render: (_, r) => name(r) },
              { key: 'rate', title: t('aftercare.rates.rate'), render: (_, r) => <Tag color={colorOf(r.rate)} data-testid={`task-rate-${r.consultantId}`}>{percent(r.rate)}</Tag> },
              { key: 'onTime', title: t('aftercare.rates.onTime'), dataIndex: 'onTime', align: 'right' },
              { key: 'late', title: t('aftercare.rates.late'), dataIndex: 'late', align: 'right' },
              { key: 'overdue', title: t('aftercare.rates.overdue'), dataIndex: 'overdue', align: 'right' },
              { key: 'counted', title: t('aftercare.rates.counted'), dataIndex: 'counted', align: 'right' },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}

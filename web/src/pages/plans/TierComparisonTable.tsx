import { Flex, Table, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { pick } from '../../format';
import { useLocale } from '../../hooks';
import { TierTag } from './plan-parts';
import type { TierComparison } from '../../api/plans';

type Row = TierComparison['rows'][number];

/**
 * Tiers side by side, one row per topic a client weighs (guarantee, remedies, refunds, check-ins, …). Every cell
 * comes from the latest published terms of the plan in its column, so the table can never promise more than the
 * plan's rules.
 */
export function TierComparisonTable({ comparison, loading }: { comparison: TierComparison | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const plans = comparison?.plans ?? [];
  return (
    <Table<Row>
      rowKey="key"
      size="middle"
      bordered
      loading={loading}
      pagination={false}
      dataSource={comparison?.rows ?? []}
      data-testid="plans-comparison"
      scroll={{ x: 150 + plans.length * 180 }}
      onRow={(row) => ({ 'data-row': row.key }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'topic',
          title: t('plans.comparison.topic'),
          fixed: 'left',
          width: 150,
          render: (_, row) => <Typography.Text strong>{pick(row.label, locale)}</Typography.Text>,
        },
        ...plans.map((plan, index) => ({
          key: plan.planId,
          width: 180,
          title: (
            <Flex vertical gap={4} data-testid={`comparison-plan-${plan.key}`}>
              <Link to={`/plans/${encodeURIComponent(plan.planId)}`}>{pick(plan.name, locale)}</Link>
              <Flex gap={6} align="center" wrap>
                {plan.builtIn ? null : <TierTag tier={plan.tier} />}
                <Tooltip title={t('plans.comparison.versionHint', { hash: plan.termsHash })}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    v{plan.version}
                  </Typography.Text>
                </Tooltip>
                {!plan.selectable ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('plans.templateOnly')}
                  </Typography.Text>
                ) : null}
              </Flex>
            </Flex>
          ),
          render: (_: unknown, row: Row) => {
            const cell = row.cells[index];
            if (!cell) return null;
            const text = pick(cell.text, locale);
            const none = text === t('plans.comparison.noneText');
            return (
              <Typography.Text type={none ? 'secondary' : undefined} style={{ fontSize: 13 }}>
                {text}
              </Typography.Text>
            );
          },
        })),
      ]}
    />
  );
}

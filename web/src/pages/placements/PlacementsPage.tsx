import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Input, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { formatInstant } from '../../format';
import { useCursorPages, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { AcceptanceProgress, Money, PlacementStatusTag, pickText } from './placement-parts';
import { PLACEMENT_STATUSES, PLACEMENTS_PATH, type PlacementPage, type PlacementStatus, type PlacementSummary } from '../../api/placements';

type StatusFilter = PlacementStatus | 'all' | 'mine';
const PAGE_SIZE = 50;

/** 入职/成单: the placements the signed-in user is a party to (platform ops: all of them). */
export function PlacementsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { user } = useSession();
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [search, setSearch] = useState('');

  const serverStatus = filter === 'all' || filter === 'mine' ? undefined : filter;
  const placements = useCursorPages<PlacementPage>(PLACEMENTS_PATH, { status: filter === 'mine' ? 'pending_acceptance' : serverStatus, limit: PAGE_SIZE }, [filter]);
  const page = placements.first;
  const all = placements.rows;
  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return all
      .filter((p) => filter !== 'mine' || p.canAccept)
      .filter(
        (p) =>
          !needle ||
          [p.candidateName, p.order.title, p.order.city, p.poster.name, p.deliverer.name, p.deliverer.consultantName]
            .filter((v): v is string => typeof v === 'string')
            .some((v) => v.toLowerCase().includes(needle)),
      );
  }, [all, search, filter]);
  const awaitingMe = (page.data?.items ?? []).filter((p) => p.canAccept).length;
  const isOps = user.role === 'platform_ops';

  return (
    <>
      <PageHeader title={t('placements.title')} subtitle={isOps ? t('placements.subtitleOps') : t('placements.subtitle')} />
      {awaitingMe > 0 && filter !== 'mine' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="placements-awaiting"
          title={t('placements.awaitingMe', { count: awaitingMe })}
          action={
            <Button size="small" onClick={() => setFilter('mine')}>
              {t('placements.showAwaiting')}
            </Button>
          }
        />
      ) : null}
      <Card>
        {page.error && !page.data ? (
          <LoadError error={page.error} onRetry={page.reload} />
        ) : (
          <>
            <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
              <Space wrap>
                <Input
                  allowClear
                  prefix={<SearchOutlined />}
                  placeholder={t('placements.searchPlaceholder')}
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                  style={{ width: 260 }}
                  data-testid="placements-search"
                />
                <Segmented<StatusFilter>
                  value={filter}
                  onChange={setFilter}
                  data-testid="placements-status-filter"
                  options={[
                    { value: 'all', label: t('placements.allStatuses') },
                    ...(isOps ? [] : [{ value: 'mine' as const, label: t('placements.awaitingMeFilter') }]),
                    ...PLACEMENT_STATUSES.filter((s) => s !== 'replacing').map((s) => ({ value: s, label: t(`placements.status.${s}`) })),
                  ]}
                />
              </Space>
              <Space>
                <Typography.Text type="secondary">{t('common.total', { count: visible.length })}</Typography.Text>
                <Tooltip title={t('common.refresh')}>
                  <Button icon={<ReloadOutlined />} onClick={page.reload} aria-label={t('common.refresh')} />
                </Tooltip>
              </Space>
            </Flex>
            <Table<PlacementSummary>
              rowKey="id"
              loading={page.loading}
              dataSource={visible}
              data-testid="placements-table"
              scroll={{ x: 1120 }}
              pagination={false}
              onRow={(p) => ({ onDoubleClick: () => void navigate(`/placements/${encodeURIComponent(p.id)}`), 'data-testid': `placement-row-${p.id}` } as React.HTMLAttributes<HTMLElement>)}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={all.length > 0 ? t('placements.noMatch') : filter === 'all' ? t('placements.empty') : t('placements.emptyFiltered')}
                  />
                ),
              }}
              columns={[
                {
                  key: 'candidate',
                  title: t('placements.candidate'),
                  fixed: 'left',
                  width: 120,
                  render: (_, p) => (
                    <Link to={`/placements/${encodeURIComponent(p.id)}`} data-testid={`placement-link-${p.id}`}>
                      <Typography.Text strong>{p.candidateName}</Typography.Text>
                    </Link>
                  ),
                },
                {
                  key: 'order',
                  title: t('placements.order'),
                  render: (_, p) => (
                    <Flex vertical>
                      <Typography.Text ellipsis={{ tooltip: p.order.title }} style={{ maxWidth: 260 }}>
                        {p.order.title ?? t('common.none')}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[p.order.city, pickText(p.plan.name, locale)].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  key: 'parties',
                  title: t('placements.parties'),
                  width: 250,
                  render: (_, p) => (
                    <Flex vertical style={{ minWidth: 0 }}>
                      <Typography.Text ellipsis={{ tooltip: p.poster.name }} style={{ maxWidth: 230 }}>
                        <Typography.Text type="secondary">{t('placements.sides.poster')} </Typography.Text>
                        {p.poster.name ?? t('common.none')}
                      </Typography.Text>
                      <Typography.Text ellipsis={{ tooltip: p.deliverer.name }} style={{ maxWidth: 230 }}>
                        <Typography.Text type="secondary">{t('placements.sides.deliverer')} </Typography.Text>
                        {p.deliverer.name ?? t('common.none')}
                        {p.deliverer.consultantName ? ` · ${p.deliverer.consultantName}` : ''}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  key: 'startDate',
                  title: t('placements.startDate'),
                  dataIndex: 'startDate',
                  width: 115,
                  sorter: (a, b) => a.startDate.localeCompare(b.startDate),
                },
                {
                  key: 'fee',
                  title: t('placements.fee'),
                  align: 'right',
                  width: 140,
                  render: (_, p) => <Money amount={p.fee} currency={p.currency} strong />,
                },
                {
                  key: 'status',
                  title: t('placements.statusAndAcceptance'),
                  width: 180,
                  render: (_, p) => (
                    <Flex vertical gap={6} align="flex-start">
                      <PlacementStatusTag status={p.status} />
                      {p.status === 'pending_acceptance' ? <AcceptanceProgress placement={p} compact /> : null}
                    </Flex>
                  ),
                },
                {
                  key: 'createdAt',
                  title: t('placements.createdAt'),
                  dataIndex: 'createdAt',
                  responsive: ['xxl'],
                  width: 170,
                  render: (value: string) => formatInstant(value, locale),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  fixed: 'right',
                  width: 150,
                  render: (_, p) => (
                    <Link to={`/placements/${encodeURIComponent(p.id)}`}>
                      {p.canAccept ? (
                        <Button type="primary" size="small" data-testid={`placement-review-${p.id}`}>
                          {t('placements.reviewAndAccept')}
                        </Button>
                      ) : (
                        t('common.open')
                      )}
                    </Link>
                  ),
                },
              ]}
            />
            {placements.cursor ? <LoadMore pages={placements} label={t('placements.loadMore')} testId="placements-more" /> : null}
          </>
        )}
      </Card>
    </>
  );
}

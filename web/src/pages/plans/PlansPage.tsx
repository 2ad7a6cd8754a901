import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Empty, Flex, Input, Segmented, Space, Table, Tabs, Tooltip, Typography, type TabsProps } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { Mono } from '../../components/Mono';
import { PageHeader } from '../../components/PageHeader';
import { pagesOver } from '../../components/tables';
import { formatInstant, pick, shortHash } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import type { Items } from '../../api/contract';
import { CustomRequestsQueue } from './CustomRequestsQueue';
import { MyCustomRequests } from './MyCustomRequests';
import { PlanKindTag, TierTag } from './plan-parts';
import type { CustomPlanRequest, PlanSummary, TierComparison } from '../../api/plans';
import { TierComparisonTable } from './TierComparisonTable';

type KindFilter = 'all' | 'builtIn' | 'custom';

/**
 * After-sales plans: the tier comparison and every plan the caller may see. Employers also ask for custom plans
 * here; platform ops work the queue of those requests.
 */
export function PlansPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { user, org } = useSession();
  const isOps = user.role === 'platform_ops';
  const isEmployer = org.kind === 'employer';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'requests' && (isOps || isEmployer) ? 'requests' : 'plans';

  const plans = useLoad((signal) => api.get<Items<PlanSummary>>('/plans', { signal }), []);
  const comparison = useLoad((signal) => api.get<TierComparison>('/plans/comparison', { signal }), []);
  // Only the open count is needed for the tab badge; the tabs load their own lists.
  const openRequests = useLoad(
    (signal) =>
      isOps
        ? api.get<Items<CustomPlanRequest>>('/custom-plan-requests', { signal, query: { status: 'open' } })
        : Promise.resolve<Items<CustomPlanRequest>>({ items: [] }),
    [isOps],
  );

  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<KindFilter>('all');
  const all = plans.data?.items ?? [];
  const hasCustom = all.some((p) => !p.builtIn);
  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return all
      .filter((p) => kind === 'all' || (kind === 'builtIn' ? p.builtIn : !p.builtIn))
      .filter(
        (p) =>
          !needle ||
          p.name.zh.toLowerCase().includes(needle) ||
          p.name.en.toLowerCase().includes(needle) ||
          p.key.toLowerCase().includes(needle) ||
          (p.owner?.orgName.toLowerCase().includes(needle) ?? false),
      );
  }, [all, search, kind]);

  const setTab = (next: string) => {
    const copy = new URLSearchParams(params);
    if (next === 'plans') copy.delete('tab');
    else copy.set('tab', next);
    setParams(copy, { replace: true });
  };

  const refresh = () => {
    plans.reload();
    comparison.reload();
    openRequests.reload();
  };

  const plansTab = (
    <Flex vertical gap={20}>
      <Card
        title={t('plans.comparison.title')}
        extra={<Typography.Text type="secondary">{t('plans.comparison.hint')}</Typography.Text>}
        styles={{ body: { padding: 0 } }}
      >
        {comparison.error && !comparison.data ? (
          <LoadError error={comparison.error} onRetry={comparison.reload} />
        ) : (
          <TierComparisonTable comparison={comparison.data} loading={comparison.loading} />
        )}
      </Card>
      <Card title={t('plans.list.title')}>
        {plans.error && !plans.data ? (
          <LoadError error={plans.error} onRetry={plans.reload} />
        ) : (
          <>
            <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
              <Space wrap>
                <Input
                  allowClear
                  prefix={<SearchOutlined />}
                  placeholder={t('plans.list.searchPlaceholder')}
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                  style={{ width: 260 }}
                  data-testid="plans-search"
                />
                {hasCustom ? (
                  <Segmented<KindFilter>
                    value={kind}
                    onChange={setKind}
                    options={[
                      { value: 'all', label: t('plans.list.kindAll') },
                      { value: 'builtIn', label: t('plans.list.kindBuiltIn') },
                      { value: 'custom', label: t('plans.list.kindCustom') },
                    ]}
                  />
                ) : null}
              </Space>
              <Typography.Text type="secondary">{t('common.total', { count: visible.length })}</Typography.Text>
            </Flex>
            <Table<PlanSummary>
              rowKey="id"
              loading={plans.loading}
              dataSource={visible}
              data-testid="plans-table"
              scroll={{ x: 860 }}
              pagination={pagesOver(visible.length, 20)}
              onRow={(plan) => ({ onDoubleClick: () => void navigate(`/plans/${encodeURIComponent(plan.id)}`), 'data-plan-key': plan.key }) as HTMLAttributes<HTMLElement>}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={visible.length !== all.length ? t('plans.list.noMatch') : t('plans.list.empty')} />,
              }}
              columns={[
                {
                  key: 'name',
                  title: t('plans.list.name'),
                  render: (_, plan) => (
                    <Flex vertical gap={2}>
                      <Link to={`/plans/${encodeURIComponent(plan.id)}`} data-testid={`plan-link-${plan.key}`}>
                        {pick(plan.name, locale)}
                      </Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {plan.key}
                      </Typography.Text>
                    </Flex>
                  ),
                  sorter: (a, b) => pick(a.name, locale).localeCompare(pick(b.name, locale), locale),
                },
                { key: 'tier', title: t('plans.list.tier'), width: 150, render: (_, plan) => <TierTag tier={plan.tier} /> },
                { key: 'kind', title: t('plans.list.kind'), width: 200, render: (_, plan) => <PlanKindTag plan={plan} /> },
                {
                  key: 'version',
                  title: t('plans.list.version'),
                  width: 120,
                  render: (_, plan) => (
                    <Tooltip title={t('plans.list.versionCount', { count: plan.versionCount })}>
                      <Typography.Text>v{plan.latest.version}</Typography.Text>
                    </Tooltip>
                  ),
                  sorter: (a, b) => a.latest.version - b.latest.version,
                },
                {
                  key: 'hash',
                  title: t('plans.list.termsHash'),
                  width: 170,
                  responsive: ['md'],
                  render: (_, plan) => (
                    <Tooltip title={plan.latest.termsHash}>
                      <span>
                        <Mono value={shortHash(plan.latest.termsHash)} copyable={false} />
                      </span>
                    </Tooltip>
                  ),
                },
                {
                  key: 'publishedAt',
                  title: t('plans.list.publishedAt'),
                  width: 190,
                  responsive: ['lg'],
                  render: (_, plan) => formatInstant(plan.latest.publishedAt, locale),
                  sorter: (a, b) => a.latest.publishedAt.localeCompare(b.latest.publishedAt),
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  width: 110,
                  render: (_, plan) => <Link to={`/plans/${encodeURIComponent(plan.id)}`}>{t('plans.list.view')}</Link>,
                },
              ]}
            />
          </>
        )}
      </Card>
    </Flex>
  );

  const openCount = openRequests.data?.items.length ?? 0;
  const tabs: NonNullable<TabsProps['items']> = [{ key: 'plans', label: t('plans.tabs.plans'), children: plansTab }];
  if (isEmployer) {
    tabs.push({ key: 'requests', label: t('plans.tabs.myRequests'), children: <MyCustomRequests /> });
  } else if (isOps) {
    tabs.push({
      key: 'requests',
      label: (
        <Space size={6}>
          {t('plans.tabs.queue')}
          <Badge count={openCount} size="small" />
        </Space>
      ),
      children: <CustomRequestsQueue onChanged={refresh} />,
    });
  }

  return (
    <>
      <PageHeader
        title={t('plans.title')}
        subtitle={isOps ? t('plans.subtitleOps') : isEmployer ? t('plans.subtitleEmployer') : t('plans.subtitleReader')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} />
          </Tooltip>
        }
      />
      {tabs.length > 1 ? <Tabs activeKey={tab} onChange={setTab} items={tabs} destroyOnHidden={false} data-testid="plans-tabs" /> : plansTab}
    </>
  );
}

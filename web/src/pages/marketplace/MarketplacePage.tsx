import { CheckCircleOutlined, ClearOutlined, FireOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Input, InputNumber, Row, Segmented, Select, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useClock } from '../../clock';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { pick } from '../../format';
import { useCursorPages, useLoad, useLocale } from '../../hooks';
import i18n from '../../i18n/index.ts';
import { useSession } from '../../session';
import { fnLabel, levelLabel, OrderFactsLine, RewardText, SalaryRange, TierTag } from './market-parts';
import { CURRENCIES, JOB_FUNCTIONS, JOB_LEVELS, MARKET_SORTS, PLAN_TIERS, type EngagementPage, type MarketPage, type MarketSort } from '../../api/marketplace';

const PAGE_SIZE = 20;

type Filters = {
  q: string;
  city?: string;
  function?: string;
  level?: string;
  planTier?: string;
  minReward?: number | null;
  rewardCurrency: string;
  postedSince?: string;
};

const EMPTY: Filters = { q: '', rewardCurrency: 'CNY' };

/** "今天发布" / "3天前发布": days since the order opened, by the platform's clock (demo time moves). */
export function daysAgoLabel(openedAt: string | null, nowIso: string | undefined): string {
  if (!openedAt) return '';
  const now = nowIso ? Date.parse(nowIso) : Date.now();
  const days = Math.max(0, Math.floor((now - Date.parse(openedAt)) / 86_400_000));
  return days === 0 ? i18n.t('marketplace.market.postedToday') : i18n.t('marketplace.market.postedDaysAgo', { count: days });
}

/** 职位市场: the open orders a consultant may take, filtered and sorted (by relevance first), a cursor page at a time. */
export function MarketplacePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { user } = useSession();
  const { clock } = useClock();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [sort, setSort] = useState<MarketSort>('relevance');
  const consultant = user.role === 'consultant';

  const cities = useLoad((signal) => api.get<{ items: { city: string; count: number }[] }>('/marketplace/cities', { signal }), []);
  const capacity = useLoad((signal) => (consultant ? api.get<EngagementPage>('/engagements', { signal, query: { status: 'active', limit: 1 } }) : Promise.resolve(null)), [consultant]);

  const query = useMemo(
    () => ({
      q: filters.q || undefined,
      city: filters.city,
      function: filters.function,
      level: filters.level,
      planTier: filters.planTier,
      minReward: filters.minReward ? String(filters.minReward) : undefined,
      rewardCurrency: filters.minReward ? filters.rewardCurrency : undefined,
      postedSince: filters.postedSince,
      sort,
      limit: PAGE_SIZE,
    }),
    [filters, sort],
  );
  const market = useCursorPages<MarketPage>('/marketplace/orders', query, [query]);
  const page = market.first;
  const items = market.rows;
  const apply = (next: Filters) => {
    setDraft(next);
    setFilters(next);
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY);
  const cap = capacity.data?.capacity;

  return (
    <>
      <PageHeader title={t('marketplace.market.title')} subtitle={consultant ? t('marketplace.market.subtitle') : t('marketplace.market.subtitleAdmin')} />
      {cap ? (
        <Alert
          type={cap.used >= cap.cap ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="market-capacity"
          title={cap.used >= cap.cap ? t('marketplace.market.capacityFull', { cap: cap.cap }) : t('marketplace.market.capacity', { used: cap.used, cap: cap.cap })}
          action={
            <Button size="small" onClick={() => navigate('/engagements')}>
              {t('marketplace.market.myEngagements')}
            </Button>
          }
        />
      ) : null}
      <Card style={{ marginBottom: 16 }} data-testid="market-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} md={12} lg={8}>
            <Input.Search
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('marketplace.market.searchPlaceholder')}
              value={draft.q}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              onSearch={(value) => apply({ ...draft, q: value.trim() })}
              data-testid="market-search"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              allowClear
              showSearch
              style={{ width: '100%' }}
              placeholder={t('marketplace.fields.city')}
              value={draft.city}
              onChange={(city?: string) => apply({ ...draft, city })}
              options={(cities.data?.items ?? []).map((c) => ({ value: c.city, label: `${c.city} (${c.count})` }))}
              data-testid="market-city"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              placeholder={t('marketplace.fields.function')}
              value={draft.function}
              onChange={(fn?: string) => apply({ ...draft, function: fn })}
              options={JOB_FUNCTIONS.map((f) => ({ value: f, label: fnLabel(f) }))}
              data-testid="market-function"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('marketplace.fields.level')}
              value={draft.level}
              onChange={(level?: string) => apply({ ...draft, level })}
              options={JOB_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))}
              data-testid="market-level"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('marketplace.fields.plan')}
              value={draft.planTier}
              onChange={(planTier?: string) => apply({ ...draft, planTier })}
              options={PLAN_TIERS.map((p) => ({ value: p, label: t(`marketplace.tiers.${p}`) }))}
              data-testid="market-tier"
            />
          </Col>
          <Col xs={24} md={12} lg={8}>
            <Space.Compact style={{ width: '100%' }}>
              <Select style={{ width: 90 }} value={draft.rewardCurrency} onChange={(rewardCurrency: string) => apply({ ...draft, rewardCurrency })} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
              <InputNumber<number>
                style={{ width: '100%' }}
                min={0}
                precision={0}
                placeholder={t('marketplace.market.minReward')}
                value={draft.minReward ?? null}
                onChange={(minReward) => setDraft({ ...draft, minReward })}
                onPressEnter={() => apply(draft)}
                onBlur={() => apply(draft)}
                data-testid="market-min-reward"
              />
            </Space.Compact>
          </Col>
          <Col xs={12} md={6} lg={4}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder={t('marketplace.market.postedSince')}
              onChange={(d: Dayjs | null) => apply({ ...draft, postedSince: d ? d.format('YYYY-MM-DD') : undefined })}
              data-testid="market-posted-since"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Button icon={<ClearOutlined />} disabled={!filtered} onClick={() => apply(EMPTY)} block>
              {t('marketplace.market.clearFilters')}
            </Button>
          </Col>
        </Row>
      </Card>
      {page.data?.upcoming ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="market-upcoming"
          title={t('marketplace.market.upcoming', { count: page.data.upcoming.count, when: locale === 'en' ? page.data.upcoming.explanation.en : page.data.upcoming.explanation.zh })}
        />
      ) : null}
      <Card
        title={
          <Segmented<MarketSort>
            value={sort}
            onChange={setSort}
            options={MARKET_SORTS.map((s) => ({ value: s, label: t(`marketplace.market.sort.${s}`) }))}
            data-testid="market-sort"
          />
        }
        extra={
          <Tooltip title={t('marketplace.market.relevanceHint')}>
            <Typography.Text type="secondary">{t('marketplace.market.howRanked')}</Typography.Text>
          </Tooltip>
        }
      >
        {page.error ? (
          <LoadError error={page.error} onRetry={page.reload} />
        ) : page.loading && items.length === 0 ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          items.length === 0 ? (
            <Empty description={filtered ? t('marketplace.market.emptyFiltered') : t('marketplace.market.empty')} />
          ) : (
            <div data-testid="market-list">
              {items.map((o, i) => (
                <Flex
                  key={o.id}
                  align="center"
                  gap={16}
                  wrap
                  data-testid={`market-item-${o.id}`}
                  style={{ padding: '16px 0', borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
                >
                  <Flex vertical gap={2} style={{ flex: '1 1 420px', minWidth: 0 }}>
                    <Flex gap={8} align="center" wrap>
                      <Link to={`/marketplace/${o.id}`}>
                        <Typography.Text strong style={{ fontSize: 15, color: 'inherit' }}>
                          {o.title}
                        </Typography.Text>
                      </Link>
                      <TierTag tier={o.plan.tier} />
                      {o.engaged ? (
                        <Tag color="success" icon={<CheckCircleOutlined />}>
                          {t('marketplace.market.engaged')}
                        </Tag>
                      ) : null}
                      {sort === 'relevance' && o.relevance !== null && o.relevance >= 0.6 ? (
                        <Tag color="volcano" icon={<FireOutlined />}>
                          {t('marketplace.market.topMatch')}
                        </Tag>
                      ) : null}
                    </Flex>
                    <Typography.Text>
                      {o.postedBy} · <Typography.Text type="secondary">{daysAgoLabel(o.openedAt, clock?.now)}</Typography.Text>
                    </Typography.Text>
                    <OrderFactsLine order={o} />
                    <Typography.Text type="secondary">
                      {pick(o.plan.name, locale)} · <SalaryRange order={o} />
                    </Typography.Text>
                  </Flex>
                  <div style={{ minWidth: 180, textAlign: 'right' }}>
                    <RewardText order={o} locale={locale} strong />
                  </div>
                  <Link to={`/marketplace/${o.id}`}>
                    <Button type={o.engaged || !consultant ? 'default' : 'primary'} data-testid={`market-view-${o.id}`}>
                      {o.engaged || !consultant ? t('marketplace.market.view') : t('marketplace.market.viewAndTake')}
                    </Button>
                  </Link>
                </Flex>
              ))}
            </div>
          )
        )}
        {market.cursor && !page.error ? (
          <LoadMore pages={market} label={t('marketplace.loadMore')} testId="market-load-more" />
        ) : items.length > 0 && !page.loading ? (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">{t('marketplace.market.end', { count: items.length })}</Typography.Text>
          </Flex>
        ) : null}
      </Card>
    </>
  );
}

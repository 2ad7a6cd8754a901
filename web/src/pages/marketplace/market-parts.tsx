import { EnvironmentOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Flex, Row, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { LoadMore } from '../../components/LoadMore';
import { ScopeItems, WordingLines } from '../../components/TermsText';
import { formatInstant, formatMoney, pick, shortHash } from '../../format';
import type { Locale } from '../../i18n/index.ts';
import i18n from '../../i18n/index.ts';
import type { Engagement, EngagementStatus, JobFunction, JobLevel, OrderDetail, OrderStatus, OrderSummary, OrderTerms, PlanTier } from '../../api/marketplace';

export function SalaryRange({ order }: { order: Pick<OrderSummary, 'salaryMin' | 'salaryMax' | 'currency'> }) {
  const { t } = useTranslation();
  const min = formatMoney(order.salaryMin, order.currency, { whole: true });
  const max = formatMoney(order.salaryMax, order.currency, { whole: true });
  return (
    <Typography.Text style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {order.salaryMin === order.salaryMax ? min : `${min} – ${max}`}
      <Typography.Text type="secondary"> {t('marketplace.perYear')}</Typography.Text>
    </Typography.Text>
  );
}

/** The reward in words, with the estimate a consultant can expect (percent rewards: on the middle of the range). */
export function RewardText({ order, locale, strong = false }: { order: Pick<OrderSummary, 'reward' | 'rewardInWords' | 'rewardEstimate' | 'currency'>; locale: Locale; strong?: boolean }) {
  const { t } = useTranslation();
  const estimate = formatMoney(order.rewardEstimate, order.currency, { whole: true });
  return (
    <Flex vertical gap={0}>
      <Typography.Text strong={strong} style={{ color: strong ? '#b45309' : undefined }} data-testid="order-reward">
        {pick(order.rewardInWords, locale)}
      </Typography.Text>
      {order.reward.type === 'percent_of_annual_salary' ? (
        <Tooltip title={t('marketplace.rewardEstimateHint')}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('marketplace.rewardEstimate', { amount: estimate })}
          </Typography.Text>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

const STATUS_COLORS: Record<OrderStatus, string> = { draft: 'default', open: 'green', paused: 'orange', filled: 'blue', closed: 'default' };

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} variant={status === 'closed' ? 'outlined' : 'filled'} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`marketplace.status.${status}`)}
    </Tag>
  );
}

const ENGAGEMENT_COLORS: Record<EngagementStatus, string> = { active: 'processing', dropped: 'default', closed: 'default' };

export function EngagementStatusTag({ status, orderStatus }: { status: EngagementStatus; orderStatus?: OrderStatus }) {
  const { t } = useTranslation();
  // An active engagement on an order that has ended is over in practice: say so rather than "in progress".
  const ended = status === 'active' && (orderStatus === 'closed' || orderStatus === 'filled');
  return (
    <Tag color={ended ? 'default' : ENGAGEMENT_COLORS[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {ended ? t(`marketplace.engagementStatus.orderEnded`) : t(`marketplace.engagementStatus.${status}`)}
    </Tag>
  );
}

/** An engagement's terms hash in a table: short, the whole value a copy away. */
export function EngagementHash({ hash }: { hash: string }) {
  return (
    <Typography.Text code copyable={{ text: hash }} style={{ fontSize: 12 }}>
      {shortHash(hash)}
    </Typography.Text>
  );
}

/** Why a consultant stopped working an order, and when; "none" while they still work it. */
export function DropReason({ engagement, locale }: { engagement: Pick<Engagement, 'dropReason' | 'droppedAt'>; locale: Locale }) {
  const { t } = useTranslation();
  if (!engagement.dropReason) return t('common.none');
  return (
    <span>
      {engagement.dropReason} <Typography.Text type="secondary">({formatInstant(engagement.droppedAt, locale)})</Typography.Text>
    </span>
  );
}

const TIER_COLORS: Record<PlanTier, string> = { match_only: 'default', standard: 'blue', full_lifecycle: 'gold', manufacturing_skill: 'cyan', custom: 'magenta' };

export function TierTag({ tier }: { tier: PlanTier }) {
  const { t } = useTranslation();
  return (
    <Tag color={TIER_COLORS[tier]} icon={tier === 'match_only' ? undefined : <SafetyCertificateOutlined />} data-tier={tier} style={{ marginInlineEnd: 0 }}>
      {t(`marketplace.tiers.${tier}`)}
    </Tag>
  );
}

export function fnLabel(fn: JobFunction): string {
  return i18n.t(`marketplace.functions.${fn}`);
}

export function levelLabel(level: JobLevel): string {
  return i18n.t(`marketplace.levels.${level}`);
}

/** "上海 · 销售 · 经理" */
export function OrderFactsLine({ order }: { order: Pick<OrderSummary, 'city' | 'function' | 'level' | 'headcount' | 'hiredCount'> }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      <EnvironmentOutlined /> {order.city} · {fnLabel(order.function)} · {levelLabel(order.level)} · {t('marketplace.headcountShort', { hired: order.hiredCount, count: order.headcount })}
    </Typography.Text>
  );
}

/** The order's facts, for its detail pages. */
export function OrderDescriptions({ order, locale }: { order: OrderDetail; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" data-testid="order-facts">
      <Descriptions.Item label={t('marketplace.fields.postedBy')}>
        {order.postedBy}
        {order.clientName ? <Typography.Text type="secondary"> {t('marketplace.viaAgency', { agency: order.posterOrgName })}</Typography.Text> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.city')}>{order.city}</Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.function')}>{fnLabel(order.function)}</Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.level')}>{levelLabel(order.level)}</Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.headcount')}>{t('marketplace.headcountLong', { hired: order.hiredCount, count: order.headcount })}</Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.salary')}>
        <SalaryRange order={order} />
      </Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.reward')}>
        <RewardText order={order} locale={locale} strong />
      </Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.plan')}>
        <Flex gap={6} align="center" wrap>
          <TierTag tier={order.plan.tier} />
          <span>
            {pick(order.plan.name, locale)} · v{order.plan.version}
          </span>
        </Flex>
      </Descriptions.Item>
      <Descriptions.Item label={t('marketplace.fields.openedAt')}>{formatInstant(order.openedAt, locale)}</Descriptions.Item>
    </Descriptions>
  );
}

/** The order's terms in plain words beside the scope statement, with the hash that stands for all of them. */
export function TermsInWords({ terms, locale }: { terms: OrderTerms; locale: Locale }) {
  const { t } = useTranslation();
  const scope = terms.terms.scope;
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('marketplace.terms.wordingTitle')} style={{ height: '100%' }}>
            <WordingLines lines={terms.wording[locale]} testId="order-terms-wording" />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('marketplace.terms.scopeTitle')} style={{ height: '100%' }}>
            <Typography.Text strong>{t('marketplace.terms.included')}</Typography.Text>
            <ScopeItems items={scope?.included ?? []} kind="included" locale={locale} empty={t('marketplace.terms.nothingListed')} />
            <Typography.Text strong>{t('marketplace.terms.excluded')}</Typography.Text>
            <ScopeItems items={scope?.excluded ?? []} kind="excluded" locale={locale} empty={t('marketplace.terms.nothingListed')} />
          </Card>
        </Col>
      </Row>
      <TermsHash hash={terms.termsHash} canonical={terms.canonicalTerms} />
    </Flex>
  );
}

export function TermsHash({ hash, canonical }: { hash: string; canonical?: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} data-testid="order-terms-hash">
      <Typography.Text type="secondary">{t('marketplace.terms.hashLabel')}</Typography.Text>
      <Typography.Text code copyable={{ text: hash }} style={{ wordBreak: 'break-all', fontSize: 12 }}>
        {hash}
      </Typography.Text>
      {canonical ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
          {t('marketplace.terms.hashHint')}{' '}
          <Typography.Text copyable={{ text: canonical, tooltips: [t('marketplace.terms.copyCanonical'), t('common.copied')] }} type="secondary" style={{ fontSize: 12 }} />
        </Typography.Paragraph>
      ) : null}
    </Flex>
  );
}

/** What a paged table reads of a `useCursorPages` list. */
interface PagedRows<T> {
  first: { error: unknown; loading: boolean; reload: () => void };
  rows: T[];
  cursor: string | null;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
}

/**
 * The lists of orders and engagements, a cursor page at a time: the table of the rows loaded so far (the load's
 * error instead, when the latest load failed) and the button that loads more.
 */
export function PagedTable<T extends object>({
  pages,
  loadMoreTestId,
  ...table
}: { pages: PagedRows<T>; loadMoreTestId?: string } & Omit<TableProps<T>, 'rowKey' | 'loading' | 'dataSource' | 'pagination'>) {
  const { t } = useTranslation();
  const page = pages.first;
  return (
    <>
      {page.error ? <LoadError error={page.error} onRetry={page.reload} /> : <Table<T> rowKey="id" loading={page.loading} dataSource={pages.rows} pagination={false} {...table} />}
      {pages.cursor && !page.error ? <LoadMore pages={pages} label={t('marketplace.loadMore')} testId={loadMoreTestId} /> : null}
    </>
  );
}

/**
 * A sentence for an error of these pages: the marketplace's own refusals (cap, changed terms, an order that is no
 * longer open) in the user's language; every other error as the app says it.
 */
export function describeMarketError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = (error.details ?? {}) as { cap?: unknown; reason?: unknown; status?: unknown };
    if (error.code === 'capacity_reached') return i18n.t('marketplace.errors.capacityReached', { cap: typeof details.cap === 'number' ? details.cap : '?' });
    if (error.code === 'terms_mismatch') return i18n.t('marketplace.errors.termsMismatch');
    if (error.code === 'invalid_transition') {
      const status = typeof details.status === 'string' ? i18n.t(`marketplace.status.${details.status as OrderStatus}`, { defaultValue: details.status }) : '';
      return i18n.t('marketplace.errors.invalidTransition', { status });
    }
    if (error.code === 'conflict' && details.reason === 'already_engaged') return i18n.t('marketplace.errors.alreadyEngaged');
    if (error.code === 'conflict' && details.reason === 'order_not_open') return i18n.t('marketplace.errors.orderNotOpen');
  }
  return describeError(error);
}

/** The banner of an order reopened for a claim's replacement (DESIGN §4.5), linking the claim for those who may read it. */
export function ReplacementReopenedBanner({ reopened }: { reopened: { claimId: string | null; forYourAgency: boolean } | null }) {
  const { t } = useTranslation();
  if (!reopened) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="order-reopened-for-replacement"
      title={reopened.forYourAgency ? t('marketplace.replacement.forYou') : t('marketplace.replacement.reserved')}
      description={reopened.claimId ? <Link to={`/claims/${reopened.claimId}`}>{t('marketplace.replacement.claim')}</Link> : undefined}
    />
  );
}

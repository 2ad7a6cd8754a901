import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, API_BASE } from '../../api/client';
import { BarChart } from '../../components/BarChart';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { SurvivalChart } from '../../components/SurvivalChart';
import { formatMoney } from '../../format';
import { useLoad } from '../../hooks';
import { useSession } from '../../session';
import type { Org } from '../../api/identity';
import type { AnalyticsReport, GuaranteeRate, LabelledCurve, SurvivalCurve } from '../../api/analytics';

type Dimension = 'overall' | 'byPlan' | 'byAgency' | 'byConsultant';
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
/** Curves drawn at once: the largest groups (the table and the export have them all). */
const MAX_CURVES = 6;

/** Analytics (DESIGN §4.12): employers and agencies see their own placements, a consultant its own, ops the platform or any org. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const { user, org } = useSession();
  const isOps = user.role === 'platform_ops';
  const [orgChoice, setOrgChoice] = useState<string>(isOps ? 'all' : org.id);
  const [dimension, setDimension] = useState<Dimension>('overall');
  const orgs = useLoad((signal) => (isOps ? api.get<{ items: Org[] }>('/orgs', { signal }) : Promise.resolve({ items: [] as Org[] })), [isOps]);
  const base = orgChoice === 'all' ? '/analytics' : `/orgs/${encodeURIComponent(orgChoice)}/analytics`;
  const report = useLoad((signal) => api.get<AnalyticsReport>(base, { signal }), [base]);
  const r = report.data;

  const planLabel = (key: string) => t(`plans.tiers.${key}`, { defaultValue: key });
  const exportLinks = (table: string) => (
    <Space size={4}>
      <Button size="small" href={`${API_BASE}${base}/export?table=${table}&format=csv`} data-testid={`export-${table}-csv`}>
        CSV
      </Button>
      <Button size="small" href={`${API_BASE}${base}/export?table=${table}&format=xlsx`} data-testid={`export-${table}-xlsx`}>
        Excel
      </Button>
    </Space>
  );

  const curves = (rep: AnalyticsReport) =>
    dimension === 'overall'
      ? [{ name: t('analytics.all'), points: rep.survival.overall.points }]
      : rep.survival[dimension].slice(0, MAX_CURVES).map((g) => ({ name: `${dimension === 'byPlan' ? planLabel(g.label) : g.label} (n=${g.curve.n})`, points: g.curve.points }));
  const groups = (rep: AnalyticsReport): LabelledCurve[] => (dimension === 'overall' ? [{ key: 'all', label: t('analytics.all'), curve: rep.survival.overall }] : rep.survival[dimension]);
  const at = (c: SurvivalCurve, day: number) => c.points.filter((p) => p.time <= day).at(-1)?.survival ?? 1;

  return (
    <>
      <PageHeader
        title={t('analytics.title')}
        subtitle={t(isOps ? 'analytics.subtitleOps' : user.role === 'consultant' ? 'analytics.subtitleConsultant' : 'analytics.subtitleOrg')}
        extra={
          <Space>
            {isOps ? (
              <Select
                data-testid="analytics-org"
                style={{ minWidth: 220 }}
                value={orgChoice}
                onChange={setOrgChoice}
                options={[{ value: 'all', label: t('analytics.wholePlatform') }, ...(orgs.data?.items ?? []).filter((o) => o.kind === 'employer' || o.kind === 'agency').map((o) => ({ value: o.id, label: o.name }))]}
              />
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={report.reload}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      />
      {!r ? (
        report.error ? <LoadError error={report.error} onRetry={report.reload} /> : <Skeleton active />
      ) : (
        <>
          <Card style={{ marginBottom: 16 }} data-testid="analytics-kpis">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.placements')} value={r.survival.overall.n} suffix={<Typography.Text type="secondary">{t('analytics.departed', { count: r.survival.overall.departures })}</Typography.Text>} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.passRate')} value={pct(r.guarantee.overall.rate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.responseRate')} value={pct(r.checkins.candidate.rate)} suffix={<Typography.Text type="secondary">{t('analytics.employerShort', { rate: pct(r.checkins.employer.rate) })}</Typography.Text>} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.renewalRate')} value={pct(r.renewal.rate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.satisfaction')} value={r.satisfaction.candidate.mean === null ? '—' : r.satisfaction.candidate.mean.toFixed(2)} suffix="/ 5" />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.onTime')} value={pct(r.sla.tasks.rate)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.claims')} value={r.claims.total} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.disputes')} value={r.disputes.total} />
              </Col>
            </Row>
          </Card>

          <Card
            title={t('analytics.survival')}
            style={{ marginBottom: 16 }}
            extra={
              <Space wrap>
                <Segmented<Dimension>
                  data-testid="analytics-dimension"
                  value={dimension}
                  onChange={setDimension}
                  options={[
                    { value: 'overall', label: t('analytics.all') },
                    { value: 'byPlan', label: t('analytics.byPlan') },
                    { value: 'byAgency', label: t('analytics.byAgency') },
                    { value: 'byConsultant', label: t('analytics.byConsultant') },
                  ]}
                />
                {exportLinks('survival')}
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">{t('analytics.survivalHint')}</Typography.Paragraph>
            {r.survival.overall.n === 0 ? <Empty description={t('analytics.noPlacements')} /> : <SurvivalChart testId="analytics-survival-chart" series={curves(r)} bandLabel={t('analytics.band')} />}
            <Table<LabelledCurve>
              data-testid="analytics-survival"
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={groups(r)}
              columns={[
                { title: t('analytics.group'), render: (_, g) => (dimension === 'byPlan' ? planLabel(g.label) : g.label) },
                { title: 'n', align: 'right', render: (_, g) => g.curve.n },
                { title: t('analytics.departures'), align: 'right', render: (_, g) => g.curve.departures },
                { title: t('analytics.atDay', { day: 90 }), align: 'right', render: (_, g) => pct(at(g.curve, 90)) },
                { title: t('analytics.atDay', { day: 180 }), align: 'right', render: (_, g) => pct(at(g.curve, 180)) },
                { title: t('analytics.median'), align: 'right', render: (_, g) => (g.curve.median === null ? '—' : t('analytics.days', { count: g.curve.median })) },
              ]}
            />
          </Card>

          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title={t('analytics.guarantee')} style={{ marginBottom: 16 }} extra={exportLinks('guarantee')}>
                <Table
                  data-testid="analytics-guarantee"
                  size="small"
                  pagination={false}
                  rowKey="key"
                  dataSource={[
                    { key: 'all', label: t('analytics.all'), ...r.guarantee.overall },
                    ...r.guarantee.byPlan.map((g) => ({ ...g, key: `plan:${g.key}`, label: `${t('analytics.byPlan')} · ${planLabel(g.label)}` })),
                    ...r.guarantee.byAgency.map((g) => ({ ...g, key: `agency:${g.key}`, label: `${t('analytics.byAgency')} · ${g.label}` })),
                  ]}
                  columns={[
                    { title: t('analytics.group'), dataIndex: 'label' },
                    { title: t('analytics.passed'), dataIndex: 'passed', align: 'right' },
                    { title: t('analytics.failed'), dataIndex: 'failed', align: 'right' },
                    { title: t('analytics.running'), dataIndex: 'running', align: 'right' },
                    { title: t('analytics.passRate'), align: 'right', render: (_, g: GuaranteeRate) => pct(g.rate) },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('analytics.claimsByReason')} style={{ marginBottom: 16 }} extra={exportLinks('claims')}>
                {r.claims.byReason.length === 0 ? (
                  <Empty description={t('analytics.noClaims')} />
                ) : (
                  <>
                    <BarChart testId="analytics-claims-chart" height={220} digits={0} categories={r.claims.byReason.map((c) => t(`aftercare.claims.reasons.${c.reason}`, { defaultValue: c.reason }))} series={[{ name: t('analytics.claims'), values: r.claims.byReason.map((c) => c.total) }]} />
                    <Table
                      data-testid="analytics-claims"
                      size="small"
                      pagination={false}
                      rowKey="reason"
                      dataSource={r.claims.byReason}
                      columns={[
                        { title: t('analytics.reason'), render: (_, c) => t(`aftercare.claims.reasons.${c.reason}`, { defaultValue: c.reason }) },
                        { title: t('analytics.total'), dataIndex: 'total', align: 'right' },
                        { title: t('analytics.refunded'), align: 'right', render: (_, c) => c.byState.refunded ?? 0 },
                        { title: t('analytics.replaced'), align: 'right', render: (_, c) => (c.byState.replaced ?? 0) + (c.byState.replacement_pending ?? 0) },
                        { title: t('analytics.rejected'), align: 'right', render: (_, c) => c.byState.rejected ?? 0 },
                      ]}
                    />
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('analytics.refunds')} style={{ marginBottom: 16 }} extra={exportLinks('refunds')}>
                <Table
                  data-testid="analytics-refunds"
                  size="small"
                  pagination={false}
                  rowKey="currency"
                  dataSource={r.refunds}
                  columns={[
                    { title: t('analytics.count'), dataIndex: 'count', align: 'right' },
                    { title: t('analytics.cashRefund'), align: 'right', render: (_, x) => formatMoney(x.cashRefund, x.currency) },
                    { title: t('analytics.feeRefunded'), align: 'right', render: (_, x) => formatMoney(x.refund, x.currency) },
                    { title: t('analytics.stillDue'), align: 'right', render: (_, x) => formatMoney(x.stillDue, x.currency) },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('analytics.disputesOutcomes')} style={{ marginBottom: 16 }} extra={exportLinks('disputes')}>
                <Table
                  data-testid="analytics-disputes"
                  size="small"
                  pagination={false}
                  rowKey="type"
                  dataSource={r.disputes.byType}
                  columns={[
                    { title: t('analytics.type'), render: (_, d) => t(`disputes.type.${d.type}`, { defaultValue: d.type }) },
                    { title: t('analytics.total'), dataIndex: 'total', align: 'right' },
                    { title: t('analytics.open'), dataIndex: 'open', align: 'right' },
                    { title: t('analytics.uphold'), dataIndex: 'uphold', align: 'right' },
                    { title: t('analytics.overturn'), dataIndex: 'overturn', align: 'right' },
                    { title: t('analytics.adjust'), dataIndex: 'adjust', align: 'right' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('analytics.checkins')} style={{ marginBottom: 16 }} extra={<Space>{exportLinks('checkins')}{exportLinks('satisfaction')}</Space>}>
                <Table
                  data-testid="analytics-checkins"
                  size="small"
                  pagination={false}
                  rowKey="respondent"
                  dataSource={(['candidate', 'employer'] as const).map((k) => ({ respondent: k, ...r.checkins[k], mean: r.satisfaction[k].mean }))}
                  columns={[
                    { title: t('analytics.respondent'), render: (_, c) => t(`analytics.respondents.${c.respondent}`) },
                    { title: t('analytics.answered'), dataIndex: 'answered', align: 'right' },
                    { title: t('analytics.missed'), dataIndex: 'missed', align: 'right' },
                    { title: t('analytics.responseRate'), align: 'right', render: (_, c) => pct(c.rate) },
                    { title: t('analytics.meanScore'), align: 'right', render: (_, c) => (c.mean === null ? '—' : c.mean.toFixed(2)) },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('analytics.slaRenewal')} style={{ marginBottom: 16 }} extra={<Space>{exportLinks('sla')}{exportLinks('renewal')}</Space>}>
                <Table
                  data-testid="analytics-sla"
                  size="small"
                  pagination={false}
                  rowKey="item"
                  dataSource={[
                    { item: t('analytics.tasks'), onTime: r.sla.tasks.onTime, late: r.sla.tasks.late + r.sla.tasks.overdue, rate: r.sla.tasks.rate },
                    { item: t('analytics.replacements'), onTime: r.sla.replacements.delivered, late: r.sla.replacements.overdue + r.sla.replacements.refundedInstead, rate: r.sla.replacements.rate },
                    { item: t('analytics.renewalRate'), onTime: r.renewal.renewed, late: r.renewal.eligible - r.renewal.renewed, rate: r.renewal.rate },
                  ]}
                  columns={[
                    { title: t('analytics.item'), dataIndex: 'item' },
                    { title: t('analytics.met'), dataIndex: 'onTime', align: 'right' },
                    { title: t('analytics.notMet'), dataIndex: 'late', align: 'right' },
                    { title: t('analytics.rate'), align: 'right', render: (_, x) => pct(x.rate) },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}

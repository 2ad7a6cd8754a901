import { Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { formatCalendarDateLong } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { getPlacementRisk, type RiskBand, type RiskScore } from '../../api/risk';

// ECharts loads with the chart only, so the placement page stays as light as before for a placement with no score.
const RiskChart = lazy(() => import('./RiskChart').then((m) => ({ default: m.RiskChart })));

const BAND_TAG: Record<RiskBand, string> = { low: 'green', medium: 'orange', high: 'red' };
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The retention-risk score of a placement (DESIGN §4.7): band, probability, top factors in words, and its history. */
export function RiskCard({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const risk = useLoad((signal) => getPlacementRisk(placementId, signal), [placementId]);
  const r = risk.data;
  const words = (s: RiskScore) => s.factors.map((f) => (locale === 'en' ? f.words.en : f.words.zh)).join(locale === 'en' ? '; ' : '；');
  const triggerLabel = (s: RiskScore) => (s.trigger === 'hire' ? t('risk.trigger.hire') : t(`risk.trigger.${s.trigger}`, { day: s.day ?? 0 }));

  return (
    <Card title={t('risk.title')} data-testid="risk-card" extra={<Typography.Text type="secondary">{t('risk.hint')}</Typography.Text>}>
      {!r ? (
        risk.error ? <LoadError error={risk.error} onRetry={risk.reload} /> : <Skeleton active paragraph={{ rows: 2 }} />
      ) : r.current === null ? (
        <Empty description={t('risk.none')} />
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={12} align="center" wrap>
            <Tag color={BAND_TAG[r.current.band]} data-testid="risk-band">
              {t(`risk.band.${r.current.band}`)}
            </Tag>
            <Typography.Text strong data-testid="risk-probability">
              {t('risk.probability', { value: pct(r.current.probability) })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {triggerLabel(r.current)} · {formatCalendarDateLong(r.current.scoredOn, locale)}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph data-testid="risk-factors" style={{ marginBottom: 0 }}>
            {r.current.factors.length > 0 ? t('risk.factors', { words: words(r.current) }) : t('risk.noFactors')}
          </Typography.Paragraph>
          <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
            <RiskChart
              points={r.history.map((s) => ({ label: triggerLabel(s), probability: s.probability, band: s.band }))}
              thresholds={r.thresholds}
              labels={{ medium: t('risk.band.medium'), high: t('risk.band.high') }}
            />
          </Suspense>
          <Typography.Text type="secondary">{t('risk.thresholds', { medium: pct(r.thresholds.medium), high: pct(r.thresholds.high) })}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}

import { Card, Flex, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { placementBenchmark, positionOf, type PositionAnswer } from '../../api/integrations';
import { LoadError } from '../../components/LoadError';
import { useDebounced, useLoad, useLocale } from '../../hooks';
import { Money } from '../placements/placement-parts';

type Job = { city: string; function: string; level: string };

/** "offer at the 68th percentile for 上海 软件研发, 高级" — or below p25 / above p90, said as such; null: no benchmark. */
export function PositionSentence({ answer, job }: { answer: PositionAnswer; job: Job }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!answer.position) return <Typography.Text type="secondary">{t('benchmarks.position.none', { city: job.city })}</Typography.Text>;
  const market = {
    city: job.city,
    fn: t(`marketplace.functions.${job.function}`, { defaultValue: job.function }),
    level: t(`marketplace.levels.${job.level}`, { defaultValue: job.level }),
  };
  const p = answer.position;
  const color = p.band === 'below_p25' ? 'orange' : p.band === 'above_p90' ? 'blue' : 'green';
  return (
    <Typography.Text data-testid="benchmark-position">
      <Tag color={color}>{p.band === 'within' ? t('benchmarks.position.percentileTag', { n: p.percentile }) : t(`benchmarks.position.${p.band}Tag`)}</Tag>
      {p.band === 'within' ? t('benchmarks.position.within', { ordinal: locale === 'en' ? ordinal(p.percentile ?? 0) : String(p.percentile ?? 0), ...market }) : t(`benchmarks.position.${p.band}`, market)}
    </Typography.Text>
  );
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** The placement's offer against its market, with the benchmark's four points. */
export function PlacementBenchmarkCard({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const load = useLoad((signal) => placementBenchmark(placementId, signal), [placementId]);
  const b = load.data;
  return (
    <Card title={t('benchmarks.placement.title')} data-testid="placement-benchmark">
      {!b ? (
        load.error ? <LoadError error={load.error} onRetry={load.reload} /> : <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Flex vertical gap={8}>
          <PositionSentence answer={b} job={b.job} />
          {b.benchmark && (
            <Typography.Text type="secondary">
              {t('benchmarks.placement.points')} P25 <Money amount={b.benchmark.p25} currency={b.currency} /> · P50 <Money amount={b.benchmark.p50} currency={b.currency} /> · P75{' '}
              <Money amount={b.benchmark.p75} currency={b.currency} /> · P90 <Money amount={b.benchmark.p90} currency={b.currency} /> · {t('benchmarks.placement.offer')}{' '}
              <Money amount={b.annualSalary} currency={b.currency} strong />
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}

const AMOUNT = /^\d{1,13}(\.\d{1,2})?$/;
/** How long the order form's salary and job fields must rest before their market position is asked for. */
const TYPING_PAUSE_MS = 400;

/** On the order form: where the salary range's two ends sit in the market of the order's city, function and level. */
export function OrderSalaryPosition({ job: typed, currency: typedCurrency, min: typedMin, max: typedMax }: { job: Partial<Job>; currency: string; min?: string; max?: string }) {
  const { t } = useTranslation();
  // The form's fields as they stand once typing pauses: the server is asked then, not on every keystroke.
  const settled = useDebounced(JSON.stringify([typed.city ?? '', typed.function ?? '', typed.level ?? '', typedCurrency, typedMin ?? '', typedMax ?? '']), TYPING_PAUSE_MS);
  const [city, fn, level, currency, min, max] = JSON.parse(settled) as string[];
  const job: Partial<Job> = { city, function: fn, level };
  const ready = Boolean(job.city?.trim() && job.function && job.level && min && max && AMOUNT.test(min) && AMOUNT.test(max));
  const load = useLoad(
    async (signal) => {
      if (!ready) return null;
      const q = { city: job.city!.trim(), function: job.function!, level: job.level!, currency: currency! };
      const [low, high] = await Promise.all([positionOf({ ...q, salary: min! } as never, signal), positionOf({ ...q, salary: max! } as never, signal)]);
      return { low, high };
    },
    [ready, settled],
  );
  const r = load.data;
  if (!ready || !r) return null;
  const full = { city: job.city!.trim(), function: job.function!, level: job.level! };
  if (!r.low.position || !r.high.position) return <Typography.Paragraph type="secondary" data-testid="order-benchmark"><PositionSentence answer={r.low} job={full} /></Typography.Paragraph>;
  return (
    <Typography.Paragraph data-testid="order-benchmark">
      {t('benchmarks.position.range')}
      <PositionSentence answer={r.low} job={full} /> — <PositionSentence answer={r.high} job={full} />
    </Typography.Paragraph>
  );
}

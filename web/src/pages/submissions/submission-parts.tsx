import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api/client';
import { formatMoney } from '../../format';
import i18n from '../../i18n/index.ts';
import { FINAL_STAGES, PIPELINE, STAGES, type Reward, type Stage } from '../../api/submissions';

export const STAGE_COLORS: Record<Stage, string> = {
  submitted: 'default',
  screening: 'cyan',
  interviewing: 'blue',
  offered: 'gold',
  hired: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function StageTag({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage]} variant={stage === 'withdrawn' ? 'outlined' : 'filled'} style={{ marginInlineEnd: 0 }} data-stage={stage}>
      {t(`submissions.stages.${stage}`)}
    </Tag>
  );
}

export const stageLabel = (stage: string): string =>
  (STAGES as readonly string[]).includes(stage) ? i18n.t(`submissions.stages.${stage as Stage}`) : stage;

/**
 * The same rule as the server's submission-stage.rules.ts, for what the board offers before asking:
 * forward moves may skip stages, hired only from offered, rejected / withdrawn from any open stage;
 * the poster makes every move but withdrawn, which is the consultant's. The server decides.
 */
export function movesFor(from: Stage, sides: readonly ('poster' | 'deliverer')[]): Stage[] {
  if (FINAL_STAGES.includes(from)) return [];
  return STAGES.filter((to) => {
    if (to === from) return false;
    const side = to === 'withdrawn' ? 'deliverer' : 'poster';
    if (!sides.includes(side)) return false;
    if (to === 'rejected' || to === 'withdrawn') return true;
    if (to === 'hired') return from === 'offered';
    return PIPELINE.indexOf(to) > PIPELINE.indexOf(from);
  });
}

const WHOLE = ['JPY', 'KRW'];
export const minorDigits = (currency: string): number => (WHOLE.includes(currency) ? 0 : 2);

/** A decimal amount typed by a person (no sign, at most the currency's decimals) in minor units, or null. */
export function parseMinor(text: string, currency: string): bigint | null {
  const digits = minorDigits(currency);
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  return BigInt(m[1]!) * 10n ** BigInt(digits) + (digits ? BigInt(fraction.padEnd(digits, '0')) : 0n);
}

export function formatMinor(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return minor.toString();
  const s = minor.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * The fee the reward terms give for a salary (percent rewards: salary × percent / 100 rounded half up to the
 * minor unit, as the server computes it), or null when the salary is not an amount yet.
 */
export function feePreview(reward: Reward, salaryText: string, currency: string): string | null {
  if (reward.type === 'fixed') return reward.amount;
  const salary = parseMinor(salaryText, currency);
  if (salary === null) return null;
  const hundredths = BigInt(Math.round(reward.percent * 100));
  return formatMinor((salary * hundredths + 5000n) / 10000n, currency);
}

export function RewardTerms({ reward, currency }: { reward: Reward; currency: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text>
      {reward.type === 'fixed'
        ? t('submissions.move.rewardFixed', { amount: formatMoney(reward.amount, currency) })
        : t('submissions.move.rewardPercent', { percent: reward.percent })}
    </Typography.Text>
  );
}

export function Money({ amount, currency, perYear = false }: { amount: string | null; currency: string; perYear?: boolean }) {
  const { t } = useTranslation();
  if (amount === null) return <Typography.Text type="secondary">{t('submissions.none')}</Typography.Text>;
  return (
    <Typography.Text style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatMoney(amount, currency, { whole: true })}
      {perYear ? <Typography.Text type="secondary">{t('submissions.perYear')}</Typography.Text> : null}
    </Typography.Text>
  );
}

/** A sentence for the refusals of this area, in the user's language; everything else as the app says it. */
export function describeSubmissionError(error: unknown): string {
  if (error instanceof ApiError) {
    const d = (error.details ?? {}) as { protectedUntil?: unknown; from?: unknown; to?: unknown; detected?: unknown; orderStatus?: unknown; field?: unknown; action?: unknown };
    switch (error.code) {
      case 'ownership_protected':
        return i18n.t('submissions.errors.ownership', { date: typeof d.protectedUntil === 'string' ? d.protectedUntil : '?' });
      case 'invalid_transition':
        if (d.action === 'fill' || (d.to === 'hired' && typeof d.orderStatus === 'string')) return i18n.t('submissions.errors.orderFull');
        if (typeof d.from === 'string' && typeof d.to === 'string') {
          return i18n.t('submissions.errors.invalidTransition', { from: stageLabel(d.from), to: stageLabel(d.to), message: error.message.replace(/^[^:]*:\s*/, '') });
        }
        break;
      case 'payload_too_large':
        return i18n.t('submissions.errors.tooLarge');
      case 'unsupported_media_type': {
        const detected = typeof d.detected === 'string' ? d.detected : 'binary';
        return i18n.t('submissions.errors.unsupported', { detected: i18n.t(`submissions.detected.${detected as 'png'}`, { defaultValue: detected.toUpperCase() }) });
      }
      case 'conflict':
        if (/already submitted this candidate/.test(error.message)) return i18n.t('submissions.errors.alreadySubmitted');
        if (/already in this order/.test(error.message)) return i18n.t('submissions.errors.inPipeline');
        if (/candidates are submitted while it is open/.test(error.message)) return i18n.t('submissions.errors.orderNotOpen');
        break;
      case 'invalid_input':
        if (d.field === 'file' && /empty/.test(error.message)) return i18n.t('submissions.errors.empty');
        break;
      case 'forbidden':
        return i18n.t('submissions.errors.forbidden');
    }
  }
  return describeError(error);
}

/** Where an inbox item or a link about a submission leads. */
export const submissionPath = (id: string): string => `/submissions/${id}`;

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

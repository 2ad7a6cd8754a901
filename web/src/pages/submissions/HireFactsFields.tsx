import { Alert, Checkbox, DatePicker, Descriptions, Form, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { formatMoney } from '../../format';
import { feePreview, minorDigits, parseMinor, RewardTerms } from './submission-parts';
import type { Reward } from '../../api/submissions';

/** The facts of a hire as a form holds them: typed by the poster when hiring, and again when correcting. */
export type HireFactsForm = { startDate?: Dayjs; annualSalary?: string; confirmOutsideRange?: boolean };

/** The order's salary range, once the server said the salary is outside it. */
export type OutOfRange = { salaryMin: string; salaryMax: string };

/** The range the server named when it asks to confirm a salary outside it (`<prefix>confirmOutsideRange`), or null. */
export function outOfRangeOf(error: unknown, field: string): OutOfRange | null {
  const d = error instanceof ApiError ? ((error.details ?? {}) as { field?: unknown; salaryMin?: unknown; salaryMax?: unknown }) : {};
  return d.field === field && typeof d.salaryMin === 'string' && typeof d.salaryMax === 'string' ? { salaryMin: d.salaryMin, salaryMax: d.salaryMax } : null;
}

/**
 * Start date, annual salary (with the confirmation a salary outside the order's range needs) and the fee the
 * reward terms give, computed here as the server will. Test ids start with `testIdPrefix`.
 */
export function HireFactsFields(props: {
  currency: string;
  reward: Reward | null;
  salary: string;
  outOfRange: OutOfRange | null;
  onSalaryEdited: () => void;
  required: boolean;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const { currency, reward, outOfRange, testIdPrefix: id } = props;
  const fee = reward ? feePreview(reward, props.salary, currency) : null;
  return (
    <>
      <Form.Item name="startDate" label={t('submissions.move.startDate')} rules={props.required ? [{ required: true, message: t('submissions.move.startDateRequired') }] : []}>
        <DatePicker style={{ width: '100%' }} data-testid={`${id}-start-date`} />
      </Form.Item>
      <Form.Item
        name="annualSalary"
        label={`${t('submissions.move.annualSalary')}（${currency}）`}
        rules={[
          ...(props.required ? [{ required: true, message: t('submissions.move.annualSalaryRequired') }] : []),
          {
            validator: (_: unknown, v: string | undefined) =>
              !v || (parseMinor(v, currency) ?? 0n) > 0n ? Promise.resolve() : Promise.reject(new Error(t('submissions.move.amountInvalid', { digits: minorDigits(currency) }))),
          },
        ]}
      >
        <Input inputMode="decimal" placeholder="500000" data-testid={`${id}-salary`} onChange={props.onSalaryEdited} />
      </Form.Item>
      {outOfRange ? (
        <>
          <Alert
            type="warning"
            showIcon
            title={t('submissions.move.outOfRange', { min: formatMoney(outOfRange.salaryMin, currency), max: formatMoney(outOfRange.salaryMax, currency) })}
            style={{ marginBottom: 8 }}
            data-testid={`${id}-out-of-range`}
          />
          <Form.Item
            name="confirmOutsideRange"
            valuePropName="checked"
            rules={[{ validator: (_, v: boolean | undefined) => (v ? Promise.resolve() : Promise.reject(new Error(t('submissions.move.confirmOutOfRangeRequired')))) }]}
          >
            <Checkbox data-testid={`${id}-confirm-out-of-range`}>{t('submissions.move.confirmOutOfRange')}</Checkbox>
          </Form.Item>
        </>
      ) : null}
      {reward ? (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid={`${id}-fee`}>
          <Descriptions.Item label={t('submissions.move.reward')}>
            <RewardTerms reward={reward} currency={currency} />
          </Descriptions.Item>
          <Descriptions.Item label={t('submissions.move.feePreview')}>
            <Typography.Text strong style={{ color: '#b45309' }}>
              {fee ? formatMoney(fee, currency) : t('submissions.none')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('submissions.move.feeHint')}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </>
  );
}

import { Alert, App, Checkbox, DatePicker, Descriptions, Form, Input, Modal, Skeleton, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { formatMoney } from '../../format';
import { useLoad } from '../../hooks';
import { describeSubmissionError, feePreview, minorDigits, parseMinor, RewardTerms, stageLabel } from './submission-parts';
import type { Stage, SubmissionDetail } from './submission-types';

type MoveForm = { comment?: string; startDate?: Dayjs; annualSalary?: string; confirmOutsideRange?: boolean };

/** The order's salary range, once the server said the salary is outside it. */
type OutOfRange = { salaryMin: string; salaryMax: string };

export type MoveTarget = { submissionId: string; candidateName: string; from: Stage; to: Stage };

/**
 * Confirms one move of a submission: a comment the other side reads; for `hired`, the start date and
 * annual salary, with the fee the order's reward terms give (computed here as the server will).
 */
export function MoveStageModal({ target, onClose, onMoved }: { target: MoveTarget | null; onClose: () => void; onMoved: (detail: SubmissionDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<MoveForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outOfRange, setOutOfRange] = useState<OutOfRange | null>(null);
  const hiring = target?.to === 'hired';
  const withdrawing = target?.to === 'withdrawn';
  // The hire form shows the order's reward terms: read them with the submission.
  const detail = useLoad((signal) => (target && hiring ? api.get<SubmissionDetail>(`/submissions/${target.submissionId}`, { signal }) : Promise.resolve(undefined)), [target?.submissionId, hiring]);
  const salary = Form.useWatch('annualSalary', form) ?? '';

  useEffect(() => {
    if (target) {
      form.resetFields();
      setError(null);
      setOutOfRange(null);
    }
  }, [target, form]);

  if (!target) return null;
  const order = detail.data?.order;
  const currency = order?.currency ?? detail.data?.submission.currency ?? 'CNY';
  const fee = order ? feePreview(order.reward, salary, currency) : null;

  async function submit(values: MoveForm) {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { to: target.to };
      if (values.comment?.trim()) body.comment = values.comment.trim();
      if (hiring) {
        body.hire = {
          startDate: values.startDate?.format('YYYY-MM-DD'),
          annualSalary: values.annualSalary?.trim().replace(/,/g, ''),
          ...(values.confirmOutsideRange ? { confirmOutsideRange: true } : {}),
        };
      }
      const next = await api.post<SubmissionDetail>(`/submissions/${target.submissionId}/stage`, body);
      if (hiring && next.placementId) {
        message.success(
          <span>
            {t('submissions.move.hiredDone', { name: target.candidateName })}{' '}
            {/* Messages render outside the router: navigate through the hook, not a <Link>. */}
            <Typography.Link onClick={() => navigate(`/placements/${next.placementId}`)}>{t('submissions.move.viewPlacement')}</Typography.Link>
          </span>,
          6,
        );
      } else {
        message.success(t('submissions.move.done', { name: target.candidateName, stage: stageLabel(target.to) }));
      }
      onMoved(next);
    } catch (e) {
      // A salary outside the order's range needs the poster's explicit confirmation: ask for it, then send again.
      const d = e instanceof ApiError ? ((e.details ?? {}) as { field?: unknown; salaryMin?: unknown; salaryMax?: unknown }) : {};
      if (d.field === 'hire.confirmOutsideRange' && typeof d.salaryMin === 'string' && typeof d.salaryMax === 'string') {
        setOutOfRange({ salaryMin: d.salaryMin, salaryMax: d.salaryMax });
        return;
      }
      setError(describeSubmissionError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('submissions.move.title', { name: target.candidateName, from: stageLabel(target.from), to: stageLabel(target.to) })}
      okText={t('submissions.move.confirm')}
      okButtonProps={{ loading: busy, danger: target.to === 'rejected' || withdrawing, 'data-testid': 'move-confirm' }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      destroyOnHidden
      data-testid="move-modal"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="move-error" /> : null}
      <Form form={form} layout="vertical" requiredMark="optional">
        {hiring ? (
          detail.loading ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : (
            <>
              <Alert type="info" showIcon title={t('submissions.move.hireHint')} style={{ marginBottom: 16 }} />
              <Form.Item name="startDate" label={t('submissions.move.startDate')} rules={[{ required: true, message: t('submissions.move.startDateRequired') }]}>
                <DatePicker style={{ width: '100%' }} data-testid="hire-start-date" />
              </Form.Item>
              <Form.Item
                name="annualSalary"
                label={`${t('submissions.move.annualSalary')}（${currency}）`}
                rules={[
                  { required: true, message: t('submissions.move.annualSalaryRequired') },
                  {
                    validator: (_, v: string | undefined) =>
                      !v || (parseMinor(v, currency) ?? 0n) > 0n ? Promise.resolve() : Promise.reject(new Error(t('submissions.move.amountInvalid', { digits: minorDigits(currency) }))),
                  },
                ]}
              >
                <Input inputMode="decimal" placeholder="500000" data-testid="hire-salary" onChange={() => setOutOfRange(null)} />
              </Form.Item>
              {outOfRange ? (
                <>
                  <Alert
                    type="warning"
                    showIcon
                    title={t('submissions.move.outOfRange', { min: formatMoney(outOfRange.salaryMin, currency), max: formatMoney(outOfRange.salaryMax, currency) })}
                    style={{ marginBottom: 8 }}
                    data-testid="hire-out-of-range"
                  />
                  <Form.Item
                    name="confirmOutsideRange"
                    valuePropName="checked"
                    rules={[{ validator: (_, v: boolean | undefined) => (v ? Promise.resolve() : Promise.reject(new Error(t('submissions.move.confirmOutOfRangeRequired')))) }]}
                  >
                    <Checkbox data-testid="hire-confirm-out-of-range">{t('submissions.move.confirmOutOfRange')}</Checkbox>
                  </Form.Item>
                </>
              ) : null}
              {order ? (
                <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="hire-fee">
                  <Descriptions.Item label={t('submissions.move.reward')}>
                    <RewardTerms reward={order.reward} currency={currency} />
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
          )
        ) : null}
        <Form.Item
          name="comment"
          label={t('submissions.move.comment')}
          extra={t('submissions.move.commentHint')}
          rules={withdrawing ? [{ required: true, whitespace: true, message: t('submissions.move.withdrawReasonRequired') }] : []}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            data-testid="move-comment"
            placeholder={target.to === 'rejected' ? t('submissions.move.rejectPlaceholder') : withdrawing ? t('submissions.move.withdrawPlaceholder') : t('submissions.move.commentPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { Alert, App, Form, Input, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useLoad } from '../../hooks';
import { HireFactsFields, outOfRangeOf, type HireFactsForm, type OutOfRange } from './HireFactsFields';
import { describeSubmissionError, stageLabel } from './submission-parts';
import type { Stage, SubmissionDetail } from '../../api/submissions';

type MoveForm = HireFactsForm & { comment?: string };

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
      const range = outOfRangeOf(e, 'hire.confirmOutsideRange');
      if (range) {
        setOutOfRange(range);
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
              {detail.data?.submission.replacementClaimId ? (
                <Alert type="success" showIcon title={t('submissions.move.replacementHint')} style={{ marginBottom: 16 }} data-testid="hire-replacement" />
              ) : null}
              <HireFactsFields
                currency={currency}
                reward={detail.data?.submission.replacementClaimId ? null : (order?.reward ?? null)}
                salary={salary}
                outOfRange={outOfRange}
                onSalaryEdited={() => setOutOfRange(null)}
                required
                testIdPrefix="hire"
              />
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

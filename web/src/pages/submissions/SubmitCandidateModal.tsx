import { DeleteOutlined, FileTextOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Empty, Flex, Form, Input, InputNumber, Modal, Row, Select, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { useLoad } from '../../hooks';
import type { EngagementPage, OrderDetail } from '../../api/marketplace';
import { describeSubmissionError, fileSize, minorDigits, parseMinor } from './submission-parts';
import { MAX_RESUME_BYTES, RESUME_ACCEPT, uploadResume } from './SubmissionDetailView';
import type { SubmissionDetail } from '../../api/submissions';
import { EDUCATION_FIELDS, EDUCATION_LEVELS, MAX_COMMUTE_KM, MAX_PREVIOUS_EMPLOYERS, type EducationField, type EducationLevel } from '../../../../src/submissions/candidate-background.rules.ts';

type SubmitForm = {
  orderId?: string;
  candidateName: string;
  phone?: string;
  email?: string;
  currentEmployer?: string;
  currentTitle?: string;
  yearsExperience?: number | null;
  education?: EducationLevel;
  educationField?: EducationField;
  previousEmployers?: number | null;
  commuteKm?: number | null;
  expectedSalary?: string;
  notes?: string;
};

const RESUME_EXTENSIONS = ['.pdf', '.doc', '.docx', '.txt'];
const PHONE_CHARS = /^[\d\s\-+().\u3000\uff10-\uff19\uff0b\uff08\uff09]{5,40}$/;

/**
 * 提交候选人: a consultant submits a candidate to an order it works on (its own pick among its active
 * engagements when `orderId` is not given), with an optional résumé uploaded right after. An ownership
 * refusal is shown with the date the protection ends.
 */
export function SubmitCandidateModal({
  open,
  orderId,
  onClose,
  onSubmitted,
  afterClose,
}: {
  open: boolean;
  orderId?: string;
  onClose: () => void;
  onSubmitted?: (detail: SubmissionDetail) => void;
  /** After the close animation, once focus is back where it was (open what follows here, so it gets the focus). */
  afterClose?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<SubmitForm>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ ownership?: string; other?: string } | null>(null);
  const picked = Form.useWatch('orderId', form) ?? orderId;
  const engagements = useLoad(
    (signal) => (open && !orderId ? api.get<EngagementPage>('/engagements', { signal, query: { status: 'active', limit: 50 } }) : Promise.resolve(undefined)),
    [open, orderId],
  );
  const order = useLoad((signal) => (open && picked ? api.get<OrderDetail>(`/orders/${picked}`, { signal }) : Promise.resolve(undefined)), [open, picked]);
  const currency = order.data?.currency ?? 'CNY';

  useEffect(() => {
    if (open) {
      form.resetFields();
      if (orderId) form.setFieldValue('orderId', orderId);
      setFile(null);
      setFileError(null);
      setRefusal(null);
    }
  }, [open, orderId, form]);

  function pickFile(f: File): false {
    const lower = f.name.toLowerCase();
    if (!RESUME_EXTENSIONS.some((ext) => lower.endsWith(ext))) setFileError(t('submissions.submit.fileType'));
    else if (f.size > MAX_RESUME_BYTES) setFileError(t('submissions.submit.fileTooLarge'));
    else {
      setFileError(null);
      setFile(f);
    }
    return false;
  }

  async function submit(values: SubmitForm) {
    const target = orderId ?? values.orderId;
    if (!target) return;
    setBusy(true);
    setRefusal(null);
    try {
      const body = {
        candidateName: values.candidateName.trim(),
        phone: values.phone?.trim() || null,
        email: values.email?.trim() || null,
        currentEmployer: values.currentEmployer?.trim() || null,
        currentTitle: values.currentTitle?.trim() || null,
        yearsExperience: values.yearsExperience ?? null,
        education: values.education ?? null,
        educationField: values.educationField ?? null,
        previousEmployers: values.previousEmployers ?? null,
        commuteKm: values.commuteKm ?? null,
        expectedSalary: values.expectedSalary?.trim().replace(/,/g, '') || null,
        notes: values.notes?.trim() ?? '',
      };
      let detail = await api.post<SubmissionDetail>(`/orders/${target}/submissions`, body);
      if (file) {
        try {
          detail = await uploadResume(detail.submission.id, file);
        } catch (e) {
          message.warning(t('submissions.submit.resumeFailed', { reason: describeSubmissionError(e) }), 8);
        }
      }
      message.success(t('submissions.submit.done', { name: body.candidateName }));
      onSubmitted?.(detail);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ownership_protected') {
        const date = (e.details as { protectedUntil?: string } | null)?.protectedUntil ?? '?';
        setRefusal({ ownership: t('submissions.submit.ownership', { date }) });
      } else {
        const field = e instanceof ApiError ? e.field : undefined;
        const known: (keyof SubmitForm)[] = ['phone', 'email', 'expectedSalary', 'candidateName', 'yearsExperience'];
        const named = known.find((k) => k === field);
        if (named) form.setFields([{ name: named, errors: [describeSubmissionError(e)] }]);
        else setRefusal({ other: describeSubmissionError(e) });
      }
    } finally {
      setBusy(false);
    }
  }

  const noEngagements = !orderId && engagements.data && engagements.data.items.length === 0;

  return (
    <Modal
      open={open}
      title={t('submissions.submit.title')}
      width={720}
      okText={t('submissions.submit.send')}
      okButtonProps={{ loading: busy, disabled: Boolean(noEngagements), 'data-testid': 'submit-candidate-confirm' }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.validateFields().then(submit, () => undefined)}
      {...(afterClose ? { afterClose } : {})}
      destroyOnHidden
      data-testid="submit-candidate-modal"
    >
      {refusal?.ownership ? (
        <Alert type="warning" showIcon icon={<SafetyCertificateOutlined />} title={t('submissions.submit.ownershipTitle')} description={refusal.ownership} style={{ marginBottom: 16 }} data-testid="ownership-refusal" />
      ) : null}
      {refusal?.other ? <Alert type="error" showIcon title={refusal.other} style={{ marginBottom: 16 }} data-testid="submit-error" /> : null}
      {noEngagements ? (
        <Empty description={t('submissions.submit.noEngagements')}>
          <Button type="primary" onClick={() => navigate('/marketplace')}>
            {t('submissions.submit.goMarketplace')}
          </Button>
        </Empty>
      ) : (
        <Form form={form} layout="vertical" requiredMark="optional" onValuesChange={() => refusal && setRefusal(null)}>
          {orderId ? null : (
            <Form.Item name="orderId" label={t('submissions.submit.order')} rules={[{ required: true, message: t('submissions.submit.orderRequired') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={engagements.loading}
                placeholder={t('submissions.submit.orderPlaceholder')}
                data-testid="submit-order"
                options={(engagements.data?.items ?? []).map((e) => ({ value: e.orderId, label: `${e.orderTitle} · ${e.postedBy}` }))}
              />
            </Form.Item>
          )}
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="candidateName" label={t('submissions.fields.candidateName')} rules={[{ required: true, whitespace: true, message: t('submissions.submit.nameRequired') }]}>
                <Input maxLength={100} data-testid="submit-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="yearsExperience" label={t('submissions.fields.yearsExperience')}>
                <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} data-testid="submit-years" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8, fontSize: 12 }}>
            <SafetyCertificateOutlined /> {t('submissions.submit.contactHint')}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="phone"
                label={t('submissions.fields.phone')}
                dependencies={['email']}
                rules={[
                  { pattern: PHONE_CHARS, message: t('submissions.submit.phoneInvalid') },
                  ({ getFieldValue }) => ({
                    validator: (_, v: string | undefined) => (v?.trim() || (getFieldValue('email') as string | undefined)?.trim() ? Promise.resolve() : Promise.reject(new Error(t('submissions.submit.contactRequired')))),
                  }),
                ]}
              >
                <Input maxLength={40} placeholder="138 0013 8000" data-testid="submit-phone" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="email" label={t('submissions.fields.email')} dependencies={['phone']} rules={[{ type: 'email', message: t('submissions.submit.emailInvalid') }]}>
                <Input maxLength={254} placeholder="name@example.com" data-testid="submit-email" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="currentEmployer" label={t('submissions.fields.currentEmployer')}>
                <Input maxLength={200} data-testid="submit-employer" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="currentTitle" label={t('submissions.fields.currentTitle')}>
                <Input maxLength={200} data-testid="submit-title" />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8, fontSize: 12 }}>
            {t('submissions.background.hint')}
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="education" label={t('submissions.fields.education')}>
                <Select allowClear data-testid="submit-education" options={EDUCATION_LEVELS.map((v) => ({ value: v, label: t(`submissions.background.education.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="educationField" label={t('submissions.fields.educationField')}>
                <Select allowClear data-testid="submit-education-field" options={EDUCATION_FIELDS.map((v) => ({ value: v, label: t(`submissions.background.field.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="previousEmployers" label={t('submissions.fields.previousEmployers')}>
                <InputNumber min={0} max={MAX_PREVIOUS_EMPLOYERS} precision={0} style={{ width: '100%' }} data-testid="submit-previous-employers" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="commuteKm" label={t('submissions.fields.commuteKm')}>
                <InputNumber min={0} max={MAX_COMMUTE_KM} precision={0} addonAfter="km" style={{ width: '100%' }} data-testid="submit-commute" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="expectedSalary"
            label={`${t('submissions.fields.expectedSalary')}（${currency}）`}
            rules={[
              {
                validator: (_, v: string | undefined) =>
                  !v?.trim() || parseMinor(v, currency) !== null ? Promise.resolve() : Promise.reject(new Error(t('submissions.move.amountInvalid', { digits: minorDigits(currency) }))),
              },
            ]}
          >
            <Input inputMode="decimal" placeholder="450000" data-testid="submit-salary" />
          </Form.Item>
          <Form.Item name="notes" label={t('submissions.fields.notes')}>
            <Input.TextArea rows={3} maxLength={5000} showCount data-testid="submit-notes" />
          </Form.Item>
          <Form.Item label={t('submissions.fields.resume')} extra={t('submissions.submit.resumeHint')} validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
            {file ? (
              <Flex align="center" gap={8}>
                <FileTextOutlined style={{ color: '#1d4ed8' }} />
                <Typography.Text ellipsis style={{ maxWidth: 400 }}>
                  {file.name}
                </Typography.Text>
                <Typography.Text type="secondary">{fileSize(file.size)}</Typography.Text>
                <Button type="text" size="small" icon={<DeleteOutlined />} onClick={() => setFile(null)} aria-label={t('common.close')} />
              </Flex>
            ) : (
              <Upload accept={RESUME_ACCEPT} showUploadList={false} maxCount={1} beforeUpload={pickFile}>
                <Button icon={<UploadOutlined />} data-testid="submit-resume">
                  {t('submissions.submit.pickFile')}
                </Button>
              </Upload>
            )}
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/**
 * 推荐候选人 for one order (an engagement row, the consultant's view of an order): opens the form for that order.
 * `onSubmitted` runs after the candidate (and résumé) went through.
 */
export function SubmitCandidateButton({ orderId, size, type = 'primary', onSubmitted }: { orderId: string; size?: 'small' | 'middle'; type?: 'primary' | 'default' | 'link'; onSubmitted?: (detail: SubmissionDetail) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type={type} size={size} icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="submit-candidate-for-order">
        {t('submissions.submit.button')}
      </Button>
      <SubmitCandidateModal open={open} orderId={orderId} onClose={() => setOpen(false)} {...(onSubmitted ? { onSubmitted } : {})} />
    </>
  );
}

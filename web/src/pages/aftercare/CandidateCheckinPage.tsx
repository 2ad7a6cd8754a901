import { Button, Card, Flex, Form, Input, Radio, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, notifyError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useLoad } from '../../hooks';
import type { CandidateCheckinForm as PublicForm } from '../../api/aftercare';


const SCALE5 = [1, 2, 3, 4, 5];
const SCALE4 = [1, 2, 3, 4];
const QUESTIONS = [
  ['overallSatisfaction', SCALE5],
  ['jobSatisfaction', SCALE4],
  ['environmentSatisfaction', SCALE4],
  ['relationshipSatisfaction', SCALE4],
  ['workLifeBalance', SCALE4],
  ['jobInvolvement', SCALE4],
  ['intentToStay', SCALE5],
] as const;

/**
 * The candidate's check-in behind a link (no account): phone first, in zh-CN or English. It shows the candidate's
 * first name and the job title, nothing else about anyone; any refused link gets the same page.
 */
export function CandidateCheckinPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const path = `/public/checkins/${encodeURIComponent(token)}`;
  const form = useLoad((signal) => api.get<PublicForm>(path, { signal }), [path]);
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);

  async function submit(values: Record<string, unknown>) {
    setSending(true);
    try {
      await api.post(path, { ...values, comment: typeof values.comment === 'string' && values.comment.trim() ? values.comment : undefined });
      setSent(true);
    } catch (error) {
      notifyError(error);
      form.reload();
    } finally {
      setSending(false);
    }
  }

  let body;
  if (sent) body = <Result status="success" title={t('aftercare.public.thanks')} subTitle={t('aftercare.public.thanksBody')} data-testid="checkin-thanks" />;
  else if (form.loading) body = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  else if (!form.data) body = <Result status="warning" title={t('aftercare.public.invalid')} subTitle={t('aftercare.public.invalidBody')} data-testid="checkin-invalid" />;
  else {
    const f = form.data;
    body = (
      <>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="checkin-hello">
          {t('aftercare.public.hello', { name: f.firstName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('aftercare.public.intro', { job: f.jobTitle, day: f.day, closesOn: f.closesOn })}</Typography.Paragraph>
        <Form layout="vertical" onFinish={(v: Record<string, unknown>) => void submit(v)} requiredMark={false} data-testid="checkin-form">
          {QUESTIONS.map(([name, scale]) => (
            <Form.Item key={name} name={name} label={t(`aftercare.public.${name}`)} rules={[{ required: true, message: t('aftercare.public.required') }]}>
              <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid={`q-${name}`} options={scale.map((v) => ({ value: v, label: String(v) }))} />
            </Form.Item>
          ))}
          <Form.Item name="overTime" label={t('aftercare.public.overTime')} rules={[{ required: true, message: t('aftercare.public.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="q-overTime" options={[{ value: true, label: t('aftercare.checkins.yes') }, { value: false, label: t('aftercare.checkins.no') }]} />
          </Form.Item>
          <Form.Item name="comment" label={t('aftercare.public.comment')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={sending} data-testid="checkin-submit">
            {t('aftercare.public.submit')}
          </Button>
        </Form>
      </>
    );
  }
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', background: '#f5f7fb', padding: '12px 12px 32px' }}>
      <Flex justify="space-between" align="center" style={{ width: '100%', maxWidth: 520, marginBottom: 8 }}>
        <Typography.Text strong>{t('app.fullName')} · {t('aftercare.public.title')}</Typography.Text>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 520 }} styles={{ body: { padding: 16 } }}>
        {body}
      </Card>
    </Flex>
  );
}

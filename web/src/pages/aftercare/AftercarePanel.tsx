import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, notifyError } from '../../api/client';
import { useLoad } from '../../hooks';
import { useSession } from '../../session';
import type { PlacementDetail } from '../../api/placements';
import { type CheckinForm, type ClaimDetail, type Claim, type ListPage, type PlacementFlag, REASONS, type SupportTask, OPEN_CLAIM_STATES } from '../../api/aftercare';
import { ClaimStateTag } from './aftercare-parts';

const FORM_COLORS = { scheduled: 'default', open: 'processing', answered: 'success', missed: 'error' } as const;
const TASK_COLORS = { open: 'processing', done: 'success', overdue: 'error' } as const;

/** The after-sales part of a placement's page: flags, check-ins, support tasks and claims. */
export function AftercarePanel({ placement }: { placement: PlacementDetail }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const base = `/placements/${encodeURIComponent(placement.id)}`;
  const forms = useLoad((signal) => api.get<ListPage<CheckinForm>>(`${base}/checkins`, { signal }), [base]);
  const tasks = useLoad((signal) => api.get<ListPage<SupportTask>>(`${base}/tasks`, { signal }), [base]);
  const flags = useLoad((signal) => api.get<ListPage<PlacementFlag>>(`${base}/flags`, { signal }), [base]);
  const claims = useLoad((signal) => api.get<ListPage<Claim>>(`${base}/claims`, { signal }), [base]);
  const [answering, setAnswering] = useState<CheckinForm | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [completing, setCompleting] = useState<SupportTask | null>(null);
  const [filing, setFiling] = useState(false);
  const [busy, setBusy] = useState(false);
  const isPoster = placement.mySides.includes('poster');
  const isDeliverer = placement.mySides.includes('deliverer');
  const isConsultant = user.role === 'consultant' && placement.deliverer.consultantId === user.id;
  const openClaim = claims.data?.items.some((c) => OPEN_CLAIM_STATES.includes(c.state)) ?? false;
  const canFile = isPoster && ['active', 'guarantee_passed'].includes(placement.status) && !openClaim;

  async function run<T>(work: () => Promise<T>, done: (value: T) => void) {
    setBusy(true);
    try {
      done(await work());
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  }

  const issueLink = (form: CheckinForm) =>
    void run(() => api.post<{ url: string; expiresAt: string }>(`/checkins/${form.id}/candidate-link`), (l) => {
      setLink(l);
      forms.reload();
    });

  return (
    <>
      {(flags.data?.items ?? []).map((f) => (
        <Alert
          key={f.id}
          type="warning"
          showIcon
          data-testid="placement-flag"
          title={t('aftercare.flags.on', { date: f.flaggedOn, reasons: f.reasons.map((r) => t(`aftercare.flags.reason.${r}`)).join('、') })}
        />
      ))}

      <Card title={t('aftercare.claims.title')} extra={canFile ? <Button danger onClick={() => setFiling(true)} data-testid="claim-file">{t('aftercare.claims.file')}</Button> : null}>
        <Table<Claim>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={claims.data?.items ?? []}
          locale={{ emptyText: t('aftercare.claims.none') }}
          columns={[
            { key: 'reason', title: t('aftercare.claims.reason'), render: (_, c) => t(`aftercare.claims.reasons.${c.reason}`) },
            { key: 'reported', title: t('aftercare.claims.reported', { date: '' }), dataIndex: 'reportedOn' },
            { key: 'state', title: '', render: (_, c) => <ClaimStateTag state={c.state} /> },
            { key: 'open', title: '', render: (_, c) => <Link to={`/claims/${c.id}`}>{t('aftercare.claims.open')}</Link> },
          ]}
        />
      </Card>

      <Card title={t('aftercare.checkins.title')}>
        <Table<CheckinForm>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={forms.data?.items ?? []}
          data-testid="checkins-table"
          scroll={{ x: 600 }}
          columns={[
            { key: 'day', title: '#', render: (_, f) => t('aftercare.checkins.day', { day: f.day }) },
            { key: 'who', title: '', render: (_, f) => t(`aftercare.checkins.respondent.${f.respondent}`) },
            { key: 'window', title: '', render: (_, f) => t('aftercare.checkins.window', { opensOn: f.opensOn, closesOn: f.closesOn }) },
            { key: 'status', title: '', render: (_, f) => <Tag color={FORM_COLORS[f.status]}>{t(`aftercare.checkins.status.${f.status}`)}</Tag> },
            {
              key: 'act',
              title: '',
              render: (_, f) =>
                f.status !== 'open' ? null : f.respondent === 'employer' && isPoster ? (
                  <Button size="small" type="primary" onClick={() => setAnswering(f)} data-testid="checkin-answer">
                    {t('aftercare.checkins.answer')}
                  </Button>
                ) : f.respondent === 'candidate' && (isPoster || isConsultant || isDeliverer) ? (
                  <Button size="small" onClick={() => issueLink(f)} loading={busy} data-testid="checkin-link">
                    {t('aftercare.checkins.copyLink')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Card title={t('aftercare.tasks.title')}>
        <Table<SupportTask>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={tasks.data?.items ?? []}
          data-testid="tasks-table"
          columns={[
            { key: 'kind', title: '', render: (_, k) => t(`aftercare.tasks.kind.${k.kind}`) },
            { key: 'due', title: '', render: (_, k) => t('aftercare.tasks.due', { date: k.dueOn }) },
            { key: 'status', title: '', render: (_, k) => <Tag color={TASK_COLORS[k.status]}>{t(`aftercare.tasks.status.${k.status}`)}</Tag> },
            { key: 'note', title: '', render: (_, k) => k.note ?? '' },
            {
              key: 'act',
              title: '',
              render: (_, k) =>
                isConsultant && k.status !== 'done' ? (
                  <Button size="small" type="primary" onClick={() => setCompleting(k)} data-testid="task-complete">
                    {t('aftercare.tasks.complete')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <EmployerFormModal
        form={answering}
        onClose={() => setAnswering(null)}
        onSent={() => {
          setAnswering(null);
          void message.success(t('aftercare.checkins.answered'));
          forms.reload();
          flags.reload();
          tasks.reload();
        }}
      />

      <Modal open={link !== null} title={t('aftercare.checkins.linkTitle')} footer={null} onCancel={() => setLink(null)}>
        <Typography.Paragraph type="secondary">{t('aftercare.checkins.linkHint', { expiresAt: link?.expiresAt ?? '' })}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: link?.url ?? '' }} style={{ wordBreak: 'break-all' }} data-testid="checkin-link-url">
          {link?.url}
        </Typography.Paragraph>
      </Modal>

      <CompleteTaskModal
        task={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          void message.success(t('aftercare.tasks.done'));
          tasks.reload();
        }}
      />

      <FileClaimModal
        open={filing}
        placementId={placement.id}
        onClose={() => setFiling(false)}
        onFiled={(c) => {
          setFiling(false);
          void message.success(t('aftercare.claims.filed'));
          void navigate(`/claims/${c.id}`);
        }}
      />
    </>
  );
}

function EmployerFormModal({ form, onClose, onSent }: { form: CheckinForm | null; onClose: () => void; onSent: () => void }) {
  const { t } = useTranslation();
  const [antForm] = Form.useForm();
  const [sending, setSending] = useState(false);
  const scale = [1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v) }));
  async function submit(values: { performance: number; teamFit: number; dismissalRisk: boolean; comment?: string }) {
    if (!form) return;
    setSending(true);
    try {
      await api.post(`/checkins/${form.id}/answers`, { ...values, comment: values.comment?.trim() ? values.comment : undefined });
      antForm.resetFields();
      onSent();
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  }
  return (
    <Modal open={form !== null} title={t('aftercare.checkins.employerForm', { day: form?.day ?? '' })} onCancel={onClose} onOk={() => antForm.submit()} okText={t('aftercare.checkins.submit')} confirmLoading={sending} okButtonProps={{ 'data-testid': 'checkin-answer-submit' }}>
      <Form form={antForm} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="performance" label={t('aftercare.checkins.performance')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={scale} />
        </Form.Item>
        <Form.Item name="teamFit" label={t('aftercare.checkins.teamFit')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={scale} />
        </Form.Item>
        <Form.Item name="dismissalRisk" label={t('aftercare.checkins.dismissalRisk')} rules={[{ required: true }]}>
          <Radio.Group options={[{ value: true, label: t('aftercare.checkins.yes') }, { value: false, label: t('aftercare.checkins.no') }]} />
        </Form.Item>
        <Form.Item name="comment" label={t('aftercare.checkins.comment')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CompleteTaskModal({ task, onClose, onDone }: { task: SupportTask | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  async function submit() {
    if (!task) return;
    setSending(true);
    try {
      await api.post(`/tasks/${task.id}/complete`, { note });
      setNote('');
      onDone();
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  }
  return (
    <Modal open={task !== null} title={task ? t(`aftercare.tasks.kind.${task.kind}`) : ''} onCancel={onClose} onOk={() => void submit()} okText={t('aftercare.tasks.complete')} confirmLoading={sending} okButtonProps={{ disabled: !note.trim(), ...({ 'data-testid': 'task-complete-submit' } as Record<string, string>) }}>
      <Typography.Text>{t('aftercare.tasks.note')}</Typography.Text>
      <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} data-testid="task-note" />
    </Modal>
  );
}

function FileClaimModal({ open, placementId, onClose, onFiled }: { open: boolean; placementId: string; onClose: () => void; onFiled: (c: ClaimDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [sending, setSending] = useState(false);
  const reason = Form.useWatch('reason', form) as string | undefined;
  async function submit(values: { reason: string; lastWorkingDay?: Dayjs; remedy: string; comment?: string }) {
    setSending(true);
    try {
      const claim = await api.post<ClaimDetail>(`/placements/${encodeURIComponent(placementId)}/claims`, {
        reason: values.reason,
        lastWorkingDay: values.reason === 'no_show' ? null : values.lastWorkingDay?.format('YYYY-MM-DD'),
        remedy: values.remedy === 'none' ? null : values.remedy,
        comment: values.comment?.trim() ? values.comment : undefined,
      });
      form.resetFields();
      onFiled(claim);
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  }
  return (
    <Modal open={open} title={t('aftercare.claims.fileTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('aftercare.claims.submit')} confirmLoading={sending} okButtonProps={{ 'data-testid': 'claim-submit' }}>
      <Form form={form} layout="vertical" initialValues={{ remedy: 'none' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="reason" label={t('aftercare.claims.reason')} rules={[{ required: true }]}>
          <Select data-testid="claim-reason" options={REASONS.map((r) => ({ value: r, label: t(`aftercare.claims.reasons.${r}`) }))} />
        </Form.Item>
        {reason !== 'no_show' ? (
          <Form.Item name="lastWorkingDay" label={t('aftercare.claims.lastWorkingDay')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} data-testid="claim-last-day" />
          </Form.Item>
        ) : null}
        <Form.Item name="remedy" label={t('aftercare.claims.remedy')}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="refund">{t('aftercare.claims.remedies.refund')}</Radio>
              <Radio value="replacement">{t('aftercare.claims.remedies.replacement')}</Radio>
              <Radio value="none">{t('aftercare.claims.remedyNone')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="comment" label={t('aftercare.claims.comment')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

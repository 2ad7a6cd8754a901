import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../api/client';
import { recordScore, uploadTaskEvidence, type AssessmentEvidence, type AssessmentTask, type TaskStatus } from '../../api/assessments';
import { useLocale } from '../../hooks';

const STATUS_COLOR: Record<TaskStatus, string> = { scheduled: 'default', open: 'blue', overdue: 'orange', passed: 'green', failed: 'red' };

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`task-status-${status}`}>
      {t(`assessments.status.${status}`)}
    </Tag>
  );
}

export const EVIDENCE_ACCEPT = '.pdf,.doc,.docx,.txt,.png,.jpg,.jpeg,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,image/png,image/jpeg';

/** The milestone's skill in the reader's language. */
export function skillText(task: Pick<AssessmentTask, 'skill'>, locale: 'zh-CN' | 'en'): string {
  return task.skill ? (locale === 'en' ? task.skill.en : task.skill.zh) : '';
}

/** The assessor records a milestone's score: 0–100, notes, evidence files uploaded one by one and named in the score. */
export function ScoreModal({ task, open, onClose, onScored }: { task: Pick<AssessmentTask, 'id' | 'day' | 'passScore' | 'skill'>; open: boolean; onClose: () => void; onScored: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [score, setScore] = useState<number | null>(null);
  const [notes, setNotes] = useState('');
  const [files, setFiles] = useState<AssessmentEvidence[]>([]);
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);

  async function add(file: File) {
    setUploading(true);
    try {
      const uploaded = await uploadTaskEvidence(task.id, file);
      setFiles((current) => [...current, uploaded]);
    } catch (error) {
      notifyError(error);
    } finally {
      setUploading(false);
    }
  }

  async function save() {
    if (score === null || notes.trim() === '') return;
    setSaving(true);
    try {
      const scored = await recordScore(task.id, { score, notes, evidenceFileIds: files.map((f) => f.id) });
      void message.success(scored.status === 'failed' ? t('assessments.score.savedFailed', { score, passScore: task.passScore }) : t('assessments.score.saved', { score }));
      setScore(null);
      setNotes('');
      setFiles([]);
      onScored();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('assessments.score.title', { day: task.day })}
      onCancel={onClose}
      okText={t('assessments.score.submit')}
      onOk={() => void save()}
      okButtonProps={{ disabled: score === null || notes.trim() === '', loading: saving, id: 'score-submit' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('assessments.score.hint', { passScore: task.passScore, skill: skillText(task, locale) })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('assessments.score.score')} required>
          <InputNumber min={0} max={100} precision={0} value={score} onChange={(v) => setScore(typeof v === 'number' ? v : null)} style={{ width: 160 }} data-testid="score-input" />
        </Form.Item>
        <Form.Item label={t('assessments.score.notes')} required>
          <Input.TextArea rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid="score-notes" />
        </Form.Item>
        <Form.Item label={t('assessments.score.evidence')}>
          <Flex vertical gap={6}>
            <Upload accept={EVIDENCE_ACCEPT} showUploadList={false} beforeUpload={(file) => (void add(file), false)}>
              <Button icon={<UploadOutlined />} loading={uploading} data-testid="score-evidence">
                {t('assessments.score.addEvidence')}
              </Button>
            </Upload>
            {files.map((f) => (
              <Typography.Text key={f.id} data-testid="score-evidence-file">
                {f.name} · SHA-256 {f.sha256.slice(0, 12)}…
              </Typography.Text>
            ))}
          </Flex>
        </Form.Item>
      </Form>
    </Modal>
  );
}

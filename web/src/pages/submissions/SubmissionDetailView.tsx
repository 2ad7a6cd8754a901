import { CommentOutlined, DownloadOutlined, FileTextOutlined, LinkOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, Input, Skeleton, Space, Tag, Timeline, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { LoadError } from '../../components/LoadError';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { useSession } from '../../session';
import { MoveStageModal, type MoveTarget } from './MoveStageModal';
import { describeSubmissionError, fileSize, Money, StageTag, STAGE_COLORS, stageLabel } from './submission-parts';
import type { SubmissionDetail, SubmissionEvent } from '../../api/submissions';

export const RESUME_ACCEPT = '.pdf,.doc,.docx,.txt,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain';
export const MAX_RESUME_BYTES = 10 * 1024 * 1024;

/** Uploads a résumé to a submission (multipart, field "file"); the server sniffs the type and may refuse it. */
export function uploadResume(submissionId: string, file: File): Promise<SubmissionDetail> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.post<SubmissionDetail>(`/submissions/${submissionId}/resume`, form);
}

/**
 * One submission as either side sees it: the candidate's profile, the résumé, the moves the caller may make,
 * the stage history with comments, and a comment box. Used in the drawer of the board and lists, and as a page.
 */
export function SubmissionDetailView({ submissionId, onChanged }: { submissionId: string; onChanged?: (detail: SubmissionDetail) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const { user } = useSession();
  const detail = useLoad((signal) => api.get<SubmissionDetail>(`/submissions/${submissionId}`, { signal }), [submissionId]);
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState(false);

  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  const d = detail.data;
  if (!d) return <Skeleton active paragraph={{ rows: 8 }} />;
  const s = d.submission;
  const isConsultant = user.id === s.consultantId;
  const open = !['hired', 'rejected', 'withdrawn'].includes(s.stage);
  const orderLink = d.sides.includes('poster') || user.role === 'platform_ops' ? `/orders/${s.orderId}` : user.role === 'consultant' ? `/marketplace/${s.orderId}` : null;

  const changed = (next: SubmissionDetail) => {
    detail.setData(() => next);
    onChanged?.(next);
  };

  async function sendComment() {
    if (!comment.trim()) return;
    setSending(true);
    try {
      changed(await api.post<SubmissionDetail>(`/submissions/${s.id}/comments`, { comment: comment.trim() }));
      setComment('');
      message.success(t('submissions.detail.commented'));
    } catch (e) {
      message.error(describeSubmissionError(e));
    } finally {
      setSending(false);
    }
  }

  async function upload(file: File) {
    setUploading(true);
    try {
      changed(await uploadResume(s.id, file));
      message.success(t('submissions.detail.resumeUploaded'));
    } catch (e) {
      message.error(describeSubmissionError(e), 6);
    } finally {
      setUploading(false);
    }
  }

  return (
    <Flex vertical gap={16} data-testid="submission-detail" data-submission-id={s.id}>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <Flex vertical gap={4}>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="submission-candidate">
              {s.candidateName}
            </Typography.Title>
            <StageTag stage={s.stage} />
            {s.replacementClaimId ? (
              <Link to={`/claims/${s.replacementClaimId}`} data-testid="submission-replacement">
                <Tag color="purple">{t('submissions.detail.replacement')}</Tag>
              </Link>
            ) : null}
          </Flex>
          <Typography.Text type="secondary">
            {orderLink ? <Link to={orderLink}>{s.orderTitle}</Link> : s.orderTitle}
            {' · '}
            {d.sides.includes('poster') ? `${s.agencyName} · ${s.consultantName}` : s.posterOrgName}
          </Typography.Text>
        </Flex>
        <Space wrap>
          {d.allowedMoves.map((to) => (
            <Button
              key={to}
              type={to === 'rejected' || to === 'withdrawn' ? 'default' : 'primary'}
              danger={to === 'rejected' || to === 'withdrawn'}
              onClick={() => setMoving({ submissionId: s.id, candidateName: s.candidateName, from: s.stage, to })}
              data-testid={`move-${to}`}
            >
              {t(`submissions.stageActions.${to}`)}
            </Button>
          ))}
          {d.placementId ? (
            <Link to={`/placements/${d.placementId}`}>
              <Button icon={<LinkOutlined />} data-testid="submission-placement">
                {t('submissions.detail.placement')}
              </Button>
            </Link>
          ) : null}
        </Space>
      </Flex>
      {d.allowedMoves.length === 0 && open && d.sides.includes('deliverer') && !d.sides.includes('poster') ? (
        <Typography.Text type="secondary">{t('submissions.detail.waitingPoster')}</Typography.Text>
      ) : null}

      <Card size="small" title={t('submissions.detail.profile')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="submission-profile">
          <Descriptions.Item label={t('submissions.fields.phone')}>{s.phone ?? t('submissions.none')}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.email')}>{s.email ?? t('submissions.none')}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.currentEmployer')}>{s.currentEmployer ?? t('submissions.none')}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.currentTitle')}>{s.currentTitle ?? t('submissions.none')}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.yearsExperience')}>
            {s.yearsExperience === null ? t('submissions.none') : t('submissions.yearsShort', { count: s.yearsExperience })}
          </Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.education')}>
            {s.education === null ? t('submissions.none') : t(`submissions.background.education.${s.education}`)}
            {s.educationField === null ? '' : ` · ${t(`submissions.background.field.${s.educationField}`)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.previousEmployers')}>{s.previousEmployers ?? t('submissions.none')}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.commuteKm')}>{s.commuteKm === null ? t('submissions.none') : `${s.commuteKm} km`}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.expectedSalary')}>
            <Money amount={s.expectedSalary} currency={s.currency} perYear />
          </Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.agency')}>{s.agencyName}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.consultant')}>{s.consultantName}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.submittedAt')}>{formatInstant(s.createdAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('submissions.fields.poster')}>{s.posterOrgName}</Descriptions.Item>
        </Descriptions>
        {s.notes ? (
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('submissions.fields.notes')}
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="submission-notes">
              {s.notes}
            </Typography.Paragraph>
          </div>
        ) : null}
      </Card>

      <Card
        size="small"
        title={t('submissions.fields.resume')}
        extra={
          isConsultant && open ? (
            <Upload accept={RESUME_ACCEPT} showUploadList={false} maxCount={1} beforeUpload={(file) => (void upload(file), false)}>
              <Button size="small" icon={<UploadOutlined />} loading={uploading} data-testid="resume-upload">
                {d.resume ? t('submissions.detail.replaceResume') : t('submissions.detail.uploadResume')}
              </Button>
            </Upload>
          ) : null
        }
      >
        {d.resume ? (
          <Flex align="center" justify="space-between" gap={12} wrap>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              <FileTextOutlined style={{ fontSize: 20, color: '#1d4ed8' }} />
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis>
                  {d.resume.name}
                </Typography.Text>
                <Tooltip title={t('submissions.detail.sha256', { hash: d.resume.sha256 })}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fileSize(d.resume.sizeBytes)} · {formatInstant(d.resume.uploadedAt, locale)} · SHA-256 {d.resume.sha256.slice(0, 12)}…
                  </Typography.Text>
                </Tooltip>
              </Flex>
            </Flex>
            <Button icon={<DownloadOutlined />} href={d.resume.downloadUrl} data-testid="resume-download">
              {t('submissions.detail.download')}
            </Button>
          </Flex>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('submissions.detail.noResume')} style={{ margin: 0 }} />
        )}
      </Card>

      <Card size="small" title={t('submissions.detail.history')}>
        <Timeline items={d.events.map((e) => ({ key: e.id, color: eventColor(e), content: <EventLine event={e} /> }))} data-testid="submission-history" style={{ marginTop: 8 }} />
        {d.sides.length > 0 ? (
          <Flex gap={8} align="flex-end" style={{ marginTop: 12 }}>
            <Input.TextArea
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder={t('submissions.detail.commentPlaceholder')}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
              data-testid="comment-input"
            />
            <Button icon={<CommentOutlined />} loading={sending} disabled={!comment.trim()} onClick={() => void sendComment()} data-testid="comment-send">
              {t('submissions.detail.addComment')}
            </Button>
          </Flex>
        ) : null}
      </Card>

      <MoveStageModal
        target={moving}
        onClose={() => setMoving(null)}
        onMoved={(next) => {
          setMoving(null);
          changed(next);
        }}
      />
    </Flex>
  );
}

function eventColor(e: SubmissionEvent): string {
  if (e.kind === 'comment') return 'gray';
  const c = STAGE_COLORS[e.toStage];
  return c === 'default' ? 'blue' : c === 'gold' ? 'orange' : c;
}

function EventLine({ event: e }: { event: SubmissionEvent }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const actor = t('submissions.detail.actor', { name: e.actorName, side: t(`submissions.detail.sides.${e.actorSide}`) });
  const text =
    e.kind === 'created'
      ? t('submissions.detail.events.created', { actor })
      : e.kind === 'moved'
        ? t('submissions.detail.events.moved', { actor, from: stageLabel(e.fromStage ?? ''), to: stageLabel(e.toStage) })
        : t('submissions.detail.events.comment', { actor });
  return (
    <Flex vertical gap={2}>
      <Typography.Text>{text}</Typography.Text>
      {e.comment ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, padding: '4px 8px', background: '#f5f7fb', borderRadius: 6 }}>{e.comment}</Typography.Paragraph>
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatInstant(e.createdAt, locale)}
      </Typography.Text>
    </Flex>
  );
}

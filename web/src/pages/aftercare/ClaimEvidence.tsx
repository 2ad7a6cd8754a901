import { DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, List, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notifyError } from '../../api/client';
import { formatInstant } from '../../format';
import { useLoad, useLocale } from '../../hooks';
import { fileSize } from '../submissions/submission-parts';
import type { ClaimEvidenceFile as Evidence } from '../../api/aftercare';


const EVIDENCE_ACCEPT = '.pdf,.doc,.docx,.txt,.png,.jpg,.jpeg,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,image/png,image/jpeg';

/** A claim's evidence: each file with its size, time and SHA-256, downloadable; the poster adds more. */
export function ClaimEvidence({ claimId, canAdd }: { claimId: string; canAdd: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const list = useLoad((signal) => api.get<{ items: Evidence[] }>(`/claims/${encodeURIComponent(claimId)}/evidence`, { signal }), [claimId]);
  const [uploading, setUploading] = useState(false);

  async function add(file: File) {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await api.post<Evidence>(`/claims/${encodeURIComponent(claimId)}/evidence`, form);
      void message.success(t('aftercare.claims.evidence.added'));
      list.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setUploading(false);
    }
  }

  const items = list.data?.items ?? [];
  return (
    <Card
      title={t('aftercare.claims.evidence.title')}
      data-testid="claim-evidence"
      extra={
        canAdd ? (
          <Tooltip title={t('aftercare.claims.evidence.hint')}>
            <Upload accept={EVIDENCE_ACCEPT} showUploadList={false} beforeUpload={(file) => (void add(file), false)}>
              <Button size="small" icon={<UploadOutlined />} loading={uploading} data-testid="claim-evidence-add">
                {t('aftercare.claims.evidence.add')}
              </Button>
            </Upload>
          </Tooltip>
        ) : null
      }
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('aftercare.claims.evidence.none')} style={{ margin: 0 }} />
      ) : (
        <List
          dataSource={items}
          renderItem={(e) => (
            <List.Item
              key={e.id}
              data-testid="claim-evidence-item"
              actions={[
                <Button key="download" size="small" icon={<DownloadOutlined />} href={e.downloadUrl}>
                  {t('aftercare.claims.evidence.download')}
                </Button>,
              ]}
            >
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                <PaperClipOutlined />
                <Flex vertical style={{ minWidth: 0 }}>
                  <Typography.Text strong ellipsis>
                    {e.name}
                  </Typography.Text>
                  <Tooltip title={t('aftercare.claims.evidence.sha256', { hash: e.sha256 })}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fileSize(e.sizeBytes)} · {formatInstant(e.uploadedAt, locale)} · SHA-256 {e.sha256.slice(0, 12)}…
                    </Typography.Text>
                  </Tooltip>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

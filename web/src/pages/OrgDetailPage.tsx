import { Card, Descriptions, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import { BackBreadcrumb, Pending } from '../components/DetailFrame';
import { Mono } from '../components/Mono';
import { OrgUsers } from '../components/OrgUsers';
import { PageHeader } from '../components/PageHeader';
import { OrgKindTag } from '../components/tags';
import { formatInstant } from '../format';
import { useLoad, useLocale } from '../hooks';
import { useSession } from '../session';
import type { Org } from '../api/identity';
import { ConsultantTaskRates } from './aftercare/ConsultantTaskRates';

/** Platform ops: one org and its members, whom they may manage. */
export function OrgDetailPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { orgId = '' } = useParams();
  const { user } = useSession();
  const org = useLoad((signal) => api.get<Org>(`/orgs/${encodeURIComponent(orgId)}`, { signal }), [orgId]);

  const breadcrumb = <BackBreadcrumb to="/orgs" label={t('nav.orgs')} current={org.data?.name ?? t('orgs.detail.title')} />;
  if (!org.data) return <Pending load={org} before={breadcrumb} />;
  const data = org.data;
  return (
    <>
      <PageHeader
        before={breadcrumb}
        title={
          <Flex align="center" gap={10}>
            {data.name}
            <OrgKindTag kind={data.kind} />
          </Flex>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'kind', label: t('orgs.kind'), children: <OrgKindTag kind={data.kind} /> },
              { key: 'timeZone', label: t('orgs.timeZone'), children: data.timeZone ?? t('common.none') },
              { key: 'createdAt', label: t('orgs.createdAt'), children: formatInstant(data.createdAt, locale) },
              { key: 'id', label: t('orgs.detail.id'), children: <Mono value={data.id} /> },
            ]}
          />
        </Card>
        <Card title={t('orgs.detail.members')}>
          {/* Platform ops manage every org's users, not only their own. */}
          <OrgUsers orgId={data.id} orgKind={data.kind} manage={user.role === 'platform_ops'} currentUserId={user.id} />
        </Card>
        {data.kind === 'agency' ? <ConsultantTaskRates orgId={data.id} /> : null}
      </Flex>
    </>
  );
}

import { App, Card, Col, Descriptions, Radio, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, notifyError } from '../api/client';
import { MAX_NAME_LENGTH } from '../components/forms';
import { ApiTokensCard } from '../components/ApiTokensCard';
import { ChangePasswordCard, SessionsCard } from '../components/SecurityCards';
import { Mono } from '../components/Mono';
import { PageHeader } from '../components/PageHeader';
import { OrgKindTag, RoleTag } from '../components/tags';
import { formatInstant } from '../format';
import { useLoad, useLocale } from '../hooks';
import { changeLocale, LOCALES, type Locale } from '../i18n/index.ts';
import { isOrgAdmin } from '../roles';
import { useSession, useSessionContext } from '../session';
import type { Org } from '../api/identity';

export function AccountPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user, org } = useSession();
  const { updateProfile } = useSessionContext();
  const { message } = App.useApp();
  const orgDetails = useLoad((signal) => api.get<Org>(`/orgs/${encodeURIComponent(org.id)}`, { signal }), [org.id]);
  const timeZone = orgDetails.data?.timeZone ?? org.timeZone;
  // A changed password ends the other sessions: the list is read again.
  const [sessionsKey, setSessionsKey] = useState(0);

  async function rename(value: string) {
    const name = value.trim();
    if (!name || name === user.name) return;
    try {
      await updateProfile({ name });
      void message.success(t('account.nameUpdated'));
    } catch (error) {
      notifyError(error);
    }
  }

  return (
    <>
      <PageHeader title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')} style={{ height: '100%' }} data-testid="account-profile">
            <Descriptions
              column={1}
              items={[
                {
                  key: 'name',
                  label: t('account.name'),
                  children: (
                    <Typography.Text
                      data-testid="account-name"
                      editable={{ onChange: (value) => void rename(value), maxLength: MAX_NAME_LENGTH, tooltip: t('account.editName'), triggerType: ['icon'] }}
                    >
                      {user.name}
                    </Typography.Text>
                  ),
                },
                { key: 'email', label: t('account.email'), children: user.email },
                { key: 'role', label: t('account.role'), children: <RoleTag role={user.role} /> },
                { key: 'id', label: t('account.userId'), children: <Mono value={user.id} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.org')} style={{ height: '100%' }} data-testid="account-org">
            <Descriptions
              column={1}
              items={[
                { key: 'name', label: t('account.orgName'), children: org.name },
                { key: 'kind', label: t('account.orgKind'), children: <OrgKindTag kind={org.kind} /> },
                { key: 'timeZone', label: t('account.timeZone'), children: timeZone ?? t('common.none') },
                {
                  key: 'createdAt',
                  label: t('account.orgCreatedAt'),
                  children: orgDetails.data ? formatInstant(orgDetails.data.createdAt, locale) : t('common.none'),
                },
                { key: 'id', label: t('account.orgId'), children: <Mono value={org.id} /> },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('account.language')}>
            <Radio.Group
              value={locale}
              optionType="button"
              buttonStyle="solid"
              data-testid="account-language"
              onChange={(event) => void changeLocale(event.target.value as Locale)}
              options={LOCALES.map((value) => ({ value, label: t(`lang.${value}`) }))}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('account.languageHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <ChangePasswordCard onChanged={() => setSessionsKey((k) => k + 1)} />
        </Col>
        <Col xs={24} lg={14}>
          <SessionsCard reloadKey={sessionsKey} />
        </Col>
        {isOrgAdmin(user.role) ? (
          <Col span={24}>
            <ApiTokensCard orgId={org.id} />
          </Col>
        ) : null}
      </Row>
    </>
  );
}

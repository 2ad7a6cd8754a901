import { CheckOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Flex, List, Row, Skeleton, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { getHealth } from '../api/client';
import { useClock } from '../clock';
import { RoleTag } from '../components/tags';
import { formatCalendarDateLong } from '../format';
import { useLoad, useLocale } from '../hooks';
import { navigationFor } from '../navigation';
import { useSession } from '../session';
import type { Role } from '../api/identity';
import type { TranslationMessages } from '../i18n/zh-CN.ts';

type Duty = keyof TranslationMessages['home']['duty'];

/** What each role does in Tenure (DESIGN §2), in the order the home page lists it. */
export const DUTIES: Record<Role, readonly Duty[]> = {
  platform_ops: ['manageOrgs', 'manageUsers', 'managePlans', 'overseePayments', 'runTime', 'verifiable'],
  arbitrator: ['decideDisputes', 'stayNeutral', 'verifiable'],
  employer_admin: ['postJobs', 'pickPlan', 'reviewSubmissions', 'answerCheckIns', 'fileClaims', 'payInstallments', 'raiseDisputes', 'manageUsers'],
  employer_hr: ['postJobs', 'pickPlan', 'reviewSubmissions', 'answerCheckIns', 'fileClaims', 'payInstallments', 'raiseDisputes'],
  agency_admin: ['manageConsultants', 'postOnBehalf', 'pickPlan', 'manageUsers', 'verifiable'],
  consultant: ['takeOrders', 'submitCandidates', 'onboardingSupport', 'deliverReplacements', 'getPaid'],
  assessor_admin: ['recordAssessments', 'assessIndependently', 'manageUsers'],
  assessor: ['recordAssessments', 'assessIndependently', 'verifiable'],
};

export function HomePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user, org } = useSession();
  const { clock } = useClock();
  const { token } = theme.useToken();
  const health = useLoad(() => getHealth(), []);
  const links = navigationFor(user.role, { clockMode: clock?.mode }).filter((item) => item.key !== 'home');

  return (
    <Flex vertical gap={16}>
      <Card
        variant="borderless"
        style={{ background: `linear-gradient(120deg, ${token.colorPrimaryBg} 0%, ${token.colorBgContainer} 70%)` }}
        data-testid="home-welcome"
      >
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <div style={{ maxWidth: 760 }}>
            <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 8 }} data-testid="page-title">
              {t('home.greeting', { name: user.name })}
            </Typography.Title>
            <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{org.name}</Typography.Text>
              <RoleTag role={user.role} />
            </Flex>
            <Typography.Paragraph style={{ fontSize: 15, marginBottom: 0 }} data-testid="home-summary">
              {t(`home.summary.${user.role}`)}
            </Typography.Paragraph>
          </div>
          <Typography.Text strong style={{ color: token.colorPrimary, fontSize: 16, whiteSpace: 'nowrap' }}>
            {t('app.motto')}
          </Typography.Text>
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card title={t('home.yourWork')} style={{ height: '100%' }}>
            <List
              split={false}
              dataSource={[...DUTIES[user.role]]}
              renderItem={(duty) => (
                <List.Item style={{ paddingBlock: 6 }}>
                  <Flex gap={10} align="flex-start">
                    <CheckOutlined style={{ color: token.colorSuccess, marginTop: 5 }} />
                    <Typography.Text>{t(`home.duty.${duty}`)}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('home.platformStatus')} style={{ height: '100%' }}>
            {clock ? (
              <div style={{ marginBottom: 16 }}>
                <Typography.Text type="secondary">{t('home.platformDate')}</Typography.Text>
                <div style={{ fontSize: 24, fontWeight: 600 }} data-testid="home-date">
                  {clock.today}
                </div>
                <Typography.Text type="secondary">{formatCalendarDateLong(clock.today, locale)}</Typography.Text>
              </div>
            ) : (
              <Skeleton active paragraph={{ rows: 1 }} />
            )}
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'clock',
                  label: t('home.clockMode'),
                  children: clock ? (
                    <Tag color={clock.mode === 'manual' ? 'orange' : 'default'}>
                      {clock.mode === 'manual' ? t('home.clockManual') : t('home.clockSystem')}
                    </Tag>
                  ) : (
                    t('common.none')
                  ),
                },
                { key: 'version', label: t('home.version'), children: health.data?.version ?? t('common.none') },
                {
                  key: 'database',
                  label: t('home.database'),
                  children: health.data ? t(`databases.${health.data.database}`, { defaultValue: health.data.database }) : t('common.none'),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card title={t('home.quickLinks')}>
        <Row gutter={[16, 16]}>
          {links.map((item) => (
            <Col key={item.key} xs={24} sm={12} xl={8}>
              <Link to={item.path} data-testid={`home-link-${item.key}`}>
                <Card size="small" hoverable>
                  <Flex justify="space-between" align="center" gap={8}>
                    <div>
                      <Typography.Text strong>{t(item.labelKey)}</Typography.Text>
                      <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
                        {t(`home.links.${item.key as Exclude<typeof item.key, 'home'>}`)}
                      </Typography.Paragraph>
                    </div>
                    <RightOutlined style={{ color: token.colorTextTertiary }} />
                  </Flex>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </Card>
    </Flex>
  );
}

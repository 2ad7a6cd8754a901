import { App as AntApp, Button, ConfigProvider, Flex, Result, Skeleton, Spin, theme as antdTheme, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { describeError, setNotifier } from './api/client';
import { ClockProvider } from './clock';
import { AppLayout } from './layout/AppLayout';
import { canVisit, type NavKey } from './navigation';
import { AccountPage } from './pages/AccountPage';
import { RatingsPage } from './pages/ratings/RatingsPage';
import { AftercareDashboard } from './pages/aftercare/AftercareDashboard';
import { CandidateCheckinPage } from './pages/aftercare/CandidateCheckinPage';
import { ClaimPage } from './pages/aftercare/ClaimPage';
import { DisputePage } from './pages/disputes/DisputePage';
import { DisputesPage } from './pages/disputes/DisputesPage';
import { AuditPage } from './pages/AuditPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { OrgDetailPage } from './pages/OrgDetailPage';
import { OrgsPage } from './pages/OrgsPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { AllOrdersPage } from './pages/marketplace/AllOrdersPage';
import { EngagementsPage } from './pages/marketplace/EngagementsPage';
import { MarketOrderPage } from './pages/marketplace/MarketOrderPage';
import { MarketplacePage } from './pages/marketplace/MarketplacePage';
import { MyOrdersPage } from './pages/marketplace/MyOrdersPage';
import { OrderDetailPage } from './pages/marketplace/OrderDetailPage';
import { PlanDetailPage } from './pages/plans/PlanDetailPage';
import { PlansPage } from './pages/plans/PlansPage';
import { PlacementDetailPage } from './pages/placements/PlacementDetailPage';
import { PlacementsPage } from './pages/placements/PlacementsPage';
import { MoneyPage } from './pages/money/MoneyPage';
import { ForbiddenPage, NotFoundPage } from './pages/results';
import { TimePage } from './pages/TimePage';
import { UsersPage } from './pages/UsersPage';
import { SubmissionPage } from './pages/submissions/SubmissionPage';
import { AssessmentPlacementPage } from './pages/assessments/AssessmentPlacementPage';
import { WorkbenchPage } from './pages/assessments/WorkbenchPage';
import { NotificationSettingsPage } from './pages/notifications/NotificationSettingsPage';
import { WebhookDeliveriesPage } from './pages/notifications/WebhookDeliveriesPage';
import { CandidatesPage, SubmissionsPage } from './pages/submissions/SubmissionsPage';

// The fairness page brings ECharts: loaded only when ops open it, so every other page starts as light as before.
const AnalyticsPage = lazy(() => import('./pages/analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const BenchmarksPage = lazy(() => import('./pages/integrations/BenchmarksPage').then((m) => ({ default: m.BenchmarksPage })));
const OutboxPage = lazy(() => import('./pages/notifications/OutboxPage').then((m) => ({ default: m.OutboxPage })));
const FairnessPage = lazy(() => import('./pages/risk/FairnessPage').then((m) => ({ default: m.FairnessPage })));
import { SessionProvider, useSession, useSessionContext } from './session';

const THEME: ThemeConfig = {
  algorithm: antdTheme.defaultAlgorithm,
  token: {
    colorPrimary: '#1d4ed8',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { bodyBg: '#f5f7fb', siderBg: '#ffffff', headerBg: '#ffffff' },
  },
};

/** Hands the app's message instance to the API layer, so its messages follow theme and locale. */
function NotifierBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => {
    setNotifier(message);
    return () => setNotifier(null);
  }, [message]);
  return null;
}

function FullPage({ children }: { children: ReactNode }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      {children}
    </Flex>
  );
}

/** A page only some roles reach; others who type its address see 403. */
function Guard({ page, children }: { page: NavKey; children: ReactNode }) {
  const { user } = useSession();
  // The time page explains itself when the clock is not manual, so only the role is checked here.
  return canVisit(user.role, page, { clockMode: 'manual' }) ? <>{children}</> : <ForbiddenPage />;
}

function LoginRedirect() {
  const location = useLocation();
  const { state } = useSessionContext();
  const here = `${location.pathname}${location.search}`;
  const next = state.status === 'anonymous' && state.reason !== 'logout' && here !== '/' ? `?next=${encodeURIComponent(here)}` : '';
  return <Navigate to={`/login${next}`} replace />;
}

function AppRoutes() {
  const { t } = useTranslation();
  const { state, refresh } = useSessionContext();

  if (state.status === 'loading') {
    return (
      <FullPage>
        <Spin size="large" tip={t('common.loading')}>
          <div style={{ width: 160, height: 80 }} />
        </Spin>
      </FullPage>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <FullPage>
        <Result
          status="warning"
          title={t('app.fullName')}
          subTitle={describeError(state.error)}
          extra={
            <Button type="primary" onClick={() => void refresh()}>
              {t('common.retry')}
            </Button>
          }
        />
      </FullPage>
    );
  }
  if (state.status === 'anonymous') {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="*" element={<LoginRedirect />} />
      </Routes>
    );
  }
  return (
    <ClockProvider key={state.session.user.id}>
      <Routes>
        <Route path="/login" element={<AfterLogin />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route
            path="orgs"
            element={
              <Guard page="orgs">
                <OrgsPage />
              </Guard>
            }
          />
          <Route
            path="orgs/:orgId"
            element={
              <Guard page="orgs">
                <OrgDetailPage />
              </Guard>
            }
          />
          <Route
            path="users"
            element={
              <Guard page="users">
                <UsersPage />
              </Guard>
            }
          />
          <Route
            path="time"
            element={
              <Guard page="time">
                <TimePage />
              </Guard>
            }
          />
          <Route
            path="placements"
            element={
              <Guard page="placements">
                <PlacementsPage />
              </Guard>
            }
          />
          <Route
            path="placements/:placementId"
            element={
              <Guard page="placements">
                <PlacementDetailPage />
              </Guard>
            }
          />
          <Route
            path="assessments"
            element={
              <Guard page="assessments">
                <WorkbenchPage />
              </Guard>
            }
          />
          <Route
            path="assessments/:placementId"
            element={
              <Guard page="assessments">
                <AssessmentPlacementPage />
              </Guard>
            }
          />
          <Route
            path="money"
            element={
              <Guard page="money">
                <MoneyPage />
              </Guard>
            }
          />
          <Route
            path="plans"
            element={
              <Guard page="plans">
                <PlansPage />
              </Guard>
            }
          />
          <Route
            path="plans/:planId"
            element={
              <Guard page="plans">
                <PlanDetailPage />
              </Guard>
            }
          />
          <Route
            path="orders"
            element={
              <Guard page="orders">
                <MyOrdersPage />
              </Guard>
            }
          />
          <Route
            path="orders/:orderId"
            element={
              <Guard page="orders">
                <OrderDetailPage />
              </Guard>
            }
          />
          <Route
            path="all-orders"
            element={
              <Guard page="allOrders">
                <AllOrdersPage />
              </Guard>
            }
          />
          <Route
            path="all-orders/:orderId"
            element={
              <Guard page="allOrders">
                <OrderDetailPage />
              </Guard>
            }
          />
          <Route
            path="ratings"
            element={
              <Guard page="ratings">
                <RatingsPage />
              </Guard>
            }
          />
          <Route
            path="marketplace"
            element={
              <Guard page="marketplace">
                <MarketplacePage />
              </Guard>
            }
          />
          <Route
            path="marketplace/:orderId"
            element={
              <Guard page="marketplace">
                <MarketOrderPage />
              </Guard>
            }
          />
          <Route
            path="engagements"
            element={
              <Guard page="engagements">
                <EngagementsPage scope="mine" />
              </Guard>
            }
          />
          <Route
            path="agency-engagements"
            element={
              <Guard page="agencyEngagements">
                <EngagementsPage scope="agency" />
              </Guard>
            }
          />
          <Route
            path="submissions"
            element={
              <Guard page="submissions">
                <SubmissionsPage />
              </Guard>
            }
          />
          {/* One submission, for either side (where notifications lead); the API decides who may see it. */}
          <Route path="submissions/:submissionId" element={<SubmissionPage />} />
          <Route
            path="candidates"
            element={
              <Guard page="candidates">
                <CandidatesPage />
              </Guard>
            }
          />
          {/* A claim, for either side and ops (where notifications lead); the API decides who may see it. */}
          <Route path="claims/:claimId" element={<ClaimPage />} />
          <Route
            path="disputes"
            element={
              <Guard page="disputes">
                <DisputesPage />
              </Guard>
            }
          />
          {/* A dispute, for the parties, its arbitrator and ops (where notifications lead); the API decides who may see it. */}
          <Route path="disputes/:disputeId" element={<DisputePage />} />
          <Route path="aftercare" element={<AftercareDashboard />} />
          <Route
            path="fairness"
            element={
              <Guard page="fairness">
                <Suspense fallback={<Skeleton active />}>
                  <FairnessPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="benchmarks"
            element={
              <Guard page="benchmarks">
                <Suspense fallback={<Skeleton active />}>
                  <BenchmarksPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="analytics"
            element={
              <Guard page="analytics">
                <Suspense fallback={<Skeleton active />}>
                  <AnalyticsPage />
                </Suspense>
              </Guard>
            }
          />
          <Route
            path="outbox"
            element={
              <Guard page="outbox">
                <Suspense fallback={<Skeleton active />}>
                  <OutboxPage />
                </Suspense>
              </Guard>
            }
          />
          <Route path="notifications" element={<NotificationSettingsPage />} />
          {/* An endpoint's delivery log: org admins (the API answers 404 to anyone else). */}
          <Route path="notifications/webhooks/:endpointId" element={<WebhookDeliveriesPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </ClockProvider>
  );
}

/** `/login` while logged in: go where the login was meant to lead. */
function AfterLogin() {
  const location = useLocation();
  const next = new URLSearchParams(location.search).get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
  return <Navigate to={target} replace />;
}

export function App() {
  const { i18n } = useTranslation();
  const antdLocale = i18n.language === 'en' ? enUS : zhCN;
  return (
    <ConfigProvider locale={antdLocale} theme={THEME}>
      <AntApp>
        <NotifierBridge />
        <BrowserRouter>
          <Routes>
            {/* The candidate's check-in link works without an account, signed in or not. */}
            <Route path="/checkin/:token" element={<CandidateCheckinPage />} />
            <Route
              path="*"
              element={
                <SessionProvider>
                  <AppRoutes />
                </SessionProvider>
              }
            />
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

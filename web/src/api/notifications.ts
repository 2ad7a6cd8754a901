/** The notifications API: the in-app inbox (`/api/v1/notifications`) and the channels (settings, webhooks, robots, ops' outbox): shapes from the API contract, and calls. */
import { api } from './client';
import { everyOf, type BodyOf, type QueryOf, type ResponseOf } from './contract';

export type InboxPage = ResponseOf<'/api/v1/notifications'>;
export type InboxItem = InboxPage['items'][number];
type InboxQuery = QueryOf<'/api/v1/notifications'>;

export const getInbox = (query: { [K in keyof InboxQuery]?: string | number }) => api.get<InboxPage>('/notifications', { query });
export const markRead = (notificationId: string) => api.post<ResponseOf<'/api/v1/notifications/{notificationId}/read', 'post'>>(`/notifications/${encodeURIComponent(notificationId)}/read`);
export const markAllRead = () => api.post<ResponseOf<'/api/v1/notifications/read-all', 'post'>>('/notifications/read-all');

// ------------------------------------------------------------------ channels (docs/notifications.md)

export type MyNotificationSettings = ResponseOf<'/api/v1/me/notification-settings'>;
export type OrgNotificationSettings = ResponseOf<'/api/v1/orgs/{orgId}/notification-settings'>;
export type WebhookEndpoint = ResponseOf<'/api/v1/orgs/{orgId}/webhook-endpoints'>['items'][number];
export type CreatedWebhookEndpoint = ResponseOf<'/api/v1/orgs/{orgId}/webhook-endpoints', 'post'>;
export type RotatedSecret = ResponseOf<'/api/v1/webhook-endpoints/{endpointId}/rotate-secret', 'post'>;
export type DeliveriesPage = ResponseOf<'/api/v1/webhook-endpoints/{endpointId}/deliveries'>;
export type Delivery = DeliveriesPage['items'][number];
export type DeliveryStatus = Delivery['status'];
export type DeliveryChannel = Delivery['channel'];
export type Robot = ResponseOf<'/api/v1/orgs/{orgId}/robots'>['items'][number];
export type RobotProvider = Robot['provider'];
export type NewRobot = BodyOf<'/api/v1/orgs/{orgId}/robots'>;
export type RobotTestResult = ResponseOf<'/api/v1/robots/{robotId}/test', 'post'>;
export type OutboxPage = ResponseOf<'/api/v1/outbox'>;
export type OutboxItem = OutboxPage['items'][number];

export const DELIVERY_STATUSES = everyOf<DeliveryStatus>()(['pending', 'delivered', 'dead', 'held'] as const);
export const DELIVERY_CHANNELS = everyOf<DeliveryChannel>()(['email', 'wecom', 'dingtalk', 'feishu', 'webhook'] as const);
export const ROBOT_PROVIDERS = everyOf<RobotProvider>()(['wecom', 'dingtalk', 'feishu'] as const);

const id = encodeURIComponent;

export const getMySettings = (signal?: AbortSignal) => api.get<MyNotificationSettings>('/me/notification-settings', { signal });
export const saveMySettings = (body: BodyOf<'/api/v1/me/notification-settings', 'put'>) => api.put<MyNotificationSettings>('/me/notification-settings', body);
export const getOrgSettings = (orgId: string, signal?: AbortSignal) => api.get<OrgNotificationSettings>(`/orgs/${id(orgId)}/notification-settings`, { signal });
export const saveOrgSettings = (orgId: string, body: BodyOf<'/api/v1/orgs/{orgId}/notification-settings', 'put'>) => api.put<OrgNotificationSettings>(`/orgs/${id(orgId)}/notification-settings`, body);

export const listEndpoints = (orgId: string, signal?: AbortSignal) => api.get<{ items: WebhookEndpoint[] }>(`/orgs/${id(orgId)}/webhook-endpoints`, { signal });
export const createEndpoint = (orgId: string, body: BodyOf<'/api/v1/orgs/{orgId}/webhook-endpoints'>) => api.post<CreatedWebhookEndpoint>(`/orgs/${id(orgId)}/webhook-endpoints`, body);
export const rotateSecret = (endpointId: string, overlapHours: number) =>
  api.post<RotatedSecret>(`/webhook-endpoints/${id(endpointId)}/rotate-secret`, { overlapHours } satisfies BodyOf<'/api/v1/webhook-endpoints/{endpointId}/rotate-secret'>);
export const deleteEndpoint = (endpointId: string) => api.delete<null>(`/webhook-endpoints/${id(endpointId)}`);
export const deliveriesPath = (endpointId: string) => `/webhook-endpoints/${id(endpointId)}/deliveries`;
export const replayDelivery = (deliveryId: string) => api.post<Delivery>(`/webhook-deliveries/${id(deliveryId)}/replay`);

export const listRobots = (orgId: string, signal?: AbortSignal) => api.get<{ items: Robot[] }>(`/orgs/${id(orgId)}/robots`, { signal });
export const createRobot = (orgId: string, body: NewRobot) => api.post<Robot>(`/orgs/${id(orgId)}/robots`, body);
export const deleteRobot = (robotId: string) => api.delete<null>(`/robots/${id(robotId)}`);
export const testRobot = (robotId: string) => api.post<RobotTestResult>(`/robots/${id(robotId)}/test`);

export const OUTBOX_PATH = '/outbox';
export const resendMessage = (messageId: string) => api.post<Delivery>(`/outbox/${id(messageId)}/resend`);

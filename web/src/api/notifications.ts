/** The in-app inbox API (`/api/v1/notifications`): its shapes, from the API contract, and its calls. */
import { api } from './client';
import type { QueryOf, ResponseOf } from './contract';

export type InboxPage = ResponseOf<'/api/v1/notifications'>;
export type InboxItem = InboxPage['items'][number];
type InboxQuery = QueryOf<'/api/v1/notifications'>;

export const getInbox = (query: { [K in keyof InboxQuery]?: string | number }) => api.get<InboxPage>('/notifications', { query });
export const markRead = (notificationId: string) => api.post<ResponseOf<'/api/v1/notifications/{notificationId}/read', 'post'>>(`/notifications/${encodeURIComponent(notificationId)}/read`);
export const markAllRead = () => api.post<ResponseOf<'/api/v1/notifications/read-all', 'post'>>('/notifications/read-all');

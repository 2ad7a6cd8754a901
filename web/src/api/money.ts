/** The money API (`/api/v1/money`, installments, payouts, consultant shares, the ledger check): its shapes, from the API contract. */
import { api } from './client';
import type { BodyOf, ResponseOf } from './contract';

export type MoneyOverview = ResponseOf<'/api/v1/money/overview'>;
export type PlacementMoneyRow = MoneyOverview['items'][number];
export type InstallmentView = PlacementMoneyRow['installments'][number];
export type AgencyMoney = NonNullable<MoneyOverview['agency']>;
export type ConsultantMoney = AgencyMoney['consultants'][number];
export type ConsultantShare = AgencyMoney['shares'][number];
export type LedgerCheck = ResponseOf<'/api/v1/ledger/check'>;

/** Paths of the paged overview. */
export const MONEY_OVERVIEW_PATH = '/money/overview';

export const getLedgerCheck = (signal?: AbortSignal) => api.get<LedgerCheck>('/ledger/check', { signal });

/** Records a payment against an installment; the key makes a retried click record it once. */
export const recordPayment = (installmentId: string, body: BodyOf<'/api/v1/installments/{installmentId}/payments'>, idempotencyKey: string) =>
  api.post<ResponseOf<'/api/v1/installments/{installmentId}/payments', 'post'>>(`/installments/${encodeURIComponent(installmentId)}/payments`, body, { idempotencyKey });

export const recordPayout = (orgId: string, body: BodyOf<'/api/v1/orgs/{orgId}/payouts'>) =>
  api.post<ResponseOf<'/api/v1/orgs/{orgId}/payouts', 'post'>>(`/orgs/${encodeURIComponent(orgId)}/payouts`, body);

export const setConsultantShares = (orgId: string, body: BodyOf<'/api/v1/orgs/{orgId}/consultant-shares', 'put'>) =>
  api.put<ResponseOf<'/api/v1/orgs/{orgId}/consultant-shares', 'put'>>(`/orgs/${encodeURIComponent(orgId)}/consultant-shares`, body);

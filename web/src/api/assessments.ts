/** The skill plan's API (`/api/v1/…/assessments`, the assessor's workbench): its shapes, from the API contract, and its calls. */
import { api } from './client';
import type { BodyOf, ResponseOf } from './contract';

export type PlacementAssessments = ResponseOf<'/api/v1/placements/{placementId}/assessments'>;
export type AssessmentTask = PlacementAssessments['milestones'][number];
export type GrowthCurve = PlacementAssessments['curve'];
export type TaskStatus = AssessmentTask['status'];
export type AssignedPlacement = ResponseOf<'/api/v1/assessments/placements'>['items'][number];
export type OpenTask = ResponseOf<'/api/v1/assessments/tasks'>['items'][number];
export type AssessmentEvidence = ResponseOf<'/api/v1/assessment-tasks/{assessmentTaskId}/evidence', 'post'>;
export type ScoreBody = BodyOf<'/api/v1/assessment-tasks/{assessmentTaskId}/score'>;
type AssessorOrgs = ResponseOf<'/api/v1/assessor-orgs'>;

const id = encodeURIComponent;

export const getPlacementAssessments = (placementId: string, signal?: AbortSignal) => api.get<PlacementAssessments>(`/placements/${id(placementId)}/assessments`, { signal });
export const listAssessorOrgs = (signal?: AbortSignal) => api.get<AssessorOrgs>('/assessor-orgs', { signal });
export const assignAssessor = (placementId: string, assessorOrgId: string) =>
  api.put<PlacementAssessments>(`/placements/${id(placementId)}/assessor`, { assessorOrgId } satisfies BodyOf<'/api/v1/placements/{placementId}/assessor', 'put'>);
export const WORKBENCH_PLACEMENTS_PATH = '/assessments/placements';
export const listOpenTasks = (dueSoon: boolean, signal?: AbortSignal) => api.get<ResponseOf<'/api/v1/assessments/tasks'>>(`/assessments/tasks?limit=100&dueSoon=${dueSoon ? 'true' : 'false'}`, { signal });

export function uploadTaskEvidence(taskId: string, file: File): Promise<AssessmentEvidence> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.post<AssessmentEvidence>(`/assessment-tasks/${id(taskId)}/evidence`, form);
}

export const recordScore = (taskId: string, body: ScoreBody) => api.post<AssessmentTask>(`/assessment-tasks/${id(taskId)}/score`, body);

import { useSession } from '../../session';
import { OwnershipRefusals } from './OwnershipRefusals';
import { SubmissionList } from './SubmissionList';

/** 我的推荐 for a consultant; 推荐管理 (the whole agency) for an agency admin; below, the submissions refused by ownership protection. */
export function SubmissionsPage() {
  const { user } = useSession();
  return (
    <>
      <SubmissionList mode={user.role === 'agency_admin' ? 'agency' : 'consultant'} />
      <OwnershipRefusals />
    </>
  );
}

/** 候选人: every candidate submitted to the employer's orders. */
export function CandidatesPage() {
  return <SubmissionList mode="employer" />;
}

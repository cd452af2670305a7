import { Button, Container, Grid, Group, Skeleton, Stack } from '@mantine/core';
import { IconRefresh, IconUserQuestion } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useProfile } from '../../api/members';
import { useCurrentMember } from '../../api/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { NotFoundPage } from '../errors/NotFoundPage';
import { EndorsementsWritten } from './EndorsementsWritten';
import { MeritBands } from './MeritBands';
import { ProfileSidebar } from './ProfileSidebar';
import { ThanksWall } from './ThanksWall';
import { WorkSection } from './WorkSection';

/** `/@handle`: a member's public profile, work first. */
export function ProfilePage() {
  const { profileHandle = '' } = useParams();
  if (!profileHandle.startsWith('@') || profileHandle.length < 2) return <NotFoundPage />;
  const handle = profileHandle.slice(1);
  return <MemberProfile key={handle.toLowerCase()} handle={handle} />;
}

function MemberProfile({ handle }: { handle: string }) {
  const profile = useProfile(handle);
  const viewer = useCurrentMember();
  const member = profile.data?.member;
  useDocumentTitle(
    member ? `${member.name} (@${member.handle})` : profile.isError ? 'Member not found' : 'Profile',
  );

  if (profile.isPending) return <ProfileSkeleton />;

  if (profile.isError) {
    if (isApiError(profile.error, 404)) return <MemberNotFound handle={handle} />;
    return (
      <Container size="sm">
        <PageHeader title="We could not load this profile" description={profile.error.message} />
        <Button
          leftSection={<IconRefresh size={18} aria-hidden="true" />}
          onClick={() => void profile.refetch()}
        >
          Try again
        </Button>
      </Container>
    );
  }

  const { verifiedWork, selfReportedWork } = profile.data;
  const isOwn = viewer?.id === profile.data.member.id;
  const noticeAs = viewer && !isOwn ? { memberName: profile.data.member.name } : undefined;

  return (
    <Container size="lg">
      <Grid gap={{ base: 'lg', md: 40 }}>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ProfileSidebar
            member={profile.data.member}
            isOwn={isOwn}
            canReport={Boolean(viewer) && !isOwn}
            completionRecord={profile.data.completionRecord}
            ownerRecord={profile.data.ownerRecord}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap={40}>
            <MeritBands merit={profile.data.merit} memberName={profile.data.member.name} />
            <WorkSection
              handle={profile.data.member.handle}
              verified
              firstPage={verifiedWork}
              firstPageUpdatedAt={profile.dataUpdatedAt}
              isOwn={isOwn}
              noticeAs={noticeAs}
            />
            <WorkSection
              handle={profile.data.member.handle}
              verified={false}
              firstPage={selfReportedWork}
              firstPageUpdatedAt={profile.dataUpdatedAt}
              isOwn={isOwn}
              noticeAs={noticeAs}
            />
            <EndorsementsWritten
              endorsements={profile.data.endorsementsWritten}
              memberName={profile.data.member.name}
            />
            <ThanksWall member={profile.data.member} isOwn={isOwn} signedIn={Boolean(viewer)} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

function MemberNotFound({ handle }: { handle: string }) {
  return (
    <Container size="sm">
      <PageHeader
        title={`No member called @${handle}`}
        description="Check the spelling of the handle: it may have changed, or the member may have left this instance."
      />
      <EmptyState
        icon={<IconUserQuestion size={26} />}
        title="Nobody here"
        action={
          <Group gap="sm" justify="center">
            <Button component={Link} to="/">
              Go to the home page
            </Button>
          </Group>
        }
      >
        Profiles live at addresses like /@ada.
      </EmptyState>
    </Container>
  );
}

function ProfileSkeleton() {
  return (
    <Container size="lg" aria-busy="true" aria-label="Loading profile">
      <Grid gap={{ base: 'lg', md: 40 }}>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Skeleton height={96} circle />
            <Skeleton height={32} width="70%" />
            <Skeleton height={16} width="40%" />
            <Skeleton height={16} />
            <Skeleton height={16} width="85%" />
            <Skeleton height={120} mt="md" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Skeleton height={28} width={200} />
            <Skeleton height={140} />
            <Skeleton height={28} width={240} mt="lg" />
            <Skeleton height={140} />
            <Skeleton height={140} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

import {
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import {
  IconBriefcase,
  IconHandStop,
  IconInbox,
  IconListDetails,
  IconPlus,
  IconSend,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SelfMember } from '../../api/client';
import { useMyEngagements, type Engagement } from '../../api/engagements';
import { useMyOffers } from '../../api/offers';
import { useMyOverflow, type Overflow } from '../../api/overflow';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { EngagementStatusBadge, OfferStatusBadge } from '../overflow/badges';
import { HIDDEN_OVERFLOW_NOTE, isHiddenOverflow } from '../overflow/hiddenOverflow';
import { OverflowCard } from '../overflow/OverflowCard';
import classes from './MyWorkPage.module.css';
import { MemberLink } from '../../components/MemberLink';

const TABS = ['engagements', 'offers', 'overflow'] as const;
type Tab = (typeof TABS)[number];

/** `/work`: everything the member has going on in the loop — engagements, offers, their own overflow. */
export function MyWorkPage() {
  useDocumentTitle('My work');
  return <RequireMember>{(member) => <MyWork member={member} />}</RequireMember>;
}

function MyWork({ member }: { member: SelfMember }) {
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = TABS.includes(raw as Tab) ? (raw as Tab) : 'engagements';

  return (
    <Container size="md">
      <PageHeader
        title="My work"
        description="Engagements you are part of, offers you have made, and overflow you have posted."
        actions={
          <Group gap="sm">
            <Button component={Link} to="/board" variant="default">
              Find overflow
            </Button>
            <Button
              component={Link}
              to="/overflow/new"
              leftSection={<IconPlus size={18} aria-hidden="true" />}
            >
              Post overflow
            </Button>
          </Group>
        }
      />
      <Tabs
        value={tab}
        onChange={(value) =>
          setParams(value && value !== 'engagements' ? { tab: value } : {}, { replace: true })
        }
        keepMounted={false}
        classNames={{ tab: classes.tab, tabSection: classes.tabSection }}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="engagements" leftSection={<IconBriefcase size={16} aria-hidden="true" />}>
            Engagements
          </Tabs.Tab>
          <Tabs.Tab value="offers" leftSection={<IconSend size={16} aria-hidden="true" />}>
            My offers
          </Tabs.Tab>
          <Tabs.Tab value="overflow" leftSection={<IconListDetails size={16} aria-hidden="true" />}>
            My overflow
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="engagements">
          <EngagementsList member={member} />
        </Tabs.Panel>
        <Tabs.Panel value="offers">
          <OffersList />
        </Tabs.Panel>
        <Tabs.Panel value="overflow">
          <OverflowList />
        </Tabs.Panel>
      </Tabs>
    </Container>
  );
}

function ListSkeleton({ label }: { label: string }) {
  return (
    <Stack gap="md" aria-busy="true" aria-label={label}>
      <Skeleton height={110} />
      <Skeleton height={110} />
      <Skeleton height={110} />
    </Stack>
  );
}

function LoadMore({ show, loading, onClick }: { show: boolean; loading: boolean; onClick: () => void }) {
  if (!show) return null;
  return (
    <Group justify="center">
      <Button variant="default" onClick={onClick} loading={loading}>
        Load more
      </Button>
    </Group>
  );
}

function PlainList({ children }: { children: ReactNode }) {
  return (
    <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {children}
    </Stack>
  );
}

function engagementHint(e: Engagement): string {
  const owner = e.viewerRole === 'owner';
  switch (e.status) {
    case 'active':
      return owner ? `Waiting for ${e.helper.name} to deliver` : 'Your turn: deliver the work';
    case 'delivered':
      return owner ? 'Your turn: review the delivery' : `Waiting for ${e.owner.name} to review`;
    case 'completed':
      if (e.autoCompleted) return 'Completed automatically when the review window passed';
      return owner
        ? `Reviewed: verified work on ${e.helper.name}’s profile`
        : 'Reviewed: verified work on your profile';
    case 'abandoned':
      return 'Abandoned: nothing was credited';
  }
}

function EngagementsList({ member }: { member: SelfMember }) {
  const list = useMyEngagements();
  if (list.isPending) return <ListSkeleton label="Loading engagements" />;
  if (list.isError)
    return <FormAlert message={list.error.message} title="We could not load your engagements" />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <EmptyState
        icon={<IconBriefcase size={26} />}
        title="No engagements yet"
        action={
          <Button component={Link} to="/board" variant="light">
            Browse the board
          </Button>
        }
      >
        An engagement starts when an owner accepts someone’s offer: yours on their overflow, or theirs on
        yours.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <PlainList>
        {items.map((e) => {
          const isOwner = e.owner.id === member.id;
          const other = isOwner ? e.helper : e.owner;
          const yourTurn = (e.status === 'active' && !isOwner) || (e.status === 'delivered' && isOwner);
          const hidden = isHiddenOverflow(e.overflow);
          return (
            <li key={e.id}>
              <Paper withBorder p="lg" bg="var(--app-surface)" component="article">
                <Stack gap={6}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                    <Title order={2} fz="lg" style={{ overflowWrap: 'anywhere' }}>
                      <Anchor
                        component={Link}
                        to={`/engagements/${e.id}`}
                        inherit
                        c={hidden ? 'var(--app-text-soft)' : 'var(--mantine-color-text)'}
                      >
                        {e.overflow.title}
                      </Anchor>
                    </Title>
                    <EngagementStatusBadge status={e.status} />
                  </Group>
                  {hidden && <HiddenOverflowNote />}
                  <Text size="sm" c="dimmed">
                    {isOwner ? 'You are the owner' : 'You are helping'} · with{' '}
                    <MemberLink handle={other.handle} inherit c="var(--app-accent-text)" fw={600}>
                      {other.name}
                    </MemberLink>{' '}
                    · started {formatDateTime(e.startedAt)}
                  </Text>
                  <Group gap="xs">
                    {yourTurn && (
                      <Badge
                        color="orange"
                        bg="var(--ld-orange-0--rgba253-126-20-14)"
                        c="var(--mantine-color-text)"
                        variant="light"
                        tt="none"
                      >
                        Your turn
                      </Badge>
                    )}
                    <Text size="sm" fw={500}>
                      {engagementHint(e)}
                    </Text>
                  </Group>
                </Stack>
              </Paper>
            </li>
          );
        })}
      </PlainList>
      <LoadMore
        show={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      />
    </Stack>
  );
}

function HiddenOverflowNote() {
  return (
    <Text size="sm" c="dimmed">
      {HIDDEN_OVERFLOW_NOTE}
    </Text>
  );
}

/** The overflow an offer was for: a link to it, or (a stub you may no longer open) muted text. */
function OfferOverflowTitle({ overflow }: { overflow: Overflow }) {
  if (isHiddenOverflow(overflow)) {
    return (
      <Title order={2} fz="lg" c="var(--app-text-soft)" style={{ overflowWrap: 'anywhere' }}>
        {overflow.title}
      </Title>
    );
  }
  return (
    <Title order={2} fz="lg" style={{ overflowWrap: 'anywhere' }}>
      <Anchor component={Link} to={`/overflow/${overflow.id}`} inherit c="var(--mantine-color-text)">
        {overflow.title}
      </Anchor>
    </Title>
  );
}

function OffersList() {
  const list = useMyOffers();
  if (list.isPending) return <ListSkeleton label="Loading offers" />;
  if (list.isError) return <FormAlert message={list.error.message} title="We could not load your offers" />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <EmptyState
        icon={<IconHandStop size={26} />}
        title="You haven’t offered to help yet"
        action={
          <Button component={Link} to="/board" variant="light">
            Find overflow on the board
          </Button>
        }
      >
        Giving first is how networks here grow: delivered work becomes verified proof on your profile.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <PlainList>
        {items.map((offer) => (
          <li key={offer.id}>
            <Paper withBorder p="lg" bg="var(--app-surface)" component="article">
              <Stack gap={6}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <OfferOverflowTitle overflow={offer.overflow} />
                  <OfferStatusBadge status={offer.status} />
                </Group>
                {isHiddenOverflow(offer.overflow) && <HiddenOverflowNote />}
                <Text size="sm" c="dimmed">
                  For{' '}
                  <MemberLink
                    handle={offer.overflow.owner.handle}
                    inherit
                    c="var(--app-accent-text)"
                    fw={600}
                  >
                    {offer.overflow.owner.name}
                  </MemberLink>{' '}
                  · offered {formatDateTime(offer.createdAt)} · deliver by{' '}
                  {formatCalendarDate(offer.proposedOn)}
                </Text>
                <Text size="sm" lineClamp={2} c="var(--app-text-muted)">
                  {offer.pitch}
                </Text>
                {offer.status === 'declined' && offer.declineNote && (
                  <Text size="sm" c="dimmed">
                    Their note: “{offer.declineNote}”
                  </Text>
                )}
                {offer.status === 'accepted' && offer.engagementId && (
                  <Group>
                    <Button
                      component={Link}
                      to={`/engagements/${offer.engagementId}`}
                      size="xs"
                      variant="light"
                    >
                      Open engagement
                    </Button>
                  </Group>
                )}
              </Stack>
            </Paper>
          </li>
        ))}
      </PlainList>
      <LoadMore
        show={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      />
    </Stack>
  );
}

function OverflowList() {
  const list = useMyOverflow();
  if (list.isPending) return <ListSkeleton label="Loading your overflow" />;
  if (list.isError) return <FormAlert message={list.error.message} title="We could not load your overflow" />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <EmptyState
        icon={<IconInbox size={26} />}
        title="You haven’t posted overflow yet"
        action={
          <Button component={Link} to="/overflow/new" variant="light">
            Post overflow
          </Button>
        }
      >
        Work you lack time for, scoped so someone can take it on. You choose who helps.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <PlainList>
        {items.map((overflow) => (
          <li key={overflow.id}>
            <OverflowCard overflow={overflow} showStatus showOwner={false} />
          </li>
        ))}
      </PlainList>
      <LoadMore
        show={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      />
    </Stack>
  );
}

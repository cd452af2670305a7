import {
  Alert,
  Button,
  Container,
  Grid,
  Group,
  List,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowRight,
  IconCalendarDue,
  IconClock,
  IconHourglass,
  IconPencil,
  IconRoute,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError, type SelfMember } from '../../api/client';
import { useOverflowOffers, useWithdrawOffer } from '../../api/offers';
import { useCancelOverflow, useOverflow, type OverflowDetail } from '../../api/overflow';
import { useCurrentMember } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { Markdown } from '../../components/Markdown';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { NotFoundPage } from '../errors/NotFoundPage';
import { SuggestedHelpers } from '../matching/SuggestedHelpers';
import { OverflowStatusBadge, SkillBadges, VisibilityBadge } from './badges';
import { ReportAction } from '../moderation/ReportAction';
import { OfferForm } from './OfferForm';
import { effortLabel } from './OverflowCard';
import { OwnerOffers } from './OwnerOffers';
import { QuestionsSection } from './QuestionsSection';
import { MemberLink } from '../../components/MemberLink';

/** `/overflow/:id`: the brief, and what the viewer can do about it (offer, or review offers). */
export function OverflowPage() {
  const { overflowId = '' } = useParams();
  return <OverflowView key={overflowId} id={overflowId} />;
}

function OverflowView({ id }: { id: string }) {
  const overflow = useOverflow(id);
  const member = useCurrentMember();
  useDocumentTitle(overflow.data?.title ?? (overflow.isError ? 'Overflow not found' : 'Overflow'));

  if (overflow.isPending) return <OverflowSkeleton />;
  if (overflow.isError) {
    if (isApiError(overflow.error, 404) && overflow.error.code === 'OVERFLOW_REMOVED')
      return <NotFoundPage message={overflow.error.message} />;
    if (isApiError(overflow.error, 404))
      return (
        <NotFoundPage message="There is no overflow here that you can see: the link may be mistyped, or the overflow is for members only or a direct ask to someone else." />
      );
    return (
      <Container size="sm">
        <Title order={1} mb="lg">
          Overflow
        </Title>
        <FormAlert message={overflow.error.message} title="We could not load this overflow" />
      </Container>
    );
  }
  const data = overflow.data;
  const isOwner = data.viewer.isOwner;

  return (
    <Container size="lg">
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="xl">
            <OverflowHeader overflow={data} canReport={Boolean(member) && !isOwner} />
            {(data.removed || data.status === 'suspended') && (
              <Alert
                color="red"
                variant="light"
                title={data.removed ? 'Removed by a moderator' : 'Owner suspended'}
              >
                {data.removed
                  ? 'Only its owner and the administrators see it; it is in no list and nobody else can open it.'
                  : 'Its owner’s account is suspended: it is hidden from everyone else until they are reinstated.'}
              </Alert>
            )}
            <Paper
              withBorder
              p={{ base: 'md', sm: 'xl' }}
              bg="var(--app-surface)"
              component="section"
              aria-labelledby="brief-heading"
            >
              <Title order={2} fz="lg" mb="sm" id="brief-heading">
                The brief
              </Title>
              <Markdown>{data.brief}</Markdown>
            </Paper>
            {isOwner ? (
              <>
                <OwnerOffers overflow={data} />
                {data.status === 'open' && data.visibility !== 'ask' && <SuggestedHelpers overflow={data} />}
              </>
            ) : (
              <HelperSection overflow={data} member={member ?? null} />
            )}
            <QuestionsSection overflow={data} member={member ?? null} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            {data.viewer.engagementId && (
              <Button
                component={Link}
                to={`/engagements/${data.viewer.engagementId}`}
                size="md"
                rightSection={<IconArrowRight size={18} aria-hidden="true" />}
                fullWidth
              >
                Open engagement
              </Button>
            )}
            {isOwner && <OwnerActions overflow={data} />}
            <WhatHappensNext overflow={data} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

function OverflowHeader({ overflow, canReport }: { overflow: OverflowDetail; canReport: boolean }) {
  return (
    <Stack gap="md">
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <OverflowStatusBadge status={overflow.status} size="lg" />
          <VisibilityBadge overflow={overflow} />
        </Group>
        {canReport && <ReportAction subjectType="overflow" subjectId={overflow.id} label="this overflow" />}
      </Group>
      <Title order={1} fz={{ base: 26, sm: 32 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
        {overflow.title}
      </Title>
      <Group gap="sm" wrap="nowrap">
        <MemberAvatar name={overflow.owner.name} size={40} />
        <Stack gap={0} miw={0}>
          <Text size="sm">
            Posted by{' '}
            <MemberLink handle={overflow.owner.handle} fw={700} c="var(--app-accent-text)" inherit>
              {overflow.owner.name}
            </MemberLink>
          </Text>
          <Text size="xs" c="dimmed">
            {overflow.owner.headline ? `${overflow.owner.headline} · ` : ''}
            {formatDateTime(overflow.createdAt)}
          </Text>
        </Stack>
      </Group>
      <Paper withBorder p="md" bg="var(--app-surface)">
        <Group gap="xl" align="flex-start" wrap="wrap">
          <Fact icon={<IconClock size={18} />} label="Effort">
            {effortLabel(overflow.effortHours)}
          </Fact>
          <Fact icon={<IconCalendarDue size={18} />} label="Due date">
            {overflow.dueOn ? (
              <time dateTime={overflow.dueOn}>{formatCalendarDate(overflow.dueOn)}</time>
            ) : (
              'No due date'
            )}
          </Fact>
          <Fact icon={<IconHourglass size={18} />} label="Pending offers">
            {overflow.pendingOfferCount}
          </Fact>
        </Group>
        <Stack gap={6} mt="md">
          <Text size="xs" fw={700} c="var(--app-text-soft)" tt="uppercase">
            Skills
          </Text>
          <SkillBadges skills={overflow.skills} />
        </Stack>
      </Paper>
    </Stack>
  );
}

function Fact({
  icon,
  label,
  children,
}: {
  icon: React.ReactNode;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <ThemeIcon variant="light" size={32} radius="md" aria-hidden="true">
        {icon}
      </ThemeIcon>
      <Stack gap={0}>
        <Text size="xs" fw={700} c="var(--app-text-soft)" tt="uppercase">
          {label}
        </Text>
        <Text fw={600}>{children}</Text>
      </Stack>
    </Group>
  );
}

function HelperSection({ overflow, member }: { overflow: OverflowDetail; member: SelfMember | null }) {
  const location = useLocation();
  const pendingOfferId = overflow.viewer.myPendingOfferId;
  const canOffer = member && !overflow.viewer.offerBlockedReason && !pendingOfferId;

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="var(--app-surface)"
      component="section"
      aria-labelledby="offer-heading"
    >
      <Title order={2} fz="xl" mb="xs" id="offer-heading">
        {pendingOfferId ? 'Your offer' : 'Offer to help'}
      </Title>
      {pendingOfferId && member ? (
        <PendingOffer overflow={overflow} offerId={pendingOfferId} />
      ) : canOffer ? (
        <Stack gap="md">
          <Text c="dimmed" size="sm">
            {overflow.owner.name} will see your pitch next to your verified work and completed engagements.
          </Text>
          <OfferForm overflow={overflow} member={member} />
        </Stack>
      ) : (
        <Stack gap="md" align="flex-start">
          <Text>{overflow.viewer.offerBlockedReason}</Text>
          {!member && (
            <Group gap="sm">
              <Button component={Link} to={`/signin?next=${encodeURIComponent(location.pathname)}`}>
                Sign in
              </Button>
              <Button component={Link} to="/signup" variant="default">
                Create an account
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function PendingOffer({ overflow, offerId }: { overflow: OverflowDetail; offerId: string }) {
  const offers = useOverflowOffers(overflow.id);
  const withdraw = useWithdrawOffer();
  const [confirming, setConfirming] = useState(false);
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const offer = offers.data?.items.find((o) => o.id === offerId);
  const close = () => {
    withdraw.reset();
    setConfirming(false);
  };
  return (
    <Stack gap="md">
      <Alert
        variant="light"
        color="yellow"
        c="var(--mantine-color-text)"
        icon={<IconHourglass size={20} aria-hidden="true" />}
      >
        <Text fw={700}>Your offer is pending</Text>
        <Text size="sm">
          {overflow.owner.name} decides. You will be notified when they accept or decline it.
        </Text>
      </Alert>
      {offer && (
        <Stack gap={4}>
          <Text size="sm" fw={650}>
            Your pitch
          </Text>
          <Text style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{offer.pitch}</Text>
          <Text size="sm" c="dimmed">
            You can deliver by {formatCalendarDate(offer.proposedOn)}
            {offer.evidence.length > 0 &&
              ` · ${offer.evidence.length} piece${offer.evidence.length === 1 ? '' : 's'} of evidence`}
          </Text>
        </Stack>
      )}
      <Group>
        <Button
          variant="default"
          color="red"
          c="var(--mantine-color-error)"
          onClick={() => setConfirming(true)}
        >
          Withdraw offer
        </Button>
      </Group>
      <Modal
        opened={confirming}
        onClose={close}
        title="Withdraw your offer?"
        fullScreen={isPhone}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="md">
          <Text>
            {overflow.owner.name} will see that you withdrew it, without your pitch. You can offer again while
            the overflow is open.
          </Text>
          <FormAlert message={withdraw.error?.message} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={withdraw.isPending} data-autofocus>
              Keep my offer
            </Button>
            <Button
              color="red.9"
              loading={withdraw.isPending}
              onClick={() =>
                withdraw.mutate(offerId, {
                  onSuccess: () => {
                    setConfirming(false);
                    notifications.show({
                      color: 'teal',
                      title: 'Offer withdrawn',
                      message: 'You can offer again while it is open.',
                    });
                  },
                })
              }
            >
              Withdraw offer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function OwnerActions({ overflow }: { overflow: OverflowDetail }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useCancelOverflow();
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  if (overflow.status !== 'open') return null;
  const close = () => {
    cancel.reset();
    setConfirming(false);
  };
  return (
    <Paper withBorder p="lg" bg="var(--app-surface)">
      <Stack gap="sm">
        <Text fw={700}>Your overflow</Text>
        <Button
          component={Link}
          to={`/overflow/${overflow.id}/edit`}
          variant="default"
          leftSection={<IconPencil size={16} aria-hidden="true" />}
          fullWidth
        >
          Edit
        </Button>
        <Button
          variant="default"
          c="var(--mantine-color-error)"
          leftSection={<IconTrash size={16} aria-hidden="true" />}
          onClick={() => setConfirming(true)}
          fullWidth
        >
          Cancel overflow
        </Button>
      </Stack>
      <Modal
        opened={confirming}
        onClose={close}
        title="Cancel this overflow?"
        fullScreen={isPhone}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="md">
          <Text>
            It leaves the board.{' '}
            {overflow.pendingOfferCount > 0
              ? `The ${overflow.pendingOfferCount} pending offer${overflow.pendingOfferCount === 1 ? ' is' : 's are'} declined with a courteous note.`
              : 'Nobody has offered yet.'}{' '}
            This cannot be undone.
          </Text>
          <FormAlert message={cancel.error?.message} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={cancel.isPending} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red.9"
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(overflow.id, {
                  onSuccess: () => {
                    notifications.show({
                      color: 'teal',
                      title: 'Overflow cancelled',
                      message: overflow.title,
                    });
                    setConfirming(false);
                  },
                })
              }
            >
              Yes, cancel it
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function nextSteps(overflow: OverflowDetail): { intro: string; steps: string[] } {
  const owner = overflow.owner.name;
  switch (overflow.status) {
    case 'open':
      return overflow.viewer.isOwner
        ? {
            intro: 'Your overflow is on the board and taking offers.',
            steps: [
              'Helpers send offers with a pitch, their evidence and a delivery date.',
              'Compare them by their verified work, then accept one. The others are declined with a courteous note.',
              'The helper delivers; you complete with a review or ask for a revision.',
              'Completion adds verified work to their profile and forms a tie between you.',
            ],
          }
        : {
            intro: `${owner} is looking for help.`,
            steps: [
              'Send an offer: a short pitch, your evidence and when you can deliver.',
              `If ${owner} accepts, an engagement starts and you get to work.`,
              'Deliver with a note and links. They review it or ask for a revision.',
              'Once completed, it becomes verified work on your profile, and a tie between you.',
            ],
          };
    case 'assigned':
      return {
        intro: 'A helper was chosen and the work is in progress.',
        steps: ['The helper delivers.', 'The owner completes it with a review, or asks for a revision.'],
      };
    case 'delivered':
      return {
        intro: 'The work has been delivered and is being reviewed.',
        steps: [
          'The owner completes it with a review, or asks for a revision.',
          'If the owner does not respond in time, it completes by itself, so the helper is credited.',
        ],
      };
    case 'completed':
      return {
        intro: 'Done. The work is now verified proof on the helper’s profile.',
        steps: [],
      };
    case 'cancelled':
      return { intro: 'The owner cancelled this overflow. It no longer takes offers.', steps: [] };
    case 'expired':
      return { intro: 'The due date passed before anyone was assigned, so it closed.', steps: [] };
    case 'suspended':
      return {
        intro: 'Its owner’s account is suspended: it is in no list and takes no offers.',
        steps: ['If the owner is reinstated before it is due, it opens again.'],
      };
  }
}

function WhatHappensNext({ overflow }: { overflow: OverflowDetail }) {
  const { intro, steps } = nextSteps(overflow);
  return (
    <Paper withBorder p="lg" bg="var(--app-accent-surface)" component="aside" aria-labelledby="next-heading">
      <Stack gap="sm">
        <Group gap="xs">
          <ThemeIcon variant="white" size={32} radius="md" aria-hidden="true">
            <IconRoute size={18} />
          </ThemeIcon>
          <Title order={2} fz="md" id="next-heading">
            What happens next
          </Title>
        </Group>
        <Text size="sm">{intro}</Text>
        {steps.length > 0 && (
          <List type="ordered" size="sm" spacing="xs">
            {steps.map((step) => (
              <List.Item key={step}>{step}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}

function OverflowSkeleton() {
  return (
    <Container size="lg" aria-busy="true" aria-label="Loading overflow">
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Skeleton height={22} width={140} />
            <Skeleton height={36} width="80%" />
            <Skeleton height={40} width="40%" />
            <Skeleton height={120} />
            <Skeleton height={260} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Skeleton height={240} />
        </Grid.Col>
      </Grid>
    </Container>
  );
}

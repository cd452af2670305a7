import {
  Alert,
  Anchor,
  Button,
  Container,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Spoiler,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconCircleCheck,
  IconClockPause,
  IconDoorExit,
  IconHourglass,
  IconLock,
  IconPackage,
  IconRosetteDiscountCheck,
  IconStar,
  IconStarFilled,
  IconTool,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useAbandonEngagement, useEngagement, type Engagement } from '../../api/engagements';
import { RequireMember } from '../../components/RequireMember';
import { FormAlert } from '../../components/FormAlert';
import { Markdown } from '../../components/Markdown';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { LIMITS } from '../../lib/validation';
import errorClasses from '../errors/ErrorPages.module.css';
import classes from './EngagementPage.module.css';
import { EngagementStatusBadge, SkillBadges } from '../overflow/badges';
import { HIDDEN_OVERFLOW_NOTE, isHiddenOverflow } from '../overflow/hiddenOverflow';
import { effortLabel } from '../overflow/OverflowCard';
import { CounterpartContact } from './CounterpartContact';
import { CompletionForm, DeliveryForm, RevisionRequest } from './EngagementForms';
import { DeliveryLinks, Timeline } from './Timeline';
import { MemberLink } from '../../components/MemberLink';

/** `/engagements/:id`: the work between an owner and a helper, from start to review. Parties only. */
export function EngagementPage() {
  const { engagementId = '' } = useParams();
  return <RequireMember>{() => <EngagementView key={engagementId} id={engagementId} />}</RequireMember>;
}

function EngagementView({ id }: { id: string }) {
  const engagement = useEngagement(id);
  useDocumentTitle(
    engagement.data?.overflow.title ??
      (isApiError(engagement.error, 404)
        ? 'Private engagement'
        : engagement.isError
          ? 'Engagement not found'
          : 'Engagement'),
  );

  if (engagement.isPending) return <EngagementSkeleton />;
  if (engagement.isError) {
    if (isApiError(engagement.error, 404)) return <PrivateEngagement />;
    return (
      <Container size="sm">
        <Title order={1} mb="lg">
          Engagement
        </Title>
        <FormAlert message={engagement.error.message} title="We could not load this engagement" />
      </Container>
    );
  }
  const e = engagement.data;
  const live = e.status === 'active' || e.status === 'delivered';
  const isParty = e.viewerRole === 'owner' || e.viewerRole === 'helper';
  // A stub: the overflow became a direct ask to someone else, so there is no page to go back to.
  const hidden = isHiddenOverflow(e.overflow);

  return (
    <Container size="lg">
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="xl">
            <Stack gap="sm">
              {!hidden && (
                <Anchor
                  component={Link}
                  to={`/overflow/${e.overflow.id}`}
                  size="sm"
                  c="var(--app-accent-text)"
                  fw={600}
                  style={{ alignSelf: 'flex-start' }}
                >
                  <Group gap={4} component="span">
                    <IconArrowLeft size={14} aria-hidden="true" />
                    View the overflow
                  </Group>
                </Anchor>
              )}
              <Group gap="xs">
                <EngagementStatusBadge status={e.status} size="lg" />
                {e.autoCompleted && (
                  <Text size="sm" c="dimmed">
                    Completed automatically
                  </Text>
                )}
              </Group>
              <Title
                order={1}
                fz={{ base: 26, sm: 32 }}
                lh={1.2}
                c={hidden ? 'var(--app-text-soft)' : undefined}
                style={{ overflowWrap: 'anywhere' }}
              >
                {e.overflow.title}
              </Title>
              {hidden && <Text c="dimmed">{HIDDEN_OVERFLOW_NOTE}</Text>}
            </Stack>
            {!hidden && <Brief engagement={e} />}
            <NextStep engagement={e} />
            <Timeline engagement={e} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Parties engagement={e} />
            <CounterpartContact engagement={e} />
            {live && isParty && <AbandonPanel engagement={e} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </Container>
  );
}

/** What the work is: the overflow's brief (Markdown), skills, effort and due date, at the top of the page. */
function Brief({ engagement: e }: { engagement: Engagement }) {
  const facts = [
    { label: 'Effort', value: effortLabel(e.overflow.effortHours) },
    { label: 'Due', value: e.overflow.dueOn ? formatCalendarDate(e.overflow.dueOn) : 'No due date' },
  ];
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="var(--app-surface)"
      component="section"
      aria-labelledby="brief-heading"
    >
      <Stack gap="md">
        <Title order={2} fz="lg" id="brief-heading">
          The brief
        </Title>
        <dl className={classes.facts}>
          {facts.map((f) => (
            <div key={f.label} className={classes.fact}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        <Spoiler
          maxHeight={260}
          showLabel="Show the whole brief"
          hideLabel="Show less"
          styles={{ control: { fontWeight: 600, color: 'var(--app-accent-text)' } }}
        >
          <Markdown>{e.overflow.brief}</Markdown>
        </Spoiler>
        {e.overflow.skills.length > 0 && (
          <Stack gap={6}>
            <Text size="sm" fw={650}>
              Skills
            </Text>
            <SkillBadges skills={e.overflow.skills} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The API answers "not found" alike for an engagement that does not exist and for one the viewer is not a
 * party to (so nobody learns which engagements exist): say that plainly, instead of "page not found".
 */
function PrivateEngagement() {
  return (
    <Container size="sm" className={errorClasses.wrap}>
      <IconLock size={56} stroke={1.5} aria-hidden="true" className={errorClasses.icon} />
      <Title order={1} fz={{ base: 26, sm: 32 }} mt="sm">
        This engagement is private
      </Title>
      <Text c="dimmed" size="lg" mt="sm" maw={520} mx="auto">
        An engagement, with its conversation, is visible only to its owner and its helper. You are not one of
        them on this one, or there is no engagement at this address.
      </Text>
      <Group justify="center" mt="xl">
        <Button component={Link} to="/work">
          My work
        </Button>
        <Button component={Link} to="/board" variant="default">
          Browse the board
        </Button>
      </Group>
    </Container>
  );
}

function Guidance({
  icon,
  title,
  color = 'stream',
  children,
}: {
  icon: React.ReactNode;
  title: string;
  color?: string;
  children?: React.ReactNode;
}) {
  return (
    <Alert
      variant="light"
      color={color}
      c="var(--mantine-color-text)"
      icon={icon}
      title={title}
      styles={{ title: { fontSize: 'var(--mantine-font-size-md)' } }}
    >
      {children}
    </Alert>
  );
}

/** What each side does now, in words, with the form for it. */
function NextStep({ engagement: e }: { engagement: Engagement }) {
  const autoDate = e.autoCompleteAt ? formatCalendarDate(e.autoCompleteAt.slice(0, 10)) : null;
  const isOwner = e.viewerRole === 'owner';
  const isHelper = e.viewerRole === 'helper';
  const revisionRequested = e.events.at(-1)?.kind === 'revision_requested';

  if (e.status === 'active') {
    if (isHelper) {
      return (
        <Paper
          withBorder
          p={{ base: 'md', sm: 'xl' }}
          bg="var(--app-surface)"
          component="section"
          aria-labelledby="deliver-heading"
        >
          <Stack gap="md">
            <Guidance
              icon={<IconTool size={20} aria-hidden="true" />}
              title={revisionRequested ? 'A revision was requested' : 'Your turn: do the work and deliver it'}
            >
              {revisionRequested
                ? `${e.owner.name} asked for changes (see the timeline). Deliver again when they are done.`
                : `${e.owner.name} is counting on you. Deliver with a note on what you did and links to the result.`}
            </Guidance>
            <Title order={2} fz="lg" id="deliver-heading">
              Deliver the work
            </Title>
            <DeliveryForm engagement={e} />
          </Stack>
        </Paper>
      );
    }
    return (
      <Guidance
        icon={<IconHourglass size={20} aria-hidden="true" />}
        title="Waiting for the helper to deliver"
      >
        {isOwner
          ? `${e.helper.name} is working on it${revisionRequested ? ' after your revision request' : ''}. You will be notified when they deliver.`
          : `${e.helper.name} is working on it.`}
      </Guidance>
    );
  }

  if (e.status === 'delivered') {
    if (isOwner) {
      return (
        <Stack gap="lg">
          <Guidance
            icon={<IconPackage size={20} aria-hidden="true" />}
            title="Review the delivery: complete or ask for a revision"
          >
            {e.helper.name} delivered: read it below, then decide.{' '}
            {autoDate && (
              <>
                If you do not respond, it completes automatically on <strong>{autoDate}</strong>, so the
                helper is never left without credit.
              </>
            )}
          </Guidance>
          <LatestDelivery engagement={e} />
          <RevisionRequest engagement={e} />
          <Paper
            withBorder
            p={{ base: 'md', sm: 'xl' }}
            bg="var(--app-surface)"
            component="section"
            aria-labelledby="complete-heading"
          >
            <Stack gap="md">
              <Stack gap={4}>
                <Title order={2} fz="lg" id="complete-heading">
                  Complete with a review
                </Title>
                <Text size="sm" c="dimmed">
                  Your review becomes verified work on {e.helper.name}’s profile, and you form a tie.
                </Text>
              </Stack>
              <CompletionForm engagement={e} />
            </Stack>
          </Paper>
        </Stack>
      );
    }
    return (
      <Guidance
        icon={<IconClockPause size={20} aria-hidden="true" />}
        title={`Waiting for ${e.owner.name} to review`}
      >
        They will complete it with a review or ask for a revision.
        {autoDate && (
          <>
            {' '}
            If they do not respond, it completes automatically on <strong>{autoDate}</strong>.
          </>
        )}
      </Guidance>
    );
  }

  if (e.status === 'completed') {
    return (
      <Paper
        withBorder
        p={{ base: 'md', sm: 'xl' }}
        bg="var(--app-surface)"
        component="section"
        aria-labelledby="review-heading"
      >
        <Stack gap="md">
          <Group gap="sm">
            <IconCircleCheck size={28} color="var(--mantine-color-green-8)" aria-hidden="true" />
            <Text fw={700} fz="lg">
              Completed
            </Text>
            {e.completedAt && (
              <Text size="sm" c="dimmed">
                {formatDateTime(e.completedAt)}
              </Text>
            )}
          </Group>
          <Title order={2} fz="lg" id="review-heading">
            The review
          </Title>
          {e.review ? (
            <Stack gap="sm">
              {e.review.rating !== null ? (
                <Group gap="xs">
                  <Stars value={e.review.rating} />
                  <Text size="sm" fw={600}>
                    Rated {e.review.rating} out of 5
                  </Text>
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  No rating: the owner did not respond in time, so it completed automatically.
                </Text>
              )}
              <blockquote
                style={{
                  margin: 0,
                  padding: '10px 14px',
                  borderLeft: '3px solid var(--mantine-color-teal-6)',
                  background: 'var(--app-subtle)',
                }}
              >
                <Text fs="italic" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
                  “{e.review.endorsement}”
                </Text>
              </blockquote>
              {e.review.skills.length > 0 && (
                <Stack gap={6}>
                  <Text size="sm" fw={650}>
                    Skills demonstrated
                  </Text>
                  <SkillBadges skills={e.review.skills} label="Skills demonstrated" />
                </Stack>
              )}
            </Stack>
          ) : (
            <Text c="dimmed">No review was left.</Text>
          )}
          <Group hidden={e.helper.former}>
            <Button
              component={Link}
              to={`/@${e.helper.handle}`}
              variant="light"
              leftSection={<IconRosetteDiscountCheck size={18} aria-hidden="true" />}
            >
              View verified work
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Guidance
      icon={<IconDoorExit size={20} aria-hidden="true" />}
      title="This engagement was abandoned"
      color="red"
    >
      {e.abandoned?.byHandle
        ? `${e.abandoned.byHandle === e.owner.handle ? e.owner.name : e.helper.name} stepped away`
        : 'It was closed'}
      {e.abandoned?.reason ? `: “${e.abandoned.reason}”` : '.'} Nothing was credited, and the overflow
      reopened for offers.
    </Guidance>
  );
}

/** The delivery under review, right where the owner decides (the timeline has the full history). */
function LatestDelivery({ engagement: e }: { engagement: Engagement }) {
  const delivery = e.events.filter((ev) => ev.kind === 'delivered').at(-1);
  if (!delivery) return null;
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="var(--app-surface)"
      component="section"
      aria-labelledby="delivery-heading"
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="lg" id="delivery-heading">
            The delivery
          </Title>
          <Text size="sm" c="dimmed">
            {formatDateTime(delivery.createdAt)}
          </Text>
        </Group>
        <Text style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }} lh={1.6}>
          {delivery.note}
        </Text>
        <DeliveryLinks links={delivery.links} />
      </Stack>
    </Paper>
  );
}

function Stars({ value }: { value: number }) {
  return (
    <Group gap={2} aria-hidden="true" c="var(--ld-yellow-7--yellow-5)">
      {[1, 2, 3, 4, 5].map((n) =>
        n <= value ? <IconStarFilled key={n} size={20} /> : <IconStar key={n} size={20} />,
      )}
    </Group>
  );
}

function Parties({ engagement: e }: { engagement: Engagement }) {
  const people = [
    { role: 'Owner', member: e.owner, you: e.viewerRole === 'owner' },
    { role: 'Helper', member: e.helper, you: e.viewerRole === 'helper' },
  ];
  return (
    <Paper withBorder p="lg" bg="var(--app-surface)" component="aside" aria-labelledby="parties-heading">
      <Stack gap="md">
        <Title order={2} fz="md" id="parties-heading">
          Who’s involved
        </Title>
        {people.map(({ role, member, you }) => (
          <Group key={role} gap="sm" wrap="nowrap">
            <MemberAvatar name={member.name} size={40} />
            <Stack gap={0} miw={0}>
              <Text size="xs" fw={700} c="var(--app-text-soft)" tt="uppercase">
                {role}
                {you && ' (you)'}
              </Text>
              <MemberLink
                handle={member.handle}
                fw={700}
                c="var(--mantine-color-text)"
                style={{ overflowWrap: 'anywhere' }}
              >
                {member.name}
              </MemberLink>
              {member.headline && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {member.headline}
                </Text>
              )}
            </Stack>
          </Group>
        ))}
        <Stack gap={4} pt="xs" style={{ borderTop: '1px solid var(--app-border)' }}>
          <Text size="sm">
            <Text span fw={600}>
              Started:
            </Text>{' '}
            {formatDateTime(e.startedAt)}
          </Text>
          {e.status === 'delivered' && e.autoCompleteAt && (
            <Text size="sm">
              <Text span fw={600}>
                Completes automatically:
              </Text>{' '}
              {formatDateTime(e.autoCompleteAt)}
            </Text>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function AbandonPanel({ engagement: e }: { engagement: Engagement }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const abandon = useAbandonEngagement();
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const close = () => {
    setOpened(false);
    setError(null);
    abandon.reset();
  };
  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('Say briefly why, so the other side understands.');
      return;
    }
    abandon.mutate(
      { id: e.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Engagement abandoned',
            message: 'The overflow is open again. Nothing was credited.',
          });
          setReason('');
          close();
        },
      },
    );
  };
  return (
    <Paper withBorder p="lg" bg="var(--app-surface)">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          Can’t continue? Either side may step away. The overflow reopens, nothing is credited, and it shows
          in the helper’s completion record.
        </Text>
        <Button
          variant="default"
          c="var(--mantine-color-error)"
          onClick={() => setOpened(true)}
          leftSection={<IconDoorExit size={16} aria-hidden="true" />}
        >
          Abandon engagement
        </Button>
      </Stack>
      <Modal
        opened={opened}
        onClose={close}
        title="Abandon this engagement?"
        fullScreen={isPhone}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            <FormAlert message={abandon.error?.message} />
            <Textarea
              label="Reason"
              required
              description={`${e.viewerRole === 'owner' ? e.helper.name : e.owner.name} will see it.`}
              autosize
              minRows={3}
              maxLength={LIMITS.abandonReasonMax}
              value={reason}
              onChange={(ev) => {
                setReason(ev.currentTarget.value);
                setError(null);
              }}
              error={error}
              data-autofocus
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={abandon.isPending}>
                Keep going
              </Button>
              <Button type="submit" color="red.9" loading={abandon.isPending}>
                Abandon
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

function EngagementSkeleton() {
  return (
    <Container size="lg" aria-busy="true" aria-label="Loading engagement">
      <Grid gap={{ base: 'lg', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Skeleton height={22} width={140} />
            <Skeleton height={36} width="80%" />
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

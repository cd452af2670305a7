import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconCheck,
  IconExternalLink,
  IconGauge,
  IconInbox,
  IconRosetteDiscountCheck,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  useAcceptOffer,
  useDeclineOffer,
  useOverflowOffers,
  type Evidence,
  type Offer,
} from '../../api/offers';
import type { OverflowDetail } from '../../api/overflow';
import { EmptyState } from '../../components/EmptyState';
import { ReportAction } from '../moderation/ReportAction';
import { FormAlert } from '../../components/FormAlert';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { LIMITS } from '../../lib/validation';
import { OfferStatusBadge } from './badges';
import classes from './OwnerOffers.module.css';
import { MemberLink } from '../../components/MemberLink';

const STATUS_ORDER: Record<Offer['status'], number> = { pending: 0, accepted: 1, declined: 2, withdrawn: 3 };

/** The owner's view of offers: each helper with their verified work at hand, to accept one. */
export function OwnerOffers({ overflow }: { overflow: OverflowDetail }) {
  const offers = useOverflowOffers(overflow.id);
  const [declining, setDeclining] = useState<Offer | null>(null);
  const [accepting, setAccepting] = useState<Offer | null>(null);
  const accept = useAcceptOffer();
  const navigate = useNavigate();
  const [acceptError, setAcceptError] = useState<string | null>(null);

  const handleAccept = (offer: Offer) => {
    setAcceptError(null);
    accept.mutate(offer.id, {
      onSuccess: ({ engagementId }) => {
        setAccepting(null);
        notifications.show({
          color: 'teal',
          title: 'Engagement started',
          message: `${offer.helper.name} has been told. The other offers were declined with a courteous note.`,
        });
        void navigate(`/engagements/${engagementId}`);
      },
      onError: (error) => {
        setAccepting(null);
        setAcceptError(error.message);
      },
    });
  };

  const sorted = [...(offers.data?.items ?? [])].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.createdAt.localeCompare(b.createdAt),
  );
  const pending = sorted.filter((o) => o.status === 'pending').length;

  return (
    <section aria-labelledby="offers-heading">
      <Group justify="space-between" align="baseline" mb="md">
        <Title order={2} fz="xl" id="offers-heading">
          Offers
        </Title>
        {offers.data && (
          <Text size="sm" c="dimmed">
            {pending} pending · {sorted.length} in all
          </Text>
        )}
      </Group>
      <Stack gap="md">
        <FormAlert message={acceptError} title="The offer was not accepted" />
        {offers.isPending ? (
          <Stack gap="md" aria-label="Loading offers">
            <Skeleton height={200} />
            <Skeleton height={200} />
          </Stack>
        ) : offers.isError ? (
          <FormAlert message={offers.error.message} title="We could not load the offers" />
        ) : sorted.length === 0 ? (
          <EmptyState icon={<IconInbox size={26} />} title="No offers yet">
            {overflow.status === 'open'
              ? 'Helpers who find your overflow on the board will offer here. You will get a notification for each.'
              : 'Nobody offered on this overflow.'}
          </EmptyState>
        ) : (
          <Stack component="ul" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {sorted.map((offer) => (
              <li key={offer.id}>
                <OfferCard
                  offer={offer}
                  actions={
                    offer.status === 'pending' && overflow.status === 'open' ? (
                      <Group gap="sm" justify="flex-end">
                        <Button
                          variant="default"
                          leftSection={<IconX size={16} aria-hidden="true" />}
                          onClick={() => setDeclining(offer)}
                          disabled={accept.isPending}
                        >
                          Decline
                        </Button>
                        <Button
                          leftSection={<IconCheck size={16} aria-hidden="true" />}
                          onClick={() => {
                            setAcceptError(null);
                            setAccepting(offer);
                          }}
                          disabled={accept.isPending}
                        >
                          Accept offer
                        </Button>
                      </Group>
                    ) : offer.status === 'accepted' && offer.engagementId ? (
                      <Group justify="flex-end">
                        <Button component={Link} to={`/engagements/${offer.engagementId}`} variant="light">
                          Open engagement
                        </Button>
                      </Group>
                    ) : null
                  }
                />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
      <DeclineModal offer={declining} onClose={() => setDeclining(null)} />
      <AcceptModal
        offer={accepting}
        othersPending={accepting ? pending - 1 : 0}
        pending={accept.isPending}
        onConfirm={() => accepting && handleAccept(accepting)}
        onClose={() => setAccepting(null)}
      />
    </section>
  );
}

function EvidenceList({ items, label }: { items: Evidence[]; label: string }) {
  return (
    <ul className={classes.evidence} aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            {item.verified ? (
              <IconRosetteDiscountCheck
                size={16}
                className={classes.verifiedIcon}
                aria-label="Verified"
                role="img"
              />
            ) : (
              <span className={classes.dot} aria-hidden="true" />
            )}
            <Text size="sm" className={classes.evidenceTitle}>
              {item.url ? (
                <Anchor
                  href={item.url}
                  target="_blank"
                  rel="noopener noreferrer nofollow"
                  inherit
                  c="var(--app-accent-text)"
                >
                  {item.title}
                  <IconExternalLink size={12} aria-hidden="true" className={classes.external} />
                  <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
                </Anchor>
              ) : (
                item.title
              )}
              <Text span size="xs" c="dimmed">
                {' '}
                · {item.verified ? 'verified' : 'self-reported'} · {formatCalendarDate(item.date)}
              </Text>
            </Text>
          </Group>
        </li>
      ))}
    </ul>
  );
}

/** One offer: who, their track record, their pitch and evidence, and when they can deliver. */
export function OfferCard({ offer, actions }: { offer: Offer; actions?: React.ReactNode }) {
  const { helper } = offer;
  return (
    <Paper
      component="article"
      withBorder
      p="lg"
      bg="var(--app-surface)"
      aria-label={`Offer from ${helper.name}`}
      className={classes.card}
      data-status={offer.status}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <MemberAvatar name={helper.name} size={44} />
            <Stack gap={0} miw={0}>
              <MemberLink
                handle={helper.handle}
                fw={700}
                c="var(--mantine-color-text)"
                className={classes.name}
              >
                {helper.name}
              </MemberLink>
              <Text size="sm" c="dimmed" className={classes.name}>
                @{helper.handle}
                {helper.headline && ` · ${helper.headline}`}
              </Text>
            </Stack>
          </Group>
          <OfferStatusBadge status={offer.status} />
        </Group>
        {offer.status === 'withdrawn' ? (
          <Text size="sm" c="dimmed">
            <IconArrowBackUp size={16} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} />{' '}
            {helper.name} withdrew this offer. What it said is no longer shown.
          </Text>
        ) : (
          <OfferBody offer={offer} />
        )}
        {offer.status === 'declined' && offer.declineNote && (
          <Text size="sm" c="dimmed">
            Declined with a note: “{offer.declineNote}”
          </Text>
        )}
        <Group justify="space-between" align="center" gap="sm">
          <Text size="xs" c="dimmed">
            Offered {formatDateTime(offer.createdAt)}
          </Text>
          {actions}
        </Group>
      </Stack>
    </Paper>
  );
}

/** What an offer says: the helper's record, the pitch, the evidence. Not shown once withdrawn. */
function OfferBody({ offer }: { offer: Offer }) {
  const { helper } = offer;
  return (
    <>
      <Group gap="xs">
        {!offer.removed && (
          <ReportAction subjectType="offer" subjectId={offer.id} label={`the offer from ${helper.name}`} />
        )}
        {offer.helperAtCapacity && (
          <Badge
            variant="light"
            color="yellow"
            c="var(--mantine-color-text)"
            tt="none"
            size="lg"
            leftSection={<IconGauge size={14} aria-hidden="true" />}
          >
            At capacity: cannot start now
          </Badge>
        )}
        {helper.verifiedWorkCount > 0 ? (
          <Badge
            variant="light"
            color="teal"
            bg="var(--ld-teal-0--rgba18-184-134-14)"
            c="var(--ld-teal-9--teal-3)"
            tt="none"
            size="lg"
            leftSection={<IconRosetteDiscountCheck size={14} aria-hidden="true" />}
          >
            {helper.verifiedWorkCount} verified work {helper.verifiedWorkCount === 1 ? 'record' : 'records'}
          </Badge>
        ) : (
          <Badge variant="light" color="gray" c="var(--mantine-color-text)" tt="none" size="lg">
            No verified work yet
          </Badge>
        )}
        <Badge variant="light" color="gray" c="var(--mantine-color-text)" tt="none" size="lg">
          {helper.completedEngagements} completed{' '}
          {helper.completedEngagements === 1 ? 'engagement' : 'engagements'}
        </Badge>
        <Badge
          variant="light"
          color="stream"
          bg="var(--app-accent-surface)"
          c="var(--app-accent-text)"
          tt="none"
          size="lg"
        >
          Can deliver by {formatCalendarDate(offer.proposedOn)}
        </Badge>
      </Group>
      <blockquote className={classes.pitch}>
        {offer.removed ? (
          <Text className={classes.pitchText} fs="italic" c="dimmed">
            Removed by a moderator.
          </Text>
        ) : (
          <Text className={classes.pitchText}>{offer.pitch}</Text>
        )}
      </blockquote>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Stack gap={6}>
          <Text size="sm" fw={650}>
            Evidence offered
          </Text>
          {offer.evidence.length > 0 ? (
            <EvidenceList items={offer.evidence} label="Evidence offered" />
          ) : (
            <Text size="sm" c="dimmed">
              None attached.
            </Text>
          )}
        </Stack>
        <Stack gap={6}>
          <Text size="sm" fw={650}>
            Recent verified work
          </Text>
          {helper.recentVerifiedWork.length > 0 ? (
            <EvidenceList items={helper.recentVerifiedWork} label="Recent verified work" />
          ) : (
            <Text size="sm" c="dimmed">
              No verified work yet: this could be their first engagement.
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </>
  );
}

function DeclineModal({ offer, onClose }: { offer: Offer | null; onClose: () => void }) {
  const decline = useDeclineOffer();
  const [note, setNote] = useState('');
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const close = () => {
    setNote('');
    decline.reset();
    onClose();
  };
  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!offer) return;
    decline.mutate(
      { offerId: offer.id, note: note.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Offer declined',
            message: `${offer.helper.name} has been told${note.trim() ? ', with your note' : ''}.`,
          });
          close();
        },
      },
    );
  };
  return (
    <Modal
      opened={offer !== null}
      onClose={close}
      title={offer ? `Decline ${offer.helper.name}’s offer?` : 'Decline offer'}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={handleSubmit}>
        <Stack gap="md">
          <FormAlert message={decline.error?.message} />
          <Textarea
            label="Note"
            description="Optional. A short, kind word helps them next time."
            autosize
            minRows={3}
            maxLength={LIMITS.declineNoteMax}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={decline.isPending}>
              Keep the offer
            </Button>
            <Button type="submit" color="red.9" loading={decline.isPending}>
              Decline offer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Say before it happens: accepting starts the engagement and declines every other pending offer. */
function AcceptModal({
  offer,
  othersPending,
  pending,
  onConfirm,
  onClose,
}: {
  offer: Offer | null;
  othersPending: number;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const isPhone = useMediaQuery('(max-width: 36em)') ?? false;
  const name = offer?.helper.name ?? '';
  return (
    <Modal
      opened={offer !== null}
      onClose={onClose}
      title={offer ? `Accept ${name}’s offer?` : 'Accept offer'}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text fw={650}>
          {othersPending > 0
            ? `Accepting ${name}’s offer declines ${othersPending} other offer${othersPending === 1 ? '' : 's'}.`
            : `Accepting ${name}’s offer declines no other offer: it is the only one pending.`}
        </Text>
        <Text size="sm">
          An engagement starts and your overflow leaves the board.
          {othersPending > 0 &&
            ` ${othersPending === 1 ? 'The other helper is' : 'The other helpers are'} told with a courteous note.`}{' '}
          This cannot be undone.
        </Text>
        {offer?.helperAtCapacity && (
          <Text size="sm" c="var(--mantine-color-error)">
            {name} is at capacity right now, so the accept will be refused until they finish an engagement.
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={pending} data-autofocus>
            Not yet
          </Button>
          <Button
            onClick={onConfirm}
            loading={pending}
            leftSection={<IconCheck size={16} aria-hidden="true" />}
          >
            Accept and start
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

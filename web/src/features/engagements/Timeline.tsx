import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconCircleCheck,
  IconDoorExit,
  IconExternalLink,
  IconMessageCircle,
  IconPackage,
  IconPencil,
  IconPlayerPlay,
  IconPoint,
  IconRobot,
  IconSend,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { Engagement, EngagementEvent } from '../../api/engagements';
import {
  useEditMessage,
  useEngagementMessages,
  useMarkEngagementRead,
  useSendMessage,
  type EngagementMessage,
} from '../../api/messages';
import { FormAlert } from '../../components/FormAlert';
import { Markdown } from '../../components/Markdown';
import { ReportAction } from '../moderation/ReportAction';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatDateTime } from '../../lib/format';
import { LIMITS } from '../../lib/validation';
import classes from './Timeline.module.css';

function describe(
  event: EngagementEvent,
  e: Engagement,
): { title: string; icon: React.ReactNode; color: string } {
  const who = event.actor?.name ?? 'Slipstream';
  switch (event.kind) {
    case 'started':
      return {
        title: `Engagement started: ${e.owner.name} accepted ${e.helper.name}’s offer`,
        icon: <IconPlayerPlay size={16} />,
        color: 'blue',
      };
    case 'delivered':
      return { title: `${who} delivered`, icon: <IconPackage size={16} />, color: 'violet' };
    case 'revision_requested':
      return { title: `${who} asked for a revision`, icon: <IconMessageCircle size={16} />, color: 'orange' };
    case 'completed':
      return {
        title: `${who} completed it with a review`,
        icon: <IconCircleCheck size={16} />,
        color: 'green',
      };
    case 'auto_completed':
      return {
        title: 'Completed automatically: the review window passed',
        icon: <IconRobot size={16} />,
        color: 'green',
      };
    case 'abandoned':
      return { title: `${who} abandoned the engagement`, icon: <IconDoorExit size={16} />, color: 'red' };
    default:
      return { title: event.kind.replace(/_/g, ' '), icon: <IconPoint size={16} />, color: 'gray' };
  }
}

type Entry =
  | { kind: 'event'; at: string; id: string; event: EngagementEvent }
  | { kind: 'message'; at: string; id: string; message: EngagementMessage };

/** A clock that ticks every 15 s, so "Edit" disappears when a message's edit window closes. */
function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Everything that happened, oldest first: the conversation between owner and helper interleaved with the
 * engagement's steps (started, deliveries, revision requests, completion), and the composer below.
 */
export function Timeline({ engagement }: { engagement: Engagement }) {
  const conversation = useEngagementMessages(engagement.id);
  const markRead = useMarkEngagementRead(engagement.id);
  const isParty = engagement.viewerRole === 'owner' || engagement.viewerRole === 'helper';
  const pages = conversation.data?.pages;
  const firstPage = pages?.[0];
  const messages = useMemo(() => (pages ?? []).flatMap((p) => p.items), [pages]);
  const unread = firstPage?.unreadCount ?? 0;
  // The read mark as it was when the page opened: messages after it show as new during this visit.
  const [seenUpTo, setSeenUpTo] = useState<string | null | undefined>(undefined);
  if (seenUpTo === undefined && firstPage) setSeenUpTo(firstPage.lastReadAt);

  // Viewed: mark the conversation read (and its notification) whenever something new arrives while open.
  const { mutate: markReadNow, isPending: marking } = markRead;
  useEffect(() => {
    if (isParty && unread > 0 && !marking && document.visibilityState === 'visible') markReadNow();
  }, [isParty, unread, marking, markReadNow, messages.length]);

  const entries = useMemo<Entry[]>(() => {
    // While older messages are not loaded yet, older events wait with them (the timeline stays in order).
    const oldestLoaded = conversation.hasNextPage ? messages.at(-1)?.createdAt : undefined;
    const events: Entry[] = engagement.events
      .filter((ev) => !oldestLoaded || ev.createdAt >= oldestLoaded)
      .map((event) => ({ kind: 'event', at: event.createdAt, id: event.id, event }));
    const said: Entry[] = messages.map((message) => ({
      kind: 'message',
      at: message.createdAt,
      id: message.id,
      message,
    }));
    return [...events, ...said].sort((a, b) =>
      a.at === b.at
        ? a.kind === b.kind
          ? a.id.localeCompare(b.id)
          : a.kind === 'event'
            ? -1
            : 1
        : a.at < b.at
          ? -1
          : 1,
    );
  }, [engagement.events, messages, conversation.hasNextPage]);

  const other = engagement.viewerRole === 'owner' ? engagement.helper : engagement.owner;

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="var(--app-surface)"
      component="section"
      aria-labelledby="timeline-heading"
    >
      <Stack gap={4} mb="md">
        <Title order={2} fz="lg" id="timeline-heading">
          Timeline
        </Title>
        <Text size="sm" c="dimmed">
          {isParty
            ? `Messages between you and ${other.name}, with each step of the engagement. Only the two of you can read them.`
            : 'Messages between the owner and the helper, with each step of the engagement.'}
        </Text>
      </Stack>
      {conversation.hasNextPage && (
        <Group justify="center" mb="md">
          <Button
            variant="default"
            size="xs"
            onClick={() => void conversation.fetchNextPage()}
            loading={conversation.isFetchingNextPage}
          >
            Load earlier
          </Button>
        </Group>
      )}
      {conversation.isError && (
        <FormAlert message={conversation.error.message} title="We could not load the conversation" />
      )}
      {entries.length === 0 ? (
        <Text c="dimmed">Nothing has happened yet.</Text>
      ) : (
        <ol className={classes.timeline} aria-label="Timeline">
          {entries.map((entry) =>
            entry.kind === 'event' ? (
              <EventItem key={`e-${entry.id}`} event={entry.event} engagement={engagement} />
            ) : (
              <MessageItem
                key={`m-${entry.id}`}
                message={entry.message}
                engagementId={engagement.id}
                isNew={
                  isParty &&
                  !entry.message.mine &&
                  seenUpTo !== undefined &&
                  (seenUpTo === null || entry.message.createdAt > seenUpTo)
                }
              />
            ),
          )}
        </ol>
      )}
      {firstPage && (
        <div className={classes.composerWrap}>
          {firstPage.canWrite ? (
            <Composer engagementId={engagement.id} otherName={other.name} />
          ) : (
            <Text size="sm" c="dimmed">
              {!isParty
                ? 'You are reading this conversation as an admin, for moderation. Each read is recorded in the admin audit.'
                : `This engagement is ${engagement.status}, so its conversation is read-only.`}
            </Text>
          )}
        </div>
      )}
    </Paper>
  );
}

function EventItem({ event, engagement }: { event: EngagementEvent; engagement: Engagement }) {
  const { title, icon, color } = describe(event, engagement);
  return (
    <li className={classes.item}>
      <ThemeIcon
        variant="light"
        color={color}
        c={`${color}.9`}
        radius="xl"
        size={32}
        className={classes.icon}
        aria-hidden="true"
      >
        {icon}
      </ThemeIcon>
      <Stack gap={4} className={classes.body}>
        <Text fw={650}>{title}</Text>
        <Text size="xs" c="dimmed">
          <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
        </Text>
        {event.note && <Text className={classes.note}>{event.note}</Text>}
        <DeliveryLinks links={event.links} />
      </Stack>
    </li>
  );
}

function MessageItem({
  message,
  engagementId,
  isNew,
}: {
  message: EngagementMessage;
  engagementId: string;
  isNew: boolean;
}) {
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const editable = message.mine && message.editableUntil !== null && Date.parse(message.editableUntil) > now;
  return (
    <li className={classes.item} aria-label={`Message from ${message.author.name}`}>
      <MemberAvatar name={message.author.name} size={32} className={classes.icon} />
      <Stack gap={4} className={classes.body}>
        <Group gap="xs" wrap="wrap" align="baseline">
          <Text fw={650}>
            {message.author.name}
            {message.mine && (
              <Text span c="dimmed" fw={400}>
                {' '}
                (you)
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
          </Text>
          {isNew && (
            <Badge variant="filled" color="stream.8" size="sm">
              new
            </Badge>
          )}
          {message.editedAt && (
            <Badge
              variant="light"
              color="gray"
              c="var(--app-text-muted)"
              size="sm"
              title={`Edited ${formatDateTime(message.editedAt)}`}
            >
              edited
            </Badge>
          )}
          {message.removed && message.mine && (
            <Badge variant="light" color="red" c="red.9" size="sm" tt="none">
              removed by a moderator: only you see it
            </Badge>
          )}
          {!message.mine && !message.removed && (
            <ReportAction
              subjectType="message"
              subjectId={message.id}
              label={`the message from ${message.author.name}`}
            />
          )}
        </Group>
        {editing ? (
          <EditForm message={message} engagementId={engagementId} onDone={() => setEditing(false)} />
        ) : (
          <div className={message.mine ? `${classes.message} ${classes.mine}` : classes.message}>
            <Markdown>{message.body}</Markdown>
          </div>
        )}
        {editable && !editing && (
          <Group gap="xs">
            <Button
              variant="subtle"
              size="compact-xs"
              c="var(--app-accent-text)"
              leftSection={<IconPencil size={14} aria-hidden="true" />}
              onClick={() => setEditing(true)}
            >
              Edit<VisuallyHidden> your message</VisuallyHidden>
            </Button>
          </Group>
        )}
      </Stack>
    </li>
  );
}

function CharacterCount({ value, id }: { value: string; id: string }) {
  const used = value.trim().length;
  const over = used > LIMITS.messageBodyMax;
  return (
    <Text id={id} size="xs" c={over ? 'var(--mantine-color-error)' : 'dimmed'}>
      {used.toLocaleString('en')} / {LIMITS.messageBodyMax.toLocaleString('en')} characters
    </Text>
  );
}

function EditForm({
  message,
  engagementId,
  onDone,
}: {
  message: EngagementMessage;
  engagementId: string;
  onDone: () => void;
}) {
  const [body, setBody] = useState(message.body);
  const [error, setError] = useState<string | null>(null);
  const edit = useEditMessage(engagementId);
  const counterId = `edit-count-${message.id}`;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setError('Write something, or cancel.');
      return;
    }
    edit.mutate({ messageId: message.id, body: body.trim() }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <FormAlert message={edit.error?.message} />
        <Textarea
          label="Edit your message"
          autosize
          minRows={2}
          maxRows={12}
          value={body}
          onChange={(ev) => {
            setBody(ev.currentTarget.value);
            setError(null);
          }}
          error={error}
          aria-describedby={counterId}
          data-autofocus
        />
        <Group justify="space-between" gap="xs">
          <CharacterCount value={body} id={counterId} />
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={onDone} disabled={edit.isPending}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={edit.isPending}>
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function Composer({ engagementId, otherName }: { engagementId: string; otherName: string }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useSendMessage(engagementId);
  const tooLong = body.trim().length > LIMITS.messageBodyMax;
  const submit = (event?: React.FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) {
      setError('Write a message first.');
      return;
    }
    if (tooLong) {
      setError(`Use at most ${LIMITS.messageBodyMax.toLocaleString('en')} characters.`);
      return;
    }
    send.mutate(body.trim(), { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Send a message">
      <Stack gap="xs">
        <FormAlert message={send.error?.message} />
        <Textarea
          label="Message"
          description={`${otherName} is notified. Markdown works: **bold**, _italic_, lists, [links](https://…). Ctrl+Enter sends.`}
          placeholder="Ask a question, share a file link, say how it is going…"
          autosize
          minRows={3}
          maxRows={14}
          value={body}
          onChange={(ev) => {
            setBody(ev.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(ev) => {
            if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) submit();
          }}
          error={error}
          aria-describedby="message-count"
        />
        <Group justify="space-between" gap="xs">
          <CharacterCount value={body} id="message-count" />
          <Button
            type="submit"
            loading={send.isPending}
            leftSection={<IconSend size={16} aria-hidden="true" />}
          >
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function DeliveryLinks({ links }: { links: readonly string[] }) {
  if (links.length === 0) return null;
  return (
    <ul className={classes.links} aria-label="Links">
      {links.map((link) => (
        <li key={link}>
          <Anchor
            href={link}
            target="_blank"
            rel="noopener noreferrer nofollow ugc"
            size="sm"
            c="var(--app-accent-text)"
          >
            {link}
            <IconExternalLink size={12} aria-hidden="true" className={classes.external} />
            <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
          </Anchor>
        </li>
      ))}
    </ul>
  );
}

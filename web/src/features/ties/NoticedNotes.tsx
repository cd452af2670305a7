import { Badge, Button, Group, Paper, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconSend } from '@tabler/icons-react';
import type { Ref } from 'react';

import { useAcceptNoticed, useIgnoreNoticed, useNoticedNotes, type NoticedNote } from '../../api/ties';
import { FormAlert } from '../../components/FormAlert';
import { ReportAction } from '../moderation/ReportAction';
import { formatDateTime } from '../../lib/format';
import classes from './Ties.module.css';
import { MemberLink } from '../../components/MemberLink';

/**
 * "Noticed notes": notes others wrote about a specific piece of your work (accept to form a tie, or
 * ignore silently), and the notes you sent.
 */
export function NoticedNotes({ headingRef }: { headingRef?: Ref<HTMLHeadingElement> }) {
  return (
    <section aria-labelledby="noticed-heading" id="noticed" className={classes.noticed}>
      <Title order={2} id="noticed-heading" ref={headingRef} tabIndex={-1} fz={{ base: 20, sm: 22 }} mb={4}>
        Noticed notes
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        The way in: someone writes about one specific piece of work. Accepting forms a tie.
      </Text>
      <Stack gap="lg">
        <NoticedBox box="received" />
        <NoticedBox box="sent" />
      </Stack>
    </section>
  );
}

function NoticedBox({ box }: { box: 'received' | 'sent' }) {
  const notes = useNoticedNotes(box);
  const items = notes.data?.pages.flatMap((page) => page.items) ?? [];
  const title = box === 'received' ? 'Received' : 'Sent';
  const headingId = `noticed-${box}`;

  return (
    <div role="group" aria-labelledby={headingId}>
      <Title order={3} id={headingId} className={classes.subheading}>
        {title}
      </Title>
      {notes.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label={`Loading ${box} notes`}>
          <Skeleton height={96} />
        </Stack>
      ) : notes.isError ? (
        <FormAlert message={notes.error.message} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" className={classes.quietEmpty}>
          {box === 'received' ? (
            'No notes yet. When someone notices a piece of your work, their note lands here.'
          ) : (
            <>
              You haven’t noticed anyone’s work yet. On a member’s profile, use “Notice this work” on
              something that impressed you.
            </>
          )}
        </Text>
      ) : (
        <Stack component="ul" gap="sm" className={classes.plainList}>
          {items.map((note) =>
            box === 'received' ? (
              <ReceivedNote key={note.id} note={note} />
            ) : (
              <SentNote key={note.id} note={note} />
            ),
          )}
        </Stack>
      )}
      {notes.isFetchNextPageError && <FormAlert message={notes.error?.message} />}
      {notes.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          mt="xs"
          onClick={() => void notes.fetchNextPage()}
          loading={notes.isFetchingNextPage}
        >
          Load more<VisuallyHidden> {box} notes</VisuallyHidden>
        </Button>
      )}
    </div>
  );
}

function NoteBody({ note }: { note: NoticedNote }) {
  return (
    <blockquote className={classes.noteQuote}>
      <Text size="sm" className={classes.noteText}>
        {note.message}
      </Text>
    </blockquote>
  );
}

function ReceivedNote({ note }: { note: NoticedNote }) {
  const accept = useAcceptNoticed();
  const ignore = useIgnoreNoticed();
  const firstName = note.other.name.split(/\s+/)[0] || note.other.name;
  const pending = note.status === 'pending';
  const error = accept.error ?? ignore.error;

  const handleAccept = () =>
    accept.mutate(note.id, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'You have a new tie',
          message: `You and ${note.other.name} are now connected through “${note.workRecord.title}”.`,
        }),
    });
  const handleIgnore = () =>
    ignore.mutate(note.id, {
      onSuccess: () =>
        notifications.show({
          title: 'Note ignored',
          message: `${firstName} won’t be told. No tie was formed.`,
        }),
    });

  return (
    <Paper
      component="li"
      withBorder
      p="md"
      bg="var(--app-surface)"
      data-pending={pending || undefined}
      className={classes.note}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm">
            <MemberLink handle={note.other.handle} fw={650} inherit>
              {note.other.name}
            </MemberLink>{' '}
            noticed your “{note.workRecord.title}”
          </Text>
          <Group gap={4} wrap="nowrap">
            {!pending && (
              <Badge variant="transparent" className={classes.badgeAccepted}>
                Accepted
              </Badge>
            )}
            <ReportAction
              subjectType="noticed"
              subjectId={note.id}
              label={`the note from ${note.other.name}`}
            />
          </Group>
        </Group>
        <NoteBody note={note} />
        <Text size="xs" c="dimmed">
          {formatDateTime(note.createdAt)}
        </Text>
        {pending && (
          <>
            <FormAlert message={error?.message} />
            <Group gap="sm">
              <Button size="sm" onClick={handleAccept} loading={accept.isPending} disabled={ignore.isPending}>
                Accept
              </Button>
              <Button
                size="sm"
                variant="default"
                onClick={handleIgnore}
                loading={ignore.isPending}
                disabled={accept.isPending}
              >
                Ignore
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              Accept to form a tie with {firstName}. Ignoring is silent: {firstName} is not told.
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function SentNote({ note }: { note: NoticedNote }) {
  const accepted = note.status === 'accepted';
  return (
    <Paper component="li" withBorder p="md" bg="var(--app-surface)" className={classes.note}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm">
            To{' '}
            <MemberLink handle={note.other.handle} fw={650} inherit>
              {note.other.name}
            </MemberLink>
            , about “{note.workRecord.title}”
          </Text>
          <Badge
            variant="transparent"
            className={accepted ? classes.badgeAccepted : classes.badgeSent}
            leftSection={
              accepted ? <IconEye size={12} aria-hidden="true" /> : <IconSend size={12} aria-hidden="true" />
            }
          >
            {accepted ? 'Accepted' : 'Sent'}
          </Badge>
        </Group>
        <NoteBody note={note} />
        <Text size="xs" c="dimmed">
          {formatDateTime(note.createdAt)}
          {!accepted && ' · no answer yet (people may simply let a note pass)'}
        </Text>
      </Stack>
    </Paper>
  );
}

import {
  Button,
  Container,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { IconBellOff, IconChecks, IconRefresh } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '../../api/client';
import { useMarkNotificationsRead, useNotifications } from '../../api/notifications';
import { EmptyState } from '../../components/EmptyState';
import { FormAlert } from '../../components/FormAlert';
import { MemberAvatar } from '../../components/MemberAvatar';
import { PageHeader } from '../../components/PageHeader';
import { RequireMember } from '../../components/RequireMember';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { NotificationIcon } from './NotificationIcon';
import classes from './NotificationsPage.module.css';

type Notification = Schemas['Notification'];

/** `/notifications`: what happened, newest first; unread ones marked. */
export function NotificationsPage() {
  return <RequireMember>{() => <NotificationList />}</RequireMember>;
}

function NotificationList() {
  useDocumentTitle('Notifications');
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.unreadCount ?? 0;

  const markAll = () =>
    markRead.mutate(
      { all: true },
      {
        onSuccess: () => toasts.show({ color: 'teal', message: 'All caught up: everything is marked read.' }),
        onError: (error) =>
          toasts.show({ color: 'red', title: 'Could not mark them read', message: error.message }),
      },
    );

  return (
    <Container size="sm">
      <PageHeader
        title="Notifications"
        description={
          list.isSuccess
            ? unread === 0
              ? 'You are all caught up.'
              : `${unread} unread. Open one to mark it read.`
            : 'What happened around your work.'
        }
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={18} aria-hidden="true" />}
            onClick={markAll}
            loading={markRead.isPending && 'all' in (markRead.variables ?? {})}
            disabled={!list.isSuccess || unread === 0}
          >
            Mark all read
          </Button>
        }
      />
      {list.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading notifications">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={76} radius="lg" />
          ))}
        </Stack>
      ) : list.isError ? (
        <Stack gap="md" align="flex-start">
          <FormAlert message={list.error.message} title="We could not load your notifications" />
          <Button
            variant="default"
            leftSection={<IconRefresh size={18} aria-hidden="true" />}
            onClick={() => void list.refetch()}
          >
            Try again
          </Button>
        </Stack>
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconBellOff size={26} />}
          title="Nothing yet"
          action={
            <Button component={Link} to="/board" variant="light">
              Browse the board
            </Button>
          }
        >
          Offers, deliveries, reviews, thanks and noticed notes show up here as they happen.
        </EmptyState>
      ) : (
        <Paper withBorder bg="var(--app-surface)" className={classes.listPaper}>
          <ul className={classes.list}>
            {items.map((item) => (
              <NotificationItem key={item.id} item={item} />
            ))}
          </ul>
        </Paper>
      )}
      {list.isFetchNextPageError && <FormAlert message={list.error?.message} />}
      {list.hasNextPage && (
        <Group justify="center" mt="lg">
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            Load more<VisuallyHidden> notifications</VisuallyHidden>
          </Button>
        </Group>
      )}
    </Container>
  );
}

function NotificationItem({ item }: { item: Notification }) {
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();

  // Mark it read, then follow the link. Navigation doesn't wait for the server.
  const handleClick = (event: React.MouseEvent<HTMLAnchorElement>) => {
    if (!item.read) markRead.mutate({ ids: [item.id] });
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    void navigate(item.path);
  };

  return (
    <li className={classes.item} data-unread={!item.read || undefined}>
      <UnstyledButton component={Link} to={item.path} onClick={handleClick} className={classes.link}>
        <div className={classes.icon}>
          {item.actor ? (
            <MemberAvatar name={item.actor.name} size={40} />
          ) : (
            <span className={classes.typeIcon} aria-hidden="true">
              <NotificationIcon type={item.type} />
            </span>
          )}
        </div>
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Text size="sm" fw={item.read ? 400 : 600} className={classes.text}>
            {!item.read && <VisuallyHidden>Unread: </VisuallyHidden>}
            {item.text}
          </Text>
          <Group gap={6} wrap="nowrap">
            <NotificationIcon type={item.type} size={14} className={classes.smallIcon} />
            <Text size="xs" c="dimmed">
              <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
            </Text>
          </Group>
        </Stack>
        {!item.read && <span className={classes.dot} aria-hidden="true" />}
      </UnstyledButton>
    </li>
  );
}

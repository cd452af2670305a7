import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconCalendarDue,
  IconChecklist,
  IconHandStop,
  IconMessageCircle,
  IconMoodSmile,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useNeedsYou, type NeedsYou as NeedsYouData } from '../../api/home';
import { FormAlert } from '../../components/FormAlert';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import classes from './NeedsYou.module.css';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Totals are counted up to 100 by the server. */
const atLeast = (n: number) => (n >= 100 ? '100+' : String(n));

/** How many things wait for the member, in one sentence (for the page's description). */
export function needsYouSummary(data: NeedsYouData | undefined): string | null {
  if (!data) return null;
  const n =
    data.offersToDecide.overflowCount +
    data.deliveriesToReview.total +
    data.engagementsDue.total +
    data.unreadMessages.total;
  if (n === 0) return null; // the section itself says so, in one line
  return `${n >= 100 ? 'More than 100 things' : plural(n, 'thing')} ${n === 1 ? 'needs' : 'need'} you now.`;
}

interface Row {
  key: string;
  to: string;
  title: string;
  meta: ReactNode;
  action: string;
  flag?: ReactNode;
}

function NeedsGroup({
  icon,
  title,
  total,
  rows,
  more,
}: {
  icon: ReactNode;
  title: string;
  total: number;
  rows: Row[];
  more?: { to: string; label: string } | undefined;
}) {
  if (rows.length === 0) return null;
  const headingId = `needs-you-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <section aria-labelledby={headingId} className={classes.group}>
      <Group gap="sm" wrap="nowrap" mb="xs">
        <ThemeIcon variant="light" size={30} radius="md" aria-hidden="true">
          {icon}
        </ThemeIcon>
        <Title order={3} fz="md" id={headingId}>
          {title}
        </Title>
        <Badge
          variant="light"
          color="stream"
          c="var(--app-accent-text)"
          bg="var(--app-accent-surface)"
          tt="none"
        >
          {atLeast(total)}
        </Badge>
      </Group>
      <ul className={classes.list}>
        {rows.map((row) => (
          <li key={row.key} className={classes.item}>
            <div className={classes.body}>
              <Anchor
                component={Link}
                to={row.to}
                fw={650}
                c="var(--mantine-color-text)"
                className={classes.title}
              >
                {row.title}
              </Anchor>
              <Text size="sm" c="dimmed" className={classes.meta}>
                {row.flag}
                {row.meta}
              </Text>
            </div>
            <Text size="sm" fw={600} c="var(--app-accent-text)" className={classes.action} aria-hidden="true">
              {row.action}
            </Text>
          </li>
        ))}
      </ul>
      {more && (
        <Anchor component={Link} to={more.to} size="sm" fw={600} mt={6} display="inline-block">
          {more.label}
        </Anchor>
      )}
    </section>
  );
}

const moreLink = (shown: number, total: number, to: string) =>
  total > shown ? { to, label: `See all ${atLeast(total)}` } : undefined;

/** The home page's first section: what needs the member now, each item one tap from its page. */
export function NeedsYou() {
  const needs = useNeedsYou();
  return (
    <Card component="section" aria-labelledby="needs-you-heading">
      <Title order={2} fz="lg" id="needs-you-heading" mb="md">
        Needs you
      </Title>
      <NeedsYouBody needs={needs} />
    </Card>
  );
}

function NeedsYouBody({ needs }: { needs: ReturnType<typeof useNeedsYou> }) {
  if (needs.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading what needs you">
        <Skeleton height={56} />
        <Skeleton height={56} />
      </Stack>
    );
  }
  if (needs.isError) return <FormAlert message={needs.error.message} title="We could not load this" />;
  const { offersToDecide, deliveriesToReview, engagementsDue, unreadMessages } = needs.data;
  const empty =
    offersToDecide.items.length +
      deliveriesToReview.items.length +
      engagementsDue.items.length +
      unreadMessages.items.length ===
    0;
  if (empty) {
    return (
      <Group gap="sm" wrap="nowrap" className={classes.empty}>
        <ThemeIcon variant="light" color="teal" size={32} radius="xl" aria-hidden="true">
          <IconMoodSmile size={20} />
        </ThemeIcon>
        <Text>
          All caught up: no offers to decide, deliveries to review, work due or unread messages.{' '}
          <Anchor component={Link} to="/board" fw={600}>
            Find overflow to help with
          </Anchor>
        </Text>
      </Group>
    );
  }

  return (
    <Stack gap="lg">
      <NeedsGroup
        icon={<IconChecklist size={18} />}
        title="Deliveries to review"
        total={deliveriesToReview.total}
        more={moreLink(deliveriesToReview.items.length, deliveriesToReview.total, '/work')}
        rows={deliveriesToReview.items.map((d) => ({
          key: d.engagementId,
          to: `/engagements/${d.engagementId}`,
          title: d.title,
          action: 'Review',
          meta: (
            <>
              Delivered by {d.helper.name} on {formatDateTime(d.deliveredAt)} · completes by itself on{' '}
              {formatDateTime(d.autoCompleteAt)}
            </>
          ),
        }))}
      />
      <NeedsGroup
        icon={<IconHandStop size={18} />}
        title="Offers to decide"
        total={offersToDecide.total}
        more={moreLink(offersToDecide.items.length, offersToDecide.overflowCount, '/work?tab=overflow')}
        rows={offersToDecide.items.map((o) => ({
          key: o.overflowId,
          to: `/overflow/${o.overflowId}`,
          title: o.title,
          action: 'Decide',
          meta: (
            <>
              {plural(o.pendingOffers, 'offer')} waiting · newest {formatDateTime(o.newestOfferAt)}
            </>
          ),
        }))}
      />
      <NeedsGroup
        icon={<IconCalendarDue size={18} />}
        title="Engagements due"
        total={engagementsDue.total}
        more={moreLink(engagementsDue.items.length, engagementsDue.total, '/work')}
        rows={engagementsDue.items.map((e) => ({
          key: e.engagementId,
          to: `/engagements/${e.engagementId}`,
          title: e.title,
          action: 'Deliver',
          flag: e.overdue ? (
            <Badge
              component="span"
              color="red"
              c="var(--mantine-color-error)"
              bg="var(--ld-red-0--rgba250-82-82-14)"
              variant="light"
              tt="none"
              mr={6}
            >
              Overdue
            </Badge>
          ) : undefined,
          meta: (
            <>
              For {e.owner.name} · due {formatCalendarDate(e.dueOn)}
            </>
          ),
        }))}
      />
      <NeedsGroup
        icon={<IconMessageCircle size={18} />}
        title="Unread messages"
        total={unreadMessages.total}
        more={moreLink(unreadMessages.items.length, unreadMessages.total, '/notifications')}
        rows={unreadMessages.items.map((m) => ({
          key: m.engagementId,
          to: `/engagements/${m.engagementId}`,
          title: m.title,
          action: 'Read',
          meta: <>{plural(m.unread, 'unread message')}</>,
        }))}
      />
    </Stack>
  );
}

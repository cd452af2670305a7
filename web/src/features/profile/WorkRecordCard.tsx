import { Anchor, Badge, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconExternalLink, IconLock, IconRosetteDiscountCheck, IconUserEdit } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import type { WorkRecord } from '../../api/client';
import { formatCalendarDate } from '../../lib/format';
import { WorkKindIcon, workKindLabel } from './workKinds';
import classes from './WorkRecordCard.module.css';
import { MemberLink } from '../../components/MemberLink';

interface WorkRecordCardProps {
  record: WorkRecord;
  headingOrder?: 2 | 3 | 4;
  /** Buttons shown on the owner's own settings page. */
  actions?: ReactNode;
}

/** One piece of work: title (linked when it has an address), kind, date, summary, skills, endorsement. */
export function WorkRecordCard({ record, headingOrder = 3, actions }: WorkRecordCardProps) {
  return (
    <Paper
      component="article"
      withBorder
      p="lg"
      bg="var(--app-surface)"
      className={classes.card}
      data-verified={record.verified || undefined}
    >
      <Stack gap="xs">
        <Stack gap={6} miw={0}>
          <Group gap={6}>
            {record.verified ? (
              <Badge
                color="teal.9"
                variant="filled"
                leftSection={<IconRosetteDiscountCheck size={14} aria-hidden="true" />}
              >
                Verified
              </Badge>
            ) : (
              <Badge color="gray" variant="light" leftSection={<IconUserEdit size={14} aria-hidden="true" />}>
                Self-reported
              </Badge>
            )}
            <Badge color="gray" variant="outline" leftSection={<WorkKindIcon kind={record.kind} />}>
              {workKindLabel(record.kind)}
            </Badge>
            <Text size="sm" c="dimmed" component="span">
              <time dateTime={record.date}>{formatCalendarDate(record.date)}</time>
            </Text>
            {record.verified && record.rating !== null && (
              <Text size="sm" c="dimmed" component="span">
                · Rated {record.rating} of 5
              </Text>
            )}
            {record.verified && !record.detailsPublic && !record.detailsHidden && (
              <Badge color="gray" variant="light" leftSection={<IconLock size={14} aria-hidden="true" />}>
                Details private
              </Badge>
            )}
          </Group>
          <Title order={headingOrder} fz="lg" className={classes.title} id={`work-${record.id}-title`}>
            {record.url ? (
              <Anchor href={record.url} target="_blank" rel="noopener noreferrer nofollow" inherit>
                {record.title}
                <IconExternalLink size={16} aria-hidden="true" className={classes.externalIcon} />
                <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
              </Anchor>
            ) : (
              record.title
            )}
          </Title>
        </Stack>
        {record.summary && <Text className={classes.summary}>{record.summary}</Text>}
        {record.verified && record.endorsement && (
          <figure className={classes.endorsement}>
            <blockquote>
              <Text fs="italic">“{record.endorsement}”</Text>
            </blockquote>
            <Text component="figcaption" size="sm" c="dimmed" mt={4}>
              {record.verifiedBy ? (
                <>
                  Verified by{' '}
                  <MemberLink handle={record.verifiedBy.handle} inherit fw={600}>
                    {record.verifiedBy.name}
                  </MemberLink>
                  {record.overflow && (
                    <>
                      {' '}
                      · from{' '}
                      <Anchor component={Link} to={`/overflow/${record.overflow.id}`} inherit>
                        {record.overflow.title}
                      </Anchor>
                    </>
                  )}
                </>
              ) : (
                'Endorsement from the member who was helped'
              )}
            </Text>
          </figure>
        )}
        {(record.skills.length > 0 || actions) && (
          <Group justify="space-between" align="flex-end" gap="sm" mt={4}>
            {record.skills.length > 0 ? (
              <Group gap={6} component="ul" className={classes.skills} aria-label="Skills">
                {record.skills.map((skill) => (
                  <li key={skill}>
                    <Badge variant="outline" color="gray" size="sm" tt="none" className={classes.skill}>
                      {skill}
                    </Badge>
                  </li>
                ))}
              </Group>
            ) : (
              <span />
            )}
            {actions && <div className={classes.actions}>{actions}</div>}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

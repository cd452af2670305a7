import {
  Anchor,
  Badge,
  Card,
  Group,
  Progress,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { SelfMember } from '../../api/client';
import { profileChecklist } from './profileCompleteness';
import classes from './ProfileChecklist.module.css';

interface ProfileChecklistProps {
  member: SelfMember;
  workRecordCount: number | undefined;
  loading: boolean;
}

export function ProfileChecklist({ member, workRecordCount, loading }: ProfileChecklistProps) {
  const items = profileChecklist(member, workRecordCount);
  const done = items.filter((item) => item.done).length;
  const complete = done === items.length;

  return (
    <Card h="100%">
      <Group justify="space-between" align="flex-start" mb="xs" gap="sm">
        <Stack gap={2}>
          <Title order={2} fz="lg">
            Your profile
          </Title>
          <Text size="sm" c="dimmed">
            {complete
              ? 'Complete. Keep adding work as you ship it.'
              : 'A complete profile lets your work speak before you do.'}
          </Text>
        </Stack>
        <Badge
          variant={complete ? 'filled' : 'light'}
          color={complete ? 'teal.9' : 'stream'}
          size="lg"
          tt="none"
        >
          {done} of {items.length} done
        </Badge>
      </Group>
      <Progress
        value={(done / items.length) * 100}
        color={complete ? 'teal' : 'stream'}
        size="sm"
        radius="xl"
        mb="lg"
        aria-label="Profile completeness"
      />
      <Stack component="ul" gap="sm" className={classes.list}>
        {items.map((item) => (
          <li key={item.key} className={classes.item} data-done={item.done || undefined}>
            <ThemeIcon
              size={28}
              radius="xl"
              variant={item.done ? 'filled' : 'light'}
              color={item.done ? 'teal.8' : 'gray'}
              aria-hidden="true"
            >
              {item.done ? <IconCheck size={16} /> : <IconCircleDashed size={16} />}
            </ThemeIcon>
            <Stack gap={2} className={classes.body}>
              <Text fw={600}>
                {item.label}
                <VisuallyHidden>{item.done ? ' (done)' : ' (to do)'}</VisuallyHidden>
              </Text>
              <Text size="sm" c="dimmed">
                {item.hint}
              </Text>
            </Stack>
            {item.key === 'work' && loading ? (
              <Skeleton height={20} width={120} className={classes.action} />
            ) : item.done ? (
              <Text
                size="sm"
                c="var(--ld-teal-9--teal-3)"
                fw={600}
                aria-hidden="true"
                className={classes.action}
              >
                Done
              </Text>
            ) : (
              <Anchor component={Link} to={item.action.to} size="sm" fw={600} className={classes.action}>
                {item.action.label}
              </Anchor>
            )}
          </li>
        ))}
      </Stack>
    </Card>
  );
}

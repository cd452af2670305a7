import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconHeartHandshake } from '@tabler/icons-react';
import { useState } from 'react';

import type { Tie } from '../../api/ties';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatMonth } from '../../lib/format';
import { BalanceBar, formatWeight } from './BalanceBar';
import { ThankModal } from './ThankModal';
import classes from './Ties.module.css';
import { MemberLink } from '../../components/MemberLink';

/** One tie: who, how it formed, what each side gave, and a way to say thanks. */
export function TieCard({ tie }: { tie: Tie }) {
  const [thanking, setThanking] = useState(false);
  const nameId = `tie-${tie.id}-name`;

  return (
    <Paper component="li" withBorder p="md" bg="var(--app-surface)" className={classes.tie}>
      <Group gap="md" wrap="nowrap" align="flex-start">
        <MemberAvatar name={tie.member.name} size={44} />
        <Stack gap={8} miw={0} style={{ flex: 1 }}>
          <Group justify="space-between" gap="xs" align="flex-start">
            <Stack gap={0} miw={0}>
              <MemberLink handle={tie.member.handle} fw={650} id={nameId}>
                {tie.member.name}
              </MemberLink>
              {tie.member.headline && (
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {tie.member.headline}
                </Text>
              )}
            </Stack>
            {tie.transactional && (
              <Badge variant="transparent" className={classes.onlyReceived}>
                Only received
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {tie.label}
            <Text span size="sm" c="dimmed">
              {' '}
              · since {formatMonth(tie.since)}
            </Text>
          </Text>
          <BalanceBar given={tie.given} received={tie.received} />
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed">
              <Text span fw={650} c="var(--app-accent-text)" size="sm" style={{ whiteSpace: 'nowrap' }}>
                Given {formatWeight(tie.given)}
              </Text>{' '}
              ·{' '}
              <Text span fw={650} c="var(--mantine-color-text)" size="sm" style={{ whiteSpace: 'nowrap' }}>
                Received {formatWeight(tie.received)}
              </Text>
            </Text>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconHeartHandshake size={16} aria-hidden="true" />}
              onClick={() => setThanking(true)}
              aria-describedby={nameId}
              style={{ flexShrink: 0 }}
            >
              Thank
            </Button>
          </Group>
        </Stack>
      </Group>
      <ThankModal opened={thanking} onClose={() => setThanking(false)} member={tie.member} />
    </Paper>
  );
}

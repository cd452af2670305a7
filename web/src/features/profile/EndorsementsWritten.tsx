import { Group, Paper, Stack, Text, Title } from '@mantine/core';

import type { Profile } from '../../api/client';
import { formatCalendarDate } from '../../lib/format';
import { MemberLink } from '../../components/MemberLink';

interface EndorsementsWrittenProps {
  endorsements: Profile['endorsementsWritten'];
  memberName: string;
}

/** The newest endorsements a member wrote as an owner: feedback and reputation they gave. */
export function EndorsementsWritten({ endorsements, memberName }: EndorsementsWrittenProps) {
  if (endorsements.length === 0) return null;
  const firstName = memberName.split(/\s+/)[0] || memberName;
  return (
    <section aria-labelledby="endorsements-written">
      <Title order={2} id="endorsements-written" fz={{ base: 20, sm: 22 }} mb={4}>
        Endorsements written
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        What {firstName} said about work they gave out and reviewed, newest first.
      </Text>
      <Stack gap="sm">
        {endorsements.map((e) => (
          <Paper key={e.engagementId} component="article" withBorder p="md" bg="var(--app-surface)">
            <Stack gap={6}>
              <Text fs="italic">“{e.endorsement}”</Text>
              <Group gap={6} wrap="wrap">
                <Text size="sm" c="dimmed" component="span">
                  For{' '}
                  <MemberLink handle={e.helper.handle} inherit fw={600}>
                    {e.helper.name}
                  </MemberLink>{' '}
                  on {e.workRecord.detailsHidden ? 'a private engagement' : `“${e.workRecord.title}”`}
                  {e.rating !== null && ` · rated ${e.rating} of 5`} ·{' '}
                  <time dateTime={e.completedAt}>{formatCalendarDate(e.completedAt.slice(0, 10))}</time>
                </Text>
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
    </section>
  );
}

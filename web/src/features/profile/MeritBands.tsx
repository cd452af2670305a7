import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAward, IconCircleCheck, IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Profile } from '../../api/client';
import { formatMonth } from '../../lib/format';
import classes from './MeritBands.module.css';

type Merit = Profile['merit'];
type Band = Merit['bands'][number];

/**
 * Merit as bands ("Top 5 % in typescript"), each with the completed engagements that earned it. Never a
 * number: merit is a place among peers, weighed by who vouched for the work. Nothing when there is no band.
 */
export function MeritBands({ merit, memberName }: { merit: Merit; memberName: string }) {
  if (merit.bands.length === 0) return null;
  return (
    <section aria-labelledby="merit-heading">
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} className={classes.panel}>
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <IconAward size={26} aria-hidden="true" className={classes.icon} />
            <div>
              <Title order={2} id="merit-heading" fz={{ base: 20, sm: 22 }}>
                Merit
              </Title>
              <Text size="sm" c="dimmed">
                Where {memberName}&apos;s completed engagements place them, weighed by who vouched for the
                work.
              </Text>
            </div>
          </Group>
          <ul className={classes.bands}>
            {merit.bands.map((band) => (
              <MeritBandItem key={band.skill ?? ''} band={band} />
            ))}
          </ul>
        </Stack>
      </Paper>
    </section>
  );
}

function MeritBandItem({ band }: { band: Band }) {
  const where = band.skill === null ? 'overall' : `in ${band.skill}`;
  return (
    <li className={classes.band} aria-label={`Top ${band.topPercent} % ${where}`}>
      <div className={classes.bandRow}>
        <span className={classes.pill} aria-hidden="true">
          Top {band.topPercent} %
        </span>
        <Stack gap={2} className={classes.bandBody}>
          <Text fw={600}>{band.skill === null ? 'Overall' : <>In {band.skill}</>}</Text>
          {band.engagements.length > 0 && (
            <>
              <Text size="sm" c="dimmed">
                Earned through
              </Text>
              <ul className={classes.earned}>
                {band.engagements.map((e) => (
                  <li key={e.engagementId} className={classes.earnedItem}>
                    {e.private ? (
                      <span className={classes.earnedTitle}>
                        <IconLock size={14} aria-hidden="true" className={classes.icon} />
                        <Text size="sm" fs="italic">
                          A private engagement
                        </Text>
                      </span>
                    ) : (
                      <span className={classes.earnedTitle}>
                        <IconCircleCheck size={14} aria-hidden="true" className={classes.icon} />
                        <Anchor component={Link} to={`/overflow/${e.overflowId}`} size="sm">
                          {e.title}
                        </Anchor>
                      </span>
                    )}
                    {e.completedAt && (
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {formatMonth(e.completedAt)}
                      </Text>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Stack>
      </div>
    </li>
  );
}

import { Group, Stack, Text, Title } from '@mantine/core';

import type { Ledger } from '../../api/ties';
import { formatDateTime } from '../../lib/format';
import { formatWeight } from './BalanceBar';
import classes from './Ties.module.css';
import { MemberLink } from '../../components/MemberLink';

type Entry = Ledger['recent'][number];

/** The last few ledger entries, as sentences. */
export function RecentActivity({ recent }: { recent: Ledger['recent'] }) {
  if (recent.length === 0) return null;
  return (
    <section aria-labelledby="recent-heading">
      <Title order={2} id="recent-heading" fz={{ base: 20, sm: 22 }} mb="md">
        Recent give and take
      </Title>
      <Stack component="ul" gap={10} className={classes.plainList}>
        {recent.slice(0, 8).map((entry) => (
          <li key={entry.id}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <span className={classes.entryDot} data-direction={entry.direction} aria-hidden="true" />
              <Stack gap={0} miw={0} style={{ flex: 1 }}>
                <Text size="sm">
                  <EntrySentence entry={entry} />{' '}
                  <Text span size="sm" c="dimmed">
                    ({entry.direction === 'gave' ? 'given' : 'received'} {formatWeight(entry.weight)}{' '}
                    {entry.kind === 'help' ? 'h' : entry.weight === 1 ? 'unit' : 'units'})
                  </Text>
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(entry.createdAt)}
                </Text>
              </Stack>
            </Group>
          </li>
        ))}
      </Stack>
    </section>
  );
}

function EntrySentence({ entry }: { entry: Entry }) {
  const other = (
    <MemberLink handle={entry.other.handle} inherit fw={600}>
      {entry.other.name}
    </MemberLink>
  );
  const gave = entry.direction === 'gave';
  switch (entry.kind) {
    case 'help':
      return gave ? <>You helped {other}</> : <>{other} helped you</>;
    case 'thanks':
      return gave ? <>You thanked {other}</> : <>{other} thanked you</>;
    case 'ask':
      return gave ? <>{other} asked you for help</> : <>You asked {other} for help</>;
    case 'opportunity':
      return gave ? <>You gave {other} work to do</> : <>{other} gave you work to do</>;
    case 'review':
      return gave ? (
        <>You reviewed {other}’s delivery in time</>
      ) : (
        <>{other} reviewed your delivery in time</>
      );
    case 'endorsement':
      return gave ? <>You endorsed {other}</> : <>{other} endorsed you</>;
    default:
      return gave ? <>You gave to {other}</> : <>You received from {other}</>;
  }
}

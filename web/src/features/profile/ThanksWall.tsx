import { Button, Group, SimpleGrid, Skeleton, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconHeartHandshake, IconQuote } from '@tabler/icons-react';
import { useState } from 'react';

import { useThanksWall, useTieWith } from '../../api/ties';
import { FormAlert } from '../../components/FormAlert';
import { MemberAvatar } from '../../components/MemberAvatar';
import { formatMonth } from '../../lib/format';
import { ThankModal } from '../ties/ThankModal';
import { useCurrentMember } from '../../api/session';
import { ReportAction } from '../moderation/ReportAction';
import classes from './ThanksWall.module.css';
import { MemberLink } from '../../components/MemberLink';

interface ThanksWallProps {
  member: { handle: string; name: string };
  isOwn: boolean;
  signedIn: boolean;
}

/** "Thanks": the gratitude wall — public notes from people this member helped. */
export function ThanksWall({ member, isOwn, signedIn }: ThanksWallProps) {
  const viewer = useCurrentMember();
  const wall = useThanksWall(member.handle);
  const items = wall.data?.pages.flatMap((page) => page.items) ?? [];
  const firstName = member.name.split(/\s+/)[0] || member.name;

  return (
    <section aria-labelledby="thanks-heading">
      <Group justify="space-between" align="center" gap="sm" mb={4}>
        <Title order={2} id="thanks-heading" fz={{ base: 20, sm: 22 }}>
          Thanks
        </Title>
        {signedIn && !isOwn && <SayThanks member={member} />}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        Public notes of gratitude from people {isOwn ? 'you' : firstName} worked with.
      </Text>
      {wall.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" aria-busy="true" aria-label="Loading thanks">
          <Skeleton height={130} radius="lg" />
          <Skeleton height={130} radius="lg" />
        </SimpleGrid>
      ) : wall.isError ? (
        <FormAlert message={wall.error.message} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" className={classes.empty}>
          {isOwn
            ? 'No thanks yet. When someone you help thanks you, their note appears here for everyone to see.'
            : `No thanks for ${firstName} yet.`}
        </Text>
      ) : (
        <SimpleGrid component="ul" cols={{ base: 1, sm: 2 }} spacing="md" className={classes.list}>
          {items.map((thanks) => (
            <li key={thanks.id} className={classes.card}>
              <figure className={classes.figure}>
                <IconQuote size={28} aria-hidden="true" className={classes.quoteMark} />
                <blockquote className={classes.quote}>
                  <Text className={classes.message}>{thanks.message}</Text>
                </blockquote>
                <figcaption className={classes.caption}>
                  <MemberAvatar name={thanks.from.name} size={28} />
                  <Text size="sm" miw={0}>
                    <MemberLink handle={thanks.from.handle} fw={650} inherit>
                      {thanks.from.name}
                    </MemberLink>
                    <Text span c="dimmed" size="sm">
                      {' '}
                      · {formatMonth(thanks.createdAt)}
                    </Text>
                  </Text>
                  {signedIn && viewer?.handle !== thanks.from.handle && (
                    <div style={{ marginLeft: 'auto' }}>
                      <ReportAction
                        subjectType="thanks"
                        subjectId={thanks.id}
                        label={`the thanks note from ${thanks.from.name}`}
                      />
                    </div>
                  )}
                </figcaption>
              </figure>
            </li>
          ))}
        </SimpleGrid>
      )}
      {wall.isFetchNextPageError && <FormAlert message={wall.error?.message} />}
      {wall.hasNextPage && (
        <Group justify="center" mt="lg">
          <Button
            variant="default"
            onClick={() => void wall.fetchNextPage()}
            loading={wall.isFetchingNextPage}
          >
            Load more<VisuallyHidden> thanks</VisuallyHidden>
          </Button>
        </Group>
      )}
    </section>
  );
}

/** Only ties may thank each other; the button appears when the viewer has a tie with this member. */
function SayThanks({ member }: { member: { handle: string; name: string } }) {
  const tie = useTieWith(member.handle);
  const [opened, setOpened] = useState(false);
  const isTie = Boolean(tie.data);
  if (!isTie) return null;
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconHeartHandshake size={16} aria-hidden="true" />}
        onClick={() => setOpened(true)}
      >
        Say thanks
      </Button>
      <ThankModal opened={opened} onClose={() => setOpened(false)} member={member} />
    </>
  );
}

import { Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconCrown,
  IconGauge,
  IconMailForward,
  IconRosetteDiscountCheck,
  IconUsers,
} from '@tabler/icons-react';

import { isApiError } from '../../api/client';
import { useInviteToOffer, useSuggestedHelpers, type SuggestedHelper } from '../../api/matching';
import type { OverflowDetail } from '../../api/overflow';
import { FormAlert } from '../../components/FormAlert';
import { MemberAvatar } from '../../components/MemberAvatar';
import classes from './SuggestedHelpers.module.css';
import { MemberLink } from '../../components/MemberLink';

/**
 * On the owner's open overflow: members with verified work in its skills and room for it, ranked by merit,
 * each with "Invite to offer" (a notification; they still decide).
 */
export function SuggestedHelpers({ overflow }: { overflow: OverflowDetail }) {
  const suggestions = useSuggestedHelpers(overflow.id, true);
  const items = suggestions.data?.items ?? [];
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'xl' }}
      bg="var(--app-surface)"
      component="section"
      aria-labelledby="suggested-heading"
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} fz="xl" id="suggested-heading">
            Suggested helpers
          </Title>
          <Text size="sm" c="dimmed">
            Members with verified work in these skills and room to take it on, strongest merit first. An
            invitation is a nudge, not an ask: they decide whether to offer.
          </Text>
        </Stack>
        {suggestions.isPending ? (
          <Stack gap="sm" aria-label="Loading suggested helpers">
            <Skeleton height={72} />
            <Skeleton height={72} />
          </Stack>
        ) : suggestions.isError ? (
          <FormAlert message={suggestions.error.message} title="We could not load suggestions" />
        ) : items.length === 0 ? (
          <Group gap="sm" wrap="nowrap" className={classes.empty}>
            <IconUsers size={20} aria-hidden="true" />
            <Text size="sm">
              Nobody to suggest yet: no one else with free capacity has verified work in these skills. Helpers
              still find it on the board.
            </Text>
          </Group>
        ) : (
          <ul className={classes.list} aria-label="Members to invite">
            {items.map((helper) => (
              <HelperRow key={helper.member.id} overflow={overflow} helper={helper} />
            ))}
          </ul>
        )}
      </Stack>
    </Paper>
  );
}

function HelperRow({ overflow, helper }: { overflow: OverflowDetail; helper: SuggestedHelper }) {
  const invite = useInviteToOffer(overflow.id);
  const { member } = helper;
  const invited = helper.invited || invite.isSuccess;
  const handleInvite = () =>
    invite.mutate(member.handle, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'Invitation sent',
          message: `${member.name} will get a notification. They decide whether to offer.`,
        }),
      onError: (error) => {
        if (isApiError(error, 409) && error.code === 'ALREADY_INVITED') return;
        notifications.show({ color: 'red', title: 'The invitation was not sent', message: error.message });
      },
    });
  const band = helper.meritBand;
  return (
    <li className={classes.item}>
      <Group gap="sm" wrap="nowrap" align="flex-start" className={classes.who}>
        <MemberAvatar name={member.name} size={44} />
        <Stack gap={6} miw={0}>
          <div>
            <MemberLink
              handle={member.handle}
              fw={700}
              c="var(--mantine-color-text)"
              className={classes.name}
            >
              {member.name}
            </MemberLink>
            <Text size="sm" c="dimmed" className={classes.name}>
              @{member.handle}
              {member.headline && ` · ${member.headline}`}
            </Text>
          </div>
          <ul className={classes.facts} aria-label={`About ${member.name}`}>
            {band && (
              <li className={classes.fact} data-kind="merit">
                <IconCrown size={15} aria-hidden="true" />
                <span>
                  {capitalise(band.label)} {band.skill ? `in ${band.skill}` : 'overall'}
                </span>
              </li>
            )}
            <li className={classes.fact} data-kind="verified">
              <IconRosetteDiscountCheck size={15} aria-hidden="true" />
              <span>
                {helper.verifiedWorkCount} verified {helper.verifiedWorkCount === 1 ? 'record' : 'records'}
                {helper.verifiedSkills.length > 0 && ` (${helper.verifiedSkills.join(', ')})`}
              </span>
            </li>
            <li className={classes.fact} data-kind="capacity">
              <IconGauge size={15} aria-hidden="true" />
              <span>
                {helper.freeCapacity} of {helper.capacity} {helper.capacity === 1 ? 'slot' : 'slots'} free
              </span>
            </li>
          </ul>
        </Stack>
      </Group>
      <Button
        variant={invited ? 'light' : 'filled'}
        color={invited ? 'teal' : undefined}
        c={invited ? 'var(--ld-teal-9--teal-3)' : undefined}
        leftSection={
          invited ? (
            <IconCheck size={16} aria-hidden="true" />
          ) : (
            <IconMailForward size={16} aria-hidden="true" />
          )
        }
        onClick={handleInvite}
        loading={invite.isPending}
        disabled={invited}
        aria-label={invited ? `${member.name} is invited` : `Invite ${member.name} to offer`}
        className={classes.action}
      >
        {invited ? 'Invited' : 'Invite to offer'}
      </Button>
    </li>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

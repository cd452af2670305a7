import { Anchor, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconHeartHandshake, IconPlant2 } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useUpdateProfile } from '../../api/members';
import { networkKeys, useKeepInTouch, type KeepInTouchNudge } from '../../api/network';
import { useSession } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { MemberAvatar } from '../../components/MemberAvatar';
import { splitApiError } from '../../lib/apiErrors';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { LIMITS } from '../../lib/validation';
import { NoticeWorkButton } from '../profile/NoticeWork';
import { ThankModal } from './ThankModal';
import classes from './Ties.module.css';
import { MemberLink } from '../../components/MemberLink';

/** "4 months", "3 weeks", "20 days": how long a tie has been quiet. */
export function quietFor(days: number): string {
  if (days >= 365) {
    const years = Math.floor(days / 365);
    return years === 1 ? 'over a year' : `over ${years} years`;
  }
  if (days >= 60) return `${Math.round(days / 30.4)} months`;
  if (days >= 14) return `${Math.floor(days / 7)} weeks`;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

const firstNameOf = (name: string) => name.split(/\s+/)[0] || name;

/** One quiet tie as a gentle card, with the concrete way to give the server suggested. */
function NudgeCard({ nudge }: { nudge: KeepInTouchNudge }) {
  const [thanking, setThanking] = useState(false);
  const { tie, suggestion } = nudge;
  const first = firstNameOf(tie.member.name);
  const nameId = `nudge-${tie.id}-name`;
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      bg="var(--app-surface)"
      className={classes.nudge}
      data-testid="keep-in-touch-card"
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <MemberAvatar name={tie.member.name} size={40} />
        <Stack gap={8} miw={0} style={{ flex: 1 }}>
          <Text size="sm">
            It has been {quietFor(nudge.quietDays)} since you and{' '}
            <MemberLink handle={tie.member.handle} fw={650} inherit id={nameId}>
              {tie.member.name}
            </MemberLink>{' '}
            were last in touch here.{' '}
            {suggestion.kind === 'overflow' ? (
              <>
                {first} has open overflow: <strong>“{suggestion.overflow.title}”</strong> (
                {suggestion.overflow.effortHours}&nbsp;h).
              </>
            ) : suggestion.kind === 'noticed' ? (
              <>
                {first}’s newest work is <strong>“{suggestion.workRecord.title}”</strong>: tell them what you
                noticed about it.
              </>
            ) : (
              <>
                Nothing of {first}’s is open right now: a few words about what they did for you still count.
              </>
            )}
          </Text>
          <Group gap="xs">
            {suggestion.kind === 'overflow' ? (
              <Button
                component={Link}
                to={`/overflow/${suggestion.overflow.id}`}
                size="xs"
                variant="light"
                rightSection={<IconArrowRight size={16} aria-hidden="true" />}
                aria-describedby={nameId}
              >
                Offer to help
              </Button>
            ) : suggestion.kind === 'noticed' ? (
              <NoticeWorkButton record={suggestion.workRecord} memberName={tie.member.name} />
            ) : (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconHeartHandshake size={16} aria-hidden="true" />}
                onClick={() => setThanking(true)}
                aria-describedby={nameId}
              >
                Thank {first}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
      {suggestion.kind === 'thanks' && (
        <ThankModal opened={thanking} onClose={() => setThanking(false)} member={tie.member} />
      )}
    </Paper>
  );
}

/**
 * Ties that have gone quiet, as gentle cards, each with a concrete way to give (never "just checking in").
 * Renders nothing while loading or when nobody is quiet, unless `showEmpty` (then it says so).
 */
export function KeepInTouchList({ showEmpty = false }: { showEmpty?: boolean }) {
  const keepInTouch = useKeepInTouch();
  if (keepInTouch.isPending) return null;
  if (keepInTouch.isError) {
    return <FormAlert message={keepInTouch.error.message} title="We could not load keep in touch" />;
  }
  const { items, quietAfterDays } = keepInTouch.data;
  if (items.length === 0) {
    return showEmpty ? (
      <Text size="sm" c="dimmed">
        Nobody has gone quiet: every tie has had some activity in the last {quietAfterDays} days.
      </Text>
    ) : null;
  }
  return (
    <Stack component="ul" gap="sm" className={classes.plainList} aria-label="Ties that have gone quiet">
      {items.map((nudge) => (
        <NudgeCard key={nudge.tie.id} nudge={nudge} />
      ))}
    </Stack>
  );
}

/** How long a tie stays quiet before it shows here (14–365 days; PATCH /me `quietAfterDays`). */
function QuietAfterDaysSetting({ current }: { current: number }) {
  const update = useUpdateProfile();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState<{
    days: number | string;
  }>({ days: current });
  const min = LIMITS.quietAfterDaysMin;
  const max = LIMITS.quietAfterDaysMax;

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const days = Number(values.days);
    if (values.days === '' || !Number.isInteger(days) || days < min || days > max) {
      setErrors({ quietAfterDays: `Choose a whole number of days from ${min} to ${max}.` });
      return focusFirstInvalid(formRef.current);
    }
    update.mutate(
      { quietAfterDays: days },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: networkKeys.keepInTouch });
          notifications.show({ color: 'teal', message: `Ties show here after ${days} quiet days.` });
        },
        onError: (error) => {
          const split = splitApiError(error, ['quietAfterDays']);
          setErrors(split.fields);
          setFormError(split.form);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <FormAlert message={formError} />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NumberInput
          label="Show a tie here after this many quiet days"
          description={`From ${min} to ${max} days`}
          min={min}
          max={max}
          step={1}
          allowDecimal={false}
          clampBehavior="none"
          w={{ base: '100%', xs: 300 }}
          value={values.days}
          onChange={(v) => setValue('days', v)}
          error={errors.quietAfterDays}
        />
        <Button type="submit" variant="default" loading={update.isPending}>
          Save
        </Button>
      </Group>
    </form>
  );
}

/** The ties page's "Keep in touch" section: the nudges, and the setting for when a tie counts as quiet. */
export function KeepInTouchSection() {
  const session = useSession();
  const current = session.data?.member?.quietAfterDays ?? 90;
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="keep-in-touch-heading">
      <Title order={2} id="keep-in-touch-heading" fz={{ base: 20, sm: 22 }} mb={4}>
        <Group gap={8} component="span" wrap="nowrap">
          <IconPlant2 size={22} aria-hidden="true" color="var(--app-accent)" />
          Keep in touch
        </Group>
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Ties with nothing between you for {current} days, each with a real way to give.{' '}
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => setEditing((e) => !e)}
          aria-expanded={editing}
        >
          {editing ? 'Done' : 'Change'}
        </Anchor>
      </Text>
      {editing && (
        <Paper withBorder p="md" mb="md" bg="var(--app-subtle)">
          <QuietAfterDaysSetting current={current} />
        </Paper>
      )}
      <KeepInTouchList showEmpty />
    </section>
  );
}

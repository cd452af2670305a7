import { Alert, Anchor, Button, Group, MultiSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconGauge, IconSend } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useRef } from 'react';
import type { SelfMember } from '../../api/client';
import { useWorkRecordPages } from '../../api/members';
import { useCreateOffer, useMyCapacity, type Capacity } from '../../api/offers';
import type { OverflowDetail } from '../../api/overflow';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { todayIsoDate } from '../../lib/format';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkIsoDate, checkMaxLength, collectErrors, hasErrors, LIMITS } from '../../lib/validation';
import { withCount } from '../../lib/counter';

const PITCH_MIN = LIMITS.pitchMin;
const PITCH_MAX = LIMITS.pitchMax;
const EVIDENCE_MAX = LIMITS.evidenceMax;
const FIELDS = ['pitch', 'evidence', 'proposedOn'];

interface OfferValues {
  pitch: string;
  evidence: string[];
  proposedOn: string;
}

/** A helper's offer: a short pitch, up to five pieces of their own work, and when they can deliver. */
export function OfferForm({ overflow, member }: { overflow: OverflowDetail; member: SelfMember }) {
  const create = useCreateOffer();
  const capacity = useMyCapacity();
  // Say it before they write: at capacity or at the pending-offer budget, the offer would be refused.
  const blocked = capacity.data && !capacity.data.canOffer ? capacity.data : null;
  const formRef = useRef<HTMLFormElement>(null);
  const today = todayIsoDate();
  const verified = useWorkRecordPages(member.handle, true);
  const selfReported = useWorkRecordPages(member.handle, false);
  const records = [
    ...(verified.data?.pages.flatMap((p) => p.items) ?? []),
    ...(selfReported.data?.pages.flatMap((p) => p.items) ?? []),
  ];
  const evidenceOptions = records.map((r) => ({
    value: r.id,
    label: `${r.title}${r.verified ? ' (verified)' : ''}`,
  }));
  const loadingRecords = verified.isPending || selfReported.isPending;

  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState<OfferValues>(() => ({
    pitch: '',
    evidence: [],
    proposedOn: overflow.dueOn && overflow.dueOn >= today ? overflow.dueOn : '',
  }));

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const pitch = values.pitch.trim();
    const problems = collectErrors({
      pitch:
        pitch.length < PITCH_MIN
          ? `Say a little more: at least ${PITCH_MIN} characters on why you are a good fit.`
          : checkMaxLength(pitch, PITCH_MAX),
      evidence: values.evidence.length > EVIDENCE_MAX ? `At most ${EVIDENCE_MAX} pieces of work.` : undefined,
      proposedOn: values.proposedOn
        ? (checkIsoDate(values.proposedOn) ??
          (values.proposedOn < today ? 'Choose today or a later date.' : undefined))
        : 'When can you deliver?',
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    create.mutate(
      { overflowId: overflow.id, body: { pitch, evidence: values.evidence, proposedOn: values.proposedOn } },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: 'Offer sent',
            message: `${overflow.owner.name} will see it with your work. You will be notified of the answer.`,
          }),
        onError: (error) => {
          const split = splitApiError(error, FIELDS);
          setErrors(split.fields);
          setFormError(split.form);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        {blocked && <CapacityNotice capacity={blocked} />}
        <FormAlert message={formError} title="Your offer was not sent" />
        <Textarea
          label="Pitch"
          required
          description={withCount(
            'Why you, and how you would approach it. Keep it short and concrete.',
            values.pitch,
            PITCH_MAX,
          )}
          autosize
          minRows={4}
          maxRows={12}
          maxLength={PITCH_MAX}
          disabled={!!blocked}
          value={values.pitch}
          onChange={(e) => setValue('pitch', e.currentTarget.value)}
          error={errors.pitch}
        />
        <MultiSelect
          label="Evidence"
          description={
            records.length === 0 && !loadingRecords
              ? 'Optional. Add work records in Settings → Work records to show them here.'
              : `Optional. Up to ${EVIDENCE_MAX} pieces of your own work that show you can do this.`
          }
          placeholder={values.evidence.length >= EVIDENCE_MAX ? undefined : 'Choose work records'}
          data={evidenceOptions}
          value={values.evidence}
          onChange={(ids) => setValue('evidence', ids.slice(0, EVIDENCE_MAX))}
          maxValues={EVIDENCE_MAX}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': 'Clear all' }}
          nothingFoundMessage="No work record matches"
          disabled={!!blocked || (records.length === 0 && !loadingRecords)}
          error={errors.evidence}
          size="md"
          comboboxProps={{ shadow: 'md' }}
        />
        <TextInput
          label="Delivery date"
          type="date"
          required
          description={
            overflow.dueOn
              ? 'When you can deliver. The owner would like it by the due date.'
              : 'When you can deliver.'
          }
          min={today}
          max="9999-12-31"
          disabled={!!blocked}
          value={values.proposedOn}
          onChange={(e) => setValue('proposedOn', e.currentTarget.value)}
          error={errors.proposedOn}
          maw={260}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!!blocked}
            leftSection={<IconSend size={18} aria-hidden="true" />}
          >
            Send offer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Why an offer would be refused now (capacity or the pending-offer budget), and where the member stands. */
function CapacityNotice({ capacity }: { capacity: Capacity }) {
  const full = capacity.slotsTaken >= capacity.capacity;
  return (
    <Alert
      variant="light"
      color="yellow"
      c="var(--mantine-color-text)"
      title={full ? 'You are at your capacity' : 'You have the most pending offers you can have'}
      icon={<IconGauge size={20} aria-hidden="true" />}
      data-testid="capacity-notice"
    >
      <Stack gap={6}>
        <Text size="sm">{capacity.blockedReason}</Text>
        <Text size="sm" fw={600}>
          {capacity.slotsTaken} of {capacity.capacity} engagement{capacity.capacity === 1 ? '' : 's'} taken ·{' '}
          {capacity.pendingOffers} of {capacity.maxPendingOffers} pending offers
        </Text>
        <Text size="sm">
          {full ? (
            <Anchor component={Link} to="/settings/profile" inherit c="var(--app-accent-text)" fw={650}>
              Change your capacity in your profile settings
            </Anchor>
          ) : (
            <Anchor component={Link} to="/work" inherit c="var(--app-accent-text)" fw={650}>
              See your pending offers in My work
            </Anchor>
          )}
        </Text>
      </Stack>
    </Alert>
  );
}

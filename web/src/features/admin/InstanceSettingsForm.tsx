import {
  Button,
  Card,
  Group,
  NumberInput,
  Radio,
  Stack,
  Switch,
  TagsInput,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef } from 'react';
import type { Instance } from '../../api/client';
import { useUpdateInstance } from '../../api/instance';
import { FormAlert } from '../../components/FormAlert';
import { splitApiError } from '../../lib/apiErrors';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import { checkDomain, collectErrors, hasErrors, LIMITS } from '../../lib/validation';

type SignupMode = Instance['signupMode'];

/** The anti-ghosting review window the server accepts. */
const REVIEW_DAYS_MIN = LIMITS.reviewDaysMin;
const REVIEW_DAYS_MAX = LIMITS.reviewDaysMax;

const SIGNUP_MODES: { value: SignupMode; label: string; description: string }[] = [
  { value: 'open', label: 'Open', description: 'Anyone can create an account.' },
  { value: 'invite', label: 'Invite only', description: 'People need an invite code from an administrator.' },
  { value: 'domains', label: 'Email domains', description: 'Only email addresses at the domains you list.' },
];

export function InstanceSettingsForm({ instance }: { instance: Instance }) {
  const update = useUpdateInstance();
  const formRef = useRef<HTMLFormElement>(null);
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState({
    name: instance.name,
    signupMode: instance.signupMode,
    allowedDomains: instance.allowedDomains,
    autoCompleteDays: instance.autoCompleteDays as number | string,
    insightsPublic: instance.insightsPublic,
  });

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const invalidDomain = values.allowedDomains.find((domain) => !checkDomain(domain));
    const reviewDays = Number(values.autoCompleteDays);
    const problems = collectErrors({
      name: !values.name.trim()
        ? 'Give the instance a name.'
        : values.name.trim().length > LIMITS.instanceNameMax
          ? `Use at most ${LIMITS.instanceNameMax} characters.`
          : undefined,
      allowedDomains:
        values.signupMode !== 'domains'
          ? undefined
          : values.allowedDomains.length === 0
            ? 'List at least one domain, or nobody new can join.'
            : invalidDomain
              ? `“${invalidDomain}” is not a domain. Use a domain like example.org.`
              : undefined,
      autoCompleteDays:
        values.autoCompleteDays === '' ||
        !Number.isInteger(reviewDays) ||
        reviewDays < REVIEW_DAYS_MIN ||
        reviewDays > REVIEW_DAYS_MAX
          ? `Use a whole number of days from ${REVIEW_DAYS_MIN} to ${REVIEW_DAYS_MAX}.`
          : undefined,
    });
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    update.mutate(
      {
        name: values.name.trim(),
        signupMode: values.signupMode,
        allowedDomains: values.allowedDomains,
        autoCompleteDays: reviewDays,
        insightsPublic: values.insightsPublic,
      },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: 'Settings saved',
            message: 'The instance settings are updated.',
          }),
        onError: (error) => {
          const split = splitApiError(error, ['name', 'signupMode', 'allowedDomains', 'autoCompleteDays']);
          setErrors(split.fields);
          setFormError(split.form);
        },
      },
    );
  };

  return (
    <Card>
      <Title order={2} fz="lg" mb="md">
        Instance settings
      </Title>
      <form ref={formRef} onSubmit={handleSubmit} noValidate>
        <Stack gap="lg">
          <FormAlert message={formError} />
          <TextInput
            label="Instance name"
            description="Shown in the header, in page titles and in emails."
            required
            maxLength={LIMITS.instanceNameMax}
            value={values.name}
            onChange={(e) => setValue('name', e.currentTarget.value)}
            error={errors.name}
            maw={420}
          />
          <Radio.Group
            label="Sign-up"
            description="Who may create an account. The first account is always allowed."
            value={values.signupMode}
            onChange={(mode) => setValue('signupMode', mode as SignupMode)}
            error={errors.signupMode}
          >
            <Stack gap="sm" mt="xs">
              {SIGNUP_MODES.map((mode) => (
                <Radio
                  key={mode.value}
                  value={mode.value}
                  label={mode.label}
                  description={mode.description}
                />
              ))}
            </Stack>
          </Radio.Group>
          {values.signupMode === 'domains' && (
            <TagsInput
              label="Allowed domains"
              description="People with an email address at one of these can join. Press Enter or comma after each."
              placeholder="example.org"
              value={values.allowedDomains}
              onChange={(domains) =>
                setValue('allowedDomains', [
                  ...new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, ''))),
                ])
              }
              error={errors.allowedDomains}
              clearable
              clearButtonProps={{ 'aria-label': 'Clear all' }}
            />
          )}
          <NumberInput
            label="Review window (days)"
            description="After a delivery, the owner has this many days to complete the engagement or ask for a revision. Then it completes automatically, so a helper is never left without credit."
            required
            min={REVIEW_DAYS_MIN}
            max={REVIEW_DAYS_MAX}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={values.autoCompleteDays}
            onChange={(days) => setValue('autoCompleteDays', days)}
            error={errors.autoCompleteDays}
            styles={{ wrapper: { maxWidth: 180 } }}
          />
          <Switch
            label="Make community insights public"
            description="Anyone, signed out included, can then see the community insights page (members grouped by delivered work against the network they gained; no names). Otherwise only administrators see it."
            checked={values.insightsPublic}
            onChange={(e) => setValue('insightsPublic', e.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" loading={update.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

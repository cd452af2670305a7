import {
  Anchor,
  Box,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { SelfMember } from '../../api/client';
import { useUpdateProfile } from '../../api/members';
import { useSession } from '../../api/session';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { SkillsInput } from '../../components/SkillsInput';
import { splitApiError } from '../../lib/apiErrors';
import { timeZoneOptions } from '../../lib/timeZones';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { focusFirstInvalid, useFormState } from '../../lib/useFormState';
import {
  checkHttpUrl,
  checkMaxLength,
  checkName,
  collectErrors,
  hasErrors,
  LIMITS,
  type FieldErrors,
} from '../../lib/validation';
import { BioEditor } from './BioEditor';
import { LinksEditor, newLinkRow, type LinkRow } from './LinksEditor';
import { withCount } from '../../lib/counter';

export function ProfileSettingsPage() {
  useDocumentTitle('Edit your profile');
  const member = useSession().data?.member;
  return (
    <>
      <PageHeader
        title="Profile"
        description="What other members see on your public profile, next to your work."
        actions={
          member && (
            <Anchor component={Link} to={`/@${member.handle}`} fw={600}>
              View your public profile
            </Anchor>
          )
        }
      />
      {member ? <ProfileForm member={member} /> : <PageLoader />}
    </>
  );
}

interface ProfileValues {
  name: string;
  headline: string;
  bio: string;
  skills: string[];
  timeZone: string;
  links: LinkRow[];
  capacity: number | string;
  contactLine: string;
}

function validate(values: ProfileValues): FieldErrors {
  const linkErrors: Record<string, string | undefined> = {};
  values.links.forEach((link, index) => {
    if (!link.label.trim()) linkErrors[`links.${index}.label`] = 'Give the link a label.';
    else linkErrors[`links.${index}.label`] = checkMaxLength(link.label.trim(), LIMITS.linkLabelMax);
    linkErrors[`links.${index}.url`] = checkHttpUrl(link.url.trim());
  });
  const capacity = Number(values.capacity);
  return collectErrors({
    name: checkName(values.name),
    headline: checkMaxLength(values.headline.trim(), LIMITS.headlineMax),
    bio: checkMaxLength(values.bio, LIMITS.bioMax),
    skills:
      values.skills.length > LIMITS.profileSkillsMax
        ? `At most ${LIMITS.profileSkillsMax} skills.`
        : undefined,
    timeZone: values.timeZone ? undefined : 'Choose your time zone.',
    contactLine: checkMaxLength(values.contactLine.trim(), LIMITS.contactLineMax),
    capacity:
      values.capacity === '' ||
      !Number.isInteger(capacity) ||
      capacity < LIMITS.capacityMin ||
      capacity > LIMITS.capacityMax
        ? `Choose a whole number from ${LIMITS.capacityMin} to ${LIMITS.capacityMax}.`
        : undefined,
    ...linkErrors,
  });
}

/** `?focus=headline` (and bio, skills): the field a link into settings is about, e.g. the home's checklist. */
const FOCUS_TARGETS: Record<string, string> = {
  headline: 'profile-headline',
  bio: 'profile-bio',
  skills: 'profile-skills',
};

/** Focuses (and scrolls to the middle of the screen) the field named by `?focus=`, once the form is there. */
function useFocusFromAddress() {
  const [params] = useSearchParams();
  const target = FOCUS_TARGETS[params.get('focus') ?? ''];
  useEffect(() => {
    if (!target) return;
    const field = document.getElementById(target);
    if (!field) return;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: 'center' });
  }, [target]);
}

function ProfileForm({ member }: { member: SelfMember }) {
  const update = useUpdateProfile();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFromAddress();
  const { values, setValue, errors, setErrors, formError, setFormError } = useFormState<ProfileValues>(
    () => ({
      name: member.name,
      headline: member.headline,
      bio: member.bio,
      skills: member.skills,
      timeZone: member.timeZone,
      links: member.links.map((link) => newLinkRow(link.label, link.url)),
      capacity: member.capacity,
      contactLine: member.contactLine,
    }),
  );
  const zones = useMemo(() => timeZoneOptions(member.timeZone), [member.timeZone]);

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problems = validate(values);
    setErrors(problems);
    if (hasErrors(problems)) return focusFirstInvalid(formRef.current);
    update.mutate(
      {
        name: values.name.trim(),
        headline: values.headline.trim(),
        bio: values.bio,
        skills: values.skills,
        timeZone: values.timeZone,
        links: values.links.map((link) => ({ label: link.label.trim(), url: link.url.trim() })),
        capacity: Number(values.capacity),
        contactLine: values.contactLine.trim(),
      },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: 'Profile saved',
            message: 'Your public profile is up to date.',
          }),
        onError: (error) => {
          const known = [
            'name',
            'headline',
            'bio',
            'skills',
            'timeZone',
            'capacity',
            'contactLine',
            'links',
            ...values.links.flatMap((_, i) => [`links.${i}.label`, `links.${i}.url`]),
          ];
          const split = splitApiError(error, known);
          setErrors(split.fields);
          setFormError(split.form);
          focusFirstInvalid(formRef.current);
        },
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate>
      <Stack gap="lg">
        <FormAlert message={formError} />
        <Card>
          <Title order={2} fz="lg" mb="md">
            About you
          </Title>
          <Stack gap="md">
            <TextInput
              label="Name"
              required
              autoComplete="name"
              maxLength={LIMITS.nameMax}
              description={withCount(null, values.name, LIMITS.nameMax)}
              value={values.name}
              onChange={(e) => setValue('name', e.currentTarget.value)}
              error={errors.name}
            />
            <TextInput
              id="profile-headline"
              label="Headline"
              description={withCount(
                'One line under your name, e.g. “Frontend developer learning accessibility”.',
                values.headline,
                LIMITS.headlineMax,
              )}
              maxLength={LIMITS.headlineMax}
              value={values.headline}
              onChange={(e) => setValue('headline', e.currentTarget.value)}
              error={errors.headline}
            />
            <BioEditor value={values.bio} onChange={(bio) => setValue('bio', bio)} error={errors.bio} />
          </Stack>
        </Card>

        <Card>
          <Title order={2} fz="lg" mb="md">
            Skills and availability
          </Title>
          <Stack gap="md">
            <SkillsInput
              id="profile-skills"
              value={values.skills}
              onChange={(skills) => setValue('skills', skills)}
              max={LIMITS.profileSkillsMax}
              error={errors.skills}
              description="What you are good at."
            />
            <Select
              label="Time zone"
              description="So people know when you are around. Your daily digest arrives in your morning."
              searchable
              data={zones}
              value={values.timeZone}
              onChange={(zone) => setValue('timeZone', zone ?? '')}
              allowDeselect={false}
              nothingFoundMessage="No time zone matches"
              maxDropdownHeight={280}
              error={errors.timeZone}
            />
            <NumberInput
              label="Capacity"
              description="How many engagements you take on at once. Don’t overextend yourself: a stellar job on two beats a rushed job on five."
              min={LIMITS.capacityMin}
              max={LIMITS.capacityMax}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={values.capacity}
              onChange={(capacity) => setValue('capacity', capacity)}
              error={errors.capacity}
              inputContainer={(input) => <Box maw={160}>{input}</Box>}
            />
          </Stack>
        </Card>

        <Card>
          <Title order={2} fz="lg" mb="md">
            Contact on acceptance
          </Title>
          <TextInput
            label="Contact line"
            description="How to reach you outside Slipstream, e.g. an email address or a chat handle. Only the other member of an engagement you share sees it, from the moment an offer is accepted until the engagement is abandoned (it stays after completion). It never appears on your profile, in lists or in search."
            placeholder="ana@example.org · Signal +1 555 0100"
            maxLength={LIMITS.contactLineMax}
            value={values.contactLine}
            onChange={(e) => setValue('contactLine', e.currentTarget.value)}
            error={errors.contactLine}
          />
        </Card>

        <Card>
          <LinksEditor rows={values.links} onChange={(links) => setValue('links', links)} errors={errors} />
        </Card>

        <Group justify="flex-end">
          <Button type="submit" size="md" loading={update.isPending}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

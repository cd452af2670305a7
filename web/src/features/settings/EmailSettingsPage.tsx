import {
  Alert,
  Anchor,
  Button,
  Card,
  Divider,
  Group,
  Radio,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconMailExclamation } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  useEmailSettings,
  useUpdateEmailSettings,
  type EmailMode,
  type EmailSettings,
  type EmailSettingsPatch,
} from '../../api/email';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

/** The words for each mode, the same in every kind's choice. */
export const MODE_LABELS: Record<EmailMode, string> = {
  now: 'Email me now',
  digest: 'Put it in my digest',
  off: 'Don’t email me',
};

const HOURS = Array.from({ length: 24 }, (_, hour) => ({
  value: String(hour),
  label: `${String(hour).padStart(2, '0')}:00`,
}));

export function EmailSettingsPage() {
  useDocumentTitle('Email settings');
  const settings = useEmailSettings();
  return (
    <>
      <PageHeader
        title="Email"
        description="Which emails you get and when. Most things can wait for one short email in your morning."
      />
      {settings.isPending ? (
        <Stack gap="lg" aria-busy="true" aria-label="Loading your email settings">
          <Skeleton height={160} />
          <Skeleton height={360} />
        </Stack>
      ) : settings.isError ? (
        <FormAlert title="We could not load your email settings" message={settings.error.message} />
      ) : (
        <EmailSettingsForm settings={settings.data} />
      )}
    </>
  );
}

interface Values {
  digestEnabled: boolean;
  digestHour: number;
  kinds: Record<string, EmailMode>;
}

function valuesOf(settings: EmailSettings): Values {
  return {
    digestEnabled: settings.digest.enabled,
    digestHour: settings.digest.hour,
    kinds: Object.fromEntries(settings.kinds.map((k) => [k.kind, k.mode])),
  };
}

/** Only what changed, so a save never overwrites a choice made elsewhere (an unsubscribe link). */
function patchOf(initial: Values, values: Values): EmailSettingsPatch {
  const patch: EmailSettingsPatch = {};
  const digest: NonNullable<EmailSettingsPatch['digest']> = {};
  if (values.digestEnabled !== initial.digestEnabled) digest.enabled = values.digestEnabled;
  if (values.digestHour !== initial.digestHour) digest.hour = values.digestHour;
  if (Object.keys(digest).length > 0) patch.digest = digest;
  const kinds = Object.fromEntries(
    Object.entries(values.kinds).filter(([kind, mode]) => initial.kinds[kind] !== mode),
  );
  if (Object.keys(kinds).length > 0) patch.kinds = kinds as EmailSettingsPatch['kinds'];
  return patch;
}

function EmailSettingsForm({ settings }: { settings: EmailSettings }) {
  const update = useUpdateEmailSettings();
  const initial = useMemo(() => valuesOf(settings), [settings]);
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(false);
  const patch = patchOf(initial, values);
  const dirty = Object.keys(patch).length > 0;

  const change = (next: Partial<Values>) => {
    setSaved(false);
    update.reset();
    setValues((current) => ({ ...current, ...next }));
  };

  const handleSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!dirty) return;
    update.mutate(patch, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: 'Your email settings are saved.' });
        setSaved(true);
      },
    });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="lg">
        {!settings.emailVerified && (
          <Alert
            color="yellow"
            variant="light"
            title="Your email address is not confirmed yet"
            // The light yellow alert's own title colour is too pale on its background (AA).
            styles={{ title: { color: 'var(--mantine-color-text)' } }}
            icon={<IconMailExclamation size={20} aria-hidden="true" />}
          >
            Until you confirm {settings.email}, we send it nothing but the confirmation link. Your choices
            below take effect once it is confirmed: use “Resend link” in the banner above if you need a new
            one.
          </Alert>
        )}
        <DigestCard
          settings={settings}
          enabled={values.digestEnabled}
          hour={values.digestHour}
          hourChanged={
            values.digestHour !== initial.digestHour || values.digestEnabled !== initial.digestEnabled
          }
          onChange={change}
        />
        <Card>
          <Title order={2} fz="lg" mb={4}>
            Event emails
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            For each kind of event, an email as it happens, a line in your daily digest, or nothing. You
            always see everything in your notifications.
          </Text>
          <Stack gap={0}>
            {settings.kinds.map((kind, index) => (
              <div key={kind.kind}>
                {index > 0 && <Divider my="md" />}
                <Radio.Group
                  label={kind.label}
                  description={kind.description}
                  value={values.kinds[kind.kind]}
                  onChange={(mode) => change({ kinds: { ...values.kinds, [kind.kind]: mode as EmailMode } })}
                  styles={{ label: { fontWeight: 650 } }}
                >
                  <Group gap="lg" mt="xs" wrap="wrap">
                    {kind.modes.map((mode) => (
                      <Radio key={mode} value={mode} label={MODE_LABELS[mode]} />
                    ))}
                  </Group>
                  {values.kinds[kind.kind] === 'digest' && !values.digestEnabled && (
                    <Text size="xs" c="var(--ld-orange-9--orange-3)" mt={6}>
                      Your digest is off, so these wait in your notifications only.
                    </Text>
                  )}
                </Radio.Group>
              </div>
            ))}
          </Stack>
        </Card>
        <FormAlert title="Your settings were not saved" message={update.error?.message} />
        <Group gap="md">
          <Button type="submit" loading={update.isPending} disabled={!dirty}>
            Save email settings
          </Button>
          <div role="status" aria-live="polite">
            {saved && !dirty && (
              <Group gap={6} wrap="nowrap">
                <IconCircleCheck size={18} color="var(--mantine-color-teal-8)" aria-hidden="true" />
                <Text size="sm" fw={600} c="var(--ld-teal-9--teal-3)">
                  Saved
                </Text>
              </Group>
            )}
            {dirty && !update.isPending && (
              <Text size="sm" c="dimmed">
                You have unsaved changes.
              </Text>
            )}
          </div>
        </Group>
      </Stack>
    </form>
  );
}

interface DigestCardProps {
  settings: EmailSettings;
  enabled: boolean;
  hour: number;
  hourChanged: boolean;
  onChange: (next: Partial<Values>) => void;
}

function DigestCard({ settings, enabled, hour, hourChanged, onChange }: DigestCardProps) {
  const zone = settings.timeZone.replace(/_/g, ' ');
  const next = settings.digest.nextAt ? formatIn(settings.digest.nextAt, settings.timeZone) : null;
  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Daily digest
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        At most one email a day, in your morning, and only when there is something to say: what needs you, new
        overflow for your skills, and who noticed your work.
      </Text>
      <Stack gap="md">
        <Switch
          label="Send me a daily digest"
          checked={enabled}
          onChange={(e) => onChange({ digestEnabled: e.currentTarget.checked })}
        />
        <Select
          label="Digest time"
          description={
            <>
              In your time zone, {zone} (
              <Anchor component={Link} to="/settings/profile" inherit underline="always">
                change it in your profile
              </Anchor>
              ).
            </>
          }
          data={HOURS}
          value={String(hour)}
          onChange={(value) => value !== null && onChange({ digestHour: Number(value) })}
          allowDeselect={false}
          disabled={!enabled}
          styles={{ wrapper: { maxWidth: 200 } }}
        />
        <Text size="sm" aria-live="polite">
          {!enabled
            ? 'Your digest is off.'
            : hourChanged
              ? 'Save to place your next digest at this time.'
              : next
                ? `Your next digest is due ${next} (if there is something to say).`
                : 'Your next digest is being placed: it will be due at this time.'}
        </Text>
      </Stack>
    </Card>
  );
}

/** "Wed, 2 Dec, 08:00" in the member's time zone (the digest is due at their local hour). */
function formatIn(iso: string, timeZone: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

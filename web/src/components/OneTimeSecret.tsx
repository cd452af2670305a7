import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface OneTimeSecretProps {
  title: string;
  secret: string;
  label: string;
  children?: ReactNode;
  onDismiss?: () => void;
}

/** A secret shown exactly once (an access token, an invite code), with a copy button and a warning. */
export function OneTimeSecret({ title, secret, label, children, onDismiss }: OneTimeSecretProps) {
  return (
    <Alert
      color="stream"
      variant="outline"
      title={title}
      icon={<IconKey size={20} aria-hidden="true" />}
      withCloseButton={Boolean(onDismiss)}
      closeButtonLabel="Dismiss"
      onClose={onDismiss}
      styles={{ body: { minWidth: 0 } }}
    >
      <Stack gap="sm">
        {children && <Text size="sm">{children}</Text>}
        <Group gap="xs" wrap="nowrap" align="center">
          <Code
            block
            style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 14 }}
          >
            {secret}
          </Code>
          <CopyButton value={secret} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                <ActionIcon
                  variant={copied ? 'filled' : 'default'}
                  color={copied ? 'teal' : undefined}
                  size="lg"
                  onClick={copy}
                  aria-label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}
                >
                  {copied ? (
                    <IconCheck size={18} aria-hidden="true" />
                  ) : (
                    <IconCopy size={18} aria-hidden="true" />
                  )}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

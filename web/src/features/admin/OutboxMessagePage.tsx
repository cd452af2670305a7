import { Anchor, Card, Code, Container, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useAdminOutboxMessage, type OutboxMessage } from '../../api/email';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { RequireMember } from '../../components/RequireMember';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AdminOnly } from './AdminPage';
import { OutboxStatusBadge } from './OutboxPage';

/**
 * Prepended to the message's HTML: it stops the frame loading anything from elsewhere (remote images are
 * tracking pixels; styles stay). The sandbox already forbids scripts, forms and same-origin access.
 */
const FRAME_POLICY =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">';

/** `/admin/outbox/:messageId`: one email as written, its headers, plain text and HTML. Administrators only. */
export function OutboxMessagePage() {
  return (
    <RequireMember>{(member) => (member.role === 'admin' ? <MessageView /> : <AdminOnly />)}</RequireMember>
  );
}

function MessageView() {
  const { messageId = '' } = useParams();
  const message = useAdminOutboxMessage(messageId);
  useDocumentTitle(message.data ? `Email: ${message.data.subject}` : 'Email');

  return (
    <Container size="md">
      <Anchor component={Link} to="/admin/outbox" size="sm" fw={600} mb="sm" display="inline-block">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden="true" />
          Back to the outbox
        </Group>
      </Anchor>
      {message.isPending ? (
        <PageLoader />
      ) : message.isError ? (
        <>
          <PageHeader title="Email" />
          <FormAlert
            title={isApiError(message.error, 404) ? 'No such email' : 'We could not load this email'}
            message={message.error.message}
          />
        </>
      ) : (
        <Message message={message.data} />
      )}
    </Container>
  );
}

function Message({ message }: { message: OutboxMessage }) {
  const headers = Object.entries(message.headers ?? {});
  return (
    <>
      <PageHeader
        title={<span style={{ overflowWrap: 'anywhere' }}>{message.subject}</span>}
        description={
          <>
            To {message.to} · written {formatDateTime(message.createdAt)}
          </>
        }
        actions={<OutboxStatusBadge status={message.status} />}
      />
      <Stack gap="lg">
        <Card>
          <Title order={2} fz="lg" mb="sm">
            Delivery
          </Title>
          <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              <Row label="Status">{message.status}</Row>
              <Row label="Kind">{message.kind.replace(/_/g, ' ')}</Row>
              <Row label="Attempts">{message.attempts}</Row>
              <Row label="Sent">{message.sentAt ? formatDateTime(message.sentAt) : '—'}</Row>
              {message.failedAt && <Row label="Failed">{formatDateTime(message.failedAt)}</Row>}
              {message.status === 'pending' && message.nextAttemptAt && (
                <Row label="Next attempt">{formatDateTime(message.nextAttemptAt)}</Row>
              )}
              {message.lastError && (
                <Row label="Last error">
                  <Text span c="var(--mantine-color-error)" size="sm">
                    {message.lastError}
                  </Text>
                </Row>
              )}
              <Row label="Message-ID">{message.messageId ? <Code>{message.messageId}</Code> : '—'}</Row>
            </Table.Tbody>
          </Table>
        </Card>
        <Card>
          <Title order={2} fz="lg" mb="sm">
            Headers
          </Title>
          {headers.length === 0 ? (
            <Text size="sm" c="dimmed">
              No extra headers.
            </Text>
          ) : (
            <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {headers.map(([name, value]) => (
                  <Row key={name} label={name}>
                    <Code>{value}</Code>
                  </Row>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card>
          <Title order={2} fz="lg" mb={4}>
            HTML part
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Shown in a sandboxed frame: no scripts run and nothing loads from elsewhere.
          </Text>
          {message.html ? (
            <iframe
              title={`HTML part of “${message.subject}”`}
              sandbox=""
              referrerPolicy="no-referrer"
              srcDoc={FRAME_POLICY + message.html}
              style={{
                width: '100%',
                height: 560,
                border: '1px solid var(--app-border)',
                borderRadius: 'var(--mantine-radius-md)',
                background: 'white',
              }}
            />
          ) : (
            <Text size="sm" c="dimmed">
              This email has no HTML part.
            </Text>
          )}
        </Card>
        <Card>
          <Title order={2} fz="lg" mb="sm">
            Plain text part
          </Title>
          <Code
            block
            role="region"
            aria-label="Plain text part"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 480, overflow: 'auto' }}
            tabIndex={0}
          >
            {message.text}
          </Code>
        </Card>
      </Stack>
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={{ base: 120, sm: 190 }} style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

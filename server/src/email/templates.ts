import type { OutgoingEmail } from './mailer.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(instanceName: string, paragraphs: string[], action: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('');
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1b1e;max-width:560px;margin:24px auto;padding:0 16px">
<h1 style="font-size:20px">${escapeHtml(instanceName)}</h1>${body}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#1c7ed6;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#666;font-size:13px">Or paste this address into your browser: ${escapeHtml(action.url)}</p>
</body></html>`;
}

export function verificationEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  url: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `Welcome to ${p.instanceName}. Please confirm that this is your email address. The link works for 48 hours.`,
  ];
  return {
    to: p.to,
    subject: `Confirm your email for ${p.instanceName}`,
    text: `${lines.join('\n\n')}\n\nConfirm your email: ${p.url}\n\nIf you did not sign up, ignore this message.\n`,
    html: layout(p.instanceName, [...lines, 'If you did not sign up, ignore this message.'], {
      label: 'Confirm my email',
      url: p.url,
    }),
  };
}

export function passwordResetEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  url: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `Someone (hopefully you) asked to reset the password of your ${p.instanceName} account. The link works for one hour and only once.`,
  ];
  return {
    to: p.to,
    subject: `Reset your ${p.instanceName} password`,
    text: `${lines.join('\n\n')}\n\nChoose a new password: ${p.url}\n\nIf you did not ask for this, ignore this message: your password stays the same.\n`,
    html: layout(
      p.instanceName,
      [...lines, 'If you did not ask for this, ignore this message: your password stays the same.'],
      {
        label: 'Choose a new password',
        url: p.url,
      },
    ),
  };
}

/** Sent instead of an error when someone signs up with an address that already has an account. */
export function signUpAttemptEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  signInUrl: string;
  resetUrl: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `Someone (perhaps you) tried to create a new ${p.instanceName} account with this email address. It already belongs to your account, so no new account was made.`,
    `If it was you, sign in instead; if you have forgotten your password, reset it: ${p.resetUrl}`,
  ];
  const ignore = 'If it was not you, ignore this message: nothing has changed.';
  return {
    to: p.to,
    subject: `You already have a ${p.instanceName} account`,
    text: `${lines.join('\n\n')}\n\nSign in: ${p.signInUrl}\n\n${ignore}\n`,
    html: layout(p.instanceName, [...lines, ignore], { label: 'Sign in', url: p.signInUrl }),
  };
}

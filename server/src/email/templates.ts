import type { OutgoingEmail } from './mailer.js';

import { renderEmail } from './layout.js';

/** The account emails (no unsubscribe: they are sent because the member asked for them). */
function accountEmail(
  instanceName: string,
  paragraphs: string[],
  action: { label: string; url: string },
  after: string,
): { html: string; text: string } {
  const [greeting, ...rest] = paragraphs;
  return renderEmail({
    instanceName,
    preheader: rest[0],
    greeting,
    blocks: rest.map((text) => ({ type: 'paragraph' as const, text })),
    action,
    footer: { reason: after },
  });
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
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Confirm my email', url: p.url },
      'If you did not sign up, ignore this message.',
    ),
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
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Choose a new password', url: p.url },
      'If you did not ask for this, ignore this message: your password stays the same.',
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
    ...accountEmail(p.instanceName, lines, { label: 'Sign in', url: p.signInUrl }, ignore),
  };
}

/** Sent when an admin suspends an account: what happened, the reason they gave, and what it means. */
export function suspensionEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  reason: string;
  url: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `An administrator of ${p.instanceName} suspended your account. You are signed out everywhere, your access tokens no longer work and your open overflow is hidden. Your history stays as it is.`,
    `The reason they gave: “${p.reason}”`,
    `If you think this is a mistake, reply to the administrators of ${p.instanceName}.`,
  ];
  return {
    to: p.to,
    subject: `Your ${p.instanceName} account is suspended`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: `Open ${p.instanceName}`, url: p.url },
      'You get this message because it concerns your account.',
    ),
  };
}

/** Sent when an admin lifts a suspension. */
export function reinstatementEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  url: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `Your ${p.instanceName} account is active again: you can sign in, and your open overflow that is not yet due is back on the board.`,
  ];
  return {
    to: p.to,
    subject: `Your ${p.instanceName} account is active again`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Sign in', url: `${p.url}/signin` },
      'You get this message because it concerns your account.',
    ),
  };
}

/** The account's security notices (issue 10): each tells the member what changed and what to do if it was not them. */
const notYou = (resetUrl: string) =>
  `If this was not you, reset your password now (${resetUrl}) and check your sessions and access tokens.`;

export function passwordChangedEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  securityUrl: string;
  resetUrl: string;
  sessionsSignedOut: number;
  tokensRevoked: number;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `The password of your ${p.instanceName} account was just changed. Every other browser was signed out (${p.sessionsSignedOut}) and every access token was revoked (${p.tokensRevoked}).`,
    notYou(p.resetUrl),
  ];
  return {
    to: p.to,
    subject: `Your ${p.instanceName} password was changed`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Review your security settings', url: p.securityUrl },
      'We send this whenever the password of your account changes.',
    ),
  };
}

export function emailChangeConfirmEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  url: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `You asked to use this address for your ${p.instanceName} account. Confirm it and it replaces your current one. The link works for 24 hours and only once.`,
  ];
  return {
    to: p.to,
    subject: `Confirm your new email for ${p.instanceName}`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Confirm my new email', url: p.url },
      'If you did not ask for this, ignore this message: nothing changes until the link is opened.',
    ),
  };
}

/** Sent to the new address instead of a link when it already belongs to an account (as sign-up does). */
export function emailChangeTakenEmail(p: {
  instanceName: string;
  to: string;
  signInUrl: string;
}): OutgoingEmail {
  const lines = [
    'Hello,',
    `Someone asked to move a ${p.instanceName} account to this email address. It already belongs to an account, so nothing was changed.`,
    'If it was you, sign in with this address, or choose another address for your other account.',
  ];
  return {
    to: p.to,
    subject: `This address already has a ${p.instanceName} account`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Sign in', url: p.signInUrl },
      'If it was not you, ignore this message: nothing has changed.',
    ),
  };
}

export function emailChangeRequestedEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  newEmail: string;
  securityUrl: string;
  resetUrl: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `Someone signed in to your ${p.instanceName} account asked to change its email address to ${p.newEmail}. Nothing changes until the link sent to that address is opened.`,
    notYou(p.resetUrl),
  ];
  return {
    to: p.to,
    subject: `A change of your ${p.instanceName} email address was requested`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Review your security settings', url: p.securityUrl },
      'We send this to your current address whenever a change of address is requested.',
    ),
  };
}

export function emailChangedEmail(p: {
  instanceName: string;
  to: string;
  name: string;
  newEmail: string;
  signInUrl: string;
}): OutgoingEmail {
  const lines = [
    `Hi ${p.name},`,
    `The email address of your ${p.instanceName} account is now ${p.newEmail}. Emails from ${p.instanceName}, password resets included, go there from now on; sign in with the new address.`,
    `If this was not you, contact the administrator of ${p.instanceName} at once: whoever changed it knew your password.`,
  ];
  return {
    to: p.to,
    subject: `Your ${p.instanceName} email address was changed`,
    ...accountEmail(
      p.instanceName,
      lines,
      { label: 'Sign in', url: p.signInUrl },
      'We send this to your previous address whenever the address of your account changes.',
    ),
  };
}

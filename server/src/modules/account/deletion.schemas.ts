import { z } from 'zod';

export const deletionBody = z
  .strictObject({
    password: z.string().min(1, 'Enter your current password.').max(1024),
    handle: z
      .string()
      .min(1, 'Type your handle to confirm.')
      .max(64)
      .meta({ description: 'Your handle, typed to confirm (a leading @ and letter case are ignored).' }),
  })
  .meta({ id: 'AccountDeletionRequest' });

export const deletionState = z
  .object({
    requestedAt: z
      .string()
      .nullable()
      .meta({ description: 'When the deletion was asked for (ISO 8601 UTC).' }),
    dueAt: z
      .string()
      .nullable()
      .meta({ description: 'When it runs (ISO 8601 UTC); null once cancelled or when nothing is pending.' }),
    message: z.string(),
  })
  .meta({ id: 'AccountDeletionState' });

import { z } from 'zod';
import { memberSummary } from '../overflow/overflow.schemas.js';

const total = (what: string) =>
  z
    .number()
    .int()
    .meta({ description: `${what}, counted up to 100 (100 means 100 or more).` });

export const needsYouView = z
  .object({
    offersToDecide: z
      .object({
        items: z.array(
          z.object({
            overflowId: z.string(),
            title: z.string(),
            pendingOffers: z.number().int(),
            newestOfferAt: z.string(),
          }),
        ),
        total: total('Pending offers on your open overflow'),
        overflowCount: z
          .number()
          .int()
          .meta({ description: 'How many of your overflow have pending offers.' }),
      })
      .meta({
        description: 'Pending offers on your open overflow, one item per overflow, newest offer first.',
      }),
    deliveriesToReview: z
      .object({
        items: z.array(
          z.object({
            engagementId: z.string(),
            title: z.string(),
            helper: memberSummary,
            deliveredAt: z.string(),
            autoCompleteAt: z
              .string()
              .meta({ description: 'When it completes by itself if you do not review it.' }),
          }),
        ),
        total: total('Deliveries waiting for your review'),
      })
      .meta({ description: 'Engagements you own that are delivered, oldest delivery first.' }),
    engagementsDue: z
      .object({
        items: z.array(
          z.object({
            engagementId: z.string(),
            title: z.string(),
            owner: memberSummary,
            dueOn: z.string().meta({
              description: 'The earlier of the overflow’s due date and the date you proposed in your offer.',
            }),
            overdue: z.boolean(),
          }),
        ),
        total: z.number().int(),
      })
      .meta({
        description:
          'Active engagements you are helping with that are due within 3 days (in your time zone) or overdue, soonest first.',
      }),
    unreadMessages: z
      .object({
        items: z.array(
          z.object({
            engagementId: z.string(),
            title: z.string(),
            unread: z.number().int().meta({ description: 'Unread messages in that conversation.' }),
            at: z.string(),
          }),
        ),
        total: total('Conversations with unread messages'),
      })
      .meta({ description: 'Engagement conversations with unread messages, newest first.' }),
  })
  .meta({ id: 'NeedsYou' });

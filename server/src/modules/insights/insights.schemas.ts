import { z } from 'zod';

const count = z.number().int();

const monthFigures = {
  completed: count.meta({ description: 'Engagements you completed as helper.' }),
  effortHours: z.number().meta({ description: 'Their effort, in hours.' }),
  tiesFormed: count,
  noticedReceived: count.meta({ description: 'Noticed notes about your work that you received.' }),
  asksReceived: count.meta({ description: 'Direct asks to you (overflow with visibility `ask`).' }),
  invitationsReceived: count.meta({ description: 'Invitations to offer on an overflow.' }),
  given: z
    .number()
    .meta({ description: 'Ledger weight you gave (help in effort hours; a note or an ask is 1).' }),
  received: z.number().meta({ description: 'Ledger weight you received.' }),
};

export const monthInsight = z
  .object({ month: z.string().meta({ description: 'YYYY-MM (UTC).' }), ...monthFigures })
  .meta({ id: 'MonthInsight' });

export const myInsights = z
  .object({
    joinedAt: z.string(),
    from: z.string().meta({
      description:
        'First month shown (YYYY-MM): when you joined, at most 24 months back and at least 6 (months before you joined are empty).',
    }),
    to: z.string().meta({ description: 'This month (YYYY-MM).' }),
    months: z.array(monthInsight),
    totals: z.object({
      ...monthFigures,
      tiesFromWork: count.meta({ description: 'Ties that formed from a completed engagement.' }),
      tiesFromNoticed: count.meta({ description: 'Ties that formed from an accepted noticed note.' }),
      tiesAfterWork: count.meta({
        description:
          'Ties formed within `followDays` days after one of your engagements as helper completed.',
      }),
    }),
    followDays: count,
  })
  .meta({ id: 'MyInsights' });

const correlation = z
  .object({
    rho: z.number().meta({ description: "Spearman's rank correlation (average ranks for ties)." }),
    n: count,
    low: z.number().nullable().meta({ description: 'Lower bound (Fisher z, n − 3); null below 4 members.' }),
    high: z.number().nullable(),
    level: z.number().meta({ description: 'The confidence level, 0.95.' }),
  })
  .meta({ id: 'Correlation' });

const quartile = z
  .object({
    quartile: count.meta({
      description: '1 = the members who delivered least, 4 = most (equal values share one).',
    }),
    members: count,
    completedMin: count,
    completedMax: count,
    completedMean: z.number(),
    ratingMean: z.number().nullable(),
    tiesMean: z.number(),
    asksMean: z.number(),
    invitationsMean: z.number(),
    gainedMean: z
      .number()
      .meta({ description: 'Ties + direct asks + invitations gained in the network period.' }),
  })
  .meta({ id: 'InsightQuartile' });

export const instanceInsights = z
  .object({
    computedAt: z
      .string()
      .nullable()
      .meta({ description: 'When the snapshot was computed; null: not computed yet.' }),
    public: z.boolean(),
    insights: z
      .object({
        version: z.literal(1),
        period: z.object({
          workFrom: z.string(),
          workTo: z.string(),
          networkFrom: z.string(),
          networkTo: z.string(),
          days: count,
          young: z.boolean().meta({
            description:
              'The instance is younger than two 90-day periods: its life so far is split in halves.',
          }),
        }),
        members: count.meta({ description: 'Members who had joined before the work period ended.' }),
        quartiles: z.array(quartile),
        correlation: correlation.nullable().meta({
          description:
            'Completed engagements in the work period against ties + asks + invitations gained in the next; null when nobody (or everybody equally) delivered.',
        }),
        tiesCorrelation: correlation.nullable(),
        ties: z.object({ total: count, fromWork: count, fromNoticed: count, transactional: count }),
        firstOfferToFirstTie: z.object({ members: count, medianDays: z.number().nullable() }),
      })
      .nullable(),
  })
  .meta({ id: 'InstanceInsights' });

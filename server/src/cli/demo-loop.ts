import type { Actor, AppContext } from '../context.js';
import { addMs, DAY, localDate } from '../shared/clock.js';
import * as engagements from '../modules/engagements/engagements.service.js';
import * as members from '../modules/members/members.repository.js';
import * as profile from '../modules/members/profile.repository.js';
import * as offers from '../modules/offers/offers.service.js';
import * as overflow from '../modules/overflow/overflow.service.js';
import * as ties from '../modules/ties/ties.service.js';

/**
 * The living part of the demo community: overflow in several fields, pending offers, active, delivered
 * and completed engagements, ties, thanks and noticed notes. It goes through the same services as the
 * API, so the demo obeys every rule of the product.
 */
interface Posting {
  owner: string;
  title: string;
  brief: string;
  skills: string[];
  effortHours: number;
  dueInDays?: number;
  visibility?: 'public' | 'members';
  helper?: string;
  pitch?: string;
  /** How far the engagement goes. */
  stage?: 'offered' | 'active' | 'delivered' | 'completed';
  review?: { rating: number; endorsement: string; skills: string[] };
  delivery?: string;
  alsoOffered?: { helper: string; pitch: string }[];
}

const POSTINGS: Posting[] = [
  {
    owner: 'julia',
    title: 'Triage 40 stale issues in the date library',
    brief:
      'We have ~40 issues older than a year. For each: reproduce, label (`bug`, `question`, `wontfix`), and close or summarise.\n\n- Reproduction notes in each issue\n- A short summary of what is left',
    skills: ['open-source', 'testing'],
    effortHours: 8,
    helper: 'hana',
    pitch: 'I test thoroughly and write clear notes — I did the same for a school timetable app.',
    stage: 'completed',
    delivery:
      'Triaged all 41 issues: 17 closed as fixed, 9 reproduced with minimal cases, the rest labelled.',
    review: {
      rating: 5,
      endorsement: 'Hana reproduced bugs we had given up on and wrote the clearest triage notes I have seen.',
      skills: ['open-source', 'testing'],
    },
  },
  {
    owner: 'dana',
    title: 'Clean the emissions factor tables',
    brief:
      'Our emission factors come from four sources with different units. Normalise them into one table and flag conflicts.',
    skills: ['sql', 'data-quality'],
    effortHours: 10,
    helper: 'kofi',
    pitch: 'SQL is my daily tool; I will document every unit conversion.',
    stage: 'completed',
    delivery: 'One normalised table, 312 factors, 14 conflicts flagged with sources.',
    review: {
      rating: 5,
      endorsement: 'Careful, fast, and every conversion is documented. Exactly what we needed.',
      skills: ['sql', 'data-quality'],
    },
  },
  {
    owner: 'ada',
    title: 'Data quality checks for the nightly pipeline',
    brief:
      'Add row-count, null-rate and freshness checks to the nightly load, with alerts that say what broke.',
    skills: ['python', 'data-quality', 'observability'],
    effortHours: 12,
    helper: 'gus',
    pitch: 'I care more about the evaluation set than the model — same instinct for pipelines.',
    stage: 'completed',
    delivery: '9 checks in the pipeline, alerts link to the failing partition. Docs in the repo.',
    review: {
      rating: 4,
      endorsement: 'Thoughtful checks that caught a real bug in the first week.',
      skills: ['python', 'data-quality'],
    },
  },
  {
    owner: 'chen',
    title: 'Accessibility review of our component library',
    brief:
      'Audit 20 core components for keyboard use, focus order and screen-reader labels. A prioritised list is enough.',
    skills: ['accessibility', 'design-systems'],
    effortHours: 6,
    helper: 'bruno',
    pitch: 'I made a date picker fully keyboard-accessible last year and wrote up focus management.',
    stage: 'completed',
    delivery: 'Audit of 20 components: 7 blockers, 12 improvements, with fixes suggested for each.',
    review: {
      rating: 5,
      endorsement: 'Bruno found issues two paid audits missed, and explained each fix kindly.',
      skills: ['accessibility'],
    },
  },
  {
    owner: 'emeka',
    title: 'Write a runbook for PostgreSQL failover',
    brief:
      'Turn our tribal knowledge about failover into a runbook a new on-call engineer can follow at 3 am.',
    skills: ['technical-writing', 'postgresql'],
    effortHours: 5,
    helper: 'fatima',
    pitch: 'Docs are a product: I will test the runbook with someone who has never done a failover.',
    stage: 'completed',
    delivery: 'Runbook with a decision tree, tested in a dry run by a new team member in 14 minutes.',
    review: {
      rating: 5,
      endorsement: 'The runbook got used for real two weeks later. It worked.',
      skills: ['technical-writing'],
    },
  },
  {
    owner: 'dana',
    title: 'Landing page copy for the carbon model',
    brief:
      'Rewrite our landing page so a small-business owner understands in 30 seconds what the model does.',
    skills: ['technical-writing', 'climate'],
    effortHours: 4,
    dueInDays: 12,
    helper: 'fatima',
    pitch: 'I rewrite getting-started pages until newcomers succeed on the first try.',
    stage: 'active',
  },
  {
    owner: 'julia',
    title: 'Set up CI caching for the date library',
    brief: 'Our CI takes 18 minutes. Add dependency and build caches; target under 8 minutes.',
    skills: ['ci-cd', 'devops'],
    effortHours: 6,
    helper: 'lea',
    pitch: 'Halved CI time for a 2 M-line monorepo; this is my favourite kind of work.',
    stage: 'delivered',
    delivery: 'CI now runs in 6½ minutes on a warm cache, 11 on a cold one. PR linked.',
  },
  {
    owner: 'ada',
    title: 'Dashboard of pipeline freshness',
    brief:
      'One page that shows, per source, how fresh the data is and when it last failed. Readable by non-engineers.',
    skills: ['data-visualisation', 'observability'],
    effortHours: 8,
    dueInDays: 21,
    helper: 'kofi',
    pitch: 'Every chart needs a sentence — I will make this readable for the whole company.',
    stage: 'offered',
    alsoOffered: [
      { helper: 'lea', pitch: 'I build observability for CI every day and would love to apply it to data.' },
    ],
  },
  {
    owner: 'ivan',
    title: 'Turn our threat-modelling workshop into a checklist',
    brief: 'Condense a one-day workshop into a two-page checklist small teams can run on their own.',
    skills: ['security', 'technical-writing'],
    effortHours: 5,
    helper: 'hana',
    pitch: 'I taught maths for eight years: turning expert knowledge into steps is what I do.',
    stage: 'offered',
  },
  {
    owner: 'dana',
    title: 'Interview five SMEs about carbon reporting',
    brief:
      'Five 30-minute interviews with small-business owners about how they report emissions today. Notes and a one-page synthesis.',
    skills: ['user-research'],
    effortHours: 10,
    dueInDays: 30,
    visibility: 'members',
  },
  {
    owner: 'chen',
    title: 'Figma-to-tokens export script',
    brief: 'A small script that exports our Figma variables to design tokens (JSON) for three brands.',
    skills: ['typescript', 'design-systems'],
    effortHours: 6,
    dueInDays: 10,
  },
  {
    owner: 'julia',
    title: 'Mentor first-time contributors in December',
    brief:
      'Pair with three first-time contributors over a month: help them pick an issue and land their first PR.',
    skills: ['mentoring', 'open-source'],
    effortHours: 12,
  },
  {
    owner: 'gus',
    title: 'Review labels on 500 support tickets',
    brief:
      'Second opinion on 500 labelled tickets. Flag disagreements; we will discuss the ambiguous ones together.',
    skills: ['machine-learning', 'data-quality'],
    effortHours: 8,
    dueInDays: 14,
  },
  {
    owner: 'lea',
    title: 'Kubernetes resource limits audit',
    brief:
      'Find the services without sensible CPU and memory limits and propose values from two weeks of metrics.',
    skills: ['kubernetes', 'observability'],
    effortHours: 6,
  },
];

export async function seedDemoLoop(ctx: AppContext): Promise<void> {
  const actors = new Map<string, Actor>();
  const actor = async (handle: string): Promise<Actor> => {
    const cached = actors.get(handle);
    if (cached) return cached;
    const m = await members.findMemberByHandle(ctx.db, handle);
    if (!m) throw new Error(`demo member @${handle} is missing`);
    const a: Actor = {
      memberId: m.id,
      role: m.role,
      via: 'session',
      emailVerified: m.email_verified_at !== null,
    };
    actors.set(handle, a);
    return a;
  };
  const inDays = (days: number) => localDate(addMs(ctx.clock.now(), days * DAY), 'UTC');
  const engagementIds = new Map<string, string>();

  for (const p of POSTINGS) {
    const owner = await actor(p.owner);
    const o = await overflow.createOverflow(ctx, owner, {
      title: p.title,
      brief: p.brief,
      skills: p.skills,
      effortHours: p.effortHours,
      dueOn: p.dueInDays ? inDays(p.dueInDays) : null,
      visibility: p.visibility ?? 'public',
    });
    for (const extra of p.alsoOffered ?? []) {
      await offers.createOffer(ctx, await actor(extra.helper), o.id, {
        pitch: extra.pitch,
        evidence: [],
        proposedOn: inDays(10),
      });
    }
    if (!p.helper || !p.stage) continue;
    const helper = await actor(p.helper);
    const offer = await offers.createOffer(ctx, helper, o.id, {
      pitch: p.pitch ?? 'Happy to help.',
      evidence: [],
      proposedOn: inDays(7),
    });
    if (p.stage === 'offered') continue;
    const { engagementId } = await offers.acceptOffer(ctx, owner, offer.id);
    engagementIds.set(p.title, engagementId);
    if (p.stage === 'active') continue;
    await engagements.submitDelivery(ctx, helper, engagementId, {
      note: p.delivery ?? 'Delivered.',
      links: [],
    });
    if (p.stage === 'delivered' || !p.review) continue;
    await engagements.completeEngagement(ctx, owner, engagementId, p.review);
  }

  await ties.sendThanks(ctx, await actor('julia'), {
    toHandle: 'hana',
    message: 'Thank you for rescuing our issue tracker. Contributors noticed the difference within a week.',
    engagementId: engagementIds.get('Triage 40 stale issues in the date library'),
  });
  await ties.sendThanks(ctx, await actor('bruno'), {
    toHandle: 'chen',
    message:
      'Thanks for the generous feedback on my audit — I learnt more from your review than from the work itself.',
  });
  await ties.sendThanks(ctx, await actor('emeka'), {
    toHandle: 'fatima',
    message: 'Your runbook saved us during a real failover. Thank you!',
  });

  const noticed = async (from: string, to: string, title: string, message: string, accept: boolean) => {
    const owner = await actor(to);
    const record = await profile.findWorkRecordByTitle(ctx.db, owner.memberId, title);
    if (!record) return;
    const note = await ties.sendNoticed(ctx, await actor(from), { workRecordId: record.id, message });
    if (accept) await ties.acceptNoticed(ctx, owner, note.id);
  };
  await noticed(
    'bruno',
    'emeka',
    'Reading EXPLAIN without fear',
    'Your post finally made query plans click for me — the third example especially.',
    true,
  );
  await noticed(
    'hana',
    'ivan',
    'Threat model for a community health app',
    'I loved how you prioritised only nine fixes. How did you decide what to leave out?',
    false,
  );
  await noticed(
    'kofi',
    'fatima',
    'Rewrote the quick start of an open-source CLI',
    'Going from 25 to 6 minutes is remarkable. I want to do this for our analytics docs.',
    false,
  );
}

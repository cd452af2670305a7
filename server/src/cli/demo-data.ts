/** A small, hand-written community so a newcomer has something real-looking to explore. */
export interface DemoMember {
  handle: string;
  name: string;
  headline: string;
  bio: string;
  skills: string[];
  timeZone: string;
  links?: { label: string; url: string }[];
  work: {
    title: string;
    summary: string;
    kind: 'project' | 'talk' | 'writing' | 'delivery' | 'other';
    date: string;
    skills: string[];
    url?: string;
  }[];
}

export const DEMO_PASSWORD = 'drafting-demo-2026';

export const DEMO_MEMBERS: DemoMember[] = [
  {
    handle: 'ada',
    name: 'Ada Okafor',
    headline: 'Staff engineer, data platforms · runs this instance',
    bio: 'I build data pipelines that people can trust.\n\nI post **overflow** when my team has more good ideas than hours — mostly data quality and observability work.',
    skills: ['data-engineering', 'python', 'postgresql', 'observability'],
    timeZone: 'Europe/London',
    links: [{ label: 'Website', url: 'https://example.org/ada' }],
    work: [
      {
        title: 'Streaming ingestion for 40 sensor fleets',
        summary:
          'Replaced nightly batch loads with a streaming pipeline; data is now 2 minutes fresh instead of 24 hours.',
        kind: 'project',
        date: '2026-06-12',
        skills: ['data-engineering', 'python'],
      },
      {
        title: 'Talk: Boring data pipelines are a feature',
        summary: 'Conference talk on designing pipelines that fail loudly and recover quietly.',
        kind: 'talk',
        date: '2026-03-04',
        skills: ['data-engineering', 'observability'],
        url: 'https://example.org/talks/boring-pipelines',
      },
    ],
  },
  {
    handle: 'bruno',
    name: 'Bruno Lima',
    headline: 'Frontend developer learning accessibility the hard way',
    bio: 'Two years into my career. I like small, careful UI work and I want to get better at accessibility audits.',
    skills: ['react', 'typescript', 'accessibility', 'css'],
    timeZone: 'America/Sao_Paulo',
    work: [
      {
        title: 'Keyboard navigation for a booking widget',
        summary: 'Made a date picker fully usable with a keyboard and a screen reader.',
        kind: 'project',
        date: '2026-08-20',
        skills: ['accessibility', 'react'],
      },
      {
        title: 'Notes on focus management in SPAs',
        summary: 'A write-up of what I learnt fixing focus after route changes.',
        kind: 'writing',
        date: '2026-05-02',
        skills: ['accessibility'],
      },
    ],
  },
  {
    handle: 'chen',
    name: 'Chen Wei',
    headline: 'Product designer · design systems',
    bio: 'I design systems, not screens. Happy to review flows and component libraries.',
    skills: ['product-design', 'design-systems', 'figma', 'user-research'],
    timeZone: 'Asia/Singapore',
    work: [
      {
        title: 'Design system for a logistics dashboard',
        summary: '60 components, tokens for three brands, adopted by four teams.',
        kind: 'project',
        date: '2026-02-10',
        skills: ['design-systems', 'figma'],
      },
    ],
  },
  {
    handle: 'dana',
    name: 'Dana Kowalski',
    headline: 'Founder, climate analytics startup',
    bio: 'Too much work, not enough hands. I post well-scoped tasks and review quickly.',
    skills: ['product-management', 'climate', 'fundraising'],
    timeZone: 'Europe/Warsaw',
    work: [
      {
        title: 'Carbon accounting model for SMEs',
        summary: 'An open model used by 300 small companies to estimate scope 1–3 emissions.',
        kind: 'project',
        date: '2025-11-18',
        skills: ['climate', 'product-management'],
      },
    ],
  },
  {
    handle: 'emeka',
    name: 'Emeka Eze',
    headline: 'Backend developer · Go and PostgreSQL',
    bio: 'I like making slow queries fast and flaky systems boring.',
    skills: ['go', 'postgresql', 'performance', 'distributed-systems'],
    timeZone: 'Africa/Lagos',
    work: [
      {
        title: 'Cut p99 latency of a payments API by 70 %',
        summary: 'Index redesign and connection pooling; wrote up the method for the team.',
        kind: 'project',
        date: '2026-07-01',
        skills: ['postgresql', 'performance'],
      },
      {
        title: 'Reading EXPLAIN without fear',
        summary: 'Blog post walking through five real query plans.',
        kind: 'writing',
        date: '2026-04-15',
        skills: ['postgresql'],
      },
    ],
  },
  {
    handle: 'fatima',
    name: 'Fatima Haddad',
    headline: 'Technical writer · developer docs',
    bio: 'Docs are a product. I rewrite getting-started guides until a newcomer succeeds on the first try.',
    skills: ['technical-writing', 'documentation', 'api-design'],
    timeZone: 'Asia/Beirut',
    work: [
      {
        title: 'Rewrote the quick start of an open-source CLI',
        summary: 'Time to first success dropped from 25 to 6 minutes in user tests.',
        kind: 'writing',
        date: '2026-09-05',
        skills: ['technical-writing', 'documentation'],
      },
    ],
  },
  {
    handle: 'gus',
    name: 'Gustavo Reyes',
    headline: 'ML engineer · evaluation and data quality',
    bio: 'I care more about the evaluation set than the model.',
    skills: ['machine-learning', 'python', 'data-quality'],
    timeZone: 'America/Mexico_City',
    work: [
      {
        title: 'Evaluation harness for a support-ticket classifier',
        summary: 'Found that 12 % of labels were wrong; fixing them beat every model change.',
        kind: 'project',
        date: '2026-01-22',
        skills: ['machine-learning', 'data-quality'],
      },
    ],
  },
  {
    handle: 'hana',
    name: 'Hana Sato',
    headline: 'Junior developer, career changer from teaching',
    bio: 'Former maths teacher. Looking for real work to learn from — I explain things well and test thoroughly.',
    skills: ['javascript', 'testing', 'teaching'],
    timeZone: 'Asia/Tokyo',
    work: [
      {
        title: 'Test suite for a school timetable app',
        summary: 'Brought coverage from 10 % to 85 % and found three scheduling bugs.',
        kind: 'project',
        date: '2026-10-01',
        skills: ['testing', 'javascript'],
      },
    ],
  },
  {
    handle: 'ivan',
    name: 'Ivan Petrov',
    headline: 'Security engineer · threat modelling',
    bio: 'I help small teams find the three risks that matter before they find them the hard way.',
    skills: ['security', 'threat-modelling', 'go'],
    timeZone: 'Europe/Sofia',
    work: [
      {
        title: 'Threat model for a community health app',
        summary: 'A one-day workshop and a prioritised list of 9 fixes, 7 shipped in a month.',
        kind: 'delivery',
        date: '2026-05-28',
        skills: ['security', 'threat-modelling'],
      },
    ],
  },
  {
    handle: 'julia',
    name: 'Julia Andersson',
    headline: 'Engineering manager · open-source maintainer',
    bio: 'I maintain a popular date library and always have more issues than time.',
    skills: ['open-source', 'typescript', 'mentoring'],
    timeZone: 'Europe/Stockholm',
    work: [
      {
        title: 'Maintainer of a date-time library',
        summary: 'Six years, 40 releases, 200 contributors mentored through their first pull request.',
        kind: 'project',
        date: '2026-08-01',
        skills: ['open-source', 'typescript', 'mentoring'],
      },
    ],
  },
  {
    handle: 'kofi',
    name: 'Kofi Mensah',
    headline: 'Data analyst · dashboards people actually read',
    bio: 'SQL, spreadsheets and a strong opinion that every chart needs a sentence.',
    skills: ['sql', 'data-visualisation', 'analytics'],
    timeZone: 'Africa/Accra',
    work: [
      {
        title: 'Weekly retention report for a learning app',
        summary: 'Replaced 14 dashboards with one page and three sentences.',
        kind: 'project',
        date: '2026-07-19',
        skills: ['sql', 'data-visualisation'],
      },
    ],
  },
  {
    handle: 'lea',
    name: 'Léa Martin',
    headline: 'DevOps engineer · CI that stays green',
    bio: 'I make builds fast and deploys boring.',
    skills: ['devops', 'ci-cd', 'kubernetes', 'observability'],
    timeZone: 'Europe/Paris',
    work: [
      {
        title: 'Halved CI time for a 2 M-line monorepo',
        summary: 'Test sharding and cache keys that actually hit.',
        kind: 'project',
        date: '2026-06-30',
        skills: ['ci-cd', 'devops'],
      },
    ],
  },
];

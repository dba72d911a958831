import { journeyDriver, stepsTo } from '../support/journey-driver';
import { eventually, startMailbox, type ReceivedMail } from '../support/mailbox';
import { approver, openJourneyBody, startTestSystem, type TestSystem } from '../support/test-system';

const DAY = 150; // ms per policy day: awareness reminders at 1.05 s and 2.1 s, the letter at 3.15 s
const PRINT_ROOM = 'print-room@personal-budgets.localhost';
const NHS_DIGITS = '9434765919';

type Row = {
  id: string;
  reason: string;
  template: string;
  channel: string;
  recipient: string;
  status: string;
  dueAt: string;
  sentAt: string | null;
  failure: string | null;
  why: string | null;
  attempts: number;
  fallbackOf: string | null;
  providerId: string | null;
};

const to = (address: string) => (m: ReceivedMail) => m.envelopeTo.includes(address);
const about = (subject: string) => (m: ReceivedMail) => m.subject === subject;

describe('notifications that reach people, over a real local SMTP server', () => {
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let system: TestSystem;
  let drive: ReturnType<typeof journeyDriver>;
  beforeAll(async () => {
    mailbox = await startMailbox();
    system = await startTestSystem({ POLICY_DAY_MS: String(DAY), NOTIFY_CHANNEL: 'smtp', SMTP_URL: mailbox.url });
    drive = journeyDriver(system);
  });
  afterAll(async () => {
    await system.stop();
    await mailbox.stop();
  });

  const outbox = async (id: string): Promise<Row[]> =>
    (await system.request('GET', `/api/journeys/${id}/notifications`)).body.notifications;
  const mailFor = async (id: string) => {
    const rows = await outbox(id);
    const refs = new Set(rows.map((r) => `pbe-${id}-${r.id}`));
    return (await mailbox.messages()).filter((m) => m.reference !== undefined && refs.has(m.reference));
  };
  const waitForMail = (id: string, until: (mail: ReceivedMail[]) => boolean, ms = 30_000) =>
    eventually(
      async () => {
        const mail = await mailFor(id);
        return until(mail) ? mail : undefined;
      },
      async () => (await mailFor(id)).map((m) => `${m.envelopeTo}: ${m.subject}`).join(' | '),
      ms,
    );

  it('sends the right messages at the right points with the right content, each once, none before it is due', async () => {
    const id = await drive.open({
      person: {
        ...openJourneyBody().person,
        contact: { email: 'ada@example.org', address: '1 High Street\nLeeds\nLS1 1AA' },
        representative: { name: 'Ben Example', relationship: 'son', contact: { email: 'ben@example.org' } },
      },
    });

    // The welcome, with the first step and the expected timeline; a copy to the representative.
    let mail = await waitForMail(id, (m) => m.filter(about('Your personal health budget: what happens now')).length === 2);
    const welcome = mail.find(to('ada@example.org'))!;
    expect(welcome.text).toMatch(/^Dear Ada Example,/);
    expect(welcome.text).toContain('step 1 of 7');
    expect(welcome.text).toMatch(/We expect your support to start by about \d{1,2} \w+ \d{4}/);
    expect(welcome.html).toContain('<p>Dear Ada Example,</p>');
    const copy = mail.find(to('ben@example.org'))!;
    expect(copy.text).toContain('Dear Ben Example,\n\nYou are getting a copy of this message because you represent Ada Example.');
    // Before the person holds the ball, no reminder.
    expect(mail.filter((m) => /reminder/i.test(m.subject))).toEqual([]);

    // After each stage, what happens next; then nudges at 7 and 14 days, and a letter and a call task at 21.
    await drive.driveTo(id, 'awareness');
    mail = await waitForMail(id, (m) => m.some((x) => x.envelopeTo.includes(PRINT_ROOM)), 20_000);
    const next = mail.filter((m) => m.subject === 'Your personal health budget: what happens next' && to('ada@example.org')(m));
    expect(next).toHaveLength(1);
    expect(next[0]!.text).toContain('step 2 of 7');
    expect(next[0]!.text).toContain('The next step is yours.');
    const nudges = mail.filter((m) => m.subject === 'A reminder: the next step is yours' && to('ada@example.org')(m));
    expect(nudges).toHaveLength(2);
    const letter = mail.find(to(PRINT_ROOM))!;
    expect(letter.subject).toBe('Letter to print: We have not heard from you');
    expect(letter.text).toMatch(/^Ada Example\n1 High Street\nLeeds\nLS1 1AA\n\nDear Ada Example,/);
    let rows = await eventually(
      async () => {
        const r = await outbox(id);
        const settled = r
          .filter((x) => (x.recipient === 'person' && x.reason.includes(':person_')) || x.template === 'call_or_visit')
          .filter((x) => x.status === 'sent');
        return settled.length === 4 ? r : undefined;
      },
      async () => JSON.stringify(await outbox(id)),
    );
    expect(rows.find((r) => r.template === 'call_or_visit')).toMatchObject({ channel: 'task', recipient: 'coordinator', status: 'sent' });

    // None before it is due: every timer message reached the server at or after its due point.
    for (const row of rows.filter((r) => r.recipient === 'person' && r.reason.includes(':person_'))) {
      const sent = (await mailFor(id)).filter((m) => m.reference === `pbe-${id}-${row.id}`);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(row.dueAt));
      expect(Date.parse(row.sentAt!)).toBeGreaterThanOrEqual(Date.parse(row.dueAt));
    }

    // Told about budgets and options; then on to the budget, which is said only once it is told.
    for (const step of [...stepsTo.assessment, ...stepsTo.indicative_budget]) expect((await drive.send(id, step.body)).status).toBe(200);
    await drive.send(id, {
      type: 'set_indicative_budget',
      amountPence: 1_234_500,
      method: 'ready_reckoner',
      trace: [{ label: '12 hours a week at £19.78', amountPence: 1_234_500 }],
    });
    await drive.send(id, { type: 'record_budget_told', channel: 'phone' });
    mail = await waitForMail(id, (m) => m.some(about('Your personal health budget: how much it is')));
    expect(mail.filter(about('Your personal health budget and your choices')).filter(to('ada@example.org'))).toHaveLength(1);
    const budget = mail.find((m) => m.subject === 'Your personal health budget: how much it is' && to('ada@example.org')(m))!;
    expect(budget.text).toContain('Your budget is £12,345 a year.');
    expect(budget.text).toContain('12 hours a week at £19.78: £12,345.');
    expect(budget.text).toContain('step 5 of 7');
    const told = mail.indexOf(budget);
    expect(mail.slice(0, told).filter((m) => m.text.includes('£12,345'))).toEqual([]);

    // Each message once: one mail per outbox row and per Message-ID; never an NHS number.
    mail = await mailFor(id);
    expect(new Set(mail.map((m) => m.reference)).size).toBe(mail.length);
    expect(new Set(mail.map((m) => m.messageId)).size).toBe(mail.length);
    for (const m of mail) expect(`${m.subject}${m.text}${m.html ?? ''}`.replace(/\D/g, '')).not.toContain(NHS_DIGITS);
    rows = await outbox(id);
    // Timers keep firing (planning is the person's step): rows still in flight are left out.
    const settled = rows.filter((r) => r.channel !== 'task' && r.status !== 'queued');
    expect(settled.length).toBeGreaterThanOrEqual(12);
    for (const row of settled) expect(row).toMatchObject({ status: 'sent', attempts: 1, failure: null });
  }, 90_000);

  it('tells the person a decision with its reasons and how to challenge it, even the one that closes the journey', async () => {
    const id = await drive.open({
      pathway: 'social_care',
      person: { ...openJourneyBody().person, contact: { email: 'cara@example.org' } },
    });
    await drive.driveTo(id, 'sign_off');
    expect(
      (await drive.send(id, { type: 'refuse_plan', reasons: ['The plan pays for a holiday abroad, which care funds cannot'] }, approver))
        .status,
    ).toBe(200);
    const mail = await waitForMail(id, (m) => m.some(about('Our decision about your plan')));
    const decision = mail.find(about('Our decision about your plan'))!;
    expect(decision.envelopeTo).toEqual(['cara@example.org']);
    expect(decision.text).toContain('We have decided not to agree your plan.');
    expect(decision.text).toContain('- The plan pays for a holiday abroad, which care funds cannot.');
    expect(decision.text).toContain('Local Government and Social Care Ombudsman');
    expect((await drive.journey(id)).status).toBe('closed');
    expect(mail.filter(about('Our decision about your plan'))).toHaveLength(1);
  }, 60_000);

  it('apologises with a new date when we are late, never nudging the person about it; invites to the review before it is due', async () => {
    const late = await drive.open({ person: { ...openJourneyBody().person, contact: { email: 'dev@example.org' } } });
    // Nobody picks the referral up: the coordinator is reminded, a manager alerted, and the person gets an apology.
    let mail = await waitForMail(late, (m) => m.some(about('We are sorry for the wait')));
    const apology = mail.find(about('We are sorry for the wait'))!;
    expect(apology.text).toContain('We are sorry: this step is taking us longer than it should.');
    expect(apology.text).toMatch(/We expect your support to start by about \d{1,2} \w+ \d{4}/);
    expect(mail.filter((m) => /reminder/i.test(m.subject))).toEqual([]);
    const rows = await outbox(late);
    expect(rows.find((r) => r.template === 'apology')).toMatchObject({
      reason: expect.stringMatching(/^referral:\d+:manager_alert:5\/apology$/),
      status: 'sent',
    });
    expect(rows.filter((r) => r.channel === 'task').map((r) => r.template)).toEqual(expect.arrayContaining(['staff_reminder']));

    const active = await drive.open({ pathway: 'phb', person: { ...openJourneyBody().person, contact: { email: 'eve@example.org' } } });
    await drive.driveTo(active, 'active');
    const started = Date.now();
    // A health budget's first review is 3 months after support starts; the invitation goes 28 days before.
    mail = await waitForMail(active, (m) => m.some(about('Your personal health budget review')), 40_000);
    const invitation = mail.find(about('Your personal health budget review'))!;
    expect(invitation.text).toMatch(/It is nearly time to review your personal health budget: the review is due by \d{1,2} \w+ \d{4}\./);
    expect(invitation.text).toContain('You can have free independent advice for your review');
    expect(invitation.receivedAt.getTime() - started).toBeGreaterThanOrEqual((90 - 28) * DAY * 0.9);
  }, 90_000);

  it('falls back to a letter when the email address is refused, and to a call task when there is no postal address; the journey carries on', async () => {
    const withAddress = await drive.open({
      person: { ...openJourneyBody().person, contact: { email: 'ada@nowhere.invalid', address: '2 Low Road, York, YO1 2BB' } },
    });
    const noAddress = await drive.open({ person: { ...openJourneyBody().person, contact: { email: 'bea@nowhere.invalid' } } });

    const settled = (id: string, template: string) =>
      eventually(
        async () => {
          const r = await outbox(id);
          return r.some((x) => x.template === template && x.status !== 'queued') ? r : undefined;
        },
        async () => JSON.stringify(await outbox(id)),
      );

    await settled(withAddress, 'welcome');
    let rows = await eventually(
      async () => ((r) => (r.some((x) => x.channel === 'letter' && x.status === 'sent') ? r : undefined))(await outbox(withAddress)),
      async () => JSON.stringify(await outbox(withAddress)),
    );
    const email = rows.find((r) => r.channel === 'email')!;
    expect(email).toMatchObject({ status: 'failed', attempts: 1 });
    expect(email.failure).toMatch(/SMTP 550/);
    expect(email.failure).not.toContain('nowhere.invalid'); // the provider's words, without the address
    const letter = rows.find((r) => r.channel === 'letter')!;
    expect(letter).toMatchObject({ template: 'welcome', status: 'sent', fallbackOf: email.id, reason: `${email.reason}/letter` });
    expect(letter.why).toMatch(/email failed .*550.*a letter instead/);
    const printed = (await mailbox.messages()).filter((m) => m.reference === `pbe-${withAddress}-${letter.id}`);
    expect(printed).toHaveLength(1);
    expect(printed[0]!.text).toMatch(/^Ada Example\n2 Low Road\nYork\nYO1 2BB\n\nDear Ada Example,/);

    rows = await eventually(
      async () => ((r) => (r.some((x) => x.template === 'call_or_visit' && x.status === 'sent') ? r : undefined))(await outbox(noAddress)),
      async () => JSON.stringify(await outbox(noAddress)),
    );
    // The welcome's rows (the referral's own timers may have added staff reminders beside them).
    rows = rows.filter((r) => r.reason.startsWith('event:'));
    expect(rows.map((r) => `${r.channel}:${r.template}:${r.status}`)).toEqual([
      'email:welcome:failed',
      'letter:welcome:failed',
      'task:call_or_visit:sent',
    ]);
    expect(rows[1]!.failure).toBe('no postal address on record');
    expect(rows[2]).toMatchObject({ recipient: 'coordinator', why: expect.stringMatching(/letter failed .*phone or visit/) });

    // Nothing stopped: both journeys take their next command.
    for (const id of [withAddress, noAddress])
      expect((await drive.send(id, { type: 'assign_coordinator', coordinator: 'alice' })).status).toBe(200);
  }, 60_000);
});

describe('a provider that stays down', () => {
  it('retries, then records the failure and falls back: letter, then a call task; the journey is unaffected', async () => {
    const closed = await startMailbox();
    const url = closed.url;
    await closed.stop(); // nothing listens there now: every connection is refused
    const system = await startTestSystem({ POLICY_DAY_MS: String(DAY), NOTIFY_CHANNEL: 'smtp', SMTP_URL: url, NOTIFY_MAX_ATTEMPTS: '2' });
    try {
      const drive = journeyDriver(system);
      const id = await drive.open({
        person: { ...openJourneyBody().person, contact: { email: 'ada@example.org', address: '3 Mill Lane, Hull, HU1 3CC' } },
      });
      expect((await drive.send(id, { type: 'assign_coordinator', coordinator: 'alice' })).status).toBe(200);
      const rows: Row[] = await eventually(
        async () => {
          const r: Row[] = (await system.request('GET', `/api/journeys/${id}/notifications`)).body.notifications;
          return r.some((x) => x.template === 'call_or_visit' && x.status === 'sent') ? r : undefined;
        },
        async () => JSON.stringify((await system.request('GET', `/api/journeys/${id}/notifications`)).body),
        40_000,
      );
      const [email, letter, task] = rows.filter((r) => r.reason.startsWith('event:') && !r.reason.includes('/representative')).slice(0, 3);
      expect([email, letter, task].map((r) => `${r!.channel}:${r!.status}:${r!.attempts}`)).toEqual([
        'email:failed:2',
        'letter:failed:2',
        // Not sent by a provider: on the coordinator's task list, which the journey opened for it.
        'task:sent:0',
      ]);
      expect(email!.failure).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
      expect(email!.failure).toMatch(/gave up after 2 attempts/);
      expect((await drive.journey(id)).coordinator).toBe('alice');
    } finally {
      await system.stop();
    }
  }, 90_000);
});

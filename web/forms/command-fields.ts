import type { JourneyCommand } from '../../domain/commands';

type Options = ReadonlyArray<readonly [value: string, text: string]>;

/** One field of a command form; `name` is the command's own field name wherever the two can be the same. */
export type Field =
  | { kind: 'text' | 'textarea'; name: string; label: string; hint?: string; optional?: boolean }
  /** One item a line, sent as a list of strings. */
  | { kind: 'lines'; name: string; label: string; hint?: string; optional?: boolean }
  | { kind: 'radios' | 'checkboxes'; name: string; label: string; hint?: string; options: Options; optional?: boolean; missing?: string }
  | { kind: 'select'; name: string; label: string; hint?: string; options: Options; optional?: boolean }
  | { kind: 'yesno'; name: string; label: string; hint?: string; missing?: string; optional?: boolean }
  /** Pounds typed, pence sent: `name` is the command's pence field. */
  | { kind: 'money'; name: string; label: string; hint?: string }
  | { kind: 'date'; name: string; label: string; hint?: string }
  /** The budget's calculation, one step a line: "label = £amount". */
  | { kind: 'trace'; name: string; label: string; hint?: string }
  /** Rows of a costed plan. */
  | { kind: 'planLines'; name: string; label: string; rows: number };

export interface CommandForm {
  title: string;
  /** What the command does, in a sentence for the form's page. */
  description: string;
  button: string;
  fields: Field[];
  /** Shown as a warning: the command ends something. */
  warning?: string;
}

const channels: Options = [
  ['face_to_face', 'Face to face'],
  ['phone', 'Phone'],
  ['video', 'Video call'],
  ['letter', 'Letter'],
  ['email', 'Email'],
  ['sms', 'Text message'],
];
const channel = (label: string): Field => ({
  kind: 'radios',
  name: 'channel',
  label,
  options: channels,
  missing: 'Select how the person was told',
});
const reason = (label: string, hint?: string): Field => ({ kind: 'textarea', name: 'reason', label, hint });
const reasons = (label: string): Field => ({
  kind: 'lines',
  name: 'reasons',
  label,
  hint: 'One reason a line. The coordinator and the person will see them.',
});

/** A form for every command of the API contract (api.md, "Commands"). */
export const commandForms: Record<JourneyCommand['type'], CommandForm> = {
  assign_coordinator: {
    title: 'Assign a care coordinator',
    description: 'The coordinator looks after this journey from now on.',
    button: 'Assign coordinator',
    fields: [{ kind: 'text', name: 'coordinator', label: 'Coordinator user id', hint: 'For example, alice' }],
  },
  record_consent: {
    title: 'Record consent',
    description: 'Whether the person (or their representative) agrees to us keeping and sharing their information.',
    button: 'Record consent',
    fields: [
      { kind: 'yesno', name: 'given', label: 'Was consent given?', missing: 'Select yes if consent was given' },
      {
        kind: 'radios',
        name: 'by',
        label: 'Who gave it?',
        missing: 'Select who gave consent',
        options: [
          ['person', 'The person'],
          ['representative', 'Their representative'],
        ],
      },
    ],
  },
  record_information_given: {
    title: 'Record information given',
    description: 'What the person was told about personal budgets, and how (lessons 1, 2 and 5).',
    button: 'Record information',
    fields: [
      {
        kind: 'checkboxes',
        name: 'topics',
        label: 'What did you explain?',
        hint: 'Select all that apply',
        missing: 'Select what you explained',
        options: [
          ['personal_budgets', 'What a personal budget is'],
          ['management_options', 'The ways a budget can be managed'],
          ['independent_advice', 'Independent advice and advocacy'],
          ['peer_support', 'Peer support and local groups'],
          ['money_support', 'Help with managing money and employing staff'],
        ],
      },
      channel('How was it given?'),
      {
        kind: 'select',
        name: 'format',
        label: 'Format (optional)',
        optional: true,
        options: [
          ['', 'Not recorded'],
          ['standard', 'Standard'],
          ['easy_read', 'Easy read'],
          ['large_print', 'Large print'],
        ],
      },
    ],
  },
  record_decision: {
    title: "Record the person's decision",
    description: 'Whether the person wants to go ahead with a personal budget.',
    button: 'Record decision',
    fields: [
      {
        kind: 'radios',
        name: 'decision',
        label: 'What did the person decide?',
        missing: 'Select what the person decided',
        options: [
          ['proceed', 'Go ahead'],
          ['decline', 'Decline (closes the journey)'],
          ['defer', 'Decide later'],
        ],
      },
    ],
  },
  record_assessment: {
    title: 'Record the assessment',
    description: 'The outcome of the needs assessment and eligibility decision.',
    button: 'Record assessment',
    fields: [
      {
        kind: 'radios',
        name: 'outcome',
        label: 'Outcome',
        options: [
          ['eligible', 'Eligible'],
          ['ineligible', 'Not eligible (closes the journey)'],
        ],
      },
      { kind: 'lines', name: 'needs', label: 'Assessed needs', hint: 'One need a line', optional: true },
      { kind: 'textarea', name: 'reason', label: 'Reason (required when not eligible)', optional: true },
    ],
  },
  set_indicative_budget: {
    title: 'Set the indicative budget',
    description: 'The amount a year the person can plan with, and how it was worked out (shown to them).',
    button: 'Set budget',
    fields: [
      { kind: 'money', name: 'amountPence', label: 'Amount a year', hint: 'In pounds, for example 20000 or 20,000.50' },
      {
        kind: 'radios',
        name: 'method',
        label: 'How was it worked out?',
        missing: 'Select how the budget was worked out',
        options: [
          ['ras', 'Resource allocation system (points)'],
          ['ready_reckoner', 'Ready reckoner (hours times rate)'],
          ['estimate', 'Estimate'],
        ],
      },
      {
        kind: 'trace',
        name: 'trace',
        label: 'The calculation',
        hint: 'One step a line, ending with = and an amount, for example: 20 hours a week at £19.23 = £20,000',
      },
    ],
  },
  record_budget_told: {
    title: 'Record that the person was told the amount',
    description: 'Planning starts only once the person knows how much money they have (lesson 3).',
    button: 'Record budget told',
    fields: [channel('How were they told?')],
  },
  record_advice_offer: {
    title: 'Record the offer of independent advice',
    description: 'Independent advice must be offered before sign-off, and again at each review (lesson 4).',
    button: 'Record advice offer',
    fields: [
      {
        kind: 'radios',
        name: 'outcome',
        label: 'What did the person say?',
        options: [
          ['accepted', 'Accepted'],
          ['declined', 'Declined'],
          ['later', 'Maybe later'],
        ],
      },
      { kind: 'text', name: 'provider', label: 'Advice provider (optional)', optional: true },
    ],
  },
  submit_plan: {
    title: 'Submit the support plan',
    description: 'The costed plan goes for sign-off.',
    button: 'Submit plan',
    fields: [
      { kind: 'lines', name: 'outcomes', label: 'Outcomes the person wants', hint: 'One outcome a line' },
      { kind: 'planLines', name: 'lines', label: 'Costed lines', rows: 3 },
      { kind: 'lines', name: 'risks', label: 'Risks (optional)', hint: 'One risk a line', optional: true },
      { kind: 'textarea', name: 'contingency', label: 'Contingency (optional)', optional: true },
    ],
  },
  approve_plan: {
    title: 'Approve the plan',
    description: 'The plan is signed off and support can be set up.',
    button: 'Approve plan',
    fields: [],
  },
  return_plan: {
    title: 'Return the plan',
    description: 'The plan goes back to planning with your reasons.',
    button: 'Return plan',
    fields: [reasons('Why are you returning it?')],
  },
  refuse_plan: {
    title: 'Refuse the plan',
    description: 'The plan is refused with your reasons, and the journey closes.',
    button: 'Refuse plan',
    warning: 'Refusing closes the journey. To ask for changes, return the plan instead.',
    fields: [reasons('Why are you refusing it?')],
  },
  record_support_started: {
    title: 'Record that support started',
    description: 'The first service or first payment: the plan is in place.',
    button: 'Record support started',
    fields: [{ kind: 'date', name: 'date', label: 'When did support start?', hint: 'For example, 27 3 2026' }],
  },
  complete_review: {
    title: 'Complete the review',
    description: 'Keep the plan, amend it (back to planning) or reassess (back to assessment).',
    button: 'Complete review',
    fields: [
      {
        kind: 'radios',
        name: 'outcome',
        label: 'Outcome',
        options: [
          ['keep', 'Keep the plan'],
          ['amend', 'Amend the plan'],
          ['reassess', 'Reassess needs'],
        ],
      },
      { kind: 'textarea', name: 'notes', label: 'Review notes (optional)', optional: true },
    ],
  },
  request_review: {
    title: 'Request a review',
    description: 'A review before its date, for example when needs change.',
    button: 'Request review',
    fields: [reason('Why is a review needed?')],
  },
  put_on_hold: {
    title: 'Put the journey on hold',
    description: "For example during a hospital stay: the person's clocks stop; the organisation's do not.",
    button: 'Put on hold',
    fields: [reason('Why is it on hold?')],
  },
  resume: { title: 'Resume the journey', description: 'The journey carries on from where it stopped.', button: 'Resume', fields: [] },
  withdraw: {
    title: 'Withdraw',
    description: 'The person no longer wants a personal budget.',
    button: 'Withdraw',
    warning: 'Withdrawing closes the journey.',
    fields: [reason('Why?')],
  },
  close: {
    title: 'Close the journey',
    description: 'The journey ends.',
    button: 'Close journey',
    warning: 'Closing ends the journey and stops every reminder.',
    fields: [
      {
        kind: 'radios',
        name: 'reason',
        label: 'Why is it closing?',
        options: [
          ['died', 'The person died'],
          ['moved', 'The person moved away'],
          ['no_longer_eligible', 'No longer eligible'],
          ['ended', 'The budget ended'],
          ['other', 'Another reason'],
        ],
      },
    ],
  },
  update_preferences: {
    title: 'Change how the person hears from us',
    description: 'Every message from now on goes this way (lesson 5). Leave out what stays the same.',
    button: 'Save their preferences',
    fields: [
      {
        kind: 'radios',
        name: 'channel',
        label: 'How do they want to hear from us?',
        optional: true,
        options: [
          ['email', 'Email'],
          ['sms', 'Text message'],
          ['letter', 'Letter'],
        ],
      },
      {
        kind: 'radios',
        name: 'format',
        label: 'In which format?',
        optional: true,
        options: [
          ['standard', 'Standard'],
          ['easy_read', 'Easy read'],
          ['large_print', 'Large print'],
        ],
      },
      { kind: 'text', name: 'language', label: 'Language', hint: 'A language tag, for example en or cy', optional: true },
      { kind: 'yesno', name: 'copyToRepresentative', label: 'Should their representative get a copy?', optional: true },
    ],
  },
  request_advice: {
    title: 'Ask for independent advice',
    description: 'Independent advice, not only from professionals (lesson 4): the coordinator arranges it.',
    button: 'Ask for advice',
    fields: [{ kind: 'textarea', name: 'about', label: 'What is the advice about?', optional: true }],
  },
};

export const fundingStreams: Options = [
  ['nhs', 'NHS'],
  ['social_care', 'Social care'],
  ['education', 'Education'],
];
export const managementOptions: Options = [
  ['notional', 'Notional (we buy it)'],
  ['third_party', 'Third party holds it'],
  ['direct_payment', 'Direct payment'],
];

import type { CommandOf } from '../domain/commands';
import type { PlanLineData, TraceLine } from '../domain/events';
import type { FundingStream, ManagementOption, Pathway, SignOffRoute } from '../domain/vocabulary';
import { managementOptionShares } from './mix';
import type { Random } from './prng';

type Method = CommandOf<'set_indicative_budget'>['method'];
export interface Indicative {
  amountPence: number;
  method: Method;
  trace: TraceLine[];
}

const hourlyRatesPence = [2150, 2280, 2350, 2450, 2600] as const;

function readyReckoner(random: Random, label: string, hoursMin: number, hoursMax: number): TraceLine {
  const hours = random.int(hoursMin, hoursMax);
  const rate = random.pick(hourlyRatesPence);
  return { label: `${label}: ${hours} hours a week at £${(rate / 100).toFixed(2)}, 52 weeks`, amountPence: hours * rate * 52 };
}

function ras(random: Random, pointsMin: number, pointsMax: number): TraceLine {
  const points = random.int(pointsMin, pointsMax);
  const perPoint = random.int(180, 260) * 100;
  return { label: `Resource allocation: ${points} points at £${perPoint / 100} a point`, amountPence: points * perPoint };
}

/** The indicative amount with a trace the person can follow; the trace always sums to the amount. */
export function indicativeBudget(random: Random, pathway: Pathway): Indicative {
  let method: Method;
  let trace: TraceLine[];
  switch (pathway) {
    case 'phb': {
      method = 'estimate';
      const chair = random.int(60, 600) * 1000;
      trace = [{ label: 'Wheelchair, seating and accessories (estimate)', amountPence: chair }];
      if (random.chance(0.5))
        trace.push({ label: 'Maintenance and repairs for a year (estimate)', amountPence: random.int(10, 60) * 1000 });
      break;
    }
    case 'chc':
      method = 'ready_reckoner';
      trace = [readyReckoner(random, 'Care at home', 10, 60)];
      break;
    case 'chc_fast_track':
      method = 'ready_reckoner';
      trace = [readyReckoner(random, 'Care at home', 20, 60), readyReckoner(random, 'Night sitting', 7, 28)];
      break;
    case 'social_care':
      method = 'ras';
      trace = [ras(random, 15, 90)];
      break;
    case 'integrated':
      method = 'ready_reckoner';
      trace = [
        readyReckoner(random, 'Health care support', 4, 20),
        ras(random, 10, 40),
        { label: 'Education support in the EHC plan', amountPence: random.int(20, 150) * 10000 },
      ];
      break;
  }
  return { amountPence: trace.reduce((sum, line) => sum + line.amountPence, 0), method, trace };
}

/** Final budget as a multiple of the indicative, inside the band of the route, with a margin from its limits. */
const ratioBands: Record<SignOffRoute, [number, number]> = {
  team_lead: [0.8, 1.09],
  manager: [1.115, 1.24],
  panel: [1.27, 1.7],
};

type LineTemplate = { description: string; fundingStream: FundingStream; weight: number };
const lineTemplates: Record<Pathway, LineTemplate[]> = {
  phb: [
    { description: 'Wheelchair and seating', fundingStream: 'nhs', weight: 0.85 },
    { description: 'Maintenance and repairs', fundingStream: 'nhs', weight: 0.15 },
  ],
  chc: [
    { description: 'Personal assistant hours', fundingStream: 'nhs', weight: 0.7 },
    { description: 'Respite breaks', fundingStream: 'nhs', weight: 0.2 },
    { description: 'Equipment and therapies', fundingStream: 'nhs', weight: 0.1 },
  ],
  chc_fast_track: [
    { description: 'Care at home', fundingStream: 'nhs', weight: 0.75 },
    { description: 'Night sitting', fundingStream: 'nhs', weight: 0.25 },
  ],
  social_care: [
    { description: 'Personal assistant hours', fundingStream: 'social_care', weight: 0.65 },
    { description: 'Day opportunities', fundingStream: 'social_care', weight: 0.25 },
    { description: 'Travel to activities', fundingStream: 'social_care', weight: 0.1 },
  ],
  integrated: [
    { description: 'Health care support at home', fundingStream: 'nhs', weight: 0.4 },
    { description: 'Short breaks', fundingStream: 'social_care', weight: 0.35 },
    { description: 'Education support (EHC plan)', fundingStream: 'education', weight: 0.25 },
  ],
};

/** The costed plan's lines, totalling `ratio` x indicative; a fifth of plans mix two management options. */
export function planLines(random: Random, pathway: Pathway, indicativePence: number, route: SignOffRoute): PlanLineData[] {
  const [low, high] = ratioBands[route];
  const total = Math.round(indicativePence * random.between(low, high));
  const templates = lineTemplates[pathway];
  // Wheelchair plans are often a single line; integrated plans keep every stream, education included.
  const used = pathway === 'phb' && random.chance(0.6) ? templates.slice(0, 1) : templates;
  const weightSum = used.reduce((sum, t) => sum + t.weight, 0);
  const primary = random.weighted(managementOptionShares[pathway]);
  const secondary: ManagementOption = random.chance(0.2) ? random.pick(['notional', 'third_party', 'direct_payment'] as const) : primary;
  let remaining = total;
  return used.map((template, i) => {
    const last = i === used.length - 1;
    const amount = last ? remaining : Math.round((total * template.weight) / weightSum);
    remaining -= amount;
    return {
      description: template.description,
      fundingStream: template.fundingStream,
      managementOption: i === 0 ? primary : secondary,
      annualCostPence: amount,
    };
  });
}

export const planOutcomes: Record<Pathway, readonly string[]> = {
  phb: ['Get out and about independently', 'Go back to work', 'Sit comfortably all day'],
  chc: ['Stay living at home', 'Choose who provides my care', 'Keep in touch with friends'],
  chc_fast_track: ['Die at home with my family', 'Be free of pain'],
  social_care: ['Stay living at home', 'Do the shopping myself', 'See friends every week'],
  integrated: ['Go to a local school', 'Have short breaks with friends', 'Give my family a rest'],
};

export const needsByPathway: Record<Pathway, readonly string[]> = {
  phb: ['mobility', 'posture and seating', 'pressure care'],
  chc: ['personal care', 'nursing needs', 'behaviour', 'breathing', 'nutrition'],
  chc_fast_track: ['end of life care', 'pain management', 'personal care'],
  social_care: ['personal care', 'getting out', 'meals', 'keeping safe at home'],
  integrated: ['communication', 'health care at school', 'personal care', 'short breaks'],
};

export const planRisks = ['Carer unavailable', 'Personal assistant leaves', 'Equipment breaks down', 'Hospital admission'] as const;

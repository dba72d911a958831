import { addDays } from '../domain/dates';
import type { Pathway } from '../domain/vocabulary';
import { fakeNhsNumber } from './fake-nhs-number';
import type { Random } from './prng';

/** A `people` row as the API writes it, for a person who obviously does not exist. */
export interface SyntheticPerson {
  name: string;
  nhsNumber: string;
  dateOfBirth: string;
  contact: { email?: string; phone?: string; address?: string };
  preferences: { channel: 'email' | 'sms' | 'letter'; format: 'standard' | 'easy_read' | 'large_print'; language: string };
}

/** Age range in years at referral, by pathway: children and young people are on the integrated pathway. */
const ages: Record<Pathway, [number, number]> = {
  phb: [5, 90],
  chc: [40, 98],
  chc_fast_track: [50, 100],
  social_care: [18, 98],
  integrated: [1, 24],
};

/**
 * `number` names the person ("Synthetic Person 123"); contact details use reserved ranges: example.org
 * addresses and Ofcom's drama numbers (07700 900xxx).
 */
export function syntheticPerson(random: Random, number: number, pathway: Pathway, openedOn: string): SyntheticPerson {
  const [minAge, maxAge] = ages[pathway];
  const dateOfBirth = addDays(openedOn, -Math.round(random.between(minAge, maxAge + 1) * 365.25));
  const channel = random.weighted({ email: 0.45, sms: 0.2, letter: 0.35 });
  const contact = {
    ...(channel === 'email' || random.chance(0.3) ? { email: `synthetic.person.${number}@example.org` } : {}),
    ...(channel === 'sms' || random.chance(0.5) ? { phone: `07700 900${String(random.int(0, 999)).padStart(3, '0')}` } : {}),
    ...(channel === 'letter' || random.chance(0.5) ? { address: `${random.int(1, 200)} Synthetic Street, Testtown` } : {}),
  };
  const format = random.weighted({ standard: 0.9, easy_read: 0.06, large_print: 0.04 });
  const language = random.weighted({ en: 0.92, cy: 0.03, pl: 0.02, ur: 0.02, pa: 0.01 });
  return {
    name: `Synthetic Person ${number}`,
    nhsNumber: fakeNhsNumber(random),
    dateOfBirth,
    contact,
    preferences: { channel, format, language },
  };
}

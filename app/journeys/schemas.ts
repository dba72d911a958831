import { z } from 'zod';
import { CalendarDate, Pathway } from '../../domain/vocabulary';
import { isValidNhsNumber } from '../../domain/nhs-number';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const NhsNumber = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .refine(isValidNhsNumber, 'must be a valid 10-digit NHS number (modulus 11 check)');

const Contact = z.object({
  email: z.email('must be an email address').max(320).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'must be a phone number')
    .optional(),
  address: text(500).optional(),
});

const Preferences = z.object({
  channel: z.enum(['email', 'sms', 'letter']),
  format: z.enum(['standard', 'easy_read', 'large_print']).default('standard'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or cy')
    .default('en'),
});

/** The contact detail each channel needs. */
export const contactFor = { email: 'email', sms: 'phone', letter: 'address' } as const;

export const Person = z
  .object({
    name: text(200),
    nhsNumber: NhsNumber,
    dateOfBirth: CalendarDate,
    contact: Contact,
    preferences: Preferences,
    representative: z.object({ name: text(200), relationship: text(100), contact: Contact }).optional(),
  })
  // Lesson 5: reminders go in the person's own channel, so that channel needs an address to reach them.
  .refine((p) => p.contact[contactFor[p.preferences.channel]] !== undefined, {
    path: ['contact'],
    message: 'must include the contact detail for the preferred channel (email, phone or address)',
  });

/** `POST /api/journeys`. */
export const OpenJourneyRequest = z.object({
  person: Person,
  pathway: Pathway,
  team: text(100),
  referralSource: text(200),
});
export type OpenJourneyRequest = z.infer<typeof OpenJourneyRequest>;

/** The command envelope's own field; the rest of the body is a `JourneyCommand`. */
export const CommandOptions = z.object({ expectedVersion: z.number().int().nonnegative().optional() });

import { generateJourneyScript, type JourneyScript } from '../../../workload/journey-script';

export const NOW = new Date('2026-01-15T12:00:00.000Z');

/** A stable, UUID-shaped id per index, so that scripts compare equal across runs. */
export const idFor = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;

export function scripts(seed: number, count: number, options: { reminders?: boolean } = {}): JourneyScript[] {
  return Array.from({ length: count }, (_, index) => generateJourneyScript({ seed, index, journeyId: idFor(index), now: NOW, ...options }));
}

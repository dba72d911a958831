import { longDate } from '../next-steps/words';
import { choose, type TemplateContext } from './context';

/** Lesson 7: the expected timeline, sent at the start and after every stage, recomputed as steps slip. */
export function timelineLines(c: TemplateContext): string[] {
  const f = c.forecast;
  if (!f || c.state.status !== 'open') return [];
  const p50 = longDate(f.completionP50);
  const p90 = longDate(f.completionP90);
  // Within a day of each other (short stages, or a demo's short policy days), one date says it.
  const range = (p: string) => (p90 === p50 ? `${p} or soon after` : `${p}, and by ${p90} at the latest in most cases`);
  if (f.goal === 'review_complete')
    return choose(c, [`We expect your review to be finished by about ${range(p50)}.`], [`We think your review will be done by ${p50}.`]);
  return choose(
    c,
    [`We expect your support to start by about ${range(p50)}.`, 'We will tell you if this changes.'],
    [`We think your support will start by ${p50}.`, 'We will tell you if this changes.'],
  );
}

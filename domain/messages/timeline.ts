import { longDate } from '../next-steps/words';
import { choose, type TemplateContext } from './context';

/** Lesson 7: the expected timeline, sent at the start and after every stage, recomputed as steps slip. */
export function timelineLines(c: TemplateContext): string[] {
  const f = c.forecast;
  if (!f || c.state.status !== 'open') return [];
  const p50 = longDate(f.completionP50);
  const p90 = longDate(f.completionP90);
  if (f.goal === 'review_complete')
    return choose(c, [`We expect your review to be finished by about ${p50}, and by ${p90} at the latest in most cases.`], [`We think your review will be done by ${p50}.`]);
  return choose(
    c,
    [`We expect your support to start by about ${p50}, and by ${p90} at the latest in most cases.`, 'We will tell you if this changes.'],
    [`We think your support will start by ${p50}.`, 'We will tell you if this changes.'],
  );
}

import type { Pathway } from '../vocabulary';
import { choose, type TemplateContext } from './context';

/** Who looks at a decision again, by who pays: the NHS's review and ombudsman, the council's, or both. */
function routes(pathway: Pathway | null, ineligible: boolean): { standard: string[]; easy: string[] } {
  const nhs = pathway === 'chc' || pathway === 'chc_fast_track' || pathway === 'phb' || pathway === 'integrated' || pathway === null;
  const council = pathway === 'social_care' || pathway === 'integrated' || pathway === null;
  const standard: string[] = [];
  const easy: string[] = [];
  if (nhs && ineligible && (pathway === 'chc' || pathway === 'chc_fast_track')) {
    standard.push(
      'You can ask the NHS to look at this decision again (a local review). Please ask within 6 months of this letter.',
      'If you still disagree after the local review, you can ask NHS England for an independent review.',
    );
    easy.push('You can ask the NHS to look at it again.', 'Please ask within 6 months.');
  } else if (nhs) {
    standard.push(
      'You can ask us to look at this decision again, or make a complaint to the NHS.',
      'If you are still unhappy, you can ask the Parliamentary and Health Service Ombudsman to look at it.',
    );
    easy.push('You can ask us to look at it again.', 'You can complain.');
  }
  if (council) {
    standard.push(
      'You can ask the council to look at this decision again, or make a complaint to the council.',
      'If you are still unhappy, you can ask the Local Government and Social Care Ombudsman to look at it.',
    );
    if (!nhs) easy.push('You can ask us to look at it again.', 'You can complain.');
  }
  return { standard, easy };
}

/** A decision always says how to challenge it, and that an advocate can help, free of charge. */
export function challengeLines(c: TemplateContext, ineligible: boolean): string[] {
  const r = routes(c.pathway, ineligible);
  return choose(
    c,
    [
      'If you disagree with this decision:',
      ...r.standard,
      'An independent advocate can help you do this, free of charge. Ask us and we will put you in touch.',
    ],
    ['Do you think this is wrong?', ...r.easy, 'Someone can help you with this.', 'It is free.'],
  );
}

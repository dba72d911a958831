import { longDate } from '../next-steps/words';
import type { Pathway } from '../vocabulary';
import { choose, type TemplateContext, type TemplateText } from './context';
import type { TemplateId } from './templates';

/**
 * Welsh versions of the messages most often sent: the welcome, reminders and review invitations. They are
 * sent with the English text after them (as Welsh public bodies do), so nothing is lost where a Welsh
 * sentence says less than the English one. A Welsh translator should check them before use in earnest.
 */
const months = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];

const welshDate = (iso: string): string => longDate(iso, months);

function budgetName(pathway: Pathway | null): string {
  switch (pathway) {
    case 'chc':
    case 'chc_fast_track':
    case 'phb':
      return 'cyllideb iechyd bersonol';
    case 'integrated':
      return 'cyllideb bersonol ar y cyd';
    default:
      return 'cyllideb bersonol';
  }
}

function timeline(c: TemplateContext): string[] {
  if (!c.forecast || c.state.status !== 'open') return [];
  return c.forecast.goal === 'review_complete'
    ? [`Rydym yn disgwyl i'ch adolygiad orffen erbyn tua ${welshDate(c.forecast.completionP50)}.`]
    : [
        `Rydym yn disgwyl i'ch cymorth ddechrau erbyn tua ${welshDate(c.forecast.completionP50)}.`,
        'Byddwn yn dweud wrthych os bydd hyn yn newid.',
      ];
}

export const welshTemplates: Partial<Record<TemplateId, (c: TemplateContext) => TemplateText>> = {
  welcome: (c) => ({
    subject: `Eich ${budgetName(c.pathway)}: beth sy'n digwydd nawr`,
    lines: [
      `Rydym wedi dechrau gweithio ar eich ${budgetName(c.pathway)}.`,
      ...choose(
        c,
        ["Arian i dalu am eich cymorth yw hwn. Byddwn yn dweud wrthych faint yw e, a gallwch gynllunio sut i'w ddefnyddio."],
        ['Arian ar gyfer eich cymorth yw hwn.', 'Byddwn yn dweud wrthych faint yw e.'],
      ),
      ...timeline(c),
    ],
  }),
  reminder: (c) => ({
    subject: c.dueKind === 'person_letter' ? 'Nid ydym wedi clywed gennych' : "Nodyn atgoffa: mae'r cam nesaf yn eich dwylo chi",
    lines: [
      c.dueKind === 'person_letter'
        ? 'Rydym yn ysgrifennu atoch oherwydd nad ydym wedi clywed gennych ers tro.'
        : "Nodyn atgoffa yw hwn: mae'r cam nesaf yn eich dwylo chi.",
      'Cysylltwch â ni os oes angen help arnoch.',
    ],
  }),
  review_invitation: (c) => ({
    subject: `Adolygiad o'ch ${budgetName(c.pathway)}`,
    lines: [
      c.state.nextReviewDue
        ? `Mae adolygiad o'ch ${budgetName(c.pathway)} yn ddyledus erbyn ${welshDate(c.state.nextReviewDue)}.`
        : `Mae'n bryd adolygu eich ${budgetName(c.pathway)}.`,
      "Bydd eich cydlynydd gofal yn cysylltu â chi i'w drefnu.",
      'Gallwch gael cyngor annibynnol am ddim hefyd.',
    ],
  }),
};

export const welsh = {
  dear: (name: string) => `Annwyl ${name},`,
  copy: (person: string) => `Rydych yn cael copi o'r neges hon oherwydd eich bod yn cynrychioli ${person}.`,
  englishBelow: "Mae'r neges yn Saesneg isod.",
  regards: (team: string) => ['Gyda chofion,', `Tîm ${team}`],
};

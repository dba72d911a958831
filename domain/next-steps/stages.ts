import type { Stage } from '../vocabulary';
import { type Ctx, pick, type StageText } from './context';
import { assessment, awareness, indicativeBudget, referral } from './early';
import { active, planning, review, setup, signOff } from './later';

const steps: Partial<Record<Stage, [number, string]>> = {
  referral: [1, 'getting started'],
  awareness: [2, 'finding out about budgets'],
  assessment: [3, 'looking at your needs'],
  indicative_budget: [4, 'working out your budget'],
  planning: [5, 'making your plan'],
  sign_off: [6, 'approving your plan'],
  setup: [7, 'setting up your support'],
};

function step(c: Ctx): string[] {
  const entry = steps[c.state.stage];
  if (!entry) return [];
  const [n, title] = entry;
  return pick(c, [`You are at step ${n} of 7: ${title}.`], [`You are at step ${n} of 7.`]);
}

/** When the person holds the ball at a step that has no wording of its own for it. */
const genericTodo = (c: Ctx) =>
  pick(
    c,
    ['What you need to do: contact your care coordinator to agree the next step.'],
    ['Please contact your care coordinator.', 'They will tell you what to do next.'],
  );

/** The wording for an open journey's current step. */
export function stageText(c: Ctx): StageText {
  let text: StageText;
  switch (c.state.stage) {
    case 'referral':
      text = referral(c);
      break;
    case 'awareness':
      text = awareness(c);
      break;
    case 'assessment':
      text = assessment(c);
      break;
    case 'indicative_budget':
      text = indicativeBudget(c);
      break;
    case 'planning':
      text = planning(c);
      break;
    case 'sign_off':
      text = signOff(c);
      break;
    case 'setup':
      text = setup(c);
      break;
    case 'active':
      text = active(c);
      break;
    case 'review':
      text = review(c);
      break;
    case 'closed':
      // Closed journeys have their own wording (closed.ts); a journey still open here has nothing to add.
      text = { where: [], next: [], todo: [] };
      break;
  }
  const todo = c.state.waitingOn === 'person' && text.todo.length === 0 ? genericTodo(c) : text.todo;
  return { where: [...step(c), ...text.where], next: text.next, todo };
}

import { duePoints } from '../../../domain/schedule';
import { DAY, given, journey, person, system } from './decider-spec';

describe('record_reminder (the workflow, when a timer fires)', () => {
  it('records the due point with its kind and recipient', () => {
    const j = journey().to('awareness');
    const [point] = duePoints(j.state, DAY);
    given(j)
      .when({ type: 'record_reminder', key: point!.key }, system)
      .then([{ type: 'reminder_sent', data: { key: point!.key, kind: 'person_reminder', to: 'person' } }]);
  });

  it('refuses a point already recorded', () => {
    const j = journey().to('awareness');
    const [point] = duePoints(j.state, DAY);
    j.run({ type: 'record_reminder', key: point!.key }, system);
    given(j).when({ type: 'record_reminder', key: point!.key }, system).thenRejects('reminder_already_sent');
  });

  it('refuses a point of a stage the journey has left', () => {
    const j = journey().to('awareness');
    const [point] = duePoints(j.state, DAY);
    j.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' });
    j.run({ type: 'record_decision', decision: 'proceed' }, person);
    given(j).when({ type: 'record_reminder', key: point!.key }, system).thenRejects('reminder_not_due');
  });

  it("refuses a person's reminder while the journey is on hold", () => {
    const j = journey().to('awareness');
    const [point] = duePoints(j.state, DAY);
    j.run({ type: 'put_on_hold', reason: 'Hospital stay' });
    given(j).when({ type: 'record_reminder', key: point!.key }, system).thenRejects('reminder_not_due');
  });

  it('refuses any point of a closed journey', () => {
    const j = journey().to('awareness');
    const [point] = duePoints(j.state, DAY);
    j.run({ type: 'close', reason: 'moved' });
    given(j).when({ type: 'record_reminder', key: point!.key }, system).thenRejects('journey_closed');
  });

  it('keeps only the current wait in state', () => {
    const j = journey().to('awareness');
    for (const point of duePoints(j.state, DAY)) j.run({ type: 'record_reminder', key: point.key }, system);
    expect(j.state.clock.fired).toHaveLength(5);
    j.run({ type: 'record_information_given', topics: ['personal_budgets', 'management_options'], channel: 'phone' });
    j.run({ type: 'record_decision', decision: 'proceed' }, person);
    expect(j.state.clock.fired).toEqual([]);
  });
});

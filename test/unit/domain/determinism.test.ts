import { duePoints } from '../../../domain/schedule';
import { DAY, journey, system } from './decider-spec';

describe('the domain is deterministic', () => {
  const now = Date.now;
  const random = Math.random;
  beforeAll(() => {
    Date.now = () => {
      throw new Error('the domain must not read the clock');
    };
    Math.random = () => {
      throw new Error('the domain must not use randomness');
    };
  });
  afterAll(() => {
    Date.now = now;
    Math.random = random;
  });

  it('runs a whole journey and its schedule without the clock or randomness, twice to the same result', () => {
    const run = () => {
      const j = journey('integrated').to('active').wait(100);
      for (const point of duePoints(j.state, DAY)) j.run({ type: 'record_reminder', key: point.key }, system);
      j.to('review').to('active');
      return { events: j.events, state: j.state, due: duePoints(j.state, DAY) };
    };
    expect(run()).toEqual(run());
  });
});

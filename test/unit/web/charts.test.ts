import { barChart } from '../../../web/charts/bar-chart';
import { flowChart } from '../../../web/charts/flow-chart';
import { niceScale } from '../../../web/charts/svg';
import { timelineChart } from '../../../web/charts/timeline-chart';

describe('server-drawn charts', () => {
  test('axes: counts get whole steps, and the top covers the largest value', () => {
    expect(niceScale(1, { whole: true })).toEqual({ max: 1, step: 1 });
    expect(niceScale(37, { whole: true })).toEqual({ max: 40, step: 10 });
    expect(niceScale(0.9)).toEqual({ max: 1, step: 0.2 });
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
  });

  test('labels are escaped, and a chart is an image with a title and a description', () => {
    const svg = barChart([{ label: '<script>', parts: [{ value: 3, className: 'pbe-ok', name: 'a&b' }] }], 'Title "quoted"', 'Described');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="(chart-\d+)-title \1-desc"/);
    expect(svg).toContain('<title id="');
    expect(svg).toContain('Title &quot;quoted&quot;');
    expect(svg).not.toMatch(/style=/);
  });

  test('the timeline draws a segment per party, a target mark per stage, and a band per stage to come', () => {
    const svg = timelineChart(
      [
        {
          stage: 'referral',
          days: 3,
          targetDays: 5,
          waitingOn: [{ party: 'coordinator', days: 3 }],
          breached: false,
          leftAt: '2026-01-04T00:00:00Z',
        },
        {
          stage: 'awareness',
          days: 10,
          targetDays: 14,
          waitingOn: [
            { party: 'coordinator', days: 2 },
            { party: 'person', days: 8 },
          ],
          breached: false,
          leftAt: null,
        },
      ],
      [
        { stage: 'awareness', p50Days: 2, p90Days: 6 },
        { stage: 'assessment', p50Days: 21, p90Days: 60 },
      ],
    );
    expect(svg.match(/class="pbe-party /g)).toHaveLength(3);
    expect(svg.match(/class="pbe-target"/g)).toHaveLength(2);
    expect(svg.match(/class="pbe-band"/g)).toHaveLength(2);
    expect(svg).toContain('assessment');
  });

  test('cumulative flow stacks a band per stage', () => {
    const svg = flowChart(
      [
        { date: '2026-01-01T00:00:00Z', counts: { awareness: 2, planning: 1 } },
        { date: '2026-01-02T00:00:00Z', counts: { awareness: 1, planning: 3 } },
      ],
      ['awareness', 'planning'],
    );
    expect(svg.match(/<polygon class="pbe-stage /g)).toHaveLength(2);
    expect(svg).toContain('2026-01-02');
  });
});

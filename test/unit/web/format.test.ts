import { pathwayLabel, pathwayLabels } from '../../../web/format';
import { Pathway } from '../../../domain/vocabulary';

describe('pathway labels', () => {
  it('names every pathway as staff write it, with the NHS acronym intact', () => {
    for (const pathway of Pathway.options) expect(pathwayLabels[pathway]).toMatch(/^[A-Z]/);
    expect(pathwayLabel('chc')).toBe('NHS Continuing Healthcare');
    expect(Object.values(pathwayLabels).join(' ')).not.toMatch(/\bChc\b|\bNhs\b|\bPhb\b/);
  });

  it('falls back to the humanised value for a pathway it does not know, and to nothing for a non-string', () => {
    expect(pathwayLabel('new_pathway')).toBe('New pathway');
    expect(pathwayLabel(undefined)).toBe('');
  });
});

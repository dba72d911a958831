import { isValidNhsNumber } from '../../../domain/nhs-number';
import { fakeNhsNumber } from '../../../workload/fake-nhs-number';
import { createRandom } from '../../../workload/prng';
import { syntheticPerson } from '../../../workload/synthetic-person';

describe('synthetic people', () => {
  it('have valid NHS numbers in the 999 range reserved for testing', () => {
    const random = createRandom(1);
    for (let i = 0; i < 2000; i++) {
      const number = fakeNhsNumber(random);
      expect(number).toMatch(/^999\d{7}$/);
      expect(isValidNhsNumber(number)).toBe(true);
    }
  });

  it('are obviously fake, and reachable in their preferred channel', () => {
    const random = createRandom(2);
    for (let i = 0; i < 500; i++) {
      const person = syntheticPerson(random, i + 1, 'integrated', '2025-06-01');
      expect(person.name).toBe(`Synthetic Person ${i + 1}`);
      const needed = { email: 'email', sms: 'phone', letter: 'address' } as const;
      expect(person.contact[needed[person.preferences.channel]]).toBeDefined();
      if (person.contact.email) expect(person.contact.email).toMatch(/@example\.org$/);
      if (person.contact.phone) expect(person.contact.phone).toMatch(/^07700 900\d{3}$/);
      // Children and young people: under 25 when referred.
      expect(person.dateOfBirth > '2000-06-01').toBe(true);
    }
  });
});

import { DeliveryFailure, scrubContacts } from '../../../activities/notifications/channel';

describe("a provider's words, kept without the contact details they quote", () => {
  it('takes out email addresses and phone numbers, and keeps the codes that say what went wrong', () => {
    expect(
      scrubContacts("SMTP 550: Can't send mail - all recipients were rejected: 550 5.1.1 <ada@nowhere.invalid>: mailbox unavailable"),
    ).toBe("SMTP 550: Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: mailbox unavailable");
    expect(scrubContacts('phone_number +44 7700 900123 is not valid')).toBe('phone_number [number] is not valid');
    expect(scrubContacts('connect ECONNREFUSED 127.0.0.1:2525')).toBe('connect ECONNREFUSED 127.0.0.1:2525');
  });

  it('every DeliveryFailure is scrubbed, whoever builds it', () => {
    expect(new DeliveryFailure('rejected bea@example.org', true).message).toBe('rejected [address]');
  });

  it("keeps the provider's words out of the failure's message, which reaches Temporal and the logs: a code alone", () => {
    const failure = new DeliveryFailure('SMTP 550', true, 'Recipient <ada@example.org> rejected: mailbox of Ada Lovelace unavailable');
    expect(failure.message).toBe('SMTP 550');
    expect(String(failure)).not.toMatch(/Ada|example\.org/);
    // The outbox row keeps what the provider said, without the address.
    expect(failure.described).toBe('SMTP 550: Recipient <[address]> rejected: mailbox of Ada Lovelace unavailable');
  });
});

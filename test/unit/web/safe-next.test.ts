import { safeNext } from '../../../web/guard';

describe('where sign-in may send a browser next', () => {
  it.each([
    ['a page of ours', '/journeys/abc?done=x#top', '/journeys/abc?done=x#top'],
    ['a page with an encoded slash in its path (a path, not another site)', '/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['dot segments, resolved', '/a/../caseload', '/caseload'],
  ])('keeps %s', (_what, next, kept) => {
    expect(safeNext(next, '/home')).toBe(kept);
  });

  it.each([
    ['another site', '//evil.example'],
    ['another site behind a tab, which browsers drop', '/\t/evil.example'],
    ['another site behind a newline', '/\n/evil.example'],
    ['another site behind a carriage return', '/\r/evil.example'],
    ['another site behind a backslash, which browsers read as a slash', '/\\evil.example'],
    ['another site behind two backslashes', '\\\\evil.example'],
    ['a backslash after a slash', '/\\/evil.example'],
    ['an absolute URL', 'https://evil.example/'],
    ['a scheme', 'javascript:alert(1)'],
    ['a relative path', 'caseload'],
    ['nothing', ''],
    ['not a string', 42],
    ['an overlong one', `/${'a'.repeat(3000)}`],
  ])('refuses %s', (_what, next) => {
    expect(safeNext(next, '/home')).toBe('/home');
  });
});

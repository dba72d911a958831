import { securityOptionsFrom } from '../../../http/security';
import { loadConfig } from '../../../lib/config';

describe('who may call the codec endpoint across origins', () => {
  it('is the local Web UI in development, nobody elsewhere unless configured', () => {
    expect(securityOptionsFrom(loadConfig({}), true).codecCorsOrigins).toEqual(['http://127.0.0.1:8233', 'http://localhost:8233']);
    expect(securityOptionsFrom(loadConfig({}), false).codecCorsOrigins).toEqual([]);
    expect(securityOptionsFrom(loadConfig({ CODEC_CORS_ORIGINS: 'https://temporal.example.nhs.uk' }), false).codecCorsOrigins).toEqual([
      'https://temporal.example.nhs.uk',
    ]);
  });
});

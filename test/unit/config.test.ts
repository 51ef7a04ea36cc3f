import { ConfigError, loadConfig } from '../../src/config/index';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      archeraApiUrl: undefined,
      archeraApiKey: undefined,
      archeraTimeoutMs: 10000,
      enablePurchases: false,
      production: false,
      introspection: true,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      ARCHERA_API_URL: 'https://api.archera.ai/',
      ARCHERA_API_KEY: 'k',
      ARCHERA_TIMEOUT_MS: '2500',
      ARCHERA_ENABLE_PURCHASES: 'true',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      archeraApiUrl: 'https://api.archera.ai',
      archeraApiKey: 'k',
      archeraTimeoutMs: 2500,
      enablePurchases: true,
      production: true,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ ARCHERA_API_URL: 'not a url' }, /ARCHERA_API_URL must be an absolute URL/],
    [{ ARCHERA_API_URL: 'ftp://x' }, /ARCHERA_API_URL must use http: or https:/],
    [{ ARCHERA_TIMEOUT_MS: '0' }, /ARCHERA_TIMEOUT_MS/],
    [{ ARCHERA_ENABLE_PURCHASES: 'yes please' }, /ARCHERA_ENABLE_PURCHASES must be true or false/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { telegramConfigFromEnv } from '../../../src/main/wiring/telegram.ts';

describe('Telegram configuration from the environment', () => {
  it('is off without a token', () => {
    expect(telegramConfigFromEnv({})).toEqual({ ok: true, value: undefined });
  });

  it('polls when only the token is set', () => {
    expect(telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: '123:abc' })).toEqual({
      ok: true,
      value: { token: '123:abc', apiRoot: undefined },
    });
  });

  it('serves a webhook when TELEGRAM_WEBHOOK_URL is set, with the given secret and PORT', () => {
    const config = telegramConfigFromEnv({
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_URL: 'https://pokin.example.go.id/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'rahasia_Balangan-2025',
      PORT: '3000',
    });
    expect(config).toEqual({
      ok: true,
      value: {
        token: '123:abc',
        apiRoot: undefined,
        webhook: {
          url: 'https://pokin.example.go.id/telegram',
          secret: 'rahasia_Balangan-2025',
          port: 3000,
          host: '0.0.0.0',
        },
      },
    });
  });

  it('derives the same valid secret in every process when none is given', () => {
    const env = {
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_URL: 'https://pokin.example.go.id/telegram',
    };
    const a = telegramConfigFromEnv(env);
    const b = telegramConfigFromEnv(env);
    const secret = a.ok ? a.value?.webhook?.secret : undefined;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(b.ok && b.value?.webhook?.secret).toBe(secret);
    expect(secret).not.toContain('abc');
  });

  it('refuses a plain-http webhook URL and a secret Telegram would reject', () => {
    expect(
      telegramConfigFromEnv({ TELEGRAM_BOT_TOKEN: 't', TELEGRAM_WEBHOOK_URL: 'http://x.id/hook' }).ok,
    ).toBe(false);
    expect(
      telegramConfigFromEnv({
        TELEGRAM_BOT_TOKEN: 't',
        TELEGRAM_WEBHOOK_URL: 'https://x.id/hook',
        TELEGRAM_WEBHOOK_SECRET: 'ada spasi!',
      }).ok,
    ).toBe(false);
  });
});

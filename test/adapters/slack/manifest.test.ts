import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const manifest = readFileSync(
  fileURLToPath(new URL('../../../slack-app-manifest.yml', import.meta.url)),
  'utf8',
);

/** The `- item` lines of the YAML list under `key:` (the manifest is hand-written, plain block style). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start === -1) throw new Error(`no ${key} in the manifest`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed === '') continue;
    if (!trimmed.startsWith('- ')) break;
    items.push(trimmed.slice(2));
  }
  return items;
}

/** What each event and feature the adapter uses needs, from Slack's scope reference. */
const NEEDED_BY = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'chat.postMessage/chat.update': 'chat:write',
  '/pokin': 'commands',
  'files.uploadV2': 'files:write',
  'pins.add': 'pins:write',
} as const;

describe('Slack app manifest', () => {
  it('asks for exactly the scopes the adapter’s events and calls need', () => {
    expect(listUnder('bot').sort()).toEqual(Object.values(NEEDED_BY).sort());
  });

  it('subscribes to the events the adapter handles', () => {
    expect(listUnder('bot_events').sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
      'message.im',
    ]);
  });

  it('declares /pokin, interactivity, the Home tab and Socket Mode', () => {
    expect(manifest).toMatch(/- command: \/pokin\n/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });
});

/** The ConversationStore and InboundEventLog contracts, run against every store implementation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationKey } from '../../src/ports/repository.ts';
import { ManualClock, type OpenedStores, type StoreImplementation } from '../support/stores.ts';

interface DraftState {
  tahap: number;
  step: string;
  draft: { outcome: string; csf: string[] };
}

const state = (step: string, csf: string[] = []): DraftState => ({
  tahap: 2,
  step,
  draft: { outcome: 'Terwujudnya Infrastruktur Teknologi Informasi yang Berkualitas', csf },
});

let chats = 0;
const chat = (threadId?: string): ConversationKey => ({
  platform: 'telegram',
  chatId: `${process.pid}-${++chats}`,
  threadId,
});

export function conversationContract(impl: StoreImplementation): void {
  describe(`ConversationStore and InboundEventLog (${impl.name})`, () => {
    let stores: OpenedStores;
    const clock = new ManualClock();

    beforeAll(async () => {
      stores = await impl.open({ clock });
    });
    afterAll(async () => {
      await stores?.close();
    });

    it('starts empty, then keeps each saved state with a growing version', async () => {
      const key = chat();
      expect(await stores.conversations.load(key)).toBeNull();
      const first = await stores.conversations.save(key, 0, 3, state('tanya-csf'));
      expect(first).toMatchObject({
        ok: true,
        value: { version: 1, flowVersion: 3, state: state('tanya-csf') },
      });
      const csf = ['Meningkatnya Keamanan Informasi'];
      expect((await stores.conversations.save(key, 1, 3, state('konfirmasi-csf', csf))).ok).toBe(true);
      const loaded = await stores.conversations.load<DraftState>(key);
      expect(loaded).toMatchObject({
        key: { platform: 'telegram', chatId: key.chatId },
        version: 2,
        flowVersion: 3,
      });
      expect(loaded?.key.threadId).toBeUndefined();
      expect(loaded?.state).toEqual(state('konfirmasi-csf', csf));
      expect(loaded?.updatedAt).toEqual(clock.now());
    });

    it('refuses a save from a stale version with the version it found', async () => {
      const key = chat();
      await stores.conversations.save(key, 0, 1, state('a'));
      await stores.conversations.save(key, 1, 1, state('b'));
      expect(await stores.conversations.save(key, 1, 1, state('c'))).toEqual({
        ok: false,
        error: { kind: 'conflict', expectedVersion: 1, actualVersion: 2 },
      });
      expect(await stores.conversations.save(key, 0, 1, state('c'))).toEqual({
        ok: false,
        error: { kind: 'conflict', expectedVersion: 0, actualVersion: 2 },
      });
      expect(await stores.conversations.save(chat(), 4, 1, state('c'))).toEqual({
        ok: false,
        error: { kind: 'conflict', expectedVersion: 4, actualVersion: 0 },
      });
      expect((await stores.conversations.load<DraftState>(key))?.state.step).toBe('b');
    });

    it('keeps threads of one chat apart', async () => {
      const main = chat();
      const thread = { ...main, threadId: '1700000000.000100' };
      await stores.conversations.save(main, 0, 1, state('utama'));
      await stores.conversations.save(thread, 0, 1, state('utas'));
      expect((await stores.conversations.load<DraftState>(main))?.state.step).toBe('utama');
      const loaded = await stores.conversations.load<DraftState>(thread);
      expect(loaded?.state.step).toBe('utas');
      expect(loaded?.key.threadId).toBe('1700000000.000100');
    });

    it('lets exactly one of 10 simultaneous first saves win', async () => {
      const key = chat();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => stores.conversations.save(key, 0, 1, state(`proses-${i}`))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const winner = results.find((r) => r.ok);
      const loaded = await stores.conversations.load<DraftState>(key);
      expect(winner?.ok && loaded?.state.step === (winner.value.state as DraftState).step).toBe(true);
    });

    it('sees an update the first time only, per platform', async () => {
      const id = `${process.pid}-${Date.now()}`;
      expect(await stores.events.firstSeen('telegram', id)).toBe(true);
      expect(await stores.events.firstSeen('telegram', id)).toBe(false);
      expect(await stores.events.firstSeen('slack', id)).toBe(true);
    });

    it('admits one of 10 simultaneous deliveries of the same update', async () => {
      const id = `dup-${process.pid}-${Date.now()}`;
      const seen = await Promise.all(Array.from({ length: 10 }, () => stores.events.firstSeen('slack', id)));
      expect(seen.filter(Boolean)).toHaveLength(1);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { cliActor, openStore } from '../../../src/main/wiring/store.ts';
import { createTestDatabase } from '../../support/postgres.ts';

describe('openStore', () => {
  it('uses PostgreSQL through DATABASE_URL, applies the migrations and never shows the password', async () => {
    const database = await createTestDatabase();
    const url = new URL(database.url);
    url.password = 'rahasia-sekali';
    const store = await openStore({ DATABASE_URL: url.toString() });
    try {
      expect(store.driver).toBe('postgres');
      expect(store.location).not.toContain('rahasia-sekali');
      expect(store.location).toContain(url.pathname);
      const actor = cliActor({ USER: 'siti' });
      const org = await store.repository.createOrganisation('Bappeda Kabupaten Balangan', actor);
      expect(await store.repository.organisationsOf(actor)).toEqual([{ ...org, role: 'admin' }]);
    } finally {
      await store.close();
      await database.drop();
    }
  });

  it('names the database in an error without its password', async () => {
    const database = await createTestDatabase();
    const url = new URL(database.url);
    url.password = 'rahasia-sekali';
    url.pathname = '/tidak_ada_basis_data';
    const failure = await openStore({ DATABASE_URL: url.toString() }).then(
      () => 'opened',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    await database.drop();
    expect(failure).toContain('tidak_ada_basis_data');
    expect(failure).not.toContain('rahasia-sekali');
  });

  it('takes the command-line user from USER, then USERNAME, else "local"', () => {
    expect(cliActor({ USER: 'rahmat' })).toEqual({ platform: 'cli', userId: 'rahmat', name: 'rahmat' });
    expect(cliActor({ USERNAME: 'dewi' }).userId).toBe('dewi');
    expect(cliActor({}).userId).toBe('local');
  });
});

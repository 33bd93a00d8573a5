/**
 * Who may do what in an organisation, and the shape of account-link codes. Shared by every store, so
 * the in-memory twin and the drizzle store cannot drift apart.
 */
import { randomInt } from 'node:crypto';
import type { Actor, Role } from '../../ports/repository.ts';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, facilitator: 2, admin: 3 };

/** Editors, facilitators and admins change trees; viewers only read. */
export function canEdit(role: Role): boolean {
  return RANK[role] >= RANK.editor;
}

/** Facilitators and admins delete trees. */
export function canManage(role: Role): boolean {
  return RANK[role] >= RANK.facilitator;
}

/** An admin sets any role; a facilitator makes viewers and editors (and never demotes a facilitator/admin). */
export function canSetRole(mine: Role, current: Role | null, next: Role): boolean {
  if (mine === 'admin') return true;
  if (mine !== 'facilitator') return false;
  return RANK[next] <= RANK.editor && (current === null || RANK[current] <= RANK.editor);
}

export function strongerRole(a: Role, b: Role | null): Role {
  return b !== null && RANK[b] > RANK[a] ? b : a;
}

export function actorKey(actor: Actor): string {
  return `${actor.platform}:${actor.userId}`;
}

export const LINK_CODE_TTL_MS = 15 * 60 * 1000;
/** No 0/O, 1/I/L: the code is read off one screen and typed on another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Codes are typed by people: ignore case, spaces and dashes. */
export function normaliseLinkCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

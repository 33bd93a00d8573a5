#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so `npx pokin …` works straight after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');

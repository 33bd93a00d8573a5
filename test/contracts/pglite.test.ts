/** The store contracts against embedded PGlite. */
import { pgliteStores } from '../support/stores.ts';
import { conversationContract } from './conversations.contract.ts';
import { repositoryContract } from './repository.contract.ts';

repositoryContract(pgliteStores);
conversationContract(pgliteStores);

/** The store contracts against a real PostgreSQL server started for the run. */
import { postgresStores } from '../support/stores.ts';
import { conversationContract } from './conversations.contract.ts';
import { repositoryContract } from './repository.contract.ts';

repositoryContract(postgresStores);
conversationContract(postgresStores);

/** The store contracts against the in-memory twin. */
import { memoryStores } from '../support/stores.ts';
import { conversationContract } from './conversations.contract.ts';
import { repositoryContract } from './repository.contract.ts';

repositoryContract(memoryStores);
conversationContract(memoryStores);

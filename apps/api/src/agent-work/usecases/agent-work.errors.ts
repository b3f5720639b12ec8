import { ConflictError, NotFoundError } from '@scb/core';

/** 404: the agent named does not exist. */
export const unknownAgent = (agentId: string): NotFoundError =>
  new NotFoundError(`agent ${agentId} does not exist`);

/** 409: the item is not (or no longer) assigned to the agent acting on it. */
export const notHeld = (itemId: string, agentId: string): ConflictError =>
  new ConflictError(
    `work item ${itemId} is not held by agent ${agentId} (unknown, completed or handed to someone else)`,
  );

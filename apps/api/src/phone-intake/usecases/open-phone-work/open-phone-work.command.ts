import type { PhoneCall } from '@scb/persistence';

/**
 * A call the phone system (ACD/IVR) puts into the shared queues; `callerNumber` as dialled.
 * `arrivedAt` (when the call reached the ACD) defaults to the api's clock now; `language` and
 * `tags` (what the IVR learnt) to none.
 */
export type OpenPhoneWorkCommand = Omit<PhoneCall, 'arrivedAt' | 'language' | 'tags'> & {
  arrivedAt?: Date;
  language?: string | null;
  tags?: string[];
};

import type { PhoneCall } from '@scb/persistence';

/** A call the phone system (ACD/IVR) puts into the shared queues; `callerNumber` as dialled. */
export type OpenPhoneWorkCommand = PhoneCall;

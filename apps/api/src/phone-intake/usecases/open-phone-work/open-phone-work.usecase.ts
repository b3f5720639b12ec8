import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '@scb/core';
import { normalizePhoneNumber } from '@scb/routing';
import { PhoneIntakeService } from '../../phone-intake.service';
import type { OpenPhoneWorkCommand } from './open-phone-work.command';

/**
 * Opens (or, for a retried call id, returns) the phone work item of a call: the caller number is
 * normalized to E.164, then the intake service finds or opens the customer's case, queues its work
 * item by the routing policy and starts its SLA clocks (in its own unit of work).
 */
@Injectable()
export class OpenPhoneWork {
  constructor(
    @Inject(PhoneIntakeService) private readonly intake: Pick<PhoneIntakeService, 'open'>,
  ) {}

  /** Throws `ValidationError` (`callerNumber`) for a number that is not international. */
  execute(command: OpenPhoneWorkCommand) {
    const callerNumber = normalizePhoneNumber(command.callerNumber);
    if (!callerNumber)
      throw ValidationError.field(
        'callerNumber',
        'not an international phone number (+<country><number>)',
      );
    return this.intake.open({ ...command, callerNumber });
  }
}

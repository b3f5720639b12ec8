import { Inject, Injectable } from '@nestjs/common';
import { ValidationError, type Clock } from '@scb/core';
import { CLOCK } from '@scb/platform';
import { normalizePhoneNumber } from '@scb/routing';
import { PhoneIntakeService } from '../../phone-intake.service';
import type { OpenPhoneWorkCommand } from './open-phone-work.command';

/** How far ahead of the api's clock a call's arrival may be (the phone system's clock skew). */
export const ARRIVAL_SKEW_MS = 60_000;
/**
 * How long before now a call may have arrived: no caller waits a day on the line, so an older
 * arrival is a phone system's error, and would put the call ahead of everything waiting.
 */
export const ARRIVAL_MAX_AGE_MS = 24 * 3_600_000;

/**
 * Opens (or, for a retried call id, returns) the phone work item of a call: the caller number is
 * normalized to E.164, then the intake service finds or opens the customer's case, queues its work
 * item by the routing policy (waiting from the call's arrival) and starts its SLA clocks (in its
 * own unit of work). A call on a case an agent holds answers with her (`holder`) and counts as an
 * update on her item.
 */
@Injectable()
export class OpenPhoneWork {
  constructor(
    @Inject(PhoneIntakeService) private readonly intake: Pick<PhoneIntakeService, 'open'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Throws `ValidationError` (`callerNumber`) for a number that is not international, and
   * (`arrivedAt`) for an arrival more than a minute ahead of the api's clock or more than a day
   * before it.
   */
  execute(command: OpenPhoneWorkCommand) {
    const callerNumber = normalizePhoneNumber(command.callerNumber);
    if (!callerNumber)
      throw ValidationError.field(
        'callerNumber',
        'not an international phone number (+<country><number>)',
      );
    const now = this.clock.now();
    const arrivedAt = command.arrivedAt ?? now;
    if (arrivedAt.getTime() > now.getTime() + ARRIVAL_SKEW_MS)
      throw ValidationError.field('arrivedAt', 'the call cannot arrive in the future');
    if (arrivedAt.getTime() < now.getTime() - ARRIVAL_MAX_AGE_MS)
      throw ValidationError.field('arrivedAt', 'the call cannot have arrived more than a day ago');
    return this.intake.open({
      ...command,
      callerNumber,
      arrivedAt,
      language: command.language ?? null,
      tags: command.tags ?? [],
    });
  }
}

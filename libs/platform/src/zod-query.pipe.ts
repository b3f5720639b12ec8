import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { parseWith } from '@scb/contracts';
import type { z } from 'zod';

/** Validates a request part with a contract schema; a 400 lists every bad field with its reason. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const parsed = parseWith(this.schema, value);
    if (!parsed.ok)
      throw new BadRequestException({ message: 'Validation failed', errors: parsed.errors });
    return parsed.value;
  }
}

import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { parseWith } from '@scb/contracts';
import type { z } from 'zod';

/** Validates a request part with a contract schema; a 400 lists every bad field with its reason. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<S> {
    const parsed = parseWith(this.schema, value);
    if (!parsed.ok) {
      // A path parameter is a single value: name it rather than `(root)`.
      const param = metadata?.type === 'param' ? metadata.data : undefined;
      const errors = param
        ? parsed.errors.map((e) => (e.path === '(root)' ? { ...e, path: param } : e))
        : parsed.errors;
      throw new BadRequestException({ message: 'Validation failed', errors });
    }
    return parsed.value;
  }
}

import {
  Body,
  Controller,
  ForbiddenException,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { NOTE_MAX_LENGTH } from '@scb/cases';
import { CASE_NUMBER_PATTERN } from '@scb/contracts';
import { ZodPipe } from '@scb/platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiSuccess } from '../openapi/success.schemas';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';
import {
  AddCaseNote,
  NoteCaseNotFound,
  NoteRefused,
} from './usecases/add-case-note/add-case-note.usecase';

const CaseRefSchema = z.union([z.uuid(), z.string().regex(CASE_NUMBER_PATTERN)], {
  error: 'a case id (uuid) or case number (CS-000123)',
});

const NoteSchema = z
  .object({
    /** The note, trimmed: what was promised, what was said on the phone. Never sent anywhere. */
    body: z
      .string()
      .trim()
      .min(1, 'a note cannot be empty')
      .max(NOTE_MAX_LENGTH, `a note is at most ${NOTE_MAX_LENGTH} characters`),
  })
  .strict();

@Controller('v1/cases/:caseId/notes')
export class CaseNotesController {
  constructor(private readonly addNote: AddCaseNote) {}

  /**
   * An internal note on the case (`caseId`: its uuid or number), by the agent holding it, a
   * supervisor or an admin: on the case's timeline as kind `note`, never sent to a platform,
   * audited. 201 with the note; 400 empty or too long; 403 `not_case_holder` (an agent not
   * holding the case) or `no_linked_agent`; 404 unknown case.
   */
  @Roles('agent', 'supervisor')
  @Post()
  @ApiSuccess('CaseNote', 201)
  @ApiBodyFrom(NoteSchema, 'CaseNoteRequest')
  async add(
    @CurrentPrincipal() actor: Principal,
    @Param('caseId', new ZodPipe(CaseRefSchema)) caseRef: string,
    @Body(new ZodPipe(NoteSchema)) body: z.infer<typeof NoteSchema>,
  ) {
    try {
      return await this.addNote.execute({ caseRef, body: body.body, actor });
    } catch (error) {
      if (error instanceof NoteCaseNotFound) throw new NotFoundException(error.message);
      if (error instanceof NoteRefused)
        throw new ForbiddenException({
          statusCode: HttpStatus.FORBIDDEN,
          error: 'Forbidden',
          reason: error.reason,
          message: error.message,
        });
      throw error;
    }
  }
}

import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { listEnvelope } from '@scb/contracts';
import { ZodPipe } from '@scb/platform';
import { Roles } from '../auth/roles.decorator';
import { CustomerItemSchema } from '../openapi/find.schemas';
import { ApiSuccess } from '../openapi/success.schemas';
import { ApiListResponse, ApiQueryFrom, jsonSchemaOf } from '../openapi/zod-openapi.decorators';
import { PageQuerySchema } from '../common/pagination';
import {
  CustomerNotFound,
  GetCustomerProfile,
} from './usecases/get-customer-profile/get-customer-profile.usecase';
import { SearchCustomers } from './usecases/search-customers/search-customers.usecase';

const CustomerQuerySchema = PageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      'a name (word prefixes), handle, phone in any format, email, CRM id or account number',
    ),
});

/** Finding customers and the customer 360 (the merge and erasure routes are in CustomersController). */
@Controller('v1/customers')
export class CustomerDirectoryController {
  constructor(
    private readonly searchCustomers: SearchCustomers,
    private readonly getProfile: GetCustomerProfile,
  ) {}

  /** Customers (merged ones left out) matching `q` any way it can be read, by name. */
  @Roles('supervisor', 'agent', 'viewer')
  @Get()
  @ApiQueryFrom(CustomerQuerySchema)
  @ApiListResponse('CustomerList', jsonSchemaOf(CustomerItemSchema))
  async search(
    @Query(new ZodPipe(CustomerQuerySchema)) query: z.infer<typeof CustomerQuerySchema>,
  ) {
    const { total, items } = await this.searchCustomers.execute(query);
    return listEnvelope(items, { total, limit: query.limit, offset: query.offset });
  }

  /** The customer with identities (trust, source), every case and one timeline; 404 unknown. */
  @Roles('supervisor', 'agent', 'viewer')
  @Get(':id')
  @ApiSuccess('CustomerProfile')
  async profile(@Param('id', new ZodPipe(z.uuid())) id: string) {
    try {
      return await this.getProfile.execute({ customerId: id });
    } catch (error) {
      if (error instanceof CustomerNotFound) throw new NotFoundException(error.message);
      throw error;
    }
  }
}

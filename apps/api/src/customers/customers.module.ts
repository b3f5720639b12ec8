import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CaseMergeModule } from '../case-merge/case-merge.module';
import { CrmImportController } from './crm-import.controller';
import { CustomersController } from './customers.controller';
import { EraseCustomer } from './usecases/erase-customer/erase-customer.usecase';
import { ImportCrmCustomers } from './usecases/import-crm-customers/import-crm-customers.usecase';
import { MergeCustomers } from './usecases/merge-customers/merge-customers.usecase';

/** Customers: the CRM import, the admin's manual merge (with their open cases), the right to erasure. */
@Module({
  imports: [AuditModule, CaseMergeModule],
  controllers: [CrmImportController, CustomersController],
  providers: [EraseCustomer, ImportCrmCustomers, MergeCustomers],
  // The CRM sync imports CRM customers and cases through the same use case.
  exports: [ImportCrmCustomers],
})
export class CustomersModule {}

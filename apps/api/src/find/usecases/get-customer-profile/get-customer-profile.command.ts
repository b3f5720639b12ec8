export interface GetCustomerProfileCommand {
  customerId: string;
}

import { credentialsFrom, settingsTemplate } from './crm-connector-form';

describe('CRM connector form', () => {
  it('sends no credentials when none were typed (the stored ones stay)', () => {
    expect(credentialsFrom('salesforce', {})).toBeNull();
    expect(credentialsFrom('zendesk', { email: '  ', token: '' })).toBeNull();
  });

  it("builds each kind's auth object from the typed fields, trimmed", () => {
    expect(credentialsFrom('salesforce', { clientId: ' key ', clientSecret: 's3cret' })).toEqual({
      kind: 'client-credentials',
      clientId: 'key',
      clientSecret: 's3cret',
    });
    expect(credentialsFrom('zendesk', { email: 'a@b.example', token: 't' })).toEqual({
      kind: 'api-token',
      email: 'a@b.example',
      token: 't',
    });
  });

  it('leaves blank fields out so the API names the missing one', () => {
    expect(credentialsFrom('zendesk', { email: 'a@b.example' })).toEqual({
      kind: 'api-token',
      email: 'a@b.example',
    });
  });

  it('ignores fields of the other kind', () => {
    expect(credentialsFrom('zendesk', { clientId: 'key' })).toBeNull();
  });

  it('offers settings templates that are JSON without credentials', () => {
    const sf = JSON.parse(settingsTemplate('salesforce')) as Record<string, unknown>;
    expect(sf).toMatchObject({ loginUrl: 'https://login.salesforce.com' });
    expect(JSON.parse(settingsTemplate('zendesk'))).toHaveProperty('endpointUri');
    expect(settingsTemplate('salesforce')).not.toMatch(/auth|secret|token/i);
  });
});

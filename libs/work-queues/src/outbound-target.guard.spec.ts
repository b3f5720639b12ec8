import { OutboundAllowList, outboundUrlRefusal } from './outbound-target.guard';

/** Issue #14.8: the URL check used before a webhook target is saved (and at send time). */
describe('outboundUrlRefusal', () => {
  const none = new OutboundAllowList([]);

  it.each([
    'http://127.0.0.1:6379/',
    'http://127.1.2.3/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::127.0.0.1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://10.0.0.5/',
    'http://172.16.3.4/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://[fd00::1]/',
    'http://localhost:6379/',
    'http://LOCALHOST/',
    'http://localhost./',
    'http://redis.localhost/',
  ])('refuses %s', async (url) => {
    expect(await outboundUrlRefusal(url, none)).toMatch(/non-public address/);
  });

  it('refuses a name that does not resolve, naming it', async () => {
    expect(await outboundUrlRefusal('https://no-such-host.invalid/x', none)).toMatch(
      /cannot resolve no-such-host\.invalid/,
    );
  });

  it('lets public addresses and allowed hosts, IPs and ranges through', async () => {
    expect(await outboundUrlRefusal('https://93.184.215.14/hook', none)).toBeNull();
    expect(await outboundUrlRefusal('http://[2606:4700::1111]/', none)).toBeNull();
    const allow = new OutboundAllowList(['localhost', '10.1.0.0/16', '::1', 'hooks.internal']);
    expect(await outboundUrlRefusal('http://localhost:8080/', allow)).toBeNull();
    expect(await outboundUrlRefusal('http://10.1.2.3/', allow)).toBeNull();
    expect(await outboundUrlRefusal('http://[::1]:9000/', allow)).toBeNull();
    expect(await outboundUrlRefusal('https://hooks.internal/x', allow)).toBeNull();
    expect(await outboundUrlRefusal('http://10.2.0.1/', allow)).toMatch(/non-public/);
  });
});

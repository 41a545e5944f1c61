import { describe, expect, it } from 'vitest';
import { buildEndpoints, ConnectorUrlError, parseConnectorUrl } from './urls';

const TOKEN = '159f38f2a7c34e1a9d2b0c4e5f6a7b8c';
const GUID = 'c378b61d-e30c-4b7a-9a1e-2f3d4c5b6a79';

describe('parseConnectorUrl', () => {
  it('reads the sync URL admins copy from the connector settings', () => {
    expect(parseConnectorUrl(`https://telephony.leadsquared.com/1/api/Telephony/LogCallComplete/${TOKEN}`)).toEqual({ token: TOKEN, guid: null });
  });

  it('reads the Universal Telephony Connector form with two segments', () => {
    const u = `https://telephony-in21.leadsquared.com/1/api/Telephony/LogCallComplete/${TOKEN}/${GUID}`;
    expect(parseConnectorUrl(u)).toEqual({ token: TOKEN, guid: GUID });
  });

  it('reads the async form and tolerates spaces and a trailing slash', () => {
    expect(parseConnectorUrl(`  https://asyncapi-in21.leadsquared.com/1/api/telephony/logcallcomplete/${TOKEN}/ `)).toEqual({ token: TOKEN, guid: null });
  });

  it.each([
    ['', /empty/],
    ['not a url', /not a web address/],
    [`ftp://telephony.leadsquared.com/1/api/Telephony/LogCallComplete/${TOKEN}`, /https:\/\//],
    [`http://telephony.leadsquared.com/1/api/Telephony/LogCallComplete/${TOKEN}`, /plain http/],
    [`https://telephony.leadsquared.com/1/api/Lead/Create/${TOKEN}`, /LogCallComplete/],
    ['https://telephony.leadsquared.com/1/api/Telephony/LogCallComplete/', /no connector token/],
    [`https://telephony.leadsquared.com/1/api/Telephony/LogCallComplete/${TOKEN}/${GUID}/extra1`, /extra parts/],
    ['https://telephony.leadsquared.com/1/api/Telephony/LogCallComplete/ab$cd!ef', /unexpected token/],
    ['https://x.leadsquared.com/1/api/telephony/logcallcomplete/status', /status or metrics/],
    [`https://user:pw@telephony.leadsquared.com/1/api/Telephony/LogCallComplete/${TOKEN}`, /user name or password/],
  ])('refuses %j with a clear message', (input, message) => {
    expect(() => parseConnectorUrl(input, false)).toThrow(ConnectorUrlError);
    expect(() => parseConnectorUrl(input, false)).toThrow(message);
  });

  it('allows plain http only to loopback and only when enabled', () => {
    const u = `http://127.0.0.1:4321/1/api/telephony/logcallcomplete/${TOKEN}`;
    expect(() => parseConnectorUrl(u, false)).toThrow(/plain http/);
    expect(parseConnectorUrl(u, true).token).toBe(TOKEN);
    expect(() => parseConnectorUrl(`http://10.0.0.5/1/api/telephony/logcallcomplete/${TOKEN}`, true)).toThrow(/https/);
    // 0.0.0.0/8 beyond 0.0.0.0 itself is routed off this computer (Linux 5.3 and later).
    expect(() => parseConnectorUrl(`http://0.1.2.3/1/api/telephony/logcallcomplete/${TOKEN}`, true)).toThrow(/https/);
  });
});

describe('buildEndpoints', () => {
  it('derives submit, status and metrics URLs on the async host', () => {
    const e = buildEndpoints('asyncapi-in21.leadsquared.com', { token: TOKEN, guid: GUID }, false);
    expect(e.submitUrl).toBe(`https://asyncapi-in21.leadsquared.com/1/api/telephony/logcallcomplete/${TOKEN}/${GUID}`);
    expect(e.statusUrl('8eca6fa6-1')).toBe('https://asyncapi-in21.leadsquared.com/1/api/telephony/logcallcomplete/status?RequestID=8eca6fa6-1');
    expect(e.metricsUrl).toBe('https://asyncapi-in21.leadsquared.com/1/api/telephony/logcallcomplete/metrics');
    expect(e.origin).toBe('https://asyncapi-in21.leadsquared.com');
  });

  it('uses http for a loopback host only when allowed', () => {
    expect(buildEndpoints('127.0.0.1:9000', { token: TOKEN, guid: null }, true).origin).toBe('http://127.0.0.1:9000');
    expect(buildEndpoints('127.0.0.1:9000', { token: TOKEN, guid: null }, false).origin).toBe('https://127.0.0.1:9000');
    expect(buildEndpoints('0.1.2.3:9000', { token: TOKEN, guid: null }, true).origin).toBe('https://0.1.2.3:9000');
    expect(buildEndpoints('[::ffff:0:a00:1]:9000', { token: TOKEN, guid: null }, true).origin).toBe('https://[::ffff:0:a00:1]:9000');
  });

  it.each(['', 'https://asyncapi.leadsquared.com', 'asyncapi.leadsquared.com/1/api', 'bad host'])('refuses host %j', (host) => {
    expect(() => buildEndpoints(host, { token: TOKEN, guid: null }, false)).toThrow(ConnectorUrlError);
  });
});

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CasProviderSettings } from '../config.ts';

/** A person known to the test CAS server, with the attributes it releases about them. */
export interface CasTestPerson {
  user: string;
  attributes: Record<string, string | string[]>;
}

export interface TestCasServer {
  /** What Zhibao's configuration says about this server (IDENTITY_PROVIDERS). */
  settings: CasProviderSettings;
  /** The person who signs in at the server's login page next. */
  signInAs(person: CasTestPerson): void;
  /** A ticket for another application's service URL, as that application's users get them. */
  ticketFor(service: string, person: CasTestPerson): string;
  close(): Promise<void>;
}

// CAS 3.0 §3.1: a service ticket is valid for a short time; the specification recommends no more than five minutes.
const ticketSeconds = 300;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);

function failure(code: string, description: string): string {
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationFailure code="${code}">${escapeXml(description)}</cas:authenticationFailure>
</cas:serviceResponse>`;
}

function success(person: CasTestPerson): string {
  const attributes = Object.entries(person.attributes)
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => [name, one]))
    .map(([name, value]) => `      <cas:${name}>${escapeXml(value!)}</cas:${name}>`)
    .join('\n');
  return `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>${escapeXml(person.user)}</cas:user>
    <cas:attributes>
${attributes}
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>`;
}

/**
 * A CAS 3.0 server, written for the tests from the protocol specification, on a loopback port under /cas:
 * /login issues a service ticket for the service URL and sends the browser back to it (the person chosen by
 * signInAs has signed in); /p3/serviceValidate validates a ticket once — unknown, used or expired: INVALID_TICKET;
 * another service URL than the one it was issued for: INVALID_SERVICE — and answers the person's attributes;
 * /logout ends the server's session.
 */
export async function startTestCasServer(): Promise<TestCasServer> {
  const tickets = new Map<string, { service: string; person: CasTestPerson; expiresAt: number }>();
  let nextPerson: CasTestPerson | undefined;

  const issue = (service: string, person: CasTestPerson) => {
    const ticket = `ST-${randomBytes(16).toString('hex')}`;
    tickets.set(ticket, { service, person, expiresAt: Date.now() + ticketSeconds * 1000 });
    return ticket;
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://cas.test');
    const service = url.searchParams.get('service');
    if (url.pathname === '/cas/login') {
      if (!service || !nextPerson) {
        response.writeHead(400).end('service missing, or nobody signs in');
        return;
      }
      const back = new URL(service);
      back.searchParams.set('ticket', issue(service, nextPerson));
      response.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/cas/p3/serviceValidate') {
      const ticket = url.searchParams.get('ticket');
      response.setHeader('content-type', 'application/xml; charset=utf-8');
      if (!service || !ticket) {
        response.end(failure('INVALID_REQUEST', 'service and ticket are required'));
        return;
      }
      const issued = tickets.get(ticket);
      // §3.1.1: a ticket is good for one validation attempt, successful or not.
      tickets.delete(ticket);
      if (!issued || issued.expiresAt < Date.now()) {
        response.end(failure('INVALID_TICKET', `Ticket ${ticket} not recognized`));
      } else if (issued.service !== service) {
        response.end(failure('INVALID_SERVICE', `Ticket ${ticket} was not issued for ${service}`));
      } else {
        response.end(success(issued.person));
      }
      return;
    }
    if (url.pathname === '/cas/logout') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('已退出');
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const casUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cas`;

  return {
    settings: {
      protocol: 'cas',
      id: 'cq-cas',
      label: '重庆市统一身份认证平台',
      casUrl,
      claims: {
        name: 'name',
        mobile: 'mobile',
        accountType: 'userType',
        idNumber: 'idCard',
        uscc: 'creditCode',
        organizationName: 'orgName',
      },
    },
    signInAs(person) {
      nextPerson = person;
    },
    ticketFor(serviceUrl, person) {
      return issue(serviceUrl, person);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

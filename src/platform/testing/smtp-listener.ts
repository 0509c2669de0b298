// A minimal SMTP server over node:net, for tests only: `smtp-server` is not a dependency and one is not worth
// adding for this. It speaks the part of RFC 5321 nodemailer uses without TLS or auth (EHLO/HELO, MAIL, RCPT,
// DATA with dot-unstuffing, RSET, NOOP, QUIT) and keeps each message. `rejectNext` answers the next N
// messages' RCPT with a 550 to test retries.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message as sent (headers and body), dot-unstuffed, CRLF line ends. */
  data: string;
}

export interface SmtpListener {
  port: number;
  messages: ReceivedMail[];
  rejectNext: number;
  close(): Promise<void>;
}

export async function startSmtpListener(): Promise<SmtpListener> {
  const sockets = new Set<Socket>();
  const state: SmtpListener = { port: 0, messages: [], rejectNext: 0, close: () => Promise.resolve() };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let dataLines: string[] = [];
    let from = '';
    let to: string[] = [];
    let rejecting = false;
    const reply = (line: string): void => void socket.write(`${line}\r\n`);
    reply('220 piscope-test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            state.messages.push({ from, to, data: dataLines.join('\r\n') });
            reply('250 OK: queued');
          } else dataLines.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-piscope-test\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'HELO') reply('250 piscope-test');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/u.exec(line)?.[1] ?? '';
          to = [];
          rejecting = state.rejectNext > 0;
          if (rejecting) state.rejectNext--;
          reply('250 OK');
        } else if (verb === 'RCPT') {
          if (rejecting) reply('550 mailbox unavailable (test)');
          else {
            to.push(/<([^>]*)>/u.exec(line)?.[1] ?? '');
            reply('250 OK');
          }
        } else if (verb === 'DATA') {
          if (to.length === 0) reply('554 no valid recipients');
          else {
            inData = true;
            dataLines = [];
            reply('354 End data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 OK');
        } else if (verb === 'NOOP') reply('250 OK');
        else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply('502 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

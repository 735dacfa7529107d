/**
 * A fault-injecting HTTP proxy for the end-to-end suites: it sits on 127.0.0.1 (a free port)
 * between an SDK client and moto_server and, for the requests a rule matches, answers with a
 * throttle, an internal error or an access denial, resets the connection, or fails some
 * entries of an SQS SendMessageBatch; everything else is forwarded untouched. Point a client
 * at it with `proxy.env` (AWS_ENDPOINT_URL) and count what was injected with `proxy.counts()`.
 *
 * Faults that answer without forwarding (`slowDown`, `internalError`, `accessDenied`,
 * `reset`) first read the whole request body, as S3 does when it fails after receiving a PUT:
 * the client's retry must be able to send its body a second time. `resetAfterForward` lets
 * the request reach moto and drops the response instead, the case where a write happened
 * but its client cannot know.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a rule sees of a request. `path` is the decoded path with its query string. */
export interface RequestInfo {
  readonly method: string;
  readonly path: string;
  /** `X-Amz-Target` (AWS JSON protocols such as SQS), when present. */
  readonly target?: string;
  readonly headers: IncomingHttpHeaders;
}

export type Fault =
  /** An error response: S3's XML body, or a JSON body for the JSON protocols (SQS, Batch). */
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string }
  /** The connection is destroyed before any response. */
  | { readonly kind: 'reset' }
  /** Forwarded to moto, which acts on it; then the connection is destroyed instead of answering. */
  | { readonly kind: 'reset-after-forward' }
  /** Forwarded, but the response body is cut after `afterBytes` bytes. */
  | { readonly kind: 'reset-mid-body'; readonly afterBytes: number }
  /**
   * The first `afterBytes` of the request body reach moto, then the request hangs (what a
   * client killed mid-upload looks like to the server, once its connection closes).
   */
  | { readonly kind: 'stall'; readonly afterBytes: number }
  /** Held until `until` settles, then forwarded: lets a test act while the request is in flight. */
  | { readonly kind: 'hold'; readonly until: () => Promise<unknown> }
  /**
   * SQS SendMessageBatch: the listed entry Ids (or the last `count` entries) are withheld from
   * moto and reported in `Failed` as a server-side error, the rest is forwarded.
   */
  | { readonly kind: 'sqs-partial-failure'; readonly ids?: readonly string[]; readonly count?: number };

const s3Error = (status: number, code: string, message: string): Fault => ({ kind: 'error', status, code, message });

/** Ready-made faults with the bodies S3 sends. */
export const Faults = {
  slowDown: () => s3Error(503, 'SlowDown', 'Please reduce your request rate.'),
  internalError: () => s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'),
  accessDenied: () => s3Error(403, 'AccessDenied', 'Access Denied'),
  reset: (): Fault => ({ kind: 'reset' }),
  resetAfterForward: (): Fault => ({ kind: 'reset-after-forward' }),
  resetMidBody: (afterBytes = 1024): Fault => ({ kind: 'reset-mid-body', afterBytes }),
  stall: (afterBytes = 4096): Fault => ({ kind: 'stall', afterBytes }),
  hold: (until: () => Promise<unknown>): Fault => ({ kind: 'hold', until }),
  sqsPartialFailure: (ids: readonly string[]): Fault => ({ kind: 'sqs-partial-failure', ids }),
} as const;

export interface FaultRule {
  /** A name for the counts; default: the fault's kind and status (`503 SlowDown`, `reset`...). */
  readonly name?: string;
  readonly method?: string;
  /** Tested against the decoded path and query, e.g. `/^\/my-bucket\/warehouse\//`. */
  readonly path?: RegExp;
  /** The `X-Amz-Target` header, e.g. `AmazonSQS.SendMessageBatch`. */
  readonly target?: string;
  /** Any further condition (a `Range` header, a query parameter...). */
  readonly when?: (req: RequestInfo) => boolean;
  readonly fault: Fault;
  /** How many matching requests get the fault; default every one. */
  readonly times?: number;
  /**
   * Fault one matching request in `every` (the 1st, the 1+every-th...), forwarding the others,
   * so that a client's retry goes through and the next request meets the next fault. Default 1.
   */
  readonly every?: number;
  /** Called once the fault is in place (for `stall`: once the partial body was forwarded). */
  readonly onInject?: (fault: InjectedFault) => void;
}

/** One fault the proxy injected. */
export interface InjectedFault {
  readonly rule: string;
  readonly kind: Fault['kind'];
  readonly method: string;
  readonly path: string;
  readonly target?: string;
  /** For `sqs-partial-failure`: the entry Ids that were failed. */
  readonly entries?: readonly string[];
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The upstream's client variables with AWS_ENDPOINT_URL aimed at the proxy. */
  readonly env: Record<string, string>;
  /** Adds a rule (rules are tried in the order added; the first that matches and has faults left wins). */
  inject(rule: FaultRule): void;
  /** Drops every rule; the history is kept. */
  clearRules(): void;
  /** Every request seen, in arrival order. */
  readonly requests: RequestInfo[];
  /** Every fault injected, in order. */
  readonly injected: InjectedFault[];
  /** Faults injected per rule name (for `sqs-partial-failure`, failed entries). */
  counts(): Record<string, number>;
  /** Forgets requests and injected faults (rules stay). */
  resetHistory(): void;
  close(): Promise<void>;
}

interface LiveRule extends FaultRule {
  left: number;
  seen: number;
  label: string;
}

const labelOf = (fault: Fault): string => (fault.kind === 'error' ? `${fault.status} ${fault.code}` : fault.kind);

/** Starts a proxy in front of `upstream` (moto's endpoint) and returns once it listens. */
export async function startFaultProxy(upstream: { endpoint: string; env: Record<string, string> }): Promise<FaultProxy> {
  const target = new URL(upstream.endpoint);
  const rules: LiveRule[] = [];
  const requests: RequestInfo[] = [];
  const injected: InjectedFault[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      path: safeDecode(req.url ?? '/'),
      target: header(req.headers['x-amz-target']),
      headers: req.headers,
    };
    requests.push(info);
    const rule = rules.find((r) => r.left > 0 && matches(r, info));
    if (!rule) {
      forward(req, res);
      return;
    }
    if (rule.seen++ % (rule.every ?? 1) !== 0) {
      forward(req, res);
      return;
    }
    rule.left--;
    const record = (entries?: string[]) => {
      const done: InjectedFault = { rule: rule.label, kind: rule.fault.kind, method: info.method, path: info.path, target: info.target, ...(entries ? { entries } : {}) };
      injected.push(done);
      rule.onInject?.(done);
    };
    const fault = rule.fault;
    switch (fault.kind) {
      case 'error':
        record();
        drain(req, () => {
          // AWS JSON (SQS: X-Amz-Target) and REST-JSON (Batch: /v1/...) errors are JSON; S3's are XML.
          const json = info.target !== undefined || info.path.startsWith('/v1/');
          const body = json
            ? JSON.stringify({ __type: fault.code, message: fault.message })
            : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.message}</Message><RequestId>fault-proxy</RequestId></Error>`;
          res.writeHead(fault.status, {
            'content-type': json ? 'application/x-amz-json-1.0' : 'application/xml',
            'content-length': Buffer.byteLength(body),
            'x-amz-request-id': 'fault-proxy',
            ...(json ? { 'x-amzn-errortype': fault.code } : {}),
          });
          res.end(body);
        });
        return;
      case 'reset':
        record();
        drain(req, () => req.socket.destroy());
        return;
      case 'reset-after-forward':
        record();
        forward(req, res, { onResponse: (upstreamRes) => upstreamRes.resume().once('end', () => req.socket.destroy()) });
        return;
      case 'reset-mid-body':
        record();
        forward(req, res, { cutAfter: fault.afterBytes });
        return;
      case 'sqs-partial-failure':
        partialFailure(req, res, fault, record);
        return;
      case 'stall':
        stall(req, fault.afterBytes, () => record());
        return;
      case 'hold':
        record();
        req.pause();
        fault.until().then(
          () => forward(req, res),
          () => req.socket.destroy(),
        );
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  function forward(req: IncomingMessage, res: ServerResponse, options: { body?: Buffer; cutAfter?: number; onResponse?: (r: IncomingMessage) => void; transform?: (body: Buffer) => Buffer } = {}): void {
    const headers = { ...req.headers, host: target.host };
    // The proxy already answered 100-continue to the client; moto gets the body at once.
    delete headers.expect;
    if (options.body) headers['content-length'] = String(options.body.length);
    const upstreamReq = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (upstreamRes) => {
        if (options.onResponse) {
          options.onResponse(upstreamRes);
          return;
        }
        if (options.transform) {
          collect(upstreamRes, (raw) => {
            const body = options.transform!(raw);
            res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, 'content-length': String(body.length) });
            res.end(body);
          });
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (options.cutAfter === undefined) {
          upstreamRes.pipe(res);
          return;
        }
        let sent = 0;
        const cutAfter = options.cutAfter;
        upstreamRes.on('data', (chunk: Buffer) => {
          if (sent >= cutAfter) return;
          const part = chunk.subarray(0, cutAfter - sent);
          sent += part.length;
          res.write(part);
          if (sent >= cutAfter) {
            // Give the partial body a moment to leave before the connection drops.
            setTimeout(() => {
              req.socket.destroy();
              upstreamRes.destroy();
            }, 20);
          }
        });
        upstreamRes.on('end', () => {
          if (sent < cutAfter) res.end();
        });
      },
    );
    upstreamReq.on('error', () => req.socket.destroy());
    req.on('aborted', () => upstreamReq.destroy());
    if (options.body) upstreamReq.end(options.body);
    else req.pipe(upstreamReq);
  }

  function stall(req: IncomingMessage, afterBytes: number, stalled: () => void): void {
    const headers = { ...req.headers, host: target.host };
    delete headers.expect;
    const upstreamReq = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (r) => r.resume());
    upstreamReq.on('error', () => undefined);
    let sent = 0;
    const onData = (chunk: Buffer) => {
      const part = chunk.subarray(0, afterBytes - sent);
      sent += part.length;
      upstreamReq.write(part);
      if (sent >= afterBytes) {
        req.off('data', onData);
        req.pause();
        stalled();
      }
    };
    req.on('data', onData);
    // The client went away (killed): so does the upstream request, its body cut short.
    req.socket.once('close', () => upstreamReq.destroy());
  }

  function partialFailure(req: IncomingMessage, res: ServerResponse, fault: Extract<Fault, { kind: 'sqs-partial-failure' }>, record: (entries: string[]) => void): void {
    collect(req, (raw) => {
      const body = JSON.parse(raw.toString('utf8')) as { Entries?: { Id: string }[] };
      const entries = body.Entries ?? [];
      const failIds = new Set(fault.ids ?? entries.slice(Math.max(0, entries.length - (fault.count ?? 1))).map((e) => e.Id));
      const failed = entries.filter((e) => failIds.has(e.Id)).map((e) => e.Id);
      record(failed);
      const failedJson = failed.map((Id) => ({ Id, Code: 'InternalError', SenderFault: false, Message: 'fault-proxy: the entry was not sent' }));
      const kept = entries.filter((e) => !failIds.has(e.Id));
      if (kept.length === 0) {
        const out = Buffer.from(JSON.stringify({ Successful: [], Failed: failedJson }));
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': out.length, 'x-amzn-requestid': 'fault-proxy' });
        res.end(out);
        return;
      }
      forward(req, res, {
        body: Buffer.from(JSON.stringify({ ...body, Entries: kept })),
        transform: (upstreamBody) => {
          const parsed = JSON.parse(upstreamBody.toString('utf8')) as { Successful?: unknown[]; Failed?: unknown[] };
          return Buffer.from(JSON.stringify({ ...parsed, Failed: [...(parsed.Failed ?? []), ...failedJson] }));
        },
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    env: { ...upstream.env, AWS_ENDPOINT_URL: endpoint },
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY, seen: 0, label: rule.name ?? labelOf(rule.fault) });
    },
    clearRules() {
      rules.length = 0;
    },
    requests,
    injected,
    counts() {
      const out: Record<string, number> = {};
      for (const f of injected) out[f.rule] = (out[f.rule] ?? 0) + (f.entries ? f.entries.length : 1);
      return out;
    },
    resetHistory() {
      requests.length = 0;
      injected.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function matches(rule: FaultRule, req: RequestInfo): boolean {
  if (rule.method && rule.method.toUpperCase() !== req.method) return false;
  if (rule.path && !rule.path.test(req.path)) return false;
  if (rule.target && rule.target !== req.target) return false;
  return !rule.when || rule.when(req);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function drain(req: IncomingMessage, then: () => void): void {
  if (req.complete) {
    then();
    return;
  }
  req.resume();
  req.once('end', then);
  req.once('error', () => undefined);
}

function collect(stream: IncomingMessage, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.once('end', () => then(Buffer.concat(chunks)));
}

import { createServer as createHttpServer, type RequestListener, type Server, type ServerOptions } from "node:http";
import type { Socket } from "node:net";
import { MAX_URL_BYTES } from "../http/url-limit.js";
import type { CachedAnswer, Limiter, ResponseCache } from "./response-cache.js";

/** The client a request counts against, from its socket and its headers (lower-case names). */
export type AddressOf = (socket: Socket, header: (name: string) => string | null) => string;

/**
 * A keep-alive connection has one peer: when the client depends on nothing else (no proxy is
 * trusted), work it out once per connection, not on every request.
 */
export function onePerConnection(addressOfPeer: (peer: string | undefined) => string): AddressOf {
  const addresses = new WeakMap<Socket, string>();
  return (socket) => {
    let address = addresses.get(socket);
    if (address === undefined) {
      address = addressOfPeer(socket.remoteAddress);
      addresses.set(socket, address);
    }
    return address;
  };
}

/**
 * node:http's createServer for @hono/node-server's `serve`, answering GETs from the response
 * cache straight on node:http, before a WHATWG Request is built for Hono: that is most of what a
 * cached read would otherwise cost. Everything else, and every miss, goes to the app.
 */
export function directServer(responseCache: ResponseCache, limiter: Limiter, addressOf: AddressOf) {
  return (options: ServerOptions, appListener: RequestListener): Server =>
    createHttpServer(options, (req, res) => {
      if (req.method !== "GET" || (req.url?.length ?? 0) > MAX_URL_BYTES) return appListener(req, res);
      // Straight from the raw header list: req.headers would build an object of all of them.
      const raw = req.rawHeaders;
      const header = (name: string) => {
        let found: string | null = null;
        for (let i = 0; i < raw.length; i += 2) {
          if ((raw[i] as string).length === name.length && (raw[i] as string).toLowerCase() === name) {
            found = found === null ? (raw[i + 1] as string) : `${found}, ${raw[i + 1]}`;
          }
        }
        return found;
      };
      const write = (cached: CachedAnswer | null) => {
        if (!cached) return appListener(req, res);
        res.writeHead(cached.status, cached.headers);
        res.end(cached.body ?? undefined);
      };
      try {
        const cached = responseCache.answer({ method: "GET", url: req.url ?? "/", header, address: addressOf(req.socket, header) }, limiter);
        if (cached instanceof Promise) cached.then(write, () => appListener(req, res));
        else write(cached);
      } catch {
        appListener(req, res);
      }
    });
}

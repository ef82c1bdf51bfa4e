import { mkdtemp, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeConfigError, nodeConfigSchema } from "../src/config.js";
import type { Running } from "./process.js";
import { type SmtpSink, startServer, startSmtpSink, tally, waitFor } from "./smtp-sink.js";

// SIGTERM to the real server process (as `npm start` runs it): stop accepting, close idle
// keep-alive connections, finish the requests in flight and the mail batch being sent, close the
// database, exit 0 — or, past SHUTDOWN_TIMEOUT_SECONDS, say what was still running and exit 1.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "shutdown-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function signUp(server: { url: string }, email: string) {
  const res = await fetch(`${server.url}/v1/subscribers`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(res.status).toBe(202);
}

async function outbox(dbFile: string) {
  const client = createClient({ url: `file:${dbFile}` });
  try {
    const { rows } = await client.execute("SELECT id, to_address, status, attempts FROM outbox ORDER BY id");
    return rows.map((r) => ({ to: r.to_address as string, status: r.status as string, attempts: Number(r.attempts) }));
  } finally {
    client.close();
  }
}

function exited(proc: Running["proc"]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
}

/** A raw HTTP/1.1 connection: what was received so far, and when the server closed it. */
function rawConnection(port: number): Promise<{ socket: Socket; data: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (data += chunk));
    const closed = new Promise<number>((r) => socket.once("close", () => r(Date.now())));
    socket.once("error", reject);
    socket.once("connect", () => resolve({ socket, data: () => data, closed }));
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
  });
}

describe("SIGTERM", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it("stops accepting, closes idle connections, finishes the request in flight and the mail batch, closes the database, exits 0", async () => {
    const dbFile = path.join(dir, "graceful.db");
    const server = await startServer({ DATABASE_URL: `file:${dbFile}`, SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
    try {
      // A batch of four mails on a slow SMTP server (400 ms to answer each): the first sign-up's
      // mail is held until four more are queued, so the next pass claims them together.
      let releaseFirst!: () => void;
      sink.hold = () => new Promise<void>((resolve) => (releaseFirst = resolve));
      await signUp(server, "first@example.com");
      await waitFor(() => sink.received.length === 1 || undefined, "the first DATA");
      const batch = ["ada", "grace", "alan", "edsger"].map((n) => `${n}@example.com`);
      for (const email of batch) await signUp(server, email);
      sink.hold = () => new Promise<void>((resolve) => setTimeout(resolve, 400));
      releaseFirst();
      await waitFor(() => sink.received.length === 2 || undefined, "the batch's first DATA");

      // An idle keep-alive connection, and a sign-up whose body is still on its way.
      const idle = await rawConnection(server.port);
      idle.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await waitFor(() => /\r\n\r\n\{/.test(idle.data()) || undefined, "the idle connection's answer");
      expect(idle.data()).toMatch(/^HTTP\/1\.1 200 /);
      const body = JSON.stringify({ email: "late@example.com" });
      const slow = await rawConnection(server.port);
      slow.socket.write(
        `POST /v1/subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
      await new Promise((r) => setTimeout(r, 100));

      const gone = exited(server.proc);
      const signalled = Date.now();
      process.kill(server.proc.pid!, "SIGTERM");

      // The idle connection is closed at once; new connections are refused.
      expect((await idle.closed) - signalled).toBeLessThan(500);
      await waitFor(() => refused(server.port).then((r) => r || undefined), "new connections refused", 1000);
      // The request in flight completes, and its connection closes after the answer.
      await new Promise((r) => setTimeout(r, 200));
      slow.socket.write(body.slice(10));
      await slow.closed;
      expect(slow.data()).toMatch(/^HTTP\/1\.1 202 /);
      expect(slow.data()).toMatch(/\r\nConnection: close\r\n/i);

      const { code } = await gone;
      const took = Date.now() - signalled;
      expect(code).toBe(0);
      expect(took).toBeLessThan(10_000);
      expect(server.output()).toMatch(/"msg":"shutting down","signal":"SIGTERM","timeoutSeconds":10,"inFlightRequests":1,"mailPass":true/);
      expect(server.output()).toMatch(/"msg":"shut down"/); // after the database was closed

      // The whole batch was delivered and marked sent before the exit; the late sign-up's mail
      // waits in the outbox for the next start.
      expect(tally(sink.accepted().flatMap((m) => m.to))).toEqual(Object.fromEntries(["first@example.com", ...batch].map((a) => [a, 1])));
      expect(sink.received).toHaveLength(5);
      const rows = await outbox(dbFile);
      expect(rows.map((r) => [r.to, r.status])).toEqual([
        ["first@example.com", "sent"],
        ...batch.map((a) => [a, "sent"]),
        ["late@example.com", "pending"],
      ]);
    } finally {
      sink.hold = null;
      await server.stop();
    }
  });

  it("past SHUTDOWN_TIMEOUT_SECONDS (a stuck SMTP server) names what was still running, puts the mails back and exits 1", async () => {
    const dbFile = path.join(dir, "stuck.db");
    const server = await startServer({ DATABASE_URL: `file:${dbFile}`, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SHUTDOWN_TIMEOUT_SECONDS: "1" });
    try {
      sink.hold = () => new Promise<void>(() => {}); // takes the data, never answers
      const before = sink.received.length;
      await signUp(server, "stuck@example.com");
      await waitFor(() => sink.received.length === before + 1 || undefined, "the stuck DATA");
      await signUp(server, "queued@example.com");

      const gone = exited(server.proc);
      const signalled = Date.now();
      process.kill(server.proc.pid!, "SIGTERM");
      const { code } = await gone;
      const took = Date.now() - signalled;
      expect(code).toBe(1);
      expect(took).toBeGreaterThanOrEqual(1000);
      expect(took).toBeLessThan(3000);
      expect(server.output()).toMatch(
        /"level":"error","msg":"shutdown deadline passed, exiting","timeoutSeconds":1,"stillRunning":"the mail pass[^"]*"/,
      );

      // Nothing left 'sending', nothing lost, no attempt counted for the interrupted mail.
      expect(await outbox(dbFile)).toEqual([
        { to: "stuck@example.com", status: "pending", attempts: 0 },
        { to: "queued@example.com", status: "pending", attempts: 0 },
      ]);
      expect(sink.accepted().filter((m) => m.to.includes("stuck@example.com"))).toHaveLength(0);
    } finally {
      sink.hold = null;
      await server.stop();
    }
  });

  it("validates SHUTDOWN_TIMEOUT_SECONDS (default 10)", () => {
    expect(nodeConfigSchema.parse({}).shutdownTimeoutSeconds).toBe(10);
    expect(nodeConfigSchema.parse({ SHUTDOWN_TIMEOUT_SECONDS: "2.5" }).shutdownTimeoutSeconds).toBe(2.5);
    for (const bad of ["0", "-1", "soon", "4000"]) {
      const result = nodeConfigSchema.safeParse({ SHUTDOWN_TIMEOUT_SECONDS: bad });
      expect(result.success).toBe(false);
      expect(describeConfigError(result.error!)).toMatch(/^invalid configuration: SHUTDOWN_TIMEOUT_SECONDS /);
    }
  });
});

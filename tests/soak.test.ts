import { describe, expect, it } from "vitest";
import { runProcess } from "./process.js";

// The soak test, short: scripts/soak.mjs at 64 connections for 10 s (the README documents the
// 60 s run). It starts the service as `npm start` does on a fresh database, mixes every kind of
// read with sign-ups, and checks the database afterwards.

describe("scripts/soak.mjs", () => {
  it("64 connections of mixed reads and sign-ups for 10 s: zero 5xx, every 202 sign-up saved with its mail queued", {
    timeout: 120_000,
  }, async () => {
    const { code, output } = await runProcess("node", ["scripts/soak.mjs", "--seconds=10"], {}, 110_000);
    expect(code, output).toBe(0);
    const line = output.split("\n").find((l) => l.startsWith("SOAK_RESULT "));
    expect(line, output).toBeDefined();
    const result = JSON.parse(line!.slice("SOAK_RESULT ".length));
    expect(result.connections).toBe(64);
    expect(result.serverErrors).toBe(0);
    expect(result.networkErrors).toBe(0);
    expect(result.unexpected).toBe(0);
    expect(result.requests).toBeGreaterThan(500);
    expect(result.signUps.accepted).toBeGreaterThan(20);
    expect(result.signUps.inSubscribers).toBe(result.signUps.accepted);
    expect(result.signUps.withConfirmationMail).toBe(result.signUps.accepted);
    expect(result.serverExit).toBe(0);
    expect(output).toContain("soak: OK");
  });
});

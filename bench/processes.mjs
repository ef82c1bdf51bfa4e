// Child processes for the bench: start, time until the first 200, stop, and read their memory.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";

const running = new Set();

/** Kills every process group still running; called on exit, on errors and on Ctrl-C. */
export function killAll() {
  for (const child of running) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
  running.clear();
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a command in its own process group (so stopping it stops what it spawned, e.g. tsx's
 * child) and records its output for error messages. `startedAt` is taken right before spawn.
 */
export function launch(name, cmd, args, { cwd, env } = {}) {
  const startedAt = performance.now();
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  let output = "";
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => { running.delete(child); resolve({ code, signal }); }));
  return {
    name,
    child,
    pid: child.pid,
    startedAt,
    exited,
    output: () => output,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader has exited. */
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One GET without keep-alive: status, raw headers and body bytes. */
export function get(url, { timeoutMs = 5000, method = "GET" } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url}: no answer in ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Polls `url` every few milliseconds until it answers 200 and returns the time from the process's
 * spawn to that answer, in ms. Fails with the process's output when it exits first or times out.
 */
export async function timeToFirst200(proc, url, timeoutMs = 90_000) {
  const deadline = proc.startedAt + timeoutMs;
  let last = "no answer yet";
  while (performance.now() < deadline) {
    if (!proc.isRunning()) throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${url} answered 200:\n${proc.output().trim()}`);
    try {
      const res = await get(url, { timeoutMs: 2000 });
      if (res.status === 200) return performance.now() - proc.startedAt;
      last = `status ${res.status}: ${res.body.toString().slice(0, 300)}`;
    } catch (err) {
      last = err.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${proc.name}: ${url} did not answer 200 within ${timeoutMs} ms (last: ${last}):\n${proc.output().trim()}`);
}

/** Waits for a line of JSON on the process's stdout (e.g. {"port": N}). */
export function firstJsonLine(proc, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`${proc.name} printed nothing in ${timeoutMs} ms:\n${proc.output()}`)), timeoutMs);
    proc.child.stdout.on("data", (chunk) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.trim().startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    proc.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited (${code}) before it was ready:\n${proc.output()}`));
    });
  });
}

/** Runs a command to completion; resolves with its exit code, output and wall time. */
export function runToEnd(cmd, args, { cwd, env, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c.toString()));
    child.stderr.on("data", (c) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, ms: performance.now() - startedAt });
    });
  });
}

// --- memory, from /proc (Linux) ---

function readStatusKiB(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The process and all its descendants, from /proc/<pid>/task/<tid>/children. */
export function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pids[i]}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = readFileSync(`/proc/${pids[i]}/task/${tid}/children`, "utf8").trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      } catch {}
    }
  }
  return pids;
}

/** The pid (among `pids`) that owns the socket listening on 127.0.0.1:`port`, via /proc/net/tcp inodes. */
export function listenerPid(port, pids) {
  const inodes = new Set();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let rows = [];
    try {
      rows = readFileSync(table, "utf8").trim().split("\n").slice(1);
    } catch {
      continue;
    }
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      const localPort = parseInt(cols[1].split(":")[1], 16);
      if (localPort === port && cols[3] === "0A") inodes.add(cols[9]);
    }
  }
  for (const pid of pids) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
        if (m && inodes.has(m[1])) return pid;
      } catch {}
    }
  }
  return null;
}

const mib = (kib) => (kib === null ? null : Math.round((kib / 1024) * 10) / 10);

/**
 * Memory of a launched server: VmRSS (and VmHWM, the peak) of the process that listens on `port`,
 * and the VmRSS sum over the whole tree (e.g. tsx's launcher plus the node process it runs).
 */
export function memoryOf(proc, port) {
  const pids = processTree(proc.pid);
  const listener = listenerPid(port, pids);
  const perProcess = pids.map((pid) => ({ pid, rssMiB: mib(readStatusKiB(pid, "VmRSS")), cmd: commandLine(pid) }));
  return {
    rssMiB: listener === null ? null : mib(readStatusKiB(listener, "VmRSS")),
    peakRssMiB: listener === null ? null : mib(readStatusKiB(listener, "VmHWM")),
    treeRssMiB: mib(perProcess.reduce((sum, p) => sum + (p.rssMiB ?? 0) * 1024, 0)),
    listenerPid: listener,
    processes: perProcess,
  };
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ").slice(0, 200);
  } catch {
    return null;
  }
}

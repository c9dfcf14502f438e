/**
 * A throwaway mosquitto broker (Debian's `mosquitto`) for the tests of the MQTT feed and the
 * SensorThings MQTT extension: started on a free port of 127.0.0.1 with a config of its own, and
 * restartable on the same port (outage tests). Without the binary the tests skip, loudly; under
 * CI they fail instead (a green CI must not hide a missing broker).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const BINARIES = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"];

/** The mosquitto binary, or null. */
export function findMosquitto(): string | null {
  return BINARIES.find((b) => fs.existsSync(b)) ?? null;
}

/** Why the broker tests cannot run here (null: they can); throws under CI. */
export function mosquittoMissing(): string | null {
  if (findMosquitto()) return null;
  const why = "mosquitto is not installed (apt-get install mosquitto)";
  if (process.env.CI === "true") throw new Error(`${why}: the MQTT tests cannot run, and CI must not skip them`);
  process.stderr.write(`\n${"!".repeat(78)}\n[mqtt] MQTT broker tests are SKIPPED: ${why}\n${"!".repeat(78)}\n\n`);
  return why;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, "127.0.0.1");
      c.once("connect", () => {
        c.destroy();
        resolve(true);
      });
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`mosquitto did not listen on ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Broker {
  url: string;
  port: number;
  /** Kills the broker (an outage); `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/** Starts a broker on a free port of 127.0.0.1 (anonymous clients allowed, no persistence). */
export async function startMosquitto(): Promise<Broker> {
  const bin = findMosquitto();
  if (!bin) throw new Error("mosquitto is not installed");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twinops-mqtt-"));
  const port = await freePort();
  const conf = path.join(dir, "mosquitto.conf");
  fs.writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
  let child: ChildProcess | null = null;
  const broker: Broker = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async start() {
      if (child) return;
      const c = spawn(bin, ["-c", conf], { stdio: "ignore" });
      child = c;
      c.once("exit", () => {
        if (child === c) child = null;
      });
      await waitForPort(port, 5000);
    },
    async stop() {
      const c = child;
      if (!c) return;
      child = null;
      await new Promise<void>((resolve) => {
        c.once("exit", () => resolve());
        c.kill("SIGKILL");
      });
    },
    async close() {
      await broker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}

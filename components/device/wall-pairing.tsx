"use client";
/**
 * What a wall without a token shows: a pairing code in type readable across the room, a QR code
 * of the admin page that confirms it, and how long it lives. It asks every 2 s whether an admin
 * confirmed it; the answer that says so sets the wall's device cookie, and the wall opens its
 * board. An expired or used code is replaced by a new one, without anyone touching the screen.
 */
import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/format/time";
import type { Locale } from "@/lib/i18n/locale";
import { pm } from "@/lib/i18n/pairing-messages";

const ASK_EVERY_MS = 2000;

interface Pairing {
  code: string;
  display: string;
  expiresAt: string;
  secret: string;
  qrSvg: string;
}

type Phase = { kind: "starting" } | { kind: "waiting"; pairing: Pairing } | { kind: "paired" } | { kind: "failed"; detail: string };

async function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : null,
    cache: "no-store",
  });
}

export function WallPairing({ locale }: { locale: Locale }) {
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });
  const [now, setNow] = useState(() => Date.now());
  const [round, setRound] = useState(0);

  // Start a pairing (again after expiry or failure).
  useEffect(() => {
    let stopped = false;
    const retry = () => window.setTimeout(() => setRound((r) => r + 1), 15_000);
    void (async () => {
      try {
        const res = await post("/api/auth/device/pair");
        const body = (await res.json()) as Pairing & { detail?: string };
        if (stopped) return;
        if (!res.ok) {
          setPhase({ kind: "failed", detail: body.detail ?? `HTTP ${res.status}` });
          retry();
          return;
        }
        setNow(Date.now());
        setPhase({ kind: "waiting", pairing: body });
      } catch {
        if (stopped) return;
        setPhase({ kind: "failed", detail: "network" });
        retry();
      }
    })();
    return () => {
      stopped = true;
    };
  }, [round]);

  // Ask whether it was confirmed; count down.
  const secret = phase.kind === "waiting" ? phase.pairing.secret : null;
  useEffect(() => {
    if (!secret) return;
    let stopped = false;
    const timer = window.setInterval(() => {
      setNow(Date.now());
      void (async () => {
        try {
          const res = await post("/api/auth/device/pair/claim", { secret });
          if (stopped) return;
          if (res.status === 410) {
            setRound((r) => r + 1);
            return;
          }
          if (!res.ok) return;
          const body = (await res.json()) as { status: string; path?: string };
          if (body.status === "paired" && body.path) {
            stopped = true;
            setPhase({ kind: "paired" });
            // A full load on purpose: the board is rendered for the new device cookie.
            const target = new URL(body.path, window.location.origin);
            if (locale === "zh") target.searchParams.set("lang", "zh");
            window.location.assign(target.href);
          }
        } catch {
          // The network comes back; ask again next time.
        }
      })();
    }, ASK_EVERY_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [secret, locale]);

  const left = phase.kind === "waiting" ? Math.max(0, (Date.parse(phase.pairing.expiresAt) - now) / 1000) : 0;
  const status =
    phase.kind === "waiting"
      ? `${pm(locale, "waiting")} ${pm(locale, "expiresIn", { time: formatDuration(left, locale) })}`
      : phase.kind === "paired"
        ? pm(locale, "paired")
        : phase.kind === "failed"
          ? pm(locale, "startFailed", { detail: phase.detail })
          : "";
  return (
    <section aria-labelledby="pair-title" className="flex flex-col items-center gap-[3vh] text-center">
      <h1 id="pair-title" className="text-[4vh] font-semibold text-fg">
        {pm(locale, "wallTitle")}
      </h1>
      <div className="flex flex-wrap items-center justify-center gap-[5vw]">
        <div className="flex flex-col items-center gap-[1.5vh]">
          <p className="text-[2.4vh] text-muted">{pm(locale, "codeLabel")}</p>
          <p
            data-testid="pairing-code"
            data-code={phase.kind === "waiting" ? phase.pairing.code : ""}
            className="tabular font-mono text-[13vh] leading-none font-bold tracking-[0.12em] text-fg"
            aria-live="polite"
          >
            {phase.kind === "waiting" ? phase.pairing.display : "··· ···"}
          </p>
          <p className="text-[2.4vh] text-muted" role="status">
            {status}
          </p>
        </div>
        {phase.kind === "waiting" ? (
          <div
            role="img"
            aria-label={pm(locale, "qrLabel")}
            data-testid="pairing-qr"
            className="size-[32vh] rounded bg-white p-[1vh] [&_svg]:size-full"
            // The SVG is made by the server from our own URL (lib/auth/pairing.ts), not from input.
            dangerouslySetInnerHTML={{ __html: phase.pairing.qrSvg }}
          />
        ) : (
          <div className="skeleton size-[32vh]" />
        )}
      </div>
      <ol className="max-w-[70vw] list-decimal pl-6 text-left text-[2.4vh] text-fg">
        <li>{pm(locale, "wallStep1")}</li>
        <li>{pm(locale, "wallStep2")}</li>
      </ol>
    </section>
  );
}

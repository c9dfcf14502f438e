"use client";
/**
 * The admin's view of wall screens: pair a screen by the code it shows (the QR code on the screen
 * opens this page with the code filled in), see every paired screen with its board or playlist
 * and when it was last seen, push other boards to it (it switches by itself), or revoke it.
 */
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { TokenRecord } from "@/lib/ops/port";
import { formatDateTime, formatDuration } from "@/lib/format/time";
import { pick, type Locale } from "@/lib/i18n/locale";
import { pm } from "@/lib/i18n/pairing-messages";
import type { LocalizedText } from "@/lib/twin/types";
import { ConsoleTable } from "@/components/ui/console";
import { csrfCaller, failureFrom, type Failure } from "@/components/ui/mutate";
import { failureText } from "./admin-console";

/** A screen counts as online when its token was used this recently (uses are kept to the minute). */
const ONLINE_MS = 3 * 60_000;

const input = "rounded border border-line bg-bg px-2 py-1.5 text-sm";
const button = "min-h-8 rounded border border-line px-3 text-sm hover:bg-surface-2";
const primary = "min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg";

interface Props {
  locale: Locale;
  csrf: string;
  timezone: string;
  renderedAt: number;
  /** From `?pair=`: the QR code on a screen opens this page with its code. */
  pairCode: string;
  walls: TokenRecord[];
  boards: { id: string; title: LocalizedText }[];
}

export function WallAdmin(props: Props) {
  const { locale } = props;
  const router = useRouter();
  const [notice, setNotice] = useState<{ ok: string } | { failure: Failure } | null>(null);
  const boardName = (id: string) => pick(props.boards.find((b) => b.id === id)?.title ?? { en: id, zh: id }, locale);

  const call = csrfCaller(props.csrf);

  async function run(e: FormEvent<HTMLFormElement> | null, fn: () => Promise<string | null>) {
    e?.preventDefault();
    setNotice(null);
    try {
      const ok = await fn();
      if (ok) setNotice({ ok });
      router.refresh();
    } catch (err) {
      setNotice({ failure: failureFrom(err) });
    }
  }

  const pair = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    return run(e, async () => {
      const name = String(d.get("name"));
      await call("POST", "/api/admin/walls/pair", { code: String(d.get("code")), name, boards: d.getAll("boards").map(String) });
      form.reset();
      return pm(locale, "pairedOk", { name });
    });
  };

  const live = props.walls.filter((w) => w.kind === "device" && w.revokedAt === null);
  return (
    <section id="pair" aria-labelledby="walls-h" data-testid="admin-walls" className="flex flex-col gap-3">
      <h2 id="walls-h" className="text-lg font-semibold">
        {pm(locale, "adminTitle")}
      </h2>
      <p className="text-sm text-muted">{pm(locale, "adminIntro")}</p>
      {notice && (
        <p role="status" data-testid="wall-admin-message" className="rounded border border-line bg-surface-2 p-3 text-sm">
          {"ok" in notice ? notice.ok : failureText(notice.failure, locale)}
        </p>
      )}
      <form onSubmit={pair} data-testid="pair-form" className="flex flex-wrap items-end gap-3 rounded border border-line p-3">
        <label className="flex flex-col gap-1 text-sm">
          {pm(locale, "pairCode")}
          <input
            name="code"
            required
            defaultValue={props.pairCode}
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            className={`${input} font-mono uppercase`}
            data-testid="pair-code"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {pm(locale, "pairName")}
          <input name="name" required maxLength={80} className={input} data-testid="pair-name" />
        </label>
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1">{pm(locale, "pairBoards")}</legend>
          <div className="flex flex-wrap gap-3">
            {props.boards.map((b) => (
              <label key={b.id} className="flex items-center gap-1">
                <input type="checkbox" name="boards" value={b.id} data-testid={`pair-board-${b.id}`} />
                {pick(b.title, locale)}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className={primary} data-testid="pair-submit">
          {pm(locale, "pairSubmit")}
        </button>
      </form>
      <ConsoleTable
        testId="wall-list"
        head={[pm(locale, "colWall"), pm(locale, "colBoards"), pm(locale, "colLastSeen"), pm(locale, "colOnline"), ""]}
        empty={live.length === 0 ? pm(locale, "noWalls") : null}
      >
        {live.map((w) => {
          const age = w.lastUsedAt === null ? null : props.renderedAt - w.lastUsedAt;
          return (
            <tr key={w.id} data-testid="wall-row" data-name={w.name} className="border-t border-line align-top">
              <td className="py-1.5 font-medium">
                <bdi>{w.name}</bdi>
              </td>
              <td data-testid="wall-boards">{w.scope.map(boardName).join(" → ")}</td>
              <td>{w.lastUsedAt === null ? "–" : formatDateTime(w.lastUsedAt, props.timezone, locale)}</td>
              <td>
                {age === null
                  ? pm(locale, "never")
                  : age < ONLINE_MS
                    ? pm(locale, "online")
                    : pm(locale, "offline", { time: formatDuration(age / 1000, locale) })}
              </td>
              <td className="flex flex-wrap justify-end gap-2 py-1">
                <form
                  className="flex items-center gap-1"
                  onSubmit={(e) => {
                    const d = new FormData(e.currentTarget);
                    const boards = String(d.get("boards") ?? "")
                      .split(",")
                      .filter(Boolean);
                    return run(e, async () => {
                      await call("PATCH", `/api/admin/tokens/${w.id}`, { boards });
                      return null;
                    });
                  }}
                >
                  <label className="flex items-center gap-1">
                    <span className="sr-only">{pm(locale, "pushBoards")}</span>
                    <select name="boards" defaultValue={w.scope.join(",")} className={input} data-testid="wall-push-select">
                      {props.boards.map((b) => (
                        <option key={b.id} value={b.id}>
                          {pick(b.title, locale)}
                        </option>
                      ))}
                      <option value={props.boards.map((b) => b.id).join(",")}>
                        {props.boards.map((b) => pick(b.title, locale)).join(" → ")}
                      </option>
                    </select>
                  </label>
                  <button type="submit" className={button} data-testid="wall-push">
                    {pm(locale, "push")}
                  </button>
                </form>
                <button
                  type="button"
                  className={button}
                  onClick={() => void run(null, async () => (await call("DELETE", `/api/admin/tokens/${w.id}`), null))}
                >
                  {pm(locale, "revoke")}
                </button>
              </td>
            </tr>
          );
        })}
      </ConsoleTable>
    </section>
  );
}

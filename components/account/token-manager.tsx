"use client";
/**
 * A person's own read tokens: create one (name, optional expiry; the secret is shown once),
 * see each with its creation, last use, expiry and state, revoke it. Changes go to
 * /api/account/tokens with the session's CSRF token; the page then re-renders from the server.
 */
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { buttonClass, ConsoleHeader, ConsoleTable, inputClass, primaryClass } from "@/components/ui/console";
import { csrfCaller } from "@/components/ui/mutate";
import { formatDateTime } from "@/lib/format/time";
import { acm, type AccountMessage } from "@/lib/i18n/account-messages";
import type { Locale } from "@/lib/i18n/locale";
import type { TokenRecord } from "@/lib/ops/port";
import { ACCOUNT_IDS } from "@/lib/test-ids";

/** Expiry choices, in days (0: until revoked). */
const EXPIRY_DAYS = [30, 90, 365, 0] as const;

type State = "active" | "revoked" | "expired";
export function tokenState(tk: Pick<TokenRecord, "revokedAt" | "expiresAt">, now: number): State {
  if (tk.revokedAt !== null) return "revoked";
  return tk.expiresAt !== null && tk.expiresAt <= now ? "expired" : "active";
}

type Notice = { key: AccountMessage; vars: Record<string, string> };

export interface TokenManagerProps {
  locale: Locale;
  renderedAt: number;
  me: string;
  csrf: string;
  tokens: TokenRecord[];
}

export function TokenManager(props: TokenManagerProps) {
  const { locale } = props;
  const router = useRouter();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const m = (key: AccountMessage, vars?: Record<string, string | number>) => acm(locale, key, vars);
  const time = (ms: number | null, none: AccountMessage) => (ms === null ? m(none) : formatDateTime(ms, "UTC", locale));
  const call = csrfCaller(props.csrf);

  async function run(e: FormEvent<HTMLFormElement> | null, fn: () => Promise<Notice>) {
    e?.preventDefault();
    setNotice(null);
    try {
      setNotice(await fn());
      router.refresh();
    } catch (err) {
      setNotice({ key: "failed", vars: { detail: err instanceof Error ? err.message : String(err) } });
    }
  }

  const create = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    const name = String(d.get("name"));
    const days = Number(d.get("days"));
    return run(e, async () => {
      const body = days > 0 ? { name, expiresAt: new Date(Date.now() + days * 86400_000).toISOString() } : { name };
      const r = (await call("POST", "/api/account/tokens", body)) as { token: string };
      setSecret(r.token);
      form.reset();
      return { key: "created", vars: { name } };
    });
  };

  return (
    <main id="main" lang={locale === "zh" ? "zh-Hans" : "en"} className="mx-auto flex max-w-5xl flex-col gap-6 p-6 text-fg">
      <ConsoleHeader
        locale={locale}
        path="/account/tokens"
        title={m("title")}
        back={m("back")}
        signedIn={m("signedInAs", { name: props.me })}
      />
      <p className="max-w-3xl text-sm text-muted">{m("intro")}</p>
      {notice && (
        <p role="status" data-testid={ACCOUNT_IDS.message} className="rounded border border-line bg-surface-2 p-3 text-sm">
          {m(notice.key, notice.vars)}
        </p>
      )}
      {secret && (
        <div className="rounded border border-accent p-3 text-sm">
          <p>{m("secret")}</p>
          <code data-testid={ACCOUNT_IDS.secret} className="mt-2 block font-mono break-all select-all">
            {secret}
          </code>
        </div>
      )}

      <form data-testid={ACCOUNT_IDS.createForm} onSubmit={create} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          {m("name")}
          <input name="name" required maxLength={80} className={`${inputClass} w-64`} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {m("expiry")}
          <select name="days" defaultValue="90" className={inputClass}>
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 0 ? m("noExpiry") : m("days", { n: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={primaryClass}>
          {m("create")}
        </button>
      </form>

      <section aria-labelledby="tokens-h" className="flex flex-col gap-2">
        <h2 id="tokens-h" className="text-lg font-semibold">
          {m("yours")}
        </h2>
        {props.tokens.length === 0 ? (
          <p className="text-sm text-muted">{m("none")}</p>
        ) : (
          <ConsoleTable
            testId={ACCOUNT_IDS.tokens}
            head={[m("colName"), m("colCreated"), m("colLastUsed"), m("colExpires"), m("colState"), ""]}
            caption={m("times")}
          >
            {props.tokens.map((tk) => {
              const state = tokenState(tk, props.renderedAt);
              return (
                <tr key={tk.id} data-token-id={tk.id} data-state={state} className="border-t border-line">
                  <td className="py-1.5 font-medium">
                    <bdi>{tk.name}</bdi>
                  </td>
                  <td>{time(tk.createdAt, "notYet")}</td>
                  <td>{time(tk.lastUsedAt, "notYet")}</td>
                  <td>{time(tk.expiresAt, "never")}</td>
                  <td>{m(state)}</td>
                  <td className="py-1 text-right">
                    {state === "active" && (
                      <button
                        type="button"
                        className={buttonClass}
                        onClick={() =>
                          void run(null, async () => {
                            await call("DELETE", `/api/account/tokens/${tk.id}`);
                            return { key: "revokedOne", vars: { name: tk.name } };
                          })
                        }
                      >
                        {m("revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </ConsoleTable>
        )}
      </section>
    </main>
  );
}

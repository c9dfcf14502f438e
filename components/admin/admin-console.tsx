"use client";
/**
 * The admin screen: accounts (create, change role/domains, reset password, disable), device and
 * feed tokens (issue: the secret is shown once; revoke), and the audit trail. Changes go to the
 * admin API with the session's CSRF token; the page then re-renders from the server. In English or
 * 简体中文, from the page's `?lang=`.
 */
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { buttonClass, ConsoleHeader, ConsoleTable, inputClass, primaryClass } from "@/components/ui/console";
import { csrfCaller, failureFrom, type Failure } from "@/components/ui/mutate";
import type { TokenRecord, UserRecord } from "@/lib/ops/port";
import { formatClock, formatDateTime } from "@/lib/format/time";
import { am, isAdminMessage, nameOf, type AdminMessage, type NameGroup } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import type { AuditRecord } from "@/lib/twin/source";
import { DOMAINS, type LocalizedText } from "@/lib/twin/types";

type User = Pick<UserRecord, "id" | "username" | "role" | "domains" | "oidc" | "disabled" | "lockedUntil">;
type Token = TokenRecord;

const input = inputClass;
const button = buttonClass;
const primary = primaryClass;

/** Fields whose values are identifiers the screen can name (in Chinese; English shows them as they are). */
const VALUE_NAMES: Record<string, NameGroup> = { role: "role", kind: "kind", domains: "domain", scope: "domain", state: "state" };

/** One value of a change: `own` is text the product wrote (a name it translates), else what a person or the system entered. */
interface ChangeValue {
  text: string;
  own: boolean;
}

/** One changed field: its name, its value before (absent for a new record) and after. */
export interface Change {
  field: string;
  before?: ChangeValue;
  after: ChangeValue;
}

/** The fields an action changed (all fields of a record without a before), named in this language. */
export function changeList(before: unknown, after: unknown, locale: Locale = "en"): Change[] {
  const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {});
  const b = obj(before);
  const a = obj(after);
  const show = (k: string, v: unknown): ChangeValue => {
    const group = VALUE_NAMES[k];
    const name = (x: string) => (group ? nameOf(locale, group, x) : x);
    if (v === null || v === undefined) return { text: "–", own: true };
    if (typeof v === "string") return { text: name(v), own: group !== undefined };
    if (typeof v === "boolean") return { text: am(locale, v ? "yes" : "no"), own: true };
    if (locale === "zh" && Array.isArray(v) && v.every((x) => typeof x === "string")) return { text: v.length ? v.map(name).join("、") : "–", own: group !== undefined };
    return { text: JSON.stringify(v), own: false };
  };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.map((k) => ({ field: nameOf(locale, "field", k), ...(k in b ? { before: show(k, b[k]) } : {}), after: show(k, a[k]) }));
}

const SEPARATORS: Record<Locale, [colon: string, semicolon: string]> = { en: [": ", "; "], zh: ["：", "；"] };

/** "field: before → after" for the fields an action changed, as one line of text. */
export function changes(before: unknown, after: unknown, locale: Locale = "en"): string {
  const [colon, semicolon] = SEPARATORS[locale];
  return changeList(before, after, locale)
    .map((c) => `${c.field}${colon}${c.before ? `${c.before.text} → ` : ""}${c.after.text}`)
    .join(semicolon);
}

/**
 * The changes of one audit record. What a person typed (a wall's name, a comment) or the system
 * generated (a pairing code) is isolated in `<bdi>`: it is in whatever language it was written in.
 */
export function ChangeCell({ before, after, locale }: { before: unknown; after: unknown; locale: Locale }) {
  const [colon, semicolon] = SEPARATORS[locale];
  const value = (v: ChangeValue) => (v.own ? v.text : <bdi>{v.text}</bdi>);
  return changeList(before, after, locale).map((c, i) => (
    <span key={i}>
      {i > 0 ? semicolon : null}
      {c.field}
      {colon}
      {c.before ? (
        <>
          {value(c.before)}
          {" → "}
        </>
      ) : null}
      {value(c.after)}
    </span>
  ));
}

/**
 * The message for a failed change. English shows the server's own detail, which names the value at
 * fault; Chinese names the problem by its code (the detail is English), the fields by their names.
 */
export function failureText(f: Failure, locale: Locale): string {
  const key = `error.${f.code ?? (f.status === 0 ? "network" : "")}`;
  const fields = [...new Set(f.errors.map((e) => nameOf(locale, "field", e.parameter)))].join(locale === "zh" ? "、" : ", ");
  const ours = locale === "zh" || f.detail === undefined;
  // A validation error without the fields at fault says no more than the generic text below.
  if (isAdminMessage(key) && ours && (key !== "error.invalid_body" || fields !== "")) return am(locale, key, { fields });
  const raw = [f.detail ?? `HTTP ${f.status}`, ...f.errors.map((e) => `${e.parameter}: ${e.message}`)].join(" ");
  return locale === "en" ? raw : am(locale, "errorOther", { detail: raw });
}

/** What the last change did: kept as a message key or a failure, so it follows a language switch. */
type Notice = { key: AdminMessage; vars: Record<string, string> } | { failure: Failure };

const UTC = "UTC";
/** "24 Nov 14:05 UTC" / "11月24日 14:05 UTC". */
const time = (ms: number | null, locale: Locale) => (ms === null ? "–" : `${formatDateTime(ms, UTC, locale)} UTC`);
/** The audit trail's time, to the second: "24 Nov 14:05:09" / "11月24日 14:05:09" (UTC). */
const stamp = (iso: string, locale: Locale) => `${formatDateTime(iso, UTC, locale)}:${formatClock(iso, UTC, locale, true).slice(-2)}`;

export interface AdminConsoleProps {
  locale: Locale;
  renderedAt: number;
  me: string;
  csrf: string;
  users: User[];
  tokens: Token[];
  audit: AuditRecord[];
  boards: { id: string; title: LocalizedText }[];
  /** More sections (notifications), shown before the audit trail. */
  children?: ReactNode;
  /** More sections shown after the messages (the walls: components/admin/wall-admin.tsx). */
  extra?: ReactNode;
}

export function AdminConsole(props: AdminConsoleProps) {
  const { locale } = props;
  const router = useRouter();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const m = (key: AdminMessage, vars?: Record<string, string>) => am(locale, key, vars);
  const domainName = (d: string) => nameOf(locale, "domain", d);
  // English shows board ids, like the other identifiers; Chinese their titles.
  const boardName = (id: string) => (locale === "zh" ? (props.boards.find((b) => b.id === id)?.title.zh ?? id) : id);
  const list = (names: string[]) => names.join(locale === "zh" ? "、" : ", ");

  const call = csrfCaller(props.csrf);

  async function run(e: FormEvent<HTMLFormElement> | null, fn: () => Promise<void>) {
    e?.preventDefault();
    setNotice(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setNotice({
        failure: failureFrom(err),
      });
    }
  }

  const createUser = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    return run(e, async () => {
      await call("POST", "/api/admin/users", {
        username: String(d.get("username")),
        role: String(d.get("role")),
        domains: d.getAll("domains").map(String),
        password: String(d.get("password")),
      });
      form.reset();
      setNotice({ key: "accountCreated", vars: { username: String(d.get("username")) } });
    });
  };

  const issueToken = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    const kind = String(d.get("kind"));
    return run(e, async () => {
      const body =
        kind === "device"
          ? { kind, name: String(d.get("name")), boards: d.getAll("boards").map(String) }
          : { kind, name: String(d.get("name")), domains: d.getAll("domains").map(String) };
      const r = (await call("POST", "/api/admin/tokens", body)) as { token: string };
      setSecret(r.token);
      form.reset();
    });
  };

  return (
    <main id="main" lang={locale === "zh" ? "zh-Hans" : "en"} className="mx-auto flex max-w-6xl flex-col gap-8 p-6 text-fg">
      <ConsoleHeader locale={locale} path="/admin" title={m("title")} back={m("back")} signedIn={m("signedInAs", { name: props.me })} />
      {notice && (
        <p role="status" data-testid="admin-message" className="rounded border border-line bg-surface-2 p-3 text-sm">
          {"key" in notice ? m(notice.key, notice.vars) : failureText(notice.failure, locale)}
        </p>
      )}

      {props.extra}

      <section aria-labelledby="users-h" className="flex flex-col gap-3">
        <h2 id="users-h" className="text-lg font-semibold">
          {m("people")}
        </h2>
        <ConsoleTable testId="admin-users" head={[m("colAccount"), m("colRole"), m("colDomains"), m("colSignIn"), m("colState"), ""]}>
          {props.users.map((u) => (
            <tr key={u.id} className="border-t border-line">
              <td className="py-1.5 font-medium">{u.username}</td>
              <td>{nameOf(locale, "role", u.role)}</td>
              <td>{u.role === "viewer" ? list(u.domains.map(domainName)) : m("all")}</td>
              <td>{u.oidc ? m("viaSso") : m("viaPassword")}</td>
              <td>
                {u.disabled
                  ? m("userDisabled")
                  : u.lockedUntil && u.lockedUntil > props.renderedAt
                    ? m("lockedUntil", { time: time(u.lockedUntil, locale) })
                    : m("userActive")}
              </td>
              <td className="flex justify-end gap-2 py-1">
                {!u.oidc && (
                  <form
                    className="flex gap-1"
                    onSubmit={(e) => {
                      const form = e.currentTarget;
                      const password = String(new FormData(form).get("password"));
                      void run(e, async () => {
                        await call("PATCH", `/api/admin/users/${u.id}`, { password });
                        form.reset();
                        setNotice({ key: "passwordSet", vars: { username: u.username } });
                      });
                    }}
                  >
                    <input
                      name="password"
                      type="password"
                      required
                      minLength={12}
                      autoComplete="new-password"
                      aria-label={m("newPasswordFor", { username: u.username })}
                      placeholder={m("newPasswordPlaceholder")}
                      className={`${input} w-36`}
                    />
                    <button type="submit" className={button}>
                      {m("setPassword")}
                    </button>
                  </form>
                )}
                {u.username !== props.me && (
                  <button
                    type="button"
                    className={button}
                    onClick={() =>
                      void run(null, async () => void (await call("PATCH", `/api/admin/users/${u.id}`, { disabled: !u.disabled })))
                    }
                  >
                    {u.disabled ? m("enable") : m("disable")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ConsoleTable>
        <form onSubmit={createUser} className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3">
          <label className="flex flex-col gap-1 text-sm">
            {m("username")}
            <input name="username" required pattern="[A-Za-z0-9._@-]{2,64}" className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            {m("role")}
            <select name="role" className={input} defaultValue="viewer">
              {(["viewer", "operator", "admin"] as const).map((r) => (
                <option key={r} value={r}>
                  {nameOf(locale, "role", r)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="flex gap-2 text-sm">
            <legend className="mb-1">{m("domainsViewers")}</legend>
            {DOMAINS.map((d) => (
              <label key={d} className="flex items-center gap-1">
                <input type="checkbox" name="domains" value={d} /> {domainName(d)}
              </label>
            ))}
          </fieldset>
          <label className="flex flex-col gap-1 text-sm">
            {m("initialPassword")}
            <input name="password" type="password" required minLength={12} autoComplete="new-password" className={input} />
          </label>
          <button type="submit" className={primary}>
            {m("createAccount")}
          </button>
        </form>
      </section>

      <section aria-labelledby="tokens-h" className="flex flex-col gap-3">
        <h2 id="tokens-h" className="text-lg font-semibold">
          {m("tokens")}
        </h2>
        {secret && (
          <div role="status" className="rounded border border-accent p-3 text-sm">
            <p className="mb-1 font-semibold">{m("newToken")}</p>
            <code data-testid="admin-new-token" className="block font-mono break-all select-all">
              {secret}
            </code>
          </div>
        )}
        <ConsoleTable
          testId="admin-tokens"
          head={[m("colName"), m("colKind"), m("colScope"), m("colIssued"), m("colLastUsed"), m("colState"), ""]}
          empty={props.tokens.length === 0 ? m("noTokens") : null}
        >
          {props.tokens.map((tk) => (
            <tr key={tk.id} className="border-t border-line">
              <td className="py-1.5 font-medium">
                <bdi>{tk.name}</bdi>
              </td>
              <td>{nameOf(locale, "kind", tk.kind)}</td>
              <td>{tk.scope.length ? list(tk.scope.map(tk.kind === "device" ? boardName : domainName)) : m("all")}</td>
              <td>{m("issuedBy", { time: time(tk.createdAt, locale), name: tk.createdBy })}</td>
              <td>{time(tk.lastUsedAt, locale)}</td>
              <td>{tk.revokedAt ? m("revokedAt", { time: time(tk.revokedAt, locale) }) : m("tokenActive")}</td>
              <td className="text-right">
                {!tk.revokedAt && (
                  <button
                    type="button"
                    className={button}
                    onClick={() => void run(null, async () => void (await call("DELETE", `/api/admin/tokens/${tk.id}`)))}
                  >
                    {m("revoke")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ConsoleTable>
        <form onSubmit={issueToken} className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3">
          <label className="flex flex-col gap-1 text-sm">
            {m("kind")}
            <select name="kind" className={input} defaultValue="device">
              <option value="device">{m("kindDeviceOption")}</option>
              <option value="feed">{m("kindFeedOption")}</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            {m("name")}
            <input name="name" required maxLength={80} className={input} placeholder={m("namePlaceholder")} />
          </label>
          <fieldset className="flex flex-wrap gap-2 text-sm">
            <legend className="mb-1">{m("boardsDevices")}</legend>
            {props.boards.map((b) => (
              <label key={b.id} className="flex items-center gap-1">
                <input type="checkbox" name="boards" value={b.id} /> {boardName(b.id)}
              </label>
            ))}
          </fieldset>
          <fieldset className="flex gap-2 text-sm">
            <legend className="mb-1">{m("domainsFeeds")}</legend>
            {DOMAINS.map((d) => (
              <label key={d} className="flex items-center gap-1">
                <input type="checkbox" name="domains" value={d} /> {domainName(d)}
              </label>
            ))}
          </fieldset>
          <button type="submit" className={primary}>
            {m("issueToken")}
          </button>
        </form>
      </section>

      {props.children}

      <section aria-labelledby="audit-h" className="flex flex-col gap-3">
        <h2 id="audit-h" className="text-lg font-semibold">
          {m("audit")}
        </h2>
        <p className="text-sm text-muted">{m("auditIntro")}</p>
        <div className="max-h-[60vh] overflow-auto rounded border border-line" tabIndex={0}>
          <ConsoleTable
            testId="admin-audit"
            head={[m("colSeq"), m("colWhen"), m("colWho"), m("colAction"), m("colTarget"), m("colChanges")]}
            small
            sticky
            empty={props.audit.length === 0 ? m("noAudit") : null}
          >
            {props.audit.map((r) => {
              const action = nameOf(locale, "action", r.action);
              return (
                <tr key={r.seq} className="border-t border-line align-top">
                  <td className="tabular px-2 py-1">{r.seq}</td>
                  <td className="tabular whitespace-nowrap">
                    <time dateTime={r.at}>{stamp(r.at, locale)}</time>
                  </td>
                  <td>
                    {r.actor} <span className="text-muted">({nameOf(locale, "role", r.role)})</span>
                  </td>
                  <td className="font-medium">
                    {action}
                    {/* The identifier too where it is named: it is what the API and the logs say. */}
                    {action !== r.action && <code className="block font-normal text-muted">{r.action}</code>}
                  </td>
                  <td className="max-w-64 break-all">
                    <bdi>{r.target}</bdi>
                  </td>
                  <td className="max-w-96 break-words">
                    <ChangeCell before={r.before} after={r.after} locale={locale} />
                  </td>
                </tr>
              );
            })}
          </ConsoleTable>
        </div>
      </section>
    </main>
  );
}

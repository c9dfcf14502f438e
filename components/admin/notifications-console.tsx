"use client";
/**
 * The notifications section of the admin screen: channels (create, send a test, delete), routing
 * rules (which alarms go to which channels, escalation of unacknowledged critical alarms), and the
 * outbox of deliveries with failures kept visible and a retry. Changes go to the admin API with
 * the session's CSRF token, then the page re-renders from the server; while a delivery is still
 * on its way the page refreshes every few seconds. In English or 简体中文.
 */
import { SEVERITY_NAME } from "@/lib/i18n/severity";
import { alertRuleName } from "@/domains";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { failureText } from "@/components/admin/admin-console";
import { ConsoleTable } from "@/components/ui/console";
import { csrfCaller, failureFrom, type Failure } from "@/components/ui/mutate";
import { formatDateTime } from "@/lib/format/time";
import { nameOf } from "@/lib/i18n/admin-messages";
import { pick, type Locale } from "@/lib/i18n/locale";
import { nm, type NotifyMessage } from "@/lib/i18n/notify-messages";
import { TEST_IDS } from "@/lib/test-ids";
import { CHANNEL_KINDS, type ChannelRecord, type DeliveryRecord, type RuleRecord } from "@/lib/notify/schemas";
import { ALERT_SEVERITIES, DOMAINS, type AlertSeverity, type LocalizedText } from "@/lib/twin/types";

const input = "rounded border border-line bg-bg px-2 py-1.5 text-sm";
const button = "min-h-8 rounded border border-line px-3 text-sm hover:bg-surface-2";
const primary = "min-h-8 rounded bg-accent px-3 text-sm font-semibold text-bg";
/** Refresh while a delivery is pending or sending (ms). */
const REFRESH_MS = 2_000;

export interface NotificationsConsoleProps {
  locale: Locale;
  csrf: string;
  channels: ChannelRecord[];
  rules: RuleRecord[];
  deliveries: DeliveryRecord[];
  alertRules: string[];
  districts: { id: string; name: LocalizedText }[];
}

type Notice = { key: NotifyMessage; vars: Record<string, string> } | { failure: Failure };

export function NotificationsConsole(props: NotificationsConsoleProps) {
  const { locale } = props;
  const router = useRouter();
  const [notice, setNotice] = useState<Notice | null>(null);
  const m = (key: NotifyMessage, vars?: Record<string, string | number>) => nm(locale, key, vars);
  const list = (names: string[]) => (names.length ? names.join(locale === "zh" ? "、" : ", ") : m("any"));
  const channelName = (id: string) => props.channels.find((c) => c.id === id)?.name ?? id;
  const severityName = (s: string) => (s in SEVERITY_NAME ? SEVERITY_NAME[s as AlertSeverity][locale] : s);
  // A rule by the name the registry gives it; its code stays in the title for those who route by code.
  const ruleName = (id: string) => {
    const n = alertRuleName(id);
    return n ? pick(n, locale) : id;
  };
  const districtName = (id: string) => props.districts.find((d) => d.id === id)?.name[locale] ?? id;
  const busy = props.deliveries.some((d) => d.status === "pending" || d.status === "sending");

  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [busy, router]);

  const call = csrfCaller(props.csrf);

  async function run(e: FormEvent<HTMLFormElement> | null, fn: () => Promise<Notice | null>) {
    e?.preventDefault();
    setNotice(null);
    try {
      setNotice(await fn());
      router.refresh();
    } catch (err) {
      const failure = failureFrom(err);
      setNotice({ failure });
    }
  }

  const createChannel = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    const kind = String(d.get("kind"));
    const secret = String(d.get("secret") ?? "").trim();
    const base = { kind, name: String(d.get("name")), locale: String(d.get("locale")) };
    const body =
      kind === "email"
        ? {
            ...base,
            to: String(d.get("to") ?? "")
              .split(/[,\s]+/)
              .filter(Boolean),
          }
        : { ...base, url: String(d.get("url")), ...(secret && kind !== "wecom" ? { secret } : {}) };
    return run(e, async () => {
      await call("POST", "/api/admin/notifications/channels", body);
      form.reset();
      return { key: "channelCreated", vars: { name: base.name } };
    });
  };

  const createRule = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const d = new FormData(form);
    const minutes = String(d.get("escalateAfterMinutes") ?? "").trim();
    const body = {
      name: String(d.get("name")),
      domains: d.getAll("domains").map(String),
      severities: d.getAll("severities").map(String),
      alertRules: d.getAll("alertRules").map(String),
      districts: d.getAll("districts").map(String),
      channels: d.getAll("channels").map(String),
      escalateAfterMinutes: minutes ? Number(minutes) : null,
      escalationChannels: d.getAll("escalationChannels").map(String),
    };
    return run(e, async () => {
      await call("POST", "/api/admin/notifications/rules", body);
      form.reset();
      return { key: "ruleCreated", vars: { name: body.name } };
    });
  };

  const checkboxes = (name: string, values: readonly string[], label: (v: string) => string) =>
    values.map((v) => (
      <label key={v} className="flex items-center gap-1">
        <input type="checkbox" name={name} value={v} /> {label(v)}
      </label>
    ));

  return (
    <section aria-labelledby="notify-h" className="flex flex-col gap-4" data-testid={TEST_IDS.adminNotifications}>
      <h2 id="notify-h" className="text-lg font-semibold">
        {m("title")}
      </h2>
      <p className="text-sm text-muted">{m("intro")}</p>
      {notice && (
        <p role="status" data-testid={TEST_IDS.adminNotifyMessage} className="rounded border border-line bg-surface-2 p-3 text-sm">
          {"key" in notice ? m(notice.key, notice.vars) : failureText(notice.failure, locale)}
        </p>
      )}

      <h3 className="font-semibold">{m("channels")}</h3>
      <ConsoleTable
        testId={TEST_IDS.adminNotifyChannels}
        head={[m("colName"), m("colKind"), m("colLanguage"), m("colTarget"), m("colSigned"), ""]}
        empty={props.channels.length === 0 ? m("none") : null}
      >
        {props.channels.map((c) => (
          <tr key={c.id} className="border-t border-line">
            <td className="py-1.5 font-medium">
              <bdi>{c.name}</bdi>
            </td>
            <td>{m(`kind.${c.kind}`)}</td>
            <td>{m(`lang.${c.locale}`)}</td>
            <td className="max-w-80 break-all">{c.kind === "email" ? c.to.join(", ") : c.url}</td>
            <td>{c.hasSecret ? m("yes") : m("no")}</td>
            <td className="flex justify-end gap-2 py-1">
              <button
                type="button"
                className={button}
                onClick={() =>
                  void run(null, async () => {
                    const r = (await call("POST", `/api/admin/notifications/channels/${c.id}/test`)) as { delivery: number };
                    return { key: "testQueued", vars: { id: String(r.delivery) } };
                  })
                }
              >
                {m("sendTest")}
              </button>
              <button
                type="button"
                className={button}
                onClick={() => void run(null, async () => (await call("DELETE", `/api/admin/notifications/channels/${c.id}`), null))}
              >
                {m("delete")}
              </button>
            </td>
          </tr>
        ))}
      </ConsoleTable>
      <form
        onSubmit={createChannel}
        className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3"
        data-testid={TEST_IDS.adminNotifyChannelForm}
      >
        <label className="flex flex-col gap-1 text-sm">
          {m("kind")}
          <select name="kind" className={input} defaultValue="webhook">
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {m(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {m("name")}
          <input name="name" required maxLength={80} className={input} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {m("language")}
          <select name="locale" className={input} defaultValue={locale}>
            <option value="en">{m("lang.en")}</option>
            <option value="zh">{m("lang.zh")}</option>
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {m("url")}
          <input name="url" type="url" maxLength={2000} className={`${input} w-80`} placeholder="https://" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {m("secret")}
          <input name="secret" type="password" autoComplete="off" maxLength={512} className={input} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {m("to")}
          <input name="to" className={`${input} w-64`} />
        </label>
        <button type="submit" className={primary}>
          {m("createChannel")}
        </button>
      </form>

      <h3 className="font-semibold">{m("rules")}</h3>
      <ConsoleTable
        testId={TEST_IDS.adminNotifyRules}
        head={[m("colName"), m("colFilters"), m("colChannels"), m("colEscalation"), ""]}
        empty={props.rules.length === 0 ? m("none") : null}
      >
        {props.rules.map((r) => (
          <tr key={r.id} className="border-t border-line align-top">
            <td className="py-1.5 font-medium">
              <bdi>{r.name}</bdi>
            </td>
            <td>
              {m("domains")}: {list(r.domains.map((d) => nameOf(locale, "domain", d)))}; {m("severities")}:{" "}
              {list(r.severities.map(severityName))}; {m("alertRules")}: {list(r.alertRules.map(ruleName))}; {m("districts")}:{" "}
              {list(r.districts.map(districtName))}
            </td>
            <td>{list(r.channels.map(channelName))}</td>
            <td>
              {r.escalateAfterMinutes === null
                ? "–"
                : m("escalateAfter", { minutes: r.escalateAfterMinutes, channels: list(r.escalationChannels.map(channelName)) })}
            </td>
            <td className="text-right">
              <button
                type="button"
                className={button}
                onClick={() => void run(null, async () => (await call("DELETE", `/api/admin/notifications/rules/${r.id}`), null))}
              >
                {m("delete")}
              </button>
            </td>
          </tr>
        ))}
      </ConsoleTable>
      <form onSubmit={createRule} className="flex flex-wrap items-end gap-3 rounded border border-line bg-surface p-3">
        <label className="flex flex-col gap-1 text-sm">
          {m("name")}
          <input name="name" required maxLength={80} className={input} />
        </label>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1">{m("domains")}</legend>
          {checkboxes("domains", DOMAINS, (d) => nameOf(locale, "domain", d))}
        </fieldset>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1">{m("severities")}</legend>
          {checkboxes("severities", ALERT_SEVERITIES, severityName)}
        </fieldset>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1">{m("alertRules")}</legend>
          {checkboxes("alertRules", props.alertRules, ruleName)}
        </fieldset>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1">{m("districts")}</legend>
          {checkboxes(
            "districts",
            props.districts.map((d) => d.id),
            districtName,
          )}
        </fieldset>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1">{m("ruleChannels")}</legend>
          {checkboxes(
            "channels",
            props.channels.map((c) => c.id),
            channelName,
          )}
        </fieldset>
        <label className="flex flex-col gap-1 text-sm">
          {m("escalateMinutes")}
          <input name="escalateAfterMinutes" type="number" min={1} max={1440} className={`${input} w-24`} />
        </label>
        <fieldset className="flex flex-wrap gap-2 text-sm">
          <legend className="mb-1">{m("escalationChannels")}</legend>
          {checkboxes(
            "escalationChannels",
            props.channels.map((c) => c.id),
            channelName,
          )}
        </fieldset>
        <button type="submit" className={primary}>
          {m("createRule")}
        </button>
      </form>

      <h3 className="font-semibold">{m("deliveries")}</h3>
      <p className="text-sm text-muted">{m("deliveriesIntro")}</p>
      <div className="max-h-[50vh] overflow-auto rounded border border-line" tabIndex={0} aria-label={m("deliveries")}>
        <ConsoleTable
          testId={TEST_IDS.adminNotifyDeliveries}
          head={[
            m("colId"),
            m("colUpdated"),
            m("colChannel"),
            m("colWhy"),
            m("colAlarm"),
            m("colStatus"),
            m("colAttempts"),
            m("colError"),
            "",
          ]}
          small
          sticky
          empty={props.deliveries.length === 0 ? m("none") : null}
        >
          {props.deliveries.map((d) => (
            <tr key={d.id} className="border-t border-line align-top" data-delivery={d.id} data-status={d.status}>
              <td className="tabular px-2 py-1">{d.id}</td>
              <td className="tabular whitespace-nowrap">{`${formatDateTime(d.updatedAt, "UTC", locale)} UTC`}</td>
              <td>{channelName(d.channelId)}</td>
              <td>{m(`why.${d.kind}`)}</td>
              <td className="max-w-64 break-all">{d.alertId ?? "–"}</td>
              <td className={d.status === "failed" ? "font-semibold text-critical" : undefined}>{m(`status.${d.status}`)}</td>
              <td className="tabular">{d.attempts}</td>
              <td className="max-w-80 break-words">{d.lastError ?? "–"}</td>
              <td className="text-right">
                {d.status === "failed" && (
                  <button
                    type="button"
                    className={button}
                    onClick={() =>
                      void run(null, async () => (await call("POST", `/api/admin/notifications/deliveries/${d.id}/retry`), null))
                    }
                  >
                    {m("retry")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ConsoleTable>
      </div>
    </section>
  );
}

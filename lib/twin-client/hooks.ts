"use client";
/**
 * One SWR hook per twin endpoint, keyed by the canonical URLs of `keys.ts` (the same keys the
 * Server Component seeds through `fallback`), and `useTwinEvents`, the one EventSource of a page.
 * Panels call these hooks; they never call `useSWR` themselves.
 */
import { createContext, createElement, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import useSWR, { useSWRConfig, type SWRConfiguration } from "swr";
import { heartbeatServerMs } from "@/lib/views/overview/clock";
import {
  Coalescer,
  initialConnection,
  needsCatchUp,
  nextConnection,
  staleKeyMatcher,
  type ConnectionModel,
} from "@/lib/views/overview/live";
import type { Alert, Domain } from "@/lib/twin/types";
import { fillKpis, fillLatest, revalidateMatching, type LiveKpiFields, type LiveLatestFields } from "./revalidate";
import { alertStatsKey, alertsKey, assetClustersKey, assetKey, assigneesKey, assetsKey, districtValuesKey, eventsUrl, kpisKey, rankKey, seriesKey } from "./keys";
import type {
  AlertFilter,
  AlertStatsResponse,
  AlertsQuery,
  AlertsResponse,
  AssigneesResponse,
  AssetDetailResponse,
  AssetClustersQuery,
  AssetClustersResponse,
  AssetsQuery,
  AssetsResponse,
  DistrictValuesQuery,
  DistrictValuesResponse,
  KpisQuery,
  KpisResponse,
  Problem,
  RankQuery,
  RankResponse,
  SeriesQuery,
  SeriesResponse,
} from "./schemas";

/** A failed API call, carrying the problem envelope the API answered with. */
export class TwinApiError extends Error {
  override name = "TwinApiError";
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

/**
 * A person whose session ended (expired, signed out elsewhere, account disabled) goes back to
 * sign-in, once, and returns here afterwards. A wall keeps its last data and says it is not
 * live instead: nobody stands in front of it to sign in.
 */
function sessionEnded(): void {
  if (typeof window === "undefined" || window.location.pathname.startsWith("/wall")) return;
  const w = window as Window & { __twinopsSignIn?: boolean };
  if (w.__twinopsSignIn) return;
  w.__twinopsSignIn = true;
  const next = window.location.pathname + window.location.search;
  // A full load on purpose: the page must be rendered again for the new session.
  window.location.assign(new URL(`/signin?next=${encodeURIComponent(next)}`, window.location.origin).href);
}

async function fetchOne<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (res.status === 401) sessionEnded();
  if (!res.ok) {
    let problem: Problem;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = { type: "about:blank", title: res.statusText || "Request failed", status: res.status, code: "http_error", detail: `HTTP ${res.status}` };
    }
    throw new TwinApiError(problem);
  }
  return (await res.json()) as T;
}

/** SWR fetcher: a URL, or a list of URLs fetched together (for sets of series). */
export function twinFetcher<T>(key: string | readonly string[]): Promise<T> {
  if (typeof key === "string") return fetchOne<T>(key);
  return Promise.all(key.map((k) => fetchOne<unknown>(k))) as Promise<T>;
}

/** Options every twin hook shares: keep showing the last data while a new key loads. */
const LIVE: SWRConfiguration = {
  keepPreviousData: true,
  // The server rendered the page from the same keys a moment ago (SWR `fallback`): refetching
  // them all on mount would double the work of a page load. Events and the poll keep them fresh.
  revalidateIfStale: false,
  // Safety net when events are missed; the SSE stream normally triggers refreshes much sooner.
  refreshInterval: 60_000,
  // A panel that fails keeps its last good data; SWR keeps `data` beside `error`.
  shouldRetryOnError: true,
  errorRetryInterval: 10_000,
};

/**
 * Per-panel tuning set by a container (the wall sets it from its board config); pages that set
 * nothing keep the defaults above and in PanelFrame.
 */
export interface LiveTuning {
  /** Poll interval of the panel's hooks (ms), the floor that holds when pushes stop. */
  refreshMs?: number;
  /** Overrides the frame's own staleness limit (seconds). */
  staleAfterSeconds?: number;
  /** Mark data stale while its refresh fails: it can no longer be confirmed current. */
  staleOnError?: boolean;
  /** Mark data stale regardless of age (e.g. the live stream is lost). */
  forceStale?: boolean;
}

const LiveTuningContext = createContext<LiveTuning>({});

export function LiveTuningProvider({ value, children }: { value: LiveTuning; children: ReactNode }) {
  return createElement(LiveTuningContext.Provider, { value }, children);
}

export function useLiveTuning(): LiveTuning {
  return useContext(LiveTuningContext);
}

function useLiveOptions(base: SWRConfiguration = LIVE): SWRConfiguration {
  const { refreshMs } = useContext(LiveTuningContext);
  return refreshMs ? { ...base, refreshInterval: refreshMs, errorRetryInterval: Math.min(refreshMs, 10_000) } : base;
}

const ASSETS_LIVE: SWRConfiguration = { ...LIVE, refreshInterval: 120_000 };

export function useKpis(q: KpisQuery | null = {}) {
  return useSWR<KpisResponse, TwinApiError>(q ? kpisKey(q) : null, twinFetcher, useLiveOptions());
}

export function useSeries(q: SeriesQuery | null) {
  return useSWR<SeriesResponse, TwinApiError>(q ? seriesKey(q) : null, twinFetcher, useLiveOptions());
}

export function useAlerts(q: AlertsQuery = {}) {
  return useSWR<AlertsResponse, TwinApiError>(alertsKey(q), twinFetcher, useLiveOptions());
}

/** Time to acknowledge and to resolve over an alert filter. */
export function useAlertStats(q: AlertFilter) {
  return useSWR<AlertStatsResponse, TwinApiError>(alertStatsKey(q), twinFetcher, useLiveOptions());
}

/** The accounts an alert may be assigned to (null: not needed yet, e.g. the dialog is closed). */
export function useAssignees(domain: Domain | null) {
  return useSWR<AssigneesResponse, TwinApiError>(domain ? assigneesKey(domain) : null, twinFetcher, { revalidateOnFocus: false });
}

/** A metric in every district at an instant (null: nothing to ask yet). */
export function useDistrictValues(q: DistrictValuesQuery | null) {
  return useSWR<DistrictValuesResponse, TwinApiError>(q ? districtValuesKey(q) : null, twinFetcher, useLiveOptions());
}

/** Assets of a type ranked by one datastream's value. */
export function useRank(q: RankQuery | null) {
  return useSWR<RankResponse, TwinApiError>(q ? rankKey(q) : null, twinFetcher, useLiveOptions());
}

/** `null` asks for nothing (a layer the caller may not read or the board does not show). */
export function useAssets(q: AssetsQuery | null = {}) {
  return useSWR<AssetsResponse, TwinApiError>(q ? assetsKey(q) : null, twinFetcher, useLiveOptions(ASSETS_LIVE));
}

/**
 * A dense layer's assets aggregated for one map view (city scale); `null` asks for nothing. Keeps
 * the previous view's answer while the next loads, so a pan never blanks the layer.
 */
export function useAssetClusters(q: AssetClustersQuery | null) {
  return useSWR<AssetClustersResponse, TwinApiError>(q ? assetClustersKey(q) : null, twinFetcher, useLiveOptions(ASSETS_LIVE));
}

export function useAsset(id: string | null) {
  return useSWR<AssetDetailResponse, TwinApiError>(id ? assetKey(id) : null, twinFetcher, useLiveOptions());
}

export interface TwinEventsState {
  connection: ConnectionModel;
  /** Time of the newest data the stream told us about (ISO 8601), if any. */
  lastDataAt: string | null;
  /**
   * The server's wall time from the latest heartbeat and the browser's `Date.now()` when it
   * arrived: what the twin clock of the page is corrected against (see overview/clock.ts).
   */
  serverClock: { serverMs: number; browserMs: number } | null;
}

/** Refresh window per key: a burst of events costs at most one refetch per key. */
const COALESCE_MS = 2000;
/**
 * Observations arrive every simulator tick for every domain; charts have 15-minute buckets, so
 * refetching series more often than this only burns server CPU.
 */
const OBSERVATION_COALESCE_MS = 10_000;
const TICK_MS = 5000;

/**
 * Opens ONE EventSource to the twin's events and keeps SWR data fresh from it: a `kpi` event
 * carrying its domain's figures fills the `/kpis` keys it can, other events revalidate the keys
 * they affect (coalesced), a recovery after a loss refetches everything.
 * Call it once per page (the live provider does); read its state through context.
 */
export function useTwinEvents(domains?: readonly Domain[]): TwinEventsState {
  const { mutate, cache } = useSWRConfig();
  const [state, setState] = useState<TwinEventsState>(() => ({
    connection: initialConnection(Date.now()),
    lastDataAt: null,
    serverClock: null,
  }));
  const modelRef = useRef<ConnectionModel>(state.connection);
  const domainsKey = domains?.join(",") ?? "";

  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let reopenDelay = 2000;
    let disposed = false;
    // The browser resends Last-Event-ID only on its own reconnects; when we reopen after it gave
    // up, the id goes in the URL so the server replays what was missed.
    let lastEventId: string | null = null;
    const track = (e: Event) => {
      const id = (e as MessageEvent).lastEventId;
      if (id) lastEventId = id;
    };

    // Each coalesced "key" is a matcher id; the refetch runs SWR's filter over its whole cache.
    const matchers = new Map<string, (k: string) => boolean>();
    /** A lean observation event (values not carried) waits for its refetch. */
    let leanPending = false;
    const coalescer = new Coalescer(COALESCE_MS, (id) => {
      const match = matchers.get(id);
      if (!match) return;
      void revalidateMatching(mutate, match);
    });
    const slow = new Coalescer(OBSERVATION_COALESCE_MS, (id) => {
      const match = matchers.get(id);
      // Gone once run: a later event's keys then stand alone (see the observation listener).
      matchers.delete(id);
      leanPending = false;
      if (match) void revalidateMatching(mutate, match);
    });
    const invalidate = (id: string, match: (k: string) => boolean) => {
      matchers.set(id, match);
      (id.startsWith("observation") ? slow : coalescer).request(id);
    };

    const apply = (input: Parameters<typeof nextConnection>[1], lastDataAt?: string) => {
      const prev = modelRef.current;
      const next = nextConnection(prev, input);
      modelRef.current = next;
      if (needsCatchUp(prev, next)) invalidate("all", (k) => k.startsWith("/api/twin/v1/"));
      // The backoff starts over once something came through, not when a socket merely opened.
      if (next.state === "live") reopenDelay = 2000;
      if (next !== prev || lastDataAt) {
        setState((s) => ({ ...s, connection: next, lastDataAt: lastDataAt ?? s.lastDataAt }));
      }
    };

    const open = () => {
      if (disposed) return;
      const lastId = lastEventId !== null && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
      source = new EventSource(
        eventsUrl({ ...(domainsKey ? { domains: domainsKey.split(",") as Domain[] } : {}), lastEventId: lastId }),
      );
      source.onopen = () => apply({ type: "open", at: Date.now() });
      source.onerror = () => {
        apply({ type: "error", at: Date.now() });
        // CLOSED means the browser gave up (e.g. a 5xx); retry ourselves with backoff.
        if (source && source.readyState === EventSource.CLOSED) {
          source.close();
          source = null;
          // The stream also ends when the caller's session or token does: ask who we are, and a
          // 401 sends a person back to sign-in (a wall keeps retrying and shows it is offline).
          void fetchOne("/api/auth/me").catch(() => undefined);
          // Jitter spreads the reconnects of many walls after a server restart.
          reopenTimer = setTimeout(() => {
            reopenTimer = null;
            open();
          }, reopenDelay * (0.75 + Math.random() * 0.5));
          reopenDelay = Math.min(reopenDelay * 2, 60_000);
        }
      };
      source.addEventListener("observation", (e) => {
        track(e);
        let data: { asOf?: string; domains?: Domain[] } & Partial<LiveLatestFields> = {};
        try {
          data = JSON.parse((e as MessageEvent<string>).data) as typeof data;
        } catch {
          data = {};
        }
        apply({ type: "message", at: Date.now() }, data.asOf);
        // The event carries the latest values it wrote: `/latest` and asset keys are filled in
        // place; series and what cannot be filled are refetched (coalesced) as before. Not while
        // a lean event's refetch is pending: the values it wrote never reached this page.
        const pending = matchers.get("observation");
        const rest =
          data.latest && data.valuesAsOf && !leanPending
            ? fillLatest(cache, mutate, data.domains, { latest: data.latest, valuesAsOf: data.valuesAsOf })
            : staleKeyMatcher({ type: "observation", domains: data.domains });
        if (!data.latest) leanPending = true;
        // One pending refetch for all observation events, holding every key they left to refetch.
        invalidate("observation", pending ? (k) => pending(k) || rest(k) : rest);
      });
      source.addEventListener("alert", (e) => {
        track(e);
        apply({ type: "message", at: Date.now() });
        try {
          const alert = JSON.parse((e as MessageEvent<string>).data) as Alert;
          invalidate(`alert:${alert.domain}`, staleKeyMatcher({ type: "alert", domain: alert.domain }));
          // The asset's status follows its alerts (observation events fill its values, no refetch).
          const asset = assetKey(alert.assetId);
          invalidate(`asset:${asset}`, (k) => k === asset);
        } catch {
          invalidate("alerts", (k) => k.startsWith("/api/twin/v1/alerts"));
        }
      });
      source.addEventListener("kpi", (e) => {
        track(e);
        let data: { domain?: Domain; asOf?: string } & Partial<LiveKpiFields> = {};
        try {
          data = JSON.parse((e as MessageEvent<string>).data) as typeof data;
        } catch {
          data = {};
        }
        apply({ type: "message", at: Date.now() }, data.asOf);
        if (data.domain && data.values && data.valuesAsOf) {
          // The event carries the domain's figures: they go straight into the keys they fill;
          // only keys they cannot (an instant, a district) are refetched.
          invalidate(`kpi-rest:${data.domain}`, fillKpis(cache, mutate, data.domain, { values: data.values, valuesAsOf: data.valuesAsOf }));
        } else if (data.domain) invalidate(`kpi:${data.domain}`, staleKeyMatcher({ type: "kpi", domain: data.domain }));
        else invalidate("kpi", (k) => k.startsWith("/api/twin/v1/kpis"));
      });
      // Heartbeats may come as named events or plain messages; both prove the line is alive.
      const beat = (e: Event) => {
        const at = Date.now();
        apply({ type: "message", at });
        const serverMs = heartbeatServerMs((e as MessageEvent<unknown>).data);
        if (serverMs !== null) setState((s) => ({ ...s, serverClock: { serverMs, browserMs: at } }));
      };
      source.addEventListener("heartbeat", beat);
      source.addEventListener("ping", beat);
      // The server could not replay what we missed (it restarted, or the gap is too old): refetch.
      source.addEventListener("reset", () => {
        apply({ type: "message", at: Date.now() });
        invalidate("all", (k) => k.startsWith("/api/twin/v1/"));
      });
      source.onmessage = () => apply({ type: "message", at: Date.now() });
    };

    open();
    const tick = setInterval(() => {
      apply({ type: "tick", at: Date.now() });
      // Heartbeats stopped but the socket still looks open (a half-open TCP line can stay so for
      // hours): drop it and reconnect ourselves, with the last event id for replay.
      if (modelRef.current.state === "offline" && source?.readyState === EventSource.OPEN && !reopenTimer) {
        source.close();
        source = null;
        reopenTimer = setTimeout(() => {
          reopenTimer = null;
          open();
        }, reopenDelay * (0.75 + Math.random() * 0.5));
        reopenDelay = Math.min(reopenDelay * 2, 60_000);
      }
    }, TICK_MS);
    return () => {
      disposed = true;
      clearInterval(tick);
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
      coalescer.dispose();
      slow.dispose();
    };
  }, [mutate, cache, domainsKey]);

  return state;
}

"use client";
/** Who is signed in, their API tokens, a link to administration for admins, and sign-out (a plain form POST). */
import { useView } from "@/components/live/view-context";
import { nameOf } from "@/lib/i18n/admin-messages";
import { at } from "@/lib/i18n/auth-messages";

export function SessionMenu() {
  const { session, locale } = useView();
  if (!session || session.kind !== "user") return null;
  return (
    <div data-testid="session-menu" className="flex items-center gap-2 text-xs text-muted">
      <span>
        <span className="font-medium text-fg" data-testid="session-user">
          {session.name}
        </span>{" "}
        ({nameOf(locale, "role", session.role)})
      </span>
      <a href={locale === "zh" ? "/account/tokens?lang=zh" : "/account/tokens"} className="inline-flex min-h-6 items-center underline-offset-2 hover:text-fg hover:underline">
        {at(locale, "apiTokens")}
      </a>
      {session.role === "admin" && (
        <a href={locale === "zh" ? "/admin?lang=zh" : "/admin"} className="inline-flex min-h-6 items-center underline-offset-2 hover:text-fg hover:underline">
          {at(locale, "administration")}
        </a>
      )}
      <form method="post" action="/api/auth/signout">
        <input type="hidden" name="csrf" value={session.csrf ?? ""} />
        <button type="submit" className="min-h-6 underline-offset-2 hover:text-fg hover:underline">
          {at(locale, "signOut")}
        </button>
      </form>
    </div>
  );
}

import "server-only";
/** Whether the city's OpenID Connect sign-in is configured (TWINOPS_OIDC_ISSUER and client id). */
export function oidcConfigured(): boolean {
  return Boolean(process.env.TWINOPS_OIDC_ISSUER && process.env.TWINOPS_OIDC_CLIENT_ID);
}

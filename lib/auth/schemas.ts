/**
 * Request bodies of the admin API (accounts and tokens). Names people read later (display
 * names, token names) lose control and bidi control characters first (lib/security/text.ts).
 */
import { z } from "zod";
import { freeText } from "@/lib/security/text";
import { DOMAINS } from "@/lib/twin/types";
import { ROLES } from "./roles";

const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, "letters, digits and . _ @ - only");

export const CreateUserSchema = z
  .object({
    username: Username,
    displayName: freeText().trim().min(1).max(100).optional(),
    role: z.enum(ROLES),
    domains: z.array(z.enum(DOMAINS)).max(DOMAINS.length).optional(),
    password: z.string().min(12, "must be at least 12 characters").max(256),
  })
  .strict()
  .refine((u) => u.role !== "viewer" || (u.domains?.length ?? 0) > 0, { message: "a viewer needs at least one domain", path: ["domains"] });

export const UpdateUserSchema = z
  .object({
    role: z.enum(ROLES).optional(),
    domains: z.array(z.enum(DOMAINS)).max(DOMAINS.length).optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(12, "must be at least 12 characters").max(256).optional(),
  })
  .strict();

export const UserParamsSchema = z.object({ id: z.uuid() });
export const TokenParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9]{12}$/, "is not a token id") });

export const IssueTokenSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("device"),
      name: freeText().trim().min(1).max(80),
      boards: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).min(1).max(20),
    })
    .strict(),
  z
    .object({
      kind: z.literal("feed"),
      name: freeText().trim().min(1).max(80),
      domains: z.array(z.enum(DOMAINS)).max(DOMAINS.length).optional(),
    })
    .strict(),
]);

/** A board list: the first is shown, several rotate (a playlist). */
const BoardsSchema = z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).min(1).max(20);

/** POST /api/admin/walls/pair: the code a wall shows, a name for the wall, its boards. */
export const PairWallSchema = z
  .object({
    code: z.string().min(1).max(20),
    name: freeText().trim().min(1).max(80),
    boards: BoardsSchema,
  })
  .strict();

/** PATCH /api/admin/tokens/{id}: other boards for a wall's device token. */
export const TokenScopeSchema = z.object({ boards: BoardsSchema }).strict();

/** POST /api/auth/device/pair/claim: the secret the wall got with its code. */
export const PairClaimSchema = z.object({ secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict();

/** Longest a personal read token may be issued for. */
export const READ_TOKEN_MAX_DAYS = 366;

/** A person's own read token: a name and, optionally, when it stops working (in the future, within a year). */
export const CreateReadTokenSchema = z
  .object({
    name: freeText().trim().min(1).max(80),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((s) => Date.parse(s))
      .refine((ms) => ms > Date.now(), "must be in the future")
      .refine((ms) => ms <= Date.now() + READ_TOKEN_MAX_DAYS * 86400_000, `must be within ${READ_TOKEN_MAX_DAYS} days`)
      .optional(),
  })
  .strict();

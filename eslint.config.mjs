import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import importPlugin from "eslint-plugin-import";

/** Server-only layers that client code may reference for types only. */
const serverLayers = {
  group: ["@/lib/twin/*", "!@/lib/twin/types", "!@/lib/twin/levels", "@/lib/city/*", "!@/lib/city/types", "@/lib/views/*/server", "@/lib/twin-client/server", "@/lib/public/*", "@/domains/server", "@/domains/sim", "@/domains/*/simulator"],
  message: "Client code must not import the server-only twin layer; use the API through a hook.",
  allowTypeImports: true,
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // No import cycles in lib/: a cycle is how a type module ends up pulling an implementation.
    // (Limited to lib/, where the layers are: over the whole tree the rule costs a minute.)
    files: ["lib/**/*.ts"],
    plugins: { import: importPlugin },
    settings: { "import/resolver": { typescript: true, node: true } },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // Port and type modules describe contracts: they import types only, never an implementation.
    files: ["lib/twin/source.ts", "lib/twin/types.ts", "lib/city/types.ts", "lib/ops/port.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        // Except the domain registry (pure data): DOMAINS and ASSET_TYPES derive from it.
        { patterns: [{ group: ["*", "@/*", "./*", "../*", "!@/domains"], message: "A port or type module imports types only.", allowTypeImports: true }] },
      ],
    },
  },
  {
    // Layer boundaries: components never import app/, and never the server-only twin layer.
    files: ["components/**/*.{ts,tsx}", "lib/**/hooks.ts", "lib/**/keys.ts", "lib/format/**", "lib/i18n/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/app/*", "../app/*", "../../app/*"], message: "components/ and lib/ must not import app/." },
            serverLayers,
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/**/hooks.ts", "lib/**/keys.ts", "lib/format/**", "lib/i18n/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*"], message: "lib/ must not import app/ or components/." }] },
      ],
    },
  },
]);

import { defineConfig } from 'drizzle-kit'

// Generates SQL migrations only. They are applied at run time by the app's own migrator, because
// drizzle-kit cannot open an encrypted database.
export default defineConfig({
  dialect: 'sqlite',
  schema: './drizzle/schema.ts',
  out: './drizzle',
})

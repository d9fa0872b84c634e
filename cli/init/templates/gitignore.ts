// The scaffold's .gitignore: installed packages, the dev stack's state, and local secrets stay out of git.

export const gitignore = (): string => `node_modules/
# The dev stack's PostgreSQL data, Temporal history and logs.
.sluice/
# Local settings and secrets (DATABASE_URL, TEMPORAL_API_KEY, ...).
.env
`;

-- Previews (`sluice preview`) are recorded as runs, so the sweeper keeps their tables while they live; the
-- flag keeps them out of what real runs count, such as the partitions a backfill finds already loaded.
ALTER TABLE sluice.runs ADD COLUMN preview boolean NOT NULL DEFAULT false;

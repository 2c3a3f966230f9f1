-- A desktop agent run keeps its whole setup (limits, granted folders, collection, temperature) as JSON, so that it
-- can be run again with the same settings. Runs of `loupe agent` leave it null: their header columns say enough.
ALTER TABLE agent_trace ADD COLUMN setup_json CHARACTER VARYING;
